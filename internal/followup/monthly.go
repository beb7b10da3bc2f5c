package followup

import "time"

// Monthly tells a coordinator that the monthly report of the month just
// ended is ready, with its link: one text per coordinator and month.
const Monthly Kind = "monthly"

// MonthlyDue returns when the next text about the monthly report falls
// due for a coordinator in loc after now, and the month it is about (its
// 1st, midnight UTC, which names it). It goes on the 1st at FOLLOWUP_AT
// in loc (today, if it is the 1st before that time), about the month
// before; never before that month has ended in months, the zone the
// report counts months in (a coordinator far east of it would otherwise
// be told before the month is over), and never in quiet hours.
func (r Rules) MonthlyDue(now time.Time, loc, months *time.Location) (due, month time.Time) {
	local := now.In(loc)
	first := time.Date(local.Year(), local.Month(), 1, 12, 0, 0, 0, loc)
	due = r.monthlyOn(first, loc, months)
	if due.Before(now) {
		first = first.AddDate(0, 1, 0)
		due = r.monthlyOn(first, loc, months)
	}
	m := first.AddDate(0, -1, 0)
	return due, time.Date(m.Year(), m.Month(), 1, 0, 0, 0, 0, time.UTC)
}

// monthlyOn is when the text goes on first, the 1st of a month in loc.
func (r Rules) monthlyOn(first time.Time, loc, months *time.Location) time.Time {
	due := r.At.On(first, loc)
	if end := time.Date(first.Year(), first.Month(), 1, 0, 0, 0, 0, months); due.Before(end) {
		due = end
	}
	return r.Quiet.Next(due, loc)
}
