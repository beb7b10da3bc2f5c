package store

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"sync"

	"github.com/jackc/pgx/v5/pgconn"
)

// The base of every step: the conversation moves to its new state only if
// its version is the one loaded, and the inbound text is inserted, with its
// replies, only if it did. Every later CTE also reads from conv, so when
// conv matches no row the whole statement changes nothing. A MessageSid
// already stored makes the insert fail on messages_message_sid_key, which
// undoes the whole statement: Load has already looked for the SID, so this
// is rare and a second look here would cost every step an index probe.
//
// A newcomer's first text (no volunteer yet: $1 is 0) creates the volunteer
// and the conversation instead, in the same statement: a phone created
// meanwhile by another text makes v, and so conv, empty, a conflict like a
// changed version. A volunteer stored without a conversation (Debrief
// always makes both; an import might not) gets one: the text is then saved
// but the state is not known (its volunteer is the stored one).
//
// The parameters are $1 volunteer_id, $2 loaded version, $3 step,
// $4 last_seq, $5 state, $6 received at, $7 MessageSid, $8 phone, $9 body,
// $10 num_media, $11 media URLs, $12 replies.
const (
	saveConvPostgres = `
WITH conv AS (
	UPDATE conversations
	SET step = $3::text, last_seq = $4::integer, state = $5::text, version = version + 1,
		last_activity_at = $6::timestamptz, updated_at = $6::timestamptz
	WHERE volunteer_id = $1::bigint AND version = $2::bigint
	RETURNING volunteer_id
)`
	createConvPostgres = `
), conv AS (
	INSERT INTO conversations (volunteer_id, step, last_seq, state, version, last_activity_at, updated_at)
	SELECT id, $3::text, $4::integer, $5::text, $2::bigint + 1, $6::timestamptz, $6::timestamptz FROM v
	UNION ALL
	SELECT id, $3::text, $4::integer, $5::text, $2::bigint + 1, $6::timestamptz, $6::timestamptz
	FROM volunteers
	WHERE phone = $8::text AND NOT EXISTS (SELECT 1 FROM conversations c WHERE c.volunteer_id = volunteers.id)
	ON CONFLICT (volunteer_id) DO NOTHING
	RETURNING volunteer_id
)`
	saveMessagePostgres = `, msg_in AS (
	INSERT INTO messages (message_sid, direction, volunteer_id, phone, body, num_media, media_urls, replies, status, created_at)
	SELECT $7::text, 'in', volunteer_id, $8::text, $9::text, $10::integer, $11::jsonb, $12::text[], 'received', $6::timestamptz
	FROM conv
)`
)

// The statement's result tells a saved step (count 1) from a conflict (0)
// and gives the volunteer's ID, the draft's when the step wrote one, and
// whether a newcomer's volunteer was created (else adopted).
const (
	saveResultPostgres = `
SELECT count(*), max(volunteer_id), NULL::bigint, TRUE FROM conv`
	saveResultDraftPostgres = `
SELECT count(*), max(volunteer_id), (SELECT id FROM report0), TRUE FROM conv`
	saveResultCreatePostgres = `
SELECT count(*), max(volunteer_id), NULL::bigint, EXISTS (SELECT 1 FROM v) FROM conv`
	saveResultCreateDraftPostgres = `
SELECT count(*), max(volunteer_id), (SELECT id FROM report0), EXISTS (SELECT 1 FROM v) FROM conv`
)

// savePostgres runs the step as one statement: one round trip, one commit
// (shared with other volunteers' steps when they wait together: see
// saveBatcher). Under READ COMMITTED, a concurrent save of the same
// conversation makes the UPDATE in conv wait, re-check the version and
// match nothing.
func (s *Store) savePostgres(ctx context.Context, st step) (savedIDs, error) {
	sql, args := st.postgres()
	return s.saves.queryRow(ctx, sql, args).ids()
}

// ids reads a Save statement's row.
func (r saveRow) ids() (savedIDs, error) {
	var pgErr *pgconn.PgError
	if errors.As(r.err, &pgErr) && pgErr.Code == "23505" && pgErr.ConstraintName == "messages_message_sid_key" {
		// The same MessageSid was being saved concurrently; it won.
		return savedIDs{}, ErrDuplicate
	}
	if r.err != nil {
		return savedIDs{}, r.err
	}
	if r.saved == 0 {
		// The version changed, or the newcomer was created meanwhile,
		// maybe by this very text delivered twice: Load, run again, will
		// tell.
		return savedIDs{}, ErrConflict
	}
	ids := savedIDs{volunteer: *r.volunteerID, adopted: !r.created}
	if r.draftID != nil {
		ids.draft = *r.draftID
	}
	return ids, nil
}

// postgres builds the statement for st: the base CTEs, then one CTE per
// effect present. There are few variants, so pgx's statement cache keeps
// each prepared, and their texts are kept here: a step collects only its
// parameters, and the text is written out the first time its shape is met.
func (st step) postgres() (string, []any) {
	buf := shapeBuffers.Get().(*[]byte)
	defer shapeBuffers.Put(buf)
	q := pgQuery{args: make([]any, 0, 48), shape: (*buf)[:0]}
	st.buildPostgres(&q)
	*buf = q.shape // keep what it grew to
	if text, ok := pgTexts.get(q.shape); ok {
		return text, q.args
	}
	full := pgQuery{text: &strings.Builder{}}
	st.buildPostgres(&full)
	pgTexts.put(q.shape, full.text.String())
	return full.text.String(), full.args
}

// shapeBuffers are reused for the shapes recorded by postgres.
var shapeBuffers = sync.Pool{New: func() any {
	b := make([]byte, 0, 2048)
	return &b
}}

func (st step) buildPostgres(q *pgQuery) {
	q.args = append(q.args,
		st.volunteerID, st.version, st.convStep, st.lastSeq, st.stateJSON, st.at,
		st.sid, st.from, st.body, st.numMedia, st.mediaURLs, st.replies)
	if st.volunteerID == 0 {
		st.createPostgres(q)
	} else {
		q.write(saveConvPostgres)
		q.write(saveMessagePostgres)
		if st.volunteer != nil {
			st.updateVolunteerPostgres(q)
		}
	}
	completed := ""
	for i, r := range st.reports {
		writeReportPostgres(q, i, r)
		if fc := st.followups; fc != nil && fc.seq == r.seq {
			completed = "report" + strconv.Itoa(i)
		}
	}
	if st.followups != nil {
		st.followups.postgres(q, completed)
	}
	if st.plans != nil {
		draft := ""
		if st.draft {
			draft = "report0"
		}
		st.plans.postgres(q, draft)
	}
	switch {
	case st.volunteerID == 0 && st.draft:
		q.write(saveResultCreateDraftPostgres)
	case st.volunteerID == 0:
		q.write(saveResultCreatePostgres)
	case st.draft:
		q.write(saveResultDraftPostgres)
	default:
		q.write(saveResultPostgres)
	}
}

// createPostgres writes the CTEs of a newcomer's first text: the team, the
// volunteer as the step left it, the conversation, the text. The team is
// made only while the phone has no volunteer, so that a step that loses
// the race to create it changes nothing.
func (st step) createPostgres(q *pgQuery) {
	v := st.volunteer
	q.write("\nWITH ")
	team := teamPostgres(q, v, "\n\tWHERE NOT EXISTS (SELECT 1 FROM volunteers WHERE phone = $8::text)")
	q.printf(`v AS (
	INSERT INTO volunteers (phone, name, search_name, language, time_zone, role, opted_out, opted_out_at, team_id, created_at, updated_at)
	SELECT $8::text, %s, %s, %s, %s, %s, %s, %s, %s, %s, $6::timestamptz
	WHERE $1::bigint = 0
	ON CONFLICT (phone) DO NOTHING
	RETURNING id`, q.arg(v.name, "text"), q.arg(v.searchName, "text"), q.arg(v.language, "text"), q.arg(v.timeZone, "text"), q.arg(v.role, "text"),
		q.arg(v.optedOut, "boolean"), q.arg(v.optedOutAt, "timestamptz"), team, q.arg(v.createdAt, "timestamptz"))
	q.write(createConvPostgres)
	q.write(saveMessagePostgres)
}

// updateVolunteerPostgres writes the CTEs that change a known volunteer.
func (st step) updateVolunteerPostgres(q *pgQuery) {
	v := st.volunteer
	q.write(", ")
	team := teamPostgres(q, v, "\n\tFROM conv")
	q.printf(`vol AS (
	UPDATE volunteers
	SET name = %s, search_name = %s, language = %s, time_zone = COALESCE(NULLIF(%s, ''), time_zone), opted_out = %s, opted_out_at = %s,
		team_id = %s, updated_at = $6::timestamptz
	FROM conv
	WHERE volunteers.id = conv.volunteer_id
)`, q.arg(v.name, "text"), q.arg(v.searchName, "text"), q.arg(v.language, "text"), q.arg(v.timeZone, "text"), q.arg(v.optedOut, "boolean"),
		q.arg(v.optedOutAt, "timestamptz"), team)
}

// teamPostgres returns the expression of the volunteer's team: the team
// created (a CTE it writes to b, followed by a comma, made if the clause
// where lets it), the team given, the team named, or none.
func teamPostgres(q *pgQuery, v *volunteerChange, where string) string {
	switch {
	case v.createTeam != "":
		q.printf(`team AS (
	INSERT INTO teams (name, created_at)
	SELECT %s, $6::timestamptz%s
	ON CONFLICT (lower(name)) DO UPDATE SET name = teams.name
	RETURNING id
), `, q.arg(v.createTeam, "text"), where)
		return "(SELECT id FROM team)"
	case v.teamID != nil:
		return q.arg(v.teamID, "bigint")
	case v.teamName != "":
		return fmt.Sprintf("(SELECT id FROM teams WHERE lower(name) = lower(%s))", q.arg(v.teamName, "text"))
	}
	return "NULL::bigint"
}

// writeReportPostgres writes the CTE report<i>, which stores r and returns
// its id and volunteer_id. A report Load read (it has an ID) is updated by
// its primary key: it still exists, since removing it would have bumped the
// conversation's version, which conv checks. A new one is inserted; ON
// CONFLICT makes a draft that another step stored meanwhile an update
// rather than an error. The UPDATE spares the upsert's speculative insert
// and the lock it takes on the row before updating it (one WAL record of
// seven on an answer's step).
func writeReportPostgres(q *pgQuery, i int, r reportRow) {
	if r.id != 0 {
		q.printf(`, report%d AS (
	UPDATE reports SET %s
	FROM conv
	WHERE reports.id = %s AND reports.volunteer_id = conv.volunteer_id
	RETURNING reports.id, reports.volunteer_id
)`, i, q.reportValues(r.values, true), q.arg(r.id, "bigint"))
		return
	}
	q.printf(`, report%d AS (
	INSERT INTO reports (volunteer_id, seq, %s)
	SELECT volunteer_id, %s, %s FROM conv
	ON CONFLICT (volunteer_id, seq) DO UPDATE SET %s
	RETURNING id, volunteer_id
)`, i, reportColumnList, q.arg(r.seq, "integer"), q.reportValues(r.values, false), reportExcludedList)
}

// reportValues adds a report's values as parameters, in reportColumns'
// order, and returns their placeholders, as "column = $n::type, ..." when
// set is true ("" while only the shape is recorded).
func (q *pgQuery) reportValues(values []any, set bool) string {
	if q.text == nil {
		for i, c := range reportColumns {
			q.arg(values[i], c.pgType)
		}
		return ""
	}
	var b strings.Builder
	for i, c := range reportColumns {
		if i > 0 {
			b.WriteString(", ")
		}
		if set {
			b.WriteString(c.name)
			b.WriteString(" = ")
		}
		b.WriteString(q.arg(values[i], c.pgType))
	}
	return b.String()
}

// pgQuery builds a statement: its parameters and, when text is not nil,
// its text. Without a text it records instead, in shape, every choice that
// would have shaped the text, in order: the formats and strings written and
// the type of each parameter. The same shape always gives the same text
// (every builder writes only through printf, write and arg), so a text
// written once is found again by its shape.
type pgQuery struct {
	args  []any
	text  *strings.Builder
	shape []byte
}

// arg adds v as the next parameter and returns its placeholder, cast to
// pgType ("" while only the shape is recorded).
func (q *pgQuery) arg(v any, pgType string) string {
	q.args = append(q.args, v)
	if q.text == nil {
		q.shape = append(append(q.shape, pgType...), 0)
		return ""
	}
	return "$" + strconv.Itoa(len(q.args)) + "::" + pgType
}

// printf writes format with a, strings and ints only.
func (q *pgQuery) printf(format string, a ...any) {
	if q.text != nil {
		fmt.Fprintf(q.text, format, a...)
		return
	}
	q.shape = append(append(q.shape, format...), 0)
	for _, v := range a {
		switch v := v.(type) {
		case string:
			q.shape = append(q.shape, v...)
		case int:
			q.shape = strconv.AppendInt(q.shape, int64(v), 10)
		default:
			panic(fmt.Sprintf("pgQuery.printf: %T in a statement's text", v))
		}
		q.shape = append(q.shape, 0)
	}
}

func (q *pgQuery) write(s string) {
	if q.text != nil {
		q.text.WriteString(s)
		return
	}
	q.shape = append(append(q.shape, s...), 0)
}

// pgTexts are the statement texts met so far, by shape. The shapes are a
// few dozen (which effects a step has, and which team or report case); the
// bound only keeps a bug from growing it without end.
var pgTexts = textCache{m: make(map[string]string)}

const maxTexts = 1024

type textCache struct {
	mu sync.RWMutex
	m  map[string]string
}

func (c *textCache) get(shape []byte) (string, bool) {
	c.mu.RLock()
	defer c.mu.RUnlock()
	text, ok := c.m[string(shape)]
	return text, ok
}

func (c *textCache) put(shape []byte, text string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.m) < maxTexts {
		c.m[string(shape)] = text
	}
}
