package conversation

import (
	"strings"
	"testing"

	"github.com/debrief-sms/debrief"
)

// longVars fills every slot with a long value, accents and emoji included,
// as the worst a volunteer could type.
func longVars() *vars {
	var v vars
	for i := range v {
		v[i] = strings.Repeat("Ñúñez-Ólafsdóttir 😀 “quoted” — ", 4)
	}
	return &v
}

func TestTemplatesFitOneSegment(t *testing.T) {
	t.Parallel()
	en, es := catalogs[debrief.English], catalogs[debrief.Spanish]
	for name := range en {
		if _, ok := es[name]; !ok {
			t.Errorf("template %q has no Spanish text", name)
		}
	}
	for name := range es {
		if _, ok := en[name]; !ok {
			t.Errorf("template %q has no English text", name)
		}
	}
	for _, lang := range []debrief.Language{debrief.English, debrief.Spanish} {
		for name, tmpl := range catalogs[lang] {
			t.Run(string(lang)+"/"+name, func(t *testing.T) {
				t.Parallel()
				s := tmpl.render(longVars())
				limit := SegmentGSM7
				if strings.HasPrefix(name, "summary") {
					limit = 2 * SegmentGSM7Multi
				}
				n, ok := septets(s)
				if !ok {
					t.Fatalf("not GSM-7: %q", s)
				}
				if n > limit {
					t.Errorf("%d characters, limit %d: %q", n, limit, s)
				}
			})
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
				if n, ok := septets(r); !ok || n > SegmentGSM7 {
					t.Errorf("%s/%s: %d characters or not GSM-7: %q", lang, tc.name, n, r)
				}
			}
		}
	}
}

func TestGSM7(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name     string
		s        string
		gsm      bool
		segments int
	}{
		{"plain", "Hi there", true, 1},
		{"spanish in GSM-7", "¿Qué? ¡Sí! mañana", false, 1},
		{"spanish folded", "¿Qué? ¡Si! mañana, Ñandú", false, 1},
		{"GSM-7 accents", "é è ù ì ò à Ñ ñ ¿ ¡", true, 1},
		{"curly quote", "it’s", false, 1},
		{"em dash", "a — b", false, 1},
		{"emoji", "😀", false, 1},
		{"160 plain", strings.Repeat("a", 160), true, 1},
		{"161 plain", strings.Repeat("a", 161), true, 2},
		{"306 plain", strings.Repeat("a", 306), true, 2},
		{"extension counts twice", strings.Repeat("{", 80), true, 1},
		{"extension over", strings.Repeat("{", 81), true, 2},
		{"71 ucs2", strings.Repeat("á", 71), false, 2},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			if got := IsGSM7(tc.s); got != tc.gsm {
				t.Errorf("IsGSM7(%q) = %v", tc.s, got)
			}
			if got := Segments(tc.s); got != tc.segments {
				t.Errorf("Segments(%q) = %d, want %d", tc.s, got, tc.segments)
			}
		})
	}
}

func TestGSMSafe(t *testing.T) {
	t.Parallel()
	cases := []struct{ in, want string }{
		{"María José", "Maria José"},
		{"it’s “ok” — 😀 yes", "it's \"ok\" - yes"},
		{"short", "short"},
		{"Łucja Wiśniewska", "Lucja Wisniewska"},
		{"Dvořák Ő", "Dvorak O"},
		{strings.Repeat("a", 50), strings.Repeat("a", 37) + "..."},
	}
	for _, tc := range cases {
		if got := gsmSafe(tc.in, 40); got != tc.want {
			t.Errorf("gsmSafe(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}
