package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/debrief-sms/debrief"
	"github.com/debrief-sms/debrief/internal/phone"
)

// ErrNoVolunteer reports that no volunteer has the phone number asked for.
var ErrNoVolunteer = errors.New("no volunteer with that phone")

// Volunteer returns the volunteer with the E.164 phone, with their team's
// name, or ErrNoVolunteer. Admin commands use it to check a person exists
// and to read their time zone.
func (s *Store) Volunteer(ctx context.Context, e164 string) (debrief.Volunteer, error) {
	var (
		v           debrief.Volunteer
		teamID      sql.NullInt64
		teamName    sql.NullString
		lang, role  string
		optedOutAt  sql.NullTime
		deactivated sql.NullTime
	)
	err := s.sql.QueryRowContext(ctx, s.rebind(`
		SELECT v.id, v.phone, v.name, v.team_id, t.name, v.language, v.time_zone, v.role,
			v.opted_out, v.opted_out_at, v.created_at, v.deactivated_at
		FROM volunteers v LEFT JOIN teams t ON t.id = v.team_id
		WHERE v.phone = ?`), e164).Scan(&v.ID, &v.Phone, &v.Name, &teamID, &teamName, &lang, &v.TimeZone, &role,
		&v.OptedOut, &optedOutAt, &v.CreatedAt, &deactivated)
	if errors.Is(err, sql.ErrNoRows) {
		return debrief.Volunteer{}, fmt.Errorf("volunteer %s: %w", phone.Mask(e164), ErrNoVolunteer)
	}
	if err != nil {
		return debrief.Volunteer{}, fmt.Errorf("volunteer %s: %w", phone.Mask(e164), err)
	}
	if teamID.Valid {
		v.TeamID, v.TeamName = &teamID.Int64, teamName.String
	}
	if optedOutAt.Valid {
		v.OptedOutAt = &optedOutAt.Time
	}
	if deactivated.Valid {
		v.DeactivatedAt = &deactivated.Time
	}
	v.Language, v.Role = language(lang), debrief.Role(role)
	return v, nil
}
