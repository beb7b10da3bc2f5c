package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"gorm.io/gorm"

	"github.com/debrief-sms/debrief"
)

// Coordinator is a coordinator, as the monthly report's text needs them.
type Coordinator struct {
	ID       int64
	TimeZone string
	Language debrief.Language
}

// Coordinators returns the coordinators who can be texted: not opted out,
// their number not bad.
func (s *Store) Coordinators(ctx context.Context) ([]Coordinator, error) {
	rows, err := s.sql.QueryContext(ctx, `SELECT id, time_zone, language FROM volunteers
		WHERE role = 'coordinator' AND NOT opted_out AND NOT phone_bad ORDER BY id`)
	if err != nil {
		return nil, fmt.Errorf("list coordinators: %w", err)
	}
	defer rows.Close()
	var out []Coordinator
	for rows.Next() {
		var r Coordinator
		var lang sql.NullString
		if err := rows.Scan(&r.ID, &r.TimeZone, &lang); err != nil {
			return nil, fmt.Errorf("list coordinators: %w", err)
		}
		r.Language = language(lang.String)
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("list coordinators: %w", err)
	}
	return out, nil
}

// MonthlyPlan is a coordinator's text about the monthly report: Month is
// the 1st of the month it is about (midnight UTC), DueAt the moment.
type MonthlyPlan struct {
	CoordinatorID int64
	Month         time.Time
	DueAt         time.Time
}

// EnsureMonthly schedules the monthly report's texts not scheduled yet; a
// text for a coordinator and month is inserted once, however many
// instances plan it and however often (followups_monthly_key, migration
// 00011). It returns how many it inserted.
func (s *Store) EnsureMonthly(ctx context.Context, plans []MonthlyPlan, at time.Time) (int64, error) {
	now := at.UTC()
	var n int64
	err := s.gdb.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		for _, p := range plans {
			res := tx.Exec(`INSERT INTO followups (volunteer_id, kind, due_at, digest_week, created_at, updated_at)
				VALUES (?, 'monthly', ?, ?, ?, ?)
				ON CONFLICT (volunteer_id, digest_week) WHERE kind = 'monthly' DO NOTHING`,
				p.CoordinatorID, p.DueAt.UTC(), s.weekValue(p.Month), now, now)
			if res.Error != nil {
				return res.Error
			}
			n += res.RowsAffected
		}
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("ensure monthly texts: %w", err)
	}
	return n, nil
}
