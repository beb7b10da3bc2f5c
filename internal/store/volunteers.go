package store

import (
	"context"
	"fmt"
	"time"

	"gorm.io/gorm"

	"github.com/debrief-sms/debrief"
	"github.com/debrief-sms/debrief/internal/accent"
	"github.com/debrief-sms/debrief/internal/phone"
)

// volunteerRow is a row of volunteers.
type volunteerRow struct {
	ID         int64
	Phone      string
	Name       string
	SearchName string // Name folded for the reports search (migration 00015)
	TeamID     *int64
	Language   string
	TimeZone   string
	Role       string
	OptedOut   bool
	OptedOutAt *time.Time
	CreatedAt  time.Time
	UpdatedAt  time.Time
}

func (volunteerRow) TableName() string { return "volunteers" }

// conversationRow is a row of conversations as created for a volunteer.
type conversationRow struct {
	VolunteerID int64 `gorm:"primaryKey;autoIncrement:false"`
	UpdatedAt   time.Time
}

func (conversationRow) TableName() string { return "conversations" }

// AddVolunteer stores a volunteer an organizer signs up (v.ID is ignored)
// with an idle conversation, and returns it with its ID. Empty language,
// time zone and role get the store's defaults. The team is v.TeamID, or
// else the team named v.TeamName, created if need be.
func (s *Store) AddVolunteer(ctx context.Context, v debrief.Volunteer) (debrief.Volunteer, error) {
	if v.Language == "" {
		v.Language = s.opts.DefaultLanguage
	}
	if v.TimeZone == "" {
		v.TimeZone = s.opts.DefaultTimeZone
	}
	if v.Role == "" {
		v.Role = debrief.RoleVolunteer
	}
	if v.TeamID == nil && v.TeamName != "" {
		team, err := s.CreateTeam(ctx, v.TeamName)
		if err != nil {
			return debrief.Volunteer{}, fmt.Errorf("add volunteer %s: %w", phone.Mask(v.Phone), err)
		}
		v.TeamID, v.TeamName = &team.ID, team.Name
	}
	now := s.now()
	row := volunteerRow{
		Phone:      v.Phone,
		Name:       v.Name,
		SearchName: accent.Fold(v.Name),
		TeamID:     v.TeamID,
		Language:   string(v.Language),
		TimeZone:   v.TimeZone,
		Role:       string(v.Role),
		OptedOut:   v.OptedOut,
		OptedOutAt: utcPtr(v.OptedOutAt),
		CreatedAt:  now,
		UpdatedAt:  now,
	}
	err := s.gdb.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if err := tx.Create(&row).Error; err != nil {
			return err
		}
		return tx.Create(&conversationRow{VolunteerID: row.ID, UpdatedAt: now}).Error
	})
	if err != nil {
		return debrief.Volunteer{}, fmt.Errorf("add volunteer %s: %w", phone.Mask(v.Phone), err)
	}
	v.ID, v.CreatedAt = row.ID, now
	return v, nil
}
