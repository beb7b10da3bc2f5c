package store

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
	"gorm.io/gorm"

	"github.com/debrief-sms/debrief/internal/followup"
)

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
