package conversation

import (
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/debrief-sms/debrief"
	"github.com/debrief-sms/debrief/internal/followup"
	"github.com/debrief-sms/debrief/internal/intent"
	"github.com/debrief-sms/debrief/internal/texts"
)

// Plan is a 1:1 the volunteer planned by text ("PLAN Maria Friday 3pm")
// and has not reported or cancelled yet.
type Plan struct {
	Seq     int       `json:"seq"` // numbers a volunteer's plans 1, 2, 3...
	Person  string    `json:"person"`
	At      time.Time `json:"at"` // the day's midnight in the volunteer's zone when !HasTime
	HasTime bool      `json:"has_time,omitempty"`
	// NotMet: the volunteer answered an ask "we didn't meet"; a new plan
	// on the same person replaces this one.
	NotMet bool `json:"not_met,omitempty"`
}

// Plans is what the conversation keeps of the volunteer's plans, in the
// state column: the store keeps every plan in its own table too, for the
// digest and the figures.
type Plans struct {
	Open []Plan `json:"open,omitempty"` // by time, the earliest first
	Seq  int    `json:"seq,omitempty"`  // the last plan's Seq
	// Draft is a plan asked about once, for its day or its time.
	Draft *Plan `json:"draft,omitempty"`
	// Report is the plan the report numbered ReportSeq was started from,
	// by a reply to its ask: completing that report closes it.
	Report    int `json:"report,omitempty"`
	ReportSeq int `json:"report_seq,omitempty"`
}

// PlanChange is what a step does to plans, for the store to write in the
// same Save.
type PlanChange struct {
	Add       *Plan              // a new plan (At in UTC)
	FollowUps []followup.Planned // Add's reminder and asks
	Cancel    int                // the Seq of a plan cancelled
	// Close is the Seq of the plan the report completed by this step
	// (State.Draft) reported.
	Close int
	// Answered is the Seq of a plan whose ask was answered (its report
	// started, or "we didn't meet"): none of its asks waits any more.
	Answered int
}

// Empty reports whether the step changes no plan.
func (c PlanChange) Empty() bool {
	return c.Add == nil && c.Cancel == 0 && c.Close == 0 && c.Answered == 0
}

// PlanKeep is how long after its time a plan stays in the conversation,
// for PLANS, CANCEL PLAN and a report to close; older, it is left to the
// store, which the digest and the figures read.
const PlanKeep = 14 * 24 * time.Hour

// plans returns the state's plans to change, copied once so that the
// caller's State is never changed.
func (r *run) plans() *Plans {
	if !r.plansCopied {
		p := Plans{}
		if r.st.Plans != nil {
			p = *r.st.Plans
			p.Open = slices.Clone(p.Open)
		}
		r.st.Plans = &p
		r.plansCopied = true
	}
	return r.st.Plans
}

// openPlans are the plans still kept, the earliest first.
func (r *run) openPlans() []Plan {
	if r.st.Plans == nil {
		return nil
	}
	var out []Plan
	for _, p := range r.st.Plans.Open {
		if r.env.Now.Sub(p.At) < PlanKeep {
			out = append(out, p)
		}
	}
	return out
}

// planning handles a text about plans: a keyword (PLAN, PLANS, CANCEL
// PLAN), the answer to a plan's question, or a plan in plain words when no
// question waits. It reports whether the text was one.
func (r *run) planning(text, w string) bool {
	if r.signingUp() {
		// "PLAN Maria Friday" is no one's name nor team: sign up first.
		if kw, _ := planKeyword(text, true); kw == notPlanWord {
			return false
		}
		r.say("finish_signup", nil)
		r.prompt()
		return true
	}
	free := r.awaitingNothing() && !r.inProgress()
	kw, rest := planKeyword(text, !free)
	if r.st.Plans != nil && r.st.Plans.Draft != nil {
		if kw == notPlanWord && (commands[w] == cmdNone || commands[w] == cmdSkip) {
			r.answerPlanDraft(text, w)
			return true
		}
		r.plans().Draft = nil
	}
	switch kw {
	case planAdd:
		r.plan(rest, keywordLanguage(text, r.lang()), free)
	case planList:
		r.listPlans()
	case planCancel:
		r.cancelPlan(rest)
	default:
		if !free {
			return false
		}
		rest, lang, ok := naturalPlan(text)
		if !ok {
			return false
		}
		p := readPlan(rest, r.env.Now, r.env.Location, lang)
		if p.person == "" || !p.day || p.past {
			return false
		}
		r.plan(rest, lang, free)
	}
	if !free {
		r.prompt()
	}
	return true
}

// plan reads a plan's text and saves it, or asks once for what it lacks
// when free (no question waits); with a question waiting, a plan without
// a time is saved for the day.
func (r *run) plan(text string, lang debrief.Language, free bool) {
	p := readPlan(text, r.env.Now, r.env.Location, lang)
	switch {
	case p.person == "":
		r.say("plan_usage", nil)
	case !p.day && free:
		r.plans().Draft = &Plan{Person: p.person}
		r.say("plan_ask_day", &texts.Vars{texts.Person: p.person})
	case !p.day:
		r.say("plan_usage", nil)
	case p.past:
		r.say("plan_past", &texts.Vars{texts.Date: r.formatDate(p.at, p.hasTime)})
	case !p.hasTime && free:
		r.plans().Draft = &Plan{Person: p.person, At: p.at}
		r.say("plan_ask_time", &texts.Vars{texts.Person: p.person, texts.Date: r.formatDate(p.at, false)})
	default:
		r.savePlan(Plan{Person: p.person, At: p.at, HasTime: p.hasTime})
	}
}

// answerPlanDraft reads the answer to plan_ask_day or plan_ask_time: a
// day, a time, or SKIP (or anything without a time) to keep the day alone.
func (r *run) answerPlanDraft(text, w string) {
	d := *r.st.Plans.Draft
	r.plans().Draft = nil
	p := readPlan(text, r.env.Now, r.env.Location, r.lang())
	if commands[w] == cmdSkip {
		p = planRead{}
	}
	switch {
	case d.At.IsZero() && (!p.day || p.past):
		r.say("plan_usage", nil)
		return
	case d.At.IsZero():
		d.At, d.HasTime = p.at, p.hasTime
	case p.day && p.hasTime:
		at := p.at
		if sameDay(p.at, r.env.Now, r.env.Location) {
			// "3pm": a time alone reads as today; it is the plan's day's.
			at = onDayOf(d.At, p.at, r.env.Location)
		}
		d.At, d.HasTime = at, true
	}
	if pastIn(d.At, d.HasTime, r.env.Now, r.env.Location) {
		r.say("plan_past", &texts.Vars{texts.Date: r.formatDate(d.At, d.HasTime)})
		return
	}
	r.savePlan(d)
}

// savePlan numbers p, keeps it with the open plans and has it stored with
// its follow-ups. The same plan texted twice is confirmed again, not
// stored twice; a plan on the same person still to come, or that did not
// happen, is replaced: the 1:1 moved.
func (r *run) savePlan(p Plan) {
	ps := r.plans()
	ps.Open = r.openPlans()
	for i, o := range ps.Open {
		if !samePerson(o.Person, p.Person) {
			continue
		}
		if o.At.Equal(p.At) && o.HasTime == p.HasTime {
			r.say("plan_saved", &texts.Vars{texts.Person: o.Person, texts.Date: r.formatDate(o.At, o.HasTime)})
			return
		}
		if o.At.After(r.env.Now) || o.NotMet {
			ps.Open = slices.Delete(ps.Open, i, i+1)
			r.eff.Plan.Cancel = o.Seq
			break
		}
	}
	moved := r.eff.Plan.Cancel != 0
	ps.Seq++
	p.Seq = ps.Seq
	p.At = p.At.UTC()
	ps.Open = append(ps.Open, p)
	slices.SortStableFunc(ps.Open, func(a, b Plan) int { return a.At.Compare(b.At) })
	added := p
	r.eff.Plan.Add = &added
	if r.env.FollowUps != nil {
		r.eff.Plan.FollowUps = r.env.FollowUps.ForPlan(p.At, p.HasTime, r.env.Now, r.env.Location)
	}
	name := "plan_saved"
	if moved {
		name = "plan_moved"
	}
	r.say(name, &texts.Vars{texts.Person: p.Person, texts.Date: r.formatDate(p.At, p.HasTime)})
}

// planList writes the open plans numbered as CANCEL PLAN reads them, as
// many as fit.
func (r *run) planList(open []Plan) string {
	var b strings.Builder
	for i, p := range open {
		item := strconv.Itoa(i+1) + " " + texts.GSMSafe(p.Person, 20) + ", " + r.formatDate(p.At, p.HasTime)
		if b.Len() > 0 {
			item = "; " + item
		}
		if b.Len()+len(item) > texts.List.Max() {
			break
		}
		b.WriteString(item)
	}
	return b.String()
}

func (r *run) listPlans() {
	open := r.openPlans()
	if len(open) == 0 {
		r.say("plans_none", nil)
		return
	}
	r.say("plans_list", &texts.Vars{texts.List: r.planList(open)})
}

// cancelPlan drops the plan named by which: its number in PLANS, its
// person's name, or nothing when there is only one.
func (r *run) cancelPlan(which string) {
	open := r.openPlans()
	pick := -1
	which = strings.TrimSpace(strings.TrimLeft(strings.TrimSpace(which), "#"))
	switch n, err := strconv.Atoi(which); {
	case len(open) == 0:
		r.say("plans_none", nil)
		return
	case err == nil && n >= 1 && n <= len(open):
		pick = n - 1
	case which == "" && len(open) == 1:
		pick = 0
	case which != "":
		for i, p := range open {
			if samePerson(p.Person, which) {
				pick = i
				break
			}
		}
	}
	if pick < 0 {
		r.say("plan_cancel_which", &texts.Vars{texts.List: r.planList(open)})
		return
	}
	p := open[pick]
	ps := r.plans()
	ps.Open = slices.Delete(open, pick, pick+1)
	r.eff.Plan.Cancel = p.Seq
	r.say("plan_cancelled", &texts.Vars{texts.Person: p.Person, texts.Date: r.formatDate(p.At, p.HasTime)})
}

// answerPlanAsk reads a reply to "How did your 1:1 with Maria go?" when no
// question waits: it starts the report with the person filled in. LATER
// asks again tomorrow; a no ("we didn't meet") says how to plan it again
// or drop it. Commands and plan keywords go their usual way.
func (r *run) answerPlanAsk(rem *Reminder, text, w string) bool {
	if !r.awaitingNothing() || r.inProgress() || (r.st.Plans != nil && r.st.Plans.Draft != nil) {
		return false
	}
	if c := commands[w]; c != cmdNone {
		return false
	}
	if kw, _ := planKeyword(text, false); kw != notPlanWord {
		return false
	}
	switch yes, ok := yesNo(w); {
	case laterWords[w] || (intent.Later(text) && !ok):
		r.reschedule(rem, r.env.FollowUps.Later(r.env.Now, r.env.Location))
		r.st.OpenReminder = nil
		return true
	case ok && !yes:
		r.eff.CloseReminder, r.eff.Plan.Answered = rem.ID, rem.PlanSeq
		r.st.OpenReminder = nil
		if r.st.Plans != nil {
			ps := r.plans()
			for i := range ps.Open {
				if ps.Open[i].Seq == rem.PlanSeq {
					ps.Open[i].NotMet = true
				}
			}
		}
		r.say("plan_not_met", &texts.Vars{texts.Person: rem.Person})
		return true
	}
	person := rem.Person
	for _, p := range r.openPlans() {
		if p.Seq == rem.PlanSeq {
			person = p.Person
		}
	}
	r.eff.CloseReminder, r.eff.Plan.Answered = rem.ID, rem.PlanSeq
	r.st.OpenReminder = nil
	r.openReport()
	ps := r.plans()
	ps.Report, ps.ReportSeq = rem.PlanSeq, r.st.Draft.Seq
	r.say("plan_report", &texts.Vars{texts.Seq: strconv.Itoa(r.st.Draft.Seq), texts.Person: person})
	r.answerQuestion(0, person, word(person))
	return true
}

// closePlan closes the plan the report just completed reports: the one
// its ask started, else the earliest open plan on the same person.
func (r *run) closePlan(d *debrief.Report) {
	if r.st.Plans == nil {
		return
	}
	seq := 0
	if r.st.Plans.Report != 0 && r.st.Plans.ReportSeq == d.Seq {
		seq = r.st.Plans.Report
	} else {
		for _, p := range r.openPlans() {
			if samePerson(p.Person, d.PersonName) {
				seq = p.Seq
				break
			}
		}
	}
	ps := r.plans()
	ps.Report, ps.ReportSeq = 0, 0
	if seq == 0 {
		return
	}
	ps.Open = slices.DeleteFunc(r.openPlans(), func(p Plan) bool { return p.Seq == seq })
	r.eff.Plan.Close = seq
}

// sameDay reports whether a and b fall on the same day in loc.
func sameDay(a, b time.Time, loc *time.Location) bool {
	ay, am, ad := a.In(loc).Date()
	by, bm, bd := b.In(loc).Date()
	return ay == by && am == bm && ad == bd
}

// onDayOf is clock's time of day on day's date, in loc.
func onDayOf(day, clock time.Time, loc *time.Location) time.Time {
	y, m, d := day.In(loc).Date()
	c := clock.In(loc)
	return time.Date(y, m, d, c.Hour(), c.Minute(), 0, 0, loc)
}
