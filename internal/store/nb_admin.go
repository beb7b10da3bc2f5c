package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"
)

// LoadNBToken returns the connection's sealed token, "" when no nation is
// connected.
func (s *Store) LoadNBToken(ctx context.Context) (string, error) {
	var tok string
	err := s.sql.QueryRowContext(ctx, `SELECT token FROM nb_connection WHERE id = 1`).Scan(&tok)
	if err == sql.ErrNoRows {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("load NationBuilder token: %w", err)
	}
	return tok, nil
}

// SaveNBToken stores the connection's sealed token, when it expires, and
// the problem that stopped it ("" for none).
func (s *Store) SaveNBToken(ctx context.Context, sealed string, expiresAt time.Time, problem string, at time.Time) error {
	var exp any
	if !expiresAt.IsZero() {
		exp = s.stored(expiresAt)
	}
	_, err := s.sql.ExecContext(ctx, s.rebind(`INSERT INTO nb_connection (id, token, expires_at, problem, updated_at) VALUES (1, ?, ?, ?, ?)
		ON CONFLICT (id) DO UPDATE SET token = excluded.token, expires_at = excluded.expires_at,
			problem = excluded.problem, updated_at = excluded.updated_at`), sealed, exp, problem, s.stored(at))
	if err != nil {
		return fmt.Errorf("save NationBuilder token: %w", err)
	}
	return nil
}

// SetNBProblem records why pushes stopped (a refused direct token), or
// clears it with "", keeping the stored token.
func (s *Store) SetNBProblem(ctx context.Context, problem string, at time.Time) error {
	_, err := s.sql.ExecContext(ctx, s.rebind(`INSERT INTO nb_connection (id, token, problem, updated_at) VALUES (1, '', ?, ?)
		ON CONFLICT (id) DO UPDATE SET problem = excluded.problem, updated_at = excluded.updated_at`), problem, s.stored(at))
	if err != nil {
		return fmt.Errorf("record NationBuilder problem: %w", err)
	}
	return nil
}

// NBSummary is where the NationBuilder sync stands.
type NBSummary struct {
	Connected bool       // an OAuth token is stored
	ExpiresAt *time.Time // the stored token's expiry
	Problem   string     // why pushes stopped, "" when they did not
	Waiting   int        // pending or under way
	OldestDue *time.Time // the oldest waiting push's due time
	Done      int
	Failed    []NBFailure // failed for good, oldest first
	Retrying  []NBFailure // waiting after a failed attempt
}

// NBFailure is a push that failed, with why.
type NBFailure struct {
	ID         int64 // the push, for debrief nationbuilder retry
	ReportID   int64
	Seq        int
	PersonName string
	Volunteer  string // the reporting volunteer's name
	Attempts   int
	Reason     string
	UpdatedAt  time.Time
}

// NBStatus summarizes the sync.
func (s *Store) NBStatus(ctx context.Context) (NBSummary, error) {
	var sum NBSummary
	var tok string
	var exp sql.NullTime
	err := s.sql.QueryRowContext(ctx, `SELECT token, expires_at, problem FROM nb_connection WHERE id = 1`).Scan(&tok, &exp, &sum.Problem)
	if err != nil && err != sql.ErrNoRows {
		return sum, fmt.Errorf("NationBuilder status: %w", err)
	}
	sum.Connected = tok != ""
	if exp.Valid {
		t := exp.Time.UTC()
		sum.ExpiresAt = &t
	}
	var oldest sql.NullString
	if err := s.sql.QueryRowContext(ctx, `SELECT
		count(*) FILTER (WHERE status IN ('pending', 'sending')),
		count(*) FILTER (WHERE status = 'done'),
		CAST(min(due_at) FILTER (WHERE status IN ('pending', 'sending')) AS TEXT)
		FROM nb_pushes`).Scan(&sum.Waiting, &sum.Done, &oldest); err != nil {
		return sum, fmt.Errorf("NationBuilder status: %w", err)
	}
	if oldest.Valid {
		if t, err := parseStoredTime(oldest.String); err == nil {
			sum.OldestDue = &t
		}
	}
	rows, err := s.sql.QueryContext(ctx, `SELECT p.id, p.report_id, r.seq, r.person_name, v.name, p.attempts, p.last_error, p.updated_at, p.status
		FROM nb_pushes p JOIN reports r ON r.id = p.report_id JOIN volunteers v ON v.id = r.volunteer_id
		WHERE p.status = 'failed' OR (p.status IN ('pending', 'sending') AND p.last_error <> '')
		ORDER BY p.updated_at, p.id LIMIT 200`)
	if err != nil {
		return sum, fmt.Errorf("NationBuilder status: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var f NBFailure
		var status string
		if err := rows.Scan(&f.ID, &f.ReportID, &f.Seq, &f.PersonName, &f.Volunteer, &f.Attempts, &f.Reason, &f.UpdatedAt, &status); err != nil {
			return sum, fmt.Errorf("NationBuilder status: %w", err)
		}
		f.UpdatedAt = f.UpdatedAt.UTC()
		if status == "failed" {
			sum.Failed = append(sum.Failed, f)
		} else {
			sum.Retrying = append(sum.Retrying, f)
		}
	}
	return sum, rows.Err()
}

// parseStoredTime reads a time written as text by either database.
func parseStoredTime(s string) (time.Time, error) {
	for _, layout := range []string{"2006-01-02 15:04:05.999999999-07:00", "2006-01-02 15:04:05.999999-07", time.RFC3339Nano, "2006-01-02 15:04:05.999999999Z07:00"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UTC(), nil
		}
	}
	return time.Time{}, fmt.Errorf("time %q", s)
}

// RetryNBPushes puts failed pushes back to go at once: push id, or every
// failed one when id is 0. It returns how many.
func (s *Store) RetryNBPushes(ctx context.Context, id int64, at time.Time) (int, error) {
	q := `UPDATE nb_pushes SET status = 'pending', attempts = 0, due_at = ?, updated_at = ? WHERE status = 'failed'`
	args := []any{s.stored(at), s.stored(at)}
	if id != 0 {
		q += ` AND id = ?`
		args = append(args, id)
	}
	res, err := s.sql.ExecContext(ctx, s.rebind(q), args...)
	if err != nil {
		return 0, fmt.Errorf("retry NationBuilder pushes: %w", err)
	}
	n, _ := res.RowsAffected()
	return int(n), nil
}

// QueueNBPushes queues a push for every complete report completed since
// since that has none (reports from before the sync, the backlog); those
// queued or pushed already are left alone. It returns how many it queued.
func (s *Store) QueueNBPushes(ctx context.Context, since time.Time, at time.Time) (int, error) {
	res, err := s.sql.ExecContext(ctx, s.rebind(`INSERT INTO nb_pushes (report_id, due_at, created_at, updated_at)
		SELECT r.id, ?, ?, ? FROM reports r
		WHERE r.status = 'complete' AND r.completed_at >= ?
			AND NOT EXISTS (SELECT 1 FROM nb_pushes p WHERE p.report_id = r.id)
		ORDER BY r.completed_at`), s.stored(at), s.stored(at), s.stored(at), s.stored(since))
	if err != nil {
		return 0, fmt.Errorf("queue NationBuilder pushes: %w", err)
	}
	n, _ := res.RowsAffected()
	return int(n), nil
}
