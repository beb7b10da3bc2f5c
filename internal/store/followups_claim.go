package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"github.com/debrief-sms/debrief"
	"github.com/debrief-sms/debrief/internal/followup"
)

// DueFollowup is a claimed follow-up with what sending it needs: its
// recipient, the report it is about and, for organizer texts, the
// volunteer it is about.
type DueFollowup struct {
	ID          int64
	ReportID    int64 // 0: none (digests, bad-number notices)
	ParentID    int64 // the reminder of a nudge, overdue check or organizer_overdue
	Kind        followup.Kind
	DueAt       time.Time
	Attempts    int // failed tries so far
	DigestWeek  time.Time
	VolunteerID int64 // the recipient
	Phone       string
	Name        string
	Language    debrief.Language
	TimeZone    string
	OptedOut    bool
	PhoneBad    bool

	PersonName     string // the person met
	Commitment     debrief.Commitment
	CommitmentText string

	// PlanAt is the time of the planned 1:1 a plan's follow-up is about
	// (its day's midnight in the volunteer's zone when !PlanHasTime).
	PlanAt      time.Time
	PlanHasTime bool

	SubjectID    int64 // organizer texts: the volunteer they are about
	SubjectName  string
	SubjectPhone string

	// AttemptStartedAt, when not zero, is when an earlier attempt at
	// sending this follow-up began (its claim) whose outcome is unknown: its
	// process died before recording it, or Twilio did not answer in time.
	// Twilio may have accepted that text; ask before sending again.
	// AttemptBody is the text that attempt sent, when known (a timeout;
	// a process that died left none).
	AttemptStartedAt time.Time
	AttemptBody      string
}

// SubjectLabel is how an organizer text names its volunteer: their name, or
// their masked phone.
func (d DueFollowup) SubjectLabel() string { return maskedOrName(d.SubjectName, d.SubjectPhone) }

// claimPostgres claims up to $2 due rows for a lease ending at $3: pending
// rows due by $1, and rows whose lease expired in 'sending' (their
// instance died, perhaps after sending). The claim is where a send attempt
// starts: it stamps attempt_started_at ($1, unless an earlier attempt's
// outcome is still unknown), durably, before any request leaves, and
// returns the stamp the row had before (prev_attempt): a row claimed with
// one is looked up at Twilio before it is sent again. SKIP LOCKED lets
// instances claim side by side without waiting or claiming the same row.
const claimPostgres = `
WITH due AS (
	SELECT id, attempt_started_at AS prev_attempt FROM followups
	WHERE (status = 'pending' AND due_at <= $1) OR (status = 'sending' AND claimed_until <= $1)
	ORDER BY due_at
	LIMIT $2
	FOR UPDATE SKIP LOCKED
), claimed AS (
	UPDATE followups f SET status = 'sending', claimed_until = $3, updated_at = $1,
		attempt_started_at = coalesce(f.attempt_started_at, $1)
	FROM due WHERE f.id = due.id
	RETURNING f.*, due.prev_attempt
)
SELECT ` + dueColumns + `, f.prev_attempt, coalesce(f.attempt_body, '') FROM claimed f ` + dueJoins + ` ORDER BY f.due_at, f.id`

const dueColumns = `f.id, f.report_id, f.parent_id, f.kind, f.due_at, f.attempts, CAST(f.digest_week AS TEXT),
	v.id, v.phone, v.name, v.language, v.time_zone, v.opted_out, v.phone_bad,
	coalesce(r.person_name, p.person_name, ''), coalesce(r.commitment, ''), coalesce(r.commitment_text, ''),
	f.subject_id, coalesce(sv.name, ''), coalesce(sv.phone, ''), p.planned_at, coalesce(p.has_time, FALSE)`

const dueJoins = `JOIN volunteers v ON v.id = f.volunteer_id
	LEFT JOIN reports r ON r.id = f.report_id
	LEFT JOIN volunteers sv ON sv.id = f.subject_id
	LEFT JOIN plans p ON p.id = f.plan_id`

// ClaimDue claims up to limit follow-ups due at now, oldest first, for
// lease: they are 'sending' until recorded, or until the lease ends and
// they fall due again. Several instances may claim at once on PostgreSQL.
func (s *Store) ClaimDue(ctx context.Context, now time.Time, limit int, lease time.Duration) ([]DueFollowup, error) {
	now = now.UTC()
	until := now.Add(lease)
	var out []DueFollowup
	var err error
	if s.pg != nil {
		out, err = s.claimPostgres(ctx, now, until, limit)
	} else {
		out, err = s.claimSQLite(ctx, now, until, limit)
	}
	if err != nil {
		return nil, fmt.Errorf("claim due follow-ups: %w", err)
	}
	return out, nil
}

func (s *Store) claimPostgres(ctx context.Context, now, until time.Time, limit int) ([]DueFollowup, error) {
	rows, err := s.pg.Query(ctx, claimPostgres, now, limit, until)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []DueFollowup
	for rows.Next() {
		d, err := scanDue(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, d)
	}
	return out, rows.Err()
}

// claimSQLite claims in one write transaction: SQLite has one writer, and
// the embedded database has one instance. It stamps the attempt as
// claimPostgres does, reading each row's earlier stamp first.
func (s *Store) claimSQLite(ctx context.Context, now, until time.Time, limit int) ([]DueFollowup, error) {
	tx, err := s.sql.BeginTx(ctx, nil)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	rows, err := tx.QueryContext(ctx, `SELECT id FROM followups
		WHERE (status = 'pending' AND due_at <= ?) OR (status = 'sending' AND claimed_until <= ?)
		ORDER BY due_at LIMIT ?`, now, now, limit)
	if err != nil {
		return nil, err
	}
	var ids []any
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return nil, err
		}
		ids = append(ids, id)
	}
	rows.Close()
	if err := rows.Err(); err != nil || len(ids) == 0 {
		return nil, err
	}
	in := `(?` + strings.Repeat(", ?", len(ids)-1) + `)`
	// The columns as they were before the claim, then the claim.
	rows, err = tx.QueryContext(ctx, `SELECT `+dueColumns+`, f.attempt_started_at, coalesce(f.attempt_body, '') FROM followups f `+dueJoins+`
		WHERE f.id IN `+in+` ORDER BY f.due_at, f.id`, ids...)
	if err != nil {
		return nil, err
	}
	var out []DueFollowup
	for rows.Next() {
		d, err := scanDue(rows)
		if err != nil {
			rows.Close()
			return nil, err
		}
		out = append(out, d)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	args := append([]any{until, now, now}, ids...)
	if _, err := tx.ExecContext(ctx, `UPDATE followups SET status = 'sending', claimed_until = ?, updated_at = ?,
		attempt_started_at = coalesce(attempt_started_at, ?) WHERE id IN `+in, args...); err != nil {
		return nil, err
	}
	return out, tx.Commit()
}

func scanDue(row scanner) (DueFollowup, error) {
	var d DueFollowup
	var reportID, parentID, subjectID sql.NullInt64
	var week sql.NullString
	var attempt, planAt sql.NullTime
	var kind, lang, commitment string
	err := row.Scan(&d.ID, &reportID, &parentID, &kind, &d.DueAt, &d.Attempts, &week,
		&d.VolunteerID, &d.Phone, &d.Name, &lang, &d.TimeZone, &d.OptedOut, &d.PhoneBad,
		&d.PersonName, &commitment, &d.CommitmentText,
		&subjectID, &d.SubjectName, &d.SubjectPhone, &planAt, &d.PlanHasTime,
		&attempt, &d.AttemptBody)
	if err != nil {
		return DueFollowup{}, fmt.Errorf("scan due follow-up: %w", err)
	}
	if attempt.Valid {
		d.AttemptStartedAt = attempt.Time
	}
	if planAt.Valid {
		d.PlanAt = planAt.Time.UTC()
	}
	d.ReportID, d.ParentID, d.SubjectID = reportID.Int64, parentID.Int64, subjectID.Int64
	d.Kind, d.Language, d.Commitment = followup.Kind(kind), language(lang), debrief.Commitment(commitment)
	if week.Valid {
		if d.DigestWeek, err = time.Parse(time.DateOnly, week.String[:min(len(week.String), len(time.DateOnly))]); err != nil {
			return DueFollowup{}, fmt.Errorf("scan due follow-up: digest week: %w", err)
		}
	}
	return d, nil
}
