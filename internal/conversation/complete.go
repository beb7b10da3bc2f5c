package conversation

import (
	"strconv"
	"time"

	"github.com/debrief-sms/debrief"
)

// next moves past question i: to the next one, back to the summary after
// an edit, or to the end of the report.
func (r *run) next(i int) {
	if r.st.Editing {
		r.finishEdit()
		return
	}
	if i+1 < len(r.qs) {
		r.st.Step = r.qs[i+1].Key
		r.ask(i + 1)
		return
	}
	r.complete("summary")
}

func (r *run) complete(summary string) {
	d := r.draft()
	if d.Status != debrief.ReportComplete {
		d.Status = debrief.ReportComplete
		now := r.env.Now
		d.CompletedAt = &now
		r.scheduleFollowUps(d)
		r.closePlan(d)
	} else {
		r.replanFollowUps(r.before, d)
	}
	r.saveDraft()
	r.st.Step, r.st.Pending, r.st.Editing = StepDone, "", false
	r.say(summary, r.summaryVars())
}

// finishEdit goes back to the saved report's summary, or on with a draft
// at its first unanswered question.
func (r *run) finishEdit() {
	r.st.Editing = false
	if r.st.Draft.Status == debrief.ReportComplete {
		r.complete("summary_updated")
		return
	}
	for j := range r.qs {
		if !r.qs[j].Optional && answer(r.st.Draft, r.qs[j].Key) == "" {
			r.st.Step = r.qs[j].Key
			r.ask(j)
			return
		}
	}
	r.complete("summary")
}

func (r *run) summaryVars() *vars {
	d := r.st.Draft
	none := r.x.get("none", nil)
	v := &vars{sSeq: strconv.Itoa(d.Seq), sPerson: d.PersonName, sIssue: d.Issue}
	if v[sIssue] == "" {
		v[sIssue] = none
	}
	v[sCommitment] = r.commitmentPhrase(d)
	if v[sCommitment] == "" {
		v[sCommitment] = none
	}
	switch {
	case d.NextContactAt != nil:
		v[sNext] = r.formatDate(*d.NextContactAt, d.NextContactHasTime)
	case d.NextSteps != "":
		v[sNext] = d.NextSteps
	default:
		v[sNext] = none
	}
	switch {
	case d.Thanked == nil:
		v[sThanked] = none
	case *d.Thanked:
		v[sThanked] = r.x.get("yes", nil)
	default:
		v[sThanked] = r.x.get("no", nil)
	}
	return v
}

// formatDate writes a day (and time) short: "Tue Dec 1", "mar 1 dic, 17:00".
func (r *run) formatDate(t time.Time, hasTime bool) string {
	return formatDateIn(r.x, t, r.env.Location, hasTime)
}

// formatDateIn is formatDate with the texts and zone given.
func formatDateIn(x texts, t time.Time, loc *time.Location, hasTime bool) string {
	t = t.In(loc)
	v := vars{sDay: strconv.Itoa(t.Day())}
	if wd := x.words("weekdays"); len(wd) == 7 {
		v[sWeekday] = wd[t.Weekday()]
	}
	if ms := x.words("months"); len(ms) == 12 {
		v[sMonth] = ms[t.Month()-1]
	}
	if !hasTime {
		return x.get("date", &v)
	}
	if x.get("clock", nil) == "24" {
		v[sTime] = t.Format("15:04")
	} else if t.Minute() == 0 {
		v[sTime] = t.Format("3pm")
	} else {
		v[sTime] = t.Format("3:04pm")
	}
	return x.get("date_time", &v)
}
