package main

import (
	"context"
	"testing"

	"github.com/debrief-sms/debrief"
	"github.com/debrief-sms/debrief/internal/clocktest"
	"github.com/debrief-sms/debrief/internal/store"
	"github.com/debrief-sms/debrief/internal/store/storetest"
)

// TestSeedReports seeds a real PostgreSQL with a small issue #10 data set
// and reads it as the pages do: the teams, their organizers, every report
// spread over the volunteers, a team's share of them.
func TestSeedReports(t *testing.T) {
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
	seed := reportsSeed{Reports: 1000, Volunteers: 40, Teams: 4}
	if err := seedReports(ctx, url, seed, clocktest.Start()); err != nil {
		t.Fatal(err)
	}
	organizer, err := st.Volunteer(ctx, reportsPhonePrefix+"0000001")
	if err != nil {
		t.Fatal(err)
	}
	if organizer.Role != debrief.RoleOrganizer || organizer.TeamID == nil || organizer.TeamName != "Load team 01" {
		t.Fatalf("the first seeded volunteer: %+v, want the organizer of Load team 01", organizer)
	}
	count := func(f store.ReportFilter) int {
		t.Helper()
		n := 0
		if err := st.ListReports(ctx, f, func(store.ReportListing) error { n++; return nil }); err != nil {
			t.Fatal(err)
		}
		return n
	}
	all := &store.TeamScope{AllTeams: true}
	if n := count(store.ReportFilter{Scope: all, AnyStatus: true}); n != seed.Reports {
		t.Errorf("%d reports, want %d", n, seed.Reports)
	}
	if n := count(store.ReportFilter{Scope: &store.TeamScope{Teams: []int64{*organizer.TeamID}}, AnyStatus: true}); n != seed.Reports/seed.Teams {
		t.Errorf("%d reports in the first team, want %d", n, seed.Reports/seed.Teams)
	}
	if n := count(store.ReportFilter{Scope: all}); n != seed.Reports*9/10 {
		t.Errorf("%d complete reports, want %d", n, seed.Reports*9/10)
	}
	if n := count(store.ReportFilter{Scope: all, Text: "LOPEZ"}); n == 0 {
		t.Error("no Lopez among the people met")
	}
	if n, err := st.FoldSearch(ctx); err != nil || n != 0 {
		t.Errorf("FoldSearch after the seed: %d, %v; want every row folded by the seed", n, err)
	}
	members, err := st.TeamMembers(ctx, store.TeamScope{Teams: []int64{*organizer.TeamID}}, 0, 100)
	if err != nil || len(members) != seed.Volunteers/seed.Teams {
		t.Errorf("%d members of the first team (%v), want %d", len(members), err, seed.Volunteers/seed.Teams)
	}
	if err := seedReports(ctx, storetest.SQLiteURL(t), seed, clocktest.Start()); err == nil {
		t.Error("seeding the embedded database did not say it cannot")
	}
}
