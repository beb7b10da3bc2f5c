package conversation

import (
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/debrief-sms/debrief"
)

// midReport is a volunteer in lang answering step of report 1 on Maria.
func midReport(lang debrief.Language, step string) State {
	return State{
		Volunteer: known(lang), Step: step, LastSeq: 1, LastActivity: start.Add(-time.Minute),
		Draft: &debrief.Report{Seq: 1, Status: debrief.ReportDraft, PersonName: "Maria", Issue: "heat",
			StartedAt: start.Add(-time.Hour), UpdatedAt: start.Add(-time.Minute)},
	}
}

func TestCommands(t *testing.T) {
	t.Parallel()
	en, es := debrief.English, debrief.Spanish
	cases := []struct {
		name  string
		s     State
		body  string
		want  string
		check func(t *testing.T, in State, res Result)
	}{
		{"help", midReport(en, KeyIssue), "help!", "BACK, SKIP", unchanged},
		{"info", midReport(en, KeyIssue), "Info", "STOP to opt out", unchanged},
		{"ayuda", midReport(es, KeyIssue), "AYUDA", "VOLVER, SALTAR", unchanged},
		{"back", midReport(en, KeyIssue), " Back.", "Who did you meet", stepIs(KeyPerson)},
		{"atras", midReport(es, KeyIssue), "atrás", "reuniste", stepIs(KeyPerson)},
		{"back at the first question", midReport(en, KeyPerson), "BACK", "first question", stepIs(KeyPerson)},
		{"back during sign-up", State{Volunteer: debrief.Volunteer{Language: en}, Step: StepTeam}, "back", "your name", stepIs(StepName)},
		{"skip a required question", midReport(en, KeyIssue), "skip", "can't be skipped", stepIs(KeyIssue)},
		{"saltar a required question", midReport(es, KeyIssue), "SALTAR", "no se puede saltar", stepIs(KeyIssue)},
		{"skip an optional question", midReport(en, KeyNotes), "Skip", "thanked Maria", stepIs(KeyThanked)},
		{"saltar an optional question", midReport(es, KeyNotes), "saltar", "gracias a Maria", stepIs(KeyThanked)},
		{"new with answers sets the draft aside", midReport(en, KeyCommitment), "NEW", "New report #2", func(t *testing.T, _ State, res Result) {
			if a := res.Effects.Abandoned; a == nil || a.Seq != 1 || a.Issue != "heat" || a.Status != debrief.ReportAbandoned {
				t.Errorf("Abandoned = %+v", a)
			}
			if d := res.State.Draft; d == nil || d.Seq != 2 || !res.Effects.SaveDraft || res.State.LastSeq != 2 || res.State.Step != KeyPerson {
				t.Errorf("state = %+v, draft %+v", res.State, d)
			}
		}},
		{"nuevo", midReport(es, KeyCommitment), "nuevo", "Reporte nuevo #2", stepIs(KeyPerson)},
		{"new while signing up", State{Volunteer: debrief.Volunteer{Language: en}, Step: StepName}, "new", "signing up first", stepIs(StepName)},
		{"discard asks first", midReport(en, KeyEnjoy), "DISCARD", "Discard your report on Maria?", func(t *testing.T, _ State, res Result) {
			if res.State.Pending != PendingDiscard || res.Effects.Abandoned != nil {
				t.Errorf("pending %q, abandoned %v", res.State.Pending, res.Effects.Abandoned)
			}
		}},
		{"borrar", midReport(es, KeyEnjoy), "Borrar", "Borrar tu reporte sobre Maria", pendingIs(PendingDiscard)},
		{"discard with nothing in progress", State{Volunteer: known(en)}, "discard", "no report in progress", stepIs("")},
		{"edit", midReport(en, KeyEnjoy), "edit", "1 Who, 2 Issue", pendingIs(PendingEdit)},
		{"editar", midReport(es, KeyEnjoy), "EDITAR", "1 Quién, 2 Tema", pendingIs(PendingEdit)},
		{"edit with no report", State{Volunteer: known(en)}, "EDIT", "no report to edit", stepIs("")},
		{"status", midReport(en, KeyCommitment), "status", "Report #1, question 3 of 7", unchanged},
		{"estado", midReport(es, KeyCommitment), "estado", "Reporte #1, pregunta 3 de 7", unchanged},
		{"espanol", midReport(en, KeyIssue), "ESPAÑOL", "tema del clima le preocupa a Maria", langIs(es)},
		{"espanol without the tilde", midReport(en, KeyIssue), "espanol", "en español desde ahora", langIs(es)},
		{"english", midReport(es, KeyIssue), "English", "climate issue is Maria", langIs(en)},
		{"ingles", midReport(es, KeyIssue), "INGLÉS", "English from now on", langIs(en)},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			res := Step(tc.s, Inbound{Body: tc.body}, Env{Now: start, Location: newYork(), Teams: teams})
			got := strings.Join(res.Replies, " | ")
			if !strings.Contains(got, tc.want) {
				t.Errorf("reply = %q, want %q in it", got, tc.want)
			}
			tc.check(t, tc.s, res)
		})
	}
}

func unchanged(t *testing.T, in State, res Result) {
	t.Helper()
	if res.State.Step != in.Step || res.State.Pending != in.Pending || res.State.Draft != in.Draft ||
		res.State.Volunteer.Language != in.Volunteer.Language || !reflect.DeepEqual(res.Effects, Effects{}) {
		t.Errorf("state changed: %+v, effects %+v", res.State, res.Effects)
	}
}

func stepIs(step string) func(*testing.T, State, Result) {
	return func(t *testing.T, _ State, res Result) {
		t.Helper()
		if res.State.Step != step {
			t.Errorf("Step = %q, want %q", res.State.Step, step)
		}
	}
}

func pendingIs(p string) func(*testing.T, State, Result) {
	return func(t *testing.T, _ State, res Result) {
		t.Helper()
		if res.State.Pending != p {
			t.Errorf("Pending = %q, want %q", res.State.Pending, p)
		}
	}
}

func langIs(lang debrief.Language) func(*testing.T, State, Result) {
	return func(t *testing.T, _ State, res Result) {
		t.Helper()
		if res.State.Volunteer.Language != lang || !res.Effects.SaveVolunteer {
			t.Errorf("Language = %q, SaveVolunteer %v", res.State.Volunteer.Language, res.Effects.SaveVolunteer)
		}
	}
}

func TestDiscardConfirmed(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ name, yes string }{{"yes", "YES"}, {"si", "sí"}} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			c := newConvo(t, known(debrief.English))
			c.st = midReport(debrief.English, KeyEnjoy)
			c.send("discard")
			c.send(tc.yes)
			if a := c.last.Effects.Abandoned; a == nil || a.Seq != 1 || a.Issue != "heat" || c.last.Effects.SaveDraft {
				t.Fatalf("effects = %+v", c.last.Effects)
			}
			if c.st.Step != "" || c.st.Draft.Status != debrief.ReportAbandoned || !strings.Contains(c.reply(), "Discarded") {
				t.Errorf("state %+v, reply %q", c.st, c.reply())
			}
			c.send("Hi")
			if c.st.LastSeq != 2 || c.st.Step != KeyPerson {
				t.Errorf("after discarding, a text starts report 2: %+v", c.st)
			}
		})
	}
}

func TestDiscardKept(t *testing.T) {
	t.Parallel()
	c := newConvo(t, known(debrief.English))
	c.st = midReport(debrief.English, KeyEnjoy)
	c.send("DISCARD")
	c.send("no")
	if c.last.Effects.Abandoned != nil || c.st.Pending != "" || c.st.Step != KeyEnjoy || !strings.Contains(c.reply(), "kept it") {
		t.Errorf("state %+v, reply %q", c.st, c.reply())
	}
}

func TestEditCompleted(t *testing.T) {
	t.Parallel()
	c := newConvo(t, known(debrief.English))
	c.st = midReport(debrief.English, KeyThanked)
	c.send("no")
	if c.st.Step != StepDone || c.saved[1].Status != debrief.ReportComplete {
		t.Fatalf("not completed: %+v", c.st)
	}
	c.play([]turn{
		{"EDIT", []string{"Which answer"}},
		{"9", []string{"number from 1 to 7"}},
		{"2", []string{"climate issue"}},
		{"Flooding on Main St", []string{"Updated!", "Issue: Flooding on Main St"}},
	})
	if r := c.saved[1]; r.Issue != "Flooding on Main St" || r.Status != debrief.ReportComplete || c.st.Step != StepDone || c.st.Editing {
		t.Errorf("report %+v, state %+v", r, c.st)
	}
}

func TestAnswers(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name  string
		s     State
		body  string
		check func(t *testing.T, r *debrief.Report)
	}{
		{"person with phone and email", midReport(debrief.English, KeyPerson), "Jo Lee, cell (617) 253-1000, jo@lee.org.", func(t *testing.T, r *debrief.Report) {
			if r.PersonName != "Jo Lee" || r.PersonPhone != "+16172531000" || r.PersonEmail != "jo@lee.org" {
				t.Errorf("person = %q %q %q", r.PersonName, r.PersonPhone, r.PersonEmail)
			}
		}},
		{"commitment word", midReport(debrief.English, KeyCommitment), "She'll come to the action!", commitIs(debrief.CommitAction, true)},
		{"commitment digit", midReport(debrief.English, KeyCommitment), "3", commitIs(debrief.CommitMeetAgain, false)},
		{"commitment meet again", midReport(debrief.English, KeyCommitment), "meet again", commitIs(debrief.CommitMeetAgain, true)},
		{"commitment spanish", midReport(debrief.Spanish, KeyCommitment), "nada todavía", commitIs(debrief.CommitNone, true)},
		{"commitment fiesta", midReport(debrief.Spanish, KeyCommitment), "una fiesta en su casa", commitIs(debrief.CommitHouseParty, true)},
		{"commitment free text", midReport(debrief.English, KeyCommitment), "Write a letter to the editor", commitIs(debrief.CommitOther, true)},
		{"long answer is cut", midReport(debrief.English, KeyEnjoy), strings.Repeat("garden ", 230), func(t *testing.T, r *debrief.Report) {
			if n := len([]rune(r.Enjoy)); n > MaxAnswer || n < MaxAnswer-10 {
				t.Errorf("stored %d characters", n)
			}
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			res := Step(tc.s, Inbound{Body: tc.body}, Env{Now: start, Location: newYork()})
			if !res.Effects.SaveDraft || res.State.Draft == nil {
				t.Fatalf("no draft saved: %+v", res)
			}
			if res.State.Draft == tc.s.Draft {
				t.Fatalf("Step changed the caller's draft")
			}
			tc.check(t, res.State.Draft)
		})
	}
}

func commitIs(c debrief.Commitment, withText bool) func(*testing.T, *debrief.Report) {
	return func(t *testing.T, r *debrief.Report) {
		t.Helper()
		if r.Commitment != c || (r.CommitmentText != "") != withText {
			t.Errorf("commitment = %q %q, want %q", r.Commitment, r.CommitmentText, c)
		}
	}
}
