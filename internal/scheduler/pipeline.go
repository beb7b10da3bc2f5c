package scheduler

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/debrief-sms/debrief/internal/store"
)

// pipeline sends claimed follow-ups with a pool of workers and records
// what they sent in groups. It outlives a batch: Run feeds it batch after
// batch, the next one claimed while the last one's tail is still being
// sent and recorded, so that the pace never stops at a batch's end.
type pipeline struct {
	s        *Scheduler
	ctx      context.Context // the run's: once it ends, no send starts
	jobs     chan job
	rec      chan<- store.SentFollowup
	recorded <-chan struct{}
	wg       sync.WaitGroup
	fail     func(error)

	mu        sync.Mutex
	unstarted []store.DueFollowup // claimed, and given back on a stop
}

// job is one claimed follow-up and the moment, in real time, its send
// must have started by (half its lease after the claim): a follow-up
// that waited longer (a slow provider, a long queue) is given back while
// its lease still holds, never sent under a lease another instance may
// have taken over.
type job struct {
	d      store.DueFollowup
	start  time.Time
	checks *sendChecks // the batch's
}

// batch is what one claim took.
type batch struct {
	due    []store.DueFollowup
	start  time.Time // each job's start-by
	checks *sendChecks
}

// claim plans digests when due for it and claims one batch. The claim
// itself runs to its end whatever happens to ctx, so that no claim is
// left half known: the caller gives back what a stopped run claimed.
func (s *Scheduler) claim(ctx context.Context) (batch, error) {
	now := s.cfg.Now()
	if err := s.planDigests(ctx, now); err != nil {
		return batch{}, err
	}
	// Only the deadline is wanted: real time, as the provider's waits are,
	// taken before the claim so that it errs early.
	half, cancel := context.WithTimeout(context.WithoutCancel(ctx), s.cfg.Lease/2)
	cancel()
	start, _ := half.Deadline()
	due, err := s.cfg.Store.ClaimDue(context.WithoutCancel(ctx), now, s.cfg.Batch, s.cfg.Lease)
	if err != nil {
		return batch{}, fmt.Errorf("run scheduler: %w", err)
	}
	return batch{due: due, start: start, checks: newSendChecks(due)}, nil
}

// startPipeline starts workers and the recorder. fail is told every
// error, from any goroutine.
func (s *Scheduler) startPipeline(ctx context.Context, workers int, fail func(error)) *pipeline {
	p := &pipeline{s: s, ctx: ctx, jobs: make(chan job), fail: fail}
	p.rec, p.recorded = s.startRecorder(ctx, fail)
	for range workers {
		p.wg.Add(1)
		go p.work()
	}
	return p
}

// work handles jobs until there are no more.
func (p *pipeline) work() {
	defer p.wg.Done()
	for j := range p.jobs {
		ctx, cancel := context.WithDeadline(p.ctx, j.start)
		out, err := p.s.handle(ctx, j.d, j.checks)
		cancel()
		switch {
		case errors.Is(err, errNotStarted) && p.ctx.Err() != nil:
			p.giveBack(j.d)
		case errors.Is(err, errNotStarted):
			// Half its lease gone unsent, or its last check failed:
			// pending again now, claimed anew with a fresh lease.
			why := "waited half its lease"
			if err != errNotStarted {
				why = err.Error()
			}
			p.s.cfg.Logger.Warn("follow-up not sent, given back", "followup", j.d.ID, "why", why)
			p.release([]store.DueFollowup{j.d})
		default:
			if out != nil {
				p.rec <- *out
			}
			if err != nil {
				p.fail(fmt.Errorf("follow-up %d: %w", j.d.ID, err))
			}
		}
	}
}

// feed hands b's follow-ups to the workers, and reports false, giving
// back the rest, once the run's context ends.
func (p *pipeline) feed(b batch) bool {
	for i, d := range b.due {
		select {
		case p.jobs <- job{d: d, start: b.start, checks: b.checks}:
		case <-p.ctx.Done():
			p.giveBack(b.due[i:]...)
			return false
		}
	}
	return true
}

// giveBack keeps claimed follow-ups that were not started, to release at
// close.
func (p *pipeline) giveBack(due ...store.DueFollowup) {
	p.mu.Lock()
	p.unstarted = append(p.unstarted, due...)
	p.mu.Unlock()
}

// release makes due pending again now, for this or another instance, not
// when the lease ends.
func (p *pipeline) release(due []store.DueFollowup) {
	if len(due) == 0 {
		return
	}
	// A database that just failed a check may fail the next statement
	// too (a pool's other cut connections): try a few times, then leave
	// them to their lease (their stamp makes the next claim ask first).
	ctx := context.WithoutCancel(p.ctx)
	wait := recordRetry
	for try := 1; ; try++ {
		err := p.s.cfg.Store.ReleaseFollowups(ctx, due, p.s.cfg.Now())
		if err == nil {
			return
		}
		if try == releaseTries {
			p.fail(err)
			return
		}
		t := time.NewTimer(wait)
		<-t.C
		wait *= 2
	}
}

// releaseTries bounds the tries of a release.
const releaseTries = 4

// close waits for the sends under way and their recording, then releases
// what was claimed and not started.
func (p *pipeline) close() {
	close(p.jobs)
	p.wg.Wait()
	close(p.rec)
	<-p.recorded
	p.mu.Lock()
	defer p.mu.Unlock()
	p.release(p.unstarted)
	p.unstarted = nil
}
