package conversation

import (
	"maps"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/debrief-sms/debrief"
	"github.com/debrief-sms/debrief/internal/phone"
)

// Limits on what is stored of an answer.
const (
	MaxAnswer = 1000 // characters of a free-text answer
	MaxName   = 100  // characters of a name (volunteer, person, team)
)

// clip trims s and cuts it to max characters; cut reports a cut.
func clip(s string, max int) (out string, cut bool) {
	s = strings.TrimSpace(s)
	if len(s) <= max {
		return s, false
	}
	n := 0
	for i := range s {
		if n == max {
			return strings.TrimSpace(s[:i]), true
		}
		n++
	}
	return s, false
}

// hasWords reports whether s has a letter or a digit: emoji alone are not
// an answer.
func hasWords(s string) bool {
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return true
		}
	}
	return false
}

// fillers are words left around a name once its phone and email are out.
var fillers = map[string]bool{
	"PHONE": true, "CELL": true, "MOBILE": true, "TEL": true, "NUMBER": true, "EMAIL": true, "E MAIL": true,
	"AND": true, "OR": true, "AT": true, "TELEFONO": true, "CEL": true, "CELULAR": true, "CORREO": true,
	"Y": true, "NUMERO": true, "MAIL": true,
}

// person splits an answer into a name, a phone number (E.164, read as a US
// number) and an email address.
func person(text string) (name, e164, email string) {
	rest := text
	if e, at, ok := findPhone(rest); ok {
		e164 = e
		rest = rest[:at.start] + " " + rest[at.end:]
	}
	if at := strings.IndexByte(rest, '@'); at > 0 {
		start := strings.LastIndexFunc(rest[:at], unicode.IsSpace) + 1
		end := at + strings.IndexFunc(rest[at:], unicode.IsSpace)
		if end < at {
			end = len(rest)
		}
		cand := strings.TrimRight(rest[start:end], ".,;:)!?>")
		cand = strings.TrimLeft(cand, "(<")
		if dot := strings.LastIndexByte(cand, '.'); dot > strings.IndexByte(cand, '@')+1 && dot < len(cand)-1 && cand[0] != '@' {
			email = cand
			rest = rest[:start] + " " + rest[end:]
		}
	}
	return cleanName(rest), e164, email
}

type span struct{ start, end int }

// findPhone finds a phone number that starts a word: "Rep1 617 253 1000"
// holds 617 253 1000, not 1 617 253 1000.
func findPhone(text string) (string, span, bool) {
	if strings.IndexFunc(text, unicode.IsDigit) < 0 {
		return "", span{}, false
	}
	masked := []byte(text)
	for i := 1; i < len(masked); i++ {
		if masked[i] >= '0' && masked[i] <= '9' && isWordByte(text[i-1]) && !(text[i-1] >= '0' && text[i-1] <= '9') {
			// A digit glued to a letter; mask it and the digits after it.
			for j := i; j < len(masked) && masked[j] >= '0' && masked[j] <= '9'; j++ {
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

func isWordByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c >= utf8.RuneSelf
}

// cleanName drops punctuation and filler words around a name.
func cleanName(s string) string {
	trim := func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '.' && r != '\'' }
	for {
		s = strings.TrimFunc(s, trim)
		s = strings.TrimRight(s, ".")
		f := strings.Fields(s)
		switch {
		case len(f) == 0:
			return ""
		case fillers[word(f[len(f)-1])]:
			s = s[:strings.LastIndex(s, f[len(f)-1])]
		case fillers[word(f[0])] && len(f) > 1:
			s = s[len(f[0]):]
		default:
			name, _ := clip(strings.Join(f, " "), MaxName)
			return name
		}
	}
}

// choose reads a KindChoice answer: a number, a word of a choice, or free
// text. It returns the chosen value and whether the text was only the
// number (so that the volunteer's words are not worth keeping).
func choose(q *Question, text string) (value string, bare bool) {
	w := word(text)
	digits := strings.TrimLeft(text, " (")
	end := strings.IndexFunc(digits, func(r rune) bool { return r < '0' || r > '9' })
	if end < 0 {
		end = len(digits)
	}
	if end > 0 && end <= 2 && (end == len(digits) || !unicode.IsLetter(rune(digits[end]))) {
		if n, err := strconv.Atoi(digits[:end]); err == nil && n >= 1 && n <= len(q.Choices) {
			return q.Choices[n-1].Value, strings.TrimSpace(digits[end:]) == "" || w == digits[:end]
		}
	}
	folded := " " + strings.ToLower(foldWords(text)) + " "
	for _, c := range q.Choices {
		for _, phrase := range c.Words {
			if strings.Contains(folded, " "+phrase+" ") {
				return c.Value, false
			}
		}
	}
	if len(q.Choices) > 0 && q.Key == KeyCommitment {
		return string(debrief.CommitOther), false
	}
	return "", false
}

// foldWords is word without its length bound, for searching phrases.
func foldWords(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		b.WriteByte(foldUpper(r))
	}
	return strings.Join(strings.Fields(b.String()), " ")
}

// answer returns the report's answer to key as text, "" when unanswered.
func answer(r *debrief.Report, key string) string {
	switch key {
	case KeyPerson:
		return r.PersonName
	case KeyIssue:
		return r.Issue
	case KeyCommitment:
		return string(r.Commitment)
	case KeyNextSteps:
		return r.NextSteps
	case KeyEnjoy:
		return r.Enjoy
	case KeyNotes:
		return r.Notes
	case KeyThanked:
		if r.Thanked == nil {
			return ""
		}
		return strconv.FormatBool(*r.Thanked)
	}
	return r.Extra[key]
}

// setText stores a text answer to key.
func setText(r *debrief.Report, key, text string) {
	switch key {
	case KeyPerson:
		r.PersonName = text
	case KeyIssue:
		r.Issue = text
	case KeyNextSteps:
		r.NextSteps = text
	case KeyEnjoy:
		r.Enjoy = text
	case KeyNotes:
		r.Notes = text
	default:
		// Copy: the map may be shared with the caller's State.
		extra := make(map[string]string, len(r.Extra)+1)
		maps.Copy(extra, r.Extra)
		extra[key] = text
		r.Extra = extra
	}
}

// hasAnswers reports whether any question of r is answered.
func hasAnswers(r *debrief.Report, qs []Question) bool {
	for i := range qs {
		if answer(r, qs[i].Key) != "" {
			return true
		}
	}
	return false
}

// newReport is report seq, started now.
func newReport(seq int, now time.Time) *debrief.Report {
	return &debrief.Report{Seq: seq, Status: debrief.ReportDraft, StartedAt: now, UpdatedAt: now}
}
