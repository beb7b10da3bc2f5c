package inbox_test

import (
	"context"
	"fmt"
	"reflect"
	"sync"
	"testing"
	"time"

	"github.com/debrief-sms/debrief"
	"github.com/debrief-sms/debrief/internal/inbox"
	"github.com/debrief-sms/debrief/internal/store"
	"github.com/debrief-sms/debrief/internal/store/storetest"
)

var now = time.Date(2026, 4, 14, 18, 30, 0, 0, time.UTC)

func clock() time.Time { return now }

func newInbox(st *store.Store) *inbox.Inbox {
	return inbox.New(st, inbox.Options{Now: clock, DefaultLocation: time.UTC})
}

func text(from, sid, body string) debrief.Inbound {
	return debrief.Inbound{SID: sid, From: from, To: "+18005551212", Body: body, ReceivedAt: now}
}

// version returns the stored conversation's version: it grows by one for
// each text applied.
func version(t *testing.T, st *store.Store, from string) int64 {
	t.Helper()
	state, _, _, err := st.Load(context.Background(), from, "")
	if err != nil {
		t.Fatal(err)
	}
	return state.Version
}

func TestHandle(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, b storetest.Backend) {
		st := b.Open(t)
		ib := newInbox(st)
		ctx := context.Background()
		const from = "+16175550101"

		t.Run("first text is answered", func(t *testing.T) {
			replies, optedOut, err := ib.Handle(ctx, text(from, "SMa1", "Hi"))
			if err != nil {
				t.Fatal(err)
			}
			if len(replies) == 0 || optedOut {
				t.Errorf("replies %q, opted out %v; want a reply", replies, optedOut)
			}
		})

		t.Run("a duplicate gets the same replies and is not applied again", func(t *testing.T) {
			first, _, err := ib.Handle(ctx, text(from, "SMa2", "Maria Lopez"))
			if err != nil {
				t.Fatal(err)
			}
			before := version(t, st, from)
			again, _, err := ib.Handle(ctx, text(from, "SMa2", "Maria Lopez"))
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(again, first) {
				t.Errorf("duplicate answered %q, first answer %q", again, first)
			}
			if after := version(t, st, from); after != before {
				t.Errorf("version %d after the duplicate, want %d", after, before)
			}
		})

		t.Run("an opt-out word is answered with nothing", func(t *testing.T) {
			replies, optedOut, err := ib.Handle(ctx, text(from, "SMa3", "STOP"))
			if err != nil {
				t.Fatal(err)
			}
			if len(replies) != 0 || !optedOut {
				t.Errorf("replies %q, opted out %v; want none, true", replies, optedOut)
			}
		})
	})
}

// TestConcurrentTextsFromOnePhone sends texts from one phone at once
// through two inboxes on two connections to one database, as two server
// processes would: each text must be applied exactly once, one after the
// other.
func TestConcurrentTextsFromOnePhone(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, b storetest.Backend) {
		url := b.NewURL(t)
		inboxes := []*inbox.Inbox{newInbox(open(t, url, true)), newInbox(open(t, url, false))}
		st := open(t, url, false)
		ctx := context.Background()
		const from = "+16175550102"
		if _, _, err := inboxes[0].Handle(ctx, text(from, "SMb0", "Hi")); err != nil {
			t.Fatal(err)
		}
		start := version(t, st, from)

		const n = 8
		var wg sync.WaitGroup
		errs := make([]error, n)
		replies := make([][]string, n)
		for i := range n {
			wg.Add(1)
			go func() {
				defer wg.Done()
				replies[i], _, errs[i] = inboxes[i%2].Handle(ctx, text(from, fmt.Sprintf("SMb%d", i+1), fmt.Sprintf("answer %d", i)))
			}()
		}
		wg.Wait()
		for i := range n {
			if errs[i] != nil {
				t.Errorf("text %d: %v", i, errs[i])
			} else if len(replies[i]) == 0 {
				t.Errorf("text %d got no reply", i)
			}
		}
		if got := version(t, st, from) - start; got != n {
			t.Errorf("%d texts applied, want %d", got, n)
		}
	})
}

// open returns a store on url, migrated when migrate is set.
func open(t *testing.T, url string, migrate bool) *store.Store {
	t.Helper()
	ctx := context.Background()
	st, err := store.Open(ctx, url, storetest.Options)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := st.Close(); err != nil {
			t.Error(err)
		}
	})
	if migrate {
		if err := st.Migrate(ctx); err != nil {
			t.Fatal(err)
		}
	}
	return st
}

// TestConcurrentDuplicates delivers one text several times at once, as
// Twilio may when it retries a slow webhook: it is applied once and every
// delivery gets the same replies.
func TestConcurrentDuplicates(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, b storetest.Backend) {
		url := b.NewURL(t)
		inboxes := []*inbox.Inbox{newInbox(open(t, url, true)), newInbox(open(t, url, false))}
		st := open(t, url, false)
		ctx := context.Background()
		const from = "+16175550103"
		if _, _, err := inboxes[0].Handle(ctx, text(from, "SMc0", "Hi")); err != nil {
			t.Fatal(err)
		}
		start := version(t, st, from)

		const n = 6
		var wg sync.WaitGroup
		errs := make([]error, n)
		replies := make([][]string, n)
		for i := range n {
			wg.Add(1)
			go func() {
				defer wg.Done()
				replies[i], _, errs[i] = inboxes[i%2].Handle(ctx, text(from, "SMc1", "Maria Lopez"))
			}()
		}
		wg.Wait()
		for i := range n {
			if errs[i] != nil {
				t.Fatalf("delivery %d: %v", i, errs[i])
			}
			if len(replies[i]) == 0 || !reflect.DeepEqual(replies[i], replies[0]) {
				t.Errorf("delivery %d answered %q, delivery 0 %q", i, replies[i], replies[0])
			}
		}
		if got := version(t, st, from) - start; got != 1 {
			t.Errorf("text applied %d times, want 1", got)
		}
	})
}
