package scheduler

import (
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/debrief-sms/debrief/internal/store"
)

// sendChecks is a claimed batch's last check before sending: whether each
// follow-up not yet started should still go out (a STOP or DONE may have
// arrived since the claim). The first send of the batch reads it for the
// whole batch in one query; a send that finds it older than RecheckAfter
// reads it again, for the follow-ups still unstarted. So a batch sent
// within RecheckAfter costs one query, not one a text, and a STOP stored
// more than RecheckAfter before a send always stops it.
type sendChecks struct {
	mu     sync.Mutex
	left   map[int64]bool // the batch's follow-ups whose check is not yet taken
	read   bool
	readAt time.Time // the scheduler's clock just before the last read
	res    map[int64]store.SendCheck
}

func newSendChecks(due []store.DueFollowup) *sendChecks {
	c := &sendChecks{left: make(map[int64]bool, len(due))}
	for _, d := range due {
		c.left[d.ID] = true
	}
	return c
}

// check returns whether follow-up id should still go out, as read at most
// RecheckAfter ago. When the batch's read fails (a connection cut by a
// restart), id alone is read once more, on a fresh connection.
func (s *Scheduler) check(ctx context.Context, c *sendChecks, id int64) (store.SendCheck, error) {
	if c == nil {
		return s.cfg.Store.CheckSend(ctx, id)
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	delete(c.left, id)
	now := s.cfg.Now()
	if res, ok := c.res[id]; ok && c.read && now.Sub(c.readAt) < s.cfg.RecheckAfter && !now.Before(c.readAt) {
		return res, nil
	}
	ids := make([]int64, 0, len(c.left)+1)
	ids = append(ids, id)
	for left := range c.left {
		ids = append(ids, left)
	}
	res, err := s.cfg.Store.CheckSends(ctx, ids)
	if err != nil {
		c.read, c.res = false, nil
		check, err2 := s.cfg.Store.CheckSend(ctx, id)
		if err2 != nil {
			return store.SendCheck{}, fmt.Errorf("%w (then %w)", err, err2)
		}
		return check, nil
	}
	c.read, c.readAt, c.res = true, now, res
	check, ok := res[id]
	if !ok {
		return store.SendCheck{}, fmt.Errorf("check follow-up %d: gone", id)
	}
	return check, nil
}

// invalidate makes the next send read the batch's check again, as after
// this scheduler itself cancelled follow-ups (an opt-out, a bad number).
func (c *sendChecks) invalidate() {
	if c == nil {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.read = false
}
