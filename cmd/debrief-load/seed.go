package main

import (
	"context"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"
)

// seedPhonePrefix starts the seeded volunteers' numbers (+1508 and seven
// digits): a Massachusetts area code of its own, so they never mix with a
// load run's +1617 volunteers.
const seedPhonePrefix = "+1508"

// seedFollowups makes n follow-ups due at once on PostgreSQL: n volunteers
// with distinct phones, each with one complete report and its thank-you
// reminder, pending and due a minute ago. One statement, generate_series
// feeding data-modifying CTEs, so 100,000 take seconds, not a run of their
// own. It returns how many follow-ups it inserted.
func seedFollowups(ctx context.Context, databaseURL string, n int) (int64, error) {
	if !strings.HasPrefix(databaseURL, "postgres") {
		return 0, fmt.Errorf("seeding runs on PostgreSQL only")
	}
	if n < 1 || n > 10_000_000 {
		return 0, fmt.Errorf("seed %d follow-ups: want 1 to 10,000,000 (seven digits of phone)", n)
	}
	conn, err := pgx.Connect(ctx, databaseURL)
	if err != nil {
		return 0, err
	}
	defer conn.Close(ctx)
	tag, err := conn.Exec(ctx, seedSQL, n, seedPhonePrefix)
	if err != nil {
		return 0, fmt.Errorf("seed follow-ups: %w", err)
	}
	return tag.RowsAffected(), nil
}

// seedSQL inserts $1 volunteers numbered $2 followed by seven digits, with
// a conversation (recording a reminder bumps its version) and a
// complete report each (thanked unknown, so a thank-you is due) and a
// pending thanks follow-up due a minute ago.
const seedSQL = `
WITH v AS (
	INSERT INTO volunteers (phone, name, language, time_zone, created_at, updated_at)
	SELECT $2 || lpad(i::text, 7, '0'), 'Seed ' || i, 'en', 'America/New_York', now(), now()
	FROM generate_series(1, $1::int) AS i
	RETURNING id
), c AS (
	INSERT INTO conversations (volunteer_id, updated_at) SELECT id, now() FROM v
), r AS (
	INSERT INTO reports (volunteer_id, seq, person_name, person_phone, issue, commitment,
		next_steps, enjoy, notes, status, started_at, updated_at, completed_at)
	SELECT id, 1, 'Sam Park', '+16172531000', 'Clean air', 'house_party',
		'Call about the house party', 'Yes', 'Teacher', 'complete', now(), now(), now()
	FROM v
	RETURNING id, volunteer_id
)
INSERT INTO followups (report_id, volunteer_id, kind, due_at, created_at, updated_at)
SELECT id, volunteer_id, 'thanks', now() - interval '1 minute', now(), now()
FROM r`
