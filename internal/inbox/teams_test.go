package inbox

import (
	"context"
	"testing"
	"time"

	"github.com/debrief-sms/debrief"
)

func TestTeamCache(t *testing.T) {
	t.Parallel()
	t0 := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	tests := []struct {
		name      string
		drop      bool
		after     time.Duration
		wantReads int
	}{
		{name: "fresh list served", after: teamsMaxAge / 2, wantReads: 1},
		{name: "old list read again", after: teamsMaxAge, wantReads: 2},
		{name: "clock went back", after: -time.Millisecond, wantReads: 2},
		{name: "dropped after a team was created", drop: true, wantReads: 2},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			var c teamCache
			reads := 0
			read := func(context.Context) ([]debrief.Team, error) {
				reads++
				return []debrief.Team{{ID: int64(reads), Name: "Eastside"}}, nil
			}
			if _, err := c.get(context.Background(), t0, read); err != nil {
				t.Fatal(err)
			}
			if tc.drop {
				c.drop()
			}
			teams, err := c.get(context.Background(), t0.Add(tc.after), read)
			if err != nil {
				t.Fatal(err)
			}
			if reads != tc.wantReads || teams[0].ID != int64(tc.wantReads) {
				t.Errorf("%d reads, teams %+v; want %d reads and the latest list", reads, teams, tc.wantReads)
			}
		})
	}
}
