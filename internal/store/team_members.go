package store

import (
	"context"
	"fmt"
	"strings"

	"github.com/debrief-sms/debrief"
)

// TeamMembers lists the people of the teams in scope (only teamID's when
// it is not 0), by name then phone, at most limit of them: whom the
// reports page offers to filter by. Their ID, phone, name, team ID and
// team name are set.
func (s *Store) TeamMembers(ctx context.Context, scope TeamScope, teamID int64, limit int) ([]debrief.Volunteer, error) {
	q := `SELECT v.id, v.phone, v.name, v.team_id, t.name FROM volunteers v JOIN teams t ON t.id = v.team_id`
	var conds []string
	var args []any
	if !scope.AllTeams {
		if len(scope.Teams) == 0 {
			return nil, nil
		}
		conds = append(conds, `v.team_id IN (`+strings.TrimSuffix(strings.Repeat("?,", len(scope.Teams)), ",")+`)`)
		for _, id := range scope.Teams {
			args = append(args, id)
		}
	}
	if teamID != 0 {
		conds = append(conds, `v.team_id = ?`)
		args = append(args, teamID)
	}
	if len(conds) > 0 {
		q += ` WHERE ` + strings.Join(conds, ` AND `)
	}
	q += ` ORDER BY lower(v.name), v.phone LIMIT ?`
	rows, err := s.sql.QueryContext(ctx, s.rebind(q), append(args, limit)...)
	if err != nil {
		return nil, fmt.Errorf("list team members: %w", err)
	}
	defer rows.Close()
	var out []debrief.Volunteer
	for rows.Next() {
		var v debrief.Volunteer
		var team int64
		if err := rows.Scan(&v.ID, &v.Phone, &v.Name, &team, &v.TeamName); err != nil {
			return nil, fmt.Errorf("list team members: %w", err)
		}
		v.TeamID = &team
		out = append(out, v)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("list team members: %w", err)
	}
	return out, nil
}
