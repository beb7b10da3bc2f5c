package store

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"time"
)

// FollowThroughFilter selects the 1:1s whose follow-through is measured:
// a month, by its days in Location, and the teams of the volunteers (their
// team now), all of them when TeamIDs is empty.
type FollowThroughFilter struct {
	TeamIDs  []int64
	Year     int
	Month    time.Month
	Location *time.Location // nil is UTC
}

// span is the month's [from, to) in its zone.
func (f FollowThroughFilter) span() (from, to time.Time) {
	loc := f.Location
	if loc == nil {
		loc = time.UTC
	}
	from = time.Date(f.Year, f.Month, 1, 0, 0, 0, 0, loc)
	return from, from.AddDate(0, 1, 0)
}

// FollowThrough is a team's 1:1s in a month, from plan to follow-up.
type FollowThrough struct {
	TeamID int64  // 0: volunteers of no team
	Team   string // "" for no team
	// Planned counts plans, not cancelled, whose time falls in the month.
	Planned int
	// Reported counts reports completed in the month; the figures below
	// count among them.
	Reported int
	// Within24h counts the reports completed within 24 hours of the
	// meeting: the plan's time when the report closed a plan (for a plan
	// with a day and no time, the end of that day), else the moment the
	// report was started (its first answer), the first time Debrief knows
	// the meeting had happened.
	Within24h int
	// Thanked counts the reports whose person was thanked (answered yes,
	// or DONE to the thank-you reminder).
	Thanked int
	// NextStepDone counts the reports whose next-step reminder was
	// answered DONE.
	NextStepDone int
	// Overdue counts the reports with a reminder (thank-you or next step)
	// that went overdue, DONE later or not.
	Overdue int
}

// FollowThroughs returns the follow-through of each team with any 1:1 in
// the month, by team name (no team last): its volunteers' figures summed.
func (s *Store) FollowThroughs(ctx context.Context, f FollowThroughFilter) ([]FollowThrough, error) {
	vols, err := s.VolunteerFollowThroughs(ctx, f)
	if err != nil {
		return nil, err
	}
	var out []FollowThrough
	for _, v := range vols { // by team already
		if n := len(out); n == 0 || out[n-1].TeamID != v.TeamID {
			out = append(out, FollowThrough{TeamID: v.TeamID, Team: v.Team})
		}
		out[len(out)-1].add(v.FollowThrough)
	}
	if out == nil {
		out = []FollowThrough{}
	}
	return out, nil
}

// add adds o's counts to ft's.
func (ft *FollowThrough) add(o FollowThrough) {
	ft.Planned += o.Planned
	ft.Reported += o.Reported
	ft.Within24h += o.Within24h
	ft.Thanked += o.Thanked
	ft.NextStepDone += o.NextStepDone
	ft.Overdue += o.Overdue
}

// VolunteerFollowThrough is one volunteer's 1:1s in a month, from plan to
// follow-up: the figures of FollowThrough, counted for them alone, with
// their team (now).
type VolunteerFollowThrough struct {
	VolunteerID int64
	Volunteer   string // by name or masked phone
	FollowThrough
}

// VolunteerFollowThroughs returns the follow-through of each volunteer
// with any 1:1 in the month, by team name (no team last), then volunteer
// name. A team's FollowThrough is the sum of its volunteers'.
func (s *Store) VolunteerFollowThroughs(ctx context.Context, f FollowThroughFilter) ([]VolunteerFollowThrough, error) {
	from, to := f.span()
	byVolunteer := map[int64]*VolunteerFollowThrough{}
	volunteer := func(id int64, name, ph string, teamID int64, team string) *FollowThrough {
		vf, ok := byVolunteer[id]
		if !ok {
			vf = &VolunteerFollowThrough{VolunteerID: id, Volunteer: maskedOrName(name, ph),
				FollowThrough: FollowThrough{TeamID: teamID, Team: team}}
			byVolunteer[id] = vf
		}
		return &vf.FollowThrough
	}
	teams, args := f.teams(from, to)
	plans, err := s.sql.QueryContext(ctx, s.rebind(`
		SELECT v.id, v.name, v.phone, coalesce(t.id, 0), coalesce(t.name, ''), count(*)
		FROM plans p JOIN volunteers v ON v.id = p.volunteer_id LEFT JOIN teams t ON t.id = v.team_id
		WHERE p.status <> 'cancelled' AND p.planned_at >= ? AND p.planned_at < ?`+teams+`
		GROUP BY v.id, v.name, v.phone, t.id, t.name`), args...)
	if err != nil {
		return nil, fmt.Errorf("follow-through: plans: %w", err)
	}
	defer plans.Close()
	for plans.Next() {
		var vid, id int64
		var vname, ph, name string
		var n int
		if err := plans.Scan(&vid, &vname, &ph, &id, &name, &n); err != nil {
			return nil, fmt.Errorf("follow-through: plans: %w", err)
		}
		volunteer(vid, vname, ph, id, name).Planned += n
	}
	if err := plans.Err(); err != nil {
		return nil, fmt.Errorf("follow-through: plans: %w", err)
	}
	plans.Close()

	rows, err := s.sql.QueryContext(ctx, s.rebind(`
		SELECT v.id, v.name, v.phone, coalesce(t.id, 0), coalesce(t.name, ''), r.started_at, r.completed_at,
			coalesce(r.thanked, FALSE), p.planned_at, coalesce(p.has_time, FALSE),
			EXISTS (SELECT 1 FROM followups n WHERE n.report_id = r.id AND n.kind = 'next_step' AND n.status = 'done'),
			EXISTS (SELECT 1 FROM followups o WHERE o.report_id = r.id AND o.kind IN ('thanks', 'next_step') AND o.overdue_at IS NOT NULL)
		FROM reports r JOIN volunteers v ON v.id = r.volunteer_id LEFT JOIN teams t ON t.id = v.team_id
		LEFT JOIN plans p ON p.report_id = r.id
		WHERE r.status = 'complete' AND r.completed_at >= ? AND r.completed_at < ?`+teams), args...)
	if err != nil {
		return nil, fmt.Errorf("follow-through: reports: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var vid, id int64
		var vname, ph, name string
		var started, completed time.Time
		var planned *time.Time
		var thanked, hasTime, done, overdue bool
		if err := rows.Scan(&vid, &vname, &ph, &id, &name, &started, &completed, &thanked, &planned, &hasTime, &done, &overdue); err != nil {
			return nil, fmt.Errorf("follow-through: reports: %w", err)
		}
		ft := volunteer(vid, vname, ph, id, name)
		ft.Reported++
		ft.Within24h += b2i(reportedWithin24h(started, completed, planned, hasTime))
		ft.Thanked += b2i(thanked)
		ft.NextStepDone += b2i(done)
		ft.Overdue += b2i(overdue)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("follow-through: reports: %w", err)
	}
	out := make([]VolunteerFollowThrough, 0, len(byVolunteer))
	for _, vf := range byVolunteer {
		out = append(out, *vf)
	}
	sort.Slice(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if (a.TeamID == 0) != (b.TeamID == 0) {
			return b.TeamID == 0
		}
		if !strings.EqualFold(a.Team, b.Team) {
			return strings.ToLower(a.Team) < strings.ToLower(b.Team)
		}
		if a.TeamID != b.TeamID {
			return a.TeamID < b.TeamID
		}
		if !strings.EqualFold(a.Volunteer, b.Volunteer) {
			return strings.ToLower(a.Volunteer) < strings.ToLower(b.Volunteer)
		}
		return a.VolunteerID < b.VolunteerID
	})
	return out, nil
}

// teams is the condition on v.team_id that selects f's teams (none for
// every team), and the arguments of the month's [from, to) and of it.
func (f FollowThroughFilter) teams(from, to time.Time) (string, []any) {
	args := []any{from.UTC(), to.UTC()}
	if len(f.TeamIDs) == 0 {
		return "", args
	}
	for _, id := range f.TeamIDs {
		args = append(args, id)
	}
	return ` AND v.team_id IN (?` + strings.Repeat(", ?", len(f.TeamIDs)-1) + `)`, args
}

// reportedWithin24h says whether a report completed at completed came
// within 24 hours of its meeting (see FollowThrough.Within24h): planned is
// the time of the plan it closed, if any, hasTime whether that plan had a
// time or only a day.
func reportedWithin24h(started, completed time.Time, planned *time.Time, hasTime bool) bool {
	met := started
	if planned != nil {
		met = *planned
		if !hasTime {
			met = met.Add(24 * time.Hour) // the end of the day planned
		}
	}
	return completed.Sub(met) <= 24*time.Hour
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}
