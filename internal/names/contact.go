package names

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/debrief-sms/debrief/internal/phone"
)

// span is a byte range of the text.
type span struct{ start, end int }

// contacts takes the phone number and the email address out of text and
// returns what is left, each one replaced by a comma so that the words on
// either side are not read as one name.
func contacts(text string) (rest, e164, email string) {
	rest = text
	if e, at, ok := findPhone(rest); ok {
		e164 = e
		rest = rest[:at.start] + " , " + rest[at.end:]
	}
	if e, at, ok := findEmail(rest); ok {
		email = e
		rest = rest[:at.start] + " , " + rest[at.end:]
	}
	return rest, e164, email
}

// findPhone finds a phone number that starts a word: "Rep1 617 253 1000"
// holds 617 253 1000, not 1 617 253 1000.
func findPhone(text string) (string, span, bool) {
	if strings.IndexFunc(text, unicode.IsDigit) < 0 {
		return "", span{}, false
	}
	masked := []byte(text)
	for i := 1; i < len(masked); i++ {
		if isDigit(masked[i]) && isWordByte(text[i-1]) && !isDigit(text[i-1]) {
			// A digit glued to a letter; mask it and the digits after it.
			for j := i; j < len(masked) && isDigit(masked[j]); j++ {
				masked[j] = 'x'
			}
		}
	}
	e164, written, ok := phone.Find(string(masked), "US")
	if !ok {
		return "", span{}, false
	}
	at := strings.Index(string(masked), written)
	if at < 0 {
		return "", span{}, false
	}
	return e164, span{at, at + len(written)}, true
}

// findEmail finds a word with an @ and a dot after it: ana@x.org.
func findEmail(text string) (string, span, bool) {
	at := strings.IndexByte(text, '@')
	if at <= 0 {
		return "", span{}, false
	}
	start := strings.LastIndexFunc(text[:at], unicode.IsSpace) + 1
	end := at + strings.IndexFunc(text[at:], unicode.IsSpace)
	if end < at {
		end = len(text)
	}
	cand := strings.TrimRight(text[start:end], ".,;:)!?>")
	lead := len(cand)
	cand = strings.TrimLeft(cand, "(<")
	lead -= len(cand)
	dot := strings.LastIndexByte(cand, '.')
	if cand == "" || cand[0] == '@' || dot <= strings.IndexByte(cand, '@')+1 || dot == len(cand)-1 || !utf8.ValidString(cand) {
		return "", span{}, false
	}
	return cand, span{start + lead, start + lead + len(cand)}, true
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

func isWordByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || isDigit(c) || c >= utf8.RuneSelf
}
