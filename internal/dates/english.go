package dates

import (
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
