package inbox

import (
	"container/list"
	"sync"
	"time"

	"github.com/debrief-sms/debrief/internal/conversation"
)

// Defaults of the saved-state cache: a few thousand phones (a state is
// about a kilobyte) for ten minutes, the span of one report's texts.
const (
	DefaultStates   = 4096
	DefaultStateTTL = 10 * time.Minute
)

// stateCache keeps the state each phone's last text was saved with, so
// the phone's next text skips Load: the store's version check turns a
// stale entry into a conflict, which drops it. Least recently used phones
// are evicted past max entries, and entries older than ttl are not used.
type stateCache struct {
	mu      sync.Mutex
	max     int
	ttl     time.Duration
	entries map[string]*list.Element
	order   list.List // of *stateEntry, most recently used first
}

type stateEntry struct {
	phone  string
	state  conversation.State
	recent []time.Time // the phone's texts known in the inbound limit's window
	at     time.Time
}

func newStateCache(max int, ttl time.Duration) *stateCache {
	return &stateCache{max: max, ttl: ttl, entries: make(map[string]*list.Element)}
}

// get returns the phone's saved state, if it is cached and younger than
// the TTL at now, and the times of its recent texts.
func (c *stateCache) get(phone string, now time.Time) (conversation.State, []time.Time, bool) {
	if c.max <= 0 {
		return conversation.State{}, nil, false
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	el, ok := c.entries[phone]
	if !ok {
		return conversation.State{}, nil, false
	}
	e := el.Value.(*stateEntry)
	if age := now.Sub(e.at); age > c.ttl || age < 0 {
		c.order.Remove(el)
		delete(c.entries, phone)
		return conversation.State{}, nil, false
	}
	c.order.MoveToFront(el)
	return e.state, e.recent, true
}

// put caches the state the phone's text was just saved with, and the
// times of its recent texts.
func (c *stateCache) put(phone string, st conversation.State, recent []time.Time, now time.Time) {
	if c.max <= 0 {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if el, ok := c.entries[phone]; ok {
		e := el.Value.(*stateEntry)
		e.state, e.recent, e.at = st, recent, now
		c.order.MoveToFront(el)
		return
	}
	c.entries[phone] = c.order.PushFront(&stateEntry{phone: phone, state: st, recent: recent, at: now})
	for c.order.Len() > c.max {
		last := c.order.Back()
		c.order.Remove(last)
		delete(c.entries, last.Value.(*stateEntry).phone)
	}
}

// drop forgets the phone's state: the next text loads it.
func (c *stateCache) drop(phone string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if el, ok := c.entries[phone]; ok {
		c.order.Remove(el)
		delete(c.entries, phone)
	}
}
