package conversation

import (
	"errors"
	"fmt"
	"strings"

	"github.com/debrief-sms/debrief"
	"github.com/debrief-sms/debrief/internal/texts"
)

// Bounds of a team's question.
const (
	MinChoices = 2
	MaxChoices = 9 // one digit each: "1" to "9"
)

// ErrQuestion is wrapped by every reason CheckQuestion refuses a question:
// the reason is for the person who typed it.
var ErrQuestion = errors.New("question refused")

// questionError is a reason to refuse a question, said in English and
// Spanish.
type questionError struct{ en, es string }

func (e *questionError) Error() string { return e.en }
func (e *questionError) Unwrap() error { return ErrQuestion }

// QuestionReason is why err refused a question, in lang; err's own text
// when CheckQuestion did not make it.
func QuestionReason(err error, lang debrief.Language) string {
	var q *questionError
	if errors.As(err, &q) {
		if lang == debrief.Spanish {
			return q.es
		}
		return q.en
	}
	return err.Error()
}

func refuse(en, es string, args ...any) error {
	return &questionError{en: fmt.Sprintf(en, args...), es: fmt.Sprintf(es, args...)}
}

// CheckQuestion applies the editor's rules to t and returns it tidied
// (spaces trimmed, choices without blanks at the ends), or the first
// reason to refuse it: an English text is needed; a kind Debrief reads;
// 2 to 9 choices for a choice question, none otherwise, Spanish choices as
// many as the English ones, no two alike and none a command word; no
// character a plain text cannot carry; and in both languages the question
// as texted, with its hint and its choices, fits one SMS segment.
func CheckQuestion(t TeamQuestion) (TeamQuestion, error) {
	t.Text = strings.Join(strings.Fields(t.Text), " ")
	t.TextES = strings.Join(strings.Fields(t.TextES), " ")
	if t.Kind == "" {
		t.Kind = AskText
	}
	if t.Text == "" {
		return t, refuse("A question needs its English text.", "Una pregunta necesita su texto en ingles.")
	}
	if !validKind(t.Kind) {
		return t, refuse("%q is not a kind of question: text, yesno, choice, number or date.",
			"%q no es un tipo de pregunta: text, yesno, choice, number o date.", string(t.Kind))
	}
	if err := checkChoices(&t); err != nil {
		return t, err
	}
	for _, s := range append([]string{t.Text, t.TextES}, choiceWords(t)...) {
		if r := texts.Unsendable(s); r != 0 {
			return t, refuse("%q cannot be sent in a plain text message: leave it out.",
				"%q no se puede enviar en un mensaje de texto simple: quitalo.", string(r))
		}
	}
	for _, lang := range []debrief.Language{debrief.English, debrief.Spanish} {
		text := RenderQuestion(t, lang)
		if n, _ := texts.Septets(text); n > texts.SegmentGSM7 {
			return t, refuse("In %s the question as texted, with its hint and choices, is %d characters: one text holds %d. Shorten it by %d.",
				"En %s la pregunta tal como se envia, con su indicacion y sus opciones, tiene %d caracteres: un mensaje admite %d. Acortala en %d.",
				langName(lang), n, texts.SegmentGSM7, n-texts.SegmentGSM7)
		}
	}
	return t, nil
}

func validKind(k QuestionKind) bool {
	for _, v := range QuestionKinds {
		if k == v {
			return true
		}
	}
	return false
}

func langName(lang debrief.Language) string {
	if lang == debrief.Spanish {
		return "Spanish"
	}
	return "English"
}

func checkChoices(t *TeamQuestion) error {
	if t.Kind != AskChoice {
		if len(t.Choices) > 0 {
			return refuse("Choices are only for a choice question (kind choice).",
				"Las opciones son solo para una pregunta de opciones (tipo choice).")
		}
		t.Choices = nil
		return nil
	}
	if len(t.Choices) < MinChoices || len(t.Choices) > MaxChoices {
		return refuse("A choice question needs %d to %d choices; it has %d.",
			"Una pregunta de opciones necesita de %d a %d opciones; tiene %d.", MinChoices, MaxChoices, len(t.Choices))
	}
	seen := map[string]bool{}
	for i := range t.Choices {
		c := &t.Choices[i]
		c.EN = strings.Join(strings.Fields(c.EN), " ")
		c.ES = strings.Join(strings.Fields(c.ES), " ")
		if c.EN == "" {
			return refuse("Choice %d has no words.", "La opcion %d no tiene palabras.", i+1)
		}
		for _, w := range []string{c.EN, c.ES} {
			if w == "" {
				continue
			}
			folded := word(w)
			if commands[folded] != cmdNone || optOutWords[folded] || optInWords[folded] {
				return refuse("Choice %d, %q, is a command word: a volunteer replying it would not answer.",
					"La opcion %d, %q, es una palabra de comando: responderla no seria una respuesta.", i+1, w)
			}
		}
		key := strings.ToLower(foldWords(c.EN))
		if seen[key] {
			return refuse("Choice %d, %q, is there twice.", "La opcion %d, %q, esta dos veces.", i+1, c.EN)
		}
		seen[key] = true
	}
	hasES := 0
	for _, c := range t.Choices {
		if c.ES != "" {
			hasES++
		}
	}
	if hasES > 0 && hasES < len(t.Choices) {
		return refuse("Give every choice in Spanish, or none.", "Da todas las opciones en espanol, o ninguna.")
	}
	return nil
}

func choiceWords(t TeamQuestion) []string {
	var out []string
	for _, c := range t.Choices {
		out = append(out, c.EN, c.ES)
	}
	return out
}

// SplitChoices reads choices typed as "a;b;c" (the command line's and the
// page's form), with the Spanish ones in es the same way ("" for none).
func SplitChoices(en, es string) []TeamChoice {
	split := func(s string) []string {
		if strings.TrimSpace(s) == "" {
			return nil
		}
		parts := strings.Split(s, ";")
		for i := range parts {
			parts[i] = strings.TrimSpace(parts[i])
		}
		for len(parts) > 0 && parts[len(parts)-1] == "" {
			parts = parts[:len(parts)-1] // "a;b;" has two
		}
		return parts
	}
	ens, ess := split(en), split(es)
	out := make([]TeamChoice, 0, max(len(ens), len(ess)))
	for i := 0; i < max(len(ens), len(ess)); i++ {
		var c TeamChoice
		if i < len(ens) {
			c.EN = ens[i]
		}
		if i < len(ess) {
			c.ES = ess[i]
		}
		out = append(out, c)
	}
	return out
}
