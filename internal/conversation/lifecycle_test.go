package conversation

import (
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/debrief-sms/debrief"
)

func TestResumeAfterPause(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name      string
		lang      debrief.Language
		pause     time.Duration
		replies   []string // the texts after the pause
		wantFirst string
		wantStep  string
		wantSeq   int
		wantEnjoy string // the answer kept from the texts
	}{
		{"short pause goes on", debrief.English, 11 * time.Hour, []string{"Birding"}, "Anything else", KeyNotes, 1, "Birding"},
		{"12h asks first, yes applies the held answer", debrief.English, 12 * time.Hour, []string{"Birding", "yes"}, "Continue your report on Maria? Reply YES or NEW", KeyNotes, 1, "Birding"},
		{"12h then new", debrief.English, 13 * time.Hour, []string{"hi", "NEW"}, "Continue your report on Maria?", KeyPerson, 2, ""},
		{"12h then new drops the held text", debrief.English, 13 * time.Hour, []string{"Birding", "NEW"}, "Continue your report on Maria?", KeyPerson, 2, ""},
		{"12h in Spanish, a greeting is not held", debrief.Spanish, 20 * time.Hour, []string{"hola", "si"}, "Sigues con tu reporte sobre Maria", KeyEnjoy, 1, ""},
		{"other text repeats the question", debrief.English, 12 * time.Hour, []string{"hi", "hello"}, "Continue your report", KeyEnjoy, 1, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			c := newConvo(t, known(tc.lang))
			c.st = midReport(tc.lang, KeyEnjoy)
			c.now = start.Add(tc.pause)
			c.send(tc.replies[0])
			if !strings.Contains(c.reply(), tc.wantFirst) {
				t.Errorf("first reply = %q, want %q", c.reply(), tc.wantFirst)
			}
			for _, b := range tc.replies[1:] {
				c.send(b)
			}
			if c.st.Step != tc.wantStep || c.st.LastSeq != tc.wantSeq {
				t.Errorf("step %q seq %d, want %q %d; reply %q", c.st.Step, c.st.LastSeq, tc.wantStep, tc.wantSeq, c.reply())
			}
			if tc.wantStep == KeyEnjoy && !strings.Contains(c.reply(), "Maria") {
				t.Errorf("resumed without asking the question again: %q", c.reply())
			}
			if tc.wantSeq == 1 && c.st.Draft.Enjoy != tc.wantEnjoy {
				t.Errorf("enjoy = %q, want %q", c.st.Draft.Enjoy, tc.wantEnjoy)
			}
			if c.st.Held != "" {
				t.Errorf("still holding %q", c.st.Held)
			}
		})
	}
}

func TestAbandonAfterAWeek(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name string
		body string
		want string
	}{
		{"any text", "hi", "Your unfinished report on Maria was set aside, answers kept. Let's start fresh. Who did you meet with?"},
		{"new", "NEW", "set aside"},
		{"help", "HELP", "BACK, SKIP"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			c := newConvo(t, known(debrief.English))
			c.st = midReport(debrief.English, KeyEnjoy)
			c.now = start.Add(AbandonAfter)
			c.send(tc.body)
			a := c.last.Effects.Abandoned
			if a == nil || a.Seq != 1 || a.Status != debrief.ReportAbandoned || a.PersonName != "Maria" || a.Issue != "heat" {
				t.Fatalf("Abandoned = %+v", a)
			}
			if !strings.Contains(c.reply(), tc.want) {
				t.Errorf("reply = %q, want %q", c.reply(), tc.want)
			}
			if tc.body != "HELP" && (c.st.LastSeq != 2 || c.st.Draft.Seq != 2 || c.st.Step != KeyPerson) {
				t.Errorf("no fresh start: %+v", c.st)
			}
		})
	}
}

func TestOptOut(t *testing.T) {
	t.Parallel()
	for _, w := range []string{"STOP", "stop", " Stop ", "STOPALL", "Unsubscribe", "cancel", "END", "quit", "revoke", "OPTOUT"} {
		t.Run(w, func(t *testing.T) {
			t.Parallel()
			c := newConvo(t, known(debrief.English))
			c.st = midReport(debrief.English, KeyEnjoy)
			c.send(w)
			v := c.st.Volunteer
			if len(c.last.Replies) != 0 || !c.last.Effects.OptedOut || !c.last.Effects.SaveVolunteer || !v.OptedOut ||
				v.OptedOutAt == nil || !v.OptedOutAt.Equal(start) {
				t.Fatalf("opt-out: replies %q, effects %+v, volunteer %+v", c.last.Replies, c.last.Effects, v)
			}
			before := c.st
			for _, b := range []string{"hi", "NEW", "help", "Birding", ""} {
				res := Step(before, Inbound{Body: b}, Env{Now: start.Add(time.Hour), Location: newYork()})
				if len(res.Replies) != 0 || !reflect.DeepEqual(res.Effects, Effects{}) || res.State.Step != before.Step ||
					!res.State.LastActivity.Equal(before.LastActivity) || res.State.Draft != before.Draft {
					t.Errorf("while opted out, %q changed something: %+v", b, res)
				}
			}
			c.send("Start")
			if c.st.Volunteer.OptedOut || c.st.Volunteer.OptedOutAt != nil || !c.last.Effects.SaveVolunteer ||
				!strings.Contains(c.reply(), "Welcome back, Ana! What would Maria enjoy") {
				t.Errorf("opt-in: %q, %+v", c.reply(), c.st.Volunteer)
			}
		})
	}
}

func TestOptInWords(t *testing.T) {
	t.Parallel()
	for _, w := range []string{"START", "unstop", "Yes"} {
		t.Run(w, func(t *testing.T) {
			t.Parallel()
			s := midReport(debrief.Spanish, KeyEnjoy)
			s.Volunteer.OptedOut = true
			res := Step(s, Inbound{Body: w}, Env{Now: start, Location: newYork()})
			if res.State.Volunteer.OptedOut || !strings.Contains(strings.Join(res.Replies, ""), "Bienvenido/a otra vez, Ana") {
				t.Errorf("%q: %+v", w, res)
			}
		})
	}
}

func TestOptOutWordsInsideTextAreAnswers(t *testing.T) {
	t.Parallel()
	res := Step(midReport(debrief.English, KeyEnjoy), Inbound{Body: "Stop by the garden"}, Env{Now: start, Location: newYork()})
	if res.Effects.OptedOut || res.State.Draft.Enjoy != "Stop by the garden" {
		t.Errorf("%+v", res)
	}
}

func TestOddTexts(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name string
		in   Inbound
		want string
	}{
		{"empty", Inbound{Body: ""}, "empty"},
		{"spaces", Inbound{Body: "   \n "}, "empty"},
		{"picture", Inbound{Body: "", NumMedia: 1}, "I can only read text, not pictures. What would Maria enjoy"},
		{"emoji", Inbound{Body: "👍🎉"}, "not emoji"},
		{"punctuation", Inbound{Body: "?!"}, "not emoji"},
		{"1600 characters", Inbound{Body: strings.Repeat("abcdefghij", 160)}, "I kept the first 1000 characters"},
		{"invalid UTF-8", Inbound{Body: "\xff\xfe garden\x00"}, "Anything else"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			s := midReport(debrief.English, KeyEnjoy)
			res := Step(s, Inbound(tc.in), Env{Now: start, Location: newYork()})
			if got := strings.Join(res.Replies, " | "); !strings.Contains(got, tc.want) {
				t.Errorf("reply = %q, want %q", got, tc.want)
			}
		})
	}
}

func TestDateAskedOnce(t *testing.T) {
	t.Parallel()
	c := newConvo(t, known(debrief.English))
	c.st = midReport(debrief.English, KeyNextSteps)
	c.play([]turn{
		{"Send her the flyer", []string{"When will you talk to Maria again?"}},
		{"not sure", []string{"enjoy"}},
	})
	d := c.st.Draft
	if d.NextSteps != "Send her the flyer; not sure" || d.NextContactAt != nil || c.st.Pending != "" {
		t.Errorf("draft %+v", d)
	}
	c.send("BACK")
	c.play([]turn{
		{"Flyer", []string{"When will you talk"}},
		{"SKIP", []string{"enjoy"}},
		{"BACK", []string{"next steps"}},
		{"Flyer, then tomorrow 5pm", []string{"Got it: Sun Nov 1, 5pm."}},
	})
	if d := c.st.Draft; d.NextContactAt == nil || !d.NextContactHasTime || d.NextSteps != "Flyer, then tomorrow 5pm" {
		t.Errorf("draft %+v", d)
	}
}

func TestOwnQuestions(t *testing.T) {
	t.Parallel()
	qs := append(DefaultQuestions()[:2], Question{Key: "school", Kind: KindText,
		Prompt: map[debrief.Language]string{debrief.English: "Which school do their kids go to?"}})
	s := midReport(debrief.English, KeyIssue)
	env := Env{Now: start, Location: newYork(), Questions: qs}
	res := Step(s, Inbound{Body: "heat"}, env)
	if res.Replies[0] != "Which school do their kids go to?" {
		t.Fatalf("reply %q", res.Replies)
	}
	res = Step(res.State, Inbound{Body: "Lincoln Elementary"}, env)
	if res.State.Draft.Extra["school"] != "Lincoln Elementary" || res.State.Step != StepDone {
		t.Errorf("%+v", res.State)
	}
	if s.Draft.Extra != nil {
		t.Errorf("Step changed the caller's draft")
	}
}

func TestInvalidTextIsStoredClean(t *testing.T) {
	t.Parallel()
	res := Step(midReport(debrief.English, KeyEnjoy), Inbound{Body: "\xff\xfe garden\x00"}, Env{Now: start, Location: newYork()})
	if res.State.Draft.Enjoy != "garden" {
		t.Errorf("stored %q", res.State.Draft.Enjoy)
	}
}

func TestTeamChoice(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name   string
		body   string
		teamID int64 // 0: a new team
		team   string
		create string
	}{
		{"number", "2", 9, "Eastside", ""},
		{"name in another case", "  EASTSIDE ", 9, "Eastside", ""},
		{"new name", "Northside Parents", 0, "Northside Parents", "Northside Parents"},
		{"a number that is a name", "350", 0, "350", "350"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			s := State{Volunteer: debrief.Volunteer{Name: "Ana", Language: debrief.English}, Step: StepTeam}
			res := Step(s, Inbound{Body: tc.body}, Env{Now: start, Location: newYork(), Teams: teams})
			v := res.State.Volunteer
			if (tc.teamID == 0) != (v.TeamID == nil) || (v.TeamID != nil && *v.TeamID != tc.teamID) ||
				v.TeamName != tc.team || res.Effects.CreateTeam != tc.create || !res.Effects.SaveVolunteer ||
				res.State.Step != KeyPerson || res.State.LastSeq != 1 || !res.Effects.SaveDraft {
				t.Errorf("volunteer %+v, effects %+v, state %+v", v, res.Effects, res.State)
			}
		})
	}
	res := Step(State{Volunteer: debrief.Volunteer{Name: "Ana"}, Step: StepTeam}, Inbound{Body: "5"}, Env{Now: start, Teams: teams})
	if res.State.Step != StepTeam || !strings.Contains(res.Replies[0], "1 Riverside Moms, 2 Eastside") {
		t.Errorf("out of range: %+v", res)
	}
}

// TestPastDateAskedAgain: a next contact already gone is not kept; the
// volunteer is told and asked once more, like an answer without a date.
func TestPastDateAskedAgain(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name  string
		lang  debrief.Language
		turns []turn
		kept  bool // a date is kept in the end
	}{
		{"last Tuesday, then a day to come", debrief.English, []turn{
			{"Call her last Tuesday", []string{"Tue Oct 27 has passed. When will you talk to Maria again?"}},
			{"next Friday", []string{"Got it: Fri Nov 6.", "enjoy"}},
		}, true},
		{"past twice: the report goes on without a date", debrief.English, []turn{
			{"Called her yesterday", []string{"has passed"}},
			{"this morning at 9am", []string{"enjoy"}},
		}, false},
		{"earlier today, with a time", debrief.English, []turn{
			{"today at 9am", []string{"Sat Oct 31, 9am has passed"}},
			{"SKIP", []string{"enjoy"}},
		}, false},
		{"today, no time: not past", debrief.English, []turn{
			{"talk again today", []string{"Got it: Sat Oct 31.", "enjoy"}},
		}, true},
		{"Spanish: yesterday, then last Tuesday", debrief.Spanish, []turn{
			{"la llamé ayer", []string{"vie 30 oct es una fecha pasada"}},
			{"el martes pasado", []string{"como voluntario"}},
		}, false},
		{"Spanish", debrief.Spanish, []turn{
			{"hoy a las 9", []string{"es una fecha pasada. ¿En qué fecha vas a hablar con Maria otra vez?"}},
			{"el viernes", []string{"Anotado: vie 6 nov."}},
		}, true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			c := newConvo(t, known(tc.lang))
			c.st = midReport(tc.lang, KeyNextSteps)
			c.play(tc.turns)
			d := c.st.Draft
			if kept := d.NextContactAt != nil; kept != tc.kept {
				t.Errorf("next contact %v, want kept %v", d.NextContactAt, tc.kept)
			}
			if today := time.Date(2026, 10, 31, 0, 0, 0, 0, newYork()); d.NextContactAt != nil && d.NextContactAt.Before(today) {
				t.Errorf("kept a past next contact %v", d.NextContactAt)
			}
			if c.st.Pending != "" {
				t.Errorf("still pending %q", c.st.Pending)
			}
		})
	}
}
