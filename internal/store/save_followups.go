package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/debrief-sms/debrief/internal/conversation"
)

// followupChange is what one step does to follow-ups: schedule those of
// the report it completed, close or move the reminder it answered, cancel
// everything pending when the volunteer opts out.
type followupChange struct {
	seq             int // the completed report
	kinds, orgKinds []string
	dues, orgDues   []time.Time
	closeID         int64
	thankedSeq      int // a report whose thank-you was answered DONE: thanked now
	moveID          int64
	moveTo          time.Time
	cancelAll       bool

	// An edit of the saved report seq: its next-step reminder moves to
	// nextStepTo (when set), its pending thank-you is cancelled.
	nextStepTo   *time.Time
	cancelThanks bool
}

func newFollowupChange(res conversation.Result) *followupChange {
	e := res.Effects
	fc := &followupChange{closeID: e.CloseReminder, thankedSeq: e.ThankedSeq, cancelAll: e.OptedOut}
	if e.Reschedule != nil {
		fc.moveID, fc.moveTo = e.Reschedule.ID, e.Reschedule.DueAt.UTC()
	}
	if (e.MoveNextStep != nil || e.CancelThanks) && res.State.Draft != nil {
		fc.seq = res.State.Draft.Seq
		fc.cancelThanks = e.CancelThanks
		if e.MoveNextStep != nil {
			t := e.MoveNextStep.UTC()
			fc.nextStepTo = &t
		}
	}
	if len(e.FollowUps) > 0 && res.State.Draft != nil {
		fc.seq = res.State.Draft.Seq
		for _, p := range e.FollowUps {
			if p.Kind.ToOrganizer() {
				fc.orgKinds, fc.orgDues = append(fc.orgKinds, string(p.Kind)), append(fc.orgDues, p.DueAt.UTC())
			} else {
				fc.kinds, fc.dues = append(fc.kinds, string(p.Kind)), append(fc.dues, p.DueAt.UTC())
			}
		}
	}
	if fc.seq == 0 && fc.closeID == 0 && fc.thankedSeq == 0 && fc.moveID == 0 && !fc.cancelAll {
		return nil
	}
	return fc
}

// openStatuses are those of a reminder DONE or LATER may still answer.
const openStatuses = `('sent', 'delivered', 'overdue', 'failed')`

// postgres appends the step's follow-up CTEs to b. reportCTE names the
// CTE that upserted the completed report (RETURNING id, volunteer_id).
func (fc *followupChange) postgres(q *pgQuery, reportCTE string) {
	if fc.seq != 0 && reportCTE != "" {
		if len(fc.kinds) > 0 {
			q.printf(`, fu_volunteer AS (
	INSERT INTO followups (report_id, volunteer_id, kind, due_at, created_at, updated_at)
	SELECT r.id, r.volunteer_id, p.kind, p.due, $6::timestamptz, $6::timestamptz
	FROM %s r, unnest(%s, %s) AS p (kind, due)
)`, reportCTE, q.arg(fc.kinds, "text[]"), q.arg(fc.dues, "timestamptz[]"))
		}
		if len(fc.orgKinds) > 0 {
			// The organizer of the volunteer's team hears of a big
			// commitment; a team without one, or a volunteer who is its
			// organizer, gets no such text.
			q.printf(`, fu_organizer AS (
	INSERT INTO followups (report_id, volunteer_id, subject_id, kind, due_at, created_at, updated_at)
	SELECT r.id, t.organizer_id, r.volunteer_id, p.kind, p.due, $6::timestamptz, $6::timestamptz
	FROM %s r
	JOIN volunteers v ON v.id = r.volunteer_id
	JOIN teams t ON t.id = v.team_id,
	unnest(%s, %s) AS p (kind, due)
	WHERE t.organizer_id IS NOT NULL AND t.organizer_id <> r.volunteer_id
)`, reportCTE, q.arg(fc.orgKinds, "text[]"), q.arg(fc.orgDues, "timestamptz[]"))
		}
	}
	if fc.seq != 0 && reportCTE != "" {
		if fc.nextStepTo != nil {
			// A reminder not yet sent, or sent and still open, comes back
			// at the new time; its nudge goes, a new chain starts when
			// it is sent.
			q.printf(`, fu_replan AS (
	UPDATE followups SET status = 'pending', due_at = %s, attempts = 0, claimed_until = NULL, attempt_started_at = NULL, updated_at = $6::timestamptz
	FROM %s r
	WHERE followups.report_id = r.id AND followups.kind = 'next_step'
		AND followups.status IN ('pending', 'sent', 'delivered', 'overdue', 'failed')
	RETURNING followups.id
), fu_replan_chain AS (
	UPDATE followups SET status = 'cancelled', updated_at = $6::timestamptz
	WHERE parent_id IN (SELECT id FROM fu_replan) AND status = 'pending'
)`, q.arg(*fc.nextStepTo, "timestamptz"), reportCTE)
		}
		if fc.cancelThanks {
			q.printf(`, fu_thanked AS (
	UPDATE followups SET status = 'cancelled', claimed_until = NULL, updated_at = $6::timestamptz
	FROM %s r
	WHERE followups.report_id = r.id AND followups.kind = 'thanks' AND followups.status IN ('pending', 'sending')
)`, reportCTE)
		}
	}
	settle := func(name, id, set string) {
		// Only the volunteer's own open reminder; its pending nudge and
		// overdue check go with it (a moved reminder starts a new chain
		// when it is sent again).
		q.printf(`, %[1]s AS (
	UPDATE followups SET %[3]s, updated_at = $6::timestamptz
	FROM conv
	WHERE followups.id = %[2]s AND followups.volunteer_id = conv.volunteer_id AND followups.status IN %[4]s
	RETURNING followups.id
), %[1]s_chain AS (
	UPDATE followups SET status = 'cancelled', updated_at = $6::timestamptz
	WHERE parent_id IN (SELECT id FROM %[1]s) AND status = 'pending'
)`, name, id, set, openStatuses)
	}
	if fc.closeID != 0 {
		settle("fu_close", q.arg(fc.closeID, "bigint"), "status = 'done', closed_at = $6::timestamptz")
	}
	if fc.thankedSeq != 0 {
		q.printf(`, fu_thanked_report AS (
	UPDATE reports SET thanked = TRUE, updated_at = $6::timestamptz
	FROM conv
	WHERE reports.volunteer_id = conv.volunteer_id AND reports.seq = %s
)`, q.arg(fc.thankedSeq, "integer"))
	}
	if fc.moveID != 0 {
		settle("fu_move", q.arg(fc.moveID, "bigint"),
			"status = 'pending', due_at = "+q.arg(fc.moveTo, "timestamptz")+", attempts = 0, claimed_until = NULL, attempt_started_at = NULL")
	}
	if fc.cancelAll {
		// STOP: nothing more goes out, including a text claimed but not
		// yet sent (the scheduler reads the status again just before).
		q.write(`, fu_stop AS (
	UPDATE followups SET status = 'cancelled', claimed_until = NULL, updated_at = $6::timestamptz
	FROM conv
	WHERE followups.volunteer_id = conv.volunteer_id AND followups.status IN ('pending', 'sending')
)`)
	}
}

// sqlite applies the step's follow-up changes inside the step's
// transaction, after the conversation and report are saved.
func (fc *followupChange) sqlite(ctx context.Context, tx *sql.Tx, volunteerID int64, at time.Time) error {
	if fc.seq != 0 {
		for i, k := range fc.kinds {
			if _, err := tx.ExecContext(ctx, `
				INSERT INTO followups (report_id, volunteer_id, kind, due_at, created_at, updated_at)
				SELECT id, volunteer_id, $3, $4, $5, $5 FROM reports WHERE volunteer_id = $1 AND seq = $2`,
				volunteerID, fc.seq, k, fc.dues[i], at); err != nil {
				return fmt.Errorf("schedule %s: %w", k, err)
			}
		}
		for i, k := range fc.orgKinds {
			if _, err := tx.ExecContext(ctx, `
				INSERT INTO followups (report_id, volunteer_id, subject_id, kind, due_at, created_at, updated_at)
				SELECT r.id, t.organizer_id, r.volunteer_id, $3, $4, $5, $5
				FROM reports r JOIN volunteers v ON v.id = r.volunteer_id JOIN teams t ON t.id = v.team_id
				WHERE r.volunteer_id = $1 AND r.seq = $2
					AND t.organizer_id IS NOT NULL AND t.organizer_id <> r.volunteer_id`,
				volunteerID, fc.seq, k, fc.orgDues[i], at); err != nil {
				return fmt.Errorf("schedule %s: %w", k, err)
			}
		}
	}
	if fc.seq != 0 && fc.nextStepTo != nil {
		var ids []int64
		rows, err := tx.QueryContext(ctx, `
			UPDATE followups SET status = 'pending', due_at = $3, attempts = 0, claimed_until = NULL, attempt_started_at = NULL, updated_at = $4
			WHERE kind = 'next_step' AND status IN ('pending', 'sent', 'delivered', 'overdue', 'failed')
				AND report_id = (SELECT id FROM reports WHERE volunteer_id = $1 AND seq = $2)
			RETURNING id`, volunteerID, fc.seq, *fc.nextStepTo, at)
		if err != nil {
			return fmt.Errorf("move next-step reminder: %w", err)
		}
		for rows.Next() {
			var id int64
			if err := rows.Scan(&id); err != nil {
				rows.Close()
				return err
			}
			ids = append(ids, id)
		}
		rows.Close()
		for _, id := range ids {
			if _, err := tx.ExecContext(ctx, `UPDATE followups SET status = 'cancelled', updated_at = $2
				WHERE parent_id = $1 AND status = 'pending'`, id, at); err != nil {
				return fmt.Errorf("move next-step reminder: cancel its nudge: %w", err)
			}
		}
	}
	if fc.seq != 0 && fc.cancelThanks {
		if _, err := tx.ExecContext(ctx, `
			UPDATE followups SET status = 'cancelled', claimed_until = NULL, updated_at = $3
			WHERE kind = 'thanks' AND status IN ('pending', 'sending')
				AND report_id = (SELECT id FROM reports WHERE volunteer_id = $1 AND seq = $2)`,
			volunteerID, fc.seq, at); err != nil {
			return fmt.Errorf("cancel thank-you reminder: %w", err)
		}
	}
	settle := func(what string, id int64, set string, args ...any) error {
		res, err := tx.ExecContext(ctx, `UPDATE followups SET `+set+`, updated_at = $3
			WHERE id = $1 AND volunteer_id = $2 AND status IN `+openStatuses,
			append([]any{id, volunteerID, at}, args...)...)
		if err != nil {
			return fmt.Errorf("%s reminder %d: %w", what, id, err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return nil
		}
		if _, err := tx.ExecContext(ctx, `UPDATE followups SET status = 'cancelled', updated_at = $2
			WHERE parent_id = $1 AND status = 'pending'`, id, at); err != nil {
			return fmt.Errorf("%s reminder %d: cancel its nudge: %w", what, id, err)
		}
		return nil
	}
	if fc.closeID != 0 {
		if err := settle("close", fc.closeID, "status = 'done', closed_at = $3"); err != nil {
			return err
		}
	}
	if fc.thankedSeq != 0 {
		if _, err := tx.ExecContext(ctx, `UPDATE reports SET thanked = 1, updated_at = $3 WHERE volunteer_id = $1 AND seq = $2`,
			volunteerID, fc.thankedSeq, at); err != nil {
			return fmt.Errorf("mark report %d thanked: %w", fc.thankedSeq, err)
		}
	}
	if fc.moveID != 0 {
		if err := settle("move", fc.moveID, "status = 'pending', due_at = $4, attempts = 0, claimed_until = NULL, attempt_started_at = NULL", fc.moveTo); err != nil {
			return err
		}
	}
	if fc.cancelAll {
		if _, err := tx.ExecContext(ctx, `UPDATE followups SET status = 'cancelled', claimed_until = NULL, updated_at = $2
			WHERE volunteer_id = $1 AND status IN ('pending', 'sending')`, volunteerID, at); err != nil {
			return fmt.Errorf("cancel follow-ups: %w", err)
		}
	}
	return nil
}
