package web

import (
	"cmp"
	"context"
	"maps"
	"slices"

	"github.com/debrief-sms/debrief"
	"github.com/debrief-sms/debrief/internal/conversation"
)

// ownAnswers are a report's answers to team questions, each labelled with
// the words of the question version it answered, in lang (its English when
// it had no Spanish), in the order the questions were made; an answer to
// a key that is no question version's is labelled by the key. Yes and no
// are said in lang.
func (h *handlers) ownAnswers(ctx context.Context, extra map[string]string, lang debrief.Language) ([]answer, error) {
	if len(extra) == 0 {
		return nil, nil
	}
	var ids []int64
	for k := range extra {
		if id, ok := conversation.AnswerVersion(k); ok {
			ids = append(ids, id)
		}
	}
	versions := map[int64]conversation.TeamQuestion{}
	if h.cfg.Questions != nil && len(ids) > 0 {
		var err error
		if versions, err = h.cfg.Questions.QuestionVersions(ctx, ids); err != nil {
			return nil, err
		}
	}
	w := words(lang)
	type labelled struct {
		question, version int64
		answer
	}
	var out []labelled
	for _, k := range slices.Sorted(maps.Keys(extra)) {
		value := extra[k]
		id, _ := conversation.AnswerVersion(k)
		q, ok := versions[id]
		if !ok {
			out = append(out, labelled{question: 1 << 62, answer: answer{Label: k, Value: value}})
			continue
		}
		if q.Kind == conversation.AskYesNo {
			value = word(w, "", value)
		}
		if q.Kind == conversation.AskChoice {
			for i, c := range q.Choices {
				if c.EN == value {
					value = q.ChoiceIn(i, lang)
				}
			}
		}
		out = append(out, labelled{q.Question, q.ID, answer{Label: q.TextIn(lang), Value: value}})
	}
	slices.SortStableFunc(out, func(a, b labelled) int {
		if a.question != b.question {
			return cmp.Compare(a.question, b.question)
		}
		return cmp.Compare(a.version, b.version)
	})
	answers := make([]answer, len(out))
	for i, l := range out {
		answers[i] = l.answer
	}
	return answers, nil
}
