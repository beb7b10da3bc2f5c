package conversation

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/debrief-sms/debrief"
	"github.com/debrief-sms/debrief/internal/texts"
	"github.com/debrief-sms/debrief/internal/texts/textstest"
)

func TestCheckQuestion(t *testing.T) {
	t.Parallel()
	long := strings.Repeat("word ", 40) + "?"
	choices := func(s string) []TeamChoice { return SplitChoices(s, "") }
	cases := []struct {
		name string
		q    TeamQuestion
		want string // a word of the English reason; "" accepts
	}{
		{"text", TeamQuestion{Text: "  Which school   do their kids go to? "}, ""},
		{"kind defaults to text", TeamQuestion{Text: "Which school?"}, ""},
		{"yes no, Spanish with accents", TeamQuestion{Kind: AskYesNo, Text: "Would they host?", TextES: "¿Organizaría una reunión?"}, ""},
		{"choice", TeamQuestion{Kind: AskChoice, Text: "How much time?", Choices: SplitChoices("An hour;A day;", "Una hora;Un día")}, ""},
		{"number", TeamQuestion{Kind: AskNumber, Text: "How many people?", Optional: true}, ""},
		{"date", TeamQuestion{Kind: AskDate, Text: "When is the event?"}, ""},
		{"no text", TeamQuestion{TextES: "¿Cuándo?"}, "English text"},
		{"unknown kind", TeamQuestion{Kind: "scale", Text: "How much?"}, "not a kind"},
		{"choices on a text", TeamQuestion{Text: "Which?", Choices: choices("a;b")}, "only for a choice"},
		{"one choice", TeamQuestion{Kind: AskChoice, Text: "Which?", Choices: choices("a")}, "2 to 9"},
		{"ten choices", TeamQuestion{Kind: AskChoice, Text: "Which?", Choices: choices("a;b;c;d;e;f;g;h;i;j")}, "2 to 9"},
		{"an empty choice", TeamQuestion{Kind: AskChoice, Text: "Which?", Choices: choices("a;;c")}, "no words"},
		{"a command word", TeamQuestion{Kind: AskChoice, Text: "Which?", Choices: choices("Yes;Skip")}, "command word"},
		{"a Spanish command word", TeamQuestion{Kind: AskChoice, Text: "Which?", Choices: SplitChoices("a;b", "uno;Ayuda")}, "command word"},
		{"twice", TeamQuestion{Kind: AskChoice, Text: "Which?", Choices: choices("Weekends;weekends")}, "twice"},
		{"some Spanish choices", TeamQuestion{Kind: AskChoice, Text: "Which?", Choices: SplitChoices("a;b;c", "uno;dos")}, "every choice"},
		{"an emoji", TeamQuestion{Text: "Did they smile? 😀"}, "cannot be sent"},
		{"too long", TeamQuestion{Text: long}, "Shorten it by"},
		{"too long with its choices", TeamQuestion{Kind: AskChoice, Text: strings.Repeat("x", 120) + "?",
			Choices: choices("An hour or two;A few hours;A day or more")}, "with its hint and choices"},
		{"Spanish too long", TeamQuestion{Text: "Which?", TextES: strings.Repeat("á", 161)}, "In Spanish"},
		{"yes no hint pushes it over", TeamQuestion{Kind: AskYesNo, Optional: true, Text: strings.Repeat("y", 140) + "?"}, "Shorten it by 4"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got, err := CheckQuestion(tc.q)
			if tc.want == "" {
				if err != nil {
					t.Fatalf("refused: %v", err)
				}
				if got.Text != strings.Join(strings.Fields(got.Text), " ") || got.Kind == "" {
					t.Errorf("not tidied: %+v", got)
				}
				for _, lang := range []debrief.Language{debrief.English, debrief.Spanish} {
					if n := texts.Segments(RenderQuestion(got, lang)); n != 1 {
						t.Errorf("%s: accepted but %d segments", lang, n)
					}
				}
				return
			}
			if err == nil || !errors.Is(err, ErrQuestion) {
				t.Fatalf("err = %v, want a refusal saying %q", err, tc.want)
			}
			if !strings.Contains(QuestionReason(err, debrief.English), tc.want) {
				t.Errorf("reason %q, want %q in it", QuestionReason(err, debrief.English), tc.want)
			}
			if es := QuestionReason(err, debrief.Spanish); es == "" || es == QuestionReason(err, debrief.English) {
				t.Errorf("no Spanish reason: %q", es)
			}
		})
	}
}

func TestRenderQuestion(t *testing.T) {
	t.Parallel()
	choice := TeamQuestion{Kind: AskChoice, Text: "How much time?", TextES: "¿Cuánto tiempo?",
		Choices: SplitChoices("An hour;A day", "Una hora;Un día")}
	cases := []struct {
		name string
		q    TeamQuestion
		lang debrief.Language
		want string
	}{
		{"text", TeamQuestion{Kind: AskText, Text: "Which school?"}, debrief.English, "Which school?"},
		{"Spanish falls back to English", TeamQuestion{Kind: AskText, Text: "Which school?"}, debrief.Spanish, "Which school?"},
		{"optional", TeamQuestion{Kind: AskNumber, Text: "How many?", TextES: "¿Cuántos?", Optional: true}, debrief.Spanish, "¿Cuantos? O responde SALTAR."},
		{"yes no", TeamQuestion{Kind: AskYesNo, Text: "Would they host?"}, debrief.English, "Would they host? Reply YES or NO."},
		{"yes no, optional", TeamQuestion{Kind: AskYesNo, Text: "Would they host?", TextES: "¿Organizaría?", Optional: true}, debrief.Spanish, "¿Organizaria? Responde SI, NO o SALTAR."},
		{"choices", choice, debrief.English, "How much time?\n1 An hour\n2 A day"},
		{"choices in Spanish", choice, debrief.Spanish, "¿Cuanto tiempo?\n1 Una hora\n2 Un dia"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got := RenderQuestion(tc.q, tc.lang)
			if got != tc.want {
				t.Errorf("got %q, want %q", got, tc.want)
			}
			if !texts.IsGSM7(got) || texts.Segments(got) != 1 {
				t.Errorf("%q is not one GSM-7 segment", got)
			}
		})
	}
}

// TestBuiltInQuestionsFitOneSegment: every built-in question, with its
// choices and a long name for the person, is one segment in both
// languages, as the team questions are made to be.
func TestBuiltInQuestionsFitOneSegment(t *testing.T) {
	t.Parallel()
	for _, lang := range []debrief.Language{debrief.English, debrief.Spanish} {
		x := texts.For(lang)
		for _, q := range DefaultQuestions() {
			text := x.Get(q.Template, &texts.Vars{texts.Person: strings.Repeat("Ñ", 60)})
			if texts.Segments(text) != 1 {
				t.Errorf("%s %s: %d segments: %q", lang, q.Key, texts.Segments(text), text)
			}
		}
	}
}

func TestReadNumber(t *testing.T) {
	t.Parallel()
	cases := []struct{ in, want string }{
		{"3", "3"}, {"about 4 hours", "4"}, {"2.5", "2.5"}, {"2,5", "2.5"}, {"1,000", "1000"},
		{"five or so", "5"}, {"unas cinco", "5"}, {"-2", "-2"}, {"none", "0"}, {"lots", ""}, {"1.2.3", ""},
	}
	for _, tc := range cases {
		got, ok := readNumber(tc.in)
		if got != tc.want || ok != (tc.want != "") {
			t.Errorf("readNumber(%q) = %q, %v; want %q", tc.in, got, ok, tc.want)
		}
	}
}

// ownSet is a team's questions of every kind, for team 7 (known's).
func ownSet() *QuestionSet {
	return &QuestionSet{
		All: []TeamQuestion{{ID: 5, Kind: AskText, Text: "Anything for the national team?", Optional: true}},
		ByTeam: map[int64][]TeamQuestion{7: {
			{ID: 11, Kind: AskChoice, Text: "How much time?", TextES: "¿Cuánto tiempo?", Choices: SplitChoices("An hour;A few hours;A day", "Una hora;Unas horas;Un dia")},
			{ID: 12, Kind: AskYesNo, Text: "Would they recruit?", TextES: "¿Reclutaría?"},
			{ID: 13, Kind: AskNumber, Text: "How many people?", TextES: "¿Cuántas personas?"},
			{ID: 14, Kind: AskDate, Text: "When can they start?", TextES: "¿Cuándo puede empezar?"},
		}},
	}
}

func TestOwnAnswers(t *testing.T) {
	t.Parallel()
	cases := []struct {
		lang  debrief.Language
		texts []string
		want  map[string]string
	}{
		{debrief.English, []string{"SKIP", "a few hours", "of course", "about 12", "next friday"},
			map[string]string{"q11": "A few hours", "q12": "yes", "q13": "12", "q14": "2026-11-06"}},
		{debrief.Spanish, []string{"nada", "unas horas", "todavia no", "cinco", "el martes"},
			map[string]string{"q5": "nada", "q11": "A few hours", "q12": "no", "q13": "5", "q14": "2026-11-03"}},
	}
	for _, tc := range cases {
		t.Run(string(tc.lang), func(t *testing.T) {
			t.Parallel()
			s := midReport(tc.lang, KeyNotes)
			s.Asked = ownSet().For(s.Volunteer.TeamID)
			env := Env{Now: start, Location: newYork(), QuestionSet: &QuestionSet{}} // an emptied set changes nothing under way
			res := Step(s, Inbound{Body: "teacher"}, env)
			for _, text := range tc.texts {
				res = Step(res.State, Inbound{Body: text}, env)
			}
			if res.State.Step != KeyThanked {
				t.Fatalf("at %q after the team's questions: %q", res.State.Step, res.Replies)
			}
			for k, v := range tc.want {
				if got := res.State.Draft.Extra[k]; got != v {
					t.Errorf("Extra[%s] = %q, want %q", k, got, v)
				}
			}
			if len(res.State.Draft.Extra) != len(tc.want) {
				t.Errorf("Extra = %v, want %v", res.State.Draft.Extra, tc.want)
			}
		})
	}
}

func TestReportTakesItsTeamsQuestions(t *testing.T) {
	t.Parallel()
	s := State{Volunteer: known(debrief.English), Step: StepDone, LastSeq: 1,
		Draft: &debrief.Report{Seq: 1, Status: debrief.ReportComplete, PersonName: "Maria", StartedAt: start, UpdatedAt: start}}
	env := Env{Now: start, Location: newYork(), QuestionSet: ownSet()}
	if !s.NeedsQuestions(Inbound{Body: "hi"}, env) {
		t.Fatal("a saved report's next text may start one: NeedsQuestions must say so")
	}
	res := Step(s, Inbound{Body: "hi"}, env)
	if res.State.LastSeq != 2 || len(res.State.Asked) != 5 || res.State.Asked[0].ID != 5 || res.State.Asked[1].ID != 11 {
		t.Fatalf("asked %+v", res.State.Asked)
	}
	other := res.State
	other.Volunteer.TeamID = nil
	other.Step = StepDone
	if got := Step(other, Inbound{Body: "hi"}, env).State.Asked; len(got) != 1 || got[0].ID != 5 {
		t.Errorf("a volunteer without a team asks every team's only: %+v", got)
	}
}

func TestNeedsQuestions(t *testing.T) {
	t.Parallel()
	env := Env{Now: start}
	mid := midReport(debrief.English, KeyIssue)
	stale := midReport(debrief.English, KeyIssue)
	stale.Draft.UpdatedAt = start.Add(-AbandonAfter - time.Minute)
	out := midReport(debrief.English, KeyIssue)
	out.Volunteer.OptedOut = true
	cases := []struct {
		name string
		s    State
		body string
		want bool
	}{
		{"a newcomer", State{}, "hi", true},
		{"choosing a team", State{Volunteer: debrief.Volunteer{Name: "Ana"}, Step: StepTeam}, "Riverside", true},
		{"idle", State{Volunteer: known(debrief.English)}, "hi", true},
		{"answering", mid, "heat", false},
		{"NEW under way", mid, "new", true},
		{"a week gone", stale, "heat", true},
		{"opted out", out, "hi", false},
	}
	for _, tc := range cases {
		if got := tc.s.NeedsQuestions(Inbound{Body: tc.body}, env); got != tc.want {
			t.Errorf("%s: NeedsQuestions = %v, want %v", tc.name, got, tc.want)
		}
	}
}

func TestAnswerVersion(t *testing.T) {
	t.Parallel()
	for key, want := range map[string]int64{"q12": 12, AnswerKey(7): 7, "q0": 0, "q": 0, "ward": 0, "q01": 0, "q-1": 0} {
		got, ok := AnswerVersion(key)
		if got != want && ok || ok != (want != 0) {
			t.Errorf("AnswerVersion(%q) = %d, %v", key, got, ok)
		}
	}
}

// TestNationalQuestions: the national set passes the editor's rules, is
// one segment in both languages, reads right in Spanish without the
// accents GSM-7 lacks, and each choice typed as written picks itself.
func TestNationalQuestions(t *testing.T) {
	t.Parallel()
	keys := map[string]bool{}
	for _, n := range NationalQuestions() {
		if keys[n.Key] {
			t.Errorf("%s twice", n.Key)
		}
		keys[n.Key] = true
		q, err := CheckQuestion(n.TeamQuestion)
		if err != nil {
			t.Errorf("%s: %v", n.Key, err)
			continue
		}
		if !q.Optional || q.TextES == "" {
			t.Errorf("%s: optional and in Spanish, please", n.Key)
		}
		for _, w := range textstest.Misread(RenderQuestion(q, debrief.Spanish)) {
			t.Errorf("%s: %s", n.Key, w)
		}
		q.ID = 1
		asked := q.question()
		for i := range q.Choices {
			for _, lang := range []debrief.Language{debrief.English, debrief.Spanish} {
				if got, _ := choose(&asked, q.ChoiceIn(i, lang)); got != q.Choices[i].EN {
					t.Errorf("%s: %q reads as %q", n.Key, q.ChoiceIn(i, lang), got)
				}
			}
		}
	}
}

// FuzzCheckQuestion: whatever is typed, the editor refuses it with a
// reason in both languages, or accepts a question that is one GSM-7
// segment in both, and that Step asks and reads without panicking.
func FuzzCheckQuestion(f *testing.F) {
	f.Add("How much time?", "¿Qué tiempo?", "choice", "An hour;A day", "Una hora;Una jornada", true, "2")
	f.Add("Would they host?", "", "yesno", "", "", false, "claro")
	f.Add(strings.Repeat("á", 90), "😀", "number", "", "", true, "five")
	f.Add("When?", "¿Cuándo?", "date", "", "", false, "next friday")
	f.Fuzz(func(t *testing.T, text, textES, kind, choices, choicesES string, optional bool, reply string) {
		q := TeamQuestion{ID: 1, Kind: QuestionKind(kind), Text: text, TextES: textES, Optional: optional,
			Choices: SplitChoices(choices, choicesES)}
		if len(q.Choices) == 0 {
			q.Choices = nil
		}
		got, err := CheckQuestion(q)
		if err != nil {
			if !errors.Is(err, ErrQuestion) || QuestionReason(err, debrief.English) == "" || QuestionReason(err, debrief.Spanish) == "" {
				t.Fatalf("refused without a reason: %v", err)
			}
			return
		}
		for _, lang := range []debrief.Language{debrief.English, debrief.Spanish} {
			if r := RenderQuestion(got, lang); !texts.IsGSM7(r) || texts.Segments(r) != 1 {
				t.Fatalf("%s: accepted %q renders as %d segments: %q", lang, text, texts.Segments(r), r)
			}
		}
		s := midReport(debrief.Spanish, KeyNotes)
		s.Asked = []TeamQuestion{got}
		env := Env{Now: start, Location: newYork()}
		res := Step(Step(s, Inbound{Body: "nada"}, env).State, Inbound{Body: reply}, env)
		if len(res.Replies) == 0 {
			t.Fatalf("no reply to %q", reply)
		}
	})
}
