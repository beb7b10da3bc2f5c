package scheduler_test

import (
	"context"
	"sync/atomic"
	"testing"
	"time"

	"github.com/debrief-sms/debrief/internal/clocktest"
	"github.com/debrief-sms/debrief/internal/scheduler"
	"github.com/debrief-sms/debrief/internal/store"
	"github.com/debrief-sms/debrief/internal/store/storetest"
)

// countReleases counts the follow-ups a store is given back.
type countReleases struct {
	scheduler.Store
	n atomic.Int64
}

func (c *countReleases) ReleaseFollowups(ctx context.Context, due []store.DueFollowup, at time.Time) error {
	c.n.Add(int64(len(due)))
	return c.Store.ReleaseFollowups(ctx, due, at)
}

// TestHalfLeaseGivesBack runs a scheduler whose pace cannot send a batch,
// and the batch it claims ahead, within half their lease: what would wait
// longer is given back unsent while its lease still holds, claimed again,
// and every follow-up is still sent exactly once. (The lease is real time
// here, 1 s, as the provider's pace is: the test takes a few seconds.)
func TestHalfLeaseGivesBack(t *testing.T) {
	t.Parallel()
	s := openURL(t, "postgres", storetest.PostgresURL(t))
	const n = 20
	phones := reporters(t, s, n, noon)
	clk := clocktest.New(noon)
	tw, tws := newTwilio(t)
	st := &countReleases{Store: s}
	sch := newSchedulerWith(t, scheduler.Config{Store: st, Sender: tws, Now: clk.Now,
		SendRate: 10, Batch: 8, Workers: 2, Lease: time.Second, Poll: 10 * time.Millisecond})
	ctx, cancel := context.WithCancel(context.Background())
	ran := make(chan error, 1)
	go func() { ran <- sch.Run(ctx) }()
	deadline := time.Now().Add(30 * time.Second)
	for tw.Requests() < n && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond) // polls the fake Twilio, bounded
	}
	cancel()
	if err := <-ran; err != nil {
		t.Fatal(err)
	}
	if st.n.Load() == 0 {
		t.Error("nothing was given back; at 10 texts/s, 8 a batch claimed ahead waits longer than 0.5 s")
	}
	runAll(t, newSchedulerWith(t, scheduler.Config{Store: s, Sender: tws, Now: clk.Now}))
	checkOnce(t, s, tw, phones)
}
