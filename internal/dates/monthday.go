package dates

import (
	"strconv"
	"strings"
	"time"

	"github.com/olebedev/when/rules"
)

// esNth reads a day of the month: "el 15", "el día 3", "para el 20",
// "el martes 15".
var esNth = re(`(?:\W|^)(?:el|del|para\s+el|hasta\s+el|dia|` + esWeekdayPattern[1:len(esWeekdayPattern)-1] +
	`)\s+(?:dia\s+)?(\d{1,2})(?:\W|$)`)

// keepNthES drops a number that is a count or an hour: "el 15 por
// ciento", "el 5 pm".
func keepNthES(m *rules.Match, text string) bool {
	next, after := nextWords(text, m.Right)
	switch next {
	case "pm", "am", "p", "hrs", "hr", "horas", "h", "por", "personas", "gente", "minutos", "veces":
		return false
	case "a":
		return after != "m"
	}
	return !strings.HasPrefix(text[m.Right:], "%")
}

var esMonths = map[string]int{
	"enero": 1, "ene": 1, "febrero": 2, "feb": 2, "marzo": 3, "mar": 3,
	"abril": 4, "abr": 4, "mayo": 5, "may": 5, "junio": 6, "jun": 6,
	"julio": 7, "jul": 7, "agosto": 8, "ago": 8, "septiembre": 9,
	"setiembre": 9, "sept": 9, "sep": 9, "set": 9, "octubre": 10, "oct": 10,
	"noviembre": 11, "nov": 11, "diciembre": 12, "dic": 12,
}

const esMonthPattern = `(enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|setiembre|` +
	`octubre|noviembre|diciembre|ene|feb|mar|abr|may|jun|jul|ago|sept|sep|set|oct|nov|dic)`

// esMonthDate reads "3 de diciembre", "el 3 de dic. de 2026", "diciembre
// 3", "el primero de enero".
var esMonthDate = re(`(?:\W|^)(?:(\d{1,2}|primero|1ro|1o)\s*(?:de\s+)?` + esMonthPattern + `|` +
	esMonthPattern + `\s+(\d{1,2}))\.?(?:\s+(?:de|del)\s+(\d{4}))?(?:\W|$)`)

func readEsMonthDate(m *rules.Match, f *found, _ time.Time) bool {
	day, month := m.Captures[0], esMonths[m.Captures[1]]
	switch day {
	case "primero", "1ro", "1o":
		day = "1"
	case "":
		day, month = m.Captures[3], esMonths[m.Captures[2]]
	}
	return setDate(f, day, strconv.Itoa(month), m.Captures[4])
}

// slashDMY reads day-first dates: 3/12, 3/12/26, 3/12/2026.
var slashDMY = re(`(?:\W|^)(3[01]|[12][0-9]|0?[1-9])[/\\](1[0-2]|0?[1-9])(?:[/\\]((?:19|20)?\d{2}))?(?:\W|$)`)

func readSlashDMY(m *rules.Match, f *found, _ time.Time) bool {
	return setDate(f, m.Captures[0], m.Captures[1], m.Captures[2])
}

// enNth reads a day of the month: "the 15th", "on the 3rd", "15th",
// "the 15".
var enNth = re(`(?:\W|^)(?:(?:on\s+)?(the)\s+(\d{1,2})(st|nd|rd|th)?|(\d{1,2})(st|nd|rd|th))(?:\W|$)`)

// keepNthEN drops a number followed by a noun ("the 15 people", "the 2nd
// time", "her 25th birthday"), and an ordinal without "the" unless it
// stands alone or after a weekday or "by" ("Tues 15th", "by 20th"): "on
// 5th" is a street.
func keepNthEN(m *rules.Match, text string) bool {
	if m.Captures[0] == "" {
		prev := prevWord(text, m.Left)
		if _, wd := enWeekdays[prev]; prev != "" && !wd && !nthPrevEN[prev] {
			return false
		}
	}
	next, _ := nextWords(text, m.Right)
	return next == "" || nthNextEN[next] || timeWordsEN[next] || next[0] >= '0' && next[0] <= '9'
}

var nthPrevEN = wordSet("by until til till before after or maybe prob probably")

var nthNextEN = wordSet("at or and then around in for maybe i we she he they ok works is of will too also " +
	"prob probably after before call text ish i'll we'll she'll he'll they'll")

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

// keepMonthDateEN wants a day with the month: "may" alone is a verb more
// often than a date.
func keepMonthDateEN(m *rules.Match, _ string) bool {
	return m.Captures[0] != "" || m.Captures[1] != "" || m.Captures[3] != "" || m.Captures[4] != ""
}

// slashMDY reads US dates: 12/3, 12/3/26, 12/3/2026.
var slashMDY = re(`(?:\W|^)(1[0-2]|0?[1-9])[/\\](3[01]|[12][0-9]|0?[1-9])(?:[/\\]((?:19|20)?\d{2}))?(?:\W|$)`)

func readSlashMDY(m *rules.Match, f *found, _ time.Time) bool {
	return setDate(f, m.Captures[1], m.Captures[0], m.Captures[2])
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
