package store_test

import (
	"context"
	"database/sql"
	"io/fs"
	"testing"

	_ "github.com/glebarez/go-sqlite" // database/sql driver "sqlite"
	_ "github.com/jackc/pgx/v5/stdlib"
	"github.com/pressly/goose/v3"

	"github.com/debrief-sms/debrief/internal/store/storetest"
	"github.com/debrief-sms/debrief/migrations"
)

// TestMigratePlansKeepsFollowups applies the migrations before 00009 to a
// database with follow-ups in it (a reminder, its nudge pointing at it, an
// overdue one), then 00009, and checks that every row and link is kept,
// the overdue one stamped overdue_at, the plan kinds accepted; then down
// and up again. On SQLite 00009 rebuilds the table (a CHECK cannot change).
func TestMigratePlansKeepsFollowups(t *testing.T) {
	t.Parallel()
	for _, b := range []struct {
		name        string
		dialect     goose.Dialect
		dir, driver string
		url         func(testing.TB) string
	}{
		{"sqlite", goose.DialectSQLite3, "sqlite", "sqlite", func(t testing.TB) string {
			return storetest.SQLiteURL(t) + "?_pragma=foreign_keys(1)"
		}},
		{"postgres", goose.DialectPostgres, "postgres", "pgx", storetest.PostgresURL},
	} {
		t.Run(b.name, func(t *testing.T) {
			t.Parallel()
			ctx := context.Background()
			db, err := sql.Open(b.driver, b.url(t))
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			db.SetMaxOpenConns(1) // as the store does on SQLite: the pragmas are the connection's
			fsys, err := fs.Sub(migrations.FS, b.dir)
			if err != nil {
				t.Fatal(err)
			}
			p, err := goose.NewProvider(b.dialect, db, fsys)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := p.UpTo(ctx, 8); err != nil {
				t.Fatal(err)
			}
			exec := func(q string, args ...any) {
				t.Helper()
				if _, err := db.ExecContext(ctx, q, args...); err != nil {
					t.Fatalf("%s: %v", q, err)
				}
			}
			at := "2026-11-24 17:00:00"
			exec(`INSERT INTO volunteers (id, phone, name, language, time_zone, role, created_at, updated_at)
				VALUES (1, '+16175550100', 'Ana', 'en', 'America/New_York', 'volunteer', $1, $1)`, at)
			exec(`INSERT INTO reports (id, volunteer_id, seq, status, started_at, updated_at) VALUES (1, 1, 1, 'complete', $1, $1)`, at)
			exec(`INSERT INTO followups (id, report_id, volunteer_id, kind, due_at, status, created_at, updated_at)
				VALUES (1, 1, 1, 'next_step', $1, 'sent', $1, $1), (3, 1, 1, 'thanks', $1, 'overdue', $1, $1)`, at)
			exec(`INSERT INTO followups (id, report_id, volunteer_id, parent_id, kind, due_at, created_at, updated_at)
				VALUES (2, 1, 1, 1, 'nudge', $1, $1, $1)`, at)
			if _, err := p.Up(ctx); err != nil {
				t.Fatal(err)
			}
			check := func(q string, want int) {
				t.Helper()
				var n int
				if err := db.QueryRowContext(ctx, q).Scan(&n); err != nil {
					t.Fatalf("%s: %v", q, err)
				}
				if n != want {
					t.Fatalf("%s: %d, want %d", q, n, want)
				}
			}
			check(`SELECT count(*) FROM followups`, 3)
			check(`SELECT count(*) FROM followups WHERE id = 2 AND parent_id = 1 AND kind = 'nudge'`, 1)
			check(`SELECT count(*) FROM followups WHERE id = 3 AND overdue_at IS NOT NULL`, 1)
			exec(`INSERT INTO plans (id, volunteer_id, seq, person_name, person_key, planned_at, has_time, created_at, updated_at)
				VALUES (1, 1, 1, 'Maria', 'maria', $1, TRUE, $1, $1)`, at)
			exec(`INSERT INTO followups (id, plan_id, volunteer_id, kind, due_at, created_at, updated_at)
				VALUES (4, 1, 1, 'plan_ask', $1, $1, $1)`, at)
			// Deleting the reminder still takes its nudge with it.
			exec(`DELETE FROM followups WHERE id = 1`)
			check(`SELECT count(*) FROM followups WHERE id = 2`, 0)
			if _, err := p.DownTo(ctx, 8); err != nil {
				t.Fatal(err)
			}
			check(`SELECT count(*) FROM followups`, 1)
			if _, err := p.Up(ctx); err != nil {
				t.Fatal(err)
			}
		})
	}
}
