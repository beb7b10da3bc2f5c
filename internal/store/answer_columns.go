package store

import (
	"cmp"
	"context"
	"fmt"
	"slices"

	"github.com/debrief-sms/debrief/internal/conversation"
)

// AnswerColumn is one column of extra answers in an export: headed by the
// English words of the question asked, holding the answers of every
// version asked in those words (an edit of the Spanish only, or of
// whether it is optional, keeps its column).
type AnswerColumn struct {
	Head string
	Keys []string // Report.Extra keys, any one of which a report answered
}

// AnswerColumns returns the columns of the extra answers of the reports f
// selects, known before the export's first row: a team question's by the
// words it asked, in the order of the questions then their versions; any
// other key (not a question version's) after them, headed by the key.
func (s *Store) AnswerColumns(ctx context.Context, f ReportFilter) ([]AnswerColumn, error) {
	keys, err := s.ReportExtraKeys(ctx, f)
	if err != nil {
		return nil, fmt.Errorf("answer columns: %w", err)
	}
	var ids []int64
	for _, k := range keys {
		if id, ok := conversation.AnswerVersion(k); ok {
			ids = append(ids, id)
		}
	}
	versions, err := s.QuestionVersions(ctx, ids)
	if err != nil {
		return nil, fmt.Errorf("answer columns: %w", err)
	}
	type asked struct {
		key string
		q   conversation.TeamQuestion
	}
	var known []asked
	var others []AnswerColumn
	for _, k := range keys {
		id, _ := conversation.AnswerVersion(k)
		if q, ok := versions[id]; ok {
			known = append(known, asked{k, q})
			continue
		}
		others = append(others, AnswerColumn{Head: k, Keys: []string{k}})
	}
	slices.SortFunc(known, func(a, b asked) int {
		return cmp.Or(cmp.Compare(a.q.Question, b.q.Question), cmp.Compare(a.q.ID, b.q.ID))
	})
	var out []AnswerColumn
	at := map[string]int{}
	for _, a := range known {
		if i, ok := at[a.q.Text]; ok {
			out[i].Keys = append(out[i].Keys, a.key)
			continue
		}
		at[a.q.Text] = len(out)
		out = append(out, AnswerColumn{Head: a.q.Text, Keys: []string{a.key}})
	}
	return append(out, others...), nil
}
