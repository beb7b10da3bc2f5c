package texts

import (
	"strings"
	"testing"
)

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
		{strings.Repeat("a", 36) + ". and more", strings.Repeat("a", 36) + "..."},
		{strings.Repeat("a", 35) + "!, and more", strings.Repeat("a", 35) + "..."},
		{"Call her Wed Dec 30, 12:30pm about the party", "Call her Wed Dec 30, 12:30pm about..."},
		{"Clean air near the schools, asthma", "Clean air near the schools, asthma"},
		{"Clean air near the big schools, asthma", "Clean air near the big schools, asthma"},
		{"Clean air near the big schoolyard, asthma and more", "Clean air near the big schoolyard..."},
		{"Clean air near the big school, asthma and more", "Clean air near the big school, asthma..."},
		{"Clean air near the schools, asthma in her family", "Clean air near the schools, asthma in..."},
	}
	for _, tc := range cases {
		if got := GSMSafe(tc.in, 40); got != tc.want {
			t.Errorf("GSMSafe(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}
