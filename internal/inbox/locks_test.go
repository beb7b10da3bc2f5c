package inbox

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"
)

func TestPhoneLocksSerializeOnePhone(t *testing.T) {
	t.Parallel()
	l := phoneLocks{m: make(map[string]*phoneLock)}
	var (
		wg      sync.WaitGroup
		mu      sync.Mutex
		inside  = map[string]int{}
		maxSeen int
	)
	for i := range 200 {
		key := []string{"+1", "+2", "+3"}[i%3]
		wg.Add(1)
		go func() {
			defer wg.Done()
			unlock, err := l.lock(context.Background(), key)
			if err != nil {
				t.Error(err)
				return
			}
			mu.Lock()
			inside[key]++
			maxSeen = max(maxSeen, inside[key])
			mu.Unlock()
			mu.Lock()
			inside[key]--
			mu.Unlock()
			unlock()
		}()
	}
	wg.Wait()
	if maxSeen != 1 {
		t.Errorf("%d holders of one phone's lock at once, want 1", maxSeen)
	}
	if len(l.m) != 0 {
		t.Errorf("%d locks left in the map, want 0", len(l.m))
	}
}

func TestPhoneLocksHonorContext(t *testing.T) {
	t.Parallel()
	l := phoneLocks{m: make(map[string]*phoneLock)}
	unlock, err := l.lock(context.Background(), "+1")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Millisecond)
	defer cancel()
	if _, err := l.lock(ctx, "+1"); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("lock while held = %v, want deadline exceeded", err)
	}
	unlock()
	if len(l.m) != 0 {
		t.Errorf("%d locks left in the map, want 0", len(l.m))
	}
}
