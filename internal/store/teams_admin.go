package store

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"gorm.io/gorm"

	"github.com/debrief-sms/debrief"
)

// Team errors.
var (
	// ErrTeamExists reports a team name another team has, in any case.
	ErrTeamExists = errors.New("a team has that name")
	// ErrNoTeam reports a team that is not stored.
	ErrNoTeam = errors.New("no such team")
	// ErrNotOrganizer reports a team's organizer who is not an active
	// person with the role organizer.
	ErrNotOrganizer = errors.New("not an active organizer")
)

// TeamSummary is a team as the teams page shows it: its organizer (the
// one teams.organizer_id names: they get the team's digest and organizer
// texts), and how many people are of it (as PeopleQuery counts them: on
// it, or organizing it).
type TeamSummary struct {
	ID             int64
	Name           string
	OrganizerID    *int64
	OrganizerName  string
	OrganizerPhone string
	People         int
	CreatedAt      time.Time
}

// TeamSummaries returns every team, by name.
func (s *Store) TeamSummaries(ctx context.Context) ([]TeamSummary, error) {
	var out []TeamSummary
	err := s.gdb.WithContext(ctx).Raw(`SELECT t.id, t.name, t.organizer_id, COALESCE(o.name, '') AS organizer_name,
		COALESCE(o.phone, '') AS organizer_phone, t.created_at,
		(SELECT count(*) FROM volunteers v WHERE v.team_id = t.id OR v.id = t.organizer_id) AS people
		FROM teams t LEFT JOIN volunteers o ON o.id = t.organizer_id
		ORDER BY lower(t.name), t.id`).Scan(&out).Error
	if err != nil {
		return nil, fmt.Errorf("list teams: %w", err)
	}
	return out, nil
}

// AddTeam creates the team called name at the instant at, or returns
// ErrTeamExists when a team has that name in any case.
func (s *Store) AddTeam(ctx context.Context, name string, at time.Time) (debrief.Team, error) {
	name = strings.TrimSpace(name)
	var rows []teamRow
	err := s.gdb.WithContext(ctx).Raw(`INSERT INTO teams (name, created_at) VALUES (?, ?)
		ON CONFLICT (lower(name)) DO NOTHING RETURNING id, name`, name, at.UTC()).Scan(&rows).Error
	if err != nil {
		return debrief.Team{}, fmt.Errorf("add team: %w", err)
	}
	if len(rows) == 0 {
		return debrief.Team{}, fmt.Errorf("add team %q: %w", name, ErrTeamExists)
	}
	return debrief.Team{ID: rows[0].ID, Name: rows[0].Name}, nil
}

// UpdateTeam renames the team and names its organizer (nil: none), who
// must be an active person with the role organizer (ErrNotOrganizer)
// unless they organize it already. A
// new name must be no other team's (ErrTeamExists); Load reads a
// volunteer's team name, so a rename bumps the conversation version of
// every volunteer of the team (migration 00003). ErrNoTeam when there is
// no such team.
func (s *Store) UpdateTeam(ctx context.Context, id int64, name string, organizerID *int64) error {
	name = strings.TrimSpace(name)
	err := s.gdb.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		var old []struct {
			Name        string
			OrganizerID *int64
		}
		if err := tx.Raw(`SELECT name, organizer_id FROM teams WHERE id = ?`, id).Scan(&old).Error; err != nil {
			return err
		}
		if len(old) == 0 {
			return ErrNoTeam
		}
		kept := organizerID != nil && old[0].OrganizerID != nil && *organizerID == *old[0].OrganizerID
		if organizerID != nil && !kept {
			var n int64
			if err := tx.Raw(`SELECT count(*) FROM volunteers WHERE id = ? AND role = ? AND deactivated_at IS NULL`,
				*organizerID, string(debrief.RoleOrganizer)).Scan(&n).Error; err != nil {
				return err
			}
			if n == 0 {
				return ErrNotOrganizer
			}
		}
		if old[0].Name != name {
			var taken int64
			if err := tx.Raw(`SELECT count(*) FROM teams WHERE lower(name) = lower(?) AND id <> ?`, name, id).
				Scan(&taken).Error; err != nil {
				return err
			}
			if taken > 0 {
				return ErrTeamExists
			}
			if err := tx.Exec(`UPDATE conversations SET version = version + 1
				WHERE volunteer_id IN (SELECT id FROM volunteers WHERE team_id = ?)`, id).Error; err != nil {
				return fmt.Errorf("bump conversation versions: %w", err)
			}
		}
		return tx.Exec(`UPDATE teams SET name = ?, organizer_id = ? WHERE id = ?`, name, organizerID, id).Error
	})
	if err != nil {
		return fmt.Errorf("update team %d: %w", id, err)
	}
	return nil
}
