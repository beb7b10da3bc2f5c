package conversation

import (
	"strings"

	"github.com/debrief-sms/debrief"
	"github.com/debrief-sms/debrief/internal/texts"
)

// Kind is how an answer is read.
type Kind int

// Kinds of questions.
const (
	KindText     Kind = iota // free text
	KindPerson               // a name, with a phone number or email taken out of it
	KindChoice               // a numbered choice, a word for one, or free text for "other"
	KindDateText             // free text that should name a day
	KindYesNo                // YES or NO, in English or Spanish
	KindNumber               // a number (a team's own question)
	KindDate                 // a day, read by internal/dates (a team's own question)
)

// Choice is one numbered option of a KindChoice question.
type Choice struct {
	Value string   // stored value, e.g. debrief.CommitHouseParty
	Words []string // folded lower-case words or phrases that pick it, in any language
}

// Question is one question of a report. Answers to keys the report has no
// field for go to Report.Extra.
type Question struct {
	Key      string // report field: person, issue, commitment, next_steps, enjoy, notes, thanked, or a team's own
	Template string // name of the template that asks it; its label for EDIT is "label_" + Key
	Kind     Kind
	Optional bool     // SKIP allowed
	Choices  []Choice // numbered 1, 2, 3... for KindChoice
	// Prompt asks the question by language when it has no template (a
	// team's own question); Label names it in the EDIT list.
	Prompt, Label map[debrief.Language]string
	// Version is the TeamQuestion version a team's own question asks; 0
	// for the built-in ones.
	Version int64
}

// Keys of the built-in questions.
const (
	KeyPerson     = "person"
	KeyIssue      = "issue"
	KeyCommitment = "commitment"
	KeyNextSteps  = "next_steps"
	KeyEnjoy      = "enjoy"
	KeyNotes      = "notes"
	KeyThanked    = "thanked"
)

// DefaultQuestions returns the questions of a 1:1 report, in the order they
// are asked. Each call returns a new slice, so a caller may extend it with
// a team's own questions and pass it as Env.Questions.
func DefaultQuestions() []Question {
	return []Question{
		{Key: KeyPerson, Template: "q_person", Kind: KindPerson},
		{Key: KeyIssue, Template: "q_issue", Kind: KindText},
		{Key: KeyCommitment, Template: "q_commitment", Kind: KindChoice, Choices: commitmentChoices()},
		{Key: KeyNextSteps, Template: "q_next_steps", Kind: KindDateText},
		{Key: KeyEnjoy, Template: "q_enjoy", Kind: KindText},
		{Key: KeyNotes, Template: "q_notes", Kind: KindText, Optional: true},
		{Key: KeyThanked, Template: "q_thanked", Kind: KindYesNo},
	}
}

func commitmentChoices() []Choice {
	return []Choice{
		{Value: string(debrief.CommitHouseParty), Words: []string{"house party", "party", "host", "fiesta", "reunion en casa", "organizar"}},
		{Value: string(debrief.CommitAction), Words: []string{"action", "attend", "accion", "ir a", "march", "rally", "marcha"}},
		{Value: string(debrief.CommitMeetAgain), Words: []string{"meet again", "again", "reunirse", "otra vez", "de nuevo", "volver a"}},
		{Value: string(debrief.CommitOther), Words: []string{"something else", "other", "otra cosa", "otro"}},
		{Value: string(debrief.CommitNone), Words: []string{"nothing", "none", "not yet", "nada", "todavia no", "aun no", "no"}},
	}
}

// defaultQuestions is the list Step uses when Env.Questions is nil; it is
// only read.
var defaultQuestions = DefaultQuestions()

// questionIndex returns the position of key in qs, -1 when absent.
func questionIndex(qs []Question, key string) int {
	for i := range qs {
		if qs[i].Key == key {
			return i
		}
	}
	return -1
}

// QuestionText is the question template asks in lang, with the person met
// written as a neutral word ("this person") and cut after its first
// question mark, leaving out the choices and hints that follow: "What did
// this person agree to do?". An export heads its answers with it.
func QuestionText(lang debrief.Language, template string) string {
	x := texts.For(lang)
	var v texts.Vars
	v[texts.Person] = x.Get("someone", nil)
	q := x.Get(template, &v)
	if i := strings.IndexByte(q, '?'); i >= 0 {
		q = q[:i+1]
	}
	return q
}
