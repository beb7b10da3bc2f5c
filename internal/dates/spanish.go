package dates

import (
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/olebedev/when/rules"
	"github.com/olebedev/when/rules/en"
)

// spanish is the Spanish rules, written here as when rules, plus when's
// numeric ones (5pm, 17:30) and day/month slashes (3/12 is the 3rd of
// December; when's common.SlashDMY sets nothing for a month later in the
// year, so slashDMY replaces it). They read folded text: mañana arrives as
// manana.
var spanish = ruleSet{
	{rule: esWeekday, need: fWeekdayES, keep: keepWeekdayES, read: readWeekdayES},
	{rule: esCasual(), need: fCasualES, kind: kDay, keep: keepCasualES},
	{rule: esNth, need: fDigit, keep: keepNthES, read: readNth},
	{rule: esWeek, need: fUnitES, read: readWeekES},
	{rule: esNamedMonth, need: fMonthES, read: readNamedMonthES},
	{rule: esMonth, need: fMonthsUnit, read: readMonthES},
	{rule: esHour, need: fLas | fDigit, read: readEsHour},
	{rule: en.HourMinute(rules.Override), need: fDigit, kind: kTime, keep: keepHourMinute},
	{rule: en.Hour(rules.Override), need: fDigit, kind: kTime, keep: keepHourEN},
	{rule: esDayPart, need: fDayPartES, read: readDayPartES},
	{rule: esDeadline(), need: fUnitES, kind: kDay},
	{rule: monthsAhead, need: fMonthsUnit, read: readMonthsAhead},
	{rule: few, need: fFew, read: readFew},
	{rule: countRange, need: fDigit | fUnitES, read: readCountRange},
	{rule: esMonthDate, need: fMonthES, read: readEsMonthDate},
	{rule: slashDMY, need: fDigit | fSlash, read: readSlashDMY},
}

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

// esCasual reads "hoy", "manana", "pasado manana", "ayer" and "anteayer".
func esCasual() rules.Rule {
	return &rules.F{
		RegExp: regexp.MustCompile(`(?:\W|^)((?:de|por|en|a)\s+la\s+|la\s+|esta\s+)?(pasado\s+manana|manana|hoy|anteayer|ayer)(?:\W|$)`),
		Applier: func(m *rules.Match, c *rules.Context, _ *rules.Options, _ time.Time) (bool, error) {
			switch {
			case strings.HasPrefix(m.Captures[1], "pasado"):
				c.Duration = 48 * time.Hour
			case m.Captures[1] == "manana":
				c.Duration = 24 * time.Hour
			case m.Captures[1] == "ayer":
				c.Duration = -24 * time.Hour
			case m.Captures[1] == "anteayer":
				c.Duration = -48 * time.Hour
			default:
				c.Duration = 0
			}
			return true, nil
		},
	}
}

// keepCasualES drops "la manana", "esta manana", the morning, which
// esDayPart reads.
func keepCasualES(m *rules.Match, _ string) bool {
	return m.Captures[0] == "" || m.Captures[1] != "manana"
}

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

// esWeek reads "la semana que viene", "la próxima semana", "esta semana",
// "la semana pasada", "este fin de semana", "el finde", "el próximo fin
// de semana", "el fin de semana que viene".
var esWeek = re(`(?:\W|^)(?:(esta|este|la|el)\s+)?(?:(proxima|proximo|siguiente|otra)\s+)?` +
	`(semana|fin\s+de\s+semana|finde)(?:\s+(que\s+viene|proxima|proximo|entrante|pasada|pasado|siguiente))?(?:\W|$)`)

func readWeekES(m *rules.Match, f *found, ref time.Time) bool {
	article, pre, unit, post := m.Captures[0], m.Captures[1], m.Captures[2], m.Captures[3]
	weeks := 0
	switch {
	case post == "pasada" || post == "pasado":
		weeks = -1
	case pre != "" || post != "":
		weeks = 1
	case unit == "semana" && article != "esta":
		return false // "toda la semana", "una semana"
	case unit != "finde" && article == "":
		return false // "cada fin de semana"
	}
	if unit == "semana" {
		f.setSpan(Week, weekAt(ref, weeks, partStart), Sure)
	} else {
		f.setSpan(Week, weekendAt(ref, weeks), Sure)
	}
	return true
}

var esMonths = map[string]int{
	"enero": 1, "ene": 1, "febrero": 2, "feb": 2, "marzo": 3, "mar": 3,
	"abril": 4, "abr": 4, "mayo": 5, "may": 5, "junio": 6, "jun": 6,
	"julio": 7, "jul": 7, "agosto": 8, "ago": 8, "septiembre": 9,
	"setiembre": 9, "sept": 9, "sep": 9, "set": 9, "octubre": 10, "oct": 10,
	"noviembre": 11, "nov": 11, "diciembre": 12, "dic": 12,
}

// esNamedMonth reads a month said as a time: "en enero", "para marzo",
// "a principios de enero", "a mediados de junio", "a fines de mayo",
// "en el mes de julio".
var esNamedMonth = re(`(?:\W|^)((?:(?:en|para|durante|hasta|a|por|de|del|el|mes|principios|comienzos|inicios|` +
	`mediados|fines|finales|fin|algun|momento)\s+)+)(enero|febrero|marzo|abril|mayo|junio|julio|agosto|` +
	`septiembre|setiembre|octubre|noviembre|diciembre)(?:\W|$)`)

func readNamedMonthES(m *rules.Match, f *found, ref time.Time) bool {
	p, ok := monthPartES(m.Captures[0])
	if !ok {
		return false
	}
	at, doubt := namedMonthAt(ref, time.Month(esMonths[m.Captures[1]]), p)
	f.setSpan(Month, at, doubt)
	return true
}

// monthPartES reads the words before a month: which part of it, and
// whether they name a time at all ("de" alone is "3 de enero").
func monthPartES(words string) (part, bool) {
	p, timed := partStart, false
	for _, w := range strings.Fields(words) {
		switch w {
		case "principios", "comienzos", "inicios":
			p, timed = partStart, true
		case "mediados":
			p, timed = partMid, true
		case "fines", "finales", "fin":
			p, timed = partEnd, true
		case "en", "para", "durante", "hasta", "algun":
			timed = true
		}
	}
	return p, timed
}

// esMonth reads "el mes que viene", "el próximo mes", "este mes", "a fin
// de mes", "a finales del mes que viene", "a mediados de mes", "el mes
// pasado".
var esMonth = re(`(?:\W|^)(?:(principios|comienzos|inicios|mediados|fines|finales|fin)\s+(?:de|del)\s+)?` +
	`(?:(este|el)\s+)?(?:(proximo|siguiente)\s+)?(mes)(?:\s+(que\s+viene|proximo|entrante|siguiente|pasado))?(?:\W|$)`)

func readMonthES(m *rules.Match, f *found, ref time.Time) bool {
	p, timed := monthPartES(m.Captures[0])
	months := 0
	switch {
	case m.Captures[4] == "pasado":
		months, timed = -1, true
	case m.Captures[2] != "" || m.Captures[4] != "":
		months, timed = 1, true
	case m.Captures[1] == "este":
		timed = true
	}
	if !timed {
		return false // "un mes", "el mes"
	}
	f.setSpan(Month, monthAt(ref, months, p), Sure)
	return true
}

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
