package dates

import (
	"strconv"
	"strings"
	"time"

	"github.com/olebedev/when/rules"
	"github.com/olebedev/when/rules/en"
)

// english is when's English rules that a next-contact date needs (not
// "3 days ago"), each guarded, and ours: weekdays as texted ("tues",
// "sat morning"), days of the month ("the 15th"), weeks and weekends,
// months and parts of them, "a couple weeks", months ahead, US month/day
// slashes (when's common rule reads 12/3 as the 12th of March), "at 5"
// without am or pm, and parts of the day.
var english = ruleSet{
	{rule: enWeekday, need: fWeekdayEN, keep: keepWeekdayEN, read: readWeekdayEN},
	{rule: enCasual, need: fCasualEN, read: readCasualEN},
	{rule: enNth, need: fDigit, keep: keepNthEN, read: readNth},
	{rule: enWeek, need: fWeekEN, read: readWeekEN},
	{rule: enNamedMonth, need: fMonthEN, read: readNamedMonthEN},
	{rule: enMonth, need: fMonthsUnit, read: readMonthEN},
	{rule: en.HourMinute(rules.Override), need: fDigit, kind: kTime, keep: keepHourMinute},
	{rule: atHour, need: fDigit, keep: keepAtHour, read: readAtHour},
	{rule: en.Hour(rules.Override), need: fDigit, kind: kTime, keep: keepHourEN},
	{rule: enDayPart, need: fDayPartEN, read: readDayPartEN},
	{rule: en.Deadline(rules.Override), need: fUnitEN, kind: kDay, keep: keepDeadlineEN},
	{rule: weeksAbbr, need: fWeekAbbr, read: readWeeksAbbr},
	{rule: monthsAhead, need: fMonthsUnit, read: readMonthsAhead},
	{rule: few, need: fFew, read: readFew},
	{rule: countRange, need: fDigit | fUnitEN, read: readCountRange},
	{rule: en.ExactMonthDate(rules.Override), need: fMonthEN, kind: kDay, keep: keepMonthDateEN},
	{rule: slashMDY, need: fDigit | fSlash, read: readSlashMDY},
}

var enWeekdays = map[string]time.Weekday{
	"sunday": time.Sunday, "sun": time.Sunday,
	"monday": time.Monday, "mon": time.Monday,
	"tuesday": time.Tuesday, "tues": time.Tuesday, "tue": time.Tuesday,
	"wednesday": time.Wednesday, "weds": time.Wednesday, "wed": time.Wednesday,
	"thursday": time.Thursday, "thurs": time.Thursday, "thur": time.Thursday, "thu": time.Thursday,
	"friday": time.Friday, "fri": time.Friday,
	"saturday": time.Saturday, "sat": time.Saturday,
}

// enWeekday reads "tues", "this coming sat", "next Friday", "last
// Monday", "Tuesday next week", "next week Tuesday".
var enWeekday = re(`(?:\W|^)(?:(this\s+coming|this|next|last|past|coming)\s+)?` +
	`(?:(next|last)\s+week\s+(?:on\s+)?)?` +
	`(sunday|sun|monday|mon|tuesday|tues|tue|wednesday|weds|wed|thursday|thurs|thur|thu|friday|fri|saturday|sat)\.?` +
	`(?:\s+(?:of\s+)?(next|last|this)\s+week)?(?:\W|$)`)

// keepWeekdayEN drops a bare "sat", "sun", "mon" or "wed" that is a word
// of its own ("we sat down", "in the sun", "c'mon", "they wed"): it
// counts before a time ("sat morning", "sun at 3"), after a word that
// leads to a day ("call her sat", "on sun", "maybe sat?"), or alone.
func keepWeekdayEN(m *rules.Match, text string) bool {
	day := m.Captures[2]
	if m.Captures[0] != "" || m.Captures[1] != "" || m.Captures[3] != "" {
		return true
	}
	switch day {
	case "sat", "sun", "mon", "wed":
	default:
		return true
	}
	next, after := nextWords(text, m.Right)
	if timeWordsEN[next] || next != "" && next[0] >= '0' && next[0] <= '9' ||
		(next == "at" || next == "around") && after != "" && after[0] >= '0' && after[0] <= '9' {
		return true
	}
	prev := prevWord(text, m.Left)
	switch {
	case prev == "":
		return !verbNextEN[next]
	case next == "":
		// Last word of a phrase: "see her at church sun", not "we sat."
		return !subjectEN[prev]
	}
	return leadsToDayEN[prev]
}

var subjectEN = wordSet("the we i she he they you it a in of under c' and")

var timeWordsEN = wordSet("morning afternoon evening night noon am pm the or and works ok")

var leadsToDayEN = wordSet("on by til till until this next her him them back again call text see meet " +
	"prob probably maybe or and before after from starting either til")

var verbNextEN = wordSet("down with up in on there around for together next by beside outside inside " +
	"across back alone through quietly is was")

func readWeekdayEN(m *rules.Match, f *found, ref time.Time) bool {
	wd, ok := enWeekdays[m.Captures[2]]
	if !ok {
		return false
	}
	rel, week := m.Captures[0], m.Captures[1]+m.Captures[3]
	return setWeekday(f, ref, wd, rel == "last" || rel == "past", week)
}

// setWeekday sets the day wd names: the next one after today (a weekday
// said on that weekday is a week later: the volunteer just met today), or
// the last one before today when past; with week "next" or "last", that
// weekday of the next or last week (weeks start on Monday).
func setWeekday(f *found, ref time.Time, wd time.Weekday, past bool, week string) bool {
	var n int
	switch {
	case week == "next" || week == "last":
		w := 1
		if week == "last" {
			w = -1
		}
		n = daysBetween(ref, addDays(monday(ref), 7*w+(int(wd)+6)%7))
	case past:
		n = -daysSince(ref, wd)
	default:
		n = daysUntil(ref, wd)
	}
	f.Duration = time.Duration(n) * 24 * time.Hour
	f.weekday, f.hasWd, f.day = wd, true, true
	return true
}

// enCasual reads "today", "tomorrow" (and its misspellings), "yesterday";
// when's CasualDate reads "now" as today before the "tomorrow" after it.
var enCasual = re(`(?:\W|^)(today|tomorrow|tmrw|tmr|tomorow|tommorow|tommorrow|yesterday)(?:\W|$)`)

func readCasualEN(m *rules.Match, f *found, _ time.Time) bool {
	switch m.Captures[0] {
	case "today":
		f.Duration = 0
	case "yesterday":
		f.Duration = -24 * time.Hour
	default:
		f.Duration = 24 * time.Hour
	}
	f.day = true
	return true
}

// enNth reads a day of the month: "the 15th", "on the 3rd", "15th",
// "the 15".
var enNth = re(`(?:\W|^)(?:(?:on\s+)?(the)\s+(\d{1,2})(st|nd|rd|th)?|(\d{1,2})(st|nd|rd|th))(?:\W|$)`)

// keepNthEN drops a number followed by a noun: "the 15 people", "the 2nd
// time", "her 25th birthday".
func keepNthEN(m *rules.Match, text string) bool {
	next, _ := nextWords(text, m.Right)
	return next == "" || nthNextEN[next] || timeWordsEN[next] || next[0] >= '0' && next[0] <= '9'
}

var nthNextEN = wordSet("at or and then around in for maybe i we she he they ok works is of will too also " +
	"prob probably after before call text ish i'll we'll she'll he'll they'll")

// keepAtHour drops "at 3" and "around 20" followed by a noun: "around 20
// people", "at 3 places".
func keepAtHour(m *rules.Match, text string) bool {
	if m.Captures[2] != "" || m.Captures[3] != "" {
		return true
	}
	next, _ := nextWords(text, m.Right)
	return next == "" || nthNextEN[next] || timeWordsEN[next] || atNextEN[next] || next[0] >= '0' && next[0] <= '9'
}

var atNextEN = wordSet("o oclock o'clock sharp on this next tomorrow today tonight tmrw sat sun mon tue tues wed weds " +
	"thu thur thurs fri saturday sunday monday tuesday wednesday thursday friday")

// readNth sets the day of the month in the first capture that is a
// number (English and Spanish rules capture it in different places).
func readNth(m *rules.Match, f *found, _ time.Time) bool {
	for _, s := range m.Captures {
		if d, err := strconv.Atoi(s); err == nil {
			if d < 1 || d > 31 {
				return false
			}
			f.Day, f.day = &d, true
			return true
		}
	}
	return false
}

// enWeek reads "next week", "this weekend", "the week after next", "end
// of the week", "over the weekend", "last week".
var enWeek = re(`(?:\W|^)(?:(end|middle|mid)\s+of\s+)?(this\s+coming|this|next|last|the\s+following|the)\s+` +
	`(week\s+after\s+next|weekend|week)(?:\W|$)`)

func readWeekEN(m *rules.Match, f *found, ref time.Time) bool {
	p := partStart
	switch m.Captures[0] {
	case "end":
		p = partEnd
	case "middle", "mid":
		p = partMid
	}
	rel, unit := m.Captures[1], m.Captures[2]
	weeks := 0
	switch {
	case unit == "week after next":
		weeks = 2
	case rel == "next" || rel == "the following":
		weeks = 1
	case rel == "last":
		weeks = -1
	case unit == "week" && rel == "the" && m.Captures[0] == "":
		return false // "how was the week"
	}
	if unit == "weekend" {
		f.setSpan(Week, weekendAt(ref, weeks), Sure)
	} else {
		f.setSpan(Week, weekAt(ref, weeks, p), Sure)
	}
	return true
}

// enNamedMonth reads a month said with a word that makes it a time
// ("in January", "sometime in jan", "early March", "end of June", "by
// may", "first week of January"); a bare month name is often another word ("may", "march").
var enNamedMonth = re(`(?:\W|^)((?:(?:sometime|some|time|in|by|during|until|till|around|early|late|mid|middle|` +
	`end|start|beginning|first|week|the|of)[\s-]+)+)(january|jan|february|feb|march|mar|april|apr|may|june|jun|july|jul|` +
	`august|aug|september|sept|sep|october|oct|november|nov|december|dec)\.?(?:\W|$)`)

func readNamedMonthEN(m *rules.Match, f *found, ref time.Time) bool {
	mo, ok := en.MONTH_OFFSET[m.Captures[1]]
	if !ok {
		return false
	}
	p, ok := monthPartEN(m.Captures[0])
	if !ok {
		return false
	}
	at, doubt := namedMonthAt(ref, time.Month(mo), p)
	f.setSpan(Month, at, doubt)
	return true
}

// monthPartEN reads the words before a month: which part of it, and
// whether they name a time at all ("of" alone is "the 5th of May").
func monthPartEN(words string) (part, bool) {
	p, timed := partStart, false
	for _, w := range strings.FieldsFunc(words, func(r rune) bool { return r == ' ' || r == '-' || r == '\t' || r == '\n' }) {
		switch w {
		case "early", "start", "beginning", "first":
			p, timed = partStart, true
		case "mid", "middle":
			p, timed = partMid, true
		case "late", "end":
			p, timed = partEnd, true
		case "sometime", "in", "by", "during", "until", "till", "around":
			timed = true
		}
	}
	return p, timed
}

// enMonth reads "next month", "this month", "end of the month", "early
// next month", "mid-month", "last month".
var enMonth = re(`(?:\W|^)(?:(early|late|mid|middle\s+of|end\s+of|start\s+of|beginning\s+of|the\s+end\s+of|` +
	`the\s+start\s+of|the\s+beginning\s+of|the\s+middle\s+of)[\s-]*)?(?:(this|next|last|the\s+following|the)\s+)?` +
	`(month)(?:\W|$)`)

func readMonthEN(m *rules.Match, f *found, ref time.Time) bool {
	p, timed := monthPartEN(m.Captures[0])
	timed = timed || m.Captures[0] != ""
	months := 0
	switch m.Captures[1] {
	case "next", "the following":
		months, timed = 1, true
	case "last":
		months, timed = -1, true
	case "this":
		timed = true
	}
	if !timed {
		return false // "a month", "the month"
	}
	f.setSpan(Month, monthAt(ref, months, p), Sure)
	return true
}

// keepHourEN drops "2 a" as in "twice a week" ("2 a week" is not 2am).
func keepHourEN(m *rules.Match, _ string) bool { return m.Captures[1] != "a" }

// keepHourMinute drops "10-15" without am or pm: a range, not 10:15.
func keepHourMinute(m *rules.Match, _ string) bool {
	return m.Captures[2] != "" || !strings.Contains(m.Text, "-")
}

// keepDeadlineEN leaves months and years to monthsAhead: when's Deadline
// sets a month number that wraps to 0 in December.
func keepDeadlineEN(m *rules.Match, _ string) bool {
	u := m.Captures[2]
	return !strings.HasPrefix(u, "month") && !strings.HasPrefix(u, "year")
}

// keepMonthDateEN wants a day with the month: "may" alone is a verb more
// often than a date.
func keepMonthDateEN(m *rules.Match, _ string) bool {
	return m.Captures[0] != "" || m.Captures[1] != "" || m.Captures[3] != "" || m.Captures[4] != ""
}

// monthsAhead reads "in 2 months", "in a month", "en un mes", "en 3 meses".
var monthsAhead = re(`(?:\W|^)(?:in|within|en|dentro\s+de)\s+` +
	`(an?|one|two|three|four|five|six|un|una|uno|dos|tres|cuatro|cinco|seis|\d{1,2})\s+` +
	`(months?|mes|meses)(?:\W|$)`)

func readMonthsAhead(m *rules.Match, f *found, ref time.Time) bool {
	n, ok := smallNumber(m.Captures[0])
	return ok && setMonthsAhead(f, ref, n)
}

// setMonthsAhead sets the same day n months from ref (the month's last
// day when it is shorter).
func setMonthsAhead(f *found, ref time.Time, n int) bool {
	total := int(ref.Month()) - 1 + n
	y, mo := ref.Year()+total/12, total%12+1
	d := min(ref.Day(), daysIn(y, time.Month(mo)))
	f.Year, f.Month, f.Day, f.day = &y, &mo, &d, true
	return true
}

// weeksAbbr reads weeks as texted: "in 2 wks", "in 3wk".
var weeksAbbr = re(`(?:\W|^)(?:in|within)\s*(\d{1,2}|an?|one|two|three|four|five|six)\s*wks?(?:\W|$)`)

func readWeeksAbbr(m *rules.Match, f *found, _ time.Time) bool {
	n, ok := smallNumber(m.Captures[0])
	if !ok {
		return false
	}
	f.Duration, f.day = time.Duration(7*n)*24*time.Hour, true
	return true
}

// few reads "in a couple weeks", "a few days", "couple of months",
// "en un par de semanas", "en unos días", "hace un par de semanas": a
// couple is 2, a few 3.
var few = re(`(?:\W|^)(?:(in|within|after|en|dentro\s+de|hace)\s+)?` +
	`(?:a\s+|un\s+)?(couple|few|par|unos|unas)\s+(?:of\s+|more\s+|de\s+|cuantos\s+|cuantas\s+)?` +
	`(days|weeks|months|dias|semanas|meses)(?:\s+(ago))?(?:\W|$)`)

func readFew(m *rules.Match, f *found, ref time.Time) bool {
	n := 2
	switch m.Captures[1] {
	case "few", "unos", "unas":
		if m.Captures[0] == "" {
			return false // "pasé unos días"
		}
		n = 3
	}
	if m.Captures[0] == "hace" || m.Captures[3] == "ago" {
		n = -n
	}
	switch m.Captures[2] {
	case "months", "meses":
		return setMonthsAhead(f, ref, n)
	case "weeks", "semanas":
		n *= 7
	}
	f.Duration, f.day = time.Duration(n)*24*time.Hour, true
	return true
}

// countRange reads a count given as a range, "in 2 or 3 weeks", "en 2 o
// 3 semanas", "in 3-4 days", as its first number: the earliest day to
// remind on.
var countRange = re(`(?:\W|^)(?:in|within|en|dentro\s+de)\s+(\d{1,2})\s*(?:or|o|to|a|-)\s*\d{1,2}\s+` +
	`(days|weeks|dias|semanas)(?:\W|$)`)

func readCountRange(m *rules.Match, f *found, _ time.Time) bool {
	n, err := strconv.Atoi(m.Captures[0])
	if err != nil {
		return false
	}
	if m.Captures[1] == "weeks" || m.Captures[1] == "semanas" {
		n *= 7
	}
	f.Duration, f.day = time.Duration(n)*24*time.Hour, true
	return true
}

// slashMDY reads US dates: 12/3, 12/3/26, 12/3/2026.
var slashMDY = re(`(?:\W|^)(1[0-2]|0?[1-9])[/\\](3[01]|[12][0-9]|0?[1-9])(?:[/\\]((?:19|20)?\d{2}))?(?:\W|$)`)

func readSlashMDY(m *rules.Match, f *found, _ time.Time) bool {
	return setDate(f, m.Captures[1], m.Captures[0], m.Captures[2])
}

// atHour reads "at 5", "@ 5" and "at 5:30" without am or pm as a time people
// meet (see setClock).
var atHour = re(`(?:\W|^)(at|around|by|@)\s*(\d{1,2})(?::(\d{2}))?(\s*[ap]\.?m?\.?)?(?:\W|$)`)

func readAtHour(m *rules.Match, f *found, _ time.Time) bool {
	if m.Captures[3] != "" {
		return false // en.Hour reads it
	}
	return setClock(f, m.Captures[1], m.Captures[2], "")
}

// enDayPart reads a part of the day: "morning" is 9:00, "afternoon"
// 14:00, "evening" 18:00, "night" and "tonight" 19:00, "noon" 12:00.
// "tonight", "this evening" name today as well; a part alone ("good
// morning") names no day. After an hour it says which half of the day
// the hour is in ("at 8 tonight").
var enDayPart = re(`(?:\W|^)(?:(this|last)\s+)?(morning|afternoon|evening|tonight|tonite|night|noon|midday)(?:\W|$)`)

func readDayPartEN(m *rules.Match, f *found, ref time.Time) bool {
	p := m.Captures[1]
	switch p {
	case "tonight", "tonite":
		p = "night"
		f.day = true
	case "midday":
		p = "noon"
	}
	switch m.Captures[0] {
	case "this":
		f.day = true
	case "last":
		f.Duration, f.day = -24*time.Hour, true
	}
	return setPart(f, p)
}

var partHours = map[string]int{"morning": 9, "afternoon": 14, "evening": 18, "night": 19, "noon": 12}

// setPart sets the hour of a part of the day, or moves an hour already
// read ("at 8" is 8am) into that part ("at 8 tonight" is 8pm).
func setPart(f *found, p string) bool {
	h, ok := partHours[p]
	if !ok {
		return false
	}
	if f.clock && f.Hour != nil {
		switch hr := *f.Hour; {
		case p == "morning" && hr > 12:
			hr -= 12
			f.Hour = &hr
		case p != "morning" && p != "noon" && hr < 12:
			hr += 12
			f.Hour = &hr
		}
		return true
	}
	zero := 0
	f.Hour, f.Minute = &h, &zero
	return true
}

// setDate sets the day, month and (when given) year written as numbers.
func setDate(f *found, day, month, year string) bool {
	d, err1 := strconv.Atoi(day)
	mo, err2 := strconv.Atoi(month)
	if err1 != nil || err2 != nil || mo < 1 || mo > 12 || d < 1 || d > 31 {
		return false
	}
	f.Day, f.Month = &d, &mo
	if year != "" {
		y, err := strconv.Atoi(year)
		if err != nil {
			return false
		}
		if y < 100 {
			y += 2000
		}
		f.Year = &y
	}
	f.day = true
	return true
}

// setClock sets a time of day from an hour, minutes and a part of the day
// (manana, tarde, noche). An hour without a part is one people meet at:
// 1 to 6 is pm (nobody meets at 3am), 7 to 11 am, 12 noon.
func setClock(f *found, hour, minute, part string) bool {
	h, err := strconv.Atoi(hour)
	if err != nil || h > 23 {
		return false
	}
	mi := 0
	if minute != "" {
		if mi, err = strconv.Atoi(minute); err != nil || mi > 59 {
			return false
		}
	}
	switch part {
	case "manana":
		if h == 12 {
			h = 0
		}
	case "tarde", "noche":
		if h < 12 {
			h += 12
		}
	default:
		if h >= 1 && h <= 6 {
			h += 12
		}
	}
	f.Hour, f.Minute, f.clock = &h, &mi, true
	return true
}

// smallNumber reads a count written as digits or as a word in English or
// Spanish.
func smallNumber(s string) (int, bool) {
	switch s {
	case "a", "an", "one", "un", "una", "uno":
		return 1, true
	case "two", "dos":
		return 2, true
	case "three", "tres":
		return 3, true
	case "four", "cuatro":
		return 4, true
	case "five", "cinco":
		return 5, true
	case "six", "seis":
		return 6, true
	case "siete":
		return 7, true
	case "ocho":
		return 8, true
	case "nueve":
		return 9, true
	case "diez":
		return 10, true
	case "once":
		return 11, true
	case "doce":
		return 12, true
	case "quince":
		return 15, true
	}
	n, err := strconv.Atoi(s)
	return n, err == nil && n >= 0 && n <= 999
}
