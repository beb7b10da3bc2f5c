package names

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// titleCase capitalizes each word of a name: "ana de la cruz" is Ana de
// la Cruz, "o'brien" O'Brien, "mcdonald" McDonald, "mary-kate"
// Mary-Kate. With lowerOnly, words holding a capital stay as written.
func titleCase(s string, lowerOnly bool) string {
	var b strings.Builder
	b.Grow(len(s))
	for i, w := range strings.Fields(s) {
		if i > 0 {
			b.WriteByte(' ')
		}
		if lowerOnly && strings.ContainsFunc(w, unicode.IsUpper) {
			b.WriteString(w)
			continue
		}
		lw := strings.ToLower(w)
		if acronyms[lw] {
			b.WriteString(strings.ToUpper(lw))
			continue
		}
		if i > 0 && (particles[fold(lw)] || connect[lw] || teamJoins[lw]) {
			b.WriteString(lw)
			continue
		}
		b.WriteString(titleWord(lw))
	}
	return b.String()
}

// titleWord capitalizes a lower-case word and each part after a hyphen,
// after a one-letter prefix with an apostrophe (O'Brien, D'Angelo) and
// after Mc.
func titleWord(w string) string {
	var b strings.Builder
	b.Grow(len(w))
	up := true
	part := 0 // letters since the part began
	for _, r := range w {
		switch {
		case up && unicode.IsLetter(r):
			b.WriteRune(unicode.ToUpper(r))
			up = false
			part = 1
			continue
		case r == '-':
			up = true
		case (r == '\'' || r == '’') && part == 1:
			up = true
		}
		b.WriteRune(r)
		part++
	}
	out := b.String()
	if strings.HasPrefix(out, "Mc") && len(out) > 3 {
		if r, size := utf8.DecodeRuneInString(out[2:]); unicode.IsLower(r) {
			out = "Mc" + string(unicode.ToUpper(r)) + out[2+size:]
		}
	}
	return out
}
