package store_test

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/debrief-sms/debrief"
	"github.com/debrief-sms/debrief/internal/conversation"
	"github.com/debrief-sms/debrief/internal/store"
	"github.com/debrief-sms/debrief/internal/store/storetest"
)

// saveReport saves r as the phone's draft through Save, as a text would.
func saveReport(t *testing.T, s *store.Store, phone, sid string, r debrief.Report, at time.Time) {
	t.Helper()
	ctx := context.Background()
	st, _, _, err := s.Load(ctx, phone, sid)
	if err != nil {
		t.Fatal(err)
	}
	next := st
	r.UpdatedAt = at
	if r.StartedAt.IsZero() {
		r.StartedAt = at
	}
	if st.Draft != nil {
		r.ID = st.Draft.ID
	}
	next.Draft, next.LastSeq, next.Step = &r, r.Seq, "done"
	in := debrief.Inbound{SID: sid, From: phone, Body: "x", ReceivedAt: at}
	if _, _, err := s.Save(ctx, in, conversation.Result{State: next, Replies: []string{"ok"},
		Effects: conversation.Effects{SaveDraft: true}}); err != nil {
		t.Fatal(err)
	}
}

type pushRow struct {
	status   string
	revision int
}

func pushOf(t *testing.T, s *store.Store) (pushRow, int) {
	t.Helper()
	var p pushRow
	n := count(t, s, `SELECT count(*) FROM nb_pushes`)
	if n == 1 {
		if err := s.SQL().QueryRow(`SELECT status, revision FROM nb_pushes`).Scan(&p.status, &p.revision); err != nil {
			t.Fatal(err)
		}
	}
	return p, n
}

// TestNBPushWrittenWithReport: a completed report queues its push in the
// statement that saves it; a draft never does; an edit bumps the
// revision, a re-save of the same answers does not; an edit during a push
// sends it again.
func TestNBPushWrittenWithReport(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, b storetest.Backend) {
		s := b.Open(t)
		ctx := context.Background()
		const phone = "+16175550142"
		at := received
		r := debrief.Report{Seq: 1, PersonName: "Maria Lopez", Status: debrief.ReportDraft}
		saveReport(t, s, phone, "SM1", r, at)
		if _, n := pushOf(t, s); n != 0 {
			t.Fatalf("a draft queued %d pushes", n)
		}
		r.Status, r.Issue = debrief.ReportComplete, "clean air"
		done := at.Add(time.Minute)
		r.CompletedAt = &done
		saveReport(t, s, phone, "SM2", r, done)
		if p, n := pushOf(t, s); n != 1 || p != (pushRow{"pending", 1}) {
			t.Fatalf("after completing: %d pushes %+v, want one pending at revision 1", n, p)
		}
		saveReport(t, s, phone, "SM3", r, done.Add(time.Minute))
		if p, _ := pushOf(t, s); p.revision != 1 {
			t.Errorf("an unchanged re-save moved the revision to %d", p.revision)
		}
		claimed, err := s.ClaimNBPushes(ctx, done.Add(time.Hour), 10, time.Minute)
		if err != nil || len(claimed) != 1 {
			t.Fatalf("claim: %v %+v", err, claimed)
		}
		c := claimed[0]
		if c.Revision != 1 || c.Listing.Report.PersonName != "Maria Lopez" || c.Listing.Volunteer.Phone != phone {
			t.Errorf("claimed %+v", c)
		}
		r.Notes = "teacher"
		saveReport(t, s, phone, "SM4", r, done.Add(2*time.Minute))
		if p, _ := pushOf(t, s); p != (pushRow{"sending", 2}) {
			t.Errorf("edit during a push: %+v, want sending at revision 2", p)
		}
		c.PersonID, c.ContactLogged = "7", true
		if err := s.RecordNBProgress(ctx, c, done.Add(time.Hour)); err != nil {
			t.Fatal(err)
		}
		if err := s.FinishNBPush(ctx, c.ID, c.Revision, done.Add(time.Hour)); err != nil {
			t.Fatal(err)
		}
		if p, _ := pushOf(t, s); p != (pushRow{"pending", 2}) {
			t.Errorf("finished an outdated revision: %+v, want pending again", p)
		}
		again, err := s.ClaimNBPushes(ctx, done.Add(2*time.Hour), 10, time.Minute)
		if err != nil || len(again) != 1 || again[0].PersonID != "7" || !again[0].ContactLogged || again[0].Listing.Report.Notes != "teacher" {
			t.Fatalf("claim again: %v %+v", err, again)
		}
		if err := s.FailNBPush(ctx, again[0].ID, again[0].Revision, "422 email: bad", done.Add(2*time.Hour)); err != nil {
			t.Fatal(err)
		}
		sum, err := s.NBStatus(ctx)
		if err != nil || len(sum.Failed) != 1 || sum.Failed[0].Reason != "422 email: bad" || sum.Waiting != 0 {
			t.Fatalf("status %+v %v", sum, err)
		}
		if n, err := s.RetryNBPushes(ctx, 0, done.Add(3*time.Hour)); err != nil || n != 1 {
			t.Fatalf("retry: %d %v", n, err)
		}
		if p, _ := pushOf(t, s); p.status != "pending" {
			t.Errorf("after retry: %+v", p)
		}
		// The backlog: a report from before the sync has no push.
		if _, err := s.SQL().Exec(`DELETE FROM nb_pushes`); err != nil {
			t.Fatal(err)
		}
		if n, err := s.QueueNBPushes(ctx, done.Add(-24*time.Hour), done.Add(4*time.Hour)); err != nil || n != 1 {
			t.Fatalf("queue since yesterday: %d %v", n, err)
		}
		if n, err := s.QueueNBPushes(ctx, done.Add(-24*time.Hour), done.Add(4*time.Hour)); err != nil || n != 0 {
			t.Errorf("queue twice: %d %v", n, err)
		}
		if err := s.SaveNBPerson(ctx, "debrief-p-1", "42", at); err != nil {
			t.Fatal(err)
		}
		if id, err := s.NBPerson(ctx, "debrief-p-1"); err != nil || id != "42" {
			t.Errorf("NBPerson = %q %v", id, err)
		}
	})
}

// TestNBClaimSideBySide: two instances claiming at once never get the
// same push.
func TestNBClaimSideBySide(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, b storetest.Backend) {
		s := b.Open(t)
		for i := range 40 {
			done := received
			saveReport(t, s, fmt.Sprintf("+1617555%04d", i), fmt.Sprintf("SM%d", i), debrief.Report{Seq: 1, PersonName: "P",
				Status: debrief.ReportComplete, CompletedAt: &done}, received)
		}
		var mu sync.Mutex
		seen := map[int64]int{}
		var wg sync.WaitGroup
		for range 4 {
			wg.Go(func() {
				for {
					got, err := s.ClaimNBPushes(context.Background(), received.Add(time.Hour), 3, time.Hour)
					if err != nil {
						t.Error(err)
						return
					}
					if len(got) == 0 {
						return
					}
					mu.Lock()
					for _, p := range got {
						seen[p.ID]++
					}
					mu.Unlock()
				}
			})
		}
		wg.Wait()
		if len(seen) != 40 {
			t.Errorf("claimed %d pushes, want 40", len(seen))
		}
		for id, n := range seen {
			if n != 1 {
				t.Errorf("push %d claimed %d times", id, n)
			}
		}
	})
}
