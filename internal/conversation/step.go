package conversation

import (
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/debrief-sms/debrief"
	"github.com/debrief-sms/debrief/internal/intent"
	"github.com/debrief-sms/debrief/internal/names"
)

// Steps besides the questions' keys.
const (
	StepName = "name" // onboarding: the volunteer's name
	StepTeam = "team" // onboarding: the volunteer's team
	StepDone = "done" // the latest report is saved; NEW or EDIT
)

// Pending values: what is awaited on top of Step.
const (
	PendingResume  = "resume"  // continue the report after a pause? YES or NEW
	PendingDiscard = "discard" // discard the draft? YES
	PendingDate    = "date"    // the next-steps answer had no date: asked once for one
	PendingEdit    = "edit"    // which answer to change? a number
	PendingOther   = "other"   // "something else" was chosen: what, in their words?
	// PendingDateCheck: the day read may not be what was meant (a weekday
	// that contradicts the date, a month gone by): YES keeps it.
	PendingDateCheck = "datecheck"
)

// Pauses that change how the next text is read.
const (
	ResumeAfter  = 12 * time.Hour     // a draft untouched this long is confirmed before going on
	AbandonAfter = 7 * 24 * time.Hour // a draft untouched this long is set aside
)

// NeedsTeams reports whether Step may list or match teams with this state,
// so that the caller loads Env.Teams only then: while the volunteer is
// signing up (the step after their name lists the teams).
func (s State) NeedsTeams() bool {
	return !s.Volunteer.OptedOut && (s.Volunteer.Name == "" || s.Step == StepName || s.Step == StepTeam)
}

// Step reads one inbound text and decides the replies, the new state and
// what to store. It never fails: whatever the text, there is a helpful
// answer, except to opt-out words and while opted out.
func Step(s State, in Inbound, env Env) Result {
	r := run{st: s, env: env, qs: env.Questions, prev: s.LastActivity, before: s.Draft}
	if r.qs == nil {
		r.qs = defaultQuestions
	}
	if r.env.Location == nil {
		r.env.Location = time.UTC
	}
	r.x = textsFor(s.Volunteer.Language)
	w := word(in.Body)
	switch {
	case optOutWords[w]:
		r.optOut()
	case !s.Volunteer.OptedOut && intent.OptOut(in.Body):
		// The carrier blocks only its own keywords: for a stop in plain
		// words Debrief itself confirms once, then sends nothing more.
		r.optOut()
		r.say("opted_out", nil)
	case s.Volunteer.OptedOut:
		if !optInWords[w] {
			return Result{State: s}
		}
		r.optIn()
	default:
		r.st.LastActivity = env.Now
		r.handle(in, w)
	}
	return r.result()
}

// run is one Step in progress.
type run struct {
	st      State
	env     Env
	qs      []Question
	x       texts
	eff     Effects
	replies []string
	copied  bool            // st.Draft is this run's own copy
	prev    time.Time       // when the text before this one arrived
	before  *debrief.Report // the latest report as it was before this text
}

func (r *run) result() Result {
	if r.st.Pending != PendingResume {
		r.st.Held = ""
	}
	return Result{State: r.st, Replies: mergeReplies(r.replies), Effects: r.eff}
}

// mergeReplies joins consecutive replies that fit one segment together, so
// that "Got it: Tue Dec 1." and the next question cost one text.
func mergeReplies(rs []string) []string {
	if len(rs) < 2 {
		return rs
	}
	out := rs[:1]
	for _, s := range rs[1:] {
		last := out[len(out)-1]
		if n, ok := septets(last); ok {
			if m, ok := septets(s); ok && n+1+m <= SegmentGSM7 {
				out[len(out)-1] = last + " " + s
				continue
			}
		}
		out = append(out, s)
	}
	return out
}

func (r *run) say(name string, v *vars) {
	r.replies = append(r.replies, r.x.get(name, v))
}

func (r *run) lang() debrief.Language {
	if r.st.Volunteer.Language == debrief.Spanish {
		return debrief.Spanish
	}
	return debrief.English
}

// draft returns the draft to change, copied once so that the caller's
// State is never changed.
func (r *run) draft() *debrief.Report {
	if !r.copied {
		d := *r.st.Draft
		r.st.Draft = &d
		r.copied = true
	}
	return r.st.Draft
}

func (r *run) saveDraft() {
	r.draft().UpdatedAt = r.env.Now
	r.eff.SaveDraft = true
}

// current is the index of the question being answered, -1 when none.
func (r *run) current() int {
	if r.st.Draft == nil {
		return -1
	}
	return questionIndex(r.qs, r.st.Step)
}

// inProgress reports whether a draft is being filled in.
func (r *run) inProgress() bool {
	return r.current() >= 0 && r.st.Draft.Status == debrief.ReportDraft
}

func (r *run) signingUp() bool {
	return r.st.Volunteer.Name == "" || r.st.Step == StepName || r.st.Step == StepTeam
}

func (r *run) optOut() {
	v := &r.st.Volunteer
	if !v.OptedOut || v.OptedOutAt == nil {
		now := r.env.Now
		v.OptedOutAt = &now
	}
	v.OptedOut = true
	r.st.LastActivity = r.env.Now
	r.eff.OptedOut = true
	r.eff.SaveVolunteer = true
}

func (r *run) optIn() {
	v := &r.st.Volunteer
	v.OptedOut = false
	v.OptedOutAt = nil
	r.st.LastActivity = r.env.Now
	r.eff.SaveVolunteer = true
	if v.Name != "" {
		r.say("welcome_back", &vars{sName: v.Name})
	} else {
		r.say("welcome_back_plain", nil)
	}
	r.prompt()
}

func (r *run) handle(in Inbound, w string) {
	text := strings.TrimSpace(storable(in.Body))
	switch {
	case text == "" && in.NumMedia > 0:
		r.say("media", nil)
		r.prompt()
		return
	case text == "":
		r.say("empty", nil)
		r.prompt()
		return
	case r.answerReminder(text, w):
		// Before the emoji check: a ✅ or 👍 answers a reminder.
		return
	case !hasWords(text):
		r.say(noWordsReply(text), nil)
		r.prompt()
		return
	}
	if r.inProgress() && r.idle() >= AbandonAfter {
		r.setAside()
		if cmd := commands[w]; cmd != cmdNone && cmd != cmdNew {
			r.command(cmd)
			return
		}
		r.startReport()
		return
	}
	if cmd := commands[w]; cmd != cmdNone {
		r.command(cmd)
		return
	}
	if r.inProgress() && r.st.Pending != PendingResume && !r.prev.IsZero() && r.env.Now.Sub(r.prev) >= ResumeAfter {
		// Asked first whether to go on; the text waits, not lost.
		r.st.Pending = PendingResume
		if !greetings[w] {
			r.st.Held, _ = clip(text, MaxAnswer)
		}
		r.prompt()
		return
	}
	switch r.st.Pending {
	case PendingResume:
		r.resume(w)
	case PendingDiscard:
		r.confirmDiscard(w)
	case PendingEdit:
		r.pickEdit(w)
	default:
		r.answer(text, w)
	}
}

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
		r.say("stale", &vars{sPerson: person})
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
	r.st.Step, r.st.Pending, r.st.Editing = r.qs[0].Key, "", false
	r.eff.SaveDraft = true
}

func (r *run) answer(text, w string) {
	switch r.st.Step {
	case "":
		if r.st.Volunteer.Name == "" {
			r.welcome(text, w)
			return
		}
		r.startReport()
	case StepName:
		r.setName(text)
	case StepTeam:
		r.setTeam(text)
	case StepDone:
		r.afterSaved(text, w)
	default:
		i := r.current()
		if i < 0 {
			r.startReport()
			return
		}
		switch r.st.Pending {
		case PendingDate:
			r.answerDate(i, text)
			return
		case PendingOther:
			r.answerOther(i, text)
			return
		case PendingDateCheck:
			r.checkDate(i, text, w)
			return
		}
		r.answerQuestion(i, text, w)
	}
}

// person is the name a question calls the person met.
func (r *run) person() string {
	if r.st.Draft != nil && r.st.Draft.PersonName != "" {
		return r.st.Draft.PersonName
	}
	return r.x.get("someone", nil)
}

// ask asks question i.
func (r *run) ask(i int) {
	q := &r.qs[i]
	if q.Template == "" {
		p := q.Prompt[r.lang()]
		if p == "" {
			p = q.Prompt[debrief.English]
		}
		r.replies = append(r.replies, gsmSafe(p, SegmentGSM7))
		return
	}
	r.say(q.Template, &vars{sPerson: r.person()})
}

func (r *run) answerQuestion(i int, text, w string) {
	q := &r.qs[i]
	stored, cut := clip(text, MaxAnswer)
	if cut {
		r.say("truncated", &vars{sMax: strconv.Itoa(MaxAnswer)})
	}
	d := r.draft()
	switch q.Kind {
	case KindPerson:
		m := names.Met(stored)
		name, ph, email := m.Name, m.Phone, m.Email
		if ph != "" {
			d.PersonPhone = ph
		}
		if email != "" {
			d.PersonEmail = email
		}
		if name == "" {
			if ph != "" || email != "" {
				r.saveDraft()
				r.say("person_retry", nil)
				return
			}
			r.ask(i)
			return
		}
		setText(d, q.Key, name)
		if m.Unsure {
			// A guess: said back before the next question, so that
			// BACK can put it right.
			r.say("person_unsure", &vars{sPerson: name})
		}
	case KindChoice:
		if q.Key == KeyCommitment {
			if r.answerCommitment(i, stored) {
				return
			}
		} else {
			value, _ := choose(q, stored)
			if value == "" {
				value = stored
			}
			setText(d, q.Key, value)
		}
	case KindDateText:
		setText(d, q.Key, stored)
		if r.answerDateText(i, stored) {
			return
		}
	case KindYesNo:
		yes, ok := yesNo(w)
		if !ok {
			yes, ok = intent.YesNo(stored)
		}
		if !ok {
			r.say("yesno_retry", nil)
			r.ask(i)
			return
		}
		if q.Key == KeyThanked {
			d.Thanked = &yes
		} else {
			setText(d, q.Key, strconv.FormatBool(yes))
		}
	default:
		setText(d, q.Key, stored)
	}
	r.saveDraft()
	r.next(i)
}

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
	t = t.In(r.env.Location)
	v := vars{sDay: strconv.Itoa(t.Day())}
	if wd := r.x.words("weekdays"); len(wd) == 7 {
		v[sWeekday] = wd[t.Weekday()]
	}
	if ms := r.x.words("months"); len(ms) == 12 {
		v[sMonth] = ms[t.Month()-1]
	}
	if !hasTime {
		return r.x.get("date", &v)
	}
	if r.x.get("clock", nil) == "24" {
		v[sTime] = t.Format("15:04")
	} else if t.Minute() == 0 {
		v[sTime] = t.Format("3pm")
	} else {
		v[sTime] = t.Format("3:04pm")
	}
	return r.x.get("date_time", &v)
}

// prompt asks again whatever is awaited.
func (r *run) prompt() {
	switch r.st.Pending {
	case PendingResume:
		if p := r.st.Draft; p != nil && p.PersonName != "" {
			r.say("resume", &vars{sPerson: p.PersonName})
		} else {
			r.say("resume_plain", nil)
		}
		return
	case PendingDiscard:
		if p := r.st.Draft; p != nil && p.PersonName != "" {
			r.say("discard_confirm", &vars{sPerson: p.PersonName})
		} else {
			r.say("discard_confirm_plain", nil)
		}
		return
	case PendingEdit:
		r.editList()
		return
	case PendingDate:
		r.say("q_next_date", &vars{sPerson: r.person()})
		return
	case PendingOther:
		r.say("q_commitment_other", &vars{sPerson: r.person()})
		return
	case PendingDateCheck:
		r.askDateCheck()
		return
	}
	switch r.st.Step {
	case "":
		if r.st.Volunteer.Name == "" {
			r.say("welcome", nil)
			r.st.Step = StepName
			return
		}
		r.say("idle", nil)
	case StepName:
		r.say("q_name", nil)
	case StepTeam:
		r.askTeam("ask_team")
	case StepDone:
		r.say("done", &vars{sPerson: r.person()})
	default:
		if i := r.current(); i >= 0 {
			r.ask(i)
			return
		}
		r.say("idle", nil)
	}
}

// storable is body as a database text column takes it: valid UTF-8
// without NUL bytes.
func storable(body string) string {
	if utf8.ValidString(body) && strings.IndexByte(body, 0) < 0 {
		return body
	}
	return strings.ReplaceAll(strings.ToValidUTF8(body, ""), "\x00", "")
}
