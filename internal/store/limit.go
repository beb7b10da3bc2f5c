package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"

	"github.com/debrief-sms/debrief"
	"github.com/debrief-sms/debrief/internal/phone"
)

// StatusLimited is the status of an inbound text stored without being
// stepped, because its phone was over the inbound limit.
const StatusLimited = "limited"

// Recent is what the inbound limit knows of a phone's texts in its window
// (after its start), counted up to the limit and one more.
type Recent struct {
	Texts   int // inbound texts stored in the window
	Limited int // of those, texts stored over the limit
}

// saveLimitedPostgres bumps the conversation's version, if unchanged, and
// stores the text marked limited with the replies it got, in one
// statement. A MessageSid already stored is left as it was.
const saveLimitedPostgres = `
WITH c AS (
	UPDATE conversations SET version = version + 1
	WHERE volunteer_id = $1 AND version = $2
	RETURNING volunteer_id
), m AS (
	INSERT INTO messages (message_sid, direction, volunteer_id, phone, body, num_media, replies, status, created_at)
	SELECT $3, 'in', volunteer_id, $4, $5, $6, $7, 'limited', $8 FROM c
	ON CONFLICT (message_sid) DO NOTHING
)
SELECT count(*) FROM c`

// SaveLimited stores an inbound text that was not stepped, because its
// phone is over the inbound limit, with the replies it was answered with
// (the pause text, or none): nothing is lost, the text is in messages,
// marked limited. Load reads the phone's recent texts, so the
// conversation's version goes up, and SaveLimited returns ErrConflict
// when the version is no longer version.
func (s *Store) SaveLimited(ctx context.Context, in debrief.Inbound, volunteerID, version int64, replies []string) error {
	if replies == nil {
		replies = []string{}
	}
	var n int
	var err error
	if s.pg != nil {
		err = s.pg.QueryRow(ctx, saveLimitedPostgres, volunteerID, version, nullString(in.SID), in.From, in.Body,
			in.NumMedia, replies, s.stored(in.ReceivedAt)).Scan(&n)
	} else {
		n, err = s.saveLimitedSQLite(ctx, in, volunteerID, version, replies)
	}
	switch {
	case err != nil:
		return fmt.Errorf("save text over the limit from %s: %w", phone.Mask(in.From), err)
	case n == 0:
		return ErrConflict
	}
	return nil
}

func (s *Store) saveLimitedSQLite(ctx context.Context, in debrief.Inbound, volunteerID, version int64, replies []string) (int, error) {
	js, err := json.Marshal(replies)
	if err != nil {
		return 0, err
	}
	tx, err := s.sql.BeginTx(ctx, nil)
	if err != nil {
		return 0, err
	}
	defer tx.Rollback()
	var res sql.Result
	if res, err = tx.ExecContext(ctx, `UPDATE conversations SET version = version + 1 WHERE volunteer_id = $1 AND version = $2`,
		volunteerID, version); err != nil {
		return 0, err
	}
	if n, err := res.RowsAffected(); err != nil || n == 0 {
		return 0, err
	}
	if _, err := tx.ExecContext(ctx, `
		INSERT INTO messages (message_sid, direction, volunteer_id, phone, body, num_media, replies, status, created_at)
		VALUES ($1, 'in', $2, $3, $4, $5, $6, 'limited', $7)
		ON CONFLICT (message_sid) DO NOTHING`,
		nullString(in.SID), volunteerID, in.From, in.Body, in.NumMedia, string(js), s.stored(in.ReceivedAt)); err != nil {
		return 0, err
	}
	return 1, tx.Commit()
}
