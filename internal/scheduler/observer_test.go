package scheduler_test

import (
	"fmt"
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/debrief-sms/debrief/internal/clocktest"
	"github.com/debrief-sms/debrief/internal/followup"
	"github.com/debrief-sms/debrief/internal/scheduler"
	"github.com/debrief-sms/debrief/internal/store/storetest"
	"github.com/debrief-sms/debrief/internal/twilio/twiliotest"
)

// observed records what the scheduler tells its Observer, as
// "kind" for a send and "kind code" for a failure.
type observed struct {
	mu     sync.Mutex
	counts map[string]int
}

func (o *observed) Sent(kind followup.Kind) { o.add(string(kind)) }
func (o *observed) SendFailed(kind followup.Kind, code int) {
	o.add(fmt.Sprintf("%s %d", kind, code))
}

func (o *observed) add(key string) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.counts[key]++
}

// TestObserverHearsEverySend checks that each send Twilio accepted, and
// each one it refused, is told once, with the kind and Twilio's code.
func TestObserverHearsEverySend(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		script func(tw *twiliotest.Server, to string)
		want   map[string]int
	}{
		{"accepted", func(*twiliotest.Server, string) {}, map[string]int{"thanks": 1}},
		{"opted out", func(tw *twiliotest.Server, to string) { tw.OptOut(to) }, map[string]int{"thanks 21610": 1}},
		{"bad number: the organizer is told", func(tw *twiliotest.Server, to string) { tw.BadNumber(to) },
			map[string]int{"thanks 21211": 1, "organizer_bad_number": 1}},
		{"retried, then sent", func(tw *twiliotest.Server, to string) {
			tw.FailNext(to, 20500, http.StatusInternalServerError, 1)
		}, map[string]int{"thanks 20500": 1, "thanks": 1}},
	}
	for _, b := range storetest.Backends(t) {
		t.Run(b.Name, func(t *testing.T) {
			t.Parallel()
			for i, tc := range tests {
				t.Run(tc.name, func(t *testing.T) {
					t.Parallel()
					s := openDB(t, b)
					f := newFixture(t, s, fmt.Sprintf("+161755504%02d", i))
					clk := clocktest.New(noon)
					tw, snd := newTwilio(t)
					tw.SetClock(clk.Now)
					tc.script(tw, f.phone)
					obs := &observed{counts: map[string]int{}}
					sch := newSchedulerWith(t, scheduler.Config{Store: s, Sender: snd, Now: clk.Now,
						Workers: 1, MaxAttempts: 3, BackoffBase: time.Minute, Observer: obs})
					f.add(t, followup.Thanks, noon, 1)
					runAll(t, sch)
					clk.Advance(5 * time.Minute) // past the first backoff
					runAll(t, sch)
					if fmt.Sprint(obs.counts) != fmt.Sprint(tc.want) {
						t.Errorf("observed %v, want %v", obs.counts, tc.want)
					}
				})
			}
		})
	}
}
