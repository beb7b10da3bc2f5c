package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
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
//
// A follow-up settled with a SID another follow-up already holds (two
// instances settling two identical texts to one person, each taking the
// same one from Twilio's list) is not recorded but given back (back):
// pending again at once, its attempt stamp kept, so that the next claim
// looks it up again and finds the SID taken.
const recordSentPostgres = `
WITH s AS (
	SELECT * FROM unnest($1::bigint[], $2::text[], $3::text[], $4::integer[], $5::text[], $6::timestamptz[],
		$7::timestamptz[], $8::timestamptz[]) AS s (id, sid, status, segments, body, at, nudge_due, overdue_due)
), taken AS (
	SELECT s.id FROM s JOIN followups o ON o.message_sid = s.sid AND o.id <> s.id
), r AS (
	SELECT * FROM s WHERE s.id NOT IN (SELECT id FROM taken)
), bump AS (
	UPDATE conversations c SET version = c.version + 1
	FROM (SELECT DISTINCT f.volunteer_id FROM r JOIN followups f ON f.id = r.id
		WHERE f.status = 'sending' AND f.kind IN ` + reminderKinds + `) x
	WHERE c.volunteer_id = x.volunteer_id
	RETURNING c.volunteer_id
), upd AS (
	UPDATE followups f SET status = 'sent', message_sid = r.sid, segments = r.segments, sent_at = r.at,
		claimed_until = NULL, updated_at = r.at, last_error = '', error_code = NULL,
		attempt_started_at = NULL, attempt_body = NULL,
		reminded_at = CASE WHEN f.kind IN ` + openReminderKinds + ` THEN r.at ELSE f.reminded_at END
	FROM r WHERE f.id = r.id AND f.status = 'sending' AND (SELECT count(*) FROM bump) >= 0
	RETURNING f.id, f.volunteer_id, f.report_id, f.parent_id, f.kind, r.at, r.nudge_due, r.overdue_due
), back AS (
	UPDATE followups f SET status = 'pending', claimed_until = NULL, updated_at = s.at
	FROM s WHERE f.id = s.id AND f.status = 'sending' AND s.id IN (SELECT id FROM taken)
), msg AS (
	INSERT INTO messages (message_sid, direction, volunteer_id, phone, body, status, segments, created_at)
	SELECT r.sid, 'out', v.id, v.phone, r.body, r.status, r.segments, r.at
	FROM r JOIN followups f ON f.id = r.id JOIN volunteers v ON v.id = f.volunteer_id
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
	var err error
	for try := 1; ; try++ {
		err = s.pg.QueryRow(ctx, recordSentPostgres, ids, sids, statuses, segments, bodies, at, nudge, overdue).Scan(&count)
		// Another instance recorded one of these SIDs while this
		// statement ran: its snapshot did not see it (taken), the unique
		// index did. Once more, with a snapshot that does.
		var pgErr *pgconn.PgError
		if try < sidTries && errors.As(err, &pgErr) && pgErr.Code == "23505" && pgErr.ConstraintName == "followups_message_sid_key" {
			continue
		}
		return err
	}
}

// sidTries bounds the tries of a record that meets a SID recorded at the
// same time by another instance.
const sidTries = 3

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
			// A SID another follow-up holds: given back, as on PostgreSQL.
			var taken int64
			if err := tx.Raw(`SELECT count(*) FROM followups WHERE message_sid = ? AND id <> ?`, x.SID, x.ID).Scan(&taken).Error; err != nil {
				return err
			}
			if taken > 0 {
				if err := tx.Exec(`UPDATE followups SET status = 'pending', claimed_until = NULL, updated_at = ?
					WHERE id = ? AND status = 'sending'`, at, x.ID).Error; err != nil {
					return err
				}
				continue
			}
			if err := tx.Raw(`UPDATE followups SET status = 'sent', message_sid = ?, segments = ?, sent_at = ?,
				claimed_until = NULL, updated_at = ?, last_error = '', error_code = NULL,
				attempt_started_at = NULL, attempt_body = NULL,
				reminded_at = CASE WHEN kind IN `+openReminderKinds+` THEN ? ELSE reminded_at END
				WHERE id = ? AND status = 'sending'
				RETURNING volunteer_id, report_id, parent_id, kind`, x.SID, x.Segments, at, at, at, x.ID).Scan(&f).Error; err != nil {
				return err
			}
			if k := followup.Kind(f.Kind); k == followup.Thanks || k == followup.NextStep || k == followup.Nudge || k.AsksReport() {
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

// DeferFollowup puts a claimed follow-up, not sent, back to wait until
// dueAt, as when it fell due in the recipient's quiet hours; its attempt
// stamp is the one it had before the claim (d.AttemptStartedAt).
func (s *Store) DeferFollowup(ctx context.Context, d DueFollowup, dueAt, at time.Time) error {
	return s.execOne(ctx, "defer follow-up", `UPDATE followups SET status = 'pending', due_at = ?, claimed_until = NULL, updated_at = ?,
		attempt_started_at = ? WHERE id = ? AND status = 'sending'`, dueAt.UTC(), at.UTC(), optTime(d.AttemptStartedAt), d.ID)
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
// the request with body left) and puts the follow-up back for dueAt,
// keeping the attempt's stamp: the next claim asks Twilio whether it went
// before sending it again.
func (s *Store) RetryUnknown(ctx context.Context, id int64, dueAt time.Time, body, msg string, at time.Time) error {
	return s.execOne(ctx, "retry follow-up of unknown outcome", `UPDATE followups SET status = 'pending', due_at = ?, claimed_until = NULL,
		attempts = attempts + 1, attempt_body = ?, last_error = ?, updated_at = ?
		WHERE id = ? AND status = 'sending'`, dueAt.UTC(), body, msg, at.UTC(), id)
}

// ReleaseFollowups gives back claimed follow-ups that were not sent, as on
// a graceful stop: they are pending again at once, for any instance,
// instead of waiting for their lease to end, each with the attempt stamp
// it had before its claim. One statement.
func (s *Store) ReleaseFollowups(ctx context.Context, due []DueFollowup, at time.Time) error {
	if len(due) == 0 {
		return nil
	}
	ids, prev := make([]int64, len(due)), make([]*time.Time, len(due))
	for i, d := range due {
		ids[i], prev[i] = d.ID, optTime(d.AttemptStartedAt)
	}
	var err error
	if s.pg != nil {
		_, err = s.pg.Exec(ctx, `UPDATE followups f SET status = 'pending', claimed_until = NULL, updated_at = $3,
			attempt_started_at = r.prev
			FROM unnest($1::bigint[], $2::timestamptz[]) AS r (id, prev)
			WHERE f.id = r.id AND f.status = 'sending'`, ids, prev, at.UTC())
	} else {
		// SQLite has no arrays: a VALUES list of (id, prev).
		args := make([]any, 0, 2*len(due)+1)
		for i := range due {
			args = append(args, ids[i], prev[i])
		}
		args = append(args, at.UTC())
		_, err = s.sql.ExecContext(ctx, `WITH r (id, prev) AS (VALUES (?, ?)`+strings.Repeat(", (?, ?)", len(due)-1)+`)
			UPDATE followups SET status = 'pending', claimed_until = NULL, updated_at = ?,
				attempt_started_at = (SELECT prev FROM r WHERE r.id = followups.id)
			WHERE status = 'sending' AND id IN (SELECT id FROM r)`, args...)
	}
	if err != nil {
		return fmt.Errorf("release %d follow-ups: %w", len(due), err)
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
		res := tx.Exec(`UPDATE followups SET status = 'overdue', overdue_at = ?, updated_at = ?
			WHERE id = ? AND status IN ('sent', 'delivered')`, now, now, reminderID)
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
// Load reads: a reminder, a plan's ask, or a nudge (its reminder's
// reminded_at).
const reminderKinds = `('thanks', 'next_step', 'nudge', 'plan_ask', 'plan_ask_again')`

// openReminderKinds are the follow-ups that stay open once sent, until
// the volunteer answers: DONE, LATER, or for a plan's ask its report (the
// kinds of the followups_open index, migration 00009).
const openReminderKinds = `('thanks', 'next_step', 'plan_ask', 'plan_ask_again')`

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
