package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"time"

	"github.com/debrief-sms/debrief"
	"github.com/debrief-sms/debrief/internal/phone"
)

// StatusLimited is the status of an inbound text stored without being
// stepped, because its phone was over the inbound limit.
const StatusLimited = "limited"

// firstLimitedSQL is true when no text of the volunteer since the window
// began ($2) was stored over the limit: the one being stored is the first.
const firstLimitedSQL = `NOT EXISTS (SELECT 1 FROM messages i
	WHERE i.volunteer_id = $1 AND i.created_at > $2 AND i.direction = 'in' AND i.status = 'limited')`

// saveLimitedPostgres bumps the conversation's version, if unchanged, and
// stores the text marked limited, with the pause text as its reply when
// it is the first over the limit in the window, in one statement. A
// MessageSid already stored is left as it was.
const saveLimitedPostgres = `
WITH c AS (
	UPDATE conversations SET version = version + 1
	WHERE volunteer_id = $1 AND version = $3
	RETURNING volunteer_id
), p AS (
	SELECT ` + firstLimitedSQL + ` AND $8::text <> '' AS first
), m AS (
	INSERT INTO messages (message_sid, direction, volunteer_id, phone, body, num_media, replies, status, created_at)
	SELECT $4, 'in', c.volunteer_id, $5, $6, $7, CASE WHEN p.first THEN ARRAY[$8::text] ELSE '{}'::text[] END, 'limited', $9
	FROM c, p
	ON CONFLICT (message_sid) DO NOTHING
)
SELECT count(*), coalesce(bool_or(p.first), FALSE) FROM c, p`

// SaveLimited stores an inbound text that is not stepped, because its
// phone is over the inbound limit: nothing is lost, the text is in
// messages, marked limited. Its reply is pause (empty for none) if no
// text since the window began was stored over the limit, else nothing;
// SaveLimited returns the replies stored. Load reads the phone's recent
// texts, so the conversation's version goes up, and SaveLimited returns
// ErrConflict when the version is no longer version.
func (s *Store) SaveLimited(ctx context.Context, in debrief.Inbound, volunteerID, version int64, since time.Time, pause string) ([]string, error) {
	var n int
	var first bool
	var err error
	if s.pg != nil {
		err = s.pg.QueryRow(ctx, saveLimitedPostgres, volunteerID, since.UTC(), version, nullString(in.SID), in.From, in.Body,
			in.NumMedia, pause, s.stored(in.ReceivedAt)).Scan(&n, &first)
	} else {
		n, first, err = s.saveLimitedSQLite(ctx, in, volunteerID, version, since, pause)
	}
	switch {
	case err != nil:
		return nil, fmt.Errorf("save text over the limit from %s: %w", phone.Mask(in.From), err)
	case n == 0:
		return nil, ErrConflict
	case first:
		return []string{pause}, nil
	}
	return nil, nil
}

func (s *Store) saveLimitedSQLite(ctx context.Context, in debrief.Inbound, volunteerID, version int64, since time.Time, pause string) (int, bool, error) {
	tx, err := s.sql.BeginTx(ctx, nil)
	if err != nil {
		return 0, false, err
	}
	defer tx.Rollback()
	var res sql.Result
	if res, err = tx.ExecContext(ctx, `UPDATE conversations SET version = version + 1 WHERE volunteer_id = $1 AND version = $2`,
		volunteerID, version); err != nil {
		return 0, false, err
	}
	if n, err := res.RowsAffected(); err != nil || n == 0 {
		return 0, false, err
	}
	var first bool
	if err := tx.QueryRowContext(ctx, `SELECT `+firstLimitedSQL, volunteerID, s.stored(since)).Scan(&first); err != nil {
		return 0, false, err
	}
	replies := []string{}
	if first = first && pause != ""; first {
		replies = []string{pause}
	}
	js, err := json.Marshal(replies)
	if err != nil {
		return 0, false, err
	}
	if _, err := tx.ExecContext(ctx, `
		INSERT INTO messages (message_sid, direction, volunteer_id, phone, body, num_media, replies, status, created_at)
		VALUES ($1, 'in', $2, $3, $4, $5, $6, 'limited', $7)
		ON CONFLICT (message_sid) DO NOTHING`,
		nullString(in.SID), volunteerID, in.From, in.Body, in.NumMedia, string(js), s.stored(in.ReceivedAt)); err != nil {
		return 0, false, err
	}
	return 1, first, tx.Commit()
}
