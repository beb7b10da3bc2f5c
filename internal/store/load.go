package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/debrief-sms/debrief"
	"github.com/debrief-sms/debrief/internal/conversation"
	"github.com/debrief-sms/debrief/internal/followup"
	"github.com/debrief-sms/debrief/internal/phone"
)

// loadColumns is what Load reads for a phone: the volunteer and team name,
// the conversation row, the latest report (NULLs when there is none) and
// whether the MessageSid is already stored, with the replies stored for it
// (text[] on PostgreSQL, a JSON array on SQLite), and the open reminder
// texted last, which DONE and LATER answer (one entry of followups_open).
const loadColumns = `
	v.id, v.phone, v.name, v.team_id, COALESCE(t.name, ''), v.language, v.time_zone, v.role,
	v.opted_out, v.opted_out_at, v.created_at,
	c.step, c.last_seq, c.state, c.version, c.last_activity_at,
	r.id, COALESCE(r.seq, 0), COALESCE(r.person_name, ''), COALESCE(r.person_phone, ''),
	COALESCE(r.person_email, ''), COALESCE(r.issue, ''), COALESCE(r.commitment, ''),
	COALESCE(r.commitment_text, ''), COALESCE(r.commitments, ''), COALESCE(r.next_steps, ''), r.next_contact_at,
	COALESCE(r.next_contact_has_time, FALSE), COALESCE(r.enjoy, ''), COALESCE(r.notes, ''),
	r.thanked, COALESCE(r.extra, '{}'), COALESCE(r.status, ''), r.started_at, r.updated_at,
	r.completed_at,
	m.id IS NOT NULL, m.replies,
	f.id, COALESCE(f.kind, ''), COALESCE(fr.person_name, fp.person_name, ''), COALESCE(fr.seq, 0), COALESCE(fp.seq, 0)`

const loadFrom = `
FROM volunteers v
JOIN conversations c ON c.volunteer_id = v.id
LEFT JOIN teams t ON t.id = v.team_id
LEFT JOIN reports r ON r.volunteer_id = v.id AND r.seq = c.last_seq
LEFT JOIN messages m ON m.message_sid = $2`

// openReminder is the volunteer's open reminder texted last: one entry of
// the followups_open index. PostgreSQL reads it through a LATERAL join;
// SQLite, which has none, through a join on the subquery's id.
const (
	openReminderWhere = `
	WHERE o.volunteer_id = v.id AND o.kind IN ` + openReminderKinds + `
		AND o.status IN ('sent', 'delivered', 'overdue')
	ORDER BY o.reminded_at DESC, o.id DESC
	LIMIT 1`
	openReminderPostgres = `
LEFT JOIN LATERAL (SELECT o.id, o.kind, o.report_id, o.plan_id FROM followups o` + openReminderWhere + `) f ON TRUE
LEFT JOIN reports fr ON fr.id = f.report_id
LEFT JOIN plans fp ON fp.id = f.plan_id
WHERE v.phone = $1`
	openReminderSQLite = `
LEFT JOIN followups f ON f.id = (SELECT o.id FROM followups o` + openReminderWhere + `)
LEFT JOIN reports fr ON fr.id = f.report_id
LEFT JOIN plans fp ON fp.id = f.plan_id
WHERE v.phone = $1`
)

// loadPostgresSQL and loadSQLiteSQL read everything in one round trip.
const (
	loadPostgresSQL = `SELECT` + loadColumns + loadFrom + openReminderPostgres
	loadSQLiteSQL   = `SELECT` + loadColumns + loadFrom + openReminderSQLite
)

// recentColumns is what the inbound limit reads with Load: the phone's
// inbound texts after $3 (the window's start), at most $4 of them, a
// backward range scan of a few entries of messages_volunteer_id_created_at.
const recentColumns = `,
	(SELECT count(*) FROM (SELECT 1 FROM messages i
		WHERE i.volunteer_id = v.id AND i.created_at > $3 AND i.direction = 'in'
		ORDER BY i.created_at DESC LIMIT $4) n)`

const (
	loadRecentPostgresSQL = `SELECT` + loadColumns + recentColumns + loadFrom + openReminderPostgres
	loadRecentSQLiteSQL   = `SELECT` + loadColumns + recentColumns + loadFrom + openReminderSQLite
)

// Loaded is what LoadRecent reads of a phone.
type Loaded struct {
	State            conversation.State
	DuplicateReplies []string
	Duplicate        bool
	Recent           int // the phone's inbound texts in the window, at most max
}

// LoadRecent is Load, and in the same query the number of the phone's
// texts for the inbound limit: those after since, at most max of them. It
// is still one round trip.
func (s *Store) LoadRecent(ctx context.Context, number, messageSID string, since time.Time, max int) (Loaded, error) {
	var row scanner
	if s.pg != nil {
		row = s.pg.QueryRow(ctx, loadRecentPostgresSQL, number, nullString(messageSID), since.UTC(), max)
	} else {
		row = s.sql.QueryRowContext(ctx, loadRecentSQLiteSQL, number, nullString(messageSID), s.stored(since), max)
	}
	var l loaded
	var out Loaded
	err := l.scan(row, s.pg != nil, &out.Recent)
	if errors.Is(err, pgx.ErrNoRows) || errors.Is(err, sql.ErrNoRows) {
		out.State = s.newcomer(number)
		return out, nil
	}
	if err != nil {
		return Loaded{}, fmt.Errorf("load %s: %w", phone.Mask(number), err)
	}
	if out.State, err = l.state(); err != nil {
		return Loaded{}, fmt.Errorf("load %s: %w", phone.Mask(number), err)
	}
	if l.duplicate {
		out.DuplicateReplies, out.Duplicate = l.replies, true
	}
	return out, nil
}

// Load returns the conversation state of the phone number (E.164) and whether
// messageSID is already stored; if it is, duplicateReplies are the replies
// stored for it, in order, to send again. It is one round trip.
//
// A phone Debrief has never seen gets the state of a newcomer, with no
// volunteer ID (0), the default language and time zone, at version 0:
// nothing is stored until Save creates the volunteer with the first text's
// step, so that a first text costs no more round trips than any other.
func (s *Store) Load(ctx context.Context, number, messageSID string) (state conversation.State, duplicateReplies []string, duplicate bool, err error) {
	var row scanner
	if s.pg != nil {
		row = s.pg.QueryRow(ctx, loadPostgresSQL, number, nullString(messageSID))
	} else {
		row = s.sql.QueryRowContext(ctx, loadSQLiteSQL, number, nullString(messageSID))
	}
	var l loaded
	err = l.scan(row, s.pg != nil)
	if errors.Is(err, pgx.ErrNoRows) || errors.Is(err, sql.ErrNoRows) {
		return s.newcomer(number), nil, false, nil
	}
	if err != nil {
		return conversation.State{}, nil, false, fmt.Errorf("load %s: %w", phone.Mask(number), err)
	}
	if state, err = l.state(); err != nil {
		return conversation.State{}, nil, false, fmt.Errorf("load %s: %w", phone.Mask(number), err)
	}
	if !l.duplicate {
		return state, nil, false, nil
	}
	return state, l.replies, true, nil
}

// newcomer is the state of a phone with no volunteer yet: what Load will
// read once Save has created it, but for the ID.
func (s *Store) newcomer(number string) conversation.State {
	return conversation.State{Volunteer: debrief.Volunteer{
		Phone:     number,
		Language:  s.opts.DefaultLanguage,
		TimeZone:  s.opts.DefaultTimeZone,
		Role:      debrief.RoleVolunteer,
		CreatedAt: s.stored(s.now()),
	}}
}

// scanner is a row of pgx or database/sql.
type scanner interface {
	Scan(dest ...any) error
}

// loaded is one row of loadColumns.
type loaded struct {
	vol          debrief.Volunteer
	language     string
	role         string
	step         string
	lastSeq      int
	stateJSON    string
	version      int64
	lastActivity *time.Time

	reportID    *int64
	report      debrief.Report
	commitment  string
	commitments string
	extraJSON   string
	status      string
	startedAt   *time.Time
	updatedAt   *time.Time
	duplicate   bool
	replies     []string
	repliesJSON sql.NullString

	reminderID     *int64
	reminderKind   string
	reminderPerson string
	reminderSeq    int
	reminderPlan   int
}

// scan reads one row of loadColumns, then the extra columns after them.
func (l *loaded) scan(row scanner, postgres bool, extra ...any) error {
	r := &l.report
	dest := []any{
		&l.vol.ID, &l.vol.Phone, &l.vol.Name, &l.vol.TeamID, &l.vol.TeamName, &l.language, &l.vol.TimeZone, &l.role,
		&l.vol.OptedOut, &l.vol.OptedOutAt, &l.vol.CreatedAt,
		&l.step, &l.lastSeq, &l.stateJSON, &l.version, &l.lastActivity,
		&l.reportID, &r.Seq, &r.PersonName, &r.PersonPhone,
		&r.PersonEmail, &r.Issue, &l.commitment,
		&r.CommitmentText, &l.commitments, &r.NextSteps, &r.NextContactAt,
		&r.NextContactHasTime, &r.Enjoy, &r.Notes,
		&r.Thanked, &l.extraJSON, &l.status, &l.startedAt, &l.updatedAt,
		&r.CompletedAt,
		&l.duplicate,
	}
	if postgres {
		dest = append(dest, &l.replies)
	} else {
		dest = append(dest, &l.repliesJSON)
	}
	dest = append(dest, &l.reminderID, &l.reminderKind, &l.reminderPerson, &l.reminderSeq, &l.reminderPlan)
	dest = append(dest, extra...)
	if err := row.Scan(dest...); err != nil {
		return err
	}
	if l.repliesJSON.Valid {
		if err := json.Unmarshal([]byte(l.repliesJSON.String), &l.replies); err != nil {
			return fmt.Errorf("stored replies: %w", err)
		}
	}
	return nil
}

// state assembles the conversation.State the row describes.
func (l *loaded) state() (conversation.State, error) {
	var st conversation.State
	if err := json.Unmarshal([]byte(l.stateJSON), &st); err != nil {
		return conversation.State{}, fmt.Errorf("conversation state: %w", err)
	}
	st.Volunteer = l.vol
	if l.reminderID != nil {
		st.OpenReminder = &conversation.Reminder{ID: *l.reminderID, Kind: followup.Kind(l.reminderKind), Person: l.reminderPerson, ReportSeq: l.reminderSeq, PlanSeq: l.reminderPlan}
	}
	st.Volunteer.Language = debrief.Language(l.language)
	st.Volunteer.Role = debrief.Role(l.role)
	st.Volunteer.CreatedAt = l.vol.CreatedAt.UTC()
	st.Volunteer.OptedOutAt = utcPtr(l.vol.OptedOutAt)
	st.Step = l.step
	st.LastSeq = l.lastSeq
	st.Version = l.version
	if l.lastActivity != nil {
		st.LastActivity = l.lastActivity.UTC()
	}
	if l.reportID == nil {
		return st, nil
	}
	r := l.report
	r.ID = *l.reportID
	r.Commitment = debrief.Commitment(l.commitment)
	r.Commitments = splitCommitments(l.commitments)
	r.Status = debrief.ReportStatus(l.status)
	r.NextContactAt = utcPtr(r.NextContactAt)
	r.CompletedAt = utcPtr(r.CompletedAt)
	r.StartedAt = l.startedAt.UTC()
	r.UpdatedAt = l.updatedAt.UTC()
	extra, err := decodeExtra(l.extraJSON)
	if err != nil {
		return conversation.State{}, err
	}
	r.Extra = extra
	st.Draft = &r
	return st, nil
}
