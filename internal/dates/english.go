package dates

import (
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/olebedev/when/rules"
	"github.com/olebedev/when/rules/en"
)

// english is when's English rules that a next-contact date needs (not
// "3 days ago"), each guarded, plus three of ours: months ahead, US
// month/day slashes (when's common rule reads 12/3 as the 12th of March)
// and "at 5" without am or pm.
var english = ruleSet{
	{rule: en.Weekday(rules.Override), need: fWeekdayEN, keep: keepWeekdayEN},
	{rule: en.CasualDate(rules.Override), need: fCasualEN},
	{rule: en.CasualTime(rules.Override), need: fDayPartEN},
	{rule: en.HourMinute(rules.Override), need: fDigit, keep: keepHourMinute},
	{rule: atHour(), need: fDigit},
	{rule: en.Hour(rules.Override), need: fDigit, keep: keepHourEN},
	{rule: en.Deadline(rules.Override), need: fUnitEN, keep: keepDeadlineEN},
	{rule: monthsAhead(), need: fMonthsUnit},
	{rule: en.ExactMonthDate(rules.Override), need: fMonthEN, keep: keepMonthDateEN},
	{rule: slashMDY(), need: fDigit | fSlash},
}

// keepWeekdayEN makes "this Friday" the coming Friday, like "Friday" and
// "next Friday", and drops a bare "sat" or "sun" ("we sat down").
func keepWeekdayEN(m *rules.Match) bool {
	if m.Captures[0] == "this" {
		m.Captures[0] = ""
	}
	if strings.Contains(m.Captures[2], "this") {
		m.Captures[2] = ""
	}
	day := m.Captures[1]
	return m.Captures[0] != "" || m.Captures[2] != "" || (day != "sat" && day != "sun")
}

// keepHourEN drops "2 a" as in "twice a week" ("2 a week" is not 2am).
func keepHourEN(m *rules.Match) bool { return m.Captures[1] != "a" }

// keepHourMinute drops "10-15" without am or pm: a range, not 10:15.
func keepHourMinute(m *rules.Match) bool {
	return m.Captures[2] != "" || !strings.Contains(m.Text, "-")
}

// keepDeadlineEN leaves months and years to monthsAhead: when's Deadline
// sets a month number that wraps to 0 in December.
func keepDeadlineEN(m *rules.Match) bool {
	u := m.Captures[2]
	return !strings.HasPrefix(u, "month") && !strings.HasPrefix(u, "year")
}

// keepMonthDateEN wants a day with the month: "may" alone is a verb more
// often than a date.
func keepMonthDateEN(m *rules.Match) bool {
	return m.Captures[0] != "" || m.Captures[1] != "" || m.Captures[3] != "" || m.Captures[4] != ""
}

// monthsAhead reads "in 2 months", "in a month", "en un mes", "en 3 meses".
func monthsAhead() rules.Rule {
	return &rules.F{
		RegExp: regexp.MustCompile(`(?:\W|^)(?:in|within|en|dentro\s+de)\s+` +
			`(an?|one|two|three|four|five|six|un|una|uno|dos|tres|cuatro|cinco|seis|\d{1,2})\s+` +
			`(months?|mes|meses)(?:\W|$)`),
		Applier: func(m *rules.Match, c *rules.Context, _ *rules.Options, ref time.Time) (bool, error) {
			n, ok := smallNumber(m.Captures[0])
			if !ok {
				return false, nil
			}
			total := int(ref.Month()) - 1 + n
			y, mo := ref.Year()+total/12, total%12+1
			d := min(ref.Day(), daysIn(y, time.Month(mo)))
			c.Year, c.Month, c.Day = &y, &mo, &d
			return true, nil
		},
	}
}

// slashMDY reads US dates: 12/3, 12/3/26, 12/3/2026.
func slashMDY() rules.Rule {
	return &rules.F{
		RegExp: regexp.MustCompile(`(?:\W|^)(1[0-2]|0?[1-9])[/\\](3[01]|[12][0-9]|0?[1-9])(?:[/\\]((?:19|20)?\d{2}))?(?:\W|$)`),
		Applier: func(m *rules.Match, c *rules.Context, _ *rules.Options, _ time.Time) (bool, error) {
			return setDate(c, m.Captures[1], m.Captures[0], m.Captures[2]), nil
		},
	}
}

// atHour reads "at 5" and "at 5:30" without am or pm as a time people
// meet: 1 to 7 is afternoon or evening, 8 to 12 as written.
func atHour() rules.Rule {
	return &rules.F{
		RegExp: regexp.MustCompile(`(?:\W|^)(at)\s+(\d{1,2})(?::(\d{2}))?(\s*[ap]\.?m?\.?)?(?:\W|$)`),
		Applier: func(m *rules.Match, c *rules.Context, _ *rules.Options, _ time.Time) (bool, error) {
			if m.Captures[3] != "" {
				return false, nil // en.Hour reads it
			}
			return setClock(c, m.Captures[1], m.Captures[2], ""), nil
		},
	}
}

// setDate sets the day, month and (when given) year written as numbers.
func setDate(c *rules.Context, day, month, year string) bool {
	d, err1 := strconv.Atoi(day)
	mo, err2 := strconv.Atoi(month)
	if err1 != nil || err2 != nil || mo < 1 || mo > 12 || d < 1 || d > 31 {
		return false
	}
	c.Day, c.Month = &d, &mo
	if year != "" {
		y, err := strconv.Atoi(year)
		if err != nil {
			return false
		}
		if y < 100 {
			y += 2000
		}
		c.Year = &y
	}
	return true
}

// setClock sets a time of day from an hour, minutes and a part of the day
// (manana, tarde, noche). Without a part, 1 to 7 means pm.
func setClock(c *rules.Context, hour, minute, part string) bool {
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
		if h >= 1 && h <= 7 {
			h += 12
		}
	}
	c.Hour, c.Minute = &h, &mi
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

func daysIn(y int, m time.Month) int {
	return time.Date(y, m+1, 0, 0, 0, 0, 0, time.UTC).Day()
}
