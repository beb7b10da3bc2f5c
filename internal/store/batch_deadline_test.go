package store

import (
	"context"
	"testing"
	"time"
)

// TestBatchDeadline: a batch lasts as long as its most patient caller, and
// a caller without a deadline gives it the batcher's own.
func TestBatchDeadline(t *testing.T) {
	b := &saveBatcher{timeout: 10 * time.Second}
	now := time.Now()
	soon, cancelSoon := context.WithDeadline(context.Background(), now.Add(time.Second))
	defer cancelSoon()
	later, cancelLater := context.WithDeadline(context.Background(), now.Add(5*time.Second))
	defer cancelLater()
	call := func(ctx context.Context) *saveCall { return newSaveCall(ctx, "", nil) }

	if got := b.deadline([]*saveCall{call(later), call(soon)}); !got.Equal(now.Add(5 * time.Second)) {
		t.Errorf("deadline of callers due in 5 s and 1 s: in %v, want 5 s", got.Sub(now))
	}
	got := b.deadline([]*saveCall{call(soon), call(context.Background())})
	if d := got.Sub(now); d < 10*time.Second || d > 11*time.Second {
		t.Errorf("deadline with a caller without one: in %v, want the batcher's 10 s", d)
	}
}
