package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"gorm.io/gorm"

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

	SubjectID    int64 // organizer texts: the volunteer they are about
	SubjectName  string
	SubjectPhone string

	// AttemptStartedAt, when not zero, is when a send of this follow-up
	// started whose outcome is unknown (a process died, a timeout): Twilio
	// may have accepted it. AttemptBody is the text that send carried.
	AttemptStartedAt time.Time
	AttemptBody      string
}

// SubjectLabel is how an organizer text names its volunteer: their name, or
// their masked phone.
func (d DueFollowup) SubjectLabel() string { return maskedOrName(d.SubjectName, d.SubjectPhone) }

// claimPostgres claims up to $2 due rows for a lease ending at $3: pending
// rows due by $1, and rows whose lease expired in 'sending' (their
// instance died; one with attempt_started_at set may have been sent, and
// the scheduler asks Twilio before sending it again). SKIP LOCKED lets
// instances claim side by side without waiting or claiming the same row.
const claimPostgres = `
WITH due AS (
	SELECT id FROM followups
	WHERE (status = 'pending' AND due_at <= $1) OR (status = 'sending' AND claimed_until <= $1)
	ORDER BY due_at
	LIMIT $2
	FOR UPDATE SKIP LOCKED
), claimed AS (
	UPDATE followups f SET status = 'sending', claimed_until = $3, updated_at = $1
	FROM due WHERE f.id = due.id
	RETURNING f.*
)
SELECT ` + dueColumns + ` FROM claimed f ` + dueJoins + ` ORDER BY f.due_at, f.id`

const dueColumns = `f.id, f.report_id, f.parent_id, f.kind, f.due_at, f.attempts, CAST(f.digest_week AS TEXT),
	v.id, v.phone, v.name, v.language, v.time_zone, v.opted_out, v.phone_bad,
	coalesce(r.person_name, ''), coalesce(r.commitment, ''), coalesce(r.commitment_text, ''),
	f.subject_id, coalesce(sv.name, ''), coalesce(sv.phone, ''),
	f.attempt_started_at, coalesce(f.attempt_body, '')`

const dueJoins = `JOIN volunteers v ON v.id = f.volunteer_id
	LEFT JOIN reports r ON r.id = f.report_id
	LEFT JOIN volunteers sv ON sv.id = f.subject_id`

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
// the embedded database has one instance.
func (s *Store) claimSQLite(ctx context.Context, now, until time.Time, limit int) ([]DueFollowup, error) {
	tx, err := s.sql.BeginTx(ctx, nil)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	rows, err := tx.QueryContext(ctx, `
		UPDATE followups SET status = 'sending', claimed_until = ?, updated_at = ?
		WHERE id IN (SELECT id FROM followups
			WHERE (status = 'pending' AND due_at <= ?) OR (status = 'sending' AND claimed_until <= ?)
			ORDER BY due_at LIMIT ?)
		RETURNING id`, until, now, now, now, limit)
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
	rows, err = tx.QueryContext(ctx, `SELECT `+dueColumns+` FROM followups f `+dueJoins+`
		WHERE f.id IN (?`+strings.Repeat(", ?", len(ids)-1)+`) ORDER BY f.due_at, f.id`, ids...)
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
	return out, tx.Commit()
}

func scanDue(row scanner) (DueFollowup, error) {
	var d DueFollowup
	var reportID, parentID, subjectID sql.NullInt64
	var week sql.NullString
	var attempt sql.NullTime
	var kind, lang, commitment string
	err := row.Scan(&d.ID, &reportID, &parentID, &kind, &d.DueAt, &d.Attempts, &week,
		&d.VolunteerID, &d.Phone, &d.Name, &lang, &d.TimeZone, &d.OptedOut, &d.PhoneBad,
		&d.PersonName, &commitment, &d.CommitmentText,
		&subjectID, &d.SubjectName, &d.SubjectPhone,
		&attempt, &d.AttemptBody)
	if err != nil {
		return DueFollowup{}, fmt.Errorf("scan due follow-up: %w", err)
	}
	if attempt.Valid {
		d.AttemptStartedAt = attempt.Time
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

// SendCheck is what may have changed since a follow-up was claimed.
type SendCheck struct {
	Claimed      bool // still 'sending': nobody cancelled it meanwhile
	OptedOut     bool // the recipient opted out
	PhoneBad     bool
	ParentClosed bool // its reminder is no longer waiting for DONE (done, rescheduled, cancelled)
}

// startSendPostgres stamps the attempt ($2, $3) on a follow-up still
// 'sending' and reads what may have changed since the claim, in one round
// trip: the SELECT sees the row as it was before the stamp, which changes
// nothing it reads. The earliest unknown attempt's start is kept, so that
// a later check of what Twilio sent looks back far enough.
const startSendPostgres = `
WITH stamp AS (
	UPDATE followups SET attempt_started_at = coalesce(attempt_started_at, $2), attempt_body = $3
	WHERE id = $1 AND status = 'sending'
	RETURNING id
)
SELECT f.status, v.opted_out, v.phone_bad, coalesce(p.status, ''), (SELECT count(*) FROM stamp)
FROM followups f JOIN volunteers v ON v.id = f.volunteer_id
LEFT JOIN followups p ON p.id = f.parent_id
WHERE f.id = $1`

// StartSend is called right before a claimed follow-up is sent with body:
// it records, durably, that a send attempt starts at at (so that a process
// dying before it records the outcome leaves a trace the next claim checks
// with Twilio), and reads whether the follow-up should still go out: a
// STOP or DONE may have arrived since the claim.
func (s *Store) StartSend(ctx context.Context, id int64, body string, at time.Time) (SendCheck, error) {
	var c SendCheck
	var status, parent string
	at = at.UTC()
	var err error
	if s.pg != nil {
		var stamped int64
		err = s.pg.QueryRow(ctx, startSendPostgres, id, at, body).Scan(&status, &c.OptedOut, &c.PhoneBad, &parent, &stamped)
	} else {
		err = s.startSendSQLite(ctx, id, body, at, &status, &c, &parent)
	}
	if err != nil {
		return SendCheck{}, fmt.Errorf("start sending follow-up %d: %w", id, err)
	}
	c.Claimed = status == string(StatusSending)
	// Sent, delivered or overdue: the reminder still waits for DONE.
	c.ParentClosed = parent != "" && parent != string(StatusSent) && parent != string(StatusDelivered) && parent != string(StatusOverdue)
	return c, nil
}

func (s *Store) startSendSQLite(ctx context.Context, id int64, body string, at time.Time, status *string, c *SendCheck, parent *string) error {
	tx, err := s.sql.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, `UPDATE followups SET attempt_started_at = coalesce(attempt_started_at, ?), attempt_body = ?
		WHERE id = ? AND status = 'sending'`, at, body, id); err != nil {
		return err
	}
	if err := tx.QueryRowContext(ctx, `
		SELECT f.status, v.opted_out, v.phone_bad, coalesce(p.status, '')
		FROM followups f JOIN volunteers v ON v.id = f.volunteer_id
		LEFT JOIN followups p ON p.id = f.parent_id
		WHERE f.id = ?`, id).Scan(status, &c.OptedOut, &c.PhoneBad, parent); err != nil {
		return err
	}
	return tx.Commit()
}

// SentFollowup is a follow-up Twilio accepted.
type SentFollowup struct {
	ID          int64
	VolunteerID int64
	Phone       string
	Body        string
	SID         string
	Status      string // Twilio's, such as queued
	Segments    int
	At          time.Time
	// NudgeDue, for a next_step reminder, schedules its nudge; OverdueDue,
	// for a nudge, schedules the overdue check. Zero: nothing to schedule.
	NudgeDue   time.Time
	OverdueDue time.Time
}

// recordSentPostgres records a batch in one statement: the follow-ups
// become sent, each gets its outbound message row, next-step reminders
// get their nudge, nudges their overdue check and their reminder's
// reminded_at. A reminder or nudge sent changes the open reminder Load
// reads, so the recipient's conversation version goes up (bump): first,
// as upd's scalar subquery forces, so that the conversation row is locked
// before the follow-ups, in the order Save locks them.
const recordSentPostgres = `
WITH s AS (
	SELECT * FROM unnest($1::bigint[], $2::text[], $3::text[], $4::integer[], $5::text[], $6::timestamptz[],
		$7::timestamptz[], $8::timestamptz[]) AS s (id, sid, status, segments, body, at, nudge_due, overdue_due)
), bump AS (
	UPDATE conversations c SET version = c.version + 1
	FROM (SELECT DISTINCT f.volunteer_id FROM s JOIN followups f ON f.id = s.id
		WHERE f.status = 'sending' AND f.kind IN ` + reminderKinds + `) x
	WHERE c.volunteer_id = x.volunteer_id
	RETURNING c.volunteer_id
), upd AS (
	UPDATE followups f SET status = 'sent', message_sid = s.sid, segments = s.segments, sent_at = s.at,
		claimed_until = NULL, updated_at = s.at, last_error = '', error_code = NULL,
		attempt_started_at = NULL, attempt_body = NULL,
		reminded_at = CASE WHEN f.kind IN ('thanks', 'next_step') THEN s.at ELSE f.reminded_at END
	FROM s WHERE f.id = s.id AND f.status = 'sending' AND (SELECT count(*) FROM bump) >= 0
	RETURNING f.id, f.volunteer_id, f.report_id, f.parent_id, f.kind, s.at, s.nudge_due, s.overdue_due
), msg AS (
	INSERT INTO messages (message_sid, direction, volunteer_id, phone, body, status, segments, created_at)
	SELECT s.sid, 'out', v.id, v.phone, s.body, s.status, s.segments, s.at
	FROM s JOIN followups f ON f.id = s.id JOIN volunteers v ON v.id = f.volunteer_id
	ON CONFLICT (message_sid) DO NOTHING
), nudge AS (
	INSERT INTO followups (report_id, volunteer_id, parent_id, kind, due_at, created_at, updated_at)
	SELECT report_id, volunteer_id, id, 'nudge', nudge_due, at, at FROM upd
	WHERE kind = 'next_step' AND nudge_due IS NOT NULL
	ON CONFLICT (parent_id, kind) WHERE status = 'pending' AND kind IN ('nudge', 'overdue', 'organizer_overdue') DO NOTHING
), overdue AS (
	INSERT INTO followups (report_id, volunteer_id, parent_id, kind, due_at, created_at, updated_at)
	SELECT report_id, volunteer_id, parent_id, 'overdue', overdue_due, at, at FROM upd
	WHERE kind = 'nudge' AND overdue_due IS NOT NULL AND parent_id IS NOT NULL
	ON CONFLICT (parent_id, kind) WHERE status = 'pending' AND kind IN ('nudge', 'overdue', 'organizer_overdue') DO NOTHING
), parent AS (
	UPDATE followups p SET reminded_at = upd.at, updated_at = upd.at
	FROM upd WHERE upd.kind = 'nudge' AND p.id = upd.parent_id
)
SELECT count(*) FROM upd`

// RecordSent records a batch of sent follow-ups: on PostgreSQL in one
// statement, on SQLite in one transaction. A follow-up no longer
// 'sending' (its lease expired and another instance took it) keeps what
// that instance recorded, but its text is still logged.
func (s *Store) RecordSent(ctx context.Context, sent []SentFollowup) error {
	if len(sent) == 0 {
		return nil
	}
	var err error
	if s.pg != nil {
		err = s.recordSentPostgres(ctx, sent)
	} else {
		err = s.recordSentSQLite(ctx, sent)
	}
	if err != nil {
		return fmt.Errorf("record %d sent follow-ups: %w", len(sent), err)
	}
	return nil
}

func (s *Store) recordSentPostgres(ctx context.Context, sent []SentFollowup) error {
	n := len(sent)
	ids, sids, statuses, bodies := make([]int64, n), make([]string, n), make([]string, n), make([]string, n)
	segments := make([]int32, n)
	at, nudge, overdue := make([]time.Time, n), make([]*time.Time, n), make([]*time.Time, n)
	for i, x := range sent {
		ids[i], sids[i], statuses[i], bodies[i], segments[i], at[i] = x.ID, x.SID, x.Status, x.Body, int32(x.Segments), x.At.UTC()
		nudge[i], overdue[i] = optTime(x.NudgeDue), optTime(x.OverdueDue)
	}
	var count int64
	return s.pg.QueryRow(ctx, recordSentPostgres, ids, sids, statuses, segments, bodies, at, nudge, overdue).Scan(&count)
}

func optTime(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	u := t.UTC()
	return &u
}

func (s *Store) recordSentSQLite(ctx context.Context, sent []SentFollowup) error {
	const chainConflict = ` ON CONFLICT (parent_id, kind) WHERE status = 'pending' AND kind IN ('nudge', 'overdue', 'organizer_overdue') DO NOTHING`
	return s.gdb.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		for _, x := range sent {
			at := x.At.UTC()
			var f struct {
				VolunteerID int64
				ReportID    *int64
				ParentID    *int64
				Kind        string
			}
			if err := tx.Raw(`UPDATE followups SET status = 'sent', message_sid = ?, segments = ?, sent_at = ?,
				claimed_until = NULL, updated_at = ?, last_error = '', error_code = NULL,
				attempt_started_at = NULL, attempt_body = NULL,
				reminded_at = CASE WHEN kind IN ('thanks', 'next_step') THEN ? ELSE reminded_at END
				WHERE id = ? AND status = 'sending'
				RETURNING volunteer_id, report_id, parent_id, kind`, x.SID, x.Segments, at, at, at, x.ID).Scan(&f).Error; err != nil {
				return err
			}
			if f.Kind == string(followup.Thanks) || f.Kind == string(followup.NextStep) || f.Kind == string(followup.Nudge) {
				if err := bumpVersion(tx, f.VolunteerID); err != nil {
					return err
				}
			}
			if err := tx.Exec(`INSERT INTO messages (message_sid, direction, volunteer_id, phone, body, status, segments, created_at)
				SELECT ?, 'out', v.id, v.phone, ?, ?, ?, ? FROM followups f JOIN volunteers v ON v.id = f.volunteer_id WHERE f.id = ?
				ON CONFLICT (message_sid) DO NOTHING`, x.SID, x.Body, x.Status, x.Segments, at, x.ID).Error; err != nil {
				return err
			}
			switch {
			case f.Kind == string(followup.NextStep) && !x.NudgeDue.IsZero():
				if err := tx.Exec(`INSERT INTO followups (report_id, volunteer_id, parent_id, kind, due_at, created_at, updated_at)
					VALUES (?, ?, ?, 'nudge', ?, ?, ?)`+chainConflict, f.ReportID, f.VolunteerID, x.ID, x.NudgeDue.UTC(), at, at).Error; err != nil {
					return err
				}
			case f.Kind == string(followup.Nudge) && f.ParentID != nil && !x.OverdueDue.IsZero():
				if err := tx.Exec(`INSERT INTO followups (report_id, volunteer_id, parent_id, kind, due_at, created_at, updated_at)
					VALUES (?, ?, ?, 'overdue', ?, ?, ?)`+chainConflict, f.ReportID, f.VolunteerID, *f.ParentID, x.OverdueDue.UTC(), at, at).Error; err != nil {
					return err
				}
				if err := tx.Exec(`UPDATE followups SET reminded_at = ?, updated_at = ? WHERE id = ?`, at, at, *f.ParentID).Error; err != nil {
					return err
				}
			}
		}
		return nil
	})
}

// DeferFollowup puts a claimed follow-up back to wait until dueAt, as when
// it fell due in the recipient's quiet hours.
func (s *Store) DeferFollowup(ctx context.Context, id int64, dueAt, at time.Time) error {
	return s.execOne(ctx, "defer follow-up", `UPDATE followups SET status = 'pending', due_at = ?, claimed_until = NULL, updated_at = ?
		WHERE id = ? AND status = 'sending'`, dueAt.UTC(), at.UTC(), id)
}

// RetryFollowup counts a failed try and puts the follow-up back to be
// tried again at dueAt. Twilio refused the text, so nothing went out:
// the attempt's stamp is cleared.
func (s *Store) RetryFollowup(ctx context.Context, id int64, dueAt time.Time, code int, msg string, at time.Time) error {
	return s.execOne(ctx, "retry follow-up", `UPDATE followups SET status = 'pending', due_at = ?, claimed_until = NULL,
		attempts = attempts + 1, error_code = ?, last_error = ?, updated_at = ?, attempt_started_at = NULL, attempt_body = NULL
		WHERE id = ? AND status = 'sending'`, dueAt.UTC(), nullCode(code), msg, at.UTC(), id)
}

// RetryUnknown counts a try whose outcome is unknown (no answer came after
// the request left) and puts the follow-up back for dueAt, keeping the
// attempt's stamp: the next claim asks Twilio whether it went before
// sending it again.
func (s *Store) RetryUnknown(ctx context.Context, id int64, dueAt time.Time, msg string, at time.Time) error {
	return s.execOne(ctx, "retry follow-up of unknown outcome", `UPDATE followups SET status = 'pending', due_at = ?, claimed_until = NULL,
		attempts = attempts + 1, last_error = ?, updated_at = ?
		WHERE id = ? AND status = 'sending'`, dueAt.UTC(), msg, at.UTC(), id)
}

// ReleaseFollowups gives back claimed follow-ups that were not sent, as on
// a graceful stop: they are pending again at once, for any instance,
// instead of waiting for their lease to end. One statement.
func (s *Store) ReleaseFollowups(ctx context.Context, ids []int64, at time.Time) error {
	if len(ids) == 0 {
		return nil
	}
	var err error
	if s.pg != nil {
		_, err = s.pg.Exec(ctx, `UPDATE followups SET status = 'pending', claimed_until = NULL, updated_at = $2
			WHERE id = ANY($1) AND status = 'sending'`, ids, at.UTC())
	} else {
		args := make([]any, 0, len(ids)+1)
		args = append(args, at.UTC())
		for _, id := range ids {
			args = append(args, id)
		}
		_, err = s.sql.ExecContext(ctx, `UPDATE followups SET status = 'pending', claimed_until = NULL, updated_at = ?
			WHERE status = 'sending' AND id IN (?`+strings.Repeat(", ?", len(ids)-1)+`)`, args...)
	}
	if err != nil {
		return fmt.Errorf("release %d follow-ups: %w", len(ids), err)
	}
	return nil
}

// FailFollowup marks the follow-up failed for good; organizers see it in
// the listing.
func (s *Store) FailFollowup(ctx context.Context, id int64, code int, msg string, at time.Time) error {
	return s.execOne(ctx, "fail follow-up", `UPDATE followups SET status = 'failed', claimed_until = NULL,
		attempts = attempts + 1, error_code = ?, last_error = ?, updated_at = ?, attempt_started_at = NULL, attempt_body = NULL
		WHERE id = ? AND status = 'sending'`, nullCode(code), msg, at.UTC(), id)
}

// CancelFollowup cancels a claimed follow-up that must not go out (its
// reminder was closed, its recipient opted out), saying why.
func (s *Store) CancelFollowup(ctx context.Context, id int64, why string, at time.Time) error {
	return s.execOne(ctx, "cancel follow-up", `UPDATE followups SET status = 'cancelled', claimed_until = NULL,
		last_error = ?, updated_at = ? WHERE id = ? AND status IN ('pending', 'sending')`, why, at.UTC(), id)
}

// OptOut records that Twilio refused a follow-up because the recipient
// replied STOP (21610): the volunteer is opted out and every follow-up not
// yet sent to them, this one included, is cancelled. Load reads opted_out,
// so the conversation's version goes up.
func (s *Store) OptOut(ctx context.Context, volunteerID, followupID int64, code int, msg string, at time.Time) error {
	now := at.UTC()
	err := s.gdb.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if err := bumpVersion(tx, volunteerID); err != nil {
			return err
		}
		if err := tx.Exec(`UPDATE volunteers SET opted_out = ?, opted_out_at = coalesce(opted_out_at, ?), updated_at = ?
			WHERE id = ?`, true, now, now, volunteerID).Error; err != nil {
			return err
		}
		if err := tx.Exec(`UPDATE followups SET error_code = ?, last_error = ? WHERE id = ?`, nullCode(code), msg, followupID).Error; err != nil {
			return err
		}
		return tx.Exec(`UPDATE followups SET status = 'cancelled', claimed_until = NULL, updated_at = ?
			WHERE volunteer_id = ? AND status IN ('pending', 'sending')`, now, volunteerID).Error
	})
	if err != nil {
		return fmt.Errorf("opt out volunteer %d: %w", volunteerID, err)
	}
	return nil
}

// MarkPhoneBad records that Twilio refused the volunteer's number as
// invalid or not a mobile (21211, 21614): the number is marked bad, this
// follow-up failed, the others not yet sent cancelled, and the organizer of
// the volunteer's team gets an organizer_bad_number text due at notifyAt.
func (s *Store) MarkPhoneBad(ctx context.Context, volunteerID, followupID int64, code int, msg string, notifyAt, at time.Time) error {
	now := at.UTC()
	err := s.gdb.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if err := tx.Exec(`UPDATE volunteers SET phone_bad = ?, phone_bad_at = ?, updated_at = ? WHERE id = ?`,
			true, now, now, volunteerID).Error; err != nil {
			return err
		}
		if err := tx.Exec(`UPDATE followups SET status = 'failed', claimed_until = NULL, attempts = attempts + 1,
			error_code = ?, last_error = ?, updated_at = ? WHERE id = ?`, nullCode(code), msg, now, followupID).Error; err != nil {
			return err
		}
		if err := tx.Exec(`UPDATE followups SET status = 'cancelled', claimed_until = NULL, last_error = 'number is bad', updated_at = ?
			WHERE volunteer_id = ? AND status IN ('pending', 'sending')`, now, volunteerID).Error; err != nil {
			return err
		}
		return tx.Exec(`INSERT INTO followups (volunteer_id, subject_id, kind, due_at, created_at, updated_at)
			SELECT t.organizer_id, v.id, 'organizer_bad_number', ?, ?, ?
			FROM volunteers v JOIN teams t ON t.id = v.team_id
			WHERE v.id = ? AND t.organizer_id IS NOT NULL AND t.organizer_id <> v.id`,
			notifyAt.UTC(), now, now, volunteerID).Error
	})
	if err != nil {
		return fmt.Errorf("mark number of volunteer %d bad: %w", volunteerID, err)
	}
	return nil
}

// MarkOverdue settles a due overdue check: if its reminder is still
// waiting for DONE, the reminder becomes overdue and the organizer of the
// volunteer's team gets an organizer_overdue text due at notifyAt; the
// check itself is done. If the reminder was closed meanwhile the check is
// cancelled. It reports whether the reminder became overdue.
func (s *Store) MarkOverdue(ctx context.Context, checkID, reminderID int64, notifyAt, at time.Time) (bool, error) {
	now := at.UTC()
	var overdue bool
	err := s.gdb.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		res := tx.Exec(`UPDATE followups SET status = 'overdue', updated_at = ?
			WHERE id = ? AND status IN ('sent', 'delivered')`, now, reminderID)
		if res.Error != nil {
			return res.Error
		}
		overdue = res.RowsAffected > 0
		if !overdue {
			return tx.Exec(`UPDATE followups SET status = 'cancelled', claimed_until = NULL, last_error = 'reminder closed', updated_at = ?
				WHERE id = ?`, now, checkID).Error
		}
		if err := tx.Exec(`UPDATE followups SET status = 'done', claimed_until = NULL, closed_at = ?, updated_at = ?
			WHERE id = ?`, now, now, checkID).Error; err != nil {
			return err
		}
		return tx.Exec(`INSERT INTO followups (report_id, volunteer_id, subject_id, parent_id, kind, due_at, created_at, updated_at)
			SELECT f.report_id, t.organizer_id, v.id, f.id, 'organizer_overdue', ?, ?, ?
			FROM followups f JOIN volunteers v ON v.id = f.volunteer_id JOIN teams t ON t.id = v.team_id
			WHERE f.id = ? AND t.organizer_id IS NOT NULL AND t.organizer_id <> v.id
			ON CONFLICT (parent_id, kind) WHERE status = 'pending' AND kind IN ('nudge', 'overdue', 'organizer_overdue') DO NOTHING`,
			notifyAt.UTC(), now, now, reminderID).Error
	})
	if err != nil {
		return false, fmt.Errorf("mark reminder %d overdue: %w", reminderID, err)
	}
	return overdue, nil
}

func (s *Store) execOne(ctx context.Context, what, q string, args ...any) error {
	if err := s.gdb.WithContext(ctx).Exec(q, args...).Error; err != nil {
		return fmt.Errorf("%s: %w", what, err)
	}
	return nil
}

func nullCode(code int) any {
	if code == 0 {
		return nil
	}
	return code
}

// reminderKinds are the follow-ups whose sending changes the open reminder
// Load reads: a reminder, or a nudge (its reminder's reminded_at).
const reminderKinds = `('thanks', 'next_step', 'nudge')`

// bumpVersion moves the volunteer's conversation to a new version, inside
// tx, for a change to what Load reads that Save did not make: a state the
// inbox kept from before then fails Save's version check and is loaded
// again. Called first in its transaction, so the conversation row is locked
// before the others, in Save's order.
func bumpVersion(tx *gorm.DB, volunteerID int64) error {
	if err := tx.Exec(`UPDATE conversations SET version = version + 1 WHERE volunteer_id = ?`, volunteerID).Error; err != nil {
		return fmt.Errorf("bump conversation version: %w", err)
	}
	return nil
}
