package store_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/debrief-sms/debrief"
	"github.com/debrief-sms/debrief/internal/store"
	"github.com/debrief-sms/debrief/internal/store/storetest"
)

// BenchmarkTeamPlans measures the plans page's queries for one team of 40
// volunteers among 20 such teams, each volunteer with 8 plans a month for
// a year (76,800 plans), half reported, every plan asked about twice.
func BenchmarkTeamPlans(b *testing.B) {
	for _, be := range storetest.Backends(b) {
		b.Run(be.Name, func(b *testing.B) {
			s := be.Open(b)
			team := seedPlansAtScale(b, s, 20, 40, 8)
			ctx := context.Background()
			from := time.Date(2026, 11, 1, 0, 0, 0, 0, eastern)
			f := store.FollowThroughFilter{TeamIDs: []int64{team}, Year: 2026, Month: time.November, Location: eastern}
			b.Run("list", func(b *testing.B) {
				b.ReportAllocs()
				for b.Loop() {
					if _, err := s.TeamPlans(ctx, store.TeamPlansQuery{Teams: []int64{team}, From: from, To: from.AddDate(0, 1, 0), Limit: 51}); err != nil {
						b.Fatal(err)
					}
				}
			})
			b.Run("list-unreported", func(b *testing.B) {
				b.ReportAllocs()
				for b.Loop() {
					if _, err := s.TeamPlans(ctx, store.TeamPlansQuery{Teams: []int64{team}, From: from, To: from.AddDate(0, 1, 0),
						State: store.PlanUnreported, Limit: 51}); err != nil {
						b.Fatal(err)
					}
				}
			})
			b.Run("figures", func(b *testing.B) {
				b.ReportAllocs()
				for b.Loop() {
					if _, err := s.FollowThroughs(ctx, f); err != nil {
						b.Fatal(err)
					}
					if _, err := s.VolunteerFollowThroughs(ctx, f); err != nil {
						b.Fatal(err)
					}
				}
			})
		})
	}
}

// seedPlansAtScale adds teams×volunteers volunteers with perMonth plans a
// month through 2026, and returns the first team's ID.
func seedPlansAtScale(b *testing.B, s *store.Store, teams, volunteers, perMonth int) int64 {
	b.Helper()
	ctx := context.Background()
	var first int64
	var vols []debrief.Volunteer
	for t := range teams {
		for v := range volunteers {
			vol, err := s.AddVolunteer(ctx, debrief.Volunteer{Phone: fmt.Sprintf("+1617%03d%04d", 200+t, v), Name: fmt.Sprintf("V%d-%d", t, v),
				TeamName: fmt.Sprintf("Team %02d", t)})
			if err != nil {
				b.Fatal(err)
			}
			if first == 0 {
				first = *vol.TeamID
			}
			vols = append(vols, vol)
		}
	}
	tx, err := s.SQL().BeginTx(ctx, nil)
	if err != nil {
		b.Fatal(err)
	}
	defer tx.Rollback()
	{
		for _, vol := range vols {
			seq := 0
			for m := time.January; m <= time.December; m++ {
				for p := range perMonth {
					seq++
					at := time.Date(2026, m, 1+3*p, 15, 0, 0, 0, eastern).UTC()
					status, report := "planned", any(nil)
					if p%2 == 0 {
						var id int64
						if err := tx.QueryRowContext(ctx, `INSERT INTO reports (volunteer_id, seq, person_name, status, started_at, updated_at, completed_at)
							VALUES ($1, $2, $3, 'complete', $4, $4, $4) RETURNING id`, vol.ID, seq, fmt.Sprint("P", seq), at.Add(2*time.Hour)).Scan(&id); err != nil {
							b.Fatal(err)
						}
						status, report = "reported", id
					}
					var id int64
					if err := tx.QueryRowContext(ctx, `INSERT INTO plans (volunteer_id, seq, person_name, person_key, planned_at, has_time, status,
						report_id, created_at, updated_at) VALUES ($1, $2, $3, $3, $4, TRUE, $5, $6, $4, $4) RETURNING id`,
						vol.ID, seq, fmt.Sprint("P", seq), at, status, report).Scan(&id); err != nil {
						b.Fatal(err)
					}
					for i, kind := range []string{"plan_ask", "plan_ask_again"} {
						if _, err := tx.ExecContext(ctx, `INSERT INTO followups (plan_id, volunteer_id, kind, due_at, status, sent_at, created_at, updated_at)
							VALUES ($1, $2, $3, $4, 'sent', $4, $4, $4)`, id, vol.ID, kind, at.Add(time.Duration(i+1)*time.Hour)); err != nil {
							b.Fatal(err)
						}
					}
				}
			}
		}
	}
	if err := tx.Commit(); err != nil {
		b.Fatal(err)
	}
	if _, err := s.SQL().ExecContext(ctx, `ANALYZE`); err != nil {
		b.Fatal(err)
	}
	return first
}
