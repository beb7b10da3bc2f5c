package dates

import (
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/olebedev/when/rules"
)

// esDeadline reads "en 2 semanas", "en tres dias", "dentro de una semana".
func esDeadline() rules.Rule {
	return &rules.F{
		RegExp: regexp.MustCompile(`(?:\W|^)(?:en|dentro\s+de)\s+` +
			`(\d{1,3}|un|una|uno|dos|tres|cuatro|cinco|seis|siete|ocho|nueve|diez|once|doce|quince)\s+` +
			`(dias?|semanas?)(?:\W|$)`),
		Applier: func(m *rules.Match, c *rules.Context, _ *rules.Options, _ time.Time) (bool, error) {
			n, ok := smallNumber(m.Captures[0])
			if !ok {
				return false, nil
			}
			if strings.HasPrefix(m.Captures[1], "semana") {
				n *= 7
			}
			c.Duration = time.Duration(n) * 24 * time.Hour
			return true, nil
		},
	}
}

// keepDeadlineEN leaves months and years to monthsAhead: when's Deadline
// sets a month number that wraps to 0 in December.
func keepDeadlineEN(m *rules.Match, _ string) bool {
	u := m.Captures[2]
	return !strings.HasPrefix(u, "month") && !strings.HasPrefix(u, "year")
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
