package texts

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// SMS segment sizes, in GSM-7 septets or UCS-2 code units.
const (
	SegmentGSM7      = 160 // one GSM-7 segment
	SegmentGSM7Multi = 153 // each segment of a split GSM-7 text
	SegmentUCS2      = 70
	SegmentUCS2Multi = 67
)

// gsmBasic is the GSM 03.38 basic character set; gsmExtended needs an
// escape and counts as two septets.
const (
	gsmBasic = "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?" +
		"¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
	gsmExtended = "^{}\\[~]|€\f"
)

// gsmSeptets maps each GSM-7 rune to the septets it takes.
var gsmSeptets = func() map[rune]int {
	m := make(map[rune]int, 140)
	for _, r := range gsmBasic {
		m[r] = 1
	}
	for _, r := range gsmExtended {
		m[r] = 2
	}
	return m
}()

// Septets returns how many septets s takes in GSM-7, ok false when some
// character is not in GSM-7.
func Septets(s string) (n int, ok bool) {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= utf8.RuneSelf {
			return septetsSlow(s)
		}
		if c >= ' ' && c <= '~' && c != '^' && c != '{' && c != '}' && c != '\\' &&
			c != '[' && c != ']' && c != '|' && c != '~' && c != '`' {
			n++
			continue
		}
		w, found := gsmSeptets[rune(c)]
		if !found {
			return 0, false
		}
		n += w
	}
	return n, true
}

func septetsSlow(s string) (n int, ok bool) {
	for _, r := range s {
		w, found := gsmSeptets[r]
		if !found {
			return 0, false
		}
		n += w
	}
	return n, true
}

// IsGSM7 reports whether every character of s is in the GSM-7 alphabet,
// so that a text costs 160 characters per segment rather than 70.
func IsGSM7(s string) bool {
	_, ok := Septets(s)
	return ok
}

// Segments returns how many SMS segments s is sent as.
func Segments(s string) int {
	if s == "" {
		return 1
	}
	if n, ok := Septets(s); ok {
		if n <= SegmentGSM7 {
			return 1
		}
		return (n + SegmentGSM7Multi - 1) / SegmentGSM7Multi
	}
	units := 0
	for _, r := range s {
		units++
		if r > 0xFFFF {
			units++
		}
	}
	if units <= SegmentUCS2 {
		return 1
	}
	return (units + SegmentUCS2Multi - 1) / SegmentUCS2Multi
}

// GSMSafe returns s in GSM-7, at most max septets: accents GSM-7 lacks are
// dropped (á is a), other characters are left out, and a value cut short
// ends with "..." (three dots: the one-character ellipsis is not GSM-7 and
// would make the whole text UCS-2). A value that already fits is returned
// as is.
func GSMSafe(s string, max int) string {
	if n, ok := Septets(s); ok && n <= max {
		return s
	}
	var b strings.Builder
	b.Grow(min(len(s), 2*max+3))
	n := 0        // runes written, one septet each
	cut := 0      // b.Len() after max-3 runes
	space := true // drops leading and repeated spaces
	for _, r := range s {
		if w, found := gsmSeptets[r]; !found || w == 2 || r == '\n' || r == '\r' {
			if r = plainLetter(r); r == 0 {
				continue
			}
		}
		if r == ' ' {
			if space {
				continue
			}
			space = true
		} else {
			space = false
		}
		if n == max-3 {
			cut = b.Len()
		}
		if n == max {
			return cutMark(b.String(), cut)
		}
		b.WriteRune(r)
		n++
	}
	return strings.TrimRight(b.String(), " ")
}

// cutMark cuts s, a value too long, at byte cut and ends it with "...":
// at the last space instead when the cut falls inside a word and that
// space keeps most of s ("Wed Dec 30..." rather than "Wed Dec 30, 1..."),
// and after the punctuation it ended with ("asthma...", not "asthma....").
func cutMark(s string, cut int) string {
	kept := s[:cut]
	last, _ := utf8.DecodeLastRuneInString(kept)
	next, _ := utf8.DecodeRuneInString(s[cut:])
	if isWordRune(last) && isWordRune(next) {
		if sp := strings.LastIndexByte(kept, ' '); sp >= 2*len(kept)/3 {
			kept = kept[:sp]
		}
	}
	return strings.TrimRight(kept, " .,;:!?-") + "..."
}

func isWordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

// plainLetter is r without an accent GSM-7 lacks, ' ' for a space of any
// kind or a quote that GSM-7 has plainly, or 0 when r has no GSM-7 form.
func plainLetter(r rune) rune {
	switch r {
	case 'á', 'â', 'ã', 'ā':
		return 'a'
	case 'Á', 'À', 'Â', 'Ã':
		return 'A'
	case 'í', 'î', 'ï':
		return 'i'
	case 'Í', 'Ì', 'Î', 'Ï':
		return 'I'
	case 'ó', 'ô', 'õ':
		return 'o'
	case 'Ó', 'Ò', 'Ô', 'Õ':
		return 'O'
	case 'ú', 'û':
		return 'u'
	case 'Ú', 'Ù', 'Û':
		return 'U'
	case 'ê', 'ë':
		return 'e'
	case 'È', 'Ê', 'Ë':
		return 'E'
	case 'ç':
		return 'c'
	case '‘', '’', '`', '´':
		return '\''
	case '“', '”':
		return '"'
	case '–', '—':
		return '-'
	case '\n', '\r', '\t', '\u00a0', '^', '{', '}', '\\', '[', ']', '~', '|', '€', '\f':
		return ' '
	case 'ł':
		return 'l'
	case 'Ł':
		return 'L'
	case 'đ':
		return 'd'
	case 'Đ':
		return 'D'
	case 'ı':
		return 'i'
	}
	// Any other letter with a mark (ś, č, ő...) keeps its base letter, so
	// a name loses its accents, never its letters.
	if d := norm.NFD.String(string(r)); d != "" {
		if base, _ := utf8.DecodeRuneInString(d); base != r {
			if w, found := gsmSeptets[base]; found && w == 1 && base != '\n' && base != '\r' {
				return base
			}
		}
	}
	return 0
}

// Plain is s trimmed, on one line, with the accents GSM-7 lacks
// dropped and what GSM-7 cannot send at all left out (a caller that
// must not lose a character checks Unsendable first).
func Plain(s string) string {
	var b strings.Builder
	for _, r := range strings.Join(strings.Fields(s), " ") {
		if w, ok := gsmSeptets[r]; ok && w == 1 && r != '\n' && r != '\r' {
			b.WriteRune(r)
			continue
		}
		if p := plainLetter(r); p != 0 {
			b.WriteRune(p)
		}
	}
	return strings.Join(strings.Fields(b.String()), " ")
}

// Unsendable is the first character of s that no GSM-7 text can carry,
// even without its accent; 0 when there is none.
func Unsendable(s string) rune {
	for _, r := range s {
		if _, ok := gsmSeptets[r]; ok || r == '\t' {
			continue
		}
		if plainLetter(r) == 0 {
			return r
		}
	}
	return 0
}
