package nbsync_test

import (
	"context"
	"fmt"
	"log/slog"
	"sync"
	"testing"
	"time"

	"golang.org/x/time/rate"

	"github.com/debrief-sms/debrief"
	"github.com/debrief-sms/debrief/internal/clocktest"
	"github.com/debrief-sms/debrief/internal/conversation"
	"github.com/debrief-sms/debrief/internal/nationbuilder"
	"github.com/debrief-sms/debrief/internal/nationbuilder/nbtest"
	"github.com/debrief-sms/debrief/internal/nbsync"
	"github.com/debrief-sms/debrief/internal/store"
)

// clock is a virtual clock shared by the fake, the limiters and the
// syncers: a limiter's wait moves it on instead of sleeping.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) Advance(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

// limiter is a token bucket on the virtual clock.
type limiter struct {
	c   *clock
	lim *rate.Limiter
}

func (l *limiter) Wait(context.Context) error {
	l.c.mu.Lock()
	defer l.c.mu.Unlock()
	r := l.lim.ReserveN(l.c.t, 1)
	if d := r.DelayFrom(l.c.t); d > 0 {
		l.c.t = l.c.t.Add(d)
	}
	return nil
}

type fixture struct {
	t     *testing.T
	st    *store.Store
	fake  *nbtest.Fake
	clock *clock
	seq   map[string]int
	sids  int
}

func newFixture(t *testing.T, st *store.Store) *fixture {
	c := &clock{t: clocktest.Start()}
	fake := nbtest.New(t)
	fake.Now = c.Now
	return &fixture{t: t, st: st, fake: fake, clock: c, seq: map[string]int{}}
}

// client is a NationBuilder client paced at perSecond on the virtual
// clock, with the fake's direct token unless tokens is given.
func (f *fixture) client(perSecond float64, tokens nationbuilder.TokenSource) *nationbuilder.Client {
	if tokens == nil {
		tokens = nationbuilder.NewStaticToken("test-token")
	}
	c, err := nationbuilder.New(nationbuilder.Config{BaseURL: f.fake.URL, Tokens: tokens,
		Limiter: &limiter{c: f.clock, lim: rate.NewLimiter(rate.Limit(perSecond), 1)}})
	if err != nil {
		f.t.Fatal(err)
	}
	return c
}

func (f *fixture) syncer(n nbsync.Nation) *nbsync.Syncer { return f.syncerLogging(n, nil) }

func (f *fixture) syncerLogging(n nbsync.Nation, logger *slog.Logger) *nbsync.Syncer {
	loc, _ := time.LoadLocation("America/New_York")
	s, err := nbsync.New(nbsync.Config{Store: f.st, Nation: n, Location: loc, Now: f.clock.Now, Logger: logger})
	if err != nil {
		f.t.Fatal(err)
	}
	return s
}

// volunteer signs up a volunteer.
func (f *fixture) volunteer(phone, name, team string) {
	f.t.Helper()
	if _, err := f.st.AddVolunteer(context.Background(), debrief.Volunteer{Phone: phone, Name: name, TeamName: team}); err != nil {
		f.t.Fatal(err)
	}
}

// report saves a completed report by the volunteer through Save, as the
// last answer's text would, and returns its seq.
func (f *fixture) report(volunteer string, r debrief.Report) int {
	f.t.Helper()
	f.seq[volunteer]++
	r.Seq = f.seq[volunteer]
	f.save(volunteer, r)
	return r.Seq
}

// save stores r (a new report, or an edit of one) as the volunteer's draft.
func (f *fixture) save(volunteer string, r debrief.Report) {
	f.t.Helper()
	ctx := context.Background()
	f.sids++
	sid := fmt.Sprintf("SM%032d", f.sids)
	st, _, _, err := f.st.Load(ctx, volunteer, sid)
	if err != nil {
		f.t.Fatal(err)
	}
	at := f.clock.Now()
	if r.Status == "" {
		r.Status = debrief.ReportComplete
	}
	if r.CompletedAt == nil {
		r.CompletedAt = &at
	}
	r.StartedAt, r.UpdatedAt = at.Add(-10*time.Minute), at
	if st.Draft != nil && st.Draft.Seq == r.Seq {
		r.ID = st.Draft.ID
	}
	next := st
	next.Draft, next.Step = &r, conversation.StepDone
	if r.Seq > next.LastSeq {
		next.LastSeq = r.Seq
	}
	in := debrief.Inbound{SID: sid, From: volunteer, Body: "x", ReceivedAt: at}
	if _, _, err := f.st.Save(ctx, in, conversation.Result{State: next, Replies: []string{"ok"},
		Effects: conversation.Effects{SaveDraft: true}}); err != nil {
		f.t.Fatal(err)
	}
}

func (f *fixture) drain(s *nbsync.Syncer) int {
	f.t.Helper()
	n, err := s.Drain(context.Background())
	if err != nil {
		f.t.Fatalf("drain: %v", err)
	}
	return n
}

func (f *fixture) status() store.NBSummary {
	f.t.Helper()
	sum, err := f.st.NBStatus(context.Background())
	if err != nil {
		f.t.Fatal(err)
	}
	return sum
}

// met is the fake's people who were met (tagged), not the volunteers.
func (f *fixture) met() []nbtest.Person {
	var out []nbtest.Person
	for _, p := range f.fake.People() {
		if len(p.Tags) > 0 {
			out = append(out, p)
		}
	}
	return out
}
