package inbox

import (
	"context"
	"sync"
	"time"

	"github.com/debrief-sms/debrief"
)

// teamsMaxAge is how long the list of teams read for one signing-up
// volunteer serves the others. Sign-up reads the list on each of its three
// texts; after a training day that is a third of all texts, each paying a
// round trip for a list that rarely changes. A team created by this
// process drops the list at once; one created by another instance or an
// admin is seen at most this late, and a volunteer naming it meanwhile
// still joins it (the store creates teams ON CONFLICT by name).
const teamsMaxAge = time.Second

// teamCache holds the latest list of teams and when it was read.
type teamCache struct {
	mu     sync.Mutex
	teams  []debrief.Team
	readAt time.Time
}

// get returns the cached teams if read less than teamsMaxAge before now,
// and otherwise reads them with read.
func (c *teamCache) get(ctx context.Context, now time.Time, read func(context.Context) ([]debrief.Team, error)) ([]debrief.Team, error) {
	c.mu.Lock()
	teams, readAt := c.teams, c.readAt
	c.mu.Unlock()
	if teams != nil && now.Sub(readAt) < teamsMaxAge && !now.Before(readAt) {
		return teams, nil
	}
	teams, err := read(ctx)
	if err != nil {
		return nil, err
	}
	if teams == nil {
		teams = []debrief.Team{}
	}
	c.mu.Lock()
	c.teams, c.readAt = teams, now
	c.mu.Unlock()
	return teams, nil
}

// drop forgets the list, after this process created a team.
func (c *teamCache) drop() {
	c.mu.Lock()
	c.teams = nil
	c.mu.Unlock()
}
