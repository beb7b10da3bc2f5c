package inbox_test

import (
	"strings"
	"testing"
	"time"

	"github.com/debrief-sms/debrief/internal/followup"
	"github.com/debrief-sms/debrief/internal/inbox"
	"github.com/debrief-sms/debrief/internal/store/storetest"
)

// TestKeptStateMadeStaleByAReminder: the inbox keeps Ana's state after her
// report, with no open reminder; the scheduler then texts her the thank-you
// reminder. Her DONE must not be stepped from the kept state (it would
// answer "no reminder" and leave the reminder open): RecordSent bumps her
// conversation's version, Save fails, and the inbox loads.
func TestKeptStateMadeStaleByAReminder(t *testing.T) {
	t.Parallel()
	const ana = "+16175550188"
	storetest.Each(t, func(t *testing.T, b storetest.Backend) {
		w := newFollowupWorld(t, b)
		ny, _ := time.LoadLocation("America/New_York")
		rules := followup.DefaultRules()
		// Kept long enough to outlive the two hours before the reminder.
		w.ib = inbox.New(w.st, inbox.Options{Now: w.clock.Now, DefaultLocation: ny, FollowUps: &rules, StateTTL: 30 * 24 * time.Hour})
		w.report(ana, "Riverside", "3")
		w.clock.Advance(2 * time.Hour)
		if sent := w.send(); len(sent) != 1 || sent[0].To != ana {
			t.Fatalf("thank-you reminder: %+v", sent)
		}
		if reply := w.text(ana, "Done"); !strings.Contains(reply, "Maria") {
			t.Fatalf("DONE reply %q does not name Maria", reply)
		}
		if got, want := w.followups(ana), "thanks:done next_step:pending"; got != want {
			t.Fatalf("after DONE: %s, want %s", got, want)
		}
	})
}
