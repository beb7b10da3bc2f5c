package web_test

import (
	"context"
	"database/sql"
	"testing"
	"time"
)

// Scale of issue #10's speed targets.
const (
	scaleTeams      = 50
	scaleVolunteers = 2_000
	scaleReports    = 100_000
)

// seedScale adds, on PostgreSQL, scaleTeams teams ("Scale team 1"...),
// scaleVolunteers volunteers spread over them and scaleReports complete
// reports by them over the 365 days before end, each with a next-step
// follow-up (done, overdue, sent or pending) and a third with a thank-you,
// in a few INSERT ... SELECT generate_series statements, then ANALYZE. It
// returns the first scale team's ID. It is the monthly report's seed; the
// reports page's may share it.
func seedScale(t testing.TB, db *sql.DB, end time.Time) int64 {
	t.Helper()
	ctx := context.Background()
	at := end.UTC()
	for _, st := range []struct {
		q    string
		args []any
	}{
		{`INSERT INTO teams (name, created_at) SELECT 'Scale team ' || n, $1 FROM generate_series(1, $2::int) n`,
			[]any{at, scaleTeams}},
		{`INSERT INTO volunteers (phone, name, team_id, language, time_zone, role, created_at, updated_at)
			SELECT '+1617' || lpad(n::text, 7, '0'), 'Scale volunteer ' || n, t.id, 'en', 'America/New_York', 'volunteer', $1, $1
			FROM generate_series(1, $3::int) n JOIN teams t ON t.name = 'Scale team ' || (1 + n % $2::int)`,
			[]any{at, scaleTeams, scaleVolunteers}},
		{`WITH v AS (SELECT id, row_number() OVER (ORDER BY id) - 1 AS k FROM volunteers WHERE name LIKE 'Scale volunteer %')
		INSERT INTO reports (volunteer_id, seq, person_name, issue, commitment, commitments, enjoy, thanked, status,
			started_at, updated_at, completed_at)
		SELECT v.id, n / $2::int + 1, 'Person ' || n,
			(ARRAY['Clean air near schools', 'clean air near school', 'Flooding', 'floods', 'Heat waves', 'heat wave',
				'Aire limpio', 'aire límpio', 'Pipelines', 'the bus lines', 'Wildfire smoke', 'Energy bills'])[1 + n % 12] ||
				CASE WHEN n % 7 = 0 THEN ' ' || (n % 500) ELSE '' END,
			(ARRAY['house_party', 'action', 'meet_again', 'other', 'none', 'action'])[1 + n % 6],
			(ARRAY['house_party', 'action', 'meet_again', 'other', 'none', 'action,meet_again'])[1 + n % 6],
			(ARRAY['phone banking', 'Phone banking', 'canvassing', 'hosting', 'Organizar', 'data entry', 'art builds'])[1 + n % 7],
			n % 3 <> 0, 'complete', ts, ts, ts
		FROM generate_series(0, $3::int - 1) n
		JOIN v ON v.k = n % $2::int
		CROSS JOIN LATERAL (SELECT $1::timestamptz - (n % 365) * interval '1 day' - (n % 86400) * interval '1 second' AS ts) t`,
			[]any{at, scaleVolunteers, scaleReports}},
		{`INSERT INTO followups (report_id, volunteer_id, kind, due_at, status, created_at, updated_at)
			SELECT r.id, r.volunteer_id, 'next_step', r.completed_at + interval '2 days',
				(ARRAY['done', 'done', 'overdue', 'sent', 'pending'])[1 + r.id % 5], r.completed_at, r.completed_at
			FROM reports r WHERE r.person_name LIKE 'Person %'`, nil},
		{`INSERT INTO followups (report_id, volunteer_id, kind, due_at, status, created_at, updated_at)
			SELECT r.id, r.volunteer_id, 'thanks', r.completed_at + interval '2 hours', 'done', r.completed_at, r.completed_at
			FROM reports r WHERE r.person_name LIKE 'Person %' AND r.id % 3 = 0`, nil},
		{`VACUUM ANALYZE reports`, nil},
		{`VACUUM ANALYZE followups`, nil},
		{`ANALYZE`, nil},
	} {
		if _, err := db.ExecContext(ctx, st.q, st.args...); err != nil {
			t.Fatalf("seed: %v\n%s", err, st.q)
		}
	}
	var first int64
	if err := db.QueryRowContext(ctx, `SELECT id FROM teams WHERE name = 'Scale team 1'`).Scan(&first); err != nil {
		t.Fatal(err)
	}
	return first
}
