package store

import (
	"context"
	"fmt"
	"io/fs"

	"github.com/pressly/goose/v3"
	"github.com/pressly/goose/v3/lock"

	"github.com/debrief-sms/debrief/migrations"
)

// Migrate applies the embedded migrations that are not applied yet; it is
// a no-op on an up-to-date database. On PostgreSQL it holds an advisory
// lock while it works, so instances starting at once take turns.
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
	if _, err := provider.Up(ctx); err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	return nil
}
