package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/debrief-sms/debrief/internal/conversation"
)

// ErrUnknownQuestion reports a question that is not stored.
var ErrUnknownQuestion = errors.New("no such question")

// ErrRetired reports a change to a retired question: it is kept for the
// reports that answered it, and changes no more.
var ErrRetired = errors.New("question is retired")

// StoredQuestion is a question with its current version: its scope (a team,
// or every team when TeamID is nil), its place among the active questions
// of that scope (1, 2, 3...), and the key of its question in the national
// campaign's set, if it is one.
type StoredQuestion struct {
	ID        int64
	TeamID    *int64
	TeamName  string // "" for every team
	Position  int
	National  string
	Version   int                       // 1 for the first words, then one more per edit
	Current   conversation.TeamQuestion // the current version (Current.ID is its ID)
	RetiredAt *time.Time
	CreatedAt time.Time
}

// QuestionFilter selects questions to list.
type QuestionFilter struct {
	// Team selects one team's questions; nil with AllTeams false lists
	// every scope, nil with AllTeams the questions for every team only.
	Team     *int64
	AllTeams bool
	Retired  bool // list retired questions too
}

// AddQuestion checks q with the editor's rules (conversation.CheckQuestion)
// and stores it last in its scope: team, or every team when nil. An error
// the person who typed it can fix wraps conversation.ErrQuestion.
func (s *Store) AddQuestion(ctx context.Context, team *int64, q conversation.TeamQuestion) (StoredQuestion, error) {
	q, err := conversation.CheckQuestion(q)
	if err != nil {
		return StoredQuestion{}, fmt.Errorf("add question: %w", err)
	}
	var id int64
	err = s.inTx(ctx, func(tx *sql.Tx) error {
		var err error
		id, err = s.insertQuestion(ctx, tx, team, "", q)
		return err
	})
	if err != nil {
		return StoredQuestion{}, fmt.Errorf("add question: %w", err)
	}
	return s.Question(ctx, id)
}

// insertQuestion stores q last in its scope, with its first version.
func (s *Store) insertQuestion(ctx context.Context, tx *sql.Tx, team *int64, national string, q conversation.TeamQuestion) (int64, error) {
	now := s.stored(s.now())
	var id int64
	err := tx.QueryRowContext(ctx, s.rebind(`
		INSERT INTO questions (team_id, position, national, created_at, updated_at)
		VALUES (?, (SELECT COALESCE(MAX(position), 0) + 1 FROM questions WHERE `+scopeIs+`), ?, ?, ?)
		RETURNING id`), team, team, national, now, now).Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("insert question: %w", err)
	}
	return id, s.insertVersion(ctx, tx, id, 1, q, now)
}

// scopeIs matches the questions of one scope: its argument is the team's
// ID, or NULL for every team.
const scopeIs = `team_id IS NOT DISTINCT FROM ?`

func (s *Store) insertVersion(ctx context.Context, tx *sql.Tx, question int64, version int, q conversation.TeamQuestion, now time.Time) error {
	_, err := tx.ExecContext(ctx, s.rebind(`
		INSERT INTO question_versions (question_id, version, kind, text_en, text_es, choices, optional, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`),
		question, version, string(q.Kind), q.Text, q.TextES, encodeChoices(q.Choices), q.Optional, now)
	if err != nil {
		return fmt.Errorf("insert question version: %w", err)
	}
	return nil
}

// EditQuestion gives question id new words (a new version): the reports
// that answered the old words keep them, and a report under way keeps
// asking them.
func (s *Store) EditQuestion(ctx context.Context, id int64, q conversation.TeamQuestion) (StoredQuestion, error) {
	q, err := conversation.CheckQuestion(q)
	if err != nil {
		return StoredQuestion{}, fmt.Errorf("edit question %d: %w", id, err)
	}
	old, err := s.Question(ctx, id)
	if err != nil {
		return StoredQuestion{}, fmt.Errorf("edit question: %w", err)
	}
	if old.RetiredAt != nil {
		return StoredQuestion{}, fmt.Errorf("edit question %d: %w", id, ErrRetired)
	}
	err = s.inTx(ctx, func(tx *sql.Tx) error {
		now := s.stored(s.now())
		if _, err := tx.ExecContext(ctx, s.rebind(`UPDATE questions SET updated_at = ? WHERE id = ?`), now, id); err != nil {
			return err
		}
		return s.insertVersion(ctx, tx, id, old.Version+1, q, now)
	})
	if err != nil {
		return StoredQuestion{}, fmt.Errorf("edit question %d: %w", id, err)
	}
	return s.Question(ctx, id)
}

// MoveQuestion puts question id at place to (1 is asked first) among the
// active questions of its scope; the others keep their order. A place past
// the end is the end.
func (s *Store) MoveQuestion(ctx context.Context, id int64, to int) error {
	q, err := s.Question(ctx, id)
	if err != nil {
		return fmt.Errorf("move question: %w", err)
	}
	if q.RetiredAt != nil {
		return fmt.Errorf("move question %d: %w", id, ErrRetired)
	}
	active, err := s.Questions(ctx, QuestionFilter{Team: q.TeamID, AllTeams: q.TeamID == nil})
	if err != nil {
		return fmt.Errorf("move question %d: %w", id, err)
	}
	order := make([]int64, 0, len(active))
	for _, a := range active {
		if a.ID != id {
			order = append(order, a.ID)
		}
	}
	to = min(max(to, 1), len(order)+1)
	order = append(order[:to-1], append([]int64{id}, order[to-1:]...)...)
	err = s.inTx(ctx, func(tx *sql.Tx) error {
		now := s.stored(s.now())
		for i, qid := range order {
			if _, err := tx.ExecContext(ctx, s.rebind(`UPDATE questions SET position = ?, updated_at = ? WHERE id = ?`), i+1, now, qid); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("move question %d: %w", id, err)
	}
	return nil
}

// RetireQuestion stops question id from being asked by reports that start
// from now on; it stays, with its versions, for the reports that answered
// it. Retiring a retired question does nothing.
func (s *Store) RetireQuestion(ctx context.Context, id int64) error {
	if _, err := s.Question(ctx, id); err != nil {
		return fmt.Errorf("retire question: %w", err)
	}
	now := s.stored(s.now())
	_, err := s.sql.ExecContext(ctx, s.rebind(`
		UPDATE questions SET retired_at = ?, updated_at = ? WHERE id = ? AND retired_at IS NULL`), now, now, id)
	if err != nil {
		return fmt.Errorf("retire question %d: %w", id, err)
	}
	return nil
}

// questionSelect reads questions with their current version.
const questionSelect = `
SELECT q.id, q.team_id, COALESCE(t.name, ''), q.position, q.national, q.retired_at, q.created_at,
	qv.id, qv.version, qv.kind, qv.text_en, qv.text_es, qv.choices, qv.optional
FROM questions q
LEFT JOIN teams t ON t.id = q.team_id
JOIN question_versions qv ON qv.question_id = q.id
	AND qv.version = (SELECT MAX(version) FROM question_versions WHERE question_id = q.id)`

// Question returns question id with its current version, or
// ErrUnknownQuestion.
func (s *Store) Question(ctx context.Context, id int64) (StoredQuestion, error) {
	qs, err := s.queryQuestions(ctx, questionSelect+` WHERE q.id = ?`, id)
	if err != nil {
		return StoredQuestion{}, fmt.Errorf("question %d: %w", id, err)
	}
	if len(qs) == 0 {
		return StoredQuestion{}, fmt.Errorf("question %d: %w", id, ErrUnknownQuestion)
	}
	return qs[0], nil
}

// Questions lists the questions f selects: every team's first, then by
// team name, each scope in order (retired ones, when listed, last).
func (s *Store) Questions(ctx context.Context, f QuestionFilter) ([]StoredQuestion, error) {
	q := questionSelect + ` WHERE 1 = 1`
	var args []any
	switch {
	case f.Team != nil:
		q += ` AND q.team_id = ?`
		args = append(args, *f.Team)
	case f.AllTeams:
		q += ` AND q.team_id IS NULL`
	}
	if !f.Retired {
		q += ` AND q.retired_at IS NULL`
	}
	q += ` ORDER BY q.team_id IS NOT NULL, lower(COALESCE(t.name, '')), q.team_id, q.retired_at IS NOT NULL, q.position, q.id`
	qs, err := s.queryQuestions(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("list questions: %w", err)
	}
	return qs, nil
}

func (s *Store) queryQuestions(ctx context.Context, q string, args ...any) ([]StoredQuestion, error) {
	rows, err := s.sql.QueryContext(ctx, s.rebind(q), args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []StoredQuestion
	for rows.Next() {
		var (
			sq      StoredQuestion
			team    sql.NullInt64
			retired sql.NullTime
			kind    string
			choices string
		)
		c := &sq.Current
		if err := rows.Scan(&sq.ID, &team, &sq.TeamName, &sq.Position, &sq.National, &retired, &sq.CreatedAt,
			&c.ID, &sq.Version, &kind, &c.Text, &c.TextES, &choices, &c.Optional); err != nil {
			return nil, err
		}
		if team.Valid {
			sq.TeamID = &team.Int64
		}
		if retired.Valid {
			sq.RetiredAt = &retired.Time
		}
		c.Question, c.Kind = sq.ID, conversation.QuestionKind(kind)
		if c.Choices, err = decodeChoices(choices); err != nil {
			return nil, err
		}
		out = append(out, sq)
	}
	return out, rows.Err()
}

func decodeChoices(s string) ([]conversation.TeamChoice, error) {
	var cs []conversation.TeamChoice
	if err := json.Unmarshal([]byte(s), &cs); err != nil {
		return nil, fmt.Errorf("decode choices: %w", err)
	}
	if len(cs) == 0 {
		return nil, nil
	}
	return cs, nil
}

// inTx runs f in a transaction, committed when f returns nil.
func (s *Store) inTx(ctx context.Context, f func(*sql.Tx) error) error {
	tx, err := s.sql.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	if err := f(tx); err != nil {
		tx.Rollback()
		return err
	}
	return tx.Commit()
}
