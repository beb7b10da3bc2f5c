package store_test

import (
	"context"
	"strings"
	"testing"

	"github.com/debrief-sms/debrief/internal/store/storetest"
)

// TestMonthlyKindMigration: after migration 00011 a follow-up may be of
// kind monthly, once per coordinator and month, and on SQLite (whose
// followups table it builds anew) parent_id still references followups
// and migration 00009's plan columns are kept.
func TestMonthlyKindMigration(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, be storetest.Backend) {
		_, db := be.OpenWithDB(t)
		if be.Name == "sqlite" {
			var schema string
			if err := db.QueryRow(`SELECT sql FROM sqlite_master WHERE name = 'followups'`).Scan(&schema); err != nil {
				t.Fatal(err)
			}
			if strings.Contains(schema, "followups_new") || !strings.Contains(schema, `REFERENCES "followups"`) {
				t.Errorf("followups after the rebuild:\n%s", schema)
			}
			var n int
			if err := db.QueryRow(`SELECT count(*) FROM sqlite_master WHERE tbl_name = 'followups' AND type = 'index' AND sql IS NOT NULL`).Scan(&n); err != nil {
				t.Fatal(err)
			}
			// 00009's ten (plan_id's among them), followups_monthly_key and
			// the next steps' index.
			if n != 12 {
				t.Errorf("%d indexes on followups, want 12", n)
			}
		}
		ctx := context.Background()
		// Migration 00009's plan columns survive 00011's rebuild.
		if _, err := db.ExecContext(ctx, `SELECT plan_id, overdue_at FROM followups WHERE kind IN ('plan_ask', 'monthly')`); err != nil {
			t.Errorf("plan columns after 00011: %v", err)
		}
		if _, err := db.ExecContext(ctx, `INSERT INTO volunteers (phone, name, language, time_zone, role, created_at, updated_at)
				VALUES ('+16175550300', 'Cora', 'en', 'UTC', 'coordinator', '2026-11-01 00:00:00', '2026-11-01 00:00:00')`); err != nil {
			t.Fatal(err)
		}
		insert := `INSERT INTO followups (volunteer_id, kind, due_at, digest_week, created_at, updated_at)
				SELECT id, 'monthly', '2026-12-01 14:00:00', '2026-11-01', '2026-11-01 00:00:00', '2026-11-01 00:00:00' FROM volunteers`
		if _, err := db.ExecContext(ctx, insert); err != nil {
			t.Fatalf("a monthly follow-up: %v", err)
		}
		if _, err := db.ExecContext(ctx, insert); err == nil {
			t.Error("a second monthly follow-up for the same coordinator and month was stored")
		}
	})
}
