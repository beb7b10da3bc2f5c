package scheduler_test

import (
	"testing"
	"time"

	"github.com/debrief-sms/debrief/internal/clocktest"
	"github.com/debrief-sms/debrief/internal/followup"
	"github.com/debrief-sms/debrief/internal/scheduler"
	"github.com/debrief-sms/debrief/internal/store/storetest"
)

// TestFaultClockSkew: Twilio's clock runs behind ours, so a text it took
// after our send began carries an earlier date_created than our record of
// the send, and near midnight a date_sent on the day before ours. The
// look-up before a second send must still find it: one text each, none
// lost, in the afternoon and across midnight (GMT, Twilio's DateSent day).
func TestFaultClockSkew(t *testing.T) {
	t.Parallel()
	midnight := noon.UTC().Truncate(24 * time.Hour).Add(24 * time.Hour)
	for _, tc := range []struct {
		name   string
		at     time.Time
		behind time.Duration
	}{
		{"behind 3 minutes", noon, 3 * time.Minute},
		{"behind 3 minutes across midnight", midnight.Add(time.Minute), 3 * time.Minute},
		{"behind 4 minutes", noon, 4 * time.Minute},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			storetest.Each(t, func(t *testing.T, b storetest.Backend) {
				s := openDB(t, b)
				const n = 4
				clk := clocktest.New(tc.at)
				phones := reporters(t, s, n, tc.at)
				tw, snd := newTwilio(t)
				tw.SetClock(func() time.Time { return clk.Now().Add(-tc.behind) })
				// Midnight GMT is evening in New York, within quiet
				// hours once summer time begins: none here, the texts
				// are due at once.
				rules := followup.DefaultRules()
				rules.Quiet = followup.QuietHours{}
				runAll(t, newSchedulerWith(t, scheduler.Config{Store: killed{s}, Sender: snd, Now: clk.Now, Workers: 2, Rules: rules}))
				if got := len(tw.Sent()); got != n {
					t.Fatalf("Twilio accepted %d texts, want %d", got, n)
				}
				clk.Advance(6 * time.Minute) // the lease ends
				runAll(t, newSchedulerWith(t, scheduler.Config{Store: s, Sender: snd, Now: clk.Now, Workers: 2, Rules: rules}))
				checkOnce(t, s, tw, phones)
			})
		})
	}
}
