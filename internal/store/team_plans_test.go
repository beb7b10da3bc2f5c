package store_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/debrief-sms/debrief/internal/store"
	"github.com/debrief-sms/debrief/internal/store/storetest"
)

// TestTeamPlansGolden lists November's plans of seedNovember's month, with
// two more (Bo's asked once, Dee's not asked yet) and Lee's asked twice, in
// every state and filter the plans page uses, and each volunteer's
// follow-through, against testdata/team_plans.golden on every backend.
func TestTeamPlansGolden(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, b storetest.Backend) {
		s := b.Open(t)
		ctx := context.Background()
		seedNovember(t, s)
		day := func(d, h, m int) time.Time { return time.Date(2026, 11, d, h, m, 0, 0, eastern) }
		say(t, s, "+16175550502", "PLAN Rae Sunday 4pm", day(26, 10, 0))
		say(t, s, "+16175550504", "PLAN Tom Saturday 1pm", day(26, 11, 0))
		sent := func(person, kind string) {
			t.Helper()
			res, err := s.SQL().ExecContext(ctx, `UPDATE followups SET status = 'sent', sent_at = $1
					WHERE kind = $2 AND plan_id = (SELECT id FROM plans WHERE person_name = $3)`, day(28, 12, 0).UTC(), kind, person)
			if err != nil {
				t.Fatal(err)
			}
			if n, _ := res.RowsAffected(); n != 1 {
				t.Fatalf("%s of %s: %d rows", kind, person, n)
			}
		}
		sent("Lee", "plan_ask")
		sent("Lee", "plan_ask_again")
		sent("Rae", "plan_ask")

		from := time.Date(2026, 11, 1, 0, 0, 0, 0, eastern)
		nov := store.TeamPlansQuery{AllTeams: true, From: from, To: from.AddDate(0, 1, 0), Limit: 50}
		riverside := teamID(t, s, "Riverside")
		var out strings.Builder
		for _, tc := range []struct {
			name string
			q    func(q store.TeamPlansQuery) store.TeamPlansQuery
		}{
			{"all", func(q store.TeamPlansQuery) store.TeamPlansQuery { return q }},
			{"riverside", func(q store.TeamPlansQuery) store.TeamPlansQuery {
				q.AllTeams, q.Teams = false, []int64{riverside}
				return q
			}},
			{"riverside's organizer asks for eastside", func(q store.TeamPlansQuery) store.TeamPlansQuery {
				q.AllTeams, q.Teams, q.TeamID = false, []int64{riverside}, teamID(t, s, "Eastside")
				return q
			}},
			{"no teams", func(q store.TeamPlansQuery) store.TeamPlansQuery {
				q.AllTeams = false
				return q
			}},
			{"unreported", func(q store.TeamPlansQuery) store.TeamPlansQuery {
				q.State = store.PlanUnreported
				return q
			}},
			{"reported", func(q store.TeamPlansQuery) store.TeamPlansQuery {
				q.State = store.PlanReported
				return q
			}},
			{"second page of two", func(q store.TeamPlansQuery) store.TeamPlansQuery {
				q.Offset, q.Limit = 2, 2
				return q
			}},
			{"december", func(q store.TeamPlansQuery) store.TeamPlansQuery {
				q.From, q.To = q.To, q.To.AddDate(0, 1, 0)
				return q
			}},
		} {
			plans, err := s.TeamPlans(ctx, tc.q(nov))
			if err != nil {
				t.Fatal(err)
			}
			fmt.Fprintf(&out, "plans: %s\n", tc.name)
			for _, p := range plans {
				report := "-"
				if p.ReportID != nil {
					report = "report"
				}
				fmt.Fprintf(&out, "  %s %-5v %-4s %-10s %-6s %-10s %s\n", p.PlannedAt.In(eastern).Format("Jan 02 15:04"), p.HasTime,
					p.Volunteer, orNone(p.Team), p.Person, p.State, report)
			}
		}
		for _, f := range []store.FollowThroughFilter{
			{Year: 2026, Month: time.November, Location: eastern},
			{Year: 2026, Month: time.November, Location: eastern, TeamIDs: []int64{riverside}},
		} {
			vols, err := s.VolunteerFollowThroughs(ctx, f)
			if err != nil {
				t.Fatal(err)
			}
			fmt.Fprintf(&out, "volunteers: teams %v\n", len(f.TeamIDs) > 0)
			for _, v := range vols {
				fmt.Fprintf(&out, "  %-4s %-10s planned %d reported %d within24h %d thanked %d next_step_done %d overdue %d\n",
					v.Volunteer, orNone(v.Team), v.Planned, v.Reported, v.Within24h, v.Thanked, v.NextStepDone, v.Overdue)
			}
		}
		golden(t, "testdata/team_plans.golden", out.String(), b.Name == "sqlite")
	})
}
