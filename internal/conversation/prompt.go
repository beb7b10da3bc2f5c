package conversation

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
