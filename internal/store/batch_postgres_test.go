package store_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"

	"github.com/debrief-sms/debrief"
	"github.com/debrief-sms/debrief/internal/conversation"
	"github.com/debrief-sms/debrief/internal/store"
	"github.com/debrief-sms/debrief/internal/store/storetest"
)

// TestSaveTogether saves steps of different volunteers in one batch, as
// PostgreSQL's group commit does under load: each is saved or refused as it
// would be alone, and a refusal of one (a MessageSid already stored rolls
// the batch back) costs the others nothing.
func TestSaveTogether(t *testing.T) {
	t.Parallel()
	storetest.EachOf(t, storetest.PostgresBackends(t), func(t *testing.T, b storetest.Backend) {
		saveTogether(t, b.Open(t))
	})
}

func saveTogether(t *testing.T, s *store.Store) {
	ctx := context.Background()

	load := func(phone string) conversation.State {
		t.Helper()
		st, _, _, err := s.Load(ctx, phone, "")
		if err != nil {
			t.Fatal(err)
		}
		return st
	}
	saveAlone := func(phone, sid string) conversation.State {
		t.Helper()
		in, res := simpleStep(load(phone), sid)
		if _, _, err := s.Save(ctx, in, res); err != nil {
			t.Fatalf("Save %s: %v", sid, err)
		}
		return load(phone)
	}

	// Stored before the batches: a volunteer whose next step will come from
	// a stale state, and one whose text will be delivered again.
	stale := load("+16175550201")
	saveAlone("+16175550201", "SM-stale-0")
	retried := saveAlone("+16175550202", "SM-retried")

	type text struct {
		state conversation.State
		sid   string
		want  error
	}
	cases := []struct {
		name  string
		texts []text
	}{
		{"newcomers and a conflict", []text{
			{load("+16175550203"), "SM-new-1", nil},
			{stale, "SM-stale-1", store.ErrConflict},
			{load("+16175550204"), "SM-new-2", nil},
		}},
		{"a stored MessageSid among new texts", []text{
			{load("+16175550205"), "SM-new-3", nil},
			{retried, "SM-retried", store.ErrDuplicate},
			{load("+16175550206"), "SM-new-4", nil},
		}},
	}
	for _, c := range cases {
		ins := make([]debrief.Inbound, len(c.texts))
		results := make([]conversation.Result, len(c.texts))
		for i, x := range c.texts {
			ins[i], results[i] = simpleStep(x.state, x.sid)
		}
		errs := s.SaveTogether(ctx, ins, results)
		for i, x := range c.texts {
			if !errors.Is(errs[i], x.want) || (x.want == nil && errs[i] != nil) {
				t.Errorf("%s: %s: %v, want %v", c.name, x.sid, errs[i], x.want)
			}
		}
	}

	for sid, want := range map[string]int{
		"SM-new-1": 1, "SM-new-2": 1, "SM-new-3": 1, "SM-new-4": 1,
		"SM-stale-0": 1, "SM-stale-1": 0, "SM-retried": 1,
	} {
		if n := count(t, s, `SELECT count(*) FROM messages WHERE message_sid = $1`, sid); n != want {
			t.Errorf("%s stored %d times, want %d", sid, n, want)
		}
	}
	for phone, version := range map[string]int64{
		"+16175550201": 1, "+16175550202": 1, "+16175550203": 1,
		"+16175550204": 1, "+16175550205": 1, "+16175550206": 1,
	} {
		if st := load(phone); st.Version != version || st.Draft == nil {
			t.Errorf("%s: version %d, draft %v; want version %d and a draft", phone, st.Version, st.Draft, version)
		}
	}
}

// TestSaveManyVolunteersAtOnce has many volunteers text at once, so that
// their steps reach PostgreSQL in batches, and checks that every step is
// stored once, in order.
func TestSaveManyVolunteersAtOnce(t *testing.T) {
	t.Parallel()
	s := storetest.OpenPostgres(t)
	ctx := context.Background()
	const volunteers, steps = 48, 6
	var wg sync.WaitGroup
	for v := range volunteers {
		wg.Go(func() {
			phone := fmt.Sprintf("+1617555%04d", v)
			for i := range steps {
				st, _, _, err := s.Load(ctx, phone, "")
				if err != nil {
					t.Errorf("Load: %v", err)
					return
				}
				in, res := simpleStep(st, fmt.Sprintf("SM-%d-%d", v, i))
				if _, _, err := s.Save(ctx, in, res); err != nil {
					t.Errorf("Save %s: %v", in.SID, err)
					return
				}
			}
		})
	}
	wg.Wait()
	if n := count(t, s, `SELECT count(*) FROM messages`); n != volunteers*steps {
		t.Errorf("%d texts stored, want %d", n, volunteers*steps)
	}
	if n := count(t, s, `SELECT count(*) FROM conversations WHERE version = $1`, steps); n != volunteers {
		t.Errorf("%d conversations at version %d, want %d", n, steps, volunteers)
	}
	for v := range volunteers {
		st, _, _, err := s.Load(ctx, fmt.Sprintf("+1617555%04d", v), "")
		if err != nil {
			t.Fatal(err)
		}
		want := ""
		for i := range steps {
			want += fmt.Sprintf("SM-%d-%d;", v, i)
		}
		if st.Draft == nil || st.Draft.Notes != want {
			t.Errorf("volunteer %d: draft notes %v, want %q", v, st.Draft, want)
		}
	}
}

// TestSaveAfterCancel: a Save whose context is done stores nothing and
// says so, whether or not it reached a batch.
func TestSaveAfterCancel(t *testing.T) {
	t.Parallel()
	s := storetest.OpenPostgres(t)
	st, _, _, err := s.Load(context.Background(), "+16175550301", "")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	in, res := simpleStep(st, "SM-cancelled")
	if _, _, err := s.Save(ctx, in, res); !errors.Is(err, context.Canceled) {
		t.Errorf("Save with a cancelled context: %v, want context.Canceled", err)
	}
	if n := count(t, s, `SELECT count(*) FROM messages`); n != 0 {
		t.Errorf("%d texts stored by a cancelled Save", n)
	}
}

// TestCloseDuringSaves closes the store while volunteers are texting, as a
// deploy or restart does: every Save that returned success is stored, and
// every one refused as the store closed is not, so the webhook's 500 and
// Twilio's retry lose and double nothing.
func TestCloseDuringSaves(t *testing.T) {
	t.Parallel()
	storetest.EachOf(t, storetest.PostgresBackends(t), func(t *testing.T, b storetest.Backend) {
		closeDuringSaves(t, b.NewURL(t))
	})
}

func closeDuringSaves(t *testing.T, url string) {
	ctx := context.Background()
	s, err := store.Open(ctx, url, storetest.Options)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Migrate(ctx); err != nil {
		t.Fatal(err)
	}

	const volunteers = 32
	var mu sync.Mutex
	saved, refused := []string{}, []string{}
	var wg sync.WaitGroup
	started := make(chan struct{}, volunteers)
	for v := range volunteers {
		wg.Go(func() {
			signalled := false
			defer func() {
				if !signalled { // failed early: do not keep the close waiting
					started <- struct{}{}
				}
			}()
			phone := fmt.Sprintf("+1617556%04d", v)
			st, _, _, err := s.Load(ctx, phone, "")
			if err != nil {
				t.Errorf("Load: %v", err)
				return
			}
			for i := 0; ; i++ {
				in, res := simpleStep(st, fmt.Sprintf("SM-%d-%d", v, i))
				next, known, err := s.Save(ctx, in, res)
				mu.Lock()
				if err == nil {
					saved = append(saved, in.SID)
				} else if errors.Is(err, store.ErrClosed) {
					refused = append(refused, in.SID)
				}
				mu.Unlock()
				if i == 2 {
					started <- struct{}{}
					signalled = true
				}
				if err != nil {
					if !errors.Is(err, store.ErrClosed) {
						t.Errorf("Save %s: %v, want success or ErrClosed", in.SID, err)
					}
					return
				}
				if !known {
					t.Errorf("Save %s: state not known", in.SID)
					return
				}
				st = next
			}
		})
	}
	for range volunteers {
		<-started // every volunteer is texting
	}
	if err := s.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
	wg.Wait()

	check, err := store.Open(ctx, url, storetest.Options)
	if err != nil {
		t.Fatal(err)
	}
	defer check.Close()
	if len(refused) != volunteers {
		t.Errorf("%d Saves refused by the closed store, want one per volunteer (%d)", len(refused), volunteers)
	}
	for _, sid := range saved {
		if n := count(t, check, `SELECT count(*) FROM messages WHERE message_sid = $1`, sid); n != 1 {
			t.Errorf("%s: saved, then found %d times", sid, n)
		}
	}
	for _, sid := range refused {
		if n := count(t, check, `SELECT count(*) FROM messages WHERE message_sid = $1`, sid); n != 0 {
			t.Errorf("%s: refused, then found stored", sid)
		}
	}
	if n := count(t, check, `SELECT count(*) FROM messages`); n != len(saved) {
		t.Errorf("%d texts stored, %d Saves succeeded", n, len(saved))
	}
	t.Logf("%d Saves succeeded before the close, %d refused", len(saved), len(refused))
}
