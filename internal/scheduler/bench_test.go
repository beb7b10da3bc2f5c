package scheduler_test

import (
	"testing"
	"time"

	"github.com/debrief-sms/debrief/internal/followup"
	"github.com/debrief-sms/debrief/internal/scheduler"
	"github.com/debrief-sms/debrief/internal/store/storetest"
)

// BenchmarkDispatch measures the dispatch loop's database side on
// PostgreSQL with pacing off: claim, re-check, send to a fake, record.
func BenchmarkDispatch(b *testing.B) {
	s := storetest.OpenPostgres(b)
	f := newFixture(b, s, "+16175550199")
	clk := &clock{t: noon}
	snd := newFakeSender()
	sch, err := scheduler.New(scheduler.Config{Store: s, Sender: snd, Rules: followup.DefaultRules(),
		DefaultLocation: newYork, Now: clk.Now, Batch: 200, Workers: 16})
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		b.StopTimer()
		f.add(b, followup.Thanks, noon, 1000)
		b.StartTimer()
		start := time.Now()
		if n := runAll(b, sch); n != 1000 {
			b.Fatalf("sent %d", n)
		}
		b.ReportMetric(1000/time.Since(start).Seconds(), "sends/s")
	}
}
