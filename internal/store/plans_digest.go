package store

import (
	"context"
	"fmt"
	"time"
)

// PlanFigures are the planned 1:1s of an organizer's teams in a week, for
// the weekly digest: how many were planned and reported, per volunteer,
// and those asked about twice and still not reported.
type PlanFigures struct {
	Planned  int // plans not cancelled whose time fell in the week
	Reported int // of which a report closed the plan
	// Volunteers are the same figures per volunteer, by team then name.
	Volunteers []VolunteerPlans
	// Unreported are the plans whose second ask went out in the week and
	// that are still not reported, by volunteer then time.
	Unreported []UnreportedPlan
}

// VolunteerPlans is one volunteer's plans in a week.
type VolunteerPlans struct {
	VolunteerID       int64
	Volunteer, Team   string // the volunteer by name or masked phone
	Planned, Reported int
}

// UnreportedPlan is a planned 1:1 asked about twice and not reported.
type UnreportedPlan struct {
	VolunteerID int64
	Volunteer   string // by name or masked phone
	Person      string
	PlannedAt   time.Time
}

// organizerVolunteers joins a volunteer v to the teams the organizer $1
// organizes.
const organizerVolunteers = `JOIN volunteers v ON v.id = p.volunteer_id JOIN teams t ON t.id = v.team_id
	WHERE t.organizer_id = ?`

// DigestPlans counts the plans of the teams organizerID organizes for the
// digest of [from, to).
func (s *Store) DigestPlans(ctx context.Context, organizerID int64, from, to time.Time) (PlanFigures, error) {
	var f PlanFigures
	rows, err := s.sql.QueryContext(ctx, s.rebind(`
		SELECT v.id, v.name, v.phone, t.name, count(*), sum(CASE WHEN p.status = 'reported' THEN 1 ELSE 0 END)
		FROM plans p `+organizerVolunteers+`
			AND p.status <> 'cancelled' AND p.planned_at >= ? AND p.planned_at < ?
		GROUP BY v.id, v.name, v.phone, t.name
		ORDER BY t.name, v.name, v.id`), organizerID, from.UTC(), to.UTC())
	if err != nil {
		return PlanFigures{}, fmt.Errorf("digest plans of organizer %d: %w", organizerID, err)
	}
	defer rows.Close()
	for rows.Next() {
		var vp VolunteerPlans
		var name, ph string
		if err := rows.Scan(&vp.VolunteerID, &name, &ph, &vp.Team, &vp.Planned, &vp.Reported); err != nil {
			return PlanFigures{}, fmt.Errorf("digest plans of organizer %d: %w", organizerID, err)
		}
		vp.Volunteer = maskedOrName(name, ph)
		f.Planned += vp.Planned
		f.Reported += vp.Reported
		f.Volunteers = append(f.Volunteers, vp)
	}
	if err := rows.Err(); err != nil {
		return PlanFigures{}, fmt.Errorf("digest plans of organizer %d: %w", organizerID, err)
	}
	rows.Close()
	unrep, err := s.sql.QueryContext(ctx, s.rebind(`
		SELECT v.id, v.name, v.phone, p.person_name, p.planned_at
		FROM plans p `+organizerVolunteers+` AND p.status = 'planned'
			AND EXISTS (SELECT 1 FROM followups a WHERE a.plan_id = p.id AND a.kind = 'plan_ask_again'
				AND a.sent_at >= ? AND a.sent_at < ?)
		ORDER BY v.name, v.id, p.planned_at, p.id`), organizerID, from.UTC(), to.UTC())
	if err != nil {
		return PlanFigures{}, fmt.Errorf("unreported plans of organizer %d: %w", organizerID, err)
	}
	defer unrep.Close()
	for unrep.Next() {
		var u UnreportedPlan
		var name, ph string
		if err := unrep.Scan(&u.VolunteerID, &name, &ph, &u.Person, &u.PlannedAt); err != nil {
			return PlanFigures{}, fmt.Errorf("unreported plans of organizer %d: %w", organizerID, err)
		}
		u.Volunteer, u.PlannedAt = maskedOrName(name, ph), u.PlannedAt.UTC()
		f.Unreported = append(f.Unreported, u)
	}
	if err := unrep.Err(); err != nil {
		return PlanFigures{}, fmt.Errorf("unreported plans of organizer %d: %w", organizerID, err)
	}
	return f, nil
}
