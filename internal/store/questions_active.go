package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/debrief-sms/debrief/internal/conversation"
)

// ActiveQuestions returns every question not retired, at its current
// version, as a report asks them: those for every team, then each team's,
// in order. The inbox reads it only for a text that may start a report
// (conversation.State.NeedsQuestions), through a cache, so a text
// answering a report costs no query for them.
func (s *Store) ActiveQuestions(ctx context.Context) (*conversation.QuestionSet, error) {
	qs, err := s.Questions(ctx, QuestionFilter{})
	if err != nil {
		return nil, fmt.Errorf("active questions: %w", err)
	}
	set := &conversation.QuestionSet{ByTeam: map[int64][]conversation.TeamQuestion{}}
	for _, q := range qs {
		if q.TeamID == nil {
			set.All = append(set.All, q.Current)
		} else {
			set.ByTeam[*q.TeamID] = append(set.ByTeam[*q.TeamID], q.Current)
		}
	}
	return set, nil
}

// QuestionVersions returns the question versions ids name, by ID, with the
// words they asked: what a report's answers (conversation.AnswerVersion of
// their keys) answered. Unknown IDs are left out.
func (s *Store) QuestionVersions(ctx context.Context, ids []int64) (map[int64]conversation.TeamQuestion, error) {
	out := map[int64]conversation.TeamQuestion{}
	if len(ids) == 0 {
		return out, nil
	}
	marks := strings.TrimSuffix(strings.Repeat("?, ", len(ids)), ", ")
	args := make([]any, len(ids))
	for i, id := range ids {
		args[i] = id
	}
	rows, err := s.sql.QueryContext(ctx, s.rebind(`
		SELECT id, question_id, kind, text_en, text_es, choices, optional
		FROM question_versions WHERE id IN (`+marks+`)`), args...)
	if err != nil {
		return nil, fmt.Errorf("question versions: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var q conversation.TeamQuestion
		var kind, choices string
		if err := rows.Scan(&q.ID, &q.Question, &kind, &q.Text, &q.TextES, &choices, &q.Optional); err != nil {
			return nil, fmt.Errorf("question versions: %w", err)
		}
		q.Kind = conversation.QuestionKind(kind)
		if q.Choices, err = decodeChoices(choices); err != nil {
			return nil, fmt.Errorf("question versions: %w", err)
		}
		out[q.ID] = q
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("question versions: %w", err)
	}
	return out, nil
}

// EnableNational asks the national campaign's questions
// (conversation.NationalQuestions) in team's reports, or every team's when
// nil, after the questions it has: stored the first time, brought back as
// they were (same questions, same words) after DisableNational. It returns
// how many it enabled.
func (s *Store) EnableNational(ctx context.Context, team *int64) (int, error) {
	n := 0
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		for _, nq := range conversation.NationalQuestions() {
			var id int64
			var retired sql.NullTime
			err := tx.QueryRowContext(ctx, s.rebind(`
				SELECT id, retired_at FROM questions WHERE `+scopeIs+` AND national = ?`), team, nq.Key).Scan(&id, &retired)
			switch {
			case err == sql.ErrNoRows:
				q, err := conversation.CheckQuestion(nq.TeamQuestion)
				if err != nil {
					return fmt.Errorf("national question %s: %w", nq.Key, err)
				}
				if _, err := s.insertQuestion(ctx, tx, team, nq.Key, q); err != nil {
					return err
				}
				n++
			case err != nil:
				return err
			case retired.Valid:
				now := s.stored(s.now())
				if _, err := tx.ExecContext(ctx, s.rebind(`
					UPDATE questions SET retired_at = NULL, updated_at = ?,
						position = (SELECT COALESCE(MAX(position), 0) + 1 FROM questions WHERE `+scopeIs+`)
					WHERE id = ?`), now, team, id); err != nil {
					return err
				}
				n++
			}
		}
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("enable the national questions: %w", err)
	}
	return n, nil
}

// DisableNational stops asking the national campaign's questions in
// team's reports (every team's when nil); their answers stay. It returns
// how many it retired.
func (s *Store) DisableNational(ctx context.Context, team *int64) (int, error) {
	now := s.stored(s.now())
	res, err := s.sql.ExecContext(ctx, s.rebind(`
		UPDATE questions SET retired_at = ?, updated_at = ?
		WHERE `+scopeIs+` AND national <> '' AND retired_at IS NULL`), now, now, team)
	if err != nil {
		return 0, fmt.Errorf("disable the national questions: %w", err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return 0, fmt.Errorf("disable the national questions: %w", err)
	}
	return int(n), nil
}

// encodeChoices is choices as their column stores them.
func encodeChoices(cs []conversation.TeamChoice) string {
	if len(cs) == 0 {
		return "[]"
	}
	b, _ := json.Marshal(cs)
	return string(b)
}
