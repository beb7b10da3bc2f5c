package store

import (
	"context"
	"fmt"
	"strings"
)

// SendCheck is what may have changed since a follow-up was claimed.
type SendCheck struct {
	Claimed      bool // still 'sending': nobody cancelled it meanwhile
	OptedOut     bool // the recipient opted out
	PhoneBad     bool
	ParentClosed bool // its reminder is no longer waiting for DONE (done, rescheduled, cancelled)
}

// checkColumns are what a SendCheck is read from, after the follow-up's
// id.
const checkColumns = `f.id, f.status, v.opted_out, v.phone_bad, coalesce(p.status, '')
	FROM followups f JOIN volunteers v ON v.id = f.volunteer_id
	LEFT JOIN followups p ON p.id = f.parent_id`

// CheckSend reads, right before sending, whether the claimed follow-up
// should still go out: a STOP or DONE may have arrived since the claim.
func (s *Store) CheckSend(ctx context.Context, id int64) (SendCheck, error) {
	var c SendCheck
	var got int64
	var status, parent string
	err := s.sql.QueryRowContext(ctx, s.rebind(`SELECT `+checkColumns+` WHERE f.id = ?`), id).
		Scan(&got, &status, &c.OptedOut, &c.PhoneBad, &parent)
	if err != nil {
		return SendCheck{}, fmt.Errorf("check follow-up %d: %w", id, err)
	}
	return c.with(status, parent), nil
}

// CheckSends is CheckSend for several follow-ups in one query, such as a
// claimed batch right before its first send. A follow-up missing from
// the answer no longer exists.
func (s *Store) CheckSends(ctx context.Context, ids []int64) (map[int64]SendCheck, error) {
	out := make(map[int64]SendCheck, len(ids))
	if len(ids) == 0 {
		return out, nil
	}
	// One statement whatever the count on PostgreSQL (an array), so
	// that behind a transaction pooler it is described once per
	// connection, not once per batch size.
	q, args := `SELECT `+checkColumns+` WHERE f.id = ANY($1)`, []any{ids}
	if s.pg == nil {
		q = `SELECT ` + checkColumns + ` WHERE f.id IN (?` + strings.Repeat(", ?", len(ids)-1) + `)`
		args = make([]any, len(ids))
		for i, id := range ids {
			args[i] = id
		}
	}
	rows, err := s.sql.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("check %d follow-ups: %w", len(ids), err)
	}
	defer rows.Close()
	for rows.Next() {
		var c SendCheck
		var id int64
		var status, parent string
		if err := rows.Scan(&id, &status, &c.OptedOut, &c.PhoneBad, &parent); err != nil {
			return nil, fmt.Errorf("check %d follow-ups: %w", len(ids), err)
		}
		out[id] = c.with(status, parent)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("check %d follow-ups: %w", len(ids), err)
	}
	return out, nil
}

// with completes c from the follow-up's status and its parent's ("" for
// none).
func (c SendCheck) with(status, parent string) SendCheck {
	c.Claimed = status == string(StatusSending)
	// Sent, delivered or overdue: the reminder still waits for DONE.
	c.ParentClosed = parent != "" && parent != string(StatusSent) && parent != string(StatusDelivered) && parent != string(StatusOverdue)
	return c
}
