package store

import (
	"context"
	"fmt"
	"time"
)

// PlanFigures returns, for each team with any plan or report in f's
// month, the two figures of FollowThrough the monthly report shows:
// Planned and Within24h (the others are left zero). It reads what
// FollowThroughs reads but the reminders: one row a report, none of the
// two follow-up lookups a report costs there, which made up most of the
// coordinator's monthly report at 100,000 reports.
func (s *Store) PlanFigures(ctx context.Context, f FollowThroughFilter) ([]FollowThrough, error) {
	from, to := f.span()
	teams, args := f.teams(from, to)
	byTeam := map[int64]*FollowThrough{}
	team := func(id int64) *FollowThrough {
		ft, ok := byTeam[id]
		if !ok {
			ft = &FollowThrough{TeamID: id}
			byTeam[id] = ft
		}
		return ft
	}
	plans, err := s.sql.QueryContext(ctx, s.rebind(`
		SELECT coalesce(v.team_id, 0), count(*)
		FROM plans p JOIN volunteers v ON v.id = p.volunteer_id
		WHERE p.status <> 'cancelled' AND p.planned_at >= ? AND p.planned_at < ?`+teams+`
		GROUP BY coalesce(v.team_id, 0)`), args...)
	if err != nil {
		return nil, fmt.Errorf("plan figures: plans: %w", err)
	}
	defer plans.Close()
	for plans.Next() {
		var id int64
		var n int
		if err := plans.Scan(&id, &n); err != nil {
			return nil, fmt.Errorf("plan figures: plans: %w", err)
		}
		team(id).Planned = n
	}
	if err := plans.Err(); err != nil {
		return nil, fmt.Errorf("plan figures: plans: %w", err)
	}
	plans.Close()

	rows, err := s.sql.QueryContext(ctx, s.rebind(`
		SELECT coalesce(v.team_id, 0), r.started_at, r.completed_at, p.planned_at, coalesce(p.has_time, FALSE)
		FROM reports r JOIN volunteers v ON v.id = r.volunteer_id LEFT JOIN plans p ON p.report_id = r.id
		WHERE r.status = 'complete' AND r.completed_at >= ? AND r.completed_at < ?`+teams), args...)
	if err != nil {
		return nil, fmt.Errorf("plan figures: reports: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var started, completed time.Time
		var planned *time.Time
		var hasTime bool
		if err := rows.Scan(&id, &started, &completed, &planned, &hasTime); err != nil {
			return nil, fmt.Errorf("plan figures: reports: %w", err)
		}
		ft := team(id)
		ft.Reported++
		ft.Within24h += b2i(reportedWithin24h(started, completed, planned, hasTime))
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("plan figures: reports: %w", err)
	}
	out := make([]FollowThrough, 0, len(byTeam))
	for _, ft := range byTeam {
		out = append(out, *ft)
	}
	return out, nil
}
