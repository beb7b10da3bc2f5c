package dates

import (
	"regexp"
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
	{rule: esWeekday(), need: fWeekdayES},
	{rule: esCasual(), need: fCasualES, keep: keepCasualES},
	{rule: esHour(), need: fLas | fDigit},
	{rule: en.HourMinute(rules.Override), need: fDigit, keep: keepHourMinute},
	{rule: en.Hour(rules.Override), need: fDigit, keep: keepHourEN},
	{rule: esDeadline(), need: fUnitES},
	{rule: monthsAhead(), need: fMonthsUnit},
	{rule: esMonthDate(), need: fMonthES | fDigit},
	{rule: slashDMY(), need: fDigit | fSlash},
}

var esWeekdays = map[string]time.Weekday{
	"domingo": time.Sunday, "lunes": time.Monday, "martes": time.Tuesday,
	"miercoles": time.Wednesday, "jueves": time.Thursday,
	"viernes": time.Friday, "sabado": time.Saturday,
}

// esWeekday reads "martes", "el martes", "el proximo martes", "el martes
// que viene": the next Tuesday after today; and "el martes pasado": the
// last one before today.
func esWeekday() rules.Rule {
	return &rules.F{
		RegExp: regexp.MustCompile(`(?:\W|^)(?:(?:el|los|este|esta)\s+)?(?:(proximo|siguiente)\s+)?` +
			`(lunes|martes|miercoles|jueves|viernes|sabado|domingo)(?:\s+(pasado))?(?:\W|$)`),
		Applier: func(m *rules.Match, c *rules.Context, _ *rules.Options, ref time.Time) (bool, error) {
			wd, ok := esWeekdays[m.Captures[1]]
			if !ok {
				return false, nil
			}
			if m.Captures[2] == "pasado" {
				back := (int(ref.Weekday()) - int(wd) + 7) % 7
				if back == 0 {
					back = 7
				}
				c.Duration = -time.Duration(back) * 24 * time.Hour
				return true, nil
			}
			diff := (int(wd) - int(ref.Weekday()) + 7) % 7
			if diff == 0 {
				diff = 7
			}
			c.Duration = time.Duration(diff) * 24 * time.Hour
			return true, nil
		},
	}
}

// esCasual reads "hoy", "manana", "pasado manana", "ayer" and "anteayer".
func esCasual() rules.Rule {
	return &rules.F{
		RegExp: regexp.MustCompile(`(?:\W|^)((?:de|por|en)\s+la\s+|la\s+)?(pasado\s+manana|manana|hoy|anteayer|ayer)(?:\W|$)`),
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

// keepCasualES drops "la manana", the morning, which esHour reads.
func keepCasualES(m *rules.Match) bool {
	return m.Captures[0] == "" || m.Captures[1] != "manana"
}

// esHour reads "a las 5", "a la 1", "a las 5:30", "a las 8 de la noche".
func esHour() rules.Rule {
	return &rules.F{
		RegExp: regexp.MustCompile(`(?:\W|^)((?:a\s+)?las?)\s+(\d{1,2})(?:(?::|\.|h)(\d{2}))?(?:\s*(?:hrs?|horas?))?` +
			`(?:\s+(?:de|en|por)\s+la\s+(manana|tarde|noche))?(?:\W|$)`),
		Applier: func(m *rules.Match, c *rules.Context, _ *rules.Options, _ time.Time) (bool, error) {
			return setClock(c, m.Captures[1], m.Captures[2], m.Captures[3]), nil
		},
	}
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

var esMonths = map[string]string{
	"enero": "1", "ene": "1", "febrero": "2", "feb": "2", "marzo": "3", "mar": "3",
	"abril": "4", "abr": "4", "mayo": "5", "may": "5", "junio": "6", "jun": "6",
	"julio": "7", "jul": "7", "agosto": "8", "ago": "8", "septiembre": "9",
	"setiembre": "9", "sept": "9", "sep": "9", "set": "9", "octubre": "10", "oct": "10",
	"noviembre": "11", "nov": "11", "diciembre": "12", "dic": "12",
}

const esMonthPattern = `(enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|setiembre|` +
	`octubre|noviembre|diciembre|ene|feb|mar|abr|may|jun|jul|ago|sept|sep|set|oct|nov|dic)`

// esMonthDate reads "3 de diciembre", "el 3 de dic. de 2026", "diciembre 3".
func esMonthDate() rules.Rule {
	return &rules.F{
		RegExp: regexp.MustCompile(`(?:\W|^)(?:(\d{1,2})\s*(?:de\s+)?` + esMonthPattern + `|` +
			esMonthPattern + `\s+(\d{1,2}))\.?(?:\s+(?:de|del)\s+(\d{4}))?(?:\W|$)`),
		Applier: func(m *rules.Match, c *rules.Context, _ *rules.Options, _ time.Time) (bool, error) {
			day, month := m.Captures[0], esMonths[m.Captures[1]]
			if day == "" {
				day, month = m.Captures[3], esMonths[m.Captures[2]]
			}
			return setDate(c, day, month, m.Captures[4]), nil
		},
	}
}

// slashDMY reads day-first dates: 3/12, 3/12/26, 3/12/2026.
func slashDMY() rules.Rule {
	return &rules.F{
		RegExp: regexp.MustCompile(`(?:\W|^)(3[01]|[12][0-9]|0?[1-9])[/\\](1[0-2]|0?[1-9])(?:[/\\]((?:19|20)?\d{2}))?(?:\W|$)`),
		Applier: func(m *rules.Match, c *rules.Context, _ *rules.Options, _ time.Time) (bool, error) {
			return setDate(c, m.Captures[0], m.Captures[1], m.Captures[2]), nil
		},
	}
}
