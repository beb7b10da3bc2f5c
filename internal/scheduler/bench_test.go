package scheduler_test

import (
	"context"
	"fmt"
	"sync/atomic"
	"testing"
	"time"

	"github.com/debrief-sms/debrief"
	"github.com/debrief-sms/debrief/internal/clocktest"
	"github.com/debrief-sms/debrief/internal/followup"
	"github.com/debrief-sms/debrief/internal/scheduler"
	"github.com/debrief-sms/debrief/internal/store/storetest"
)

// instant accepts every text at once, in process: it takes Twilio and
// HTTP out of the dispatch loop so the database's share shows.
type instant struct{ n atomic.Int64 }

func (i *instant) Send(context.Context, string, string) (debrief.Sent, error) {
	return debrief.Sent{SID: fmt.Sprintf("SM%032x", i.n.Add(1)), Status: "queued", Segments: 1}, nil
}

func (i *instant) SentTo(context.Context, string, time.Time) ([]debrief.Sent, error) {
	return nil, nil
}

// BenchmarkDispatch measures the dispatch loop on PostgreSQL with pacing
// off, 1,000 due follow-ups a round: claim, re-check, send, record.
// "twilio" sends through TwilioSender and twilio-go over HTTP to
// twiliotest; "in-process" sends to a Sender that answers at once, so the
// difference is the HTTP side's cost.
func BenchmarkDispatch(b *testing.B) {
	b.Run("twilio", func(b *testing.B) {
		tw, snd := newTwilio(b)
		benchDispatch(b, snd)
		if got := tw.Requests(); got < 1000 {
			b.Fatalf("Twilio got %d requests", got)
		}
	})
	b.Run("in-process", func(b *testing.B) { benchDispatch(b, &instant{}) })
}

func benchDispatch(b *testing.B, snd scheduler.Sender) {
	const round = 1000
	s := openURL(b, "postgres", storetest.PostgresURL(b))
	f := newFixture(b, s, "+16175550199")
	clk := clocktest.New(noon)
	sch := newSchedulerWith(b, scheduler.Config{Store: s, Sender: snd, Now: clk.Now, Batch: 200, Workers: 16})
	b.ReportAllocs()
	var sent int
	var elapsed time.Duration
	for b.Loop() {
		b.StopTimer()
		f.add(b, followup.Thanks, noon, round)
		b.StartTimer()
		start := time.Now()
		if n := runAll(b, sch); n != round {
			b.Fatalf("sent %d", n)
		}
		elapsed += time.Since(start)
		sent += round
	}
	b.ReportMetric(float64(sent)/elapsed.Seconds(), "sends/s")
	b.ReportMetric(0, "ns/op") // an op is a round of 1,000; sends/s says it
}
