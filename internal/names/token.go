package names

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/debrief-sms/debrief/internal/accent"
)

// A token is a word or a mark of punctuation of the text.
type token struct {
	text string // as written
	key  string // folded: lower case, accents dropped, ’ as '
	word bool   // letters and digits, not punctuation
	num  bool   // a word with a digit in it: never part of a name
}

// tokenize splits text into words and punctuation, and drops what is
// inside parentheses: "Maria (Riverside)" is Maria.
func tokenize(text string) []token {
	toks := make([]token, 0, 16)
	depth := 0
	for i := 0; i < len(text); {
		r, size := utf8.DecodeRuneInString(text[i:])
		switch {
		case r == '\n':
			toks = appendTok(toks, depth, token{text: "\n", key: "\n"})
			i += size
		case unicode.IsSpace(r):
			i += size
		case unicode.IsLetter(r) || unicode.IsDigit(r): // a mark only goes on a word: "❤️" is no word
			end, num := wordEnd(text, i)
			w := text[i:end]
			toks = appendTok(toks, depth, token{text: w, key: key(w), word: true, num: num})
			i = end
		default:
			p := text[i : i+size]
			if r == utf8.RuneError {
				p = ""
			}
			switch r {
			case '(', '[', '{':
				depth++
			case ')', ']', '}':
				if depth > 0 {
					depth--
				}
				// "Guadalupe (Lupe) Rivera" is Guadalupe Rivera.
				i += size
				continue
			}
			toks = appendTok(toks, depth, token{text: p, key: p})
			i += size
		}
	}
	return toks
}

// appendTok appends t unless it is inside parentheses; a run of
// punctuation is kept as its first mark.
func appendTok(toks []token, depth int, t token) []token {
	if depth > 0 {
		return toks
	}
	if !t.word && len(toks) > 0 && !toks[len(toks)-1].word {
		return toks
	}
	return append(toks, t)
}

func isWordRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r)
}

// wordEnd returns where the word starting at i ends. Apostrophes and
// hyphens between letters stay inside it (O'Brien, Mary-Kate), as do a
// colon between digits (1:1), the slash of "w/", and the dot of an
// initial or a title (J., Dr.).
func wordEnd(text string, i int) (end int, num bool) {
	end = i
	for end < len(text) {
		r, size := utf8.DecodeRuneInString(text[end:])
		if isWordRune(r) {
			num = num || unicode.IsDigit(r)
			end += size
			continue
		}
		if (r == '\'' || r == '’' || r == '-' || r == ':') && end > i && end+size < len(text) {
			next, _ := utf8.DecodeRuneInString(text[end+size:])
			prev, _ := utf8.DecodeLastRuneInString(text[:end])
			if r == ':' && unicode.IsDigit(prev) && unicode.IsDigit(next) ||
				r != ':' && isWordRune(prev) && isWordRune(next) {
				end += size
				continue
			}
		}
		break
	}
	if end < len(text) {
		switch w := text[i:end]; {
		case text[end] == '/' && (w == "w" || w == "W"):
			end++
		case text[end] == '.' && (utf8.RuneCountInString(w) == 1 && !num || titles[fold(w)]):
			end++
		}
	}
	return end, num
}

// key returns the key of word w: folded, and spelled right when it is a
// usual slip or shorthand ("wiht", "q", "x" for por).
func key(w string) string {
	switch w {
	case "q":
		return "que"
	case "x":
		return "por" // "x telefono"; Malcolm X keeps his capital
	}
	k := fold(w)
	if right, ok := slips[k]; ok {
		return right
	}
	return k
}

// fold returns w in lower case with its accents dropped, so that "Reuní"
// and "reuni" are one key.
func fold(w string) string {
	ascii := true
	for i := 0; i < len(w); i++ {
		if c := w[i]; c >= utf8.RuneSelf || c >= 'A' && c <= 'Z' {
			ascii = false
			break
		}
	}
	if ascii {
		return w
	}
	var b strings.Builder
	b.Grow(len(w))
	for _, r := range w {
		b.WriteRune(foldRune(r))
	}
	return b.String()
}

func foldRune(r rune) rune {
	if r < utf8.RuneSelf {
		return unicode.ToLower(r)
	}
	if c, ok := accent.Plain(r); ok {
		return rune(c)
	}
	if r == '’' || r == '‘' {
		return '\''
	}
	return unicode.ToLower(r)
}
