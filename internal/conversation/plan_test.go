package conversation

import (
	"bufio"
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/debrief-sms/debrief"
	"github.com/debrief-sms/debrief/internal/followup"
	"github.com/debrief-sms/debrief/internal/texts"
)

// TestPlanCorpus steps every text of testdata/plans.tsv for a volunteer
// with no question waiting and checks what is planned: the person and the
// time (a plan, confirmed), the person and the day (asked once for the
// time), or nothing (a text that is not a plan goes its usual way).
func TestPlanCorpus(t *testing.T) {
	t.Parallel()
	f, err := os.Open("testdata/plans.tsv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	loc := newYork()
	now := time.Date(2026, 12, 1, 10, 0, 0, 0, loc)
	rules := followup.DefaultRules()
	sc := bufio.NewScanner(f)
	n := 0
	for sc.Scan() {
		line := sc.Text()
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		cols := strings.Split(line, "\t")
		if len(cols) != 3 {
			t.Fatalf("want 3 columns: %q", line)
		}
		text, person, when := cols[0], cols[1], cols[2]
		n++
		t.Run(text, func(t *testing.T) {
			lang := debrief.English
			if strings.HasPrefix(strings.ToUpper(text), "PLANEAR") {
				lang = debrief.Spanish
			}
			st := State{Volunteer: debrief.Volunteer{ID: 1, Name: "Ana", TeamName: "Riverside", Language: lang}, Step: StepDone,
				LastSeq: 1, Draft: &debrief.Report{Seq: 1, PersonName: "Bo", Status: debrief.ReportComplete}}
			res := Step(st, Inbound{Body: text}, Env{Now: now, Location: loc, FollowUps: &rules})
			add, draft := res.Effects.Plan.Add, (*Plan)(nil)
			if res.State.Plans != nil {
				draft = res.State.Plans.Draft
			}
			switch {
			case person == "-":
				if add != nil || draft != nil {
					t.Fatalf("read as a plan: %+v %+v, replies %q", add, draft, res.Replies)
				}
			case strings.HasSuffix(when, "day"):
				day, err := time.ParseInLocation(time.DateOnly, strings.TrimSuffix(when, "day"), loc)
				if err != nil {
					t.Fatal(err)
				}
				if add != nil || draft == nil || draft.Person != person || !draft.At.Equal(day) {
					t.Fatalf("want %s on %s asked for a time; got plan %+v, draft %+v, replies %q", person, day, add, draft, res.Replies)
				}
			default:
				at, err := time.Parse(time.RFC3339, when)
				if err != nil {
					t.Fatal(err)
				}
				if add == nil || add.Person != person || !add.At.Equal(at) || !add.HasTime {
					t.Fatalf("want %s at %s; got plan %+v, draft %+v, replies %q", person, at, add, draft, res.Replies)
				}
				if len(res.Replies) != 1 || texts.Segments(res.Replies[0]) != 1 {
					t.Fatalf("want one confirmation of one segment, got %q", res.Replies)
				}
			}
		})
	}
	if n < 30 {
		t.Fatalf("only %d texts in the corpus", n)
	}
}

// TestPlanWhileAnswering: with a question waiting, only PLAN in capitals
// is a plan (saved for its day, the question asked again); in other cases
// the text answers the question.
func TestPlanWhileAnswering(t *testing.T) {
	t.Parallel()
	loc := newYork()
	now := time.Date(2026, 12, 1, 10, 0, 0, 0, loc)
	rules := followup.DefaultRules()
	st := State{Volunteer: debrief.Volunteer{ID: 1, Name: "Ana", Language: debrief.English}, Step: KeyNextSteps, LastSeq: 1,
		Draft: &debrief.Report{Seq: 1, PersonName: "Bo", Status: debrief.ReportDraft, StartedAt: now, UpdatedAt: now}}
	for _, tc := range []struct {
		name, text string
		plan       bool
	}{
		{"capitals", "PLAN Maria Friday", true},
		{"lower case answers", "plan to call her Friday", false},
		{"meeting in plain words answers", "meeting Maria friday at 3", false},
		{"PLANS lists", "PLANS", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res := Step(st, Inbound{Body: tc.text}, Env{Now: now.Add(time.Minute), Location: loc, FollowUps: &rules})
			if got := res.Effects.Plan.Add != nil; got != tc.plan {
				t.Fatalf("plan %v, want %v: %q", got, tc.plan, res.Replies)
			}
			if tc.plan && (res.State.Step != KeyNextSteps || !strings.Contains(res.Replies[len(res.Replies)-1], "next steps")) {
				t.Fatalf("the question is not asked again: %q", res.Replies)
			}
			if tc.plan && res.Effects.Plan.Add.HasTime {
				t.Fatalf("a plan without a time mid-report keeps the day: %+v", res.Effects.Plan.Add)
			}
		})
	}
}

// TestPlanClosedByReport: a report on the person planned closes the plan,
// by the same name folded or a first name; a report on someone else does
// not.
func TestPlanClosedByReport(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		planned, reported string
		closes            bool
	}{
		{"María López", "maria lopez", true},
		{"Maria", "Maria Lopez", true},
		{"Maria Lopez", "Maria", true},
		{"Maria Lopez", "Maria Ruiz", false},
		{"Sam", "Samantha", false},
	} {
		t.Run(tc.planned+" / "+tc.reported, func(t *testing.T) {
			if got := samePerson(tc.planned, tc.reported); got != tc.closes {
				t.Fatalf("samePerson = %v, want %v", got, tc.closes)
			}
		})
	}
}

// TestPlanAcrossZones plans "Friday 3pm" in three zones and checks the
// plan's instant and its follow-ups' due times: an hour before and after
// in the volunteer's zone, a next-day ask, quiet hours respected.
func TestPlanAcrossZones(t *testing.T) {
	t.Parallel()
	rules := followup.DefaultRules()
	for _, tc := range []struct {
		zone, text           string
		at                   string // the plan, RFC 3339
		reminder, ask, again string // due, RFC 3339; "" for none
	}{
		{"America/New_York", "PLAN Maria Friday 3pm", "2026-12-04T15:00:00-05:00",
			"2026-12-04T14:00:00-05:00", "2026-12-04T16:00:00-05:00", "2026-12-05T16:00:00-05:00"},
		{"America/Los_Angeles", "PLAN Maria Friday 7:30pm", "2026-12-04T19:30:00-08:00",
			"2026-12-04T18:30:00-08:00", "2026-12-05T09:00:00-08:00", "2026-12-06T09:00:00-08:00"},
		{"America/Chicago", "PLAN Maria Friday 9:30am", "2026-12-04T09:30:00-06:00",
			"2026-12-04T09:00:00-06:00", "2026-12-04T10:30:00-06:00", "2026-12-05T10:30:00-06:00"},
		{"America/Denver", "PLAN Maria Friday 8am", "2026-12-04T08:00:00-07:00",
			"", "2026-12-04T09:00:00-07:00", "2026-12-05T09:00:00-07:00"},
		{"Pacific/Honolulu", "PLANEAR Maria viernes a las 8pm", "2026-12-04T20:00:00-10:00",
			"2026-12-04T19:00:00-10:00", "2026-12-05T09:00:00-10:00", "2026-12-06T09:00:00-10:00"},
	} {
		t.Run(tc.zone, func(t *testing.T) {
			loc, err := time.LoadLocation(tc.zone)
			if err != nil {
				t.Fatal(err)
			}
			now := time.Date(2026, 12, 1, 10, 0, 0, 0, loc)
			st := State{Volunteer: debrief.Volunteer{ID: 1, Name: "Ana", Language: debrief.English}}
			res := Step(st, Inbound{Body: tc.text}, Env{Now: now, Location: loc, FollowUps: &rules})
			p := res.Effects.Plan.Add
			if p == nil {
				t.Fatalf("no plan: %q", res.Replies)
			}
			if want := mustTime(t, tc.at); !p.At.Equal(want) {
				t.Fatalf("plan at %s, want %s", p.At.In(loc), want)
			}
			due := map[followup.Kind]time.Time{}
			for _, f := range res.Effects.Plan.FollowUps {
				due[f.Kind] = f.DueAt
			}
			for kind, want := range map[followup.Kind]string{followup.PlanReminder: tc.reminder, followup.PlanAsk: tc.ask, followup.PlanAskAgain: tc.again} {
				got, ok := due[kind]
				switch {
				case want == "" && ok:
					t.Errorf("%s due %s, want none", kind, got.In(loc))
				case want != "" && (!ok || !got.Equal(mustTime(t, want))):
					t.Errorf("%s due %s, want %s", kind, got.In(loc), want)
				}
			}
		})
	}
}

func mustTime(t *testing.T, s string) time.Time {
	t.Helper()
	at, err := time.Parse(time.RFC3339, s)
	if err != nil {
		t.Fatal(err)
	}
	return at
}

// FuzzPlan steps any text from states with plans (none, open ones, one
// asked for its time, an ask after a 1:1 open) and checks what a plan
// step promises: a plan stored has a person and a time to come, its
// follow-ups are due in order and not before now, CANCEL drops a plan that
// was open, and every reply is GSM-7 and one segment.
func FuzzPlan(f *testing.F) {
	for _, s := range []string{"PLAN Maria Friday 3pm", "PLANEAR Maria viernes a las 3", "plans", "CANCEL PLAN", "cancel plan 2",
		"CANCELAR PLAN Maria", "meeting Sam thursday at 4", "voy a ver a Carmen el lunes", "3pm", "SKIP", "it went great",
		"no", "LATER", "PLAN", "PLAN 3pm", "PLAN Maria last friday", "PLAN Maria next week", "", "🙂"} {
		f.Add(s, uint8(0))
		f.Add(s, uint8(3))
	}
	loc := newYork()
	now := time.Date(2026, 12, 1, 10, 0, 0, 0, loc)
	open := &Plans{Seq: 2, Open: []Plan{{Seq: 1, Person: "Maria", At: now.Add(48 * time.Hour), HasTime: true}, {Seq: 2, Person: "Sam", At: now.Add(72 * time.Hour)}}}
	drafting := &Plans{Seq: 2, Open: open.Open, Draft: &Plan{Person: "Jo", At: time.Date(2026, 12, 5, 0, 0, 0, 0, loc)}}
	vol := debrief.Volunteer{ID: 1, Name: "Ana", Language: debrief.English}
	states := []State{
		{Volunteer: vol},
		{Volunteer: vol, Plans: open},
		{Volunteer: vol, Plans: drafting},
		{Volunteer: vol, Plans: open, OpenReminder: &Reminder{ID: 7, Kind: followup.PlanAsk, Person: "Maria", PlanSeq: 1}},
		{Volunteer: vol, Plans: open, Step: KeyIssue, LastSeq: 1, Draft: &debrief.Report{Seq: 1, PersonName: "Bo", StartedAt: now, UpdatedAt: now}},
	}
	rules := followup.DefaultRules()
	f.Fuzz(func(t *testing.T, body string, which uint8) {
		s := states[int(which)%len(states)]
		before := fmt.Sprint(s.Plans)
		res := Step(s, Inbound{Body: body}, Env{Now: now, Location: loc, FollowUps: &rules})
		if fmt.Sprint(s.Plans) != before {
			t.Fatalf("Step changed the caller's plans")
		}
		for _, r := range res.Replies {
			if !texts.IsGSM7(r) || texts.Segments(r) > 1 && !strings.Contains(r, "\n") {
				t.Fatalf("reply %q to %q is not GSM-7 or longer than a segment", r, body)
			}
		}
		if p := res.Effects.Plan.Add; p != nil {
			if p.Person == "" || pastIn(p.At, p.HasTime, now, loc) {
				t.Fatalf("plan %+v from %q", p, body)
			}
			last := now
			for _, fu := range res.Effects.Plan.FollowUps {
				if fu.DueAt.Before(last) {
					t.Fatalf("follow-ups out of order or past: %+v", res.Effects.Plan.FollowUps)
				}
				last = fu.DueAt
			}
		}
		if c := res.Effects.Plan.Cancel; c != 0 && (s.Plans == nil || !slices.ContainsFunc(s.Plans.Open, func(p Plan) bool { return p.Seq == c })) {
			t.Fatalf("cancelled plan %d that was not open", c)
		}
	})
}

// TestPlanWithReminderOpen: with a reminder open, a plan in plain words is
// a plan, not a day to move the reminder to, and not a reply to a plan's
// ask; other replies answer the reminder as before.
func TestPlanWithReminderOpen(t *testing.T) {
	t.Parallel()
	loc := newYork()
	now := time.Date(2026, 12, 1, 10, 0, 0, 0, loc)
	rules := followup.DefaultRules()
	vol := debrief.Volunteer{ID: 1, Name: "Ana", Language: debrief.English}
	open := &Plans{Seq: 1, Open: []Plan{{Seq: 1, Person: "Maria", At: now.Add(-2 * time.Hour), HasTime: true}}}
	for _, tc := range []struct {
		name   string
		rem    Reminder
		text   string
		plan   bool // a plan added
		report bool // a report started
		moved  bool // the reminder rescheduled
	}{
		{"thanks, a plan", Reminder{ID: 5, Kind: followup.Thanks, Person: "Bo", ReportSeq: 1}, "meeting Sam friday at 3", true, false, false},
		{"thanks, a day", Reminder{ID: 5, Kind: followup.Thanks, Person: "Bo", ReportSeq: 1}, "friday", false, false, true},
		{"ask, a plan", Reminder{ID: 6, Kind: followup.PlanAsk, Person: "Maria", PlanSeq: 1}, "I'm meeting Sam friday at 3", true, false, false},
		{"ask, a reply", Reminder{ID: 6, Kind: followup.PlanAsk, Person: "Maria", PlanSeq: 1}, "went well, she'll host", false, true, false},
		{"ask, later", Reminder{ID: 6, Kind: followup.PlanAsk, Person: "Maria", PlanSeq: 1}, "LATER", false, false, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rem := tc.rem
			st := State{Volunteer: vol, Plans: open, OpenReminder: &rem}
			res := Step(st, Inbound{Body: tc.text}, Env{Now: now, Location: loc, FollowUps: &rules})
			e := res.Effects
			if (e.Plan.Add != nil) != tc.plan || (res.State.Draft != nil) != tc.report || (e.Reschedule != nil) != tc.moved {
				t.Fatalf("plan %+v, draft %+v, moved %+v; replies %q", e.Plan.Add, res.State.Draft, e.Reschedule, res.Replies)
			}
			if tc.report && (res.State.Draft.PersonName != "Maria" || e.Plan.Answered != 1 || res.State.Plans.Report != 1) {
				t.Fatalf("report %+v, answered %d, plans %+v", res.State.Draft, e.Plan.Answered, res.State.Plans)
			}
		})
	}
}

// TestPlanWhileSigningUp: a plan keyword in capitals while signing up is
// neither a name nor a team; sign-up goes on. "Plan B" is a team.
func TestPlanWhileSigningUp(t *testing.T) {
	t.Parallel()
	loc := newYork()
	now := time.Date(2026, 12, 1, 10, 0, 0, 0, loc)
	for _, tc := range []struct {
		text, team string
	}{{"PLAN Maria Lopez tomorrow 3pm", ""}, {"Plan B", "Plan B"}} {
		t.Run(tc.text, func(t *testing.T) {
			st := State{Volunteer: debrief.Volunteer{Name: "Ana", Language: debrief.English}, Step: StepTeam}
			res := Step(st, Inbound{Body: tc.text}, Env{Now: now, Location: loc})
			if res.Effects.CreateTeam != tc.team || res.Effects.Plan.Add != nil {
				t.Fatalf("team %q, plan %+v: %q", res.Effects.CreateTeam, res.Effects.Plan.Add, res.Replies)
			}
		})
	}
}
