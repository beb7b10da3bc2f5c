package scheduler_test

import (
	"net/http"
	"testing"
	"time"

	"github.com/debrief-sms/debrief/internal/clocktest"
	"github.com/debrief-sms/debrief/internal/scheduler"
	"github.com/debrief-sms/debrief/internal/store/storetest"
	"github.com/debrief-sms/debrief/internal/twilio"
	"github.com/debrief-sms/debrief/internal/twilio/twiliotest"
)

// TestFaultQueuedAtTwilio: Twilio accepted the texts and still holds them
// in its queue (a busy long code), so they have no date_sent and a
// DateSent filter misses them, when the outcome is unknown: the process
// died before recording, or Twilio answered after the client's timeout.
// The look-up finds them queued and records them: one text each, none
// lost.
func TestFaultQueuedAtTwilio(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		// first sends every text once and leaves its outcome unknown.
		first func(t *testing.T, s db, tw *twiliotest.Server, snd scheduler.Sender, clk *clocktest.Clock)
	}{
		{"killed before recording", func(t *testing.T, s db, tw *twiliotest.Server, snd scheduler.Sender, clk *clocktest.Clock) {
			runAll(t, newSchedulerWith(t, scheduler.Config{Store: killed{s}, Sender: snd, Now: clk.Now, Workers: 4}))
			clk.Advance(6 * time.Minute) // the lease ends
		}},
		{"answered after the timeout", func(t *testing.T, s db, tw *twiliotest.Server, _ scheduler.Sender, clk *clocktest.Clock) {
			tw.Slow(time.Hour)
			tr := http.DefaultTransport.(*http.Transport).Clone()
			t.Cleanup(tr.CloseIdleConnections)
			slow, err := twilio.NewSender(twilio.SenderConfig{
				AccountSID: twiliotest.AccountSID, AuthToken: twiliotest.AuthToken,
				From: "+16175550000", APIURL: tw.URL, StatusCallback: statusCallback,
				HTTPClient: &http.Client{Transport: tr, Timeout: 500 * time.Millisecond},
			})
			if err != nil {
				t.Fatal(err)
			}
			runAll(t, newSchedulerWith(t, scheduler.Config{Store: s, Sender: slow, Now: clk.Now, Workers: 4}))
			tw.Slow(0)
			clk.Advance(time.Minute) // the retry's backoff
		}},
	}
	for _, b := range storetest.Backends(t) {
		t.Run(b.Name, func(t *testing.T) {
			t.Parallel()
			for _, tc := range tests {
				t.Run(tc.name, func(t *testing.T) {
					t.Parallel()
					s := openDB(t, b)
					const n = 6
					clk := clocktest.New(noon)
					phones := reporters(t, s, n, noon)
					tw, snd := newTwilio(t)
					tw.SetClock(clk.Now)
					tw.Hold()
					tc.first(t, s, tw, snd, clk)
					if got := len(tw.Sent()); got != n {
						t.Fatalf("Twilio accepted %d texts, want %d", got, n)
					}
					var doubt int
					s.query(t, `SELECT count(*) FROM followups WHERE status <> 'sent' AND attempt_started_at IS NOT NULL`, nil, &doubt)
					if doubt != n {
						t.Fatalf("%d follow-ups in doubt, want %d", doubt, n)
					}
					runAll(t, newSchedulerWith(t, scheduler.Config{Store: s, Sender: snd, Now: clk.Now, Workers: 4,
						BackoffBase: time.Minute}))
					for _, m := range tw.Sent() {
						if !m.DateSent.IsZero() || m.Status != "queued" {
							t.Fatalf("text %s %s, sent %s: Twilio was to hold it queued", m.SID, m.Status, m.DateSent)
						}
					}
					checkOnce(t, s, tw, phones)
					afterLease(t, s, tw, snd, clk)
				})
			}
		})
	}
}
