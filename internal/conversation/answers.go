package conversation

import (
	"maps"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/debrief-sms/debrief"
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

// fillers are words left around a team's name ("the team is Riverside").
var fillers = map[string]bool{
	"PHONE": true, "CELL": true, "MOBILE": true, "TEL": true, "NUMBER": true, "EMAIL": true, "E MAIL": true,
	"AND": true, "OR": true, "AT": true, "TELEFONO": true, "CEL": true, "CELULAR": true, "CORREO": true,
	"Y": true, "NUMERO": true, "MAIL": true,
}

// cleanName drops punctuation and filler words around a team's name.
// People's names are read by internal/names.
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
