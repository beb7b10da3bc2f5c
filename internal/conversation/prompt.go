package conversation

import "github.com/debrief-sms/debrief/internal/texts"

// prompt asks again whatever is awaited.
func (r *run) prompt() {
	switch r.st.Pending {
	case PendingResume:
		if p := r.st.Draft; p != nil && p.PersonName != "" {
			r.say("resume", &texts.Vars{texts.Person: p.PersonName})
		} else {
			r.say("resume_plain", nil)
		}
		return
	case PendingDiscard:
		if p := r.st.Draft; p != nil && p.PersonName != "" {
			r.say("discard_confirm", &texts.Vars{texts.Person: p.PersonName})
		} else {
			r.say("discard_confirm_plain", nil)
		}
		return
	case PendingEdit:
		r.editList()
		return
	case PendingDate:
		r.say("q_next_date", &texts.Vars{texts.Person: r.person()})
		return
	case PendingOther:
		r.say("q_commitment_other", &texts.Vars{texts.Person: r.person()})
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
		r.say("done", &texts.Vars{texts.Person: r.person()})
	default:
		if i := r.current(); i >= 0 {
			r.ask(i)
			return
		}
		r.say("idle", nil)
	}
}
