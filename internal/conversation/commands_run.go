package conversation

import (
	"strconv"
	"strings"

	"github.com/debrief-sms/debrief"
	"github.com/debrief-sms/debrief/internal/texts"
)

// command carries out a command word.
func (r *run) command(c command) {
	switch c {
	case cmdHelp:
		r.say("help", nil)
	case cmdBack:
		r.back()
	case cmdSkip:
		r.skip()
	case cmdNew:
		r.newReport()
	case cmdDiscard:
		r.discard()
	case cmdEdit:
		r.edit()
	case cmdStatus:
		r.status()
	case cmdSpanish, cmdEnglish:
		lang := debrief.English
		if c == cmdSpanish {
			lang = debrief.Spanish
		}
		r.setLanguage(lang)
		r.say("language_set", nil)
		r.prompt()
	}
}

func (r *run) back() {
	switch {
	case r.st.Step == StepTeam:
		r.st.Step = StepName
		r.say("q_name", nil)
		return
	case r.signingUp():
		r.say("first_question", nil)
		r.prompt()
		return
	}
	if r.st.Pending != "" {
		// BACK leaves the pending question: the one under it comes again.
		r.st.Pending = ""
		r.prompt()
		return
	}
	if r.st.Editing {
		r.st.Editing = false
		if r.st.Draft.Status == debrief.ReportComplete {
			r.st.Step = StepDone
		}
		r.prompt()
		return
	}
	i := r.current()
	switch {
	case i < 0:
		r.prompt()
	case i == 0:
		r.say("first_question", nil)
		r.ask(0)
	default:
		r.st.Step = r.qs[i-1].Key
		r.ask(i - 1)
	}
}

func (r *run) skip() {
	i := r.current()
	switch {
	case i >= 0 && (r.st.Pending == PendingDate || r.st.Pending == PendingOther):
		// The date or the words were asked for once; going on without
		// them is fine.
		r.st.Pending = ""
		r.next(i)
	case i >= 0 && r.st.Pending == "" && r.qs[i].Optional:
		r.next(i)
	default:
		r.say("cant_skip", nil)
		r.prompt()
	}
}

func (r *run) newReport() {
	if r.signingUp() {
		r.say("finish_signup", nil)
		r.prompt()
		return
	}
	if r.inProgress() {
		if hasAnswers(r.st.Draft, r.qs) {
			r.abandon()
		} else {
			// Nothing to keep: the empty draft becomes the new report,
			// with the questions asked now.
			r.takeQuestions()
			r.st.Step, r.st.Pending, r.st.Editing = r.qs[0].Key, "", false
			r.say("new_report", &texts.Vars{texts.Seq: strconv.Itoa(r.st.Draft.Seq)})
			r.ask(0)
			return
		}
	}
	r.say("new_report", &texts.Vars{texts.Seq: strconv.Itoa(r.st.LastSeq + 1)})
	r.startReport()
}

func (r *run) discard() {
	if !r.inProgress() {
		r.say("nothing_to_discard", nil)
		r.prompt()
		return
	}
	r.st.Pending = PendingDiscard
	r.prompt()
}

func (r *run) confirmDiscard(w string) {
	if yes, ok := yesNo(w); ok && yes {
		r.abandon()
		r.say("discarded", nil)
		return
	}
	r.st.Pending = ""
	r.say("kept", nil)
	r.prompt()
}

// resume reads the answer to "Continue your report?": YES goes on, with
// the text held since the pause applied as if it had just arrived.
func (r *run) resume(w string) {
	if yes, ok := yesNo(w); ok && yes {
		r.st.Pending = ""
		held := r.st.Held
		r.st.Held = ""
		if held == "" {
			r.prompt()
			return
		}
		r.answer(held, word(held))
		return
	}
	r.prompt()
}

func (r *run) edit() {
	d := r.st.Draft
	if r.signingUp() || d == nil || !(d.Status == debrief.ReportComplete || r.inProgress()) {
		r.say("nothing_to_edit", nil)
		r.prompt()
		return
	}
	if d.Status == debrief.ReportComplete {
		r.st.Step = StepDone
	}
	r.st.Pending = PendingEdit
	r.st.Editing = false
	r.prompt()
}

// editList lists the questions by number, as many as fit.
func (r *run) editList() {
	var b strings.Builder
	for i := range r.qs {
		q := &r.qs[i]
		label := q.Label[r.lang()]
		if label == "" && q.Template != "" {
			label = r.x.Get("label_"+q.Key, nil)
		}
		if label == "" {
			label = q.Key
		}
		item := strconv.Itoa(i+1) + " " + texts.GSMSafe(label, 20)
		if b.Len() > 0 {
			item = ", " + item
		}
		if b.Len()+len(item) > texts.List.Max() {
			break
		}
		b.WriteString(item)
	}
	r.say("edit_list", &texts.Vars{texts.List: b.String()})
}

func (r *run) pickEdit(w string) {
	n, err := strconv.Atoi(w)
	if err != nil || n < 1 || n > len(r.qs) {
		r.say("edit_retry", &texts.Vars{texts.Total: strconv.Itoa(len(r.qs))})
		return
	}
	r.st.Pending = ""
	r.st.Editing = true
	r.st.Step = r.qs[n-1].Key
	r.ask(n - 1)
}

func (r *run) status() {
	switch {
	case r.signingUp():
		r.say("status_signup", nil)
		r.prompt()
	case r.inProgress():
		r.say("status_report", &texts.Vars{texts.Seq: strconv.Itoa(r.st.Draft.Seq),
			texts.N: strconv.Itoa(r.current() + 1), texts.Total: strconv.Itoa(len(r.qs))})
		r.prompt()
	case r.st.Step == StepDone && r.st.Draft != nil:
		r.say("status_done", &texts.Vars{texts.Count: strconv.Itoa(r.st.LastSeq),
			texts.Seq: strconv.Itoa(r.st.Draft.Seq), texts.Person: r.person()})
	default:
		r.say("status_idle", &texts.Vars{texts.Count: strconv.Itoa(r.st.LastSeq)})
		r.prompt()
	}
}
