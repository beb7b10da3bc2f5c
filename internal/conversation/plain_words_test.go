package conversation

import (
	"strings"
	"testing"
	"time"

	"github.com/debrief-sms/debrief"
	"github.com/debrief-sms/debrief/internal/followup"
)

// A stop in plain words opts out: one text says how to rejoin, then
// nothing more.
func TestOptOutInPlainWords(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		body string
		lang debrief.Language
		want string
	}{
		{"Stop texting me", debrief.English, "text START"},
		{"please stop", debrief.English, "text START"},
		{"unsubscribe me", debrief.English, "text START"},
		{"basta", debrief.Spanish, "escribe START"},
		{"no más mensajes", debrief.Spanish, "escribe START"},
	} {
		t.Run(tc.body, func(t *testing.T) {
			t.Parallel()
			c := newConvo(t, known(tc.lang))
			c.st = midReport(tc.lang, KeyEnjoy)
			c.send(tc.body)
			if !c.last.Effects.OptedOut || !c.st.Volunteer.OptedOut || len(c.last.Replies) != 1 || !strings.Contains(c.reply(), tc.want) {
				t.Fatalf("%q: replies %q, opted out %v", tc.body, c.last.Replies, c.st.Volunteer.OptedOut)
			}
			if res := Step(c.st, Inbound{Body: "hello?"}, Env{Now: start.Add(time.Hour), Location: newYork()}); len(res.Replies) != 0 {
				t.Errorf("after opting out, replied %q", res.Replies)
			}
		})
	}
}

// Yes and no the ways people say them, to "Have you thanked Maria?".
func TestThankedInPlainWords(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		body string
		lang debrief.Language
		want bool
	}{
		{"not yet, will tonight", debrief.English, false},
		{"of course", debrief.English, true},
		{"texted her already", debrief.English, true},
		{"yes I did", debrief.English, true},
		{"todavía no", debrief.Spanish, false},
		{"claro que sí", debrief.Spanish, true},
	} {
		t.Run(tc.body, func(t *testing.T) {
			t.Parallel()
			c := newConvo(t, known(tc.lang))
			c.st = midReport(tc.lang, KeyThanked)
			c.send(tc.body)
			d := c.st.Draft
			if d.Thanked == nil || *d.Thanked != tc.want || d.Status != debrief.ReportComplete {
				t.Fatalf("%q: thanked %v, status %q; reply %q", tc.body, d.Thanked, d.Status, c.reply())
			}
		})
	}
}

// Replies to a reminder in natural words close it or move it, but only
// when no question waits for an answer.
func TestReminderRepliesInPlainWords(t *testing.T) {
	t.Parallel()
	rules := followup.DefaultRules()
	for _, tc := range []struct {
		name, body string
		step       string
		lang       debrief.Language
		kind       followup.Kind
		wantClose  bool
		wantMove   bool
		wantThanks bool
	}{
		{"yes I thanked her", "yes I thanked her", StepDone, debrief.English, followup.Thanks, true, false, true},
		{"ok will do", "ok will do", StepDone, debrief.English, followup.Thanks, true, false, true},
		{"ya le di las gracias", "ya le di las gracias", StepDone, debrief.Spanish, followup.Thanks, true, false, true},
		{"done! to a next step", "done!", StepDone, debrief.English, followup.NextStep, true, false, false},
		{"not now moves it", "not now", StepDone, debrief.English, followup.NextStep, false, true, false},
		{"mid-report, not yet answers the question", "not yet", KeyIssue, debrief.English, followup.NextStep, false, false, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			st := reminderState(tc.lang, tc.step)
			st.OpenReminder.Kind, st.OpenReminder.ReportSeq = tc.kind, 1
			if tc.step == KeyIssue {
				st.Draft = &debrief.Report{Seq: 2, PersonName: "Joe", Status: debrief.ReportDraft, StartedAt: tuesday, UpdatedAt: tuesday}
				st.LastSeq = 2
			}
			res := Step(st, Inbound{Body: tc.body}, Env{Now: tuesday, Location: newYork(), FollowUps: &rules})
			if got := res.Effects.CloseReminder == 42; got != tc.wantClose {
				t.Errorf("closed %v, want %v; replies %q", got, tc.wantClose, res.Replies)
			}
			if got := res.Effects.Reschedule != nil; got != tc.wantMove {
				t.Errorf("moved %v, want %v; replies %q", got, tc.wantMove, res.Replies)
			}
			thanked := res.State.Draft.Seq == 1 && res.State.Draft.Thanked != nil && *res.State.Draft.Thanked
			if thanked != tc.wantThanks {
				t.Errorf("report thanked %v, want %v", thanked, tc.wantThanks)
			}
		})
	}
}
