package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/debrief-sms/debrief/internal/store"
	"github.com/debrief-sms/debrief/internal/store/storetest"
)

func TestFollowupBacklog(t *testing.T) {
	t.Parallel()
	now := received
	storetest.Each(t, func(t *testing.T, b storetest.Backend) {
		s := b.Open(t)
		ctx := context.Background()
		if got, err := s.FollowupBacklog(ctx, now); err != nil || got != (store.Backlog{}) {
			t.Fatalf("empty: FollowupBacklog = %+v, %v; want nothing due", got, err)
		}
		var vid int64
		if err := s.SQL().QueryRowContext(ctx, `INSERT INTO volunteers (phone, language, time_zone, created_at, updated_at)
				VALUES ('+16175551234', 'en', 'America/New_York', $1, $1) RETURNING id`, now).Scan(&vid); err != nil {
			t.Fatal(err)
		}
		for _, f := range []struct {
			status string
			due    time.Time
		}{
			{"pending", now.Add(-90 * time.Minute)}, // the oldest due
			{"pending", now.Add(-time.Minute)},
			{"pending", now},                  // due at now counts
			{"pending", now.Add(time.Second)}, // not due yet
			{"sending", now.Add(-3 * time.Hour)},
			{"sent", now.Add(-4 * time.Hour)},
			{"failed", now.Add(-5 * time.Hour)},
		} {
			if _, err := s.SQL().ExecContext(ctx, `INSERT INTO followups (volunteer_id, kind, due_at, status, created_at, updated_at)
					VALUES ($1, 'digest', $2, $3, $4, $4)`, vid, f.due, f.status, now); err != nil {
				t.Fatal(err)
			}
		}
		got, err := s.FollowupBacklog(ctx, now)
		if err != nil {
			t.Fatal(err)
		}
		if want := (store.Backlog{Due: 3, Oldest: now.Add(-90 * time.Minute)}); got.Due != want.Due || !got.Oldest.Equal(want.Oldest) {
			t.Errorf("FollowupBacklog = %+v, want %+v", got, want)
		}
		if lag := got.Lag(now); lag != 90*time.Minute {
			t.Errorf("Lag = %v, want 1h30m", lag)
		}
	})
}

func TestBacklogLag(t *testing.T) {
	t.Parallel()
	now := received
	for _, tc := range []struct {
		name string
		b    store.Backlog
		want time.Duration
	}{
		{"nothing due", store.Backlog{}, 0},
		{"due a minute ago", store.Backlog{Due: 1, Oldest: now.Add(-time.Minute)}, time.Minute},
		{"a clock behind the database's", store.Backlog{Due: 1, Oldest: now.Add(time.Minute)}, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := tc.b.Lag(now); got != tc.want {
				t.Errorf("Lag = %v, want %v", got, tc.want)
			}
		})
	}
}
