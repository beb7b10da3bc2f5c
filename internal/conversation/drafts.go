package conversation

import (
	"time"

	"github.com/debrief-sms/debrief"
	"github.com/debrief-sms/debrief/internal/texts"
)

// idle is how long the draft has gone untouched.
func (r *run) idle() time.Duration {
	d := r.st.Draft
	last := d.UpdatedAt
	if last.IsZero() {
		last = d.StartedAt
	}
	if last.IsZero() {
		return 0
	}
	return r.env.Now.Sub(last)
}

// setAside stores the draft as abandoned, answers kept, and says so.
func (r *run) setAside() {
	person := r.st.Draft.PersonName
	r.abandon()
	if person != "" {
		r.say("stale", &texts.Vars{texts.Person: person})
	} else {
		r.say("stale_plain", nil)
	}
}

// abandon hands the draft to Effects.Abandoned; the state keeps it, as
// the latest report, with its new status.
func (r *run) abandon() {
	a := *r.st.Draft
	a.Status = debrief.ReportAbandoned
	a.UpdatedAt = r.env.Now
	kept := a
	r.eff.Abandoned = &a
	r.st.Draft = &kept
	r.copied = true
	r.st.Step, r.st.Pending, r.st.Editing = "", "", false
}

// startReport opens report LastSeq+1 and asks its first question.
func (r *run) startReport() {
	r.openReport()
	r.ask(0)
}

// openReport opens report LastSeq+1 at its first question.
func (r *run) openReport() {
	seq := r.st.LastSeq + 1
	r.st.Draft = newReport(seq, r.env.Now)
	r.copied = true
	r.st.LastSeq = seq
	r.takeQuestions()
	r.st.Step, r.st.Pending, r.st.Editing = r.qs[0].Key, "", false
	r.eff.SaveDraft = true
}

// takeQuestions gives the report that starts its team's questions as they
// are now; it keeps them to its end (State.Asked).
func (r *run) takeQuestions() {
	r.st.Asked = r.env.QuestionSet.For(r.st.Volunteer.TeamID)
	base := r.env.Questions
	if base == nil {
		base = defaultQuestions
	}
	r.qs = withTeam(base, r.st.Asked)
}
