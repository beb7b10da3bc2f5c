package followup

import (
	"fmt"
	"strings"
	"time"
)

// Clock is a time of day, in minutes after midnight.
type Clock int

// ParseClock reads "09:00" or "9:30".
func ParseClock(s string) (Clock, error) {
	t, err := time.Parse("15:04", strings.TrimSpace(s))
	if err != nil {
		return 0, fmt.Errorf("time of day %q: want HH:MM", s)
	}
	return Clock(t.Hour()*60 + t.Minute()), nil
}

func (c Clock) String() string { return fmt.Sprintf("%02d:%02d", int(c)/60, int(c)%60) }

// On returns the instant at c on t's calendar day in loc. A clock time
// that does not exist that day (inside the spring-forward gap) comes out an
// hour off, as time.Date normalizes it, but on the same day; Debrief's
// clock times (FOLLOWUP_AT, the end of quiet hours) sit far from the gap.
func (c Clock) On(t time.Time, loc *time.Location) time.Time {
	y, m, d := t.In(loc).Date()
	return time.Date(y, m, d, int(c)/60, int(c)%60, 0, 0, loc)
}

// QuietHours is the nightly window in which no scheduled text goes out, in
// the recipient's local time. The zero value has no quiet hours.
type QuietHours struct {
	Start, End Clock // [Start, End), wrapping past midnight when End <= Start
	on         bool
}

// ParseQuietHours reads "20:00-09:00"; an empty string turns quiet hours off.
func ParseQuietHours(s string) (QuietHours, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return QuietHours{}, nil
	}
	from, to, ok := strings.Cut(s, "-")
	if !ok {
		return QuietHours{}, fmt.Errorf("quiet hours %q: want HH:MM-HH:MM", s)
	}
	start, err := ParseClock(from)
	if err != nil {
		return QuietHours{}, fmt.Errorf("quiet hours: %w", err)
	}
	end, err := ParseClock(to)
	if err != nil {
		return QuietHours{}, fmt.Errorf("quiet hours: %w", err)
	}
	if start == end {
		return QuietHours{}, fmt.Errorf("quiet hours %q: start and end are the same", s)
	}
	return QuietHours{Start: start, End: end, on: true}, nil
}

func (q QuietHours) String() string {
	if !q.on {
		return ""
	}
	return q.Start.String() + "-" + q.End.String()
}

// Contains reports whether t falls inside quiet hours in loc.
func (q QuietHours) Contains(t time.Time, loc *time.Location) bool {
	if !q.on {
		return false
	}
	lt := t.In(loc)
	m := Clock(lt.Hour()*60 + lt.Minute())
	if q.Start < q.End {
		return m >= q.Start && m < q.End
	}
	return m >= q.Start || m < q.End
}

// Next returns t, or when t falls inside quiet hours in loc, the moment
// they end: a text due at night waits for the morning.
func (q QuietHours) Next(t time.Time, loc *time.Location) time.Time {
	if !q.Contains(t, loc) {
		return t
	}
	end := q.End.On(t, loc)
	if !end.After(t) {
		end = q.End.On(t.In(loc).AddDate(0, 0, 1), loc)
	}
	return end
}
