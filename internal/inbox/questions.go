package inbox

import (
	"context"
	"sync"
	"time"

	"github.com/debrief-sms/debrief/internal/conversation"
)

// questionsMaxAge is how long the team questions read for one report that
// starts serve the next ones. They are read only for a text that may
// start a report (State.NeedsQuestions), never for one answering a report
// under way, which asks the questions it started with (State.Asked); so a
// report costs at most one read of them, and a busy hour one a second. An
// edit made on the page or the command line reaches reports that start at
// most this late.
const questionsMaxAge = time.Second

// questionCache holds the latest active question set and when it was read.
type questionCache struct {
	mu     sync.Mutex
	set    *conversation.QuestionSet
	readAt time.Time
}

// get returns the cached set if read less than questionsMaxAge before now,
// and otherwise reads it with read.
func (c *questionCache) get(ctx context.Context, now time.Time, read func(context.Context) (*conversation.QuestionSet, error)) (*conversation.QuestionSet, error) {
	c.mu.Lock()
	set, readAt := c.set, c.readAt
	c.mu.Unlock()
	if set != nil && now.Sub(readAt) < questionsMaxAge && !now.Before(readAt) {
		return set, nil
	}
	set, err := read(ctx)
	if err != nil {
		return nil, err
	}
	if set == nil {
		set = &conversation.QuestionSet{}
	}
	c.mu.Lock()
	c.set, c.readAt = set, now
	c.mu.Unlock()
	return set, nil
}
