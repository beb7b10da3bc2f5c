package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// saveSQLite runs the step as one short write transaction (BEGIN IMMEDIATE,
// see openSQLite), with the same version and MessageSid checks as on
// PostgreSQL. A newcomer's first text creates the volunteer and the
// conversation first, in the same transaction.
func (s *Store) saveSQLite(ctx context.Context, st step) (savedIDs, error) {
	tx, err := s.sql.BeginTx(ctx, nil)
	if err != nil {
		return savedIDs{}, err
	}
	defer tx.Rollback()
	var adopted bool
	if st.volunteerID == 0 {
		if st.volunteerID, adopted, err = createSQLite(ctx, tx, st); err != nil {
			return savedIDs{}, err
		}
		if adopted {
			st.volunteer = nil
		}
	}
	draftID, err := saveStepSQLite(ctx, tx, st)
	if err != nil {
		return savedIDs{}, err
	}
	return savedIDs{volunteer: st.volunteerID, draft: draftID, adopted: adopted}, tx.Commit()
}

// createSQLite makes the newcomer's volunteer, as the step left it, and an
// idle conversation at version 0, which the step then moves on. A volunteer
// stored without a conversation is adopted: it gets one, and keeps what is
// stored of it (see createConvPostgres).
func createSQLite(ctx context.Context, tx *sql.Tx, st step) (id int64, adopted bool, err error) {
	v := st.volunteer
	err = tx.QueryRowContext(ctx, `
		INSERT INTO volunteers (phone, name, language, time_zone, role, opted_out, opted_out_at, created_at, updated_at, search_name)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
		ON CONFLICT (phone) DO NOTHING
		RETURNING id`,
		st.from, v.name, v.language, v.timeZone, v.role, v.optedOut, v.optedOutAt, v.createdAt, st.at, v.searchName).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		adopted = true
		err = tx.QueryRowContext(ctx, `
			SELECT id FROM volunteers
			WHERE phone = $1 AND NOT EXISTS (SELECT 1 FROM conversations c WHERE c.volunteer_id = volunteers.id)`,
			st.from).Scan(&id)
		if errors.Is(err, sql.ErrNoRows) {
			// Another text created the phone meanwhile.
			return 0, false, ErrConflict
		}
	}
	if err != nil {
		return 0, false, fmt.Errorf("create volunteer: %w", err)
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO conversations (volunteer_id, updated_at) VALUES ($1, $2)`, id, st.at); err != nil {
		return 0, false, fmt.Errorf("create conversation: %w", err)
	}
	return id, adopted, nil
}

// saveStepSQLite is the step of a known volunteer. It returns the ID of the
// draft it wrote, 0 when it wrote none.
func saveStepSQLite(ctx context.Context, tx *sql.Tx, st step) (int64, error) {
	res, err := tx.ExecContext(ctx, `
		UPDATE conversations
		SET step = $3, last_seq = $4, state = $5, version = version + 1,
			last_activity_at = $6, updated_at = $6
		WHERE volunteer_id = $1 AND version = $2
			AND NOT EXISTS (SELECT 1 FROM messages WHERE message_sid = $7)`,
		st.volunteerID, st.version, st.convStep, st.lastSeq, st.stateJSON, st.at, st.sid)
	if err != nil {
		return 0, fmt.Errorf("update conversation: %w", err)
	}
	if n, err := res.RowsAffected(); err != nil {
		return 0, err
	} else if n == 0 {
		return 0, notSavedSQLite(ctx, tx, st)
	}

	replies, err := json.Marshal(st.replies)
	if err != nil {
		return 0, fmt.Errorf("encode replies: %w", err)
	}
	if _, err := tx.ExecContext(ctx, `
		INSERT INTO messages (message_sid, direction, volunteer_id, phone, body, num_media, media_urls, replies, status, created_at)
		VALUES ($1, 'in', $2, $3, $4, $5, $6, $7, 'received', $8)`,
		st.sid, st.volunteerID, st.from, st.body, st.numMedia, st.mediaURLs, string(replies), st.at); err != nil {
		return 0, fmt.Errorf("insert inbound message: %w", err)
	}
	if st.volunteer != nil {
		// A newcomer's team, when its first text gave one, is set here.
		if err := saveVolunteerSQLite(ctx, tx, st); err != nil {
			return 0, err
		}
	}
	var draftID int64
	for i, r := range st.reports {
		id, err := saveReportSQLite(ctx, tx, st.volunteerID, r)
		if err != nil {
			return 0, err
		}
		if i == 0 && st.draft {
			draftID = id
		}
	}
	if st.followups != nil {
		if err := st.followups.sqlite(ctx, tx, st.volunteerID, st.at); err != nil {
			return 0, err
		}
	}
	if st.plans != nil {
		if err := st.plans.sqlite(ctx, tx, st.volunteerID, draftID, st.at); err != nil {
			return 0, err
		}
	}
	return draftID, nil
}

// notSavedSQLite tells a duplicate from a conflict once the conversation
// update matched nothing.
func notSavedSQLite(ctx context.Context, tx *sql.Tx, st step) error {
	if st.sid == nil {
		return ErrConflict
	}
	var id int64
	err := tx.QueryRowContext(ctx, `SELECT id FROM messages WHERE message_sid = $1`, st.sid).Scan(&id)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return ErrConflict
	case err != nil:
		return fmt.Errorf("look up message: %w", err)
	default:
		return ErrDuplicate
	}
}

func saveVolunteerSQLite(ctx context.Context, tx *sql.Tx, st step) error {
	v := st.volunteer
	teamID := v.teamID
	switch {
	case v.createTeam != "":
		err := tx.QueryRowContext(ctx, `
			INSERT INTO teams (name, created_at) VALUES ($1, $2)
			ON CONFLICT (lower(name)) DO UPDATE SET name = teams.name
			RETURNING id`, v.createTeam, st.at).Scan(&teamID)
		if err != nil {
			return fmt.Errorf("create team: %w", err)
		}
	case teamID == nil && v.teamName != "":
		var id int64
		err := tx.QueryRowContext(ctx, `SELECT id FROM teams WHERE lower(name) = lower($1)`, v.teamName).Scan(&id)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("find team: %w", err)
		}
		if err == nil {
			teamID = id
		}
	}
	_, err := tx.ExecContext(ctx, `
		UPDATE volunteers
		SET name = $2, language = $3, opted_out = $4, opted_out_at = $5, team_id = $6, updated_at = $7,
			time_zone = COALESCE(NULLIF($8, ''), time_zone), search_name = $9
		WHERE id = $1`,
		st.volunteerID, v.name, v.language, v.optedOut, v.optedOutAt, teamID, st.at, v.timeZone, v.searchName)
	if err != nil {
		return fmt.Errorf("update volunteer: %w", err)
	}
	return nil
}

// saveReportSQL inserts or updates a report: $1 volunteer_id, $2 seq, then
// reportColumns in order.
var saveReportSQL = func() string {
	vals := make([]string, len(reportColumns))
	for i := range reportColumns {
		vals[i] = "$" + strconv.Itoa(i+3)
	}
	return `
		INSERT INTO reports (volunteer_id, seq, ` + reportColumnList + `) VALUES ($1, $2, ` + strings.Join(vals, ", ") + `)
		ON CONFLICT (volunteer_id, seq) DO UPDATE SET ` + reportExcludedList + `
		RETURNING id`
}()

// saveReportSQLite inserts or updates the report and returns its ID.
func saveReportSQLite(ctx context.Context, tx *sql.Tx, volunteerID int64, r reportRow) (int64, error) {
	args := append([]any{volunteerID, r.seq}, r.values...)
	var id int64
	if err := tx.QueryRowContext(ctx, saveReportSQL, args...).Scan(&id); err != nil {
		return 0, fmt.Errorf("upsert report %d: %w", r.seq, err)
	}
	return id, nil
}
