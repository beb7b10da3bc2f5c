package conversation

import (
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/debrief-sms/debrief"
	"github.com/debrief-sms/debrief/internal/texts"
)

// maxReport is a report with the longest values a volunteer can give: a
// 100-character name with letters GSM-7 has (ñ) and lacks (ú), and
// 1000-character answers whose cuts fall after a period.
func maxReport(seq int) *debrief.Report {
	name, _ := clip(strings.Repeat("Ñúñez Peña ", 10)+"Ñ", MaxName)
	long := func(s string) string {
		a, _ := clip(strings.Repeat(s, MaxAnswer/len(s)+1), MaxAnswer)
		return a
	}
	if utf8.RuneCountInString(name) != MaxName {
		panic("maxReport: name is not MaxName characters")
	}
	yes := true
	return &debrief.Report{Seq: seq, Status: debrief.ReportDraft, PersonName: name,
		Issue:      long("Aire limpio. Asma en la familia, calor en verano; "),
		Commitment: debrief.CommitOther, CommitmentText: long("Escribir a la junta escolar. "),
		NextSteps: long("La llamo el martes... "), Enjoy: long("Cocinar. "), Notes: long("Maestra. "),
		Thanked: &yes, StartedAt: start.Add(-time.Hour), UpdatedAt: start.Add(-time.Minute)}
}

// TestSummaryFitsOneSegment finishes and edits reports with the longest
// values a report allows: the summary is one segment, in both languages.
func TestSummaryFitsOneSegment(t *testing.T) {
	t.Parallel()
	at := time.Date(2026, 12, 30, 12, 30, 0, 0, newYork())
	for _, lang := range []debrief.Language{debrief.English, debrief.Spanish} {
		for _, seq := range []int{1, 99999} {
			cases := []struct {
				name string
				st   func() State
				body string
			}{
				{"finished", func() State {
					return State{Volunteer: known(lang), Step: KeyThanked, LastSeq: seq, Draft: maxReport(seq)}
				}, "yes"},
				{"finished, next contact with a time", func() State {
					d := maxReport(seq)
					d.NextContactAt, d.NextContactHasTime = &at, true
					return State{Volunteer: known(lang), Step: KeyThanked, LastSeq: seq, Draft: d}
				}, "no"},
				{"edited", func() State {
					d := maxReport(seq)
					d.Status = debrief.ReportComplete
					return State{Volunteer: known(lang), Step: KeyIssue, Editing: true, LastSeq: seq, Draft: d}
				}, strings.Repeat("Ozono, ruido. ", 80)},
			}
			for _, tc := range cases {
				t.Run(fmt.Sprintf("%s/%s/#%d", lang, tc.name, seq), func(t *testing.T) {
					t.Parallel()
					res := Step(tc.st(), Inbound{Body: tc.body}, Env{Now: start, Location: newYork()})
					s := res.Replies[len(res.Replies)-1]
					if res.State.Step != StepDone || !strings.Contains(s, "#"+strconv.Itoa(seq)+":") {
						t.Fatalf("not a summary: %q", res.Replies)
					}
					if !texts.IsGSM7(s) || texts.Segments(s) != 1 {
						t.Errorf("%d segments: %q", texts.Segments(s), s)
					}
					if name := strings.TrimSuffix(texts.GSMSafe(res.State.Draft.PersonName, 20), "..."); !strings.Contains(s, ": "+name+"...") {
						t.Errorf("the name is cut below 20 characters: %q", s)
					}
					if strings.Contains(s, "....") || strings.Contains(s, "..") && !strings.Contains(s, "...") {
						t.Errorf("doubled dots: %q", s)
					}
				})
			}
		}
	}
}

// TestSummaryKeepsShortValues renders the README's report: nothing cut.
func TestSummaryKeepsShortValues(t *testing.T) {
	t.Parallel()
	day := time.Date(2026, 12, 1, 0, 0, 0, 0, newYork())
	no := false
	d := &debrief.Report{Seq: 1, Status: debrief.ReportDraft, PersonName: "Maria Lopez", Issue: "clean air near schools.",
		Commitment: debrief.CommitHouseParty, NextSteps: "call her Tuesday", NextContactAt: &day, Thanked: &no}
	want := map[debrief.Language]string{
		debrief.English: "Saved! #1: Maria Lopez. Issue: clean air near schools. Agreed: host a house party. Next: Tue Dec 1. Thanked: no.\nNEW for another 1:1, EDIT to fix.",
		debrief.Spanish: "¡Guardado! #1: Maria Lopez. Tema: clean air near schools. Acuerdo: fiesta en casa. Luego: mar 1 dic. Agradeciste: no.\nNUEVO: otro 1:1. EDITAR: corregir.",
	}
	for lang, want := range want {
		res := Step(State{Volunteer: known(lang), Step: KeyThanked, LastSeq: 1, Draft: d}, Inbound{Body: "no"},
			Env{Now: start, Location: newYork()})
		if got := strings.Join(res.Replies, " | "); got != want {
			t.Errorf("%s:\n got %q\nwant %q", lang, got, want)
		}
	}
}

func TestPlural(t *testing.T) {
	t.Parallel()
	cases := []struct {
		lang  debrief.Language
		count int
		want  string
	}{
		{debrief.English, 1, "You've started 1 report."},
		{debrief.English, 2, "You've started 2 reports."},
		{debrief.English, 0, "You've started 0 reports."},
		{debrief.Spanish, 1, "Has empezado 1 reporte."},
		{debrief.Spanish, 3, "Has empezado 3 reportes."},
	}
	for _, tc := range cases {
		st := State{Volunteer: known(tc.lang), LastSeq: tc.count}
		res := Step(st, Inbound{Body: "STATUS"}, Env{Now: start, Location: newYork()})
		if got := res.Replies[0]; !strings.HasPrefix(got, tc.want) {
			t.Errorf("%s, %d: %q, want %q", tc.lang, tc.count, got, tc.want)
		}
	}
	d := midReport(debrief.Spanish, StepDone)
	d.Draft.Status = debrief.ReportComplete
	res := Step(d, Inbound{Body: "estado"}, Env{Now: start, Location: newYork()})
	if want := "Has empezado 1 reporte. Tienes guardado el #1, sobre Maria."; res.Replies[0] != want {
		t.Errorf("got %q, want %q", res.Replies[0], want)
	}
}

// TestNoWords answers "?" with a pointer to HELP and the question again,
// emoji with what Debrief reads.
func TestNoWords(t *testing.T) {
	t.Parallel()
	cases := []struct {
		lang debrief.Language
		body string
		want string
	}{
		{debrief.English, "?", "Not sure? Reply HELP for the commands. What climate issue is Maria most concerned about?"},
		{debrief.English, " ?? ", "Not sure? Reply HELP"},
		{debrief.English, "...", "Not sure? Reply HELP"},
		{debrief.English, "…", "Not sure? Reply HELP"},
		{debrief.Spanish, "¿?", "¿Dudas? Responde AYUDA para ver los comandos. ¿Qué tema del clima le preocupa a Maria sobre todo?"},
		{debrief.English, "👍", "I can only read words, not emoji. What climate issue"},
		{debrief.English, ":)", "I can only read words, not emoji."},
	}
	for _, tc := range cases {
		res := Step(midReport(tc.lang, KeyIssue), Inbound{Body: tc.body}, Env{Now: start, Location: newYork()})
		if got := strings.Join(res.Replies, " | "); !strings.HasPrefix(got, tc.want) {
			t.Errorf("%s %q: %q, want %q", tc.lang, tc.body, got, tc.want)
		}
	}
}

func TestListsFitOneSegment(t *testing.T) {
	t.Parallel()
	var many []debrief.Team
	for i := range 30 {
		many = append(many, debrief.Team{ID: int64(i + 1), Name: strings.Repeat("Long Team Name Ñandú ", 3)})
	}
	qs := DefaultQuestions()
	for i := range 10 {
		qs = append(qs, Question{Key: "own" + string(rune('a'+i)), Kind: KindText,
			Prompt: map[debrief.Language]string{debrief.English: "Own question?"},
			Label:  map[debrief.Language]string{debrief.English: strings.Repeat("Label ", 6)}})
	}
	for _, lang := range []debrief.Language{debrief.English, debrief.Spanish} {
		v := debrief.Volunteer{Language: lang, Name: strings.Repeat("Ñ", 40)}
		cases := []struct {
			name string
			s    State
			body string
		}{
			{"team list", State{Volunteer: v, Step: StepName}, strings.Repeat("Ana María ", 10)},
			{"edit list", State{Volunteer: known(lang), Step: KeyIssue, LastSeq: 1,
				Draft: &debrief.Report{Seq: 1, Status: debrief.ReportDraft, PersonName: "Maria", StartedAt: start, UpdatedAt: start}}, "EDIT"},
		}
		for _, tc := range cases {
			res := Step(tc.s, Inbound{Body: tc.body}, Env{Now: start, Location: newYork(), Teams: many, Questions: qs})
			for _, r := range res.Replies {
				if n, ok := texts.Septets(r); !ok || n > texts.SegmentGSM7 {
					t.Errorf("%s/%s: %d characters or not GSM-7: %q", lang, tc.name, n, r)
				}
			}
		}
	}
}

// TestChoicesReadAsWritten types each commitment choice as the question
// words it: the words pick their own number's choice.
func TestChoicesReadAsWritten(t *testing.T) {
	t.Parallel()
	q := &DefaultQuestions()[questionIndex(DefaultQuestions(), KeyCommitment)]
	for _, lang := range []debrief.Language{debrief.English, debrief.Spanish} {
		lines := strings.Split(texts.For(lang).Get(q.Template, &texts.Vars{texts.Person: "Rosa"}), "\n")[1:]
		if len(lines) != len(q.Choices) {
			t.Fatalf("%s: %d choices listed, %d known", lang, len(lines), len(q.Choices))
		}
		for i, line := range lines {
			typed := strings.TrimPrefix(line, strconv.Itoa(i+1)+" ")
			if got, _ := choose(q, typed); got != q.Choices[i].Value {
				t.Errorf("%s: %q reads as %q, want %q", lang, typed, got, q.Choices[i].Value)
			}
		}
	}
}
