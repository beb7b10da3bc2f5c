package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"
)

// Backlog is what the scheduler has yet to send: the pending follow-ups
// due by a moment, and the due time of the oldest of them.
type Backlog struct {
	Due    int
	Oldest time.Time // zero when none is due
}

// Lag is how long the oldest due follow-up has waited at now; 0 when none
// is due.
func (b Backlog) Lag(now time.Time) time.Duration {
	if b.Due == 0 || b.Oldest.IsZero() || now.Before(b.Oldest) {
		return 0
	}
	return now.Sub(b.Oldest)
}

// backlogSQL reads only the partial index followups_due (status =
// 'pending'), whose entries are the rows the claim takes first: it costs
// what the backlog holds, not what the table does. Leased rows ('sending')
// are the scheduler's work in hand, not its backlog.
const backlogSQL = `SELECT count(*), min(due_at) FROM followups WHERE status = 'pending' AND due_at <= ?`

// FollowupBacklog reads the backlog at now, in one statement: metrics
// read it at every scrape.
func (s *Store) FollowupBacklog(ctx context.Context, now time.Time) (Backlog, error) {
	now = now.UTC()
	var b Backlog
	if s.pg != nil {
		var oldest *time.Time
		if err := s.pg.QueryRow(ctx, s.rebind(backlogSQL), now).Scan(&b.Due, &oldest); err != nil {
			return Backlog{}, fmt.Errorf("read follow-up backlog: %w", err)
		}
		if oldest != nil {
			b.Oldest = oldest.UTC()
		}
		return b, nil
	}
	// SQLite returns an aggregate of a time column as the text stored.
	var oldest sql.NullString
	if err := s.sql.QueryRowContext(ctx, backlogSQL, now).Scan(&b.Due, &oldest); err != nil {
		return Backlog{}, fmt.Errorf("read follow-up backlog: %w", err)
	}
	if oldest.Valid {
		t, err := parseSQLiteTime(oldest.String)
		if err != nil {
			return Backlog{}, fmt.Errorf("read follow-up backlog: %w", err)
		}
		b.Oldest = t
	}
	return b, nil
}

// sqliteTimeLayouts are the forms the embedded database's driver writes
// times in (glebarez/go-sqlite's first layout) and reads them from.
var sqliteTimeLayouts = []string{
	"2006-01-02 15:04:05.999999999-07:00",
	"2006-01-02T15:04:05.999999999-07:00",
	"2006-01-02 15:04:05.999999999",
	"2006-01-02T15:04:05.999999999",
}

// parseSQLiteTime reads a time stored as text in the embedded database.
func parseSQLiteTime(s string) (time.Time, error) {
	ts := strings.TrimSuffix(s, "Z")
	for _, layout := range sqliteTimeLayouts {
		if t, err := time.ParseInLocation(layout, ts, time.UTC); err == nil {
			return t.UTC(), nil
		}
	}
	return time.Time{}, fmt.Errorf("time %q in an unknown form", s)
}
