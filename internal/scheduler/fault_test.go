package scheduler_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/debrief-sms/debrief"
	"github.com/debrief-sms/debrief/internal/clocktest"
	"github.com/debrief-sms/debrief/internal/followup"
	"github.com/debrief-sms/debrief/internal/scheduler"
	"github.com/debrief-sms/debrief/internal/store"
	"github.com/debrief-sms/debrief/internal/store/storetest"
	"github.com/debrief-sms/debrief/internal/twilio"
	"github.com/debrief-sms/debrief/internal/twilio/twiliotest"
)

// Fault tests (issue 13): a reminder reaches a person once, whatever
// fails. Each breaks one thing the operators saw break (the database
// while sends are recorded, the process between Twilio's answer and the
// record, Twilio's speed, a stop mid-batch), then checks that every
// follow-up ends sent exactly once: Twilio got one request per recipient
// (no duplicate) and each follow-up is recorded sent with its own SID (none
// lost).

// checkOnce checks that each of phones got exactly one text and that every
// follow-up is recorded sent once, with the SID and body Twilio has, and no
// send left in doubt.
func checkOnce(t *testing.T, s db, tw *twiliotest.Server, phones []string) {
	t.Helper()
	for _, p := range phones {
		if got := tw.Attempts(p); got != 1 {
			t.Errorf("Twilio got %d requests for %s, want 1", got, p)
		}
	}
	var sent, sids, doubt int
	s.query(t, `SELECT count(*), count(DISTINCT message_sid) FROM followups WHERE status = 'sent'`, nil, &sent, &sids)
	if sent != len(phones) || sids != len(phones) {
		t.Errorf("%d follow-ups recorded sent with %d distinct SIDs, want %d", sent, sids, len(phones))
	}
	s.query(t, `SELECT count(*) FROM followups WHERE attempt_started_at IS NOT NULL OR status <> 'sent'`, nil, &doubt)
	if doubt != 0 {
		t.Errorf("%d follow-ups not sent or with a send in doubt", doubt)
	}
	for _, m := range tw.Sent() {
		checkStored(t, s, m)
	}
}

// afterLease runs a second scheduler once the first's leases are over and
// checks that it asks Twilio for nothing more.
func afterLease(t *testing.T, s db, tw *twiliotest.Server, snd scheduler.Sender, clk *clocktest.Clock) {
	t.Helper()
	before := tw.Requests()
	clk.Advance(6 * time.Minute)
	runAll(t, newSchedulerWith(t, scheduler.Config{Store: s, Sender: snd, Now: clk.Now}))
	if got := tw.Requests(); got != before {
		t.Errorf("after the lease Twilio got %d more requests", got-before)
	}
}

// flakyRecords fails RecordSent the first fails times: before calling the
// store (the database refused, nothing recorded) or after (it committed,
// the answer was lost).
type flakyRecords struct {
	scheduler.Store
	fails  int32
	after  bool
	before func() // runs before each failing call, if set
	calls  atomic.Int32
}

var errDatabaseDown = errors.New("database restarting")

func (f *flakyRecords) RecordSent(ctx context.Context, sent []store.SentFollowup) error {
	if f.calls.Add(1) > f.fails {
		return f.Store.RecordSent(ctx, sent)
	}
	if f.before != nil {
		f.before()
	}
	if f.after {
		if err := f.Store.RecordSent(ctx, sent); err != nil {
			return err
		}
	}
	return errDatabaseDown
}

// TestFaultDatabaseFailsWhileRecording breaks the database while the
// scheduler records a group of sent texts, then lets it recover: the group
// is recorded (retried, not dropped), and nothing is sent again after the
// lease.
func TestFaultDatabaseFailsWhileRecording(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name      string
		after     bool
		terminate bool // PostgreSQL only: terminate the store's connections
		fails     int32
	}{
		{name: "refused three times", fails: 3},
		{name: "committed, answer lost twice", after: true, fails: 2},
		{name: "connections terminated", terminate: true, fails: 1},
	}
	for _, b := range storetest.Backends(t) {
		t.Run(b.Name, func(t *testing.T) {
			t.Parallel()
			for _, tc := range tests {
				t.Run(tc.name, func(t *testing.T) {
					t.Parallel()
					if tc.terminate && b.Name != "postgres" {
						t.Skip("an embedded database has no connections to cut")
					}
					s := openDB(t, b)
					const n = 20
					clk := clocktest.New(noon)
					phones := reporters(t, s, n, noon)
					tw, snd := newTwilio(t)
					tw.SetClock(clk.Now)
					st := &flakyRecords{Store: s, fails: tc.fails, after: tc.after}
					if tc.terminate {
						// The real thing: every connection of the store's
						// pool is cut (as by a restart) and the statement
						// runs on a dead one.
						st.after = true
						st.before = func() {
							if _, err := s.raw.Exec(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity
								WHERE datname = current_database() AND pid <> pg_backend_pid()`); err != nil {
								t.Error(err)
							}
						}
					}
					sch := newSchedulerWith(t, scheduler.Config{Store: st, Sender: snd, Now: clk.Now, Workers: 4})
					runAll(t, sch)
					if got := st.calls.Load(); got <= tc.fails {
						t.Fatalf("RecordSent called %d times, want more than the %d failures", got, tc.fails)
					}
					checkOnce(t, s, tw, phones)
					if tw.Lists() != 0 {
						t.Errorf("Twilio was asked for its list %d times; nothing was in doubt", tw.Lists())
					}
					afterLease(t, s, tw, snd, clk)
				})
			}
		})
	}
}

// countClaims counts a store's claims of at least one follow-up.
type countClaims struct {
	scheduler.Store
	n atomic.Int64
}

func (c *countClaims) ClaimDue(ctx context.Context, now time.Time, limit int, lease time.Duration) ([]store.DueFollowup, error) {
	due, err := c.Store.ClaimDue(ctx, now, limit, lease)
	if len(due) > 0 {
		c.n.Add(1)
	}
	return due, err
}

// killed is a store whose process dies right after each send: the claim
// is stamped, and no outcome is ever written.
type killed struct{ scheduler.Store }

func (killed) RecordSent(context.Context, []store.SentFollowup) error { return nil }
func (killed) RetryFollowup(context.Context, int64, time.Time, int, string, time.Time) error {
	return nil
}
func (killed) RetryUnknown(context.Context, int64, time.Time, string, string, time.Time) error {
	return nil
}
func (killed) FailFollowup(context.Context, int64, int, string, time.Time) error { return nil }
func (killed) ReleaseFollowups(context.Context, []store.DueFollowup, time.Time) error {
	return nil
}

// dies is a Sender of a process killed before its request leaves, for
// the recipients in odd places of phones.
type dies struct {
	scheduler.Sender
	before map[string]bool
}

func (d dies) Send(ctx context.Context, to, body string) (debrief.Sent, error) {
	if d.before[to] {
		return debrief.Sent{}, fmt.Errorf("killed: %w", debrief.ErrTemporary)
	}
	return d.Sender.Send(ctx, to, body)
}

// TestFaultKilledBeforeRecording kills a scheduler (its outcomes are never
// written) after Twilio accepted some texts and before others left; a
// second scheduler, once the lease is over, asks Twilio's list for each
// and records those it finds instead of sending them again, and sends
// those that never left.
func TestFaultKilledBeforeRecording(t *testing.T) {
	t.Parallel()
	for _, b := range storetest.Backends(t) {
		t.Run(b.Name, func(t *testing.T) {
			t.Parallel()
			s := openDB(t, b)
			const n = 14
			clk := clocktest.New(noon)
			phones := reporters(t, s, n, noon)
			tw, snd := newTwilio(t)
			tw.SetClock(clk.Now)
			left := map[string]bool{}
			for i, p := range phones {
				if i%2 == 1 {
					left[p] = true
				}
			}
			first := newSchedulerWith(t, scheduler.Config{Store: killed{s}, Sender: dies{snd, left}, Now: clk.Now, Workers: 4})
			runAll(t, first)
			if got := len(tw.Sent()); got != n-len(left) {
				t.Fatalf("Twilio accepted %d texts before the kill, want %d", got, n-len(left))
			}
			var doubt int
			s.query(t, `SELECT count(*) FROM followups WHERE status = 'sending' AND attempt_started_at IS NOT NULL`, nil, &doubt)
			if doubt != n {
				t.Fatalf("%d follow-ups left sending with an attempt stamp, want %d", doubt, n)
			}
			second := newSchedulerWith(t, scheduler.Config{Store: s, Sender: snd, Now: clk.Now, Workers: 4})
			if got := runAll(t, second); got != 0 {
				t.Fatalf("claimed %d while leased", got)
			}
			clk.Advance(5 * time.Minute)
			runAll(t, second)
			if got := tw.Lists(); got != 2*n {
				t.Errorf("Twilio's list was asked %d times, want %d (twice per follow-up in doubt: sent since its day, and queued)", got, 2*n)
			}
			checkOnce(t, s, tw, phones)
			afterLease(t, s, tw, snd, clk)
		})
	}
}

// TestFaultTwilioSlowerThanTimeout has Twilio accept every text and answer
// only after the client gave up: each try counts as an unknown outcome,
// settled through Twilio's list at the next claim, and exactly one text per
// recipient goes out although Twilio stays slow.
func TestFaultTwilioSlowerThanTimeout(t *testing.T) {
	t.Parallel()
	for _, b := range storetest.Backends(t) {
		t.Run(b.Name, func(t *testing.T) {
			t.Parallel()
			s := openDB(t, b)
			const n = 5
			clk := clocktest.New(noon)
			phones := reporters(t, s, n, noon)
			tw := twiliotest.New(t)
			tw.SetClock(clk.Now)
			tw.Slow(time.Hour) // in effect: until the client gives up
			tr := http.DefaultTransport.(*http.Transport).Clone()
			t.Cleanup(tr.CloseIdleConnections)
			ts, err := twilio.NewSender(twilio.SenderConfig{
				AccountSID: twiliotest.AccountSID, AuthToken: twiliotest.AuthToken,
				From: "+16175550000", APIURL: tw.URL, StatusCallback: statusCallback,
				HTTPClient: &http.Client{Transport: tr, Timeout: 500 * time.Millisecond},
			})
			if err != nil {
				t.Fatal(err)
			}
			snd := ts
			sch := newSchedulerWith(t, scheduler.Config{Store: s, Sender: snd, Now: clk.Now, Workers: n,
				MaxAttempts: 5, BackoffBase: time.Minute})
			runAll(t, sch)
			if got := statuses(t, s, phones[0]); got["thanks:pending"] != 1 {
				t.Fatalf("after the timeouts %v, want the follow-up pending, outcome unknown", got)
			}
			var failed int
			s.query(t, `SELECT count(*) FROM followups WHERE status = 'failed'`, nil, &failed)
			if failed != 0 {
				t.Fatalf("%d follow-ups failed on a timeout", failed)
			}
			// Retries wait for their backoff: at most a minute.
			for range 3 {
				clk.Advance(time.Minute)
				runAll(t, sch)
			}
			// At least once each: a list that itself timed out on a loaded
			// machine is asked again at the next try.
			if got := tw.Lists(); got < n {
				t.Errorf("Twilio's list was asked %d times, want every one of the %d follow-ups in doubt looked up", got, n)
			}
			checkOnce(t, s, tw, phones)
			afterLease(t, s, tw, snd, clk)
		})
	}
}

// TestFaultStopReleasesClaimed stops a scheduler while it sends a claimed
// batch: the send under way finishes and is recorded, the rest are pending
// again the moment Run returns (not when the lease ends), and another
// scheduler sends them at once, each exactly once. With batches of 10, Run
// holds a batch claimed ahead when it is stopped: released too.
func TestFaultStopReleasesClaimed(t *testing.T) {
	t.Parallel()
	for _, b := range storetest.Backends(t) {
		for _, batch := range []int{100, 10} {
			t.Run(fmt.Sprintf("%s/batch %d", b.Name, batch), func(t *testing.T) {
				t.Parallel()
				testStopReleases(t, b, batch)
			})
		}
	}
}

// testStopReleases is TestFaultStopReleasesClaimed with batches of batch.
func testStopReleases(t *testing.T, b storetest.Backend, batch int) {
	s := openDB(t, b)
	const n = 40
	phones := reporters(t, s, n, noon)
	clk := clocktest.New(noon)
	tw, tws := newTwilio(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	const stopAt = 15 // mid-batch, in the second batch of 10
	var accepted atomic.Int64
	var once sync.Once
	snd := hooked{Sender: tws, after: func(string) {
		if accepted.Add(1) == stopAt {
			once.Do(cancel) // the process is told to stop mid-batch
		}
	}}
	claims := &countClaims{Store: s}
	sch := newSchedulerWith(t, scheduler.Config{Store: claims, Sender: snd, Now: clk.Now, Workers: 2, Lease: 5 * time.Minute, Batch: batch})
	if err := sch.Run(ctx); err != nil {
		t.Fatal(err)
	}
	first := tw.Requests()
	if first < stopAt || first == n {
		t.Fatalf("first run sent %d", first)
	}
	if batch < stopAt && claims.n.Load() < 3 {
		t.Fatalf("%d claims: the stop found no batch claimed ahead", claims.n.Load())
	}
	var sent, pending, leased int
	s.query(t, `SELECT count(*) FROM followups WHERE status = 'sent'`, nil, &sent)
	s.query(t, `SELECT count(*) FROM followups WHERE status = 'pending' AND claimed_until IS NULL AND attempt_started_at IS NULL`, nil, &pending)
	s.query(t, `SELECT count(*) FROM followups WHERE status = 'sending' OR claimed_until IS NOT NULL`, nil, &leased)
	if sent != first || pending != n-first || leased != 0 {
		t.Fatalf("after Run returned: %d sent (Twilio accepted %d), %d pending, %d still leased; want the rest pending", sent, first, pending, leased)
	}
	// No lease to wait for: the clock does not move.
	again := newSchedulerWith(t, scheduler.Config{Store: s, Sender: tws, Now: clk.Now})
	runAll(t, again)
	checkOnce(t, s, tw, phones)
	if tw.Lists() != 0 {
		t.Errorf("Twilio's list was asked %d times; nothing was in doubt", tw.Lists())
	}
}

// TestAttemptStamp follows a follow-up's attempt stamp through the store
// calls the scheduler makes: a claim stamps it and returns the stamp from
// before; giving it back unsent restores that; an unknown outcome keeps
// the stamp and the body sent; a known one clears it.
func TestAttemptStamp(t *testing.T) {
	t.Parallel()
	for _, b := range storetest.Backends(t) {
		t.Run(b.Name, func(t *testing.T) {
			t.Parallel()
			ctx := context.Background()
			s := openDB(t, b)
			f := newFixture(t, s, "+16175550190")
			f.add(t, followup.Thanks, noon, 1)
			claim := func(at time.Time) store.DueFollowup {
				t.Helper()
				due, err := s.ClaimDue(ctx, at, 10, 5*time.Minute)
				if err != nil || len(due) != 1 {
					t.Fatalf("claim at %s: %d, %v", at, len(due), err)
				}
				return due[0]
			}
			stamp := func() (time.Time, bool) {
				t.Helper()
				var at *time.Time
				s.query(t, `SELECT attempt_started_at FROM followups WHERE kind = 'thanks'`, nil, &at)
				if at == nil {
					return time.Time{}, false
				}
				return *at, true
			}
			d := claim(noon)
			if !d.AttemptStartedAt.IsZero() {
				t.Fatalf("first claim says an earlier attempt started at %s", d.AttemptStartedAt)
			}
			if at, ok := stamp(); !ok || !at.Equal(noon) {
				t.Fatalf("claimed: stamp %s %v, want %s", at, ok, noon)
			}
			if err := s.ReleaseFollowups(ctx, []store.DueFollowup{d}, noon); err != nil {
				t.Fatal(err)
			}
			if at, ok := stamp(); ok {
				t.Fatalf("released: stamp %s, want none", at)
			}

			later := noon.Add(time.Minute)
			d = claim(later)
			if err := s.RetryUnknown(ctx, d.ID, later, "Have you thanked Maria?", "timeout", later); err != nil {
				t.Fatal(err)
			}
			d = claim(later.Add(time.Minute))
			if !d.AttemptStartedAt.Equal(later) || d.AttemptBody != "Have you thanked Maria?" {
				t.Fatalf("after a timeout: earlier attempt %s %q, want %s and its body", d.AttemptStartedAt, d.AttemptBody, later)
			}
			// Given back unsent (quiet hours), the unknown attempt stays.
			if err := s.DeferFollowup(ctx, d, later.Add(2*time.Minute), later.Add(time.Minute)); err != nil {
				t.Fatal(err)
			}
			if at, ok := stamp(); !ok || !at.Equal(later) {
				t.Fatalf("deferred: stamp %s %v, want %s", at, ok, later)
			}
			d = claim(later.Add(2 * time.Minute))
			if err := s.RetryFollowup(ctx, d.ID, later.Add(3*time.Minute), 20500, "refused", later.Add(2*time.Minute)); err != nil {
				t.Fatal(err)
			}
			if at, ok := stamp(); ok {
				t.Fatalf("refused by Twilio: stamp %s, want none (nothing went)", at)
			}
		})
	}
}

// TestFaultIdenticalTextsInDoubt has two identical texts to one person
// (two thank-you reminders of one report) both go out and neither be
// recorded: settled through Twilio's list, each takes a SID of its own,
// whether its twin is settled in the same run or was recorded before.
func TestFaultIdenticalTextsInDoubt(t *testing.T) {
	t.Parallel()
	for _, b := range storetest.Backends(t) {
		for _, workers := range []int{1, 2} {
			t.Run(fmt.Sprintf("%s/%d workers", b.Name, workers), func(t *testing.T) {
				t.Parallel()
				s := openDB(t, b)
				clk := clocktest.New(noon)
				f := newFixture(t, s, "+16175550142")
				f.add(t, followup.Thanks, noon, 2)
				tw, snd := newTwilio(t)
				tw.SetClock(clk.Now)
				runAll(t, newSchedulerWith(t, scheduler.Config{Store: killed{s}, Sender: snd, Now: clk.Now, Workers: workers}))
				if got := len(tw.Sent()); got != 2 {
					t.Fatalf("Twilio accepted %d texts before the kill, want 2", got)
				}
				clk.Advance(6 * time.Minute)
				runAll(t, newSchedulerWith(t, scheduler.Config{Store: s, Sender: snd, Now: clk.Now, Workers: workers}))
				var sent, sids int
				s.query(t, `SELECT count(*), count(DISTINCT message_sid) FROM followups WHERE status = 'sent'`, nil, &sent, &sids)
				if sent != 2 || sids != 2 {
					t.Errorf("%d follow-ups recorded sent with %d distinct SIDs, want 2 and 2", sent, sids)
				}
				if got := tw.Attempts(f.phone); got != 2 {
					t.Errorf("Twilio got %d requests, want the 2 before the kill", got)
				}
				for _, m := range tw.Sent() {
					checkStored(t, s, m)
				}
			})
		}
	}
}
