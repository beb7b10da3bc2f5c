package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/debrief-sms/debrief/internal/conversation"
)

// planChange is what one step does to plans (conversation.PlanChange),
// converted for the database.
type planChange struct {
	addSeq      int
	person, key string
	at          time.Time
	hasTime     bool
	kinds       []string
	dues        []time.Time

	cancelSeq   int
	closeSeq    int // closed by the report the step completed: the step's draft
	answeredSeq int // its asks are settled
}

func newPlanChange(e conversation.Effects) *planChange {
	c := e.Plan
	if c.Empty() {
		return nil
	}
	pc := &planChange{cancelSeq: c.Cancel, closeSeq: c.Close, answeredSeq: c.Answered}
	if p := c.Add; p != nil {
		pc.addSeq, pc.person, pc.key, pc.at, pc.hasTime = p.Seq, p.Person, conversation.PersonKey(p.Person), p.At.UTC(), p.HasTime
		pc.kinds, pc.dues = []string{}, []time.Time{}
		for _, f := range c.FollowUps {
			pc.kinds, pc.dues = append(pc.kinds, string(f.Kind)), append(pc.dues, f.DueAt.UTC())
		}
	}
	return pc
}

// planSettled are the statuses of a plan's follow-ups once it is closed
// or cancelled: not sent yet, cancelled; sent and waiting, done.
const (
	planFollowupsLive = `('pending', 'sending', 'sent', 'delivered', 'overdue', 'failed')`
	planSettle        = `status = CASE WHEN followups.status IN ('pending', 'sending') THEN 'cancelled' ELSE 'done' END,
		closed_at = CASE WHEN followups.status IN ('pending', 'sending') THEN followups.closed_at ELSE %[1]s END,
		claimed_until = NULL, updated_at = %[1]s`
)

// postgres appends the step's plan CTEs. draftCTE names the CTE that
// stored the step's draft ("" when none), whose id a closed plan keeps.
func (pc *planChange) postgres(q *pgQuery, draftCTE string) {
	if pc.addSeq != 0 {
		q.printf(`, plan_add AS (
	INSERT INTO plans (volunteer_id, seq, person_name, person_key, planned_at, has_time, created_at, updated_at)
	SELECT volunteer_id, %s, %s, %s, %s, %s, $6::timestamptz, $6::timestamptz FROM conv
	RETURNING id, volunteer_id
)`, q.arg(pc.addSeq, "integer"), q.arg(pc.person, "text"), q.arg(pc.key, "text"), q.arg(pc.at, "timestamptz"), q.arg(pc.hasTime, "boolean"))
		if len(pc.kinds) > 0 {
			q.printf(`, plan_followups AS (
	INSERT INTO followups (plan_id, volunteer_id, kind, due_at, created_at, updated_at)
	SELECT p.id, p.volunteer_id, f.kind, f.due, $6::timestamptz, $6::timestamptz
	FROM plan_add p, unnest(%s, %s) AS f (kind, due)
)`, q.arg(pc.kinds, "text[]"), q.arg(pc.dues, "timestamptz[]"))
		}
	}
	settle := fmt.Sprintf(planSettle, "$6::timestamptz")
	end := func(name, seq, status, report string) {
		q.printf(`, %[1]s AS (
	UPDATE plans SET status = '%[3]s', report_id = %[4]s, closed_at = $6::timestamptz, updated_at = $6::timestamptz
	FROM conv
	WHERE plans.volunteer_id = conv.volunteer_id AND plans.seq = %[2]s AND plans.status = 'planned'
	RETURNING plans.id
), %[1]s_followups AS (
	UPDATE followups SET %[5]s
	WHERE plan_id IN (SELECT id FROM %[1]s) AND status IN %[6]s
)`, name, seq, status, report, settle, planFollowupsLive)
	}
	if pc.cancelSeq != 0 {
		end("plan_cancel", q.arg(pc.cancelSeq, "integer"), "cancelled", "NULL")
	}
	if pc.closeSeq != 0 {
		report := "NULL"
		if draftCTE != "" {
			report = "(SELECT id FROM " + draftCTE + ")"
		}
		end("plan_close", q.arg(pc.closeSeq, "integer"), "reported", report)
	}
	if pc.answeredSeq != 0 {
		q.printf(`, plan_answered AS (
	UPDATE followups SET %s
	FROM plans p, conv
	WHERE p.volunteer_id = conv.volunteer_id AND p.seq = %s AND followups.plan_id = p.id
		AND followups.kind IN ('plan_ask', 'plan_ask_again') AND followups.status IN %s
)`, settle, q.arg(pc.answeredSeq, "integer"), planFollowupsLive)
	}
}

// sqlite applies the step's plan changes inside its transaction, after
// the draft is stored (draftID, 0 when none).
func (pc *planChange) sqlite(ctx context.Context, tx *sql.Tx, volunteerID, draftID int64, at time.Time) error {
	if pc.addSeq != 0 {
		var id int64
		if err := tx.QueryRowContext(ctx, `
			INSERT INTO plans (volunteer_id, seq, person_name, person_key, planned_at, has_time, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $7) RETURNING id`,
			volunteerID, pc.addSeq, pc.person, pc.key, pc.at, pc.hasTime, at).Scan(&id); err != nil {
			return fmt.Errorf("add plan %d: %w", pc.addSeq, err)
		}
		for i, k := range pc.kinds {
			if _, err := tx.ExecContext(ctx, `
				INSERT INTO followups (plan_id, volunteer_id, kind, due_at, created_at, updated_at)
				VALUES ($1, $2, $3, $4, $5, $5)`, id, volunteerID, k, pc.dues[i], at); err != nil {
				return fmt.Errorf("schedule %s of plan %d: %w", k, pc.addSeq, err)
			}
		}
	}
	settle := fmt.Sprintf(planSettle, "$1")
	end := func(seq int, status string, report any) error {
		var id int64
		err := tx.QueryRowContext(ctx, `
			UPDATE plans SET status = $3, report_id = $4, closed_at = $5, updated_at = $5
			WHERE volunteer_id = $1 AND seq = $2 AND status = 'planned' RETURNING id`,
			volunteerID, seq, status, report, at).Scan(&id)
		if err == sql.ErrNoRows {
			return nil
		}
		if err != nil {
			return fmt.Errorf("plan %d %s: %w", seq, status, err)
		}
		if _, err := tx.ExecContext(ctx, `UPDATE followups SET `+settle+`
			WHERE plan_id = $2 AND status IN `+planFollowupsLive, at, id); err != nil {
			return fmt.Errorf("plan %d %s: its follow-ups: %w", seq, status, err)
		}
		return nil
	}
	if pc.cancelSeq != 0 {
		if err := end(pc.cancelSeq, "cancelled", nil); err != nil {
			return err
		}
	}
	if pc.closeSeq != 0 {
		var report any
		if draftID != 0 {
			report = draftID
		}
		if err := end(pc.closeSeq, "reported", report); err != nil {
			return err
		}
	}
	if pc.answeredSeq != 0 {
		if _, err := tx.ExecContext(ctx, `UPDATE followups SET `+settle+`
			WHERE kind IN ('plan_ask', 'plan_ask_again') AND status IN `+planFollowupsLive+`
				AND plan_id = (SELECT id FROM plans WHERE volunteer_id = $2 AND seq = $3)`,
			at, volunteerID, pc.answeredSeq); err != nil {
			return fmt.Errorf("plan %d answered: %w", pc.answeredSeq, err)
		}
	}
	return nil
}
