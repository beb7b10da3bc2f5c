package store_test

import (
	"context"
	"flag"
	"fmt"
	"maps"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/debrief-sms/debrief"
	"github.com/debrief-sms/debrief/internal/conversation"
	"github.com/debrief-sms/debrief/internal/followup"
	"github.com/debrief-sms/debrief/internal/store"
	"github.com/debrief-sms/debrief/internal/store/storetest"
)

var update = flag.Bool("update", false, "rewrite testdata/*.golden with what the tests compute")

var eastern = func() *time.Location {
	loc, err := time.LoadLocation("America/New_York")
	if err != nil {
		panic(err)
	}
	return loc
}()

// say is the volunteer texting body at at, in New York, through Load,
// Step and Save as the webhook does, with the default follow-up rules.
func say(t *testing.T, s *store.Store, phone, body string, at time.Time) []string {
	t.Helper()
	ctx := context.Background()
	sid := fmt.Sprintf("SM%s%d", phone[len(phone)-4:], at.UnixNano())
	st, _, _, err := s.Load(ctx, phone, sid)
	if err != nil {
		t.Fatal(err)
	}
	rules := followup.DefaultRules()
	res := conversation.Step(st, conversation.Inbound{Body: body}, conversation.Env{Now: at, Location: eastern, FollowUps: &rules})
	if _, _, err := s.Save(ctx, debrief.Inbound{SID: sid, From: phone, Body: body, ReceivedAt: at}, res); err != nil {
		t.Fatalf("save %q: %v", body, err)
	}
	return res.Replies
}

// conversation texts bodies a minute apart from at on, and returns when
// the last was sent.
func converse(t *testing.T, s *store.Store, phone string, at time.Time, bodies ...string) time.Time {
	t.Helper()
	for _, b := range bodies {
		say(t, s, phone, b, at)
		at = at.Add(time.Minute)
	}
	return at
}

// TestPlanStored: PLAN stores the plan and its three follow-ups in the
// step's Save; once the ask is sent, Load reads it as the open reminder,
// with the plan's person and number; the reply that starts the report
// settles both asks, and the completed report closes the plan with its ID;
// a new day moves another (the old plan cancelled in the same Save), and
// CANCEL PLAN cancels it and its follow-ups.
func TestPlanStored(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, b storetest.Backend) {
		s := b.Open(t)
		ctx := context.Background()
		const ph = "+16175550401"
		if _, err := s.AddVolunteer(ctx, debrief.Volunteer{Phone: ph, Name: "Ana", TeamName: "Riverside"}); err != nil {
			t.Fatal(err)
		}
		start := time.Date(2026, 11, 24, 12, 0, 0, 0, eastern) // a Tuesday
		say(t, s, ph, "PLAN Maria Lopez Thursday 3pm", start)
		say(t, s, ph, "PLAN Sam Friday 10am", start.Add(time.Minute))
		if n := count(t, s, `SELECT count(*) FROM plans WHERE status = 'planned' AND person_key IN ('maria lopez', 'sam')`); n != 2 {
			t.Fatalf("%d plans stored, want 2", n)
		}
		if n := count(t, s, `SELECT count(*) FROM followups WHERE plan_id IS NOT NULL AND status = 'pending'`); n != 6 {
			t.Fatalf("%d plan follow-ups pending, want 6", n)
		}
		// The scheduler sends what is due by Thursday 16:00: both
		// reminders before, and Maria's ask.
		ask := time.Date(2026, 11, 26, 16, 0, 0, 0, eastern)
		due, err := s.ClaimDue(ctx, ask, 10, time.Minute)
		if err != nil {
			t.Fatal(err)
		}
		var sent []store.SentFollowup
		for i, d := range due {
			if !d.Kind.Plan() || d.PersonName == "" || d.PlanAt.IsZero() {
				t.Fatalf("due %+v: no person or time", d)
			}
			sent = append(sent, store.SentFollowup{ID: d.ID, VolunteerID: d.VolunteerID, Phone: d.Phone, Body: string(d.Kind),
				SID: fmt.Sprintf("SM%032d", i), Status: "queued", Segments: 1, At: ask})
		}
		if len(sent) != 2 {
			t.Fatalf("%d due by Thursday 16:00, want Maria's reminder and ask", len(sent))
		}
		if err := s.RecordSent(ctx, sent); err != nil {
			t.Fatal(err)
		}
		st, _, _, err := s.Load(ctx, ph, "")
		if err != nil {
			t.Fatal(err)
		}
		if r := st.OpenReminder; r == nil || r.Kind != followup.PlanAsk || r.Person != "Maria Lopez" || r.PlanSeq != 1 {
			t.Fatalf("open reminder %+v, want Maria's ask", st.OpenReminder)
		}
		got := say(t, s, ph, "great!", ask.Add(5*time.Minute))
		if !strings.Contains(got[0], "Maria Lopez") {
			t.Fatalf("reply %q", got)
		}
		if n := count(t, s, `SELECT count(*) FROM followups f JOIN plans p ON p.id = f.plan_id
				WHERE p.seq = 1 AND f.kind IN ('plan_ask', 'plan_ask_again') AND f.status IN ('done', 'cancelled')`); n != 2 {
			t.Fatalf("%d of Maria's asks settled, want 2", n)
		}
		converse(t, s, ph, ask.Add(10*time.Minute), "clean air", "3", "call her monday", "canvassing", "SKIP", "yes")
		if n := count(t, s, `SELECT count(*) FROM plans p JOIN reports r ON r.id = p.report_id
				WHERE p.seq = 1 AND p.status = 'reported' AND r.person_name = 'Maria Lopez' AND r.status = 'complete'`); n != 1 {
			t.Fatalf("Maria's plan not closed by her report")
		}
		// Sam's 1:1 moves to Saturday: a new plan, the old one
		// cancelled, in one Save; then CANCEL PLAN drops the new one.
		say(t, s, ph, "PLAN Sam Saturday 11am", ask.Add(time.Hour))
		if n := count(t, s, `SELECT count(*) FROM plans WHERE (seq = 2 AND status = 'cancelled') OR (seq = 3 AND status = 'planned')`); n != 2 {
			t.Fatalf("Sam's plan not moved")
		}
		if n := count(t, s, `SELECT count(*) FROM followups f JOIN plans p ON p.id = f.plan_id
				WHERE p.seq = 3 AND f.status = 'pending'`); n != 3 {
			t.Fatalf("%d follow-ups of Sam's new plan pending, want 3", n)
		}
		say(t, s, ph, "CANCEL PLAN Sam", ask.Add(2*time.Hour))
		if n := count(t, s, `SELECT count(*) FROM plans WHERE status = 'cancelled'`); n != 2 {
			t.Fatalf("Sam's plan not cancelled")
		}
		if n := count(t, s, `SELECT count(*) FROM followups f JOIN plans p ON p.id = f.plan_id
				WHERE p.seq IN (2, 3) AND f.status IN ('pending', 'sending')`); n != 0 {
			t.Fatalf("%d of Sam's follow-ups still pending", n)
		}
	})
}

// TestFollowThroughGolden seeds November 2026 through the conversation
// (two teams and a volunteer of none, plans reported, not reported,
// cancelled, reports with and without a plan, in and out of the month),
// settles some reminders, and checks the figures against
// testdata/followthrough.golden on every backend.
func TestFollowThroughGolden(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, b storetest.Backend) {
		s := b.Open(t)
		ctx := context.Background()
		seedNovember(t, s)

		var out strings.Builder
		for _, filter := range []store.FollowThroughFilter{
			{Year: 2026, Month: time.November, Location: eastern},
			{Year: 2026, Month: time.December, Location: eastern},
			{Year: 2026, Month: time.November, Location: eastern, TeamIDs: []int64{teamID(t, s, "Riverside")}},
		} {
			fts, err := s.FollowThroughs(ctx, filter)
			if err != nil {
				t.Fatal(err)
			}
			checkPlanFigures(t, s, filter, fts)
			fmt.Fprintf(&out, "%d-%02d teams %v\n", filter.Year, filter.Month, len(filter.TeamIDs) > 0)
			for _, ft := range fts {
				fmt.Fprintf(&out, "  %-10s planned %d reported %d within24h %d thanked %d next_step_done %d overdue %d\n",
					orNone(ft.Team), ft.Planned, ft.Reported, ft.Within24h, ft.Thanked, ft.NextStepDone, ft.Overdue)
			}
		}
		golden(t, "testdata/followthrough.golden", out.String(), b.Name == "sqlite")
	})
}

// checkPlanFigures checks that PlanFigures, the monthly report's cheaper
// reading, counts what FollowThroughs counts: each team's plans, reports
// and reports within 24 hours.
func checkPlanFigures(t *testing.T, s *store.Store, f store.FollowThroughFilter, want []store.FollowThrough) {
	t.Helper()
	got, err := s.PlanFigures(context.Background(), f)
	if err != nil {
		t.Fatal(err)
	}
	figures := func(fts []store.FollowThrough) map[int64][3]int {
		m := map[int64][3]int{}
		for _, ft := range fts {
			m[ft.TeamID] = [3]int{ft.Planned, ft.Reported, ft.Within24h}
		}
		return m
	}
	if g, w := figures(got), figures(want); !maps.Equal(g, w) {
		t.Errorf("%d-%02d: PlanFigures (planned, reported, within 24h by team) = %v, FollowThroughs = %v", f.Year, f.Month, g, w)
	}
}

// seedNovember is TestFollowThroughGolden's month (see there), through
// the conversation at fixed instants in New York.
func seedNovember(t *testing.T, s *store.Store) {
	t.Helper()
	ctx := context.Background()
	add := func(ph, name, team string) {
		if _, err := s.AddVolunteer(ctx, debrief.Volunteer{Phone: ph, Name: name, TeamName: team}); err != nil {
			t.Fatal(err)
		}
	}
	const ana, bo, cy, dee = "+16175550501", "+16175550502", "+16175550503", "+16175550504"
	add(ana, "Ana", "Riverside")
	add(bo, "Bo", "Riverside")
	add(cy, "Cy", "Eastside")
	add(dee, "Dee", "")
	day := func(d, h, m int) time.Time { return time.Date(2026, 11, d, h, m, 0, 0, eastern) }
	report := func(person, thanked string) []string {
		return []string{"Hi", person, "clean air", "1", "call next month", "phone banking", "SKIP", thanked}
	}
	// Ana: Maria planned Thu Nov 5 3pm and reported two hours after.
	say(t, s, ana, "PLAN Maria Thursday 3pm", day(2, 10, 0))
	converse(t, s, ana, day(5, 17, 0), report("Maria", "yes")...)
	// Sam planned Fri Nov 13 10am, reported three days after.
	say(t, s, ana, "PLAN Sam Friday 10am", day(10, 10, 0))
	converse(t, s, ana, day(16, 12, 0), append([]string{"NEW"}, report("Sam Park", "no")[1:]...)...)
	// Lee planned for Mon Nov 23, no time, never reported.
	converse(t, s, ana, day(20, 10, 0), "PLAN Lee Monday", "SKIP")
	// Jo planned, then cancelled: not counted.
	converse(t, s, ana, day(25, 10, 0), "PLAN Jo Friday 2pm", "CANCEL PLAN Jo")
	// Bo: a report with no plan.
	converse(t, s, bo, day(12, 18, 0), report("Kai", "no")...)
	// Cy: a report in October, a plan on Nov 30 reported in December.
	converse(t, s, cy, time.Date(2026, 10, 30, 12, 0, 0, 0, eastern), report("Ola", "yes")...)
	say(t, s, cy, "PLAN Kim Monday 9am", day(27, 10, 0))
	converse(t, s, cy, time.Date(2026, 12, 1, 10, 0, 0, 0, eastern), append([]string{"NEW"}, report("Kim", "yes")[1:]...)...)
	// Dee, of no team: a report, thanked.
	converse(t, s, dee, day(18, 9, 0), report("Uma", "yes")...)

	// The reminders as the scheduler and DONE would leave them:
	// Ana's next step on Maria done; Bo's thank-you overdue; Ana's
	// thank-you on Sam overdue, then done; Dee's next step done.
	settle := func(ph, person, kind, status string, overdue bool) {
		t.Helper()
		q := `UPDATE followups SET status = $1, overdue_at = $2
			WHERE kind = $3 AND report_id = (SELECT r.id FROM reports r JOIN volunteers v ON v.id = r.volunteer_id
				WHERE v.phone = $4 AND r.person_name = $5)`
		var at any
		if overdue {
			at = day(28, 9, 0).UTC()
		}
		res, err := s.SQL().ExecContext(ctx, q, status, at, kind, ph, person)
		if err != nil {
			t.Fatal(err)
		}
		if n, _ := res.RowsAffected(); n != 1 {
			t.Fatalf("%s %s of %s: %d rows", kind, status, person, n)
		}
	}
	settle(ana, "Maria", "next_step", "done", false)
	settle(bo, "Kai", "thanks", "overdue", true)
	settle(ana, "Sam Park", "thanks", "done", true)
	settle(dee, "Uma", "next_step", "done", false)

}

func orNone(team string) string {
	if team == "" {
		return "(no team)"
	}
	return team
}

func teamID(t *testing.T, s *store.Store, name string) int64 {
	t.Helper()
	teams, err := s.Teams(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for _, tm := range teams {
		if tm.Name == name {
			return tm.ID
		}
	}
	t.Fatalf("no team %s", name)
	return 0
}

// golden compares got with the file, or rewrites it with -update (from
// one backend only, writer: the others must compute the same).
func golden(t *testing.T, path, got string, writer bool) {
	t.Helper()
	if *update && writer {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if got != string(want) {
		t.Fatalf("%s differs (rerun with -update to accept):\ngot\n%s\nwant\n%s", path, got, want)
	}
}
