package store

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/debrief-sms/debrief"
)

// teamRow is a row of teams.
type teamRow struct {
	ID          int64
	Name        string
	OrganizerID *int64
	CreatedAt   time.Time
}

func (teamRow) TableName() string { return "teams" }

// Teams returns every team, by name. Sign-up reads them for every text
// (State.NeedsTeams), so on PostgreSQL this is one pgx round trip rather
// than a GORM query through database/sql.
func (s *Store) Teams(ctx context.Context) ([]debrief.Team, error) {
	if s.pg == nil {
		return s.teamsGORM(ctx)
	}
	rows, err := s.pg.Query(ctx, `SELECT id, name FROM teams ORDER BY lower(name), id`)
	if err != nil {
		return nil, fmt.Errorf("list teams: %w", err)
	}
	teams, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (debrief.Team, error) {
		var t debrief.Team
		err := row.Scan(&t.ID, &t.Name)
		return t, err
	})
	if err != nil {
		return nil, fmt.Errorf("list teams: %w", err)
	}
	return teams, nil
}

func (s *Store) teamsGORM(ctx context.Context) ([]debrief.Team, error) {
	var rows []teamRow
	if err := s.gdb.WithContext(ctx).Order("lower(name), id").Find(&rows).Error; err != nil {
		return nil, fmt.Errorf("list teams: %w", err)
	}
	teams := make([]debrief.Team, len(rows))
	for i, r := range rows {
		teams[i] = debrief.Team{ID: r.ID, Name: r.Name}
	}
	return teams, nil
}

// CreateTeam returns the team called name, ignoring case, creating it if
// there is none.
func (s *Store) CreateTeam(ctx context.Context, name string) (debrief.Team, error) {
	name = strings.TrimSpace(name)
	var row teamRow
	err := s.gdb.WithContext(ctx).Raw(`
		INSERT INTO teams (name, created_at) VALUES (?, ?)
		ON CONFLICT (lower(name)) DO UPDATE SET name = teams.name
		RETURNING id, name`, name, s.now()).Scan(&row).Error
	if err != nil {
		return debrief.Team{}, fmt.Errorf("create team: %w", err)
	}
	return debrief.Team{ID: row.ID, Name: row.Name}, nil
}
