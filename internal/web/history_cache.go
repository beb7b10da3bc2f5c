package web

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/debrief-sms/debrief/internal/store"
)

// historyCacheSize bounds the months historyCache keeps: 12 months for
// each of about 800 views (a team, an organizer's teams, all of them).
const historyCacheSize = 10000

// historyCache keeps the monthly charts' closed months, per scope, for
// ttl: a coordinator's 12 months cost two range scans of a whole year of
// reports and reminders, and a closed month's bars change little (its
// reports are done; only reminders answered later move its next steps).
// The month still open is always read. A view therefore shows a closed
// month as it stood at most ttl ago. Safe for concurrent use.
type historyCache struct {
	ttl  time.Duration
	read func(ctx context.Context, q store.MonthlyQuery, bounds []time.Time) ([]store.MonthlyPoint, error)

	mu     sync.Mutex
	months map[historyKey]cachedMonth
}

type historyKey struct {
	scope string
	from  int64 // the month's first instant, Unix seconds
}

type cachedMonth struct {
	point store.MonthlyPoint
	read  time.Time
}

// history returns the months that bounds delimits for q, as
// Accounts.MonthlyHistory does, reading from the database only the
// months not cached (a contiguous run of them, usually the last).
func (hc *historyCache) history(ctx context.Context, q store.MonthlyQuery, bounds []time.Time, now time.Time) ([]store.MonthlyPoint, error) {
	if hc.ttl <= 0 || len(bounds) < 2 {
		return hc.read(ctx, q, bounds)
	}
	scope := historyScope(q)
	out := make([]store.MonthlyPoint, len(bounds)-1)
	lo, hi := len(out), 0 // the months to read: [lo, hi)
	hc.mu.Lock()
	for i := range out {
		c, ok := hc.months[historyKey{scope, bounds[i].Unix()}]
		if ok && now.Sub(c.read) < hc.ttl {
			out[i] = c.point
			continue
		}
		lo, hi = min(lo, i), i+1
	}
	hc.mu.Unlock()
	if lo >= hi {
		return out, nil
	}
	read, err := hc.read(ctx, q, bounds[lo:hi+1])
	if err != nil {
		return nil, err
	}
	if len(read) != hi-lo {
		return nil, fmt.Errorf("monthly history: %d months read, want %d", len(read), hi-lo)
	}
	copy(out[lo:hi], read)
	hc.mu.Lock()
	defer hc.mu.Unlock()
	if hc.months == nil || len(hc.months) >= historyCacheSize {
		hc.months = map[historyKey]cachedMonth{} // rare: start again
	}
	for i, p := range read {
		// Only a month closed before it was read is kept: one still open
		// then may gain reports.
		if bounds[lo+i+1].Before(now) {
			hc.months[historyKey{scope, bounds[lo+i].Unix()}] = cachedMonth{point: p, read: now}
		}
	}
	return out, nil
}

// historyScope names the teams q counts: the same name for the same
// teams, whatever their order.
func historyScope(q store.MonthlyQuery) string {
	if q.TeamID != 0 {
		// Within the viewer's teams, or none (MonthlyHistory counts
		// nothing then): the scope says which.
		ok := q.AllTeams || slices.Contains(q.Teams, q.TeamID)
		return "team " + strconv.FormatInt(q.TeamID, 10) + " " + strconv.FormatBool(ok)
	}
	if q.AllTeams {
		return "all"
	}
	ids := slices.Clone(q.Teams)
	slices.Sort(ids)
	var b strings.Builder
	b.WriteString("teams")
	for _, id := range ids {
		b.WriteString(" ")
		b.WriteString(strconv.FormatInt(id, 10))
	}
	return b.String()
}
