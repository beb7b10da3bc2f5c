package store_test

import (
	"context"
	"slices"
	"testing"

	"github.com/debrief-sms/debrief"
	"github.com/debrief-sms/debrief/internal/clocktest"
	"github.com/debrief-sms/debrief/internal/conversation"
	"github.com/debrief-sms/debrief/internal/store"
	"github.com/debrief-sms/debrief/internal/store/storetest"
)

// TestReportSearchFolds: the reports search ignores case and accents
// alike on every database, in the person met's name, an answer, a team
// question's answer and the volunteer's name; reports saved through Save
// and edited, a volunteer renamed, and rows inserted in SQL and folded
// when the store migrates (queueing no NationBuilder push). % and _ are
// characters. The page (TeamReports) and the
// download (ListReports) find the same reports.
func TestReportSearchFolds(t *testing.T) {
	t.Parallel()
	for _, b := range storetest.Backends(t) {
		t.Run(b.Name, func(t *testing.T) {
			t.Parallel()
			s, db := b.OpenWithDB(t)
			ctx := context.Background()
			at := clocktest.Start()
			ids := map[string]int64{}
			for i, r := range []struct {
				volunteer string
				report    debrief.Report
			}{
				{"Ana", debrief.Report{PersonName: "José Núñez", Issue: "clean air"}},
				{"Bo", debrief.Report{PersonName: "maría lópez", Notes: "MARÍA said 100% yes"}},
				{"Íñigo Ibáñez", debrief.Report{PersonName: "Lee", Issue: "pingüinos y árboles"}},
				{"Cy", debrief.Report{PersonName: "Sam", Enjoy: "a teach_in", Extra: map[string]string{"q12v1": "Escuela Benito Juárez"}}},
				{"Dee", debrief.Report{PersonName: "JOSE ARMANDO", Issue: "Ñandú"}},
			} {
				phone := "+1617555020" + string(rune('1'+i))
				v, err := s.AddVolunteer(ctx, debrief.Volunteer{Phone: phone, Name: r.volunteer, TeamName: "Riverside"})
				if err != nil {
					t.Fatal(err)
				}
				ids[r.volunteer] = v.ID
				r.report.Seq, r.report.Status, r.report.CompletedAt = 1, debrief.ReportComplete, &at
				saveReport(t, s, phone, "SMfold"+phone, r.report, at)
			}
			// Inserted in SQL, as rows from before migration 00015: a
			// volunteer and their report, not folded yet.
			if _, err := db.ExecContext(ctx, `INSERT INTO volunteers (phone, name, language, time_zone, role, created_at, updated_at)
				VALUES ('+16175550299', 'Éva', 'es', 'UTC', 'volunteer', $1, $1)`, at.UTC()); err != nil {
				t.Fatal(err)
			}
			if _, err := db.ExecContext(ctx, `INSERT INTO reports (volunteer_id, seq, person_name, status, started_at, updated_at, completed_at)
				SELECT id, 1, 'Zoë Ramírez', 'complete', $1, $1, $1 FROM volunteers WHERE phone = '+16175550299'`, at.UTC()); err != nil {
				t.Fatal(err)
			}
			all := &store.TeamScope{AllTeams: true}
			found := func(text string) []string {
				t.Helper()
				f := store.ReportFilter{Scope: all, AnyStatus: true, Text: text}
				page, err := s.TeamReports(ctx, f, 0, 50)
				if err != nil {
					t.Fatal(err)
				}
				var got []string
				for _, r := range page {
					got = append(got, r.PersonName)
				}
				var listed []string
				if err := s.ListReports(ctx, f, func(l store.ReportListing) error {
					listed = append(listed, l.Report.PersonName)
					return nil
				}); err != nil {
					t.Fatal(err)
				}
				slices.Sort(got)
				slices.Sort(listed)
				if !slices.Equal(got, listed) {
					t.Errorf("%q: the page finds %q, the download %q", text, got, listed)
				}
				return got
			}
			if got := found("zoe"); got != nil {
				t.Errorf("zoe before FoldSearch: %q, want none (not folded yet)", got)
			}
			pushes := func() (n, revisions int) {
				t.Helper()
				if err := db.QueryRowContext(ctx, `SELECT count(*), COALESCE(SUM(revision), 0) FROM nb_pushes`).Scan(&n, &revisions); err != nil {
					t.Fatal(err)
				}
				return n, revisions
			}
			n0, rev0 := pushes()
			// Migrate folds them, on every start (behind PgBouncer too).
			if err := s.Migrate(ctx); err != nil {
				t.Fatal(err)
			}
			// Folding changes nothing NationBuilder is sent.
			if n, rev := pushes(); n != n0 || rev != rev0 {
				t.Errorf("NationBuilder pushes after folding: %d, revisions %d; want %d, %d", n, rev, n0, rev0)
			}
			if n, err := s.FoldSearch(ctx); err != nil || n != 0 {
				t.Errorf("FoldSearch again: %d, %v; want nothing left", n, err)
			}
			jose, maria := []string{"JOSE ARMANDO", "José Núñez"}, []string{"maría lópez"}
			for _, tc := range []struct {
				text string
				want []string
			}{
				{"José", jose}, {"jose", jose}, {"JOSE", jose}, {"JOSÉ", jose},
				{"María", maria}, {"maria", maria}, {"MARIA", maria}, {"marÍa lÓpez", maria},
				{"nunez", []string{"José Núñez"}}, {"NÚÑEZ", []string{"José Núñez"}}, {"ñandu", []string{"JOSE ARMANDO"}},
				{"pinguinos", []string{"Lee"}}, {"PINGÜINOS", []string{"Lee"}}, {"arboles", []string{"Lee"}},
				{"inigo ibanez", []string{"Lee"}}, {"ÍÑIGO", []string{"Lee"}},
				{"juarez", []string{"Sam"}}, {"Benito JUÁREZ", []string{"Sam"}}, {"q12v1", nil},
				{"100%", maria}, {"100%%", nil}, {"0%_y", nil}, {"teach_in", []string{"Sam"}}, {"teach_i_", nil}, {"teach%in", nil},
				{"zoe", []string{"Zoë Ramírez"}}, {"RAMÍREZ", []string{"Zoë Ramírez"}}, {"eva", []string{"Zoë Ramírez"}},
				{"clean air\nmaria", nil},
			} {
				if got := found(tc.text); !slices.Equal(got, tc.want) {
					t.Errorf("%q: %q, want %q", tc.text, got, tc.want)
				}
			}

			// An edit is folded anew, and so is a volunteer renamed.
			saveReport(t, s, "+16175550201", "SMfold-edit", debrief.Report{Seq: 1, PersonName: "Joaquín Núñez",
				Status: debrief.ReportComplete, CompletedAt: &at}, at)
			if got := found("jose"); !slices.Equal(got, []string{"JOSE ARMANDO"}) {
				t.Errorf("jose after the edit: %q", got)
			}
			if got := found("JOAQUIN"); !slices.Equal(got, []string{"Joaquín Núñez"}) {
				t.Errorf("JOAQUIN after the edit: %q", got)
			}
			if err := s.UpdatePerson(ctx, store.PersonChange{ID: ids["Bo"], Name: "Bárbara", Language: debrief.English,
				TimeZone: "America/New_York", Role: debrief.RoleVolunteer}, at); err != nil {
				t.Fatal(err)
			}
			if got := found("barbara"); !slices.Equal(got, maria) {
				t.Errorf("barbara after the rename: %q", got)
			}
		})
	}
}

// TestSearchNameSaved: Save folds the volunteer's name when it creates
// them (a newcomer's first text) and when a step changes it.
func TestSearchNameSaved(t *testing.T) {
	t.Parallel()
	for _, b := range storetest.Backends(t) {
		t.Run(b.Name, func(t *testing.T) {
			t.Parallel()
			s, db := b.OpenWithDB(t)
			ctx := context.Background()
			at := clocktest.Start()
			const phone = "+16175550301"
			for i, tc := range []struct{ name, want string }{{"Ñoño Peña", "nono pena"}, {"ÜBER Çelik", "uber celik"}} {
				sid := "SMname" + string(rune('0'+i))
				st, _, _, err := s.Load(ctx, phone, sid)
				if err != nil {
					t.Fatal(err)
				}
				next := st
				next.Volunteer.Name = tc.name
				res := conversation.Result{State: next, Replies: []string{"ok"}, Effects: conversation.Effects{SaveVolunteer: st.Volunteer.ID != 0}}
				if _, _, err := s.Save(ctx, debrief.Inbound{SID: sid, From: phone, Body: "x", ReceivedAt: at}, res); err != nil {
					t.Fatal(err)
				}
				var got string
				if err := db.QueryRowContext(ctx, `SELECT search_name FROM volunteers WHERE phone = $1`, phone).Scan(&got); err != nil {
					t.Fatal(err)
				}
				if got != tc.want {
					t.Errorf("%s saved: search_name %q, want %q", tc.name, got, tc.want)
				}
			}
		})
	}
}
