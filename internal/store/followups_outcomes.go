package store

import (
	"context"
	"fmt"
	"strings"
	"time"

	"gorm.io/gorm"
)

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
