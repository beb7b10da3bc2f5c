package conversation

import (
	"strings"
	"testing"
	"time"

	"github.com/debrief-sms/debrief"
	"github.com/debrief-sms/debrief/internal/followup"
)

// A Tuesday morning in New York.
var tuesday = time.Date(2026, 11, 24, 10, 15, 0, 0, newYork())

func reminderState(lang debrief.Language, step string) State {
	done := &debrief.Report{Seq: 1, PersonName: "Maria", Status: debrief.ReportComplete, StartedAt: tuesday.Add(-48 * time.Hour), UpdatedAt: tuesday.Add(-48 * time.Hour)}
	return State{
		Volunteer:    known(lang),
		Draft:        done,
		LastSeq:      1,
		Step:         step,
		LastActivity: tuesday.Add(-time.Hour),
		OpenReminder: &Reminder{ID: 42, Kind: followup.NextStep, Person: "Maria"},
	}
}

// editingNextSteps is a saved report whose next-steps answer is being
// changed (EDIT, 4), with a reminder open.
func editingNextSteps() State {
	st := reminderState(debrief.English, "next_steps")
	st.Editing = true
	return st
}

func TestReminderReplies(t *testing.T) {
	t.Parallel()
	rules := followup.DefaultRules()
	ny := newYork()
	inProgress := reminderState(debrief.English, "issue")
	inProgress.Draft = &debrief.Report{Seq: 2, PersonName: "Joe", Status: debrief.ReportDraft, StartedAt: tuesday, UpdatedAt: tuesday}
	inProgress.LastSeq = 2
	tests := []struct {
		name       string
		st         State
		body       string
		rules      *followup.Rules
		wantClose  int64
		wantMoveTo time.Time
		wantReply  string
	}{
		{name: "done closes the reminder", st: reminderState(debrief.English, StepDone), body: "Done!", rules: &rules, wantClose: 42, wantReply: "Maria"},
		{name: "done in any case", st: reminderState(debrief.English, ""), body: " done ", rules: &rules, wantClose: 42, wantReply: "Maria"},
		{name: "hecho in Spanish", st: reminderState(debrief.Spanish, StepDone), body: "Hecho", rules: &rules, wantClose: 42, wantReply: "Maria"},
		{name: "later is tomorrow same time", st: reminderState(debrief.English, StepDone), body: "LATER", rules: &rules,
			wantMoveTo: time.Date(2026, 11, 25, 10, 15, 0, 0, ny), wantReply: "Maria"},
		{name: "a weekday moves it to that morning", st: reminderState(debrief.English, StepDone), body: "Friday", rules: &rules,
			wantMoveTo: time.Date(2026, 11, 27, 9, 0, 0, 0, ny), wantReply: "Fri Nov 27"},
		{name: "in 3 days", st: reminderState(debrief.English, StepDone), body: "in 3 days", rules: &rules,
			wantMoveTo: time.Date(2026, 11, 27, 9, 0, 0, 0, ny), wantReply: "Maria"},
		{name: "el viernes", st: reminderState(debrief.Spanish, StepDone), body: "el viernes", rules: &rules,
			wantMoveTo: time.Date(2026, 11, 27, 9, 0, 0, 0, ny), wantReply: "Maria"},
		{name: "a time at night waits for the morning", st: reminderState(debrief.English, StepDone), body: "tomorrow 10pm", rules: &rules,
			wantMoveTo: time.Date(2026, 11, 26, 9, 0, 0, 0, ny), wantReply: "Maria"},
		{name: "a date mid-report answers the question", st: inProgress, body: "Friday", rules: &rules, wantReply: "Joe"},
		{name: "manana mid-report answers the question", st: inProgress, body: "mañana", rules: &rules, wantReply: "Joe"},
		{name: "tomorrow when idle moves it to the morning", st: reminderState(debrief.English, StepDone), body: "tomorrow", rules: &rules,
			wantMoveTo: time.Date(2026, 11, 25, 9, 0, 0, 0, ny), wantReply: "Maria"},
		{name: "a date while editing answers the edit", st: editingNextSteps(), body: "in 2 weeks", rules: &rules, wantReply: "Got it"},
		{name: "done mid-report still closes", st: inProgress, body: "done", rules: &rules, wantClose: 42, wantReply: "Maria"},
		{name: "other text goes to the conversation", st: reminderState(debrief.English, StepDone), body: "what now?", rules: &rules, wantReply: "NEW"},
		{name: "without rules nothing is a reminder reply", st: reminderState(debrief.English, StepDone), body: "done", rules: nil, wantReply: "NEW"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			res := Step(tc.st, Inbound{Body: tc.body}, Env{Now: tuesday, Location: ny, FollowUps: tc.rules})
			if got := res.Effects.CloseReminder; got != tc.wantClose {
				t.Errorf("CloseReminder = %d, want %d", got, tc.wantClose)
			}
			switch mv := res.Effects.Reschedule; {
			case tc.wantMoveTo.IsZero() && mv != nil:
				t.Errorf("rescheduled to %s, want no change", mv.DueAt)
			case !tc.wantMoveTo.IsZero() && (mv == nil || mv.ID != 42 || !mv.DueAt.Equal(tc.wantMoveTo)):
				t.Errorf("Reschedule = %+v, want 42 at %s", mv, tc.wantMoveTo)
			}
			reply := strings.Join(res.Replies, " | ")
			if !strings.Contains(reply, tc.wantReply) {
				t.Errorf("reply %q lacks %q", reply, tc.wantReply)
			}
			answered := tc.wantClose != 0 || !tc.wantMoveTo.IsZero()
			if answered != (res.State.OpenReminder == nil) {
				t.Errorf("OpenReminder after = %+v (answered %v)", res.State.OpenReminder, answered)
			}
		})
	}
}

func TestCompletedReportSchedulesFollowUps(t *testing.T) {
	t.Parallel()
	rules := followup.DefaultRules()
	ny := newYork()
	no := false
	next := time.Date(2026, 12, 1, 0, 0, 0, 0, ny)
	tests := []struct {
		name       string
		commitment debrief.Commitment
		want       []followup.Kind
	}{
		{"house party tells the organizer", debrief.CommitHouseParty, []followup.Kind{followup.Thanks, followup.NextStep, followup.OrganizerCommitment}},
		{"meeting again", debrief.CommitMeetAgain, []followup.Kind{followup.Thanks, followup.NextStep}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			draft := &debrief.Report{Seq: 1, PersonName: "Maria", Issue: "heat", Commitment: tc.commitment,
				NextSteps: "call", NextContactAt: &next, Enjoy: "cooking", Status: debrief.ReportDraft, StartedAt: tuesday, UpdatedAt: tuesday}
			st := State{Volunteer: known(debrief.English), Draft: draft, LastSeq: 1, Step: "thanked", LastActivity: tuesday}
			res := Step(st, Inbound{Body: "no"}, Env{Now: tuesday.Add(time.Minute), Location: ny, FollowUps: &rules})
			if res.State.Draft.Thanked == nil || *res.State.Draft.Thanked != no || res.State.Draft.Status != debrief.ReportComplete {
				t.Fatalf("report not completed: %+v", res.State.Draft)
			}
			var kinds []followup.Kind
			for _, p := range res.Effects.FollowUps {
				kinds = append(kinds, p.Kind)
			}
			if strings.Join(kindStrings(kinds), ",") != strings.Join(kindStrings(tc.want), ",") {
				t.Fatalf("scheduled %v, want %v", kinds, tc.want)
			}
			if due := res.Effects.FollowUps[1].DueAt; !due.Equal(time.Date(2026, 12, 1, 9, 0, 0, 0, ny)) {
				t.Errorf("next step due %s", due)
			}
			// Editing the saved report does not schedule the follow-ups again.
			again := Step(res.State, Inbound{Body: "EDIT"}, Env{Now: tuesday.Add(2 * time.Minute), Location: ny, FollowUps: &rules})
			again = Step(again.State, Inbound{Body: "2"}, Env{Now: tuesday.Add(3 * time.Minute), Location: ny, FollowUps: &rules})
			again = Step(again.State, Inbound{Body: "asthma"}, Env{Now: tuesday.Add(4 * time.Minute), Location: ny, FollowUps: &rules})
			if len(again.Effects.FollowUps) != 0 || again.State.Draft.Issue != "asthma" {
				t.Errorf("edit after completion: scheduled %v, issue %q", again.Effects.FollowUps, again.State.Draft.Issue)
			}
		})
	}
}

func kindStrings(ks []followup.Kind) []string {
	out := make([]string, len(ks))
	for i, k := range ks {
		out[i] = string(k)
	}
	return out
}
