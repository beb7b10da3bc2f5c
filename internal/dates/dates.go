// Package dates reads the day (and maybe the time) a volunteer wrote in
// plain words, in English or Spanish: "next Tuesday", "in 2 weeks",
// "Dec 3", "tomorrow 5pm", "el martes", "mañana", "3 de diciembre".
//
// It is built on github.com/olebedev/when: the English rules are when's own
// (a selection, some with guards against false hits such as "we sat down"),
// the Spanish ones are when rules written here. Each rule is guarded by a
// cheap word check so that its regular expression only runs on texts that
// could match; answers without a date cost a single pass over the text.
// It performs no I/O and reads no clock: now is an argument.
package dates

import (
	"time"

	"github.com/olebedev/when/rules"

	"github.com/debrief-sms/debrief"
)

// maxText bounds the text Parse reads: a date sits in the first few hundred
// characters of an answer, and the rules' cost grows with the length.
const maxText = 400

// Parse returns the moment text names, read in loc relative to now.
// A date without a time of day is midnight of that day in loc with hasTime
// false; with a time of day ("5pm", "a las 5") hasTime is true. A month and
// day without a year that already passed this year means next year's; a
// weekday means the next one after today. ok is false when text names no
// date. A nil loc is UTC; a language other than Spanish reads as English.
func Parse(text string, now time.Time, loc *time.Location, lang debrief.Language) (t time.Time, hasTime bool, ok bool) {
	if loc == nil {
		loc = time.UTC
	}
	if len(text) > maxText {
		text = text[:maxText]
	}
	folded, feats := fold(text)
	if feats == 0 {
		return time.Time{}, false, false
	}
	set := english
	if lang == debrief.Spanish {
		set = spanish
	}
	ref := now.In(loc)
	var ctx rules.Context
	if !set.apply(folded, feats, ref, &ctx) {
		return time.Time{}, false, false
	}
	return resolve(&ctx, ref, loc)
}

// resolve turns what the rules found into a time. It counts whole days on
// the calendar rather than adding 24-hour durations, so that "tomorrow"
// stays tomorrow across a daylight-saving change.
func resolve(c *rules.Context, ref time.Time, loc *time.Location) (time.Time, bool, bool) {
	const day = 24 * time.Hour
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
			return time.Time{}, false, false
		}
		m = time.Month(*c.Month)
	}
	if c.Day != nil {
		d = *c.Day
		if d < 1 || d > 31 {
			return time.Time{}, false, false
		}
	}
	date := time.Date(y, m, d, 0, 0, 0, 0, loc)
	if c.Day != nil && date.Day() != d {
		return time.Time{}, false, false // February 30th
	}
	if (c.Month != nil || c.Day != nil) && c.Year == nil {
		today := time.Date(ref.Year(), ref.Month(), ref.Day(), 0, 0, 0, 0, loc)
		if date.Before(today) {
			date = time.Date(y+1, m, d, 0, 0, 0, 0, loc)
			if date.Day() != d {
				return time.Time{}, false, false
			}
		}
	}
	if c.Hour != nil {
		hour, hasTime = *c.Hour, true
		minute = 0
		if c.Minute != nil {
			minute = *c.Minute
		}
		if hour < 0 || hour > 23 || minute < 0 || minute > 59 {
			return time.Time{}, false, false
		}
	}
	if !hasTime {
		return date, false, true
	}
	y, m, d = date.Date()
	return time.Date(y, m, d, hour, minute, 0, 0, loc), true, true
}
