package conversation

import (
	"time"

	"github.com/debrief-sms/debrief/internal/dates"
	"github.com/debrief-sms/debrief/internal/texts"
)

// dateRead is what an answer's day turned out to be.
type dateRead int

const (
	dateNone  dateRead = iota // no day in it
	datePast                  // a next contact already gone by: not kept
	dateDoubt                 // a day that may not be what was meant: asked to confirm
	dateOK                    // a day, confirmed back
)

// answerDateText reads the day in an answer to date question i (for the
// next steps, the next contact) and reports whether a question is now
// pending on it (asked for a day, or to confirm one).
func (r *run) answerDateText(i int, stored string) (asked bool) {
	switch r.readDate(r.qs[i].Key, stored, false) {
	case dateNone, datePast:
		r.saveDraft()
		r.st.Pending = PendingDate
		return true
	case dateDoubt:
		r.saveDraft()
		return true
	}
	return false
}

// readDate looks for a day in text; for the next steps it becomes the next
// contact. It says back what it understood: the day, the week ("next
// week") or the month ("in January") with the day of the reminder. A next
// contact already past ("last Tuesday") is not kept and asked again; one
// that may not be what was meant ("Tuesday the 15th" on a Wednesday, "Oct
// 3" said in December) is kept and questioned.
// Asked again (again), it says nothing when it finds no day to come: the
// report goes on.
func (r *run) readDate(key, text string, again bool) dateRead {
	rd, ok := dates.Read(text, r.env.Now, r.env.Location, r.lang())
	if key != KeyNextSteps {
		if ok {
			r.sayDate(rd)
			return dateOK
		}
		return dateNone
	}
	d := r.draft()
	d.NextContactAt, d.NextContactHasTime = nil, false
	switch {
	case !ok:
		if !again {
			r.say("q_next_date", &texts.Vars{texts.Person: r.person()})
		}
		return dateNone
	case r.isPast(rd.At, rd.HasTime):
		if !again {
			r.say("date_past", &texts.Vars{texts.Date: r.formatDate(rd.At, rd.HasTime), texts.Person: r.person()})
		}
		return datePast
	}
	at := rd.At
	d.NextContactAt, d.NextContactHasTime = &at, rd.HasTime
	if rd.Doubt != dates.Sure {
		r.st.Pending = PendingDateCheck
		r.st.DateDoubt = int(rd.Doubt)
		r.askDateCheck()
		return dateDoubt
	}
	r.sayDate(rd)
	return dateOK
}

// sayDate confirms the day read, as a day, a week or a month.
func (r *run) sayDate(rd dates.Reading) {
	day := r.formatDate(rd.At, rd.HasTime)
	switch rd.Span {
	case dates.Week:
		r.say("date_ok_week", &texts.Vars{texts.Date: r.formatDate(rd.At, false)})
	case dates.Month:
		r.say("date_ok_month", &texts.Vars{texts.Month: r.monthName(rd.At), texts.Date: day})
	default:
		r.say("date_ok", &texts.Vars{texts.Date: day})
	}
}

// monthName is t's month as the volunteer's language writes it short.
func (r *run) monthName(t time.Time) string {
	if ms := r.x.Words("months"); len(ms) == 12 {
		return ms[t.In(r.env.Location).Month()-1]
	}
	return t.Month().String()
}

// askDateCheck asks whether the next contact kept is the day meant.
func (r *run) askDateCheck() {
	d := r.st.Draft
	if d == nil || d.NextContactAt == nil {
		r.st.Pending = PendingDate
		r.say("q_next_date", &texts.Vars{texts.Person: r.person()})
		return
	}
	day := r.formatDate(*d.NextContactAt, d.NextContactHasTime)
	if dates.Doubt(r.st.DateDoubt) == dates.PastMonth {
		r.say("date_check_year", &texts.Vars{texts.Date: day})
		return
	}
	r.say("date_check_weekday", &texts.Vars{texts.Date: day})
}

// checkDate reads the answer to askDateCheck: YES keeps the day, NO asks
// for one, and another day is read as the answer.
func (r *run) checkDate(i int, text, w string) {
	r.st.DateDoubt = 0
	if yes, ok := yesNo(w); ok {
		r.st.Pending = ""
		if !yes {
			d := r.draft()
			d.NextContactAt, d.NextContactHasTime = nil, false
			r.st.Pending = PendingDate
			r.saveDraft()
			r.say("q_next_date", &texts.Vars{texts.Person: r.person()})
			return
		}
		d := r.st.Draft
		r.say("date_ok", &texts.Vars{texts.Date: r.formatDate(*d.NextContactAt, d.NextContactHasTime)})
		r.next(i)
		return
	}
	r.st.Pending = ""
	r.answerDate(i, text)
}

// isPast reports whether t is gone: a day before today, or a time of day
// already past, in the volunteer's time zone.
func (r *run) isPast(t time.Time, hasTime bool) bool {
	now := r.env.Now.In(r.env.Location)
	if hasTime {
		return t.Before(now)
	}
	y, m, d := now.Date()
	return t.In(r.env.Location).Before(time.Date(y, m, d, 0, 0, 0, 0, r.env.Location))
}

// answerDate reads the answer to "when will you talk again?", asked once
// more: with or without a date (a past one is not kept), the report goes
// on, unless the day read must be confirmed.
func (r *run) answerDate(i int, text string) {
	stored, _ := clip(text, MaxAnswer)
	d := r.draft()
	key := r.qs[i].Key
	joined, _ := clip(answer(d, key)+"; "+stored, MaxAnswer)
	setText(d, key, joined)
	r.st.Pending = ""
	read := r.readDate(key, stored, true)
	r.saveDraft()
	if read == dateDoubt {
		return
	}
	r.next(i)
}
