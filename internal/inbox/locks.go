package inbox

import (
	"context"
	"sync"
)

// phoneLocks serializes work per phone number. Entries live only while
// someone holds or waits for them, so the map stays as small as the number
// of phones texting at this moment.
type phoneLocks struct {
	mu sync.Mutex
	m  map[string]*phoneLock
}

type phoneLock struct {
	held chan struct{} // capacity 1: full while the lock is held
	refs int           // holders and waiters; guarded by phoneLocks.mu
}

// lock blocks until the caller holds key's lock or ctx is done; on success
// it returns the lock's release.
func (l *phoneLocks) lock(ctx context.Context, key string) (unlock func(), err error) {
	l.mu.Lock()
	pl, ok := l.m[key]
	if !ok {
		pl = &phoneLock{held: make(chan struct{}, 1)}
		l.m[key] = pl
	}
	pl.refs++
	l.mu.Unlock()

	select {
	case pl.held <- struct{}{}:
		return func() {
			<-pl.held
			l.release(key, pl)
		}, nil
	case <-ctx.Done():
		l.release(key, pl)
		return nil, ctx.Err()
	}
}

func (l *phoneLocks) release(key string, pl *phoneLock) {
	l.mu.Lock()
	defer l.mu.Unlock()
	pl.refs--
	if pl.refs == 0 {
		delete(l.m, key)
	}
}
