package store_test

import (
	"context"
	"errors"
	"testing"

	"github.com/debrief-sms/debrief"
	"github.com/debrief-sms/debrief/internal/store"
	"github.com/debrief-sms/debrief/internal/store/storetest"
)

func TestVolunteer(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, b storetest.Backend) {
		s := b.Open(t)
		ctx := context.Background()
		added, err := s.AddVolunteer(ctx, debrief.Volunteer{Phone: "+16175550101", Name: "Olga", Role: debrief.RoleOrganizer,
			TeamName: "Eastside", Language: debrief.Spanish, TimeZone: "America/Chicago"})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.AddVolunteer(ctx, debrief.Volunteer{Phone: "+16175550102"}); err != nil {
			t.Fatal(err)
		}

		got, err := s.Volunteer(ctx, "+16175550101")
		if err != nil {
			t.Fatal(err)
		}
		if got.ID != added.ID || got.Name != "Olga" || got.Role != debrief.RoleOrganizer || got.Language != debrief.Spanish ||
			got.TimeZone != "America/Chicago" || got.TeamID == nil || *got.TeamID != *added.TeamID || got.TeamName != "Eastside" {
			t.Errorf("Volunteer = %+v, want %+v", got, added)
		}

		teamless, err := s.Volunteer(ctx, "+16175550102")
		if err != nil {
			t.Fatal(err)
		}
		if teamless.TeamID != nil || teamless.TeamName != "" || teamless.Role != debrief.RoleVolunteer {
			t.Errorf("volunteer without a team: %+v", teamless)
		}

		if _, err := s.Volunteer(ctx, "+16175550199"); !errors.Is(err, store.ErrNoVolunteer) {
			t.Errorf("unknown phone: %v, want ErrNoVolunteer", err)
		}
	})
}
