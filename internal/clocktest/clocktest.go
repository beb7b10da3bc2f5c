// Package clocktest gives tests the instant their fixtures start from, so
// that no test depends on the day it runs.
//
// Start is a fixed instant (Tuesday 2026-11-24, noon in New York).
// DEBRIEF_TEST_CLOCK=YYYY-MM-DD moves it to the same weekday and wall-clock
// time in the week starting that day: CI runs the packages whose tests mix
// a store, a scheduler and a clock once more with a few dates far ahead
// (a new year, the US daylight-saving change), so that code reading the
// wall clock behind a fixture's back fails the day it is written, not
// weeks later. It is for tests only and does nothing else.
package clocktest

import (
	"fmt"
	"os"
	"sync"
	"time"
)

// Env is the variable that moves Start.
const Env = "DEBRIEF_TEST_CLOCK"

// NewYork is the zone of Start.
var NewYork = mustLoad("America/New_York")

// fixed is Start when Env is not set: a Tuesday, noon in New York, outside
// quiet hours, away from any daylight-saving change.
var fixed = time.Date(2026, 11, 24, 12, 0, 0, 0, NewYork)

var (
	startOnce sync.Once
	start     time.Time
	startErr  error
)

// Start is the instant fixtures start from: fixed, or moved by Env. It
// panics on a malformed Env, so a typo in CI fails loudly.
func Start() time.Time {
	startOnce.Do(func() { start, startErr = Moved(fixed, os.Getenv(Env)) })
	if startErr != nil {
		panic(startErr)
	}
	return start
}

// Moved is at moved to the same weekday and wall-clock time in the seven
// days starting on day (YYYY-MM-DD, read in at's zone); day "" leaves at
// as it is.
func Moved(at time.Time, day string) (time.Time, error) {
	if day == "" {
		return at, nil
	}
	d, err := time.ParseInLocation(time.DateOnly, day, at.Location())
	if err != nil {
		return time.Time{}, fmt.Errorf("%s=%q: want YYYY-MM-DD: %w", Env, day, err)
	}
	ahead := (int(at.Weekday()) - int(d.Weekday()) + 7) % 7
	d = d.AddDate(0, 0, ahead)
	return time.Date(d.Year(), d.Month(), d.Day(), at.Hour(), at.Minute(), at.Second(), at.Nanosecond(), at.Location()), nil
}

// Clock is a fake clock that tests move by hand; safe for concurrent use.
type Clock struct {
	mu sync.Mutex
	t  time.Time
}

// New returns a Clock reading at.
func New(at time.Time) *Clock { return &Clock{t: at} }

// Now reads the clock.
func (c *Clock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }

// Set moves the clock to t.
func (c *Clock) Set(t time.Time) { c.mu.Lock(); c.t = t; c.mu.Unlock() }

// Advance moves the clock d ahead.
func (c *Clock) Advance(d time.Duration) { c.mu.Lock(); c.t = c.t.Add(d); c.mu.Unlock() }

func mustLoad(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		panic(err)
	}
	return loc
}
