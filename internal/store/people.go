package store

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"gorm.io/gorm"

	"github.com/debrief-sms/debrief"
	"github.com/debrief-sms/debrief/internal/accent"
	"github.com/debrief-sms/debrief/internal/phone"
)

// People errors.
var (
	// ErrPhoneTaken reports a person added with a number someone has.
	ErrPhoneTaken = errors.New("phone number already signed up")
	// ErrDeactivated reports a deactivated person made a team's
	// organizer.
	ErrDeactivated = errors.New("person is deactivated")
)

// Person is a signed-up person as the people pages show them: who they
// are, their team and role, and the states only they or Twilio change
// (opted out, number bad) beside the one organizers do (deactivated).
type Person struct {
	ID            int64
	Phone         string
	Name          string
	TeamID        *int64
	TeamName      string
	Language      debrief.Language
	TimeZone      string
	Role          debrief.Role
	OptedOut      bool
	OptedOutAt    *time.Time
	PhoneBad      bool
	PhoneBadAt    *time.Time
	DeactivatedAt *time.Time
	CreatedAt     time.Time
	// Organizes are the teams whose organizer (teams.organizer_id) they
	// are, by ID.
	Organizes []int64
}

// PeopleQuery selects people: those of Teams (or every one with
// AllTeams, people with no team included), narrowed to TeamID when it is
// not 0 and to Role, Active and State when set, by name, Limit (0: no
// limit) from Offset. A person is of a team when it is theirs
// (volunteers.team_id) or when they organize it.
type PeopleQuery struct {
	Teams         []int64
	AllTeams      bool
	TeamID        int64
	Role          debrief.Role // only people of this role, when set
	Active        bool         // only people not deactivated
	State         PersonState  // only people in this state, when set
	Offset, Limit int
}

// PersonState is a state the people page filters by. A person may be in
// several (opted out and their number bad); active is being in none.
type PersonState string

// The people's states.
const (
	PersonActive      PersonState = "active"      // none of the others
	PersonOptedOut    PersonState = "opted_out"   // texted STOP
	PersonBadNumber   PersonState = "bad_number"  // Twilio refused the number
	PersonDeactivated PersonState = "deactivated" // set apart on the people page
)

// PersonStates are the states, in the order the people page offers them.
var PersonStates = []PersonState{PersonActive, PersonOptedOut, PersonBadNumber, PersonDeactivated}

// personStateWhere is the condition each state puts on volunteers v.
var personStateWhere = map[PersonState]string{
	PersonActive:      `NOT v.opted_out AND NOT v.phone_bad AND v.deactivated_at IS NULL`,
	PersonOptedOut:    `v.opted_out`,
	PersonBadNumber:   `v.phone_bad`,
	PersonDeactivated: `v.deactivated_at IS NOT NULL`,
}

// personRow is a row of the people query.
type personRow struct {
	ID            int64
	Phone         string
	Name          string
	TeamID        *int64
	TeamName      string
	Language      string
	TimeZone      string
	Role          string
	OptedOut      bool
	OptedOutAt    *time.Time
	PhoneBad      bool
	PhoneBadAt    *time.Time
	DeactivatedAt *time.Time
	CreatedAt     time.Time
}

const personSelect = `SELECT v.id, v.phone, v.name, v.team_id, COALESCE(t.name, '') AS team_name, v.language,
	v.time_zone, v.role, v.opted_out, v.opted_out_at, v.phone_bad, v.phone_bad_at, v.deactivated_at, v.created_at
	FROM volunteers v LEFT JOIN teams t ON t.id = v.team_id`

// People returns the people q selects.
func (s *Store) People(ctx context.Context, q PeopleQuery) ([]Person, error) {
	if !q.AllTeams && len(q.Teams) == 0 {
		return nil, nil
	}
	var (
		where []string
		args  []any
	)
	if !q.AllTeams {
		where = append(where, `(v.team_id IN ? OR v.id IN (SELECT organizer_id FROM teams WHERE id IN ?))`)
		args = append(args, q.Teams, q.Teams)
	}
	if q.TeamID != 0 {
		where = append(where, `(v.team_id = ? OR v.id IN (SELECT organizer_id FROM teams WHERE id = ?))`)
		args = append(args, q.TeamID, q.TeamID)
	}
	if q.Role != "" {
		where = append(where, `v.role = ?`)
		args = append(args, string(q.Role))
	}
	if q.Active {
		where = append(where, `v.deactivated_at IS NULL`)
	}
	if q.State != "" {
		cond, ok := personStateWhere[q.State]
		if !ok {
			return nil, fmt.Errorf("list people: no state %q", q.State)
		}
		where = append(where, "("+cond+")")
	}
	sql := personSelect
	if len(where) > 0 {
		sql += " WHERE " + strings.Join(where, " AND ")
	}
	sql += " ORDER BY lower(v.name), v.id"
	if q.Limit > 0 {
		sql += " LIMIT ? OFFSET ?"
		args = append(args, q.Limit, q.Offset)
	}
	var rows []personRow
	if err := s.gdb.WithContext(ctx).Raw(sql, args...).Scan(&rows).Error; err != nil {
		return nil, fmt.Errorf("list people: %w", err)
	}
	people, err := s.withOrganizes(ctx, rows)
	if err != nil {
		return nil, fmt.Errorf("list people: %w", err)
	}
	return people, nil
}

// Person returns the person with the ID, or ErrNoVolunteer.
func (s *Store) Person(ctx context.Context, id int64) (Person, error) {
	var rows []personRow
	if err := s.gdb.WithContext(ctx).Raw(personSelect+" WHERE v.id = ?", id).Scan(&rows).Error; err != nil {
		return Person{}, fmt.Errorf("person %d: %w", id, err)
	}
	if len(rows) == 0 {
		return Person{}, fmt.Errorf("person %d: %w", id, ErrNoVolunteer)
	}
	people, err := s.withOrganizes(ctx, rows)
	if err != nil {
		return Person{}, fmt.Errorf("person %d: %w", id, err)
	}
	return people[0], nil
}

// withOrganizes turns rows into people with the teams each organizes.
func (s *Store) withOrganizes(ctx context.Context, rows []personRow) ([]Person, error) {
	if len(rows) == 0 {
		return nil, nil
	}
	ids := make([]int64, len(rows))
	for i, r := range rows {
		ids[i] = r.ID
	}
	var teams []struct{ ID, OrganizerID int64 }
	if err := s.gdb.WithContext(ctx).Raw(`SELECT id, organizer_id FROM teams WHERE organizer_id IN ? ORDER BY lower(name), id`,
		ids).Scan(&teams).Error; err != nil {
		return nil, err
	}
	organizes := map[int64][]int64{}
	for _, t := range teams {
		organizes[t.OrganizerID] = append(organizes[t.OrganizerID], t.ID)
	}
	people := make([]Person, len(rows))
	for i, r := range rows {
		people[i] = Person{ID: r.ID, Phone: r.Phone, Name: r.Name, TeamID: r.TeamID, TeamName: r.TeamName,
			Language: language(r.Language), TimeZone: r.TimeZone, Role: debrief.Role(r.Role),
			OptedOut: r.OptedOut, OptedOutAt: r.OptedOutAt, PhoneBad: r.PhoneBad, PhoneBadAt: r.PhoneBadAt,
			DeactivatedAt: r.DeactivatedAt, CreatedAt: r.CreatedAt, Organizes: organizes[r.ID]}
	}
	return people, nil
}

// AddPerson signs up v as AddVolunteer does, or returns ErrPhoneTaken
// when someone has the number.
func (s *Store) AddPerson(ctx context.Context, v debrief.Volunteer) (debrief.Volunteer, error) {
	switch _, err := s.Volunteer(ctx, v.Phone); {
	case err == nil:
		return debrief.Volunteer{}, fmt.Errorf("add person %s: %w", phone.Mask(v.Phone), ErrPhoneTaken)
	case !errors.Is(err, ErrNoVolunteer):
		return debrief.Volunteer{}, fmt.Errorf("add person: %w", err)
	}
	return s.AddVolunteer(ctx, v)
}

// PersonChange is what the people pages change of a person: everything
// but the number and the states only they or Twilio set.
type PersonChange struct {
	ID       int64
	Name     string
	TeamID   *int64
	Language debrief.Language
	TimeZone string
	Role     debrief.Role
}

// UpdatePerson applies c at the instant at, in one transaction; a new role
// also ends the person's web sessions, as SetRole does. Load reads all of
// it, so the conversation's version is bumped first (migration 00003).
// ErrNoVolunteer when there is no such person.
func (s *Store) UpdatePerson(ctx context.Context, c PersonChange, at time.Time) error {
	now := at.UTC()
	err := s.gdb.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if err := bumpVersion(tx, c.ID); err != nil {
			return err
		}
		var role []string
		if err := tx.Raw(`SELECT role FROM volunteers WHERE id = ?`, c.ID).Scan(&role).Error; err != nil {
			return err
		}
		if len(role) == 0 {
			return ErrNoVolunteer
		}
		if err := tx.Exec(`UPDATE volunteers SET name = ?, search_name = ?, team_id = ?, language = ?, time_zone = ?, updated_at = ?
			WHERE id = ?`, c.Name, accent.Fold(c.Name), c.TeamID, string(c.Language), c.TimeZone, now, c.ID).Error; err != nil {
			return err
		}
		if debrief.Role(role[0]) == c.Role {
			return nil
		}
		return setRole(tx, c.ID, c.Role, now)
	})
	if err != nil {
		return fmt.Errorf("update person %d: %w", c.ID, err)
	}
	return nil
}

// organizerKinds are the texts a person gets as a team's organizer.
const organizerKinds = `('organizer_commitment', 'organizer_overdue', 'organizer_bad_number', 'digest')`

// SetDeactivated deactivates the person at the instant at, or, with
// deactivated false, makes them active again. Deactivating ends their web
// sessions, takes them off the teams they organize and cancels the
// organizer texts waiting for them, in one transaction; their own
// reminders stay, as their texts are answered like anyone's. Making them
// active again gives them back no team to organize. ErrNoVolunteer when
// there is no such person.
func (s *Store) SetDeactivated(ctx context.Context, id int64, deactivated bool, at time.Time) error {
	now := at.UTC()
	err := s.gdb.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		var res *gorm.DB
		if !deactivated {
			res = tx.Exec(`UPDATE volunteers SET deactivated_at = NULL, updated_at = ? WHERE id = ?`, now, id)
		} else {
			res = tx.Exec(`UPDATE volunteers SET deactivated_at = COALESCE(deactivated_at, ?), updated_at = ? WHERE id = ?`,
				now, now, id)
		}
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected == 0 {
			return ErrNoVolunteer
		}
		if !deactivated {
			return nil
		}
		if err := tx.Exec(`DELETE FROM web_sessions WHERE volunteer_id = ?`, id).Error; err != nil {
			return err
		}
		if err := tx.Exec(`UPDATE teams SET organizer_id = NULL WHERE organizer_id = ?`, id).Error; err != nil {
			return err
		}
		return tx.Exec(`UPDATE followups SET status = 'cancelled', last_error = 'person deactivated', updated_at = ?
			WHERE volunteer_id = ? AND status = 'pending' AND kind IN `+organizerKinds, now, id).Error
	})
	if err != nil {
		return fmt.Errorf("set person %d deactivated %v: %w", id, deactivated, err)
	}
	return nil
}
