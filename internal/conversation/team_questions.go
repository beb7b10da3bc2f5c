package conversation

import (
	"strconv"
	"strings"

	"github.com/debrief-sms/debrief"
	"github.com/debrief-sms/debrief/internal/texts"
)

// QuestionKind is how the answer to a team's own question is read.
type QuestionKind string

// Kinds of a team's own questions.
const (
	AskText   QuestionKind = "text"   // free text
	AskYesNo  QuestionKind = "yesno"  // YES or NO, stored "yes" or "no"
	AskChoice QuestionKind = "choice" // a numbered choice, by number or word, stored as its English words
	AskNumber QuestionKind = "number" // a number, stored as written ("3", "2.5")
	AskDate   QuestionKind = "date"   // a day, stored as 2006-01-02 in the volunteer's zone
)

// QuestionKinds are the kinds, in the order the editor offers them.
var QuestionKinds = []QuestionKind{AskText, AskYesNo, AskChoice, AskNumber, AskDate}

// TeamChoice is one numbered choice of a team's question, in both
// languages (Spanish falls back to English).
type TeamChoice struct {
	EN string `json:"en"`
	ES string `json:"es,omitempty"`
}

// TeamQuestion is one version of a question a coordinator or an organizer
// added for a team or for every team (the national campaign's set is made
// of them too). A version never changes once stored: an edit is a new
// version, so an answer keyed by its version (AnswerKey) always knows the
// words it answered.
type TeamQuestion struct {
	ID       int64        `json:"id"`           // the version's ID
	Question int64        `json:"q,omitempty"`  // the question's ID, the same for all its versions
	Kind     QuestionKind `json:"kind"`         //
	Text     string       `json:"en"`           // English
	TextES   string       `json:"es,omitempty"` // Spanish; English when empty
	Choices  []TeamChoice `json:"choices,omitempty"`
	Optional bool         `json:"optional,omitempty"`
}

// AnswerKey is the key of the answer to question version id in
// Report.Extra: "q" and the version's ID.
func AnswerKey(id int64) string { return "q" + strconv.FormatInt(id, 10) }

// AnswerVersion is the question version an Extra key answers, ok false for
// a key that is not AnswerKey's.
func AnswerVersion(key string) (id int64, ok bool) {
	if len(key) < 2 || key[0] != 'q' || key[1] == '0' {
		return 0, false
	}
	id, err := strconv.ParseInt(key[1:], 10, 64)
	return id, err == nil && id > 0
}

// TextIn is the question's words in lang, English when it has none.
func (q TeamQuestion) TextIn(lang debrief.Language) string {
	if lang == debrief.Spanish && strings.TrimSpace(q.TextES) != "" {
		return q.TextES
	}
	return q.Text
}

// ChoiceIn is choice i's words in lang, English when it has none.
func (q TeamQuestion) ChoiceIn(i int, lang debrief.Language) string {
	c := q.Choices[i]
	if lang == debrief.Spanish && strings.TrimSpace(c.ES) != "" {
		return c.ES
	}
	return c.EN
}

// QuestionSet is every active team question, as Step reads it when a
// report starts: those for all teams, then each team's own, each in order.
type QuestionSet struct {
	All    []TeamQuestion
	ByTeam map[int64][]TeamQuestion
}

// For is the questions a volunteer of team asks, in order: every team's,
// then the team's own. nil for none.
func (s *QuestionSet) For(team *int64) []TeamQuestion {
	if s == nil {
		return nil
	}
	var own []TeamQuestion
	if team != nil {
		own = s.ByTeam[*team]
	}
	if len(s.All) == 0 {
		return own
	}
	return append(append([]TeamQuestion(nil), s.All...), own...)
}

// NeedsQuestions reports whether this text may start a report, so that
// the caller loads Env.QuestionSet only then: a report takes its team's
// questions when it starts (State.Asked) and keeps them to the end, so a
// text answering a report in progress needs none. Every path of Step that
// opens a report passes a state for which this is true.
func (s State) NeedsQuestions(in Inbound, env Env) bool {
	if s.Volunteer.OptedOut {
		return false
	}
	d := s.Draft
	inProgress := d != nil && d.Status == debrief.ReportDraft &&
		s.Step != "" && s.Step != StepName && s.Step != StepTeam && s.Step != StepDone
	if !inProgress {
		return true
	}
	r := run{st: s, env: env}
	return commands[word(in.Body)] == cmdNew || r.idle() >= AbandonAfter
}

// withTeam returns base with the team's questions asked after the
// built-in ones about the meeting and before "Have you thanked them?":
// that question closes a report (its answer is said back in the summary
// that follows at once, and decides the thank-you reminder), so it stays
// last whatever a team adds.
func withTeam(base []Question, asked []TeamQuestion) []Question {
	if len(asked) == 0 {
		return base
	}
	at := questionIndex(base, KeyThanked)
	if at < 0 {
		at = len(base)
	}
	qs := make([]Question, 0, len(base)+len(asked))
	qs = append(qs, base[:at]...)
	for i := range asked {
		qs = append(qs, asked[i].question())
	}
	return append(qs, base[at:]...)
}

// question is how Step asks and reads t.
func (t TeamQuestion) question() Question {
	q := Question{
		Key: AnswerKey(t.ID), Optional: t.Optional, Version: t.ID,
		Prompt: map[debrief.Language]string{},
		Label:  map[debrief.Language]string{},
	}
	for _, lang := range []debrief.Language{debrief.English, debrief.Spanish} {
		q.Prompt[lang] = RenderQuestion(t, lang)
		q.Label[lang] = texts.Plain(t.TextIn(lang))
	}
	switch t.Kind {
	case AskYesNo:
		q.Kind = KindYesNo
	case AskChoice:
		q.Kind = KindChoice
		for i, c := range t.Choices {
			words := []string{strings.ToLower(foldWords(c.EN))}
			if es := strings.ToLower(foldWords(c.ES)); es != "" && es != words[0] {
				words = append(words, es)
			}
			q.Choices = append(q.Choices, Choice{Value: t.Choices[i].EN, Words: words})
		}
	case AskNumber:
		q.Kind = KindNumber
	case AskDate:
		q.Kind = KindDate
	default:
		q.Kind = KindText
	}
	return q
}

// RenderQuestion is the text that asks t in lang: its words, the hint its
// kind needs (YES or NO, SKIP when optional), and its numbered choices,
// one a line, in GSM-7 (accents GSM-7 lacks dropped, as every text of
// Debrief's). CheckQuestion refuses a question whose text is more than one
// segment.
func RenderQuestion(t TeamQuestion, lang debrief.Language) string {
	x := texts.For(lang)
	var b strings.Builder
	b.WriteString(texts.Plain(t.TextIn(lang)))
	hint := ""
	switch {
	case t.Kind == AskYesNo && t.Optional:
		hint = "hint_yesno_skip"
	case t.Kind == AskYesNo:
		hint = "hint_yesno"
	case t.Optional:
		hint = "hint_skip"
	}
	if hint != "" {
		b.WriteString(" ")
		b.WriteString(x.Get(hint, nil))
	}
	if t.Kind == AskChoice {
		for i := range t.Choices {
			b.WriteString("\n")
			b.WriteString(strconv.Itoa(i + 1))
			b.WriteString(" ")
			b.WriteString(texts.Plain(t.ChoiceIn(i, lang)))
		}
	}
	return b.String()
}
