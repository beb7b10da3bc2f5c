package store_test

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/debrief-sms/debrief"
	"github.com/debrief-sms/debrief/internal/conversation"
	"github.com/debrief-sms/debrief/internal/store"
	"github.com/debrief-sms/debrief/internal/store/storetest"
)

// monthlyZone is the zone the seeded month is counted in.
var monthlyZone = mustZone("America/New_York")

func mustZone(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		panic(err)
	}
	return loc
}

// monthStart is the first instant of month m of 2026 in the test's zone.
func monthStart(year int, m time.Month) time.Time {
	return time.Date(year, m, 1, 0, 0, 0, 0, monthlyZone)
}

// seededMonth is November 2026 in New York, with reports that count and
// reports that must not: a draft, an abandoned one, one the minute before
// the month began and one the minute it ended, and one in October for the
// history.
type seededMonth struct {
	riverside, eastside int64 // team IDs
}

func seedMonth(t *testing.T, st *store.Store, db *sql.DB) seededMonth {
	t.Helper()
	ctx := context.Background()
	add := func(phone, name, team string) debrief.Volunteer {
		v, err := st.AddVolunteer(ctx, debrief.Volunteer{Phone: phone, Name: name, TeamName: team, Role: debrief.RoleVolunteer})
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	ana := add("+16175550201", "Ana", "Riverside")
	ben := add("+16175550202", "Ben", "Riverside")
	cy := add("+16175550203", "Cy", "Eastside")
	dee := add("+16175550204", "Dee", "") // no team
	seq := map[int64]int{}
	nov := func(day, hour, minute int) time.Time {
		return time.Date(2026, 11, day, hour, minute, 0, 0, monthlyZone)
	}
	// A team question, and the national set's time question for every
	// team: answers in reports.extra, counted per team.
	first, err := st.AddQuestion(ctx, ana.TeamID, conversation.TeamQuestion{Kind: conversation.AskYesNo, Text: "Is this their first 1:1?"})
	if err != nil {
		t.Fatal(err)
	}
	skills, err := st.AddQuestion(ctx, nil, conversation.TeamQuestion{Kind: conversation.AskText, Text: "What skills could they share?"})
	if err != nil {
		t.Fatal(err)
	}
	extra := map[int64]string{
		ana.ID: fmt.Sprintf(`{%q: "yes", %q: "Speaking"}`, conversation.AnswerKey(first.Current.ID), conversation.AnswerKey(skills.Current.ID)),
		cy.ID:  fmt.Sprintf(`{%q: "speaking."}`, conversation.AnswerKey(skills.Current.ID)),
	}
	report := func(v debrief.Volunteer, status debrief.ReportStatus, at time.Time, issue, commitments, enjoy string, thanked any, followups ...string) {
		t.Helper()
		seq[v.ID]++
		var completed any
		if status == debrief.ReportComplete {
			completed = at.UTC()
		}
		firstCommitment, _, _ := strings.Cut(commitments, ",")
		var id int64
		if err := db.QueryRow(`INSERT INTO reports (volunteer_id, seq, person_name, issue, commitment, commitments, enjoy, thanked,
			status, started_at, updated_at, completed_at) VALUES ($1, $2, 'P', $3, $4, $5, $6, $7, $8, $9, $9, $10) RETURNING id`,
			v.ID, seq[v.ID], issue, firstCommitment, commitments, enjoy, thanked, string(status), at.UTC(), completed).Scan(&id); err != nil {
			t.Fatal(err)
		}
		if e, ok := extra[v.ID]; ok {
			if _, err := db.Exec(`UPDATE reports SET extra = $1 WHERE id = $2`, e, id); err != nil {
				t.Fatal(err)
			}
		}
		for _, f := range followups { // kind:status
			kind, fstatus, _ := strings.Cut(f, ":")
			if _, err := db.Exec(`INSERT INTO followups (report_id, volunteer_id, kind, due_at, status, created_at, updated_at)
				VALUES ($1, $2, $3, $4, $5, $6, $6)`, id, v.ID, kind, at.Add(time.Hour).UTC(), fstatus, at.UTC()); err != nil {
				t.Fatal(err)
			}
		}
	}
	c := debrief.ReportComplete
	report(ana, c, nov(2, 10, 0), "Clean air near schools", "house_party", "phone banking", true, "next_step:done")
	report(ana, c, nov(3, 18, 30), "clean air near school", "house_party,meet_again", "Phone banking", false,
		"thanks:done", "next_step:overdue", "nudge:sent", "overdue:done")
	report(ana, c, nov(9, 12, 0), "  CLEAN  air near schools. ", "action", "canvassing", nil, "next_step:sent")
	report(ben, c, nov(10, 9, 0), "Flooding", "meet_again", "hosting", true, "next_step:done")
	report(ben, c, nov(30, 23, 59), "floods", "none", "", true, "next_step:pending")
	report(cy, c, nov(1, 0, 0), "Aire limpio", "other", "Organizar", false, "thanks:pending", "next_step:cancelled")
	report(cy, c, nov(15, 14, 0), "aire límpio", "action,other", "organizar", true, "next_step:done")
	report(dee, c, nov(20, 8, 0), "pipelines", "house_party", "canvassing", true, "next_step:overdue")
	// Not counted in November.
	report(ana, debrief.ReportDraft, nov(21, 10, 0), "draft issue", "", "", nil)
	report(ben, debrief.ReportAbandoned, nov(22, 10, 0), "abandoned issue", "action", "", nil)
	report(cy, c, nov(1, 0, 0).Add(-time.Minute), "October issue", "action", "october wish", true, "next_step:done")
	report(ana, c, nov(30, 23, 59).Add(time.Minute), "December issue", "action", "", true)
	report(ben, c, time.Date(2026, 6, 12, 12, 0, 0, 0, monthlyZone), "June issue", "none", "", nil, "next_step:overdue")
	// Plans: Ana planned the 1:1 of her Nov 9 report the evening before
	// (reported within 24 h); Cy planned one and never reported it; Ben's
	// was cancelled.
	plan := func(v debrief.Volunteer, n int, at time.Time, status string, report any) {
		t.Helper()
		if _, err := db.Exec(`INSERT INTO plans (volunteer_id, seq, person_name, person_key, planned_at, has_time, status, report_id, created_at, updated_at)
			VALUES ($1, $2, 'P', 'p', $3, true, $4, $5, $3, $3)`, v.ID, n, at.UTC(), status, report); err != nil {
			t.Fatal(err)
		}
	}
	var nov9 int64
	if err := db.QueryRow(`SELECT id FROM reports WHERE volunteer_id = $1 AND issue LIKE '  CLEAN%'`, ana.ID).Scan(&nov9); err != nil {
		t.Fatal(err)
	}
	plan(ana, 1, nov(8, 19, 0), "reported", nov9)
	plan(cy, 1, nov(12, 15, 0), "planned", nil)
	plan(ben, 1, nov(13, 15, 0), "cancelled", nil)
	return seededMonth{riverside: *ana.TeamID, eastside: *cy.TeamID}
}

// writeMonthly writes the figures as the golden file keeps them, teams
// named by names.
func writeMonthly(b *strings.Builder, m store.Monthly, names map[int64]string) {
	for _, t := range m.Teams {
		fmt.Fprintf(b, "team %s: reports %d, volunteers %d, house party %d, action %d, meet again %d, other %d, none %d, "+
			"thanked %d, next steps %d, done %d, overdue %d, planned %d, within 24 h %d\n", names[t.TeamID], t.Reports, t.Volunteers, t.HouseParty,
			t.Action, t.MeetAgain, t.Other, t.None, t.Thanked, t.NextSteps, t.NextStepsDone, t.Overdue, t.Planned, t.Within24h)
	}
	for _, q := range m.Questions {
		for _, c := range q.Answers {
			fmt.Fprintf(b, "question %q: %q: %d\n", q.Key, c.Text, c.N)
		}
	}
	for _, c := range m.Issues {
		fmt.Fprintf(b, "issue %q: %d\n", c.Text, c.N)
	}
	for _, c := range m.Enjoy {
		fmt.Fprintf(b, "enjoy %q: %d\n", c.Text, c.N)
	}
}

func TestMonthly(t *testing.T) {
	t.Parallel()
	var golden string
	for _, be := range storetest.Backends(t) {
		t.Run(be.Name, func(t *testing.T) {
			st, db := be.OpenWithDB(t)
			seeded := seedMonth(t, st, db)
			names := map[int64]string{0: "(none)", seeded.riverside: "Riverside", seeded.eastside: "Eastside"}
			ctx := context.Background()
			from, to := monthStart(2026, time.November), monthStart(2026, time.December)
			var b strings.Builder
			for _, sc := range []struct {
				name string
				q    store.MonthlyQuery
			}{
				{"coordinator", store.MonthlyQuery{AllTeams: true}},
				{"organizer of Riverside", store.MonthlyQuery{Teams: []int64{seeded.riverside}}},
				{"coordinator, Eastside alone", store.MonthlyQuery{AllTeams: true, TeamID: seeded.eastside}},
				{"no team", store.MonthlyQuery{}},
			} {
				sc.q.From, sc.q.To = from, to
				m, err := st.Monthly(ctx, sc.q)
				if err != nil {
					t.Fatal(err)
				}
				fmt.Fprintf(&b, "# %s, November 2026\n", sc.name)
				writeMonthly(&b, m, names)
				var bounds []time.Time
				for i := range 13 {
					bounds = append(bounds, monthStart(2025, time.December+time.Month(i)))
				}
				hist, err := st.MonthlyHistory(ctx, sc.q, bounds)
				if err != nil {
					t.Fatal(err)
				}
				for _, p := range hist {
					if p.Reports == 0 && p.NextSteps == 0 {
						continue
					}
					fmt.Fprintf(&b, "month %s: reports %d, next steps %d, done %d, overdue %d\n",
						p.From.In(monthlyZone).Format("2006-01"), p.Reports, p.NextSteps, p.NextStepsDone, p.Overdue)
				}
				if len(hist) != 12 {
					t.Errorf("%s: %d months of history, want 12", sc.name, len(hist))
				}
			}
			got := b.String()
			if golden == "" {
				golden = compareGolden(t, "monthly.golden", got)
			} else if got != golden {
				t.Errorf("%s counts differently from the first backend:\n%s\nwant\n%s", be.Name, got, golden)
			}
		})
	}
}

// compareGolden compares got with testdata/name, or writes it there under
// -update, and returns it.
func compareGolden(t *testing.T, name, got string) string {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return got
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update)", err)
	}
	if got != string(want) {
		t.Errorf("figures differ from %s (go test -update to accept):\n%s", path, got)
	}
	return got
}
