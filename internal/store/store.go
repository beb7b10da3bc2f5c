// Package store keeps Debrief's volunteers, teams, conversations, reports,
// planned 1:1s, follow-ups, messages, the organizers' web sign-ins and
// sessions, and the pushes of reports to NationBuilder (nb_pushes, written
// by a trigger with each completed report) in PostgreSQL or in an embedded
// SQLite file. It is an adapter: it decides nothing about the
// conversation, it only loads the state conversation.Step needs and saves
// what Step returned, atomically.
//
// The webhook's hot path (Load and Save) is explicit SQL: on PostgreSQL one
// round trip each through pgx, Save as a single data-modifying statement; on
// SQLite a short write transaction. Plain CRUD goes through GORM.
package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/glebarez/sqlite"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/jackc/pgx/v5/stdlib"
	"gorm.io/driver/postgres"
	"gorm.io/gorm"
	"gorm.io/gorm/logger"

	"github.com/debrief-sms/debrief"
)

// DefaultSQLitePath is the embedded database used when no URL is given.
const DefaultSQLitePath = "debrief.db"

// Sentinel errors of Save.
var (
	// ErrConflict reports that the conversation changed since it was
	// loaded: another text from the same phone was saved first. The caller
	// loads again and re-runs the step.
	ErrConflict = errors.New("conversation changed since it was loaded")
	// ErrDuplicate reports that the inbound MessageSid is already stored:
	// Twilio retried a webhook that was handled.
	ErrDuplicate = errors.New("message already stored")
	// ErrUnknownReport reports a report that is not stored.
	ErrUnknownReport = errors.New("no such report")
	// ErrClosed reports a Save made as the store closed: nothing of it
	// was stored.
	ErrClosed = errors.New("store closed")
)

// Options are the defaults the store applies to what it creates.
type Options struct {
	DefaultTimeZone string           // IANA name given to a new volunteer
	DefaultLanguage debrief.Language // language given to a new volunteer
	// Now is the clock for rows created outside a step (a new volunteer,
	// a team made by an admin); time.Now when nil. Writes made for a
	// caller with a clock of its own (the scheduler, the status webhook)
	// never read it: they stamp the time they are given, their argument
	// at, so one clock rules what a caller writes.
	Now func() time.Time
	// TransactionPooler says that a PostgreSQL URL goes through a
	// connection pooler in transaction mode, such as PgBouncer's
	// pool_mode = transaction: no statement is kept on the server, and
	// Migrate only checks (see pooler.go).
	TransactionPooler bool
}

// Store is Debrief's database. It is safe for concurrent use.
type Store struct {
	opts Options
	gdb  *gorm.DB
	sql  *sql.DB
	pg   *pgxpool.Pool // nil on SQLite
	// pooled reports a database behind a transaction pooler (see
	// pooler.go): Migrate only checks.
	pooled bool
	// saves batches Saves on PostgreSQL; nil on SQLite.
	saves *saveBatcher
}

// Open connects to databaseURL: "" is the embedded SQLite file debrief.db,
// a postgres:// or postgresql:// URL is PostgreSQL (pgxpool settings such as
// pool_max_conns may be added to it; see pooler.go for PgBouncer), and
// anything else is a SQLite path or DSN. Open does not migrate; call
// Migrate.
func Open(ctx context.Context, databaseURL string, opts Options) (*Store, error) {
	if opts.DefaultTimeZone == "" {
		opts.DefaultTimeZone = "UTC"
	}
	if opts.DefaultLanguage == "" {
		opts.DefaultLanguage = debrief.English
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if _, err := time.LoadLocation(opts.DefaultTimeZone); err != nil {
		return nil, fmt.Errorf("open store: default time zone: %w", err)
	}
	if isPostgres(databaseURL) {
		return openPostgres(ctx, databaseURL, opts)
	}
	if databaseURL == "" {
		databaseURL = DefaultSQLitePath
	}
	return openSQLite(ctx, databaseURL, opts)
}

func isPostgres(url string) bool {
	return strings.HasPrefix(url, "postgres://") || strings.HasPrefix(url, "postgresql://")
}

// The pool keeps pgxpool's default number of connections to PostgreSQL
// (the number of CPUs, at least 4) unless the URL's pool_max_conns says
// otherwise. Saves use one of them at a time (see saveWorkers); a Load
// holds one for one round trip, so a few connections serve many concurrent
// texts, and more only make PostgreSQL's backends fight for the CPUs.
// Measured with cmd/debrief-load/compare.sh (five alternating runs each,
// 16 senders, 2 CPUs), before Saves were batched: 16 connections -> 4,
// p99 23.0 -> 17.7 ms, PostgreSQL CPU per text 0.38 -> 0.30 ms, the same
// throughput; the follow-up dispatch benchmark kept its rate.

func openPostgres(ctx context.Context, url string, opts Options) (*Store, error) {
	cfg, err := pgxpool.ParseConfig(url)
	if err != nil {
		return nil, fmt.Errorf("open postgres: %w", err)
	}
	pooled := behindTransactionPooler(cfg.ConnConfig, opts)
	if pooled {
		cfg.ConnConfig.DefaultQueryExecMode = execModeBehindPooler(cfg.ConnConfig.DefaultQueryExecMode)
	}
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("open postgres: %w", err)
	}
	sqlDB := stdlib.OpenDBFromPool(pool)
	gdb, err := gorm.Open(postgres.New(postgres.Config{Conn: sqlDB}), gormConfig(opts))
	if err != nil {
		sqlDB.Close()
		pool.Close()
		return nil, fmt.Errorf("open postgres: %w", err)
	}
	saves := newSaveBatcher(pool, saveWorkers, maxSaveBatch)
	return &Store{opts: opts, gdb: gdb, sql: sqlDB, pg: pool, saves: saves, pooled: pooled}, nil
}

// openSQLite opens one connection: SQLite has a single writer anyway, and
// with one connection the process never waits on its own locks. WAL lets
// other processes (a backup, sqlite3 at a prompt) read meanwhile, and
// _txlock=immediate takes the write lock at BEGIN so a second process
// waits (busy_timeout) instead of failing mid-transaction.
func openSQLite(ctx context.Context, dsn string, opts Options) (*Store, error) {
	sep := "?"
	if strings.Contains(dsn, "?") {
		sep = "&"
	}
	dsn += sep + "_pragma=foreign_keys(1)&_pragma=journal_mode(WAL)&_pragma=busy_timeout(10000)" +
		"&_pragma=synchronous(NORMAL)&_txlock=immediate"
	sqlDB, err := sql.Open(sqlite.DriverName, dsn)
	if err != nil {
		return nil, fmt.Errorf("open sqlite: %w", err)
	}
	sqlDB.SetMaxOpenConns(1)
	if err := sqlDB.PingContext(ctx); err != nil {
		sqlDB.Close()
		return nil, fmt.Errorf("open sqlite %s: %w", dsn, err)
	}
	gdb, err := gorm.Open(&sqlite.Dialector{Conn: sqlDB}, gormConfig(opts))
	if err != nil {
		sqlDB.Close()
		return nil, fmt.Errorf("open sqlite: %w", err)
	}
	return &Store{opts: opts, gdb: gdb, sql: sqlDB}, nil
}

func gormConfig(opts Options) *gorm.Config {
	return &gorm.Config{
		NowFunc:                func() time.Time { return opts.Now().UTC() },
		Logger:                 logger.Discard,
		SkipDefaultTransaction: true,
		// No prepared statements of GORM's own: behind a transaction
		// pooler they would outlive their transaction (pooler.go).
		PrepareStmt: false,
	}
}

// Close releases the database connections.
func (s *Store) Close() error {
	if s.saves != nil {
		s.saves.close()
	}
	err := s.sql.Close()
	if s.pg != nil {
		s.pg.Close()
	}
	if err != nil {
		return fmt.Errorf("close store: %w", err)
	}
	return nil
}

// Ping checks that the database answers, for /readyz.
func (s *Store) Ping(ctx context.Context) error {
	if err := s.sql.PingContext(ctx); err != nil {
		return fmt.Errorf("ping database: %w", err)
	}
	return nil
}

// now returns the store's clock in UTC, the zone every stored time is in.
func (s *Store) now() time.Time { return s.opts.Now().UTC() }
