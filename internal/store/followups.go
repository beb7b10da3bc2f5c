package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"gorm.io/gorm"

	"github.com/debrief-sms/debrief"
	"github.com/debrief-sms/debrief/internal/followup"
	"github.com/debrief-sms/debrief/internal/phone"
)

// FollowupStatus is where a follow-up is in its life.
type FollowupStatus string

// Follow-up statuses. A reminder goes pending -> sending -> sent ->
// delivered, then done (DONE), overdue (no DONE after its nudge), or back
// to pending (LATER, a date). Failed is for good; cancelled was never sent
// (opt-out, a closed reminder, a bad number).
const (
	StatusPending   FollowupStatus = "pending"
	StatusSending   FollowupStatus = "sending"
	StatusSent      FollowupStatus = "sent"
	StatusDelivered FollowupStatus = "delivered"
	StatusFailed    FollowupStatus = "failed"
	StatusDone      FollowupStatus = "done"
	StatusCancelled FollowupStatus = "cancelled"
	StatusOverdue   FollowupStatus = "overdue"
)

// ErrNoReminder reports that a volunteer has no open reminder.
var ErrNoReminder = errors.New("no open reminder")

// NewFollowup is a follow-up to schedule for a report: by its ID, or before
// it has one by (VolunteerID, ReportSeq). Reminder kinds go to the
// volunteer; OrganizerCommitment goes to the organizer of the volunteer's
// team, and is skipped when the team has none.
type NewFollowup struct {
	ReportID    int64
	VolunteerID int64
	ReportSeq   int
	Kind        followup.Kind
	DueAt       time.Time
}

// addReminderSQL inserts a reminder for a report found by id or by
// (volunteer, seq).
const addReminderSQL = `
INSERT INTO followups (report_id, volunteer_id, kind, due_at, created_at, updated_at)
SELECT r.id, r.volunteer_id, ?, ?, ?, ?
FROM reports r
WHERE r.id = ? OR (r.volunteer_id = ? AND r.seq = ?)`

// addOrganizerSQL inserts a text to the organizer of the reporting
// volunteer's team about the report.
const addOrganizerSQL = `
INSERT INTO followups (report_id, volunteer_id, subject_id, kind, due_at, created_at, updated_at)
SELECT r.id, t.organizer_id, r.volunteer_id, ?, ?, ?, ?
FROM reports r
JOIN volunteers v ON v.id = r.volunteer_id
JOIN teams t ON t.id = v.team_id
WHERE (r.id = ? OR (r.volunteer_id = ? AND r.seq = ?))
	AND t.organizer_id IS NOT NULL AND t.organizer_id <> r.volunteer_id`

// AddFollowups schedules follow-ups, in one transaction.
func (s *Store) AddFollowups(ctx context.Context, fs []NewFollowup) error {
	now := s.now()
	err := s.gdb.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		for _, f := range fs {
			q := addReminderSQL
			switch {
			case f.Kind.ToOrganizer():
				q = addOrganizerSQL
			case !f.Kind.Reminder():
				return fmt.Errorf("kind %q is scheduled by the scheduler, not for a report", f.Kind)
			}
			if err := tx.Exec(q, string(f.Kind), f.DueAt.UTC(), now, now, f.ReportID, f.VolunteerID, f.ReportSeq).Error; err != nil {
				return fmt.Errorf("%s: %w", f.Kind, err)
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("add follow-ups: %w", err)
	}
	return nil
}

// Reminder is a volunteer's open reminder: sent, not yet DONE.
type Reminder struct {
	ID         int64
	ReportID   int64
	Kind       followup.Kind
	PersonName string
	RemindedAt time.Time // when the last text about it (itself or its nudge) went out
}

// OpenReminder returns the volunteer's open reminder texted last, the one
// DONE and LATER apply to, or ErrNoReminder. It reads one index entry.
func (s *Store) OpenReminder(ctx context.Context, volunteerID int64) (Reminder, error) {
	var r Reminder
	var kind string
	var reportID sql.NullInt64
	err := s.sql.QueryRowContext(ctx, s.rebind(`
		SELECT f.id, f.report_id, f.kind, coalesce(r.person_name, p.person_name, ''), f.reminded_at
		FROM followups f LEFT JOIN reports r ON r.id = f.report_id LEFT JOIN plans p ON p.id = f.plan_id
		WHERE f.volunteer_id = ? AND f.kind IN `+openReminderKinds+` AND f.status IN ('sent', 'delivered', 'overdue')
		ORDER BY f.reminded_at DESC, f.id DESC
		LIMIT 1`), volunteerID).Scan(&r.ID, &reportID, &kind, &r.PersonName, &r.RemindedAt)
	if errors.Is(err, sql.ErrNoRows) {
		return Reminder{}, ErrNoReminder
	}
	if err != nil {
		return Reminder{}, fmt.Errorf("open reminder: %w", err)
	}
	r.ReportID, r.Kind = reportID.Int64, followup.Kind(kind)
	return r, nil
}

// FollowupFilter selects follow-ups to list; empty fields select all.
type FollowupFilter struct {
	Team           string // team name, any case: the recipient's or, for organizer texts, the volunteer's
	VolunteerPhone string // E.164: the recipient's or the volunteer an organizer text is about
	Status         FollowupStatus
	Limit          int // 0: 1000
}

// FollowupListing is one follow-up as the operator sees it.
type FollowupListing struct {
	ID         int64
	PersonName string // the person met, from the report, or planned, from the plan
	Phone      string // the recipient, E.164
	Name       string // the recipient's name
	Kind       followup.Kind
	DueAt      time.Time
	Status     FollowupStatus
	Attempts   int
	ErrorCode  int    // Twilio's error code of the last failed try, 0 when none
	LastError  string // why the last try failed, or why it was cancelled
}

// Followups lists follow-ups by due time.
func (s *Store) Followups(ctx context.Context, f FollowupFilter) ([]FollowupListing, error) {
	q := `SELECT f.id, coalesce(r.person_name, p.person_name, ''), v.phone, v.name, f.kind, f.due_at, f.status, f.attempts, f.error_code, f.last_error
		FROM followups f
		JOIN volunteers v ON v.id = f.volunteer_id
		LEFT JOIN volunteers sv ON sv.id = f.subject_id
		LEFT JOIN reports r ON r.id = f.report_id
		LEFT JOIN plans p ON p.id = f.plan_id
		WHERE f.kind <> 'overdue'`
	var args []any
	if f.Team != "" {
		q += ` AND EXISTS (SELECT 1 FROM teams t WHERE lower(t.name) = lower(?) AND t.id IN (v.team_id, sv.team_id))`
		args = append(args, strings.TrimSpace(f.Team))
	}
	if f.VolunteerPhone != "" {
		q += ` AND (v.phone = ? OR sv.phone = ?)`
		args = append(args, f.VolunteerPhone, f.VolunteerPhone)
	}
	if f.Status != "" {
		q += ` AND f.status = ?`
		args = append(args, string(f.Status))
	}
	limit := f.Limit
	if limit <= 0 {
		limit = 1000
	}
	q += ` ORDER BY f.due_at, f.id LIMIT ?`
	args = append(args, limit)
	rows, err := s.sql.QueryContext(ctx, s.rebind(q), args...)
	if err != nil {
		return nil, fmt.Errorf("list follow-ups: %w", err)
	}
	defer rows.Close()
	var out []FollowupListing
	for rows.Next() {
		var l FollowupListing
		var kind, status string
		var code sql.NullInt64
		if err := rows.Scan(&l.ID, &l.PersonName, &l.Phone, &l.Name, &kind, &l.DueAt, &status, &l.Attempts, &code, &l.LastError); err != nil {
			return nil, fmt.Errorf("list follow-ups: %w", err)
		}
		l.Kind, l.Status, l.ErrorCode = followup.Kind(kind), FollowupStatus(status), int(code.Int64)
		out = append(out, l)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("list follow-ups: %w", err)
	}
	return out, nil
}

// deliveryOrder is the order of the statuses Twilio reports for a sent
// text (twilio.Statuses), earliest first; statuses in one group rank the
// same. A text's messages.status only moves forward along it: Twilio's
// callbacks may arrive out of order, and a late "sent" must not undo
// "delivered". receiving and received are an inbound text's, absent here:
// they rank 0, as does anything else, and never replace a known status.
var deliveryOrder = [][]string{
	{"accepted", "scheduled"},
	{"queued"},
	{"sending"},
	{"sent"},
	{"delivery_unknown"},
	{"delivered", "undelivered", "failed", "partially_delivered", "canceled"},
	{"read"},
}

// deliveryRank is status's place in deliveryOrder, from 1; 0 when absent.
func deliveryRank(status string) int {
	for i, group := range deliveryOrder {
		if slices.Contains(group, status) {
			return i + 1
		}
	}
	return 0
}

// deliveryRankSQL is deliveryRank of messages.status, in SQL.
var deliveryRankSQL = func() string {
	var b strings.Builder
	b.WriteString("CASE status")
	for i, group := range deliveryOrder {
		for _, status := range group {
			fmt.Fprintf(&b, " WHEN '%s' THEN %d", status, i+1)
		}
	}
	b.WriteString(" ELSE 0 END")
	return b.String()
}()

// UpdateDelivery records a delivery status Twilio reported for an
// outbound text: on its message row, only if it moves the text forward
// (deliveryOrder) or repeats its status; and, for a follow-up, sent
// becomes delivered, and undelivered or failed makes it failed. Statuses
// may arrive out of order; a later one never moves a message or a
// follow-up back. It reports whether the SID was known.
func (s *Store) UpdateDelivery(ctx context.Context, sid, status string, errorCode int, at time.Time) (bool, error) {
	var code any
	if errorCode != 0 {
		code = errorCode
	}
	var known bool
	err := s.gdb.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		res := tx.Exec(`UPDATE messages SET status = ?, error_code = coalesce(?, error_code)
			WHERE message_sid = ? AND direction = 'out' AND (status = ? OR `+deliveryRankSQL+` < ?)`,
			status, code, sid, status, deliveryRank(status))
		if res.Error != nil {
			return res.Error
		}
		known = res.RowsAffected > 0
		if !known {
			// Nothing changed: a late status of a known text, or a SID
			// that is not ours.
			var n int64
			if err := tx.Raw(`SELECT count(*) FROM messages WHERE message_sid = ? AND direction = 'out'`, sid).Scan(&n).Error; err != nil {
				return err
			}
			known = n > 0
		}
		var fstatus, from string
		switch status {
		case "delivered", "read":
			fstatus, from = "delivered", "'sent'"
		case "undelivered", "failed":
			fstatus, from = "failed", "'sent', 'delivered'"
		default:
			return nil
		}
		if fstatus == "failed" {
			// A failed reminder is no longer the open one Load reads:
			// its volunteer's conversation version goes up (first, to
			// lock in Save's order). Delivered changes nothing Load reads.
			if err := tx.Exec(`UPDATE conversations SET version = version + 1
				WHERE volunteer_id IN (SELECT volunteer_id FROM followups
					WHERE message_sid = ? AND kind IN `+openReminderKinds+` AND status IN (`+from+`))`, sid).Error; err != nil {
				return err
			}
		}
		res = tx.Exec(`UPDATE followups SET status = ?, error_code = coalesce(?, error_code), updated_at = ?
			WHERE message_sid = ? AND status IN (`+from+`)`, fstatus, code, at.UTC(), sid)
		known = known || res.RowsAffected > 0
		return res.Error
	})
	if err != nil {
		return false, fmt.Errorf("update delivery of %s: %w", sid, err)
	}
	return known, nil
}

// rebind turns ? placeholders into PostgreSQL's $n on PostgreSQL.
func (s *Store) rebind(q string) string {
	if s.pg == nil {
		return q
	}
	var b strings.Builder
	n := 0
	for _, r := range q {
		if r == '?' {
			n++
			fmt.Fprintf(&b, "$%d", n)
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// maskedOrName is how an organizer text names a volunteer.
func maskedOrName(name, e164 string) string {
	if strings.TrimSpace(name) != "" {
		return name
	}
	return phone.Mask(e164)
}

// language reads a stored language, English when unknown.
func language(s string) debrief.Language {
	if debrief.Language(s) == debrief.Spanish {
		return debrief.Spanish
	}
	return debrief.English
}
