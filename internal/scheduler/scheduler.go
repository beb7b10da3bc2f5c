// Package scheduler sends Debrief's scheduled texts: it claims due
// follow-ups from the store, keeps them out of the recipient's quiet hours,
// renders and paces them, sends them and records what happened, then
// schedules what follows (a nudge, an overdue check, the organizer's text).
// Claiming is safe across instances, and a follow-up reaches its
// recipient once whatever fails: the claim stamps each follow-up's send
// attempt as started in the database before any request leaves, and a
// follow-up whose send's outcome is unknown (a process that died before
// recording, a timeout, a connection lost) is looked up in what the
// provider sent (Sender.SentTo) and recorded, instead of being sent
// again. A graceful stop gives back at once the follow-ups it claimed and
// did not start.
//
// It knows nothing of SQL or Twilio: it uses the Store and Sender it is
// given.
package scheduler

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"golang.org/x/time/rate"

	"github.com/debrief-sms/debrief"
	"github.com/debrief-sms/debrief/internal/followup"
	"github.com/debrief-sms/debrief/internal/store"
)

// Store is what the scheduler needs of the database; *store.Store
// implements it. Every write takes the scheduler's clock reading, at, to
// stamp what it changes.
type Store interface {
	ClaimDue(ctx context.Context, now time.Time, limit int, lease time.Duration) ([]store.DueFollowup, error)
	CheckSend(ctx context.Context, id int64) (store.SendCheck, error)
	CheckSends(ctx context.Context, ids []int64) (map[int64]store.SendCheck, error)
	RecordedSIDs(ctx context.Context, sids []string) (map[string]bool, error)
	RecordSent(ctx context.Context, sent []store.SentFollowup) error
	ReleaseFollowups(ctx context.Context, due []store.DueFollowup, at time.Time) error
	DeferFollowup(ctx context.Context, d store.DueFollowup, dueAt, at time.Time) error
	RetryFollowup(ctx context.Context, id int64, dueAt time.Time, code int, msg string, at time.Time) error
	RetryUnknown(ctx context.Context, id int64, dueAt time.Time, body, msg string, at time.Time) error
	FailFollowup(ctx context.Context, id int64, code int, msg string, at time.Time) error
	CancelFollowup(ctx context.Context, id int64, why string, at time.Time) error
	OptOut(ctx context.Context, volunteerID, followupID int64, code int, msg string, at time.Time) error
	MarkPhoneBad(ctx context.Context, volunteerID, followupID int64, code int, msg string, notifyAt, at time.Time) error
	MarkOverdue(ctx context.Context, checkID, reminderID int64, notifyAt, at time.Time) (bool, error)
	Organizers(ctx context.Context) ([]store.Organizer, error)
	EnsureDigests(ctx context.Context, plans []store.DigestPlan, at time.Time) (int64, error)
	Digest(ctx context.Context, organizerID int64, from, to time.Time) (store.DigestFigures, error)
	DigestPlans(ctx context.Context, organizerID int64, from, to time.Time) (store.PlanFigures, error)
	Coordinators(ctx context.Context) ([]store.Coordinator, error)
	EnsureMonthly(ctx context.Context, plans []store.MonthlyPlan, at time.Time) (int64, error)
}

// Sender sends one text, and tells what it sent. Its errors say what went
// wrong with debrief's classes (errors.Is: ErrOptedOut, ErrBadNumber,
// ErrTemporary, ErrUnknown) and may carry the provider's code (a
// debrief.CodedError); an error of none of the classes fails the follow-up
// for good. *twilio.Sender is one.
type Sender interface {
	Send(ctx context.Context, to, body string) (debrief.Sent, error)
	// SentTo lists the texts the provider holds to to, sent on or after
	// since's day (providers filter by day), and those it holds not yet
	// sent (queued): with their Body and Created. It settles a send whose
	// outcome is unknown before it is retried.
	SentTo(ctx context.Context, to string, since time.Time) ([]debrief.Sent, error)
}

// Config configures a Scheduler.
type Config struct {
	Store  Store
	Sender Sender
	Rules  followup.Rules
	// DefaultLocation is the zone of recipients without a valid one of
	// their own (DEFAULT_TIMEZONE).
	DefaultLocation *time.Location
	// MonthlyLink, when set, is the link to the monthly report of the
	// month starting on its argument (PUBLIC_URL and the page's path):
	// coordinators are then texted on the 1st that it is ready. MonthlyZone
	// is the zone the report counts months in; DefaultLocation when nil.
	MonthlyLink func(month time.Time) string
	MonthlyZone *time.Location
	// SendRate is texts per second per sending number (SEND_RATE); 0 or
	// less turns pacing off.
	SendRate float64
	// MaxAttempts bounds tries of a temporary failure; default 5.
	MaxAttempts int
	// BackoffBase is the first retry's delay, doubled each try, with
	// jitter; default 1 minute.
	BackoffBase time.Duration
	// Batch is how many follow-ups one claim takes; default 100.
	Batch int
	// Lease is how long a claimed follow-up is this instance's; default
	// 5 minutes. Run claims one batch ahead, so it must exceed two
	// batches' sending time; a follow-up not started within half its lease
	// is given back, to be claimed anew.
	Lease time.Duration
	// Workers send a batch concurrently; default 8. Pacing still holds.
	Workers int
	// RecheckAfter is how long, by Now, a batch's check before sending
	// (a STOP, a closed reminder since the claim) holds; a send that
	// finds it older reads it again first. Default 250 ms: a batch of 100
	// sent at 500 texts/s costs one query, and a STOP stored longer
	// before a send always stops it.
	RecheckAfter time.Duration
	// Poll is how long Run waits when nothing is due; default 5 seconds.
	Poll time.Duration
	// Now is the clock; time.Now when nil.
	Now    func() time.Time
	Logger *slog.Logger
	// Observer is told how each send ended; nil tells no one.
	Observer Observer
}

// Scheduler sends due follow-ups. Run it in one goroutine per process;
// several processes may share one PostgreSQL.
type Scheduler struct {
	cfg     Config
	limiter *rate.Limiter // nil: no pacing

	mu          sync.Mutex
	digestsDone time.Time // when digests were last planned
	locs        map[string]*time.Location
	// settling holds the SIDs follow-ups in doubt were settled with, by
	// follow-up, until they are recorded: two identical texts to one
	// person, both in doubt, must not take the same SID.
	settling map[string]int64
}

// New checks cfg and returns a Scheduler.
func New(cfg Config) (*Scheduler, error) {
	switch {
	case cfg.Store == nil:
		return nil, errors.New("scheduler: no store")
	case cfg.Sender == nil:
		return nil, errors.New("scheduler: no sender")
	case cfg.DefaultLocation == nil:
		return nil, errors.New("scheduler: no default location")
	}
	if cfg.MaxAttempts <= 0 {
		cfg.MaxAttempts = 5
	}
	if cfg.BackoffBase <= 0 {
		cfg.BackoffBase = time.Minute
	}
	if cfg.Batch <= 0 {
		cfg.Batch = 100
	}
	if cfg.Lease <= 0 {
		cfg.Lease = 5 * time.Minute
	}
	if cfg.Workers <= 0 {
		cfg.Workers = 8
	}
	if cfg.RecheckAfter <= 0 {
		cfg.RecheckAfter = 250 * time.Millisecond
	}
	if cfg.Poll <= 0 {
		cfg.Poll = 5 * time.Second
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	if cfg.Observer == nil {
		cfg.Observer = noObserver{}
	}
	s := &Scheduler{cfg: cfg, locs: map[string]*time.Location{}, settling: map[string]int64{}}
	if cfg.SendRate > 0 {
		s.limiter = rate.NewLimiter(rate.Limit(cfg.SendRate), 1)
	}
	return s, nil
}

// Run sends due follow-ups until ctx is done. It claims the next batch
// while the last one is still being sent and recorded, one batch ahead, so
// that sending goes on at SendRate without a pause between batches; it
// waits Poll after a batch that was not full. On a stop, the sends under
// way finish and are recorded, and everything claimed and not started
// (the prefetched batch too) is given back at once.
func (s *Scheduler) Run(ctx context.Context) error {
	p := s.startPipeline(ctx, s.cfg.Workers, func(err error) {
		s.cfg.Logger.Error("send follow-ups", "error", err.Error())
	})
	batches := make(chan batch)
	go s.claimAhead(ctx, batches, p)
	for b := range batches {
		p.feed(b)
	}
	p.close()
	return nil
}

// claimAhead claims batch after batch into out until ctx ends, then
// closes out. Out is unbuffered: a batch is claimed while the one before
// is fed, and no further ahead, so a claimed follow-up waits at most about
// two batches' sending time for its send (Lease must exceed it; past half
// the lease it is given back).
func (s *Scheduler) claimAhead(ctx context.Context, out chan<- batch, p *pipeline) {
	defer close(out)
	for ctx.Err() == nil {
		b, err := s.claim(ctx)
		if err != nil {
			p.fail(err)
		}
		if len(b.due) > 0 {
			select {
			case out <- b:
			case <-ctx.Done():
				p.giveBack(b.due...)
				return
			}
		}
		if err == nil && len(b.due) >= s.cfg.Batch {
			continue
		}
		t := time.NewTimer(s.cfg.Poll)
		select {
		case <-ctx.Done():
			t.Stop()
			return
		case <-t.C:
		}
	}
}

// RunOnce plans digests and the monthly texts when due for it, claims one
// batch and handles it, and returns how many follow-ups it claimed.
func (s *Scheduler) RunOnce(ctx context.Context) (int, error) {
	b, err := s.claim(ctx)
	if err != nil || len(b.due) == 0 {
		return 0, err
	}
	var mu sync.Mutex
	var errs []error
	p := s.startPipeline(ctx, min(s.cfg.Workers, len(b.due)), func(err error) {
		mu.Lock()
		errs = append(errs, err)
		mu.Unlock()
	})
	p.feed(b)
	p.close()
	mu.Lock()
	defer mu.Unlock()
	return len(b.due), errors.Join(errs...)
}

// errNotStarted says handle stopped (its context ended) before the send
// started: the follow-up is released.
var errNotStarted = errors.New("stopped before sending")

// recordEvery bounds how long a sent text waits to be recorded: sends are
// recorded in groups (one statement each) for speed, but never long after
// they went out, so a delivery status Twilio posts a moment later finds
// its message.
const (
	recordEvery = 100 * time.Millisecond
	recordMax   = 200
	// recordRetry is the first wait before recording a group again after a
	// database error, doubled up to recordRetryMax.
	recordRetry    = 50 * time.Millisecond
	recordRetryMax = 5 * time.Second
)

// startRecorder returns a channel of sent follow-ups that a goroutine
// records in groups of up to recordMax, or after recordEvery, and a channel
// closed once in is closed and everything is recorded. Recording goes on
// even when ctx is cancelled: the texts went out.
func (s *Scheduler) startRecorder(ctx context.Context, fail func(error)) (in chan<- store.SentFollowup, done <-chan struct{}) {
	// Buffered for a whole group: workers go on sending while the last
	// group is written, instead of waiting out its round trip.
	sent := make(chan store.SentFollowup, recordMax)
	recorded := make(chan struct{})
	rctx := context.WithoutCancel(ctx)
	go func() {
		defer close(recorded)
		var group []store.SentFollowup
		flush := func() {
			if len(group) == 0 {
				return
			}
			if err := s.record(rctx, group); err != nil {
				fail(err)
			} else {
				s.forget(group)
			}
			group = group[:0]
		}
		tick := time.NewTicker(recordEvery)
		defer tick.Stop()
		for {
			select {
			case sf, ok := <-sent:
				if !ok {
					flush()
					return
				}
				if group = append(group, sf); len(group) >= recordMax {
					flush()
				}
			case <-tick.C:
				flush()
			}
		}
	}()
	return sent, recorded
}

// record records a group of sent texts, trying again on a database error
// (a restart, a dropped connection) for half a lease: a group dropped
// would be found again through Sender.SentTo, but only once its lease
// ended. Recording twice is harmless: RecordSent skips what is no longer
// 'sending'.
func (s *Scheduler) record(ctx context.Context, group []store.SentFollowup) error {
	ctx, cancel := context.WithTimeout(ctx, s.cfg.Lease/2)
	defer cancel()
	wait := recordRetry
	for {
		err := s.cfg.Store.RecordSent(ctx, group)
		if err == nil {
			return nil
		}
		s.cfg.Logger.Warn("record sent follow-ups, trying again", "count", len(group), "error", err.Error(), "wait", wait.String())
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return fmt.Errorf("record sent follow-ups (left for the next claim to settle): %w", err)
		case <-t.C:
		}
		wait = min(2*wait, recordRetryMax)
	}
}

// settle takes sid for follow-up id, unless another follow-up took it.
func (s *Scheduler) settle(sid string, id int64) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if owner, ok := s.settling[sid]; ok && owner != id {
		return false
	}
	s.settling[sid] = id
	return true
}

// unsettle gives back sid, taken by follow-up id and not used.
func (s *Scheduler) unsettle(sid string, id int64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.settling[sid] == id {
		delete(s.settling, sid)
	}
}

// forget drops the settled SIDs of a recorded group: the database knows
// them from then on (RecordedSIDs). lookUp takes a SID before it asks
// the database, so none slips between the two.
func (s *Scheduler) forget(group []store.SentFollowup) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, sf := range group {
		if s.settling[sf.SID] == sf.ID {
			delete(s.settling, sf.SID)
		}
	}
}

// location is the recipient's time zone, else the default one.
func (s *Scheduler) location(name string) *time.Location {
	s.mu.Lock()
	defer s.mu.Unlock()
	if loc, ok := s.locs[name]; ok {
		return loc
	}
	loc, err := time.LoadLocation(name)
	if err != nil || name == "" {
		loc = s.cfg.DefaultLocation
	}
	s.locs[name] = loc
	return loc
}
