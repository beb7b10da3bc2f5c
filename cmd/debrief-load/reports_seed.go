package main

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/debrief-sms/debrief/internal/store"
)

// reportsPhonePrefix starts the numbers of the volunteers -seed-reports
// makes (+1509 and seven digits): an area code of their own, apart from
// -seed-followups' +1508 and a load run's +1617.
const reportsPhonePrefix = "+1509"

// reportsSeed is what -seed-reports makes: issue #10's data set is 100,000
// reports from 2,000 volunteers in 50 teams.
type reportsSeed struct {
	Reports, Volunteers, Teams int
}

// seedReports fills PostgreSQL with s.Teams teams ("Load team 01"...),
// s.Volunteers volunteers spread evenly over them (the first of each team
// its organizer), and s.Reports reports spread evenly over the volunteers
// across the year before now: nine in ten complete, the rest drafts and
// abandoned; varied people, issues, commitments (some several), notes and
// a team question's answer in one report of five; and for each complete
// report a thank-you and a next-step follow-up. A few statements of
// generate_series in one transaction: 100,000 reports take seconds.
func seedReports(ctx context.Context, databaseURL string, s reportsSeed, now time.Time) error {
	if !strings.HasPrefix(databaseURL, "postgres") {
		return fmt.Errorf("seeding runs on PostgreSQL only")
	}
	if s.Teams < 1 || s.Volunteers < s.Teams || s.Volunteers > 10_000_000 || s.Reports < s.Volunteers {
		return fmt.Errorf("seed %+v: want 1 <= teams <= volunteers <= reports, volunteers under 10,000,000", s)
	}
	conn, err := pgx.Connect(ctx, databaseURL)
	if err != nil {
		return err
	}
	defer conn.Close(ctx)
	tx, err := conn.Begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback(ctx)
	args := pgx.NamedArgs{"teams": s.Teams, "volunteers": s.Volunteers, "reports": s.Reports,
		"prefix": reportsPhonePrefix, "now": now.UTC()}
	for i, q := range seedReportsSQL {
		if _, err := tx.Exec(ctx, q, args); err != nil {
			return fmt.Errorf("seed reports, statement %d: %w", i+1, err)
		}
	}
	if err := tx.Commit(ctx); err != nil {
		return err
	}
	// The rows went in as SQL: fold their search text as Migrate would
	// (migration 00015), or the pages' text searches find nothing.
	if err := foldSearch(ctx, databaseURL); err != nil {
		return err
	}
	_, err = conn.Exec(ctx, `ANALYZE teams, volunteers, reports, followups`)
	return err
}

// foldSearch folds the search text of the rows a seed inserted.
func foldSearch(ctx context.Context, databaseURL string) error {
	st, err := store.Open(ctx, databaseURL, store.Options{})
	if err != nil {
		return fmt.Errorf("fold search text: %w", err)
	}
	_, err = st.FoldSearch(ctx)
	return errors.Join(err, st.Close())
}

// seedReportsSQL are the seeding statements, in order; their named
// arguments are @teams, @volunteers, @reports, @prefix (of the phones) and
// @now.
var seedReportsSQL = []string{
	`INSERT INTO teams (name, created_at)
	SELECT 'Load team ' || lpad(i::text, 2, '0'), @now::timestamptz - interval '1 year'
	FROM generate_series(1, @teams::int) i`,

	`INSERT INTO volunteers (phone, name, team_id, language, time_zone, role, created_at, updated_at)
	SELECT @prefix::text || lpad(j::text, 7, '0'),
		(ARRAY['Ana','Bo','Cy','Dee','Eli','Fay','Gus','Hana','Ivan','June'])[1 + j % 10] || ' ' ||
		(ARRAY['Ruiz','Chen','Okafor','Smith','Nguyen','García','Kowalski','Haddad','Silva','Park'])[1 + (j / 10) % 10] || ' ' || j,
		t.id, CASE WHEN j % 7 = 0 THEN 'es' ELSE 'en' END,
		(ARRAY['America/New_York','America/Chicago','America/Denver','America/Los_Angeles'])[1 + j % 4],
		CASE WHEN j <= @teams::int THEN 'organizer' ELSE 'volunteer' END,
		@now::timestamptz - interval '1 year', @now::timestamptz - interval '1 year'
	FROM generate_series(1, @volunteers::int) j
	JOIN teams t ON t.name = 'Load team ' || lpad((1 + (j - 1) % @teams::int)::text, 2, '0')`,

	`INSERT INTO conversations (volunteer_id, updated_at)
	SELECT id, @now::timestamptz FROM volunteers
	WHERE phone LIKE @prefix::text || '%'`,

	`UPDATE teams t SET organizer_id = v.id FROM volunteers v
	WHERE v.team_id = t.id AND v.role = 'organizer' AND v.phone LIKE @prefix::text || '%'`,

	// Report k of the seeding goes to volunteer 1 + k % volunteers, its
	// seq the k-th of theirs; its date walks back over the year.
	`INSERT INTO reports (volunteer_id, seq, person_name, person_phone, person_email, issue, commitment, commitments,
		commitment_text, next_steps, next_contact_at, enjoy, notes, thanked, extra, status, started_at, updated_at, completed_at)
	SELECT v.id, 1 + k / @volunteers::int,
		p.first || ' ' || p.last,
		CASE WHEN k % 3 = 0 THEN '+1617' || lpad((k % 10000000)::text, 7, '0') ELSE '' END,
		CASE WHEN k % 4 = 0 THEN lower(p.first) || k || '@example.org' ELSE '' END,
		(ARRAY['clean air near schools','heat waves and the bus lines','flooding on our street','the gas plant expansion',
			'trees for the block','solar on the church roof','bike lanes downtown','la calidad del aire'])[1 + k % 8],
		c.first, c.all, CASE WHEN c.first = 'other' THEN 'a teach-in at the library' ELSE '' END,
		(ARRAY['Call her next Tuesday','send the host guide','meet at the union hall','text him after the rally',
			'coffee again in two weeks'])[1 + k % 5],
		d.at + interval '7 days',
		(ARRAY['phone banking','canvassing','cooking for events','art and banners','driving people'])[1 + k % 5],
		(ARRAY['teacher, knows the PTA','nurse at the hospital','retired, lots of time','student organizer','pastor''s wife',''])[1 + k % 6],
		k % 2 = 0,
		CASE WHEN k % 5 = 0 THEN jsonb_build_object('ward', (1 + k % 12)::text) ELSE '{}' END,
		d.status, d.at - interval '20 minutes', d.at, CASE WHEN d.status = 'complete' THEN d.at END
	FROM generate_series(0, @reports::int - 1) k
	JOIN volunteers v ON v.phone = @prefix::text || lpad((1 + k % @volunteers::int)::text, 7, '0')
	CROSS JOIN LATERAL (SELECT
		(ARRAY['Maria','Sam','Lee','Dana','Omar','Priya','Jo','Luis','Keisha','Tom','Mei','Ahmed'])[1 + k % 12] AS first,
		(ARRAY['Lopez','Park','Chan','Wright','Haddad','Patel','Kim','Torres','Brown','Okafor','Li','Said','de la Cruz'])[1 + (k / 12) % 13] AS last) p
	CROSS JOIN LATERAL (SELECT
		(ARRAY['house_party','action','meet_again','other','none','action'])[1 + k % 6] AS first,
		(ARRAY['house_party','action','meet_again','other','none','action,meet_again'])[1 + k % 6] AS all) c
	CROSS JOIN LATERAL (SELECT
		@now::timestamptz - (k::float8 / @reports::int) * interval '365 days' AS at,
		CASE WHEN k % 20 = 3 THEN 'draft' WHEN k % 20 = 7 THEN 'abandoned' ELSE 'complete' END AS status) d`,

	`INSERT INTO followups (report_id, volunteer_id, kind, due_at, status, sent_at, closed_at, created_at, updated_at)
	SELECT r.id, r.volunteer_id, f.kind, f.due, f.status,
		CASE WHEN f.status <> 'pending' THEN f.due END, CASE WHEN f.status = 'done' THEN f.due + interval '1 hour' END,
		r.completed_at, r.completed_at
	FROM reports r
	JOIN volunteers v ON v.id = r.volunteer_id AND v.phone LIKE @prefix::text || '%'
	CROSS JOIN LATERAL (VALUES
		('thanks', r.completed_at + interval '2 hours', CASE WHEN r.completed_at < @now::timestamptz - interval '1 day' THEN 'done' ELSE 'pending' END),
		('next_step', r.next_contact_at, CASE WHEN r.next_contact_at > @now::timestamptz THEN 'pending'
			WHEN r.id % 5 = 0 THEN 'overdue' ELSE 'done' END)) f(kind, due, status)
	WHERE r.status = 'complete'`,
}
