package store

import (
	"context"
	"fmt"
	"strings"
	"time"
)

// PlanState is where a planned 1:1 stands, as organizers read it.
type PlanState string

// The states of a plan: not asked about yet; asked once (an hour after);
// asked twice and still not reported; closed by a report; cancelled.
const (
	PlanUpcoming   PlanState = "upcoming"
	PlanAsked      PlanState = "asked"
	PlanUnreported PlanState = "unreported"
	PlanReported   PlanState = "reported"
	PlanCancelled  PlanState = "cancelled"
)

// PlanStates are the states in the order pages offer them.
var PlanStates = []PlanState{PlanUpcoming, PlanAsked, PlanUnreported, PlanReported, PlanCancelled}

// TeamPlansQuery selects planned 1:1s for the organizers' pages.
type TeamPlansQuery struct {
	// Teams limits the list to plans of volunteers of these teams (their
	// team now); AllTeams lists every plan (a coordinator), Teams empty
	// otherwise lists none.
	Teams    []int64
	AllTeams bool
	TeamID   int64 // 0, or only this team (within Teams)
	// From and To bound the planned time: [From, To).
	From, To time.Time
	State    PlanState // "", or only this state
	Offset   int
	Limit    int
}

// TeamPlan is a planned 1:1 as organizers see it.
type TeamPlan struct {
	ID          int64
	VolunteerID int64
	Volunteer   string // by name or masked phone
	TeamID      int64  // 0: no team
	Team        string
	Person      string
	PlannedAt   time.Time // UTC
	HasTime     bool      // false: a day, PlannedAt its start in the volunteer's zone
	State       PlanState
	ReportID    *int64 // the report that closed it, when kept
}

// planStateSQL computes a plan p's PlanState: an ask counts once sent.
const planStateSQL = `CASE WHEN p.status = 'cancelled' THEN 'cancelled'
		WHEN p.status = 'reported' THEN 'reported'
		WHEN EXISTS (SELECT 1 FROM followups a WHERE a.plan_id = p.id AND a.kind = 'plan_ask_again' AND a.sent_at IS NOT NULL) THEN 'unreported'
		WHEN EXISTS (SELECT 1 FROM followups a WHERE a.plan_id = p.id AND a.kind = 'plan_ask' AND a.sent_at IS NOT NULL) THEN 'asked'
		ELSE 'upcoming' END`

// TeamPlans lists the plans q asks for by planned time, then ID.
func (s *Store) TeamPlans(ctx context.Context, q TeamPlansQuery) ([]TeamPlan, error) {
	if !q.AllTeams && len(q.Teams) == 0 {
		return nil, nil
	}
	where, args := `p.planned_at >= ? AND p.planned_at < ?`, []any{q.From.UTC(), q.To.UTC()}
	if !q.AllTeams {
		where += ` AND v.team_id IN (?` + strings.Repeat(", ?", len(q.Teams)-1) + `)`
		for _, id := range q.Teams {
			args = append(args, id)
		}
	}
	if q.TeamID != 0 {
		where += ` AND v.team_id = ?`
		args = append(args, q.TeamID)
	}
	state := ""
	if q.State != "" {
		state = ` WHERE x.state = ?`
		args = append(args, string(q.State))
	}
	limit := q.Limit
	if limit <= 0 {
		limit = 50
	}
	args = append(args, limit, q.Offset)
	rows, err := s.sql.QueryContext(ctx, s.rebind(`
		SELECT x.id, x.volunteer_id, x.name, x.phone, x.team_id, x.team, x.person_name, x.planned_at, x.has_time, x.state, x.report_id
		FROM (SELECT p.id, p.volunteer_id, v.name, v.phone, coalesce(v.team_id, 0) AS team_id, coalesce(t.name, '') AS team,
				p.person_name, p.planned_at, p.has_time, p.report_id, `+planStateSQL+` AS state
			FROM plans p JOIN volunteers v ON v.id = p.volunteer_id LEFT JOIN teams t ON t.id = v.team_id
			WHERE `+where+`) x`+state+`
		ORDER BY x.planned_at, x.id LIMIT ? OFFSET ?`), args...)
	if err != nil {
		return nil, fmt.Errorf("list team plans: %w", err)
	}
	defer rows.Close()
	var out []TeamPlan
	for rows.Next() {
		var p TeamPlan
		var name, ph, st string
		if err := rows.Scan(&p.ID, &p.VolunteerID, &name, &ph, &p.TeamID, &p.Team, &p.Person, &p.PlannedAt, &p.HasTime, &st, &p.ReportID); err != nil {
			return nil, fmt.Errorf("list team plans: %w", err)
		}
		p.Volunteer, p.PlannedAt, p.State = maskedOrName(name, ph), p.PlannedAt.UTC(), PlanState(st)
		out = append(out, p)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("list team plans: %w", err)
	}
	return out, nil
}
