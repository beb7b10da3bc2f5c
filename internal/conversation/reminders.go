package conversation

import (
	"time"

	"github.com/debrief-sms/debrief"
	"github.com/debrief-sms/debrief/internal/dates"
	"github.com/debrief-sms/debrief/internal/followup"
	"github.com/debrief-sms/debrief/internal/intent"
	"github.com/debrief-sms/debrief/internal/texts"
)

// Reminder is the follow-up text sent to the volunteer last and not yet
// done. A reply of DONE closes it, LATER moves it to tomorrow, and a day
// ("Friday", "in 3 days") moves it there; anything else is read by the
// reporting conversation as before.
type Reminder struct {
	ID     int64
	Kind   followup.Kind
	Person string // the person met, named in the reply
	// ReportSeq is the Seq of the report the reminder is about; DONE to
	// a thank-you marks that report thanked.
	ReportSeq int
	// PlanSeq is the Seq of the plan an ask after a planned 1:1 is about.
	PlanSeq int
}

// Rescheduled moves an open reminder to a new due time.
type Rescheduled struct {
	ID    int64
	DueAt time.Time
}

// Words that answer a reminder, folded like commands. YES is not one: it
// answers the reporting questions and, after STOP, rejoins. "Tomorrow" is
// read as a day, and so answers the next-steps question mid-report.
var (
	doneWords  = map[string]bool{"DONE": true, "DID IT": true, "HECHO": true, "LISTO": true, "LISTA": true, "YA ESTA": true}
	laterWords = map[string]bool{"LATER": true, "MAS TARDE": true, "LUEGO": true, "DESPUES": true}
)

// answerReminder handles a reply to the open reminder, if text is one,
// and reports whether it was.
func (r *run) answerReminder(text, w string) bool {
	rem := r.st.OpenReminder
	if rem == nil || r.env.FollowUps == nil {
		return false
	}
	if rem.Kind.AsksReport() {
		return r.answerPlanAsk(rem, text, w)
	}
	rules := r.env.FollowUps
	switch {
	case doneWords[w] || (r.awaitingNothing() && intent.Done(text)):
		r.eff.CloseReminder = rem.ID
		if rem.Kind == followup.Thanks {
			r.markThanked(rem.ReportSeq)
		}
		r.say("reminder_done", &texts.Vars{texts.Person: rem.Person})
	case laterWords[w]:
		r.reschedule(rem, rules.Later(r.env.Now, r.env.Location))
	case !r.awaitingNothing():
		return false
	default:
		// A day names when; a "not now" in other words means tomorrow.
		if t, ok := r.reminderDay(text); ok {
			r.reschedule(rem, t)
			break
		}
		if !intent.Later(text) {
			return false
		}
		r.reschedule(rem, rules.Later(r.env.Now, r.env.Location))
	}
	r.st.OpenReminder = nil
	return true
}

// reminderDay reads a day to come in a reply to a reminder: that day at
// FOLLOWUP_AT, or the time given, out of quiet hours.
func (r *run) reminderDay(text string) (time.Time, bool) {
	rules := r.env.FollowUps
	t, hasTime, ok := dates.Parse(text, r.env.Now, r.env.Location, r.lang())
	if !ok {
		return time.Time{}, false
	}
	if !hasTime {
		t = rules.At.On(t, r.env.Location)
	}
	if !t.After(r.env.Now) {
		return time.Time{}, false
	}
	return rules.Quiet.Next(t, r.env.Location), true
}

// markThanked records that the person of report seq was thanked: the
// draft in hand directly, another report through Effects.ThankedSeq.
func (r *run) markThanked(seq int) {
	if seq == 0 {
		return
	}
	if r.st.Draft != nil && r.st.Draft.Seq == seq {
		yes := true
		r.draft().Thanked = &yes
		r.saveDraft()
		return
	}
	r.eff.ThankedSeq = seq
}

// awaitingNothing reports whether no question is open: the report is
// saved (or none started) and no edit, confirmation or sign-up waits for
// an answer. Only then is a bare day a reply to the reminder.
func (r *run) awaitingNothing() bool {
	return (r.st.Step == "" || r.st.Step == StepDone) && r.st.Pending == "" && !r.st.Editing && !r.signingUp()
}

func (r *run) reschedule(rem *Reminder, due time.Time) {
	r.eff.Reschedule = &Rescheduled{ID: rem.ID, DueAt: due}
	r.say("reminder_moved", &texts.Vars{texts.Person: rem.Person, texts.Date: r.formatDate(due.In(r.env.Location), true)})
}

// replanFollowUps keeps a saved report's follow-ups true to an edit: a new
// date for the next step moves its reminder, and a "yes" to "have you
// thanked them?" cancels the thank-you reminder.
func (r *run) replanFollowUps(was, now *debrief.Report) {
	if r.env.FollowUps == nil || was == nil || was.Seq != now.Seq {
		return
	}
	if !sameTime(was.NextContactAt, now.NextContactAt) || was.NextContactHasTime != now.NextContactHasTime {
		for _, p := range r.env.FollowUps.ForReport(*now, r.env.Now, r.env.Location) {
			if p.Kind == followup.NextStep {
				due := p.DueAt
				r.eff.MoveNextStep = &due
			}
		}
	}
	if now.Thanked != nil && *now.Thanked && (was.Thanked == nil || !*was.Thanked) {
		r.eff.CancelThanks = true
	}
}

func sameTime(a, b *time.Time) bool {
	if a == nil || b == nil {
		return a == b
	}
	return a.Equal(*b)
}

// scheduleFollowUps plans the follow-ups of the report just completed:
// the volunteer's reminders and, for a big commitment, a word to the
// team's organizer.
func (r *run) scheduleFollowUps(d *debrief.Report) {
	if r.env.FollowUps != nil {
		r.eff.FollowUps = r.env.FollowUps.ForReport(*d, r.env.Now, r.env.Location)
	}
}
