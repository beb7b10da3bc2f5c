package scheduler_test

import (
	"context"
	"fmt"
	"sync/atomic"
	"testing"
	"time"

	"github.com/debrief-sms/debrief/internal/clocktest"
	"github.com/debrief-sms/debrief/internal/followup"
	"github.com/debrief-sms/debrief/internal/scheduler"
	"github.com/debrief-sms/debrief/internal/store"
	"github.com/debrief-sms/debrief/internal/store/storetest"
)

// countChecks counts a store's checks before sending, and runs claimed
// (if set) right after each claim that took something.
type countChecks struct {
	scheduler.Store
	claimed func()
	one     atomic.Int64 // CheckSend calls
	batch   atomic.Int64 // CheckSends calls
}

func (c *countChecks) ClaimDue(ctx context.Context, now time.Time, limit int, lease time.Duration) ([]store.DueFollowup, error) {
	due, err := c.Store.ClaimDue(ctx, now, limit, lease)
	if len(due) > 0 && c.claimed != nil {
		c.claimed()
	}
	return due, err
}

func (c *countChecks) CheckSend(ctx context.Context, id int64) (store.SendCheck, error) {
	c.one.Add(1)
	return c.Store.CheckSend(ctx, id)
}

func (c *countChecks) CheckSends(ctx context.Context, ids []int64) (map[int64]store.SendCheck, error) {
	c.batch.Add(1)
	return c.Store.CheckSends(ctx, ids)
}

// TestStopAfterClaimStopsText: a STOP (or a cancellation) stored after
// the claim and before the batch's first send stops the volunteer's
// texts, which the batch's one check catches: Twilio is not asked.
func TestStopAfterClaimStopsText(t *testing.T) {
	t.Parallel()
	tests := stopWays
	for _, b := range storetest.Backends(t) {
		t.Run(b.Name, func(t *testing.T) {
			t.Parallel()
			for i, tc := range tests {
				t.Run(tc.name, func(t *testing.T) {
					t.Parallel()
					s := openDB(t, b)
					f := newFixture(t, s, fmt.Sprintf("+161755507%02d", i))
					other := newFixture(t, s, fmt.Sprintf("+161755508%02d", i))
					clk := clocktest.New(noon)
					tw, tws := newTwilio(t)
					st := &countChecks{Store: s, claimed: func() { tc.stop(t, s, f) }}
					sch := newSchedulerWith(t, scheduler.Config{Store: st, Sender: tws, Now: clk.Now, Workers: 2})
					other.add(t, followup.Thanks, noon, 1)
					f.add(t, followup.Thanks, noon, 2)
					if n := runAll(t, sch); n != 3 {
						t.Fatalf("claimed %d, want 3", n)
					}
					if n := tw.Attempts(f.phone); n != 0 {
						t.Fatalf("%d requests to Twilio for a volunteer who replied STOP after the claim", n)
					}
					if n := len(bodies(tw, other.phone)); n != 1 {
						t.Fatalf("other volunteer got %d texts, want 1", n)
					}
					if got := statuses(t, s, f.phone); got["thanks:cancelled"] != 2 {
						t.Fatalf("statuses %v", got)
					}
					if one, batch := st.one.Load(), st.batch.Load(); one != 0 || batch != 1 {
						t.Errorf("%d checks of one follow-up and %d of the batch, want 0 and 1", one, batch)
					}
				})
			}
		})
	}
}

// TestBatchCheckQueries counts the queries of the check before sending: a
// batch sent within RecheckAfter is checked once, whatever its size; one
// whose sends are further apart is read again before each (the follow-ups
// still unstarted), as each send was checked before.
func TestBatchCheckQueries(t *testing.T) {
	t.Parallel()
	const n = 12
	for _, spaced := range []bool{false, true} {
		t.Run(fmt.Sprintf("spaced %v", spaced), func(t *testing.T) {
			t.Parallel()
			s := openURL(t, "postgres", storetest.PostgresURL(t))
			phones := reporters(t, s, n, noon)
			clk := clocktest.New(noon)
			tw, tws := newTwilio(t)
			snd := hooked{Sender: tws, after: func(string) {
				if spaced {
					clk.Advance(250 * time.Millisecond) // RecheckAfter's default
				}
			}}
			st := &countChecks{Store: s}
			sch := newSchedulerWith(t, scheduler.Config{Store: st, Sender: snd, Now: clk.Now, Workers: 1})
			runAll(t, sch)
			checkOnce(t, s, tw, phones)
			want := int64(1)
			if spaced {
				want = n
			}
			if one, batch := st.one.Load(), st.batch.Load(); one != 0 || batch != want {
				t.Errorf("%d checks of one follow-up and %d of the batch, want 0 and %d", one, batch, want)
			}
		})
	}
}

// TestCheckSendsAgreesWithCheckSend reads a claimed batch's checks in
// one query and one by one, after an opt-out and a cancellation: the
// same answers; an unknown follow-up is left out.
func TestCheckSendsAgreesWithCheckSend(t *testing.T) {
	t.Parallel()
	for _, b := range storetest.Backends(t) {
		t.Run(b.Name, func(t *testing.T) {
			t.Parallel()
			ctx := context.Background()
			s := openDB(t, b)
			kept := newFixture(t, s, "+16175550901")
			out := newFixture(t, s, "+16175550902")
			gone := newFixture(t, s, "+16175550903")
			for _, f := range []fixture{kept, out, gone} {
				f.add(t, followup.Thanks, noon, 2)
			}
			due, err := s.ClaimDue(ctx, noon, 10, 5*time.Minute)
			if err != nil || len(due) != 6 {
				t.Fatalf("claimed %d, %v", len(due), err)
			}
			stop(t, s, out.phone, noon)
			if _, err := s.raw.Exec(`UPDATE followups SET status = 'cancelled' WHERE volunteer_id = ` + fmt.Sprint(gone.volunteer)); err != nil {
				t.Fatal(err)
			}
			ids := []int64{1 << 40} // no such follow-up
			for _, d := range due {
				ids = append(ids, d.ID)
			}
			got, err := s.CheckSends(ctx, ids)
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != len(due) {
				t.Errorf("%d checks for %d follow-ups", len(got), len(due))
			}
			for _, d := range due {
				one, err := s.CheckSend(ctx, d.ID)
				if err != nil {
					t.Fatal(err)
				}
				if got[d.ID] != one {
					t.Errorf("follow-up %d: batch %+v, alone %+v", d.ID, got[d.ID], one)
				}
				want := store.SendCheck{Claimed: d.VolunteerID != gone.volunteer, OptedOut: d.VolunteerID == out.volunteer}
				if d.VolunteerID == out.volunteer {
					want.Claimed = false // STOP cancelled what was claimed
				}
				if one != want {
					t.Errorf("follow-up %d of volunteer %d: %+v, want %+v", d.ID, d.VolunteerID, one, want)
				}
			}
		})
	}
}
