package names

import (
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

func FuzzMet(f *testing.F) {
	for _, s := range []string{"", "Maria", "I met with Maria Lopez 617 555 0166", "me reuní con mi vecina Ana de la Cruz",
		"my neighbor", "(((", "Rep1 617 253 1000", "a@b.", "@", "\xff\xfe", "1:1 w/", "de la de la", "O'", "mc", "Mc",
		"617-555-0166 617-555-0166", "José Ñúñez jose@x.org", strings.Repeat("ab ", 60), "w/w/w/", "’s", "a's b's"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		p := Met(text)
		if !utf8.ValidString(p.Name) {
			t.Fatalf("Met(%q).Name = %q: not UTF-8", text, p.Name)
		}
		if n := utf8.RuneCountInString(p.Name); n > MaxName {
			t.Fatalf("Met(%q).Name has %d characters", text, n)
		}
		if p.Name != strings.TrimSpace(p.Name) {
			t.Fatalf("Met(%q).Name = %q: spaces around it", text, p.Name)
		}
		if p.Phone != "" {
			digits := strings.Map(func(r rune) rune {
				if r >= '0' && r <= '9' {
					return r
				}
				return -1
			}, p.Name)
			national := strings.TrimPrefix(p.Phone, "+1")
			if len(national) >= 7 && strings.Contains(digits, national[len(national)-7:]) {
				t.Fatalf("Met(%q).Name = %q holds the phone %s", text, p.Name, p.Phone)
			}
		}
		if strings.ContainsFunc(p.Name, unicode.IsDigit) {
			t.Fatalf("Met(%q).Name = %q holds digits", text, p.Name)
		}
		name, team := Self(text)
		if !utf8.ValidString(name) || !utf8.ValidString(team) ||
			utf8.RuneCountInString(name) > MaxName || utf8.RuneCountInString(team) > MaxName {
			t.Fatalf("Self(%q) = %q, %q", text, name, team)
		}
	})
}
