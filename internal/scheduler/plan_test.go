package scheduler_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/debrief-sms/debrief"
	"github.com/debrief-sms/debrief/internal/clocktest"
	"github.com/debrief-sms/debrief/internal/conversation"
	"github.com/debrief-sms/debrief/internal/followup"
	"github.com/debrief-sms/debrief/internal/store/storetest"
)

// TestPlanThroughReport plans a 1:1 by text (Load, Step, Save as the
// webhook does) in three time zones and runs the scheduler every half
// hour for six days against the fake Twilio, under fixed clocks: the
// reminder an hour before, the ask an hour after (quiet hours moving it to
// the morning), the reply that starts the report with the person filled
// in, a second ask the next day when nobody replied, a report that
// arrives first closing the plan, and the organizer's Monday digest
// listing the 1:1 planned and not reported.
func TestPlanThroughReport(t *testing.T) {
	t.Parallel()
	if !noon.Equal(time.Date(2026, 11, 24, 12, 0, 0, 0, newYork)) {
		t.Skip("the expected texts are written for Tue 2026-11-24 (DEBRIEF_TEST_CLOCK moves the fixtures)")
	}
	type sent struct {
		at   string // local time of the volunteer, "Thu 15:04"
		body string
	}
	type say struct {
		at    time.Time
		texts []string
	}
	cases := []struct {
		name, phone, zone string
		lang              debrief.Language
		plan              string
		says              []say // texts at given moments, after the scheduler ran
		want              []sent
		status            string // the plan's at the end
		digest            string // in the organizer's Monday digest
	}{
		{
			name: "new york, reply starts the report", phone: "+16175550301", zone: "America/New_York", lang: debrief.English,
			plan: "PLAN Maria Lopez Thursday 3pm",
			says: []say{{onDay(2, 16, 0, newYork), []string{"It went really well", "clean air", "5", "not sure", "no idea", "canvassing", "SKIP", "yes"}}},
			want: []sent{
				{"Thu 14:00", "Coming up: 1:1 with Maria Lopez, Thu Nov 26, 3pm. Share your story, learn theirs, ask for a specific commitment. Good luck!"},
				{"Thu 16:00", "How did your 1:1 with Maria Lopez go? Reply to report it."},
			},
			status: "reported", digest: "1:1s planned last week: 1, reported 1 (Ana 1 of 1).",
		},
		{
			name: "los angeles, quiet hours and no reply", phone: "+13105550302", zone: "America/Los_Angeles", lang: debrief.English,
			plan: "PLAN Maria Friday 7:30pm",
			want: []sent{
				{"Fri 18:30", "Coming up: 1:1 with Maria, Fri Nov 27, 7:30pm. Share your story, learn theirs, ask for a specific commitment. Good luck!"},
				{"Sat 09:00", "How did your 1:1 with Maria go? Reply to report it."},
				{"Sun 09:00", "Did you meet Maria? Reply to report your 1:1, or text CANCEL PLAN if it did not happen."},
			},
			status: "planned", digest: "1:1s planned last week: 1, reported 0 (Ana 0 of 1). Not reported: Ana: Maria.",
		},
		{
			name: "chicago in spanish, a report first closes the plan", phone: "+13125550303", zone: "America/Chicago", lang: debrief.Spanish,
			plan: "PLANEAR Maria viernes a las 8am",
			says: []say{{onDay(3, 8, 30, chicago), []string{"NUEVO", "Maria Ruiz", "transporte", "3", "el lunes", "cantar", "SALTAR", "si"}}},
			// No reminder (at 7:00 it would fall in quiet hours, and 9:00
			// is after the meeting), and no ask: the report came first.
			want:   nil,
			status: "reported", digest: "1:1s planned last week: 1, reported 1 (Ana 1 of 1).", // the organizer reads English
		},
	}
	for _, b := range storetest.Backends(t) {
		for _, tc := range cases {
			t.Run(b.Name+"/"+tc.name, func(t *testing.T) {
				t.Parallel()
				s := openDB(t, b)
				ctx := context.Background()
				loc := mustLoc(tc.zone)
				f := newFixtureIn(t, s, tc.phone, tc.zone, "America/New_York", "Bo")
				if tc.lang == debrief.Spanish {
					if _, err := s.raw.ExecContext(ctx, s.rebindQ(`UPDATE volunteers SET language = 'es' WHERE id = ?`), f.volunteer); err != nil {
						t.Fatal(err)
					}
				}
				clk := clocktest.New(noon)
				tw, snd := newTwilio(t)
				tw.SetClock(clk.Now)
				sch := newScheduler(t, s, snd, clk.Now)
				if got := textIn(t, s, tc.phone, tc.plan, clk.Now(), loc); len(got) != 1 || !strings.HasPrefix(got[0], "Plan") {
					t.Fatalf("plan confirmed with %q", got)
				}
				says := tc.says
				for clk.Now().Before(noon.Add(6 * 24 * time.Hour)) {
					runAll(t, sch)
					for len(says) > 0 && !clk.Now().Before(says[0].at) {
						for _, body := range says[0].texts {
							textIn(t, s, tc.phone, body, clk.Now(), loc)
							clk.Advance(time.Minute)
						}
						says = says[1:]
					}
					clk.Advance(30 * time.Minute)
				}
				var got []sent
				for _, m := range tw.Sent() {
					if m.To == tc.phone && strings.Contains(m.Body, "1:1") {
						got = append(got, sent{m.DateCreated.In(loc).Format("Mon 15:04"), m.Body})
					}
				}
				if fmt.Sprint(got) != fmt.Sprint(tc.want) {
					t.Fatalf("texts to the volunteer:\n%v\nwant\n%v", got, tc.want)
				}
				var status string
				var reportID *int64
				s.query(t, `SELECT status, report_id FROM plans WHERE volunteer_id = ?`, []any{f.volunteer}, &status, &reportID)
				if status != tc.status || (status == "reported") != (reportID != nil) {
					t.Fatalf("plan %s, report %v; want %s", status, reportID, tc.status)
				}
				var pending int
				s.query(t, `SELECT count(*) FROM followups WHERE plan_id IS NOT NULL AND status IN ('pending', 'sending')`, nil, &pending)
				if pending != 0 {
					t.Fatalf("%d plan follow-ups still pending", pending)
				}
				if digest := fmt.Sprint(bodies(tw, f.orgs)); !strings.Contains(digest, tc.digest) {
					t.Fatalf("organizer got %s, want %q in the digest", digest, tc.digest)
				}
			})
		}
	}
}

// textIn is the volunteer texting body at now in loc, through Load, Step
// and Save as the webhook does, with the default follow-up rules; it
// returns the replies.
func textIn(t testing.TB, s db, phone, body string, now time.Time, loc *time.Location) []string {
	t.Helper()
	ctx := context.Background()
	sid := fmt.Sprintf("SMtext%d", now.UnixNano())
	st, _, _, err := s.Load(ctx, phone, sid)
	if err != nil {
		t.Fatal(err)
	}
	rules := followup.DefaultRules()
	res := conversation.Step(st, conversation.Inbound{Body: body}, conversation.Env{Now: now, Location: loc, FollowUps: &rules})
	if _, _, err := s.Save(ctx, debrief.Inbound{SID: sid, From: phone, Body: body, ReceivedAt: now}, res); err != nil {
		t.Fatal(err)
	}
	return res.Replies
}

// rebindQ turns ? placeholders into $n on PostgreSQL.
func (d db) rebindQ(q string) string {
	if !d.pg {
		return q
	}
	var b strings.Builder
	n := 0
	for _, r := range q {
		if r == '?' {
			n++
			fmt.Fprintf(&b, "$%d", n)
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}
