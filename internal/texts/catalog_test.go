package texts

import (
	"strings"
	"testing"

	"github.com/debrief-sms/debrief"
	"github.com/debrief-sms/debrief/internal/texts/textstest"
)

// longVars fills every slot with a long value, accents and emoji included,
// as the worst a volunteer could type.
func longVars() *Vars {
	var v Vars
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
				if !IsGSM7(s) {
					t.Fatalf("not GSM-7: %q", s)
				}
				if n := Segments(s); n != 1 {
					t.Errorf("%d segments: %q", n, s)
				}
				if strings.Contains(s, "....") {
					t.Errorf("four dots: %q", s)
				}
			})
		}
	}
}

// TestFit shortens the longest values first and keeps punctuation single.
func TestFit(t *testing.T) {
	t.Parallel()
	tmpl, err := parseTemplate("{person}. {issue}. {commitment}. {next}." + strings.Repeat("x", 90))
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name                            string
		person, issue, commitment, next string
		want                            string
	}{
		{"fits", "Ana", "heat.", "call", "Tue", "Ana. heat. call. Tue."},
		{"punctuation single", "Dr. Ana", "heat?", "call,", "-", "Dr. Ana. heat? call. -."},
		{"longest cut first", "Ana", strings.Repeat("smog ", 12), "call her, ", "Tue Dec 1",
			"Ana. smog smog smog smog smog smog smog... call her. Tue Dec 1."},
		{"name kept at 20", strings.Repeat("Peña ", 8), strings.Repeat("smog ", 12), strings.Repeat("call ", 8), "Tue Dec 1",
			"Peña Peña Peña... smog smog smog... call call call... Tue Dec 1."},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got := tmpl.render(&Vars{Person: tc.person, Issue: tc.issue, Commitment: tc.commitment, Next: tc.next})
			if got = strings.TrimRight(got, "x"); got != tc.want {
				t.Errorf("got  %q\nwant %q", got, tc.want)
			}
		})
	}
}

// TestPluralForms refuses a plural without both its forms.
func TestPluralForms(t *testing.T) {
	t.Parallel()
	if _, err := parseTemplate("{count|report}"); err == nil {
		t.Error("a plural with one form parsed")
	}
}

// TestSpanishReadsRight renders every Spanish text, with one and with
// several of each count, and looks for words that read wrong without the
// accents GSM-7 lacks.
func TestSpanishReadsRight(t *testing.T) {
	t.Parallel()
	for _, n := range []string{"1", "2"} {
		var v Vars
		for i := range v {
			v[i] = "Rosa"
		}
		for _, s := range []Slot{Seq, N, Total, Count, Max, Day} {
			v[s] = n
		}
		for name, tmpl := range catalogs[debrief.Spanish] {
			s := tmpl.render(&v)
			if !IsGSM7(s) {
				t.Errorf("%s is not GSM-7: %q", name, s)
			}
			for _, w := range textstest.Misread(s) {
				t.Errorf("%s: %s in %q", name, w, s)
			}
		}
	}
}
