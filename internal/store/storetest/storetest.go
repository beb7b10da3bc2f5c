// Package storetest gives tests a fresh, migrated Debrief database on each
// backend the store supports: an embedded SQLite file and, when one is
// reachable, PostgreSQL. Every database it creates is dropped or removed
// when the test ends.
//
// PostgreSQL is found at $DEBRIEF_TEST_DATABASE_URL (default
// postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable); the URL must
// allow CREATE DATABASE. When it is unreachable, PostgreSQL cases are
// skipped, unless DEBRIEF_TEST_POSTGRES=require, which makes them fail.
//
// The PostgreSQL cases run once more through a PgBouncer in transaction
// mode, as on Fly.io's Managed Postgres, found at
// $DEBRIEF_TEST_PGBOUNCER_URL (default
// postgres://postgres@127.0.0.1:6432/postgres?sslmode=disable; .ci/pgbouncer
// starts one). It must pass every database through to the PostgreSQL above
// (a "*" entry in its [databases]): each test database is created and
// migrated directly, then used through the pooler. When it is unreachable
// those cases are skipped, unless DEBRIEF_TEST_PGBOUNCER=require.
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

// DefaultPgBouncerURL is used when DEBRIEF_TEST_PGBOUNCER_URL is unset.
const DefaultPgBouncerURL = "postgres://postgres@127.0.0.1:6432/postgres?sslmode=disable"

// Options are the store options Open uses. The store's own clock (rows an
// admin creates) reads clocktest.Start, never the wall clock.
var Options = store.Options{DefaultTimeZone: "America/New_York", DefaultLanguage: debrief.English, Now: clocktest.Start}

// Backend is a kind of database the store runs on.
type Backend struct {
	Name string // "postgres", "pgbouncer" or "sqlite", for t.Run
	// NewURL creates a database for the test and returns the URL
	// store.Open takes; it skips the test if the backend is unavailable.
	// The database is empty, except through PgBouncer, where it is
	// migrated already (migrations cannot run through the pooler; Migrate
	// there only checks).
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
		driver, url = "pgx", readerURL(url)
	}
	db, err := sql.Open(driver, url)
	if err != nil {
		t.Fatalf("open %s for reading: %v", b.Name, err)
	}
	t.Cleanup(func() { db.Close() })
	return st, db
}

// Backends returns every backend, PostgreSQL first, then PostgreSQL
// through PgBouncer. Each runs a test on all of them; run a case in
// t.Run(b.Name, ...) so an unavailable server skips only its cases.
func Backends(t testing.TB) []Backend {
	t.Helper()
	return append(PostgresBackends(t), Backend{Name: "sqlite", NewURL: SQLiteURL})
}

// PostgresBackends returns PostgreSQL, directly and through PgBouncer, for
// the tests of what only PostgreSQL does (group commit).
func PostgresBackends(t testing.TB) []Backend {
	t.Helper()
	return []Backend{
		{Name: "postgres", NewURL: PostgresURL},
		{Name: "pgbouncer", NewURL: PgBouncerURL},
	}
}

// Each runs f once for every backend of Backends, each in a parallel
// subtest named by the backend ("postgres", "pgbouncer", "sqlite"), so
// -run 'TestX/postgres' picks one. A backend whose server is unreachable
// skips only its subtest, when f opens it, and says why; with
// DEBRIEF_TEST_POSTGRES=require or DEBRIEF_TEST_PGBOUNCER=require (as in
// CI) it fails instead.
//
//	func TestSave(t *testing.T) {
//		t.Parallel()
//		storetest.Each(t, func(t *testing.T, b storetest.Backend) {
//			s := b.Open(t)
//			...
//		})
//	}
func Each(t *testing.T, f func(t *testing.T, b Backend)) {
	t.Helper()
	EachOf(t, Backends(t), f)
}

// EachOf is Each over the given backends, such as PostgresBackends(t) for
// what only PostgreSQL does.
func EachOf(t *testing.T, backends []Backend, f func(t *testing.T, b Backend)) {
	t.Helper()
	for _, b := range backends {
		t.Run(b.Name, func(t *testing.T) {
			t.Parallel()
			f(t, b)
		})
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
	return newPostgresDatabase(t).String()
}

// PgBouncerURL creates a PostgreSQL database as PostgresURL does, migrates
// it directly, and returns its URL through PgBouncer in transaction mode,
// with default_query_exec_mode=cache_describe, so that the store (see its pooler.go)
// and any other pgx connection a test opens on it keep no statement on the
// server.
func PgBouncerURL(t testing.TB) string {
	t.Helper()
	pooled, direct := PgBouncerDatabase(t)
	ctx := context.Background()
	s, err := store.Open(ctx, direct, Options)
	if err != nil {
		t.Fatalf("open %s to migrate it: %v", redact(direct), err)
	}
	err = s.Migrate(ctx)
	if cerr := s.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		t.Fatalf("migrate %s: %v", redact(direct), err)
	}
	u, err := url.Parse(pooled)
	if err != nil {
		t.Fatalf("parse %s: %v", redact(pooled), err)
	}
	q := u.Query()
	q.Set("default_query_exec_mode", "cache_describe")
	u.RawQuery = q.Encode()
	return u.String()
}

// PgBouncerDatabase creates an empty PostgreSQL database, dropped when the
// test ends, and returns its URL through PgBouncer, as an operator would be
// given it (a store opened on it needs Options.TransactionPooler), and its
// direct URL. It skips the test when PgBouncer is unreachable, unless
// DEBRIEF_TEST_PGBOUNCER=require.
func PgBouncerDatabase(t testing.TB) (pooled, direct string) {
	t.Helper()
	pooler := pgBouncerURL()
	if err := pgBouncerReachable(pooler); err != nil {
		if os.Getenv("DEBRIEF_TEST_PGBOUNCER") == "require" {
			t.Fatalf("PgBouncer at %s is required (DEBRIEF_TEST_PGBOUNCER=require) but unreachable: %v", redact(pooler), err)
		}
		t.Skipf("skipping PgBouncer: %s unreachable (%v); start one with .ci/pgbouncer or set DEBRIEF_TEST_PGBOUNCER_URL, or DEBRIEF_TEST_PGBOUNCER=require to fail instead", redact(pooler), err)
	}
	db := newPostgresDatabase(t)
	u, err := url.Parse(pooler)
	if err != nil {
		t.Fatalf("parse %s: %v", redact(pooler), err)
	}
	u.Path = db.Path
	return u.String(), db.String()
}

// newPostgresDatabase creates an empty database, dropped when the test ends,
// and returns its direct URL.
func newPostgresDatabase(t testing.TB) *url.URL {
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
	return u
}

func pgBouncerURL() string {
	if u := os.Getenv("DEBRIEF_TEST_PGBOUNCER_URL"); u != "" {
		return u
	}
	return DefaultPgBouncerURL
}

// readerURL is a store's PostgreSQL URL for a plain pgx connection: without
// the pgxpool settings, which PostgreSQL would take for its own.
func readerURL(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return raw
	}
	q := u.Query()
	for k := range q {
		if strings.HasPrefix(k, "pool_") {
			q.Del(k)
		}
	}
	u.RawQuery = q.Encode()
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
	if _, err := url.Parse(admin); err != nil {
		return nil, fmt.Errorf("parse %s: %w", redact(admin), err)
	}
	return pgx.Connect(ctx, readerURL(admin))
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

// reachability of PgBouncer, checked once per test binary.
var (
	bouncerOnce sync.Once
	bouncerErr  error
)

// pgBouncerReachable reports whether PostgreSQL answers through PgBouncer
// at pooler.
func pgBouncerReachable(pooler string) error {
	bouncerOnce.Do(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
		defer cancel()
		conn, err := connect(ctx, pooler)
		if err != nil {
			bouncerErr = err
			return
		}
		defer conn.Close(ctx)
		bouncerErr = conn.Ping(ctx)
	})
	return bouncerErr
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
