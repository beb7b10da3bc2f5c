package conversation

import (
	"testing"
	"time"

	"github.com/debrief-sms/debrief"
	"github.com/debrief-sms/debrief/internal/followup"
	"github.com/debrief-sms/debrief/internal/texts"
)

// fuzzStates are states to fuzz from, one per kind of step.
func fuzzStates() []State {
	var out []State
	for _, lang := range []debrief.Language{debrief.English, debrief.Spanish} {
		out = append(out,
			State{Volunteer: debrief.Volunteer{Language: lang}},
			State{Volunteer: debrief.Volunteer{Language: lang}, Step: StepName},
			State{Volunteer: debrief.Volunteer{Language: lang, Name: "Ana"}, Step: StepTeam},
			State{Volunteer: known(lang)},
		)
		for _, q := range DefaultQuestions() {
			out = append(out, midReport(lang, q.Key))
		}
		for _, p := range []string{PendingResume, PendingDiscard, PendingDate, PendingEdit} {
			s := midReport(lang, KeyNextSteps)
			s.Pending = p
			out = append(out, s)
		}
		done := midReport(lang, StepDone)
		done.Draft.Status = debrief.ReportComplete
		out = append(out, done)
		editing := done
		editing.Step, editing.Editing = KeyCommitment, true
		out = append(out, editing)
		stale := midReport(lang, KeyIssue)
		stale.Draft.UpdatedAt = start.Add(-8 * 24 * time.Hour)
		out = append(out, stale)
		// With a reminder open: DONE, LATER and days answer it.
		for _, base := range []State{done, editing, midReport(lang, KeyNextSteps)} {
			withReminder := base
			withReminder.OpenReminder = &Reminder{ID: 9, Kind: followup.NextStep, Person: "Maria"}
			out = append(out, withReminder)
		}
	}
	return out
}

var fuzzRules = followup.DefaultRules()

func FuzzStep(f *testing.F) {
	for _, s := range []string{"", "Hi", "STOP", "start", "help!", " Back.", "SKIP", "NEW", "DISCARD", "yes", "EDIT", "3",
		"STATUS", "ESPAÑOL", "english", "Maria 617 253 1000 m@x.org", "next Tuesday", "mañana a las 5", "👍",
		"1 house party", "done", "LATER", "in 3 days", "el viernes", "\xff", "99999999999999999999", "@", "a@b.", "(617", "+"} {
		f.Add(s, 0, uint8(0), int64(0))
		f.Add(s, 1, uint8(7), int64(13))
	}
	states := fuzzStates()
	f.Fuzz(func(t *testing.T, body string, media int, which uint8, pauseHours int64) {
		s := states[int(which)%len(states)]
		env := Env{Now: start.Add(time.Duration(pauseHours%1000) * time.Hour), Location: newYork(), Teams: teams, FollowUps: &fuzzRules}
		res := Step(s, Inbound{Body: body, NumMedia: media}, env)
		w := word(body)
		if optOutWords[w] {
			if len(res.Replies) != 0 || !res.Effects.OptedOut {
				t.Fatalf("opt-out %q answered %q", body, res.Replies)
			}
			return
		}
		if len(res.Replies) == 0 {
			t.Fatalf("no reply to %q in state %+v", body, s)
		}
		for _, r := range res.Replies {
			if !texts.IsGSM7(r) || texts.Segments(r) > 2 {
				t.Fatalf("reply %q to %q is not GSM-7 or too long", r, body)
			}
		}
		if res.Effects.SaveDraft && res.State.Draft == nil {
			t.Fatalf("SaveDraft without a draft")
		}
		if a := res.Effects.Abandoned; a != nil && res.Effects.SaveDraft && a.Seq == res.State.Draft.Seq {
			t.Fatalf("abandoned and saved draft share seq %d", a.Seq)
		}
		if d := res.State.Draft; d != nil && d.Seq != res.State.LastSeq {
			t.Fatalf("draft seq %d, LastSeq %d", d.Seq, res.State.LastSeq)
		}
	})
}

// BenchmarkStep is one step of the hot path: the next-steps answer, with
// its date read and confirmed, and the next question rendered.
func BenchmarkStep(b *testing.B) {
	s := midReport(debrief.English, KeyNextSteps)
	env := Env{Now: start, Location: newYork()}
	in := Inbound{Body: "Call her about the house party next Tuesday"}
	b.ReportAllocs()
	for b.Loop() {
		res := Step(s, in, env)
		if len(res.Replies) != 1 {
			b.Fatal(res.Replies)
		}
	}
}

// BenchmarkStepText is a plain text answer, without a date.
func BenchmarkStepText(b *testing.B) {
	s := midReport(debrief.English, KeyIssue)
	env := Env{Now: start, Location: newYork()}
	in := Inbound{Body: "Clean air near the schools, asthma in her family"}
	b.ReportAllocs()
	for b.Loop() {
		Step(s, in, env)
	}
}
