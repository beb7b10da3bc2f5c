package scheduler_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/debrief-sms/debrief"
	"github.com/debrief-sms/debrief/internal/clocktest"
	"github.com/debrief-sms/debrief/internal/followup"
	"github.com/debrief-sms/debrief/internal/scheduler"
	"github.com/debrief-sms/debrief/internal/store/storetest"
)

// paced accepts every text at once, like instant, and notes when the
// first and the last of want went out (real time: the limiter's).
type paced struct {
	instant
	want  int64
	mu    sync.Mutex
	first time.Time
	last  time.Time
	done  chan struct{}
}

func (p *paced) Send(ctx context.Context, to, body string) (debrief.Sent, error) {
	res, err := p.instant.Send(ctx, to, body)
	now := time.Now()
	p.mu.Lock()
	if p.first.IsZero() {
		p.first = now
	}
	p.last = now
	p.mu.Unlock()
	if p.n.Load() == p.want {
		close(p.done)
	}
	return res, err
}

// BenchmarkPace measures how close the scheduler sends to SendRate over
// 3,000 due follow-ups on PostgreSQL, first send to last, as pace-% of
// the configured rate (the limiter is real time, so this is a benchmark,
// not a test). "Run" is the scheduler as a process runs it, claiming one
// batch ahead; "RunOnce" calls RunOnce in a loop, one batch claimed only
// once the last is recorded, as Run did before (issue 13 measured 89%).
// checks/text is the queries of the last check before sending, per text
// (one each before the batch check).
//
//	go test -run x -bench Pace -benchtime 1x ./internal/scheduler
func BenchmarkPace(b *testing.B) {
	const n, rate = 3000, 500
	for _, mode := range []string{"Run", "RunOnce"} {
		b.Run(mode, func(b *testing.B) {
			s := openURL(b, "postgres", storetest.PostgresURL(b))
			f := newFixture(b, s, "+16175550199")
			clk := clocktest.New(noon)
			var pace, checks float64
			for b.Loop() {
				b.StopTimer()
				f.add(b, followup.Thanks, noon, n)
				snd := &paced{want: n, done: make(chan struct{})}
				st := &countChecks{Store: s}
				sch := newSchedulerWith(b, scheduler.Config{Store: st, Sender: snd, Now: clk.Now, SendRate: rate})
				b.StartTimer()
				ctx, cancel := context.WithCancel(context.Background())
				ran := make(chan error, 1)
				go func() {
					if mode == "Run" {
						ran <- sch.Run(ctx)
						return
					}
					for ctx.Err() == nil {
						if _, err := sch.RunOnce(ctx); err != nil {
							ran <- err
							return
						}
					}
					ran <- nil
				}()
				select {
				case <-snd.done:
				case <-time.After(3 * time.Minute):
					b.Fatalf("sent %d of %d", snd.n.Load(), n)
				}
				cancel()
				if err := <-ran; err != nil {
					b.Fatal(err)
				}
				snd.mu.Lock()
				// n texts at rate take (n-1)/rate from the first to the last.
				pace = float64(n-1) / snd.last.Sub(snd.first).Seconds() / rate * 100
				snd.mu.Unlock()
				checks = float64(st.one.Load()+st.batch.Load()) / n
				var left int
				s.query(b, `SELECT count(*) FROM followups WHERE kind = 'thanks' AND status <> 'sent'`, nil, &left)
				if left != 0 {
					b.Fatalf("%d follow-ups not recorded sent", left)
				}
			}
			b.ReportMetric(pace, "pace-%")
			b.ReportMetric(checks, "checks/text")
			b.ReportMetric(0, "ns/op")
		})
	}
}
