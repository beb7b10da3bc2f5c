package store

import (
	"context"
	"errors"
	"fmt"
	"io/fs"

	"github.com/pressly/goose/v3"
	"github.com/pressly/goose/v3/lock"

	"github.com/debrief-sms/debrief/migrations"
)

// ErrMigrateThroughPooler reports migrations pending on a store opened
// through a transaction pooler, which cannot apply them.
var ErrMigrateThroughPooler = errors.New("migrations pending, and they cannot run through a transaction pooler: migrate through a direct URL")

// Migrate applies the embedded migrations that are not applied yet; it is
// a no-op on an up-to-date database. On PostgreSQL it holds an advisory
// lock while it works, so instances starting at once take turns.
//
// That lock is a session lock, which a transaction pooler cannot keep (the
// lock and its release may land on different server connections, leaving
// it held by a connection nobody uses), so behind one (see pooler.go)
// Migrate applies nothing: it returns nil when the database is up to date
// and ErrMigrateThroughPooler when it is not.
//
// Either way it then folds the search text of rows that have none
// (FoldSearch), which migration 00015 cannot do in SQL.
func (s *Store) Migrate(ctx context.Context) error {
	dialect, dir := goose.DialectSQLite3, "sqlite"
	var opts []goose.ProviderOption
	if s.pg != nil {
		dialect, dir = goose.DialectPostgres, "postgres"
		// Probe the lock every second for up to five minutes.
		locker, err := lock.NewPostgresSessionLocker(lock.WithLockTimeout(1, 300))
		if err != nil {
			return fmt.Errorf("migrate: %w", err)
		}
		opts = append(opts, goose.WithSessionLocker(locker))
	}
	fsys, err := fs.Sub(migrations.FS, dir)
	if err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	provider, err := goose.NewProvider(dialect, s.sql, fsys, opts...)
	if err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	if s.pooled {
		// HasPending takes no lock.
		pending, err := provider.HasPending(ctx)
		if err != nil {
			return fmt.Errorf("migrate: check for pending migrations: %w", err)
		}
		if pending {
			return fmt.Errorf("migrate: %w", ErrMigrateThroughPooler)
		}
		return s.foldLeft(ctx)
	}
	if _, err := provider.Up(ctx); err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	return s.foldLeft(ctx)
}

// foldLeft folds the search text of the rows that have none (see
// FoldSearch): behind a pooler too, as it needs no session.
func (s *Store) foldLeft(ctx context.Context) error {
	if _, err := s.FoldSearch(ctx); err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	return nil
}
