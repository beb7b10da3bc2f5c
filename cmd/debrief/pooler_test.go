package main

import (
	"strings"
	"testing"

	"github.com/debrief-sms/debrief/internal/store"
	"github.com/debrief-sms/debrief/internal/store/storetest"
)

// TestMigrateThroughPgBouncer runs `debrief migrate` as Fly.io's release
// command does, with DATABASE_URL through PgBouncer in transaction mode:
// without DATABASE_DIRECT_URL it refuses and says what to set; with it, it
// migrates through the direct URL, and the store then works through the
// pooler.
func TestMigrateThroughPgBouncer(t *testing.T) {
	t.Parallel()
	pooled, direct := storetest.PgBouncerDatabase(t)
	e := env{"DATABASE_URL": pooled, "DATABASE_POOLER": "transaction"}

	_, _, err := runCmd(t, e, "migrate")
	if err == nil || !strings.Contains(err.Error(), "DATABASE_DIRECT_URL") {
		t.Fatalf("migrate through the pooler alone: %v, want a refusal naming DATABASE_DIRECT_URL", err)
	}

	e["DATABASE_DIRECT_URL"] = direct
	if out := mustRun(t, e, "migrate"); !strings.Contains(out, "migrated") {
		t.Errorf("migrate printed %q", out)
	}
	delete(e, "DATABASE_DIRECT_URL") // as serve and worker may run: the schema is up to date
	mustRun(t, e, "teams", "add", "--name", "Riverside Moms")
	withTestStore(t, e, func(st *store.Store) {
		teams, err := st.Teams(t.Context())
		if err != nil || len(teams) != 1 {
			t.Errorf("teams through the pooler: %v, %v", teams, err)
		}
	})
}
