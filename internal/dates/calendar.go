package dates

import "time"

// Calendar arithmetic in the reference's location, by days on the
// calendar rather than 24-hour durations, so that a daylight-saving change
// moves no day.

func midnight(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, t.Location())
}

func addDays(t time.Time, n int) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d+n, 0, 0, 0, 0, t.Location())
}

// monday is the Monday of the week of t: weeks start on Monday, as
// volunteers' "next week" does.
func monday(t time.Time) time.Time {
	return addDays(t, -((int(t.Weekday()) + 6) % 7))
}

// notBefore is t, or today when t is already past.
func notBefore(t, today time.Time) time.Time {
	if t.Before(today) {
		return today
	}
	return t
}

func daysIn(y int, m time.Month) int {
	return time.Date(y, m+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

// daysUntil counts calendar days from ref's day to wd's next day
// (1 to 7: a weekday said on that weekday is a week later).
func daysUntil(ref time.Time, wd time.Weekday) int {
	n := (int(wd) - int(ref.Weekday()) + 7) % 7
	if n == 0 {
		n = 7
	}
	return n
}

// daysSince counts calendar days back from ref's day to wd's last day
// before it (1 to 7).
func daysSince(ref time.Time, wd time.Weekday) int {
	n := (int(ref.Weekday()) - int(wd) + 7) % 7
	if n == 0 {
		n = 7
	}
	return n
}

// part is the part of a week or month named: "early", "mid", "end of".
type part int

const (
	partStart part = iota
	partMid
	partEnd
)

// weekAt is the day to remind on for the week weeks from ref's (0 this
// week, 1 next, -1 last): its Monday, Wednesday for "mid", Friday for
// "end of", or today when that day of this week is past.
func weekAt(ref time.Time, weeks int, p part) time.Time {
	at := addDays(monday(ref), 7*weeks+[...]int{0, 2, 4}[p])
	if weeks == 0 {
		at = notBefore(at, midnight(ref))
	}
	return at
}

// weekendAt is the Saturday of the weekend weeks from ref's, or today
// when ref is in this weekend.
func weekendAt(ref time.Time, weeks int) time.Time {
	at := addDays(monday(ref), 7*weeks+5)
	if weeks == 0 {
		at = notBefore(at, midnight(ref))
	}
	return at
}

// monthAt is the day to remind on for month months from ref's (0 this
// month): its 1st, 15th for "mid", the first of its last seven days for
// "end of", or today when that day of this month is past.
func monthAt(ref time.Time, months int, p part) time.Time {
	total := int(ref.Month()) - 1 + months
	y := ref.Year() + total/12
	if total < 0 {
		y = ref.Year() - 1 + (total+1)/12
		total = total%12 + 12
	}
	mo := time.Month(total%12 + 1)
	d := [...]int{1, 15, daysIn(y, mo) - 6}[p]
	at := time.Date(y, mo, d, 0, 0, 0, 0, ref.Location())
	if months == 0 {
		at = notBefore(at, midnight(ref))
	}
	return at
}

// namedMonthAt is monthAt for a month named without a year: this year's,
// or next year's when it has passed, flagged PastMonth when it passed
// less than six months ago ("October" said in December).
func namedMonthAt(ref time.Time, m time.Month, p part) (time.Time, Doubt) {
	ahead := int(m) - int(ref.Month())
	doubt := Sure
	if ahead < 0 {
		if ahead >= -6 {
			doubt = PastMonth
		}
		ahead += 12
	}
	return monthAt(ref, ahead, p), doubt
}

// daysBetween counts calendar days from a's day to b's.
func daysBetween(a, b time.Time) int {
	ay, am, ad := a.Date()
	by, bm, bd := b.Date()
	da := time.Date(ay, am, ad, 0, 0, 0, 0, time.UTC)
	db := time.Date(by, bm, bd, 0, 0, 0, 0, time.UTC)
	return int(db.Sub(da) / (24 * time.Hour))
}
