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
