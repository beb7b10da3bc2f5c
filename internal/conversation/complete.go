package conversation

import (
	"strconv"
	"time"

	"github.com/debrief-sms/debrief"
	"github.com/debrief-sms/debrief/internal/texts"
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

func (r *run) summaryVars() *texts.Vars {
	d := r.st.Draft
	none := r.x.Get("none", nil)
	v := &texts.Vars{texts.Seq: strconv.Itoa(d.Seq), texts.Person: d.PersonName, texts.Issue: d.Issue}
	if v[texts.Issue] == "" {
		v[texts.Issue] = none
	}
	v[texts.Commitment] = r.commitmentPhrase(d)
	if v[texts.Commitment] == "" {
		v[texts.Commitment] = none
	}
	switch {
	case d.NextContactAt != nil:
		v[texts.Next] = r.formatDate(*d.NextContactAt, d.NextContactHasTime)
	case d.NextSteps != "":
		v[texts.Next] = d.NextSteps
	default:
		v[texts.Next] = none
	}
	switch {
	case d.Thanked == nil:
		v[texts.Thanked] = none
	case *d.Thanked:
		v[texts.Thanked] = r.x.Get("yes", nil)
	default:
		v[texts.Thanked] = r.x.Get("no", nil)
	}
	return v
}

// formatDate writes a day (and time) short: "Tue Dec 1", "mar 1 dic, 17:00".
func (r *run) formatDate(t time.Time, hasTime bool) string {
	return r.x.Date(t, r.env.Location, hasTime)
}
