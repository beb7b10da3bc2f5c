package store

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5/pgconn"
)

// saveBasePostgres is the part of every step: the conversation moves to
// its new state only if its version is the one loaded, and the inbound text
// is inserted, with its replies, only if it did. Every later CTE also reads
// from conv, so when conv matches no row the whole statement changes
// nothing. A MessageSid already stored makes the insert fail on
// messages_message_sid_key, which undoes the whole statement: Load has
// already looked for the SID, so this is rare and a second look here would
// cost every step an index probe.
//
// The parameters are $1 volunteer_id, $2 loaded version, $3 step,
// $4 last_seq, $5 state, $6 received at, $7 MessageSid, $8 phone, $9 body,
// $10 num_media, $11 media URLs, $12 replies.
const saveBasePostgres = `
WITH conv AS (
	UPDATE conversations
	SET step = $3::text, last_seq = $4::integer, state = $5::text, version = version + 1,
		last_activity_at = $6::timestamptz, updated_at = $6::timestamptz
	WHERE volunteer_id = $1::bigint AND version = $2::bigint
	RETURNING volunteer_id
), msg_in AS (
	INSERT INTO messages (message_sid, direction, volunteer_id, phone, body, num_media, media_urls, replies, status, created_at)
	SELECT $7::text, 'in', volunteer_id, $8::text, $9::text, $10::integer, $11::jsonb, $12::text[], 'received', $6::timestamptz
	FROM conv
)`

// saveResultPostgres tells a saved step (1) from a conflict (0);
// saveResultDraftPostgres also gives the draft's ID.
const (
	saveResultPostgres = `
SELECT count(*), NULL::bigint FROM conv`
	saveResultDraftPostgres = `
SELECT count(*), (SELECT id FROM report0) FROM conv`
)

// savePostgres runs the step as one statement: one round trip, one commit.
// Under READ COMMITTED, a concurrent save of the same conversation makes the
// UPDATE in conv wait, re-check the version and match nothing. It returns
// the ID of the draft it wrote, 0 when it wrote none.
func (s *Store) savePostgres(ctx context.Context, st step) (int64, error) {
	sql, args := st.postgres()
	var saved int64
	var draftID *int64
	err := s.pg.QueryRow(ctx, sql, args...).Scan(&saved, &draftID)
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) && pgErr.Code == "23505" && pgErr.ConstraintName == "messages_message_sid_key" {
		// The same MessageSid was being saved concurrently; it won.
		return 0, ErrDuplicate
	}
	if err != nil {
		return 0, err
	}
	if saved == 0 {
		// The version changed, maybe by this very text delivered twice:
		// Load, run again, will tell.
		return 0, ErrConflict
	}
	if draftID == nil {
		return 0, nil
	}
	return *draftID, nil
}

// postgres builds the statement for st: the base CTEs, then one CTE per
// effect present. There are few variants, so pgx's statement cache keeps
// each prepared.
func (st step) postgres() (string, []any) {
	q := pgQuery{args: []any{
		st.volunteerID, st.version, st.convStep, st.lastSeq, st.stateJSON, st.at,
		st.sid, st.from, st.body, st.numMedia, st.mediaURLs, st.replies,
	}}
	var b strings.Builder
	b.WriteString(saveBasePostgres)
	if v := st.volunteer; v != nil {
		team := "NULL::bigint"
		switch {
		case v.createTeam != "":
			fmt.Fprintf(&b, `, team AS (
	INSERT INTO teams (name, created_at)
	SELECT %s, $6::timestamptz FROM conv
	ON CONFLICT (lower(name)) DO UPDATE SET name = teams.name
	RETURNING id
)`, q.arg(v.createTeam, "text"))
			team = "(SELECT id FROM team)"
		case v.teamID != nil:
			team = q.arg(v.teamID, "bigint")
		case v.teamName != "":
			team = fmt.Sprintf("(SELECT id FROM teams WHERE lower(name) = lower(%s))", q.arg(v.teamName, "text"))
		}
		fmt.Fprintf(&b, `, vol AS (
	UPDATE volunteers
	SET name = %s, language = %s, time_zone = COALESCE(NULLIF(%s, ''), time_zone), opted_out = %s, opted_out_at = %s, team_id = %s,
		updated_at = $6::timestamptz
	FROM conv
	WHERE volunteers.id = conv.volunteer_id
)`, q.arg(v.name, "text"), q.arg(v.language, "text"), q.arg(v.timeZone, "text"), q.arg(v.optedOut, "boolean"),
			q.arg(v.optedOutAt, "timestamptz"), team)
	}
	completed := ""
	for i, r := range st.reports {
		cols := make([]string, len(reportColumns))
		vals := make([]string, len(reportColumns))
		sets := make([]string, len(reportColumns))
		for j, c := range reportColumns {
			cols[j] = c.name
			vals[j] = q.arg(r.values[j], c.pgType)
			sets[j] = c.name + " = EXCLUDED." + c.name
		}
		fmt.Fprintf(&b, `, report%d AS (
	INSERT INTO reports (volunteer_id, seq, %s)
	SELECT volunteer_id, %s, %s FROM conv
	ON CONFLICT (volunteer_id, seq) DO UPDATE SET %s
	RETURNING id, volunteer_id
)`, i, strings.Join(cols, ", "), q.arg(r.seq, "integer"), strings.Join(vals, ", "), strings.Join(sets, ", "))
		if fc := st.followups; fc != nil && fc.seq == r.seq {
			completed = fmt.Sprintf("report%d", i)
		}
	}
	if st.followups != nil {
		st.followups.postgres(&b, &q, completed)
	}
	if st.draft {
		b.WriteString(saveResultDraftPostgres)
	} else {
		b.WriteString(saveResultPostgres)
	}
	return b.String(), q.args
}

// pgQuery numbers the parameters of a statement being built.
type pgQuery struct {
	args []any
}

// arg adds v as the next parameter and returns its placeholder, cast to
// pgType.
func (q *pgQuery) arg(v any, pgType string) string {
	q.args = append(q.args, v)
	return fmt.Sprintf("$%d::%s", len(q.args), pgType)
}
