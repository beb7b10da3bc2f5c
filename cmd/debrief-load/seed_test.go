package main

import (
	"context"
	"testing"
	"time"

	"github.com/debrief-sms/debrief/internal/followup"
	"github.com/debrief-sms/debrief/internal/store"
	"github.com/debrief-sms/debrief/internal/store/storetest"
)

// TestSeedFollowups seeds a real PostgreSQL and claims what it seeded as
// the scheduler does: n thank-you reminders due now, to n distinct phones,
// each with the report it thanks for.
func TestSeedFollowups(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	url := storetest.PostgresURL(t)
	st, err := store.Open(ctx, url, storetest.Options)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	if err := st.Migrate(ctx); err != nil {
		t.Fatal(err)
	}

	const n = 250
	got, err := seedFollowups(ctx, url, n)
	if err != nil {
		t.Fatal(err)
	}
	if got != n {
		t.Fatalf("seeded %d follow-ups, want %d", got, n)
	}
	// Seeding writes now() on the database's clock; claim at the wall
	// clock's time (the server's clock rules here, as in a load run).
	due, err := st.ClaimDue(ctx, time.Now(), 2*n, time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	if len(due) != n {
		t.Fatalf("claimed %d due follow-ups, want %d", len(due), n)
	}
	phones := make(map[string]bool, n)
	for _, d := range due {
		if d.Kind != followup.Thanks || d.ReportID == 0 || d.PersonName == "" || d.OptedOut || d.PhoneBad {
			t.Fatalf("seeded follow-up %+v: want a thank-you with its report, to a phone that takes texts", d)
		}
		phones[d.Phone] = true
	}
	if len(phones) != n {
		t.Errorf("%d distinct phones for %d follow-ups", len(phones), n)
	}
	if _, err := seedFollowups(ctx, storetest.SQLiteURL(t), 1); err == nil {
		t.Error("seeding the embedded database did not say it cannot")
	}
}
