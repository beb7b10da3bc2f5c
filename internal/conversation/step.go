package conversation

import (
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/debrief-sms/debrief"
	"github.com/debrief-sms/debrief/internal/intent"
	"github.com/debrief-sms/debrief/internal/names"
	"github.com/debrief-sms/debrief/internal/texts"
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
	r.qs = withTeam(r.qs, s.Asked)
	if r.env.Location == nil {
		r.env.Location = time.UTC
	}
	r.x = texts.For(s.Volunteer.Language)
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
	st          State
	env         Env
	qs          []Question
	x           texts.Catalog
	eff         Effects
	replies     []string
	copied      bool            // st.Draft is this run's own copy
	plansCopied bool            // st.Plans is this run's own copy
	prev        time.Time       // when the text before this one arrived
	before      *debrief.Report // the latest report as it was before this text
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
		if n, ok := texts.Septets(last); ok {
			if m, ok := texts.Septets(s); ok && n+1+m <= texts.SegmentGSM7 {
				out[len(out)-1] = last + " " + s
				continue
			}
		}
		out = append(out, s)
	}
	return out
}

func (r *run) say(name string, v *texts.Vars) {
	r.replies = append(r.replies, r.x.Get(name, v))
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
		r.say("welcome_back", &texts.Vars{texts.Name: v.Name})
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
	case r.planning(text, w):
		// Before a reminder's reply: "meeting Sam friday at 3" is a plan,
		// not a day to move the reminder to.
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

func (r *run) answer(text, w string) {
	switch r.st.Step {
	case "":
		if r.st.Volunteer.Name == "" {
			r.welcome(text)
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
	return r.x.Get("someone", nil)
}

// ask asks question i.
func (r *run) ask(i int) {
	q := &r.qs[i]
	if q.Template == "" {
		p := q.Prompt[r.lang()]
		if p == "" {
			p = q.Prompt[debrief.English]
		}
		r.replies = append(r.replies, texts.GSMSafe(p, texts.SegmentGSM7))
		return
	}
	r.say(q.Template, &texts.Vars{texts.Person: r.person()})
}

func (r *run) answerQuestion(i int, text, w string) {
	q := &r.qs[i]
	stored, cut := clip(text, MaxAnswer)
	if cut {
		r.say("truncated", &texts.Vars{texts.Max: strconv.Itoa(MaxAnswer)})
	}
	d := r.draft()
	if q.Version != 0 {
		if r.answerOwn(i, stored, w) {
			r.saveDraft()
			r.next(i)
		}
		return
	}
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
			r.say("person_unsure", &texts.Vars{texts.Person: name})
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

// storable is body as a database text column takes it: valid UTF-8
// without NUL bytes.
func storable(body string) string {
	if utf8.ValidString(body) && strings.IndexByte(body, 0) < 0 {
		return body
	}
	return strings.ReplaceAll(strings.ToValidUTF8(body, ""), "\x00", "")
}
