// Package nbsync pushes completed 1:1 reports to NationBuilder: the person
// met found or created without duplicates, tagged, and the meeting logged
// as a contact by the volunteer. It claims the durable pushes the store
// keeps (written with each report), retries them with backoff, and records
// NationBuilder's ids as it learns them, so a push resumed after a crash
// continues where it stopped. It decides the matching rules (match.go);
// the HTTP is internal/nationbuilder's, the SQL internal/store's.
package nbsync

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/debrief-sms/debrief/internal/nationbuilder"
	"github.com/debrief-sms/debrief/internal/store"
)

// Store is what the sync needs of the database.
type Store interface {
	ClaimNBPushes(ctx context.Context, now time.Time, limit int, lease time.Duration) ([]store.NBPush, error)
	RecordNBProgress(ctx context.Context, p store.NBPush, at time.Time) error
	FinishNBPush(ctx context.Context, id int64, revision int, at time.Time) error
	RetryNBPush(ctx context.Context, id int64, due time.Time, reason string, counted bool, at time.Time) error
	FailNBPush(ctx context.Context, id int64, revision int, reason string, at time.Time) error
	NBPerson(ctx context.Context, externalID string) (string, error)
	SaveNBPerson(ctx context.Context, externalID, personID string, at time.Time) error
	SetNBProblem(ctx context.Context, problem string, at time.Time) error
}

// Nation is what the sync asks of NationBuilder; *nationbuilder.Client
// implements it.
type Nation interface {
	Push(ctx context.Context, s nationbuilder.Signup) (id string, created bool, err error)
	Update(ctx context.Context, s nationbuilder.Signup) error
	FindByExternalID(ctx context.Context, externalID string) (id string, found bool, err error)
	MatchPerson(ctx context.Context, m nationbuilder.Match) (id string, found bool, err error)
	TagID(ctx context.Context, name string) (string, error)
	Tag(ctx context.Context, signupID, tagID string) error
	ContactTypeID(ctx context.Context, name string) (string, error)
	LogContactV1(ctx context.Context, c nationbuilder.Contact) (string, error)
	CreateContact(ctx context.Context, c nationbuilder.Contact) (string, error)
	UpdateContactNote(ctx context.Context, id, note string) error
	FindContact(ctx context.Context, signupID, marker string) (id string, found bool, err error)
}

// Observer hears of every push's outcome (for /metrics): "pushed",
// "retry", "failed", "waiting" (the connection needs the coordinator).
type Observer interface {
	NBPush(outcome string)
}

// Config configures a Syncer.
type Config struct {
	Store  Store
	Nation Nation
	// Location is the coordinator's zone: the month of the "1:1 2026-12"
	// tag and the times in the note.
	Location *time.Location
	Now      func() time.Time
	Logger   *slog.Logger
	Observer Observer // none when nil
	// Batch is how many pushes one claim takes (10); Lease how long they
	// are held (10 minutes); Poll how often the queue is looked at when
	// it was empty (5 s).
	Batch int
	Lease time.Duration
	Poll  time.Duration
	// MaxAttempts is how many temporary failures a push survives before
	// it is marked failed (12, about a day of backoff).
	MaxAttempts int
}

// Syncer pushes reports. Run one per scheduler process; several may share
// a database.
type Syncer struct {
	cfg     Config
	problem bool // the last attempt found the connection refused
}

// Defaults of Config.
const (
	DefaultBatch       = 10
	DefaultLease       = 10 * time.Minute
	DefaultPoll        = 5 * time.Second
	DefaultMaxAttempts = 12
	firstBackoff       = 30 * time.Second
	maxBackoff         = 2 * time.Hour
	// pauseOnRevoked is how long pushes wait while the connection needs
	// a coordinator.
	pauseOnRevoked = time.Minute
)

// New checks cfg and returns a syncer.
func New(cfg Config) (*Syncer, error) {
	if cfg.Store == nil || cfg.Nation == nil || cfg.Now == nil {
		return nil, errors.New("nbsync: Store, Nation and Now are required")
	}
	if cfg.Location == nil {
		cfg.Location = time.UTC
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	if cfg.Batch <= 0 {
		cfg.Batch = DefaultBatch
	}
	if cfg.Lease <= 0 {
		cfg.Lease = DefaultLease
	}
	if cfg.Poll <= 0 {
		cfg.Poll = DefaultPoll
	}
	if cfg.MaxAttempts <= 0 {
		cfg.MaxAttempts = DefaultMaxAttempts
	}
	return &Syncer{cfg: cfg}, nil
}

// ErrPaused reports a drain stopped because NationBuilder refused the
// connection's token: a coordinator must connect again. Nothing is lost:
// the pushes wait.
var ErrPaused = errors.New("NationBuilder pushes paused")

// Run pushes due reports until ctx is done, looking again every Poll
// when none was due.
func (s *Syncer) Run(ctx context.Context) error {
	for {
		_, err := s.Drain(ctx)
		if ctx.Err() != nil {
			return nil
		}
		wait := s.cfg.Poll
		var limited *RateLimited
		switch {
		case errors.Is(err, ErrPaused):
			wait = pauseOnRevoked
		case errors.As(err, &limited):
			wait = max(wait, limited.Wait)
		case err != nil:
			s.cfg.Logger.Error("nationbuilder sync", "error", err.Error())
		}
		select {
		case <-ctx.Done():
			return nil
		case <-time.After(wait):
		}
	}
}

// Drain pushes every report due now, batch by batch, and returns how many
// it finished (pushed, or failed for good).
func (s *Syncer) Drain(ctx context.Context) (int, error) {
	finished := 0
	for {
		claimed := s.cfg.Now()
		batch, err := s.cfg.Store.ClaimNBPushes(ctx, claimed, s.cfg.Batch, s.cfg.Lease)
		if err != nil {
			return finished, err
		}
		if len(batch) == 0 {
			return finished, nil
		}
		for i := range batch {
			if s.cfg.Now().Sub(claimed) > s.cfg.Lease/2 {
				// A slow NationBuilder: give back what is left well
				// before the lease ends, so that no other process
				// claims a push this one is still making.
				s.release(batch[i:], s.cfg.Now())
				break
			}
			done, err := s.handle(ctx, &batch[i])
			if done {
				finished++
			}
			if err != nil {
				due := s.cfg.Now()
				var limited *RateLimited
				if errors.As(err, &limited) {
					due = due.Add(limited.Wait)
				}
				s.release(batch[i+1:], due)
				return finished, err
			}
		}
	}
}

// RateLimited reports a drain stopped by a 429: NationBuilder asked to
// wait Wait.
type RateLimited struct{ Wait time.Duration }

func (r *RateLimited) Error() string { return fmt.Sprintf("NationBuilder rate limit: wait %s", r.Wait) }

// retryAfter is how long a 429 asks to wait, 0 for any other error.
func retryAfter(err error) time.Duration {
	var e *nationbuilder.Error
	if errors.As(err, &e) && e.Status == 429 {
		return max(e.RetryAfter, time.Second)
	}
	return 0
}

// release gives back claimed pushes not started (a stop, a paused
// connection, a rate limit), due at due, no attempt counted.
func (s *Syncer) release(ps []store.NBPush, due time.Time) {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	now := s.cfg.Now()
	for _, p := range ps {
		if err := s.cfg.Store.RetryNBPush(ctx, p.ID, due, "", false, now); err != nil {
			s.cfg.Logger.Error("release NationBuilder push", "push", p.ID, "error", err.Error())
		}
	}
}

// handle pushes p and records the outcome; done reports it is settled
// (pushed or failed for good). The error stops the drain: the context
// ended, or the connection needs a coordinator.
func (s *Syncer) handle(ctx context.Context, p *store.NBPush) (done bool, _ error) {
	err := s.push(ctx, p)
	rec, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
	defer cancel()
	now := s.cfg.Now()
	log := s.cfg.Logger.With("push", p.ID, "report", p.ReportID)
	switch {
	case err == nil:
		if s.problem {
			s.problem = false
			_ = s.cfg.Store.SetNBProblem(rec, "", now)
		}
		s.observe("pushed")
		return true, s.cfg.Store.FinishNBPush(rec, p.ID, p.Revision, now)
	case ctx.Err() != nil:
		return false, errors.Join(ctx.Err(), s.cfg.Store.RetryNBPush(rec, p.ID, now, "", false, now))
	case errors.Is(err, nationbuilder.ErrRevoked):
		if !s.problem {
			log.Error("NationBuilder refused the token: a coordinator must connect again (debrief nationbuilder connect); pushes wait",
				"error", err.Error())
		}
		s.problem = true
		s.observe("waiting")
		return false, errors.Join(ErrPaused,
			s.cfg.Store.SetNBProblem(rec, err.Error(), now),
			s.cfg.Store.RetryNBPush(rec, p.ID, now.Add(pauseOnRevoked), "waiting for the connection: "+err.Error(), false, now))
	case retryAfter(err) > 0:
		// The token's limit: not this push's failure, and the next
		// request would get the same answer. Wait as NationBuilder asks.
		wait := retryAfter(err)
		s.observe("retry")
		return false, errors.Join(&RateLimited{Wait: wait},
			s.cfg.Store.RetryNBPush(rec, p.ID, now.Add(wait), err.Error(), false, now))
	case permanent(err):
		log.Warn("NationBuilder refused a push for good", errorAttrs(err)...)
		s.observe("failed")
		return true, s.cfg.Store.FailNBPush(rec, p.ID, p.Revision, err.Error(), now)
	}
	if p.Attempts+1 >= s.cfg.MaxAttempts {
		log.Warn("NationBuilder push gave up", append(errorAttrs(err), "attempts", p.Attempts+1)...)
		s.observe("failed")
		return true, s.cfg.Store.FailNBPush(rec, p.ID, p.Revision, fmt.Sprintf("gave up after %d tries: %v", p.Attempts+1, err), now)
	}
	due := now.Add(backoff(p.Attempts, err))
	log.Info("NationBuilder push will be retried", append(errorAttrs(err), "attempts", p.Attempts+1, "due", due.UTC().Format(time.RFC3339))...)
	s.observe("retry")
	return false, s.cfg.Store.RetryNBPush(rec, p.ID, due, err.Error(), true, now)
}

func (s *Syncer) observe(outcome string) {
	if s.cfg.Observer != nil {
		s.cfg.Observer.NBPush(outcome)
	}
}

// permanent reports a failure NationBuilder would give again: a 4xx. A
// database error or a network one is not.
func permanent(err error) bool {
	var e *nationbuilder.Error
	return errors.As(err, &e) && !e.Temporary()
}

// backoff is the wait after the attempts-th failure: 30 s doubling, at
// most 2 h, or longer when NationBuilder's Retry-After says so.
func backoff(attempts int, err error) time.Duration {
	d := firstBackoff << min(attempts, 10)
	d = min(d, maxBackoff)
	var e *nationbuilder.Error
	if errors.As(err, &e) && e.RetryAfter > d {
		d = e.RetryAfter
	}
	return d
}

// errorAttrs are an error's log fields: its status, code and field, never
// its message, which may quote an email.
func errorAttrs(err error) []any {
	var e *nationbuilder.Error
	if errors.As(err, &e) {
		return []any{"status", e.Status, "code", e.Code, "field", e.Field}
	}
	return []any{"error", err.Error()}
}
