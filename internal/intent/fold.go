package intent

import (
	"unicode"
	"unicode/utf8"

	"github.com/debrief-sms/debrief/internal/accent"
)

// maxBytes and maxWords bound what is read. A reply is a few words; a
// text beyond either bound is long: a new report, whatever words it holds.
const (
	maxBytes = 1024
	maxWords = 40
)

// words returns text as folded words: lower-case ASCII letters and digits,
// accents dropped (sí is si), apostrophes closed up (haven't is havent),
// anything else a break between words. A check mark is the word "done"
// and a thumbs-up the word "ok". A word the lexicon does not know but
// would know with its repeated letters single ("yesss", "siii") or
// double ("alll") is made so. Bit i of clauses is set when word i follows
// a mark that ends a clause (. , ; : ! ? or a new line). long reports a
// text over maxBytes or maxWords; its words are then nil.
func words(text string) (ws []string, clauses uint64, long bool) {
	if len(text) > maxBytes {
		return nil, 0, true
	}
	b := make([]byte, 0, len(text)+8)
	for _, r := range text {
		if w := emojiWord(r); w != "" {
			b = append(b, ' ')
			b = append(b, w...)
			b = append(b, ' ')
			continue
		}
		switch c := foldRune(r); {
		case c == 0:
		case c == ' ' && endsClause(r):
			b = append(b, '|')
		default:
			b = append(b, c)
		}
	}
	s := string(b)
	n := 0
	for i := 0; i < len(s); i++ {
		if s[i] != ' ' && s[i] != '|' && (i == 0 || s[i-1] == ' ' || s[i-1] == '|') {
			n++
		}
	}
	if n > maxWords {
		return nil, 0, true
	}
	ws = make([]string, 0, n)
	brk := false
	for i := 0; i < len(s); {
		switch s[i] {
		case ' ':
			i++
			continue
		case '|':
			brk = true
			i++
			continue
		}
		j := i
		for j < len(s) && s[j] != ' ' && s[j] != '|' {
			j++
		}
		if brk && len(ws) > 0 {
			clauses |= 1 << len(ws)
		}
		brk = false
		ws = append(ws, known(s[i:j]))
		i = j
	}
	return ws, clauses, false
}

// known returns w, or w with its repeated letters cut when that makes a
// word of the lexicon.
func known(w string) string {
	if vocab[w] {
		return w
	}
	if s := squeeze(w, 1); vocab[s] {
		return s
	}
	if s := squeeze(w, 2); vocab[s] {
		return s
	}
	return w
}

// endsClause reports a mark after which a new clause starts.
func endsClause(r rune) bool {
	switch r {
	case '.', ',', ';', ':', '!', '?', '\n', '¡', '¿':
		return true
	}
	return false
}

// emojiWord is the word an emoji stands for in a reply, or "".
func emojiWord(r rune) string {
	switch r {
	case '✅', '✔', '☑', '✓':
		return "done"
	case '👍':
		return "ok"
	}
	return ""
}

// foldRune maps r to one byte of a folded word: a lower-case ASCII letter
// or digit, '_' for a letter it cannot fold (a word no lexicon entry
// holds), 0 for a rune that joins (an apostrophe, a variation selector),
// and ' ' for anything else.
func foldRune(r rune) byte {
	switch {
	case r >= 'a' && r <= 'z', r >= '0' && r <= '9':
		return byte(r)
	case r >= 'A' && r <= 'Z':
		return byte(r) + 'a' - 'A'
	case r == '\'' || r == '`':
		return 0
	case r < utf8.RuneSelf:
		return ' '
	}
	switch r {
	case '’', '‘', 'ʼ', '´', '\uFE0F', '\u200D':
		return 0
	}
	if c, ok := accent.Plain(r); ok {
		return c
	}
	if unicode.IsLetter(r) || unicode.IsDigit(r) {
		return '_'
	}
	return ' '
}

// squeeze returns w with every run of one letter longer than limit cut to
// limit letters.
func squeeze(w string, limit int) string {
	if !repeats(w, limit) {
		return w
	}
	b := make([]byte, 0, len(w))
	run := 0
	for i := 0; i < len(w); i++ {
		if i > 0 && w[i] == w[i-1] {
			run++
		} else {
			run = 1
		}
		if run <= limit {
			b = append(b, w[i])
		}
	}
	return string(b)
}

// repeats reports whether w holds a run of one letter longer than limit.
func repeats(w string, limit int) bool {
	run := 0
	for i := 0; i < len(w); i++ {
		if i > 0 && w[i] == w[i-1] {
			run++
		} else {
			run = 1
		}
		if run > limit {
			return true
		}
	}
	return false
}
