package store

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/debrief-sms/debrief"
)

// ReportFilter selects reports to list or export; empty fields select all.
// The CSV export and the web reports page both take it.
type ReportFilter struct {
	// Since and Until bound the report's date, Since included, Until
	// not; a zero time leaves that side open. A report's date is its
	// completed_at, or its started_at while it has none (drafts,
	// abandoned reports). SetDays sets both from calendar days.
	Since, Until   time.Time
	Team           string               // the reporting volunteer's team, by name in any case
	VolunteerPhone string               // the reporting volunteer, E.164
	Commitment     debrief.Commitment   // one of the report's commitments
	Status         debrief.ReportStatus // "" is complete
}

// SetDays sets Since and Until to the calendar days from and to
// (YYYY-MM-DD, both included) in loc, the coordinator's zone: from's
// midnight to the midnight after to. An empty day leaves its side open.
func (f *ReportFilter) SetDays(from, to string, loc *time.Location) error {
	if from != "" {
		d, err := time.ParseInLocation(time.DateOnly, from, loc)
		if err != nil {
			return fmt.Errorf("from %q: want YYYY-MM-DD", from)
		}
		f.Since = d
	}
	if to != "" {
		d, err := time.ParseInLocation(time.DateOnly, to, loc)
		if err != nil {
			return fmt.Errorf("to %q: want YYYY-MM-DD", to)
		}
		// time.Date, not Add(24h): a day is 23 or 25 hours across a
		// daylight-saving change.
		f.Until = time.Date(d.Year(), d.Month(), d.Day()+1, 0, 0, 0, 0, loc)
	}
	if !f.Since.IsZero() && !f.Until.IsZero() && !f.Since.Before(f.Until) {
		return fmt.Errorf("from %s is after to %s", from, to)
	}
	return nil
}

// ReportListing is one report with the volunteer who filed it: their ID,
// phone, name, time zone and team name are set.
type ReportListing struct {
	Report    debrief.Report
	Volunteer debrief.Volunteer
}

// reportDate is the date ReportFilter bounds and the listing's order.
const reportDate = `COALESCE(r.completed_at, r.started_at)`

// where is the filter's WHERE clause, ? placeholders, and its arguments.
func (s *Store) where(f ReportFilter) (string, []any) {
	status := f.Status
	if status == "" {
		status = debrief.ReportComplete
	}
	q := ` WHERE r.status = ?`
	args := []any{string(status)}
	if !f.Since.IsZero() {
		q += ` AND ` + reportDate + ` >= ?`
		args = append(args, s.stored(f.Since))
	}
	if !f.Until.IsZero() {
		q += ` AND ` + reportDate + ` < ?`
		args = append(args, s.stored(f.Until))
	}
	if f.Team != "" {
		q += ` AND lower(t.name) = lower(?)`
		args = append(args, strings.TrimSpace(f.Team))
	}
	if f.VolunteerPhone != "" {
		q += ` AND v.phone = ?`
		args = append(args, f.VolunteerPhone)
	}
	if f.Commitment != "" {
		// commitments is comma-separated: match a whole entry. _ is a
		// LIKE wildcard, and commitments have one (house_party).
		q += ` AND (',' || r.commitments || ',') LIKE ? ESCAPE '\'`
		args = append(args, "%,"+strings.ReplaceAll(string(f.Commitment), "_", `\_`)+",%")
	}
	return q, args
}

const reportsFrom = `
FROM reports r
JOIN volunteers v ON v.id = r.volunteer_id
LEFT JOIN teams t ON t.id = v.team_id`

// ListReports calls each with the reports f selects, by date then ID,
// reading them from the database as it goes: however many there are, it
// holds one at a time. An error from each stops the listing and is
// returned. It is one query, with no session state, so it runs behind a
// transaction pooler.
//
// The query holds a database connection until the last row, and each runs
// in between: on SQLite the store's only connection, which every text
// waits for. Keep each quick: a caller with a slow reader on the other
// side (a download over a phone's connection) writes to a temporary file
// first and serves that.
func (s *Store) ListReports(ctx context.Context, f ReportFilter, each func(ReportListing) error) error {
	where, args := s.where(f)
	q := `SELECT ` + listingColumns + reportsFrom + where + ` ORDER BY ` + reportDate + `, r.id`
	rows, err := s.sql.QueryContext(ctx, s.rebind(q), args...)
	if err != nil {
		return fmt.Errorf("list reports: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		l, err := scanListing(rows)
		if err != nil {
			return fmt.Errorf("list reports: %w", err)
		}
		if err := each(l); err != nil {
			return err
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("list reports: %w", err)
	}
	return nil
}

// listingColumns are a ReportListing's columns, as scanListing reads them,
// over reportsFrom.
const listingColumns = `r.id, r.seq, r.person_name, r.person_phone, r.person_email, r.issue, r.commitment, r.commitments,
		r.commitment_text, r.next_steps, r.next_contact_at, r.next_contact_has_time, r.enjoy, r.notes, r.thanked,
		r.extra, r.status, r.started_at, r.updated_at, r.completed_at,
		v.id, v.phone, v.name, v.time_zone, COALESCE(t.name, '')`

// scanListing reads one row of listingColumns.
func scanListing(row scanner) (ReportListing, error) {
	var l ReportListing
	r, v := &l.Report, &l.Volunteer
	var commitment, commitments, extra, status string
	if err := row.Scan(&r.ID, &r.Seq, &r.PersonName, &r.PersonPhone, &r.PersonEmail, &r.Issue, &commitment,
		&commitments, &r.CommitmentText, &r.NextSteps, &r.NextContactAt, &r.NextContactHasTime, &r.Enjoy,
		&r.Notes, &r.Thanked, &extra, &status, &r.StartedAt, &r.UpdatedAt, &r.CompletedAt,
		&v.ID, &v.Phone, &v.Name, &v.TimeZone, &v.TeamName); err != nil {
		return ReportListing{}, err
	}
	r.Commitment, r.Commitments, r.Status = debrief.Commitment(commitment), splitCommitments(commitments), debrief.ReportStatus(status)
	r.NextContactAt, r.CompletedAt = utcPtr(r.NextContactAt), utcPtr(r.CompletedAt)
	r.StartedAt, r.UpdatedAt = r.StartedAt.UTC(), r.UpdatedAt.UTC()
	var err error
	if r.Extra, err = decodeExtra(extra); err != nil {
		return ReportListing{}, fmt.Errorf("report %d: %w", r.ID, err)
	}
	return l, nil
}

// ReportExtraKeys returns the keys of the extra answers (a team's own
// questions) of the reports f selects, sorted: the columns an export
// writes for them, known before its first row.
func (s *Store) ReportExtraKeys(ctx context.Context, f ReportFilter) ([]string, error) {
	where, args := s.where(f)
	// PostgreSQL lists a jsonb object's keys with a set-returning
	// function; SQLite's json_each is a table, one row per key.
	q := `SELECT DISTINCT jsonb_object_keys(r.extra)` + reportsFrom + where
	if s.pg == nil {
		q = `SELECT DISTINCT j.key` + reportsFrom + `, json_each(r.extra) j` + where
	}
	rows, err := s.sql.QueryContext(ctx, s.rebind(q), args...)
	if err != nil {
		return nil, fmt.Errorf("extra answer keys: %w", err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var k sql.NullString
		if err := rows.Scan(&k); err != nil {
			return nil, fmt.Errorf("extra answer keys: %w", err)
		}
		if k.Valid {
			out = append(out, k.String)
		}
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("extra answer keys: %w", err)
	}
	slices.Sort(out)
	return out, nil
}
