// Package dates reads the day (and maybe the time) a volunteer wrote in
// plain words, in English or Spanish, the way volunteers text it: "next
// Tuesday", "sat morning", "Tues at 3", "the 15th", "next week", "this
// weekend", "end of the month", "in January", "in a couple weeks",
// "mañana a las 5", "el 15", "la semana que viene", "a fin de mes".
//
// Read says how much of the calendar the text named (a day, a week, a
// month) and the day to remind on, and flags readings the volunteer may
// not have meant (a weekday that is not that date's, a month just past).
//
// It is built on github.com/olebedev/when: some English rules are when's
// own (a selection, some with guards against false hits), the others and
// the Spanish ones are when rules written here. Each rule is guarded by a
// cheap word check so that its regular expression only runs on texts that
// could match; answers without a date cost a single pass over the text.
// It performs no I/O and reads no clock: now is an argument.
//
// How it reads what volunteers leave open:
//   - A weekday is the next one after today; said on that weekday it is a
//     week later, with or without a time ("Tues at 3" said on a Tuesday
//     is next Tuesday): the volunteer is reporting a talk they just had,
//     and says "today" or "tonight" for today. "next Tuesday" is the same
//     day; "Tuesday next week" is the Tuesday of next week.
//   - Parts of the day: morning 9:00, afternoon 14:00, evening 18:00,
//     night and tonight 19:00, noon 12:00. A part alone ("good morning",
//     "por la tarde") names no day; "tonight", "this evening", "esta
//     noche" name today. In Spanish "mañana" alone is tomorrow; "por/en/de
//     la mañana" is the morning.
//   - An hour without am or pm ("at 3", "a las 7") is one people meet at:
//     1 to 6 pm, 7 to 11 am, 12 noon; a part of the day moves it ("at 8
//     tonight" is 8pm).
//   - A day of the month alone ("the 15th", "el 15") is the next one
//     after today, in the first month that has it: "the 1st" said on the
//     1st is next month's, as a weekday is next week's.
//   - Weeks start on Monday. "next week" is next Monday, "this weekend"
//     the coming Saturday (today on a Saturday or Sunday), "end of the
//     week" Friday. A month is its 1st, "mid" its 15th, "end of" the first
//     of its last seven days; any of these already past this week or month
//     is today. A weekday with a week ("la semana que viene, el martes")
//     or a day with a month ("in January, the 15th") is that day.
//   - Counts are days on the calendar: "in a couple weeks" is 14 days, "a
//     few" 3, "in 2 or 3 weeks" its first number, the earliest to remind.
//   - A month and day without a year that passed is next year's; when it
//     passed at most six months back it is flagged PastMonth.
package dates

import (
	"time"

	"github.com/debrief-sms/debrief"
)

// maxText bounds the text Read reads: a date sits in the first few hundred
// characters of an answer, and the rules' cost grows with the length.
const maxText = 400

// Parse returns the day (and maybe time) text names: Read's At and
// HasTime, for callers that need no span or doubt. A week or month is the
// day to remind on.
func Parse(text string, now time.Time, loc *time.Location, lang debrief.Language) (t time.Time, hasTime bool, ok bool) {
	r, ok := Read(text, now, loc, lang)
	return r.At, r.HasTime, ok
}
