package scheduler_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/debrief-sms/debrief/internal/clocktest"
	"github.com/debrief-sms/debrief/internal/followup"
	"github.com/debrief-sms/debrief/internal/scheduler"
	"github.com/debrief-sms/debrief/internal/store"
	"github.com/debrief-sms/debrief/internal/store/storetest"
)

// gatedRecords holds its first RecordSent until gate returns, and calls
// done once it returned.
type gatedRecords struct {
	scheduler.Store
	gate, done func()
	once       *sync.Once
}

func (g gatedRecords) RecordSent(ctx context.Context, sent []store.SentFollowup) error {
	first := false
	g.once.Do(func() { first = true })
	if !first {
		return g.Store.RecordSent(ctx, sent)
	}
	g.gate()
	defer g.done()
	return g.Store.RecordSent(ctx, sent)
}

// TestTwoSchedulersSettleTwins: two identical texts to one person both
// went out and neither was recorded; two instances, each with its own
// pool, claim one each and settle it through Twilio's list, both taking
// the same SID (the earliest), and record at once or one just after the
// other. The second record gives its follow-up back instead of failing
// its whole group (followups_message_sid_key); claimed again at once, it
// finds the other SID. Two texts, two SIDs, none sent again, no lease
// waited for.
func TestTwoSchedulersSettleTwins(t *testing.T) {
	t.Parallel()
	for _, b := range storetest.PostgresBackends(t) {
		for _, mode := range []string{"at once", "one after the other"} {
			t.Run(b.Name+"/"+mode, func(t *testing.T) {
				t.Parallel()
				url := b.NewURL(t)
				one, two := openURL(t, b.Name, url), openURL(t, b.Name, url)
				clk := clocktest.New(noon)
				f := newFixture(t, one, "+16175550143")
				f.add(t, followup.Thanks, noon, 2)
				tw, snd := newTwilio(t)
				tw.SetClock(clk.Now)
				runAll(t, newSchedulerWith(t, scheduler.Config{Store: killed{one}, Sender: snd, Now: clk.Now}))
				if got := len(tw.Sent()); got != 2 {
					t.Fatalf("Twilio accepted %d texts before the kill, want 2", got)
				}
				clk.Advance(6 * time.Minute)

				// Both records start once both follow-ups are settled;
				// "one after the other" lets the second start only once
				// the first has committed.
				var arrived, first sync.WaitGroup
				arrived.Add(2)
				first.Add(1)
				gate := func(later bool) func() {
					return func() {
						arrived.Done()
						arrived.Wait()
						if later && mode == "one after the other" {
							first.Wait()
						}
					}
				}
				done := first.Done
				cfg := func(st scheduler.Store) scheduler.Config {
					return scheduler.Config{Store: st, Sender: snd, Now: clk.Now, Batch: 1, Lease: 4 * time.Second}
				}
				sa := newSchedulerWith(t, cfg(gatedRecords{Store: one, gate: gate(false), done: done, once: &sync.Once{}}))
				sb := newSchedulerWith(t, cfg(gatedRecords{Store: two, gate: gate(true), done: func() {}, once: &sync.Once{}}))
				errs := make(chan error, 2)
				claimed := make(chan int, 2)
				for _, sch := range []*scheduler.Scheduler{sa, sb} {
					go func() {
						n, err := sch.RunOnce(context.Background())
						claimed <- n
						errs <- err
					}()
				}
				for range 2 {
					if n := <-claimed; n != 1 {
						t.Errorf("a scheduler claimed %d, want 1", n)
					}
					if err := <-errs; err != nil {
						t.Errorf("RunOnce: %v", err)
					}
				}
				var sent, pending int
				one.query(t, `SELECT count(*) FROM followups WHERE kind = 'thanks' AND status = 'sent'`, nil, &sent)
				one.query(t, `SELECT count(*) FROM followups WHERE kind = 'thanks' AND status = 'pending' AND claimed_until IS NULL AND attempt_started_at IS NOT NULL`, nil, &pending)
				if sent != 1 || pending != 1 {
					t.Fatalf("after both records: %d sent, %d given back with their stamp; want 1 and 1", sent, pending)
				}
				// No lease to wait for: the clock does not move.
				runAll(t, newSchedulerWith(t, scheduler.Config{Store: two, Sender: snd, Now: clk.Now}))
				var sids int
				one.query(t, `SELECT count(*), count(DISTINCT message_sid) FROM followups WHERE kind = 'thanks' AND status = 'sent'`, nil, &sent, &sids)
				if sent != 2 || sids != 2 {
					t.Errorf("%d follow-ups recorded sent with %d distinct SIDs, want 2 and 2", sent, sids)
				}
				if got := tw.Attempts(f.phone); got != 2 {
					t.Errorf("Twilio got %d requests, want the 2 before the kill", got)
				}
				for _, m := range tw.Sent() {
					checkStored(t, one, m)
				}
			})
		}
	}
}

// TestRecordSentMeetsSIDCommittedMeanwhile records a follow-up with a SID
// another transaction is recording for another follow-up and commits
// while the record waits on the unique index: the record is tried again,
// sees the SID taken, and gives its follow-up back instead of failing.
func TestRecordSentMeetsSIDCommittedMeanwhile(t *testing.T) {
	t.Parallel()
	for _, b := range storetest.PostgresBackends(t) {
		t.Run(b.Name, func(t *testing.T) {
			t.Parallel()
			ctx := context.Background()
			s := openDB(t, b)
			f := newFixture(t, s, "+16175550144")
			f.add(t, followup.Thanks, noon, 2)
			due, err := s.ClaimDue(ctx, noon, 10, 5*time.Minute)
			if err != nil || len(due) != 2 {
				t.Fatalf("claimed %d, %v", len(due), err)
			}
			const sid = "SM0123456789abcdef0123456789abcdef"
			tx, err := s.raw.BeginTx(ctx, nil)
			if err != nil {
				t.Fatal(err)
			}
			defer tx.Rollback()
			if _, err := tx.Exec(`UPDATE followups SET status = 'sent', message_sid = $1 WHERE id = $2`, sid, due[0].ID); err != nil {
				t.Fatal(err)
			}
			recorded := make(chan error, 1)
			go func() {
				recorded <- s.RecordSent(ctx, []store.SentFollowup{{ID: due[1].ID, VolunteerID: f.volunteer, Phone: f.phone,
					Body: "Have you thanked Maria?", SID: sid, Status: "queued", Segments: 1, At: noon}})
			}()
			// Wait for the record to wait on the other's index entry.
			deadline := time.Now().Add(10 * time.Second)
			for waiting := 0; waiting == 0; {
				if time.Now().After(deadline) {
					t.Fatal("the record never waited on the uncommitted SID")
				}
				s.query(t, `SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`, nil, &waiting)
				time.Sleep(5 * time.Millisecond) // polls PostgreSQL, bounded
			}
			if err := tx.Commit(); err != nil {
				t.Fatal(err)
			}
			if err := <-recorded; err != nil {
				t.Fatalf("RecordSent: %v", err)
			}
			var status string
			var stamp *time.Time
			s.query(t, `SELECT status, attempt_started_at FROM followups WHERE id = ?`, []any{due[1].ID}, &status, &stamp)
			if status != "pending" || stamp == nil {
				t.Errorf("follow-up with the taken SID: %s, stamp %v; want pending with its stamp", status, stamp)
			}
		})
	}
}

// TestRecordSentSIDTaken records a group in which one follow-up comes
// with a SID another follow-up already holds: that one is given back, the
// others of the group are recorded.
func TestRecordSentSIDTaken(t *testing.T) {
	t.Parallel()
	for _, b := range storetest.Backends(t) {
		t.Run(b.Name, func(t *testing.T) {
			t.Parallel()
			ctx := context.Background()
			s := openDB(t, b)
			f := newFixture(t, s, "+16175550145")
			f.add(t, followup.Thanks, noon, 3)
			due, err := s.ClaimDue(ctx, noon, 10, 5*time.Minute)
			if err != nil || len(due) != 3 {
				t.Fatalf("claimed %d, %v", len(due), err)
			}
			sent := func(d store.DueFollowup, sid string) store.SentFollowup {
				return store.SentFollowup{ID: d.ID, VolunteerID: f.volunteer, Phone: f.phone,
					Body: "Have you thanked Maria?", SID: sid, Status: "queued", Segments: 1, At: noon}
			}
			const taken, other = "SM00000000000000000000000000000001", "SM00000000000000000000000000000002"
			if err := s.RecordSent(ctx, []store.SentFollowup{sent(due[0], taken)}); err != nil {
				t.Fatal(err)
			}
			if err := s.RecordSent(ctx, []store.SentFollowup{sent(due[1], taken), sent(due[2], other)}); err != nil {
				t.Fatalf("RecordSent of a group with a taken SID: %v", err)
			}
			want := map[int64]string{due[0].ID: "sent " + taken, due[1].ID: "pending ", due[2].ID: "sent " + other}
			for id, w := range want {
				var status, sid string
				s.query(t, `SELECT status, coalesce(message_sid, '') FROM followups WHERE id = ?`, []any{id}, &status, &sid)
				if got := status + " " + sid; got != w {
					t.Errorf("follow-up %d: %q, want %q", id, got, w)
				}
			}
		})
	}
}
