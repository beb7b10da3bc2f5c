package inbox_test

import (
	"context"
	"testing"

	"github.com/debrief-sms/debrief/internal/inbox"
	"github.com/debrief-sms/debrief/internal/store/storetest"
)

// TestWatchDuplicate checks that a text delivered twice is told apart,
// whether the second delivery finds the MessageSid on Load (another
// process, no state kept) or on Save (the state kept from the first).
func TestWatchDuplicate(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, b storetest.Backend) {
		st := b.Open(t)
		first, second := newInbox(st), newInbox(st)
		const from = "+16175550111"
		steps := []struct {
			name string
			ib   *inbox.Inbox
			sid  string
			want bool
		}{
			{"a first text", first, "SMd1", false},
			{"a next text", first, "SMd2", false},
			{"again, where its state is kept: seen on Save", first, "SMd2", true},
			{"again, elsewhere: seen on Load", second, "SMd2", true},
			{"no watch, no harm", second, "SMd2", true},
		}
		for i, s := range steps {
			ctx, seen := inbox.Watch(context.Background())
			if i == len(steps)-1 {
				ctx = context.Background()
			}
			if _, _, err := s.ib.Handle(ctx, text(from, s.sid, "Hi")); err != nil {
				t.Fatalf("%s: %v", s.name, err)
			}
			if i < len(steps)-1 && seen().Duplicate != s.want {
				t.Errorf("%s: duplicate %v, want %v", s.name, seen().Duplicate, s.want)
			}
		}
	})
}
