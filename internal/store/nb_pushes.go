package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"
)

// NBPush is a claimed push of a report to NationBuilder, with what earlier
// attempts learned of NationBuilder's ids.
type NBPush struct {
	ID       int64
	ReportID int64
	Revision int // the report's revision this claim pushes
	Attempts int // failed tries so far
	// NationBuilder's ids, "" until learned: the person met, the
	// volunteer (the contact's author), the contact.
	PersonID, AuthorID, ContactID string
	// ContactLogged reports a contact NationBuilder accepted, its id
	// perhaps unknown (v1 may not say it).
	ContactLogged bool
	// ContactStartedAt, when set, is when a contact request left without
	// its outcome being recorded: look for it before logging another.
	ContactStartedAt *time.Time
	// Tags are the tags already applied to the person for this report.
	Tags    []string
	Listing ReportListing
}

const nbPushColumns = `p.id, p.report_id, p.revision, p.attempts, p.person_id, p.author_id, p.contact_id,
	p.contact_logged, p.contact_started_at, p.tags`

// claimNBPostgres leases up to $2 pushes due at $1 until $3: pending ones,
// and those whose lease ran out (their process died). SKIP LOCKED lets
// instances claim side by side, never the same row.
const claimNBPostgres = `
WITH due AS (
	SELECT id FROM nb_pushes
	WHERE (status = 'pending' AND due_at <= $1) OR (status = 'sending' AND claimed_until <= $1)
	ORDER BY due_at
	LIMIT $2
	FOR UPDATE SKIP LOCKED
)
UPDATE nb_pushes p SET status = 'sending', claimed_until = $3, updated_at = $1
FROM due WHERE p.id = due.id
RETURNING ` + nbPushColumns

// ClaimNBPushes claims up to limit pushes due at now, oldest first, for
// lease, with their reports.
func (s *Store) ClaimNBPushes(ctx context.Context, now time.Time, limit int, lease time.Duration) ([]NBPush, error) {
	now = s.stored(now)
	until := s.stored(now.Add(lease))
	var out []NBPush
	var err error
	if s.pg != nil {
		out, err = s.claimNBPostgres(ctx, now, until, limit)
	} else {
		out, err = s.claimNBSQLite(ctx, now, until, limit)
	}
	if err != nil {
		return nil, fmt.Errorf("claim NationBuilder pushes: %w", err)
	}
	if err := s.attachListings(ctx, out); err != nil {
		return nil, fmt.Errorf("claim NationBuilder pushes: %w", err)
	}
	return out, nil
}

func scanNBPush(row scanner) (NBPush, error) {
	var p NBPush
	var started sql.NullTime
	var tags string
	if err := row.Scan(&p.ID, &p.ReportID, &p.Revision, &p.Attempts, &p.PersonID, &p.AuthorID, &p.ContactID,
		&p.ContactLogged, &started, &tags); err != nil {
		return NBPush{}, err
	}
	if tags != "" {
		p.Tags = strings.Split(tags, "\n")
	}
	if started.Valid {
		t := started.Time.UTC()
		p.ContactStartedAt = &t
	}
	return p, nil
}

func (s *Store) claimNBPostgres(ctx context.Context, now, until time.Time, limit int) ([]NBPush, error) {
	rows, err := s.sql.QueryContext(ctx, claimNBPostgres, now, limit, until)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []NBPush
	for rows.Next() {
		p, err := scanNBPush(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

// claimNBSQLite claims in one write transaction: SQLite has one writer.
func (s *Store) claimNBSQLite(ctx context.Context, now, until time.Time, limit int) ([]NBPush, error) {
	tx, err := s.sql.BeginTx(ctx, nil)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	rows, err := tx.QueryContext(ctx, `SELECT `+nbPushColumns+` FROM nb_pushes p
		WHERE (p.status = 'pending' AND p.due_at <= ?) OR (p.status = 'sending' AND p.claimed_until <= ?)
		ORDER BY p.due_at LIMIT ?`, now, now, limit)
	if err != nil {
		return nil, err
	}
	var out []NBPush
	var ids []any
	for rows.Next() {
		p, err := scanNBPush(rows)
		if err != nil {
			rows.Close()
			return nil, err
		}
		out = append(out, p)
		ids = append(ids, p.ID)
	}
	rows.Close()
	if err := rows.Err(); err != nil || len(ids) == 0 {
		return nil, err
	}
	if _, err := tx.ExecContext(ctx, `UPDATE nb_pushes SET status = 'sending', claimed_until = ?, updated_at = ? WHERE id IN `+inList(len(ids)),
		append([]any{until, now}, ids...)...); err != nil {
		return nil, err
	}
	return out, tx.Commit()
}

func inList(n int) string { return `(?` + strings.Repeat(", ?", n-1) + `)` }

// attachListings reads the report of each push.
func (s *Store) attachListings(ctx context.Context, ps []NBPush) error {
	if len(ps) == 0 {
		return nil
	}
	ids := make([]any, len(ps))
	for i, p := range ps {
		ids[i] = p.ReportID
	}
	rows, err := s.sql.QueryContext(ctx, s.rebind(`SELECT `+listingColumns+reportsFrom+` WHERE r.id IN `+inList(len(ids))), ids...)
	if err != nil {
		return err
	}
	defer rows.Close()
	byID := map[int64]ReportListing{}
	for rows.Next() {
		l, err := scanListing(rows)
		if err != nil {
			return err
		}
		byID[l.Report.ID] = l
	}
	if err := rows.Err(); err != nil {
		return err
	}
	for i := range ps {
		ps[i].Listing = byID[ps[i].ReportID]
	}
	return nil
}

// RecordNBProgress stores the ids p learned so far, so that the next
// attempt continues from them.
func (s *Store) RecordNBProgress(ctx context.Context, p NBPush, at time.Time) error {
	var started any
	if p.ContactStartedAt != nil {
		started = s.stored(*p.ContactStartedAt)
	}
	_, err := s.sql.ExecContext(ctx, s.rebind(`UPDATE nb_pushes SET person_id = ?, author_id = ?, contact_id = ?,
		contact_logged = ?, contact_started_at = ?, tags = ?, updated_at = ? WHERE id = ?`),
		p.PersonID, p.AuthorID, p.ContactID, p.ContactLogged, started, strings.Join(p.Tags, "\n"), s.stored(at), p.ID)
	if err != nil {
		return fmt.Errorf("record NationBuilder push %d: %w", p.ID, err)
	}
	return nil
}

// FinishNBPush marks push id done, unless its report was edited since the
// claim (revision moved on): then it is due again at once.
func (s *Store) FinishNBPush(ctx context.Context, id int64, revision int, at time.Time) error {
	at = s.stored(at)
	_, err := s.sql.ExecContext(ctx, s.rebind(`UPDATE nb_pushes SET
		status = CASE WHEN revision = ? THEN 'done' ELSE 'pending' END,
		claimed_until = NULL, attempts = 0, last_error = '', pushed_at = ?, due_at = ?, updated_at = ?
		WHERE id = ?`), revision, at, at, at, id)
	if err != nil {
		return fmt.Errorf("finish NationBuilder push %d: %w", id, err)
	}
	return nil
}

// RetryNBPush puts push id back, due at due, with reason; counted adds a
// failed attempt (a 429 or 5xx does; a connection that needs the
// coordinator does not).
func (s *Store) RetryNBPush(ctx context.Context, id int64, due time.Time, reason string, counted bool, at time.Time) error {
	add := 0
	if counted {
		add = 1
	}
	_, err := s.sql.ExecContext(ctx, s.rebind(`UPDATE nb_pushes SET status = 'pending', claimed_until = NULL,
		attempts = attempts + ?, due_at = ?, last_error = ?, updated_at = ? WHERE id = ? AND status = 'sending'`),
		add, s.stored(due), reason, s.stored(at), id)
	if err != nil {
		return fmt.Errorf("retry NationBuilder push %d: %w", id, err)
	}
	return nil
}

// FailNBPush marks push id failed for good with reason, unless its report
// was edited since the claim: the edit may be the fix, so it goes again.
func (s *Store) FailNBPush(ctx context.Context, id int64, revision int, reason string, at time.Time) error {
	at = s.stored(at)
	_, err := s.sql.ExecContext(ctx, s.rebind(`UPDATE nb_pushes SET
		status = CASE WHEN revision = ? THEN 'failed' ELSE 'pending' END,
		claimed_until = NULL, attempts = attempts + 1, last_error = ?, due_at = ?, updated_at = ? WHERE id = ?`),
		revision, reason, at, at, id)
	if err != nil {
		return fmt.Errorf("fail NationBuilder push %d: %w", id, err)
	}
	return nil
}

// NBPerson returns the NationBuilder id learned for one of Debrief's
// external ids, "" when none is.
func (s *Store) NBPerson(ctx context.Context, externalID string) (string, error) {
	var id string
	err := s.sql.QueryRowContext(ctx, s.rebind(`SELECT person_id FROM nb_people WHERE external_id = ?`), externalID).Scan(&id)
	if err == sql.ErrNoRows {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("NationBuilder person of %s: %w", externalID, err)
	}
	return id, nil
}

// SaveNBPerson stores the NationBuilder id of an external id; "" forgets
// it (the person was deleted or merged in NationBuilder).
func (s *Store) SaveNBPerson(ctx context.Context, externalID, personID string, at time.Time) error {
	var err error
	if personID == "" {
		_, err = s.sql.ExecContext(ctx, s.rebind(`DELETE FROM nb_people WHERE external_id = ?`), externalID)
	} else {
		_, err = s.sql.ExecContext(ctx, s.rebind(`INSERT INTO nb_people (external_id, person_id, updated_at) VALUES (?, ?, ?)
			ON CONFLICT (external_id) DO UPDATE SET person_id = excluded.person_id, updated_at = excluded.updated_at`),
			externalID, personID, s.stored(at))
	}
	if err != nil {
		return fmt.Errorf("save NationBuilder person of %s: %w", externalID, err)
	}
	return nil
}
