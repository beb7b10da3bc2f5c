package dates

import (
	"strconv"
	"strings"
	"time"

	"github.com/olebedev/when/rules"
)

// esHour reads "a las 5", "a la 1", "a las 5:30", "a las 8 de la noche".
var esHour = re(`(?:\W|^)((?:a\s+)?las?)\s+(\d{1,2})(?:(?::|\.|h)(\d{2}))?(?:\s*(?:hrs?|horas?))?` +
	`(?:\s+(?:de|en|por)\s+la\s+(manana|tarde|noche))?(?:\W|$)`)

func readEsHour(m *rules.Match, f *found, _ time.Time) bool {
	return setClock(f, m.Captures[1], m.Captures[2], m.Captures[3])
}

// esDayPart reads a part of the day: "por la mañana" (9:00, as "mañana"
// alone is tomorrow), "en la tarde" (14:00), "por la noche" (19:00), "al
// mediodía"; "esta tarde", "esta noche" name today as well.
var esDayPart = re(`(?:\W|^)(?:(esta|en\s+la|por\s+la|de\s+la|a\s+la|la)\s+(manana|tarde|noche)|(mediodia))(?:\W|$)`)

var esParts = map[string]string{"manana": "morning", "tarde": "afternoon", "noche": "night", "mediodia": "noon"}

func readDayPartES(m *rules.Match, f *found, _ time.Time) bool {
	p := m.Captures[1] + m.Captures[2]
	if m.Captures[0] == "esta" {
		f.day = true
	}
	return setPart(f, esParts[p])
}

var timeWordsEN = wordSet("morning afternoon evening night noon am pm the or and works ok")

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

// keepHourEN drops "2 a" as in "twice a week" ("2 a week" is not 2am).
func keepHourEN(m *rules.Match, _ string) bool { return m.Captures[1] != "a" }

// keepHourMinute drops "10-15" without am or pm: a range, not 10:15.
func keepHourMinute(m *rules.Match, _ string) bool {
	return m.Captures[2] != "" || !strings.Contains(m.Text, "-")
}

// atHour reads "at 5", "@ 5" and "at 5:30" without am or pm as a time
// people meet (see setClock).
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
