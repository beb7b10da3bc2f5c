package dates

import (
	"time"

	"github.com/olebedev/when/rules"

	"github.com/debrief-sms/debrief"
)

// Span is how much of the calendar the volunteer named.
type Span int

const (
	// Day is a day, maybe with a time: "Sat morning", "el 15".
	Day Span = iota
	// Week is a week or a weekend: "next week", "this weekend". At is the
	// first day of it not already past: its Monday, the weekend's
	// Saturday, the Friday for "end of the week".
	Week
	// Month is a month or a part of one: "in January", "end of the month".
	// At is the first day of it not already past: the 1st; the 15th for
	// "mid January"; for "end of the month" the first of its last seven
	// days (the 25th of December), so the reminder comes while there is
	// still time to call.
	Month
)

// Doubt says why a date read may not be what the volunteer meant.
type Doubt int

const (
	// Sure is a reading with nothing to ask about.
	Sure Doubt = iota
	// WeekdayMismatch is a weekday and a day of the month that disagree,
	// "Tuesday the 15th" when the 15th is a Wednesday: At is the date by
	// number.
	WeekdayMismatch
	// PastMonth is a month (and day) that passed this year at most six
	// months back, counted by month, "Oct 3" or "in October" said in
	// December: At is next year's. A month further back ("Jan 5" said in
	// December) is plainly next year's and Sure.
	PastMonth
)

// Reading is what a text names.
type Reading struct {
	At      time.Time // in loc; midnight when !HasTime
	HasTime bool      // a time of day was named; never with a Week or Month
	Span    Span
	Doubt   Doubt
}

// Read returns what text names, read in loc relative to now; ok false when
// no date. Past dates ("last Tuesday", "ayer") read as such: At is before
// now and the caller decides. A nil loc is UTC; a language other than
// Spanish reads as English.
func Read(text string, now time.Time, loc *time.Location, lang debrief.Language) (r Reading, ok bool) {
	if loc == nil {
		loc = time.UTC
	}
	if len(text) > maxText {
		text = text[:maxText]
	}
	folded, feats := fold(text)
	if feats == 0 {
		return Reading{}, false
	}
	set := english
	if lang == debrief.Spanish {
		set = spanish
	}
	ref := now.In(loc)
	var f found
	if !set.apply(folded, feats, ref, &f) {
		return Reading{}, false
	}
	return f.resolve(ref)
}

// found is what the rules of one text found: when's context (a day count,
// a month, an hour) and what when has no field for.
type found struct {
	rules.Context
	day     bool         // a rule named a day ("Tuesday", "Dec 3", "tonight")
	clock   bool         // a rule named an hour ("5pm", "at 3", "a las 5")
	weekday time.Weekday // the weekday named, when hasWeekday
	hasWd   bool
	span    Span      // Week or Month when a rule named one
	spanAt  time.Time // the day to remind on for span
	doubt   Doubt
}

// setSpan records a week or month starting at (not before today).
func (f *found) setSpan(s Span, at time.Time, d Doubt) {
	f.span, f.spanAt, f.doubt = s, at, d
}

// resolve turns what the rules found into a reading. A named day wins over
// a span ("Tuesday next week"); a time of day alone is today; a part of
// the day alone ("good morning") names nothing.
func (f *found) resolve(ref time.Time) (Reading, bool) {
	switch {
	case f.span == Month && f.Day != nil && f.Month == nil && f.Year == nil:
		// "in January, the 15th": the 15th of that month.
		y, m := f.spanAt.Year(), int(f.spanAt.Month())
		f.Year, f.Month = &y, &m
		return f.resolveDay(ref)
	case f.span == Week && f.hasWd && f.Day == nil:
		// "la semana que viene, el martes": that week's Tuesday.
		at := addDays(monday(f.spanAt), (int(f.weekday)+6)%7)
		f.Duration = time.Duration(daysBetween(ref, at)) * 24 * time.Hour
		return f.resolveDay(ref)
	case f.day:
		return f.resolveDay(ref)
	case f.span != Day:
		return Reading{At: f.spanAt, Span: f.span, Doubt: f.doubt}, true
	case f.clock:
		return f.resolveDay(ref)
	}
	return Reading{}, false
}

// resolveDay reads a day, maybe with a time. It counts whole days on the
// calendar rather than adding 24-hour durations, so that "tomorrow" stays
// tomorrow across a daylight-saving change.
func (f *found) resolveDay(ref time.Time) (Reading, bool) {
	const day = 24 * time.Hour
	c := &f.Context
	loc := ref.Location()
	y, m, d := ref.Date()
	hour, minute := 0, 0
	hasTime := false
	if rem := c.Duration % day; rem != 0 {
		// A sub-day span ("in 2 hours") names a moment.
		at := ref.Add(c.Duration)
		y, m, d = at.Date()
		hour, minute, hasTime = at.Hour(), at.Minute(), true
	} else {
		d += int(c.Duration / day)
	}
	if c.Year != nil {
		y = *c.Year
	}
	if c.Month != nil {
		if *c.Month < 1 || *c.Month > 12 {
			return Reading{}, false
		}
		m = time.Month(*c.Month)
	}
	if c.Day != nil {
		d = *c.Day
		if d < 1 || d > 31 {
			return Reading{}, false
		}
	}
	date := time.Date(y, m, d, 0, 0, 0, 0, loc)
	doubt := f.doubt
	today := midnight(ref)
	switch {
	case c.Day != nil && c.Month == nil && c.Year == nil:
		// "the 15th": the next 15th after today, in the first month that
		// has one ("the 1st" said on the 1st is next month's, as a weekday
		// said on that day is next week's).
		mo := m
		if d <= ref.Day() {
			mo++
		}
		for range 12 {
			if date = time.Date(y, mo, d, 0, 0, 0, 0, loc); date.Day() == d {
				break
			}
			mo++
		}
	case c.Day != nil && date.Day() != d:
		return Reading{}, false // February 30th
	case c.Month != nil && c.Year == nil && date.Before(today):
		if ago := int(ref.Month()) - int(m); ago <= 6 {
			doubt = PastMonth
		}
		date = time.Date(y+1, m, d, 0, 0, 0, 0, loc)
		if date.Day() != d {
			return Reading{}, false
		}
	}
	if f.hasWd && c.Day != nil && date.Weekday() != f.weekday {
		doubt = WeekdayMismatch
	}
	if c.Hour != nil {
		hour, hasTime = *c.Hour, true
		minute = 0
		if c.Minute != nil {
			minute = *c.Minute
		}
		if hour < 0 || hour > 23 || minute < 0 || minute > 59 {
			return Reading{}, false
		}
	}
	if hasTime {
		y, m, d = date.Date()
		date = time.Date(y, m, d, hour, minute, 0, 0, loc)
	}
	return Reading{At: date, HasTime: hasTime, Span: Day, Doubt: doubt}, true
}
