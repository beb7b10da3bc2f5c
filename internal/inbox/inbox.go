// Package inbox handles one inbound text end to end: it loads the phone's
// conversation (or takes the state its previous text was saved with from a
// small cache), runs the pure conversation.Step and saves what Step
// decided, retrying when another text from the same phone, or any other
// change to what Load reads, was saved first. It also contains a runaway
// phone: past the inbound limit, texts are stored without being stepped
// (limit.go).
// It knows nothing of HTTP or Twilio and decides nothing of the
// conversation itself; the conversation package decides, the store
// persists.
package inbox

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"sync"
	"time"

	"github.com/debrief-sms/debrief"
	"github.com/debrief-sms/debrief/internal/conversation"
	"github.com/debrief-sms/debrief/internal/followup"
	"github.com/debrief-sms/debrief/internal/phone"
	"github.com/debrief-sms/debrief/internal/store"
	"github.com/debrief-sms/debrief/internal/zone"
)

// DefaultMaxAttempts bounds how often one text is re-run after losing a
// race with another text from the same phone.
const DefaultMaxAttempts = 20

// ErrTooManyConflicts reports a text that lost the race for its
// conversation MaxAttempts times in a row.
var ErrTooManyConflicts = errors.New("conversation kept changing while saving")

// Store is the storage an Inbox needs. *store.Store implements it; Save
// returns store.ErrConflict when the conversation's version changed since
// Load and store.ErrDuplicate when the MessageSid is already stored. Once
// saved it returns the state Load would now return, or known false when
// only the database knows it; every other change to what Load returns must
// change the version Save checks.
type Store interface {
	Load(ctx context.Context, phone, messageSID string) (state conversation.State, duplicateReplies []string, duplicate bool, err error)
	Save(ctx context.Context, in debrief.Inbound, res conversation.Result) (next conversation.State, known bool, err error)
	Teams(ctx context.Context) ([]debrief.Team, error)
	// ActiveQuestions are the team questions a report asks when it
	// starts; read only when State.NeedsQuestions, through a cache.
	ActiveQuestions(ctx context.Context) (*conversation.QuestionSet, error)
}

// Options configure an Inbox.
type Options struct {
	// Now is the clock; time.Now when nil.
	Now func() time.Time
	// DefaultLocation is used for volunteers whose time zone is empty or
	// unknown; UTC when nil.
	DefaultLocation *time.Location
	// MaxAttempts bounds the runs of one text; DefaultMaxAttempts when 0.
	MaxAttempts int
	// FollowUps are the follow-up rules: completed reports schedule
	// follow-ups and DONE / LATER answer them. Nil schedules nothing.
	FollowUps *followup.Rules
	// States bounds the phones whose saved state is kept so that their
	// next text skips Load; DefaultStates when 0, none when negative.
	States int
	// StateTTL is how long a kept state is used; DefaultStateTTL when 0.
	StateTTL time.Duration
	// InboundLimit is the most texts a phone may send in LimitWindow
	// before its texts are stored unstepped and answered once with the
	// pause text, then with nothing; 0 is no limit.
	InboundLimit int
	// Limits counts a phone's recent texts and stores those over the
	// limit; required for InboundLimit.
	Limits Limits
}

// Inbox applies inbound texts to conversations. It is safe for concurrent
// use: texts from one phone are applied one after the other, in this
// process by a per-phone lock and across processes by the store's version
// check, so two texts never answer the same question.
type Inbox struct {
	store       Store
	now         func() time.Time
	defaultLoc  *time.Location
	maxAttempts int
	followUps   *followup.Rules
	locations   sync.Map // time zone name -> *time.Location
	locks       phoneLocks
	teams       teamCache
	questions   questionCache
	states      *stateCache
	limit       limit
}

// New returns an Inbox over s.
func New(s Store, opts Options) *Inbox {
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.DefaultLocation == nil {
		opts.DefaultLocation = time.UTC
	}
	if opts.MaxAttempts <= 0 {
		opts.MaxAttempts = DefaultMaxAttempts
	}
	if opts.States == 0 {
		opts.States = DefaultStates
	}
	if opts.StateTTL <= 0 {
		opts.StateTTL = DefaultStateTTL
	}
	return &Inbox{
		store:       s,
		now:         opts.Now,
		defaultLoc:  opts.DefaultLocation,
		maxAttempts: opts.MaxAttempts,
		followUps:   opts.FollowUps,
		locks:       phoneLocks{m: make(map[string]*phoneLock)},
		states:      newStateCache(opts.States, opts.StateTTL),
		limit:       limit{store: opts.Limits, max: opts.InboundLimit},
	}
}

// Handle applies one inbound text and returns the replies to text back, in
// order. A text already handled (Twilio delivers some twice) is not applied
// again: Handle returns the replies stored for it. optedOut reports that
// the text was an opt-out word, which is answered with nothing. A text
// over the inbound limit is stored unstepped and answered with the pause
// text or nothing (see limit).
func (ib *Inbox) Handle(ctx context.Context, in debrief.Inbound) (replies []string, optedOut bool, err error) {
	if in.ReceivedAt.IsZero() {
		in.ReceivedAt = ib.now()
	}
	unlock, err := ib.locks.lock(ctx, in.From)
	if err != nil {
		return nil, false, fmt.Errorf("handle text from %s: wait for the previous text: %w", phone.Mask(in.From), err)
	}
	defer unlock()

	for attempt := 1; ; attempt++ {
		replies, optedOut, err = ib.try(ctx, in)
		if !errors.Is(err, store.ErrConflict) {
			return replies, optedOut, err
		}
		if attempt == ib.maxAttempts {
			return nil, false, fmt.Errorf("handle text from %s: %w (%d attempts)", phone.Mask(in.From), ErrTooManyConflicts, attempt)
		}
		if err := backoff(ctx, attempt); err != nil {
			return nil, false, fmt.Errorf("handle text from %s: %w", phone.Mask(in.From), err)
		}
	}
}

// try runs one load-step-save round; it returns store.ErrConflict when the
// round must be run again. The state comes from the cache when the phone's
// previous text was saved here: Save's version check and the MessageSid's
// unique index then catch what Load would have (a change made elsewhere, a
// text delivered twice), and the next round loads.
func (ib *Inbox) try(ctx context.Context, in debrief.Inbound) ([]string, bool, error) {
	state, recent, cached := ib.states.get(in.From, ib.now())
	if cached && ib.limit.busy(recent, in.ReceivedAt) {
		cached = false // near the inbound limit: count in the database
	}
	if !cached {
		l, err := ib.load(ctx, in)
		if err != nil {
			return nil, false, err
		}
		if l.Duplicate {
			noteDuplicate(ctx)
			return l.DuplicateReplies, false, nil
		}
		state = l.State
		if ib.limit.over(l.Recent, in) {
			// The version goes up either way: the next text loads.
			ib.states.drop(in.From)
			replies, err := ib.limit.refuse(ctx, in, state)
			if err == nil {
				noteLimited(ctx)
			}
			return replies, false, err
		}
		recent = loaded(l.Recent, in.ReceivedAt)
	}
	var err error
	env := conversation.Env{Now: ib.now(), Location: ib.location(state.Volunteer.TimeZone), FollowUps: ib.followUps}
	if state.Volunteer.Name == "" && state.Step == "" {
		// A newcomer's first text: where Twilio or their number says they
		// are, until they say otherwise.
		if z, ok := zone.Guess(in.FromState, in.FromZip, in.From); ok {
			env.TimeZone, env.Location = z, ib.location(z)
		}
	}
	if state.NeedsTeams() {
		if env.Teams, err = ib.teams.get(ctx, env.Now, ib.store.Teams); err != nil {
			return nil, false, fmt.Errorf("handle text: %w", err)
		}
	}
	stepIn := conversation.Inbound{Body: in.Body, NumMedia: in.NumMedia}
	if state.NeedsQuestions(stepIn, env) {
		if env.QuestionSet, err = ib.questions.get(ctx, env.Now, ib.store.ActiveQuestions); err != nil {
			return nil, false, fmt.Errorf("handle text: %w", err)
		}
	}
	res := conversation.Step(state, stepIn, env)
	next, known, err := ib.store.Save(ctx, in, res)
	if res.Effects.CreateTeam != "" {
		ib.teams.drop()
	}
	if err == nil && known {
		ib.states.put(in.From, next, ib.limit.seen(recent, in.ReceivedAt), ib.now())
	} else {
		ib.states.drop(in.From)
	}
	switch {
	case err == nil:
		return res.Replies, res.Effects.OptedOut, nil
	case errors.Is(err, store.ErrConflict):
		return nil, false, err
	case errors.Is(err, store.ErrDuplicate):
		// The same text, delivered twice, was saved meanwhile by another
		// request: answer what that one answered.
		_, stored, _, err := ib.store.Load(ctx, in.From, in.SID)
		if err != nil {
			return nil, false, fmt.Errorf("handle duplicate text: %w", err)
		}
		noteDuplicate(ctx)
		return stored, false, nil
	default:
		return nil, false, fmt.Errorf("handle text: %w", err)
	}
}

// load reads the phone's state and, with the inbound limit on, its texts
// in the window, in one query.
func (ib *Inbox) load(ctx context.Context, in debrief.Inbound) (store.Loaded, error) {
	var l store.Loaded
	var err error
	if ib.limit.on() {
		l, err = ib.limit.store.LoadRecent(ctx, in.From, in.SID, in.ReceivedAt.Add(-LimitWindow), ib.limit.max+1)
	} else {
		l.State, l.DuplicateReplies, l.Duplicate, err = ib.store.Load(ctx, in.From, in.SID)
	}
	if err != nil {
		return store.Loaded{}, fmt.Errorf("handle text: %w", err)
	}
	return l, nil
}

// location returns the volunteer's time zone, loading each name once.
func (ib *Inbox) location(name string) *time.Location {
	if name == "" {
		return ib.defaultLoc
	}
	if loc, ok := ib.locations.Load(name); ok {
		return loc.(*time.Location)
	}
	loc, err := time.LoadLocation(name)
	if err != nil {
		// A bad name stored for a volunteer must not stop them reporting;
		// dates are then read in the default zone.
		loc = ib.defaultLoc
	}
	ib.locations.Store(name, loc)
	return loc
}

// backoff waits a little, longer after each attempt and jittered so that
// two racing requests do not collide again.
func backoff(ctx context.Context, attempt int) error {
	d := time.Duration(attempt)*time.Millisecond + rand.N(2*time.Millisecond)
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
