// Package accent maps the accented letters volunteers type (á, Ñ, ü, ç...)
// to plain ASCII, so that words compare the same whatever the phone's
// keyboard wrote: "todavía" and "todavia", "ESPAÑOL" and "espanol". The
// readers of commands, names, dates and plain words share it, and the
// reports search folds with it. It performs no I/O.
package accent

import (
	"strings"
	"unicode"
)

// Plain returns the plain lower-case ASCII letter an accented Latin
// letter stands for ('á' and 'Á' are 'a', 'ñ' is 'n'), and false for any
// other rune, ASCII included.
func Plain(r rune) (byte, bool) {
	switch unicode.ToLower(r) {
	case 'á', 'à', 'â', 'ä', 'ã':
		return 'a', true
	case 'é', 'è', 'ê', 'ë':
		return 'e', true
	case 'í', 'ì', 'î', 'ï':
		return 'i', true
	case 'ó', 'ò', 'ô', 'ö', 'õ':
		return 'o', true
	case 'ú', 'ù', 'û', 'ü':
		return 'u', true
	case 'ñ':
		return 'n', true
	case 'ç':
		return 'c', true
	}
	return 0, false
}

// Fold returns s in lower case with its accented Latin letters plain
// ("José MARÍA Núñez" is "jose maria nunez"): what the reports search
// compares, written by Go on every database alike. Other runes are kept
// as unicode.ToLower leaves them.
func Fold(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		if p, ok := Plain(r); ok {
			b.WriteByte(p)
		} else {
			b.WriteRune(unicode.ToLower(r))
		}
	}
	return b.String()
}
