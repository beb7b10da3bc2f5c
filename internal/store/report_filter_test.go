package store_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/debrief-sms/debrief"
	"github.com/debrief-sms/debrief/internal/clocktest"
	"github.com/debrief-sms/debrief/internal/store"
	"github.com/debrief-sms/debrief/internal/store/storetest"
)

// TestReportFilterWeb checks the filters the web pages add: a viewer's
// teams, a team and a volunteer by ID, every status, and text searched in
// names and answers, ignoring case, with LIKE's wildcards and SQL taken
// as typed; each through TeamReports (the page), ListReports (the
// download) and ReportExtraKeys, which must agree.
func TestReportFilterWeb(t *testing.T) {
	t.Parallel()
	type report struct {
		volunteer                                       int // index in vols
		person, issue, next, enjoy, notes, cText, extra string
		status                                          debrief.ReportStatus
	}
	reports := []report{
		{0, "Maria Lopez", "clean air near schools", "call her Tuesday", "phone banking", "teacher", "", `{"ward":"Ward 7"}`, debrief.ReportComplete},
		{0, "Sam Park", "bus lines", "send the guide", "canvassing", "100% on board", "", "", debrief.ReportComplete},
		{1, "Lee Chan", "heat waves", "meet at the union hall", "cooking", "knows o'brien", "a teach_in", `{"union":"SEIU 32BJ"}`, debrief.ReportComplete},
		{1, "Dana Draft", "flooding", "", "", "", "", "", debrief.ReportDraft},
		{2, "Gus García", "ÁRBOLES en la calle", "", "", "", "", "", debrief.ReportComplete},
	}
	for _, b := range storetest.Backends(t) {
		t.Run(b.Name, func(t *testing.T) {
			t.Parallel()
			s, db := b.OpenWithDB(t)
			ctx := context.Background()
			var vols []debrief.Volunteer
			for _, v := range []debrief.Volunteer{
				{Phone: "+16175550101", Name: "Ana Ruiz", TeamName: "Riverside"},
				{Phone: "+16175550102", Name: "Bo Chen", TeamName: "Eastside"},
				{Phone: "+16175550103", Name: "Cy Moreno", TeamName: "Riverside"},
			} {
				added, err := s.AddVolunteer(ctx, v)
				if err != nil {
					t.Fatal(err)
				}
				vols = append(vols, added)
			}
			at := clocktest.Start().UTC()
			for i, r := range reports {
				extra := r.extra
				if extra == "" {
					extra = "{}"
				}
				var completed any
				if r.status == debrief.ReportComplete {
					completed = at.Add(time.Duration(i) * time.Minute)
				}
				if _, err := db.ExecContext(ctx, `INSERT INTO reports (volunteer_id, seq, person_name, issue, next_steps, enjoy,
					notes, commitment_text, extra, status, started_at, updated_at, completed_at)
					VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11, $12)`, vols[r.volunteer].ID, i+1, r.person, r.issue,
					r.next, r.enjoy, r.notes, r.cText, extra, string(r.status), at.Add(time.Duration(i)*time.Minute), completed); err != nil {
					t.Fatal(err)
				}
			}
			// Inserted in SQL, not saved: their search text is folded as
			// Migrate folds a database's older reports.
			if n, err := s.FoldSearch(ctx); err != nil || n != len(reports) {
				t.Fatalf("FoldSearch: %d, %v; want the %d reports", n, err, len(reports))
			}
			riverside, eastside := *vols[0].TeamID, *vols[1].TeamID
			all := &store.TeamScope{AllTeams: true}
			river := &store.TeamScope{Teams: []int64{riverside}}
			cases := []struct {
				name string
				f    store.ReportFilter
				want []string // newest first
				keys []string
			}{
				{"everything a coordinator sees", store.ReportFilter{Scope: all, AnyStatus: true},
					[]string{"Gus García", "Dana Draft", "Lee Chan", "Sam Park", "Maria Lopez"}, []string{"union", "ward"}},
				{"an organizer's team only", store.ReportFilter{Scope: river, AnyStatus: true},
					[]string{"Gus García", "Sam Park", "Maria Lopez"}, []string{"ward"}},
				{"no teams, nothing", store.ReportFilter{Scope: &store.TeamScope{}, AnyStatus: true}, nil, nil},
				{"another team asked, nothing", store.ReportFilter{Scope: river, TeamID: eastside, AnyStatus: true}, nil, nil},
				{"another team's volunteer, nothing", store.ReportFilter{Scope: river, VolunteerID: vols[1].ID, AnyStatus: true}, nil, nil},
				{"a volunteer", store.ReportFilter{Scope: all, VolunteerID: vols[0].ID, AnyStatus: true}, []string{"Sam Park", "Maria Lopez"}, []string{"ward"}},
				{"complete by default", store.ReportFilter{Scope: all, TeamID: eastside}, []string{"Lee Chan"}, []string{"union"}},
				{"person, any case", store.ReportFilter{Scope: all, Text: "maria"}, []string{"Maria Lopez"}, []string{"ward"}},
				{"volunteer's name", store.ReportFilter{Scope: all, Text: "BO CHEN", AnyStatus: true}, []string{"Dana Draft", "Lee Chan"}, []string{"union"}},
				{"issue", store.ReportFilter{Scope: all, Text: "Near School"}, []string{"Maria Lopez"}, []string{"ward"}},
				{"next steps", store.ReportFilter{Scope: all, Text: "union hall"}, []string{"Lee Chan"}, []string{"union"}},
				{"enjoy", store.ReportFilter{Scope: all, Text: "canvass"}, []string{"Sam Park"}, nil},
				{"notes, with a quote", store.ReportFilter{Scope: all, Text: "o'brien"}, []string{"Lee Chan"}, []string{"union"}},
				{"commitment text", store.ReportFilter{Scope: all, Text: "teach_in"}, []string{"Lee Chan"}, []string{"union"}},
				{"_ is not a wildcard", store.ReportFilter{Scope: all, Text: "teach_i_"}, nil, nil},
				{"% is not a wildcard", store.ReportFilter{Scope: all, Text: "100%"}, []string{"Sam Park"}, nil},
				{"a lone %", store.ReportFilter{Scope: all, Text: "%"}, []string{"Sam Park"}, nil},
				{"a backslash", store.ReportFilter{Scope: all, Text: `\`}, nil, nil},
				{"extra answers", store.ReportFilter{Scope: all, Text: "32bj"}, []string{"Lee Chan"}, []string{"union"}},
				{"extra answers, not their keys", store.ReportFilter{Scope: all, Text: "union\""}, nil, nil},
				{"within the scope only", store.ReportFilter{Scope: river, Text: "heat"}, nil, nil},
				{"SQL is text", store.ReportFilter{Scope: all, Text: "' OR '1'='1"}, nil, nil},
				{"SQL is text, again", store.ReportFilter{Scope: all, Text: "x'); DROP TABLE reports; --"}, nil, nil},
				{"accents as typed", store.ReportFilter{Scope: all, Text: "García"}, []string{"Gus García"}, nil},
				{"accents and case folded", store.ReportFilter{Scope: all, Text: "árboles"}, []string{"Gus García"}, nil},
				{"accents left out", store.ReportFilter{Scope: all, Text: "garcia"}, []string{"Gus García"}, nil},
				{"text and team and status", store.ReportFilter{Scope: all, TeamID: riverside, Text: "a", Status: debrief.ReportComplete},
					[]string{"Gus García", "Sam Park", "Maria Lopez"}, []string{"ward"}},
			}
			for _, tc := range cases {
				page, err := s.TeamReports(ctx, tc.f, 0, 50)
				if err != nil {
					t.Fatalf("%s: %v", tc.name, err)
				}
				var got []string
				for _, r := range page {
					got = append(got, r.PersonName)
				}
				if !slices.Equal(got, tc.want) {
					t.Errorf("%s: TeamReports = %q, want %q", tc.name, got, tc.want)
				}
				var listed []string
				if err := s.ListReports(ctx, tc.f, func(l store.ReportListing) error {
					listed = append(listed, l.Report.PersonName)
					return nil
				}); err != nil {
					t.Fatal(err)
				}
				slices.Reverse(listed) // oldest first
				if !slices.Equal(listed, tc.want) {
					t.Errorf("%s: ListReports = %q, want %q", tc.name, listed, tc.want)
				}
				keys, err := s.ReportExtraKeys(ctx, tc.f)
				if err != nil {
					t.Fatal(err)
				}
				if !slices.Equal(keys, tc.keys) {
					t.Errorf("%s: ReportExtraKeys = %q, want %q", tc.name, keys, tc.keys)
				}
			}
			var n int
			if err := db.QueryRowContext(ctx, `SELECT count(*) FROM reports`).Scan(&n); err != nil || n != len(reports) {
				t.Errorf("%d reports left (%v), want %d", n, err, len(reports))
			}

			members, err := s.TeamMembers(ctx, store.TeamScope{Teams: []int64{riverside}}, 0, 10)
			if err != nil {
				t.Fatal(err)
			}
			var names []string
			for _, m := range members {
				names = append(names, m.Name+"/"+m.TeamName)
			}
			if want := []string{"Ana Ruiz/Riverside", "Cy Moreno/Riverside"}; !slices.Equal(names, want) {
				t.Errorf("TeamMembers(Riverside) = %q, want %q", names, want)
			}
			for _, tc := range []struct {
				name   string
				scope  store.TeamScope
				team   int64
				limit  int
				wanted int
			}{
				{"every team", store.TeamScope{AllTeams: true}, 0, 10, 3},
				{"one team of all", store.TeamScope{AllTeams: true}, eastside, 10, 1},
				{"another team asked", store.TeamScope{Teams: []int64{riverside}}, eastside, 10, 0},
				{"no teams", store.TeamScope{}, 0, 10, 0},
				{"limited", store.TeamScope{AllTeams: true}, 0, 2, 2},
			} {
				got, err := s.TeamMembers(ctx, tc.scope, tc.team, tc.limit)
				if err != nil || len(got) != tc.wanted {
					t.Errorf("TeamMembers %s: %d (%v), want %d", tc.name, len(got), err, tc.wanted)
				}
			}
		})
	}
}
