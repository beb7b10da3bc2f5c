package dates

import (
	"strings"
	"time"

	"github.com/olebedev/when/rules"
)

var esWeekdays = map[string]time.Weekday{
	"domingo": time.Sunday, "dom": time.Sunday,
	"lunes": time.Monday, "lun": time.Monday,
	"martes": time.Tuesday, "mar": time.Tuesday,
	"miercoles": time.Wednesday, "mier": time.Wednesday, "mie": time.Wednesday,
	"jueves": time.Thursday, "jue": time.Thursday,
	"viernes": time.Friday, "vie": time.Friday,
	"sabado": time.Saturday, "sab": time.Saturday,
}

const esWeekdayPattern = `(lunes|martes|miercoles|jueves|viernes|sabado|domingo|lun|mar|mier|mie|jue|vie|sab|dom)`

// esWeekday reads "martes", "el martes", "el proximo martes", "el martes
// que viene", "el mié": the next Tuesday after today; "el martes pasado":
// the last one before today; "el martes de la semana que viene": Tuesday
// of next week.
var esWeekday = re(`(?:\W|^)(?:(?:el|los|este|esta|para\s+el|hasta\s+el)\s+)?(?:(proximo|siguiente)\s+)?` +
	esWeekdayPattern + `\.?(?:\s+(pasado|que\s+viene|proximo|siguiente|de\s+la\s+semana\s+que\s+viene|` +
	`de\s+la\s+proxima\s+semana|de\s+la\s+semana\s+pasada))?(?:\W|$)`)

// keepWeekdayES wants "mar" (also the sea, and March) before a time:
// "el mar a las 3", "mar por la tarde".
func keepWeekdayES(m *rules.Match, text string) bool {
	if m.Captures[1] != "mar" {
		return true
	}
	next, after := nextWords(text, m.Right)
	return (next == "a" && (after == "las" || after == "la")) ||
		(next == "por" || next == "en" || next == "de") && after == "la"
}

func readWeekdayES(m *rules.Match, f *found, ref time.Time) bool {
	wd, ok := esWeekdays[m.Captures[1]]
	if !ok {
		return false
	}
	week := ""
	switch after := m.Captures[2]; {
	case strings.HasSuffix(after, "semana que viene"), strings.HasSuffix(after, "proxima semana"):
		week = "next"
	case strings.HasSuffix(after, "semana pasada"):
		week = "last"
	}
	return setWeekday(f, ref, wd, m.Captures[2] == "pasado", week)
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
// leads to a day ("call her sat", "on sun", "maybe sat?"), first in the
// text unless a verb's word follows ("Sat at the library", not "sat
// down"), and last in a phrase unless a subject comes before ("see her at
// church sun", not "we sat.").
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
