// Package storetest gives tests a fresh, migrated Debrief database on each
// backend the store supports: an embedded SQLite file and, when one is
// reachable, PostgreSQL. Every database it creates is dropped or removed
// when the test ends.
//
// PostgreSQL is found at $DEBRIEF_TEST_DATABASE_URL (default
// postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable); the URL must
// allow CREATE DATABASE. When it is unreachable, PostgreSQL cases are
// skipped, unless DEBRIEF_TEST_POSTGRES=require, which makes them fail.
package storetest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/glebarez/sqlite"
	"github.com/jackc/pgx/v5"
	_ "github.com/jackc/pgx/v5/stdlib" // the pgx driver of OpenWithDB's handle

	"github.com/debrief-sms/debrief"
	"github.com/debrief-sms/debrief/internal/clocktest"
	"github.com/debrief-sms/debrief/internal/store"
)

// DefaultPostgresURL is used when DEBRIEF_TEST_DATABASE_URL is unset.
const DefaultPostgresURL = "postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable"

// Options are the store options Open uses. The store's own clock (rows an
// admin creates) reads clocktest.Start, never the wall clock.
var Options = store.Options{DefaultTimeZone: "America/New_York", DefaultLanguage: debrief.English, Now: clocktest.Start}

// Backend is a kind of database the store runs on.
type Backend struct {
	Name string // "postgres" or "sqlite", for t.Run
	// NewURL creates an empty database for the test and returns the URL
	// store.Open takes; it skips the test if the backend is unavailable.
	NewURL func(t testing.TB) string
}

// Open returns a store on a fresh, migrated database of this backend,
// closed when the test ends.
func (b Backend) Open(t testing.TB) *store.Store {
	t.Helper()
	return open(t, b.NewURL(t))
}

// OpenWithDB is Open, plus a second handle on the same database for the
// test to read what was stored without going through the store; both are
// closed when the test ends. Queries take $1-style placeholders on both
// backends.
func (b Backend) OpenWithDB(t testing.TB) (*store.Store, *sql.DB) {
	t.Helper()
	url := b.NewURL(t)
	st := open(t, url)
	driver := sqlite.DriverName
	if strings.HasPrefix(url, "postgres") {
		driver = "pgx"
	}
	db, err := sql.Open(driver, url)
	if err != nil {
		t.Fatalf("open %s for reading: %v", b.Name, err)
	}
	t.Cleanup(func() { db.Close() })
	return st, db
}

// Backends returns every backend, PostgreSQL first. Run each case in
// t.Run(b.Name, ...) so an unavailable PostgreSQL skips only its cases.
func Backends(t testing.TB) []Backend {
	t.Helper()
	return []Backend{
		{Name: "postgres", NewURL: PostgresURL},
		{Name: "sqlite", NewURL: SQLiteURL},
	}
}

// OpenPostgres returns a store on a fresh, migrated PostgreSQL database.
func OpenPostgres(t testing.TB) *store.Store {
	t.Helper()
	return open(t, PostgresURL(t))
}

// OpenSQLite returns a store on a fresh, migrated SQLite file.
func OpenSQLite(t testing.TB) *store.Store {
	t.Helper()
	return open(t, SQLiteURL(t))
}

func open(t testing.TB, url string) *store.Store {
	t.Helper()
	ctx := context.Background()
	s, err := store.Open(ctx, url, Options)
	if err != nil {
		t.Fatalf("open store: %v", err)
	}
	t.Cleanup(func() {
		if err := s.Close(); err != nil {
			t.Errorf("close store: %v", err)
		}
	})
	if err := s.Migrate(ctx); err != nil {
		t.Fatalf("migrate: %v", err)
	}
	return s
}

// SQLiteURL returns the path of a new SQLite file in the test's temporary
// directory.
func SQLiteURL(t testing.TB) string {
	t.Helper()
	return filepath.Join(t.TempDir(), "debrief.db")
}

// PostgresURL creates an empty PostgreSQL database named after the test
// binary's package, dropped when the test ends, and returns its URL.
func PostgresURL(t testing.TB) string {
	t.Helper()
	admin := adminURL()
	if err := reachable(admin); err != nil {
		if os.Getenv("DEBRIEF_TEST_POSTGRES") == "require" {
			t.Fatalf("PostgreSQL at %s is required (DEBRIEF_TEST_POSTGRES=require) but unreachable: %v", redact(admin), err)
		}
		t.Skipf("skipping PostgreSQL: %s unreachable (%v); set DEBRIEF_TEST_DATABASE_URL, or DEBRIEF_TEST_POSTGRES=require to fail instead", redact(admin), err)
	}
	name := databaseName()
	ctx := context.Background()
	if err := adminExec(ctx, admin, "CREATE DATABASE "+name); err != nil {
		t.Fatalf("create test database: %v", err)
	}
	t.Cleanup(func() {
		if err := adminExec(context.Background(), admin, "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)"); err != nil {
			t.Errorf("drop test database %s: %v", name, err)
		}
	})
	u, err := url.Parse(admin)
	if err != nil {
		t.Fatalf("parse %s: %v", redact(admin), err)
	}
	u.Path = "/" + name
	return u.String()
}

func adminURL() string {
	if u := os.Getenv("DEBRIEF_TEST_DATABASE_URL"); u != "" {
		return u
	}
	return DefaultPostgresURL
}

// connect opens a single connection to admin, leaving out the pgxpool
// settings (pool_max_conns...) the URL may carry for the store.
func connect(ctx context.Context, admin string) (*pgx.Conn, error) {
	u, err := url.Parse(admin)
	if err != nil {
		return nil, fmt.Errorf("parse %s: %w", redact(admin), err)
	}
	q := u.Query()
	for k := range q {
		if strings.HasPrefix(k, "pool_") {
			q.Del(k)
		}
	}
	u.RawQuery = q.Encode()
	return pgx.Connect(ctx, u.String())
}

// reachability of the admin URL, checked once per test binary.
var (
	reachOnce sync.Once
	reachErr  error
)

// reachable reports whether PostgreSQL answers at admin.
func reachable(admin string) error {
	reachOnce.Do(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
		defer cancel()
		conn, err := connect(ctx, admin)
		if err != nil {
			reachErr = err
			return
		}
		defer conn.Close(ctx)
		reachErr = conn.Ping(ctx)
	})
	return reachErr
}

func adminExec(ctx context.Context, admin, sql string) error {
	ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	conn, err := connect(ctx, admin)
	if err != nil {
		return err
	}
	defer conn.Close(ctx)
	_, err = conn.Exec(ctx, sql)
	return err
}

var notIdent = regexp.MustCompile(`[^a-z0-9_]+`)

// databaseName is debrief_test_<package>_<random>, a valid identifier.
func databaseName() string {
	pkg := strings.TrimSuffix(filepath.Base(os.Args[0]), ".test")
	pkg = notIdent.ReplaceAllString(strings.ToLower(pkg), "_")
	if len(pkg) > 30 {
		pkg = pkg[:30]
	}
	b := make([]byte, 6)
	rand.Read(b)
	return fmt.Sprintf("debrief_test_%s_%s", pkg, hex.EncodeToString(b))
}

// redact hides a password in a database URL.
func redact(s string) string {
	u, err := url.Parse(s)
	if err != nil {
		return "the test database URL"
	}
	return u.Redacted()
}
