package store

import (
	"context"
	"database/sql"
	"fmt"
	"slices"

	"github.com/debrief-sms/debrief"
)

// ReportListing is one report with the volunteer who filed it: their ID,
// phone, name, time zone and team name are set.
type ReportListing struct {
	Report    debrief.Report
	Volunteer debrief.Volunteer
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
	// Most reports have none: skip them before the set function.
	if where == "" {
		where = ` WHERE r.extra <> '{}'`
	} else {
		where += ` AND r.extra <> '{}'`
	}
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
