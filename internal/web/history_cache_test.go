package web

import (
	"context"
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/debrief-sms/debrief/internal/store"
)

// TestHistoryCache: closed months come from the cache for its ttl, the
// open month is read every time, scopes never share months, and an error
// keeps nothing.
func TestHistoryCache(t *testing.T) {
	t.Parallel()
	month := func(m time.Month) time.Time { return time.Date(2026, m, 1, 0, 0, 0, 0, time.UTC) }
	bounds := []time.Time{month(9), month(10), month(11), month(12)} // Sep, Oct, Nov (open)
	now := time.Date(2026, 11, 20, 12, 0, 0, 0, time.UTC)
	var reads [][]time.Time
	fail := false
	hc := &historyCache{ttl: 5 * time.Minute, read: func(_ context.Context, q store.MonthlyQuery, b []time.Time) ([]store.MonthlyPoint, error) {
		if fail {
			return nil, errors.New("database down")
		}
		reads = append(reads, b)
		out := make([]store.MonthlyPoint, len(b)-1)
		for i := range out {
			out[i] = store.MonthlyPoint{From: b[i], Reports: len(reads)*100 + int(b[i].Month()) + int(q.TeamID)*1000}
		}
		return out, nil
	}}
	get := func(q store.MonthlyQuery, at time.Time) []int {
		t.Helper()
		pts, err := hc.history(context.Background(), q, bounds, at)
		if err != nil {
			t.Fatal(err)
		}
		var n []int
		for i, p := range pts {
			if !p.From.Equal(bounds[i]) {
				t.Fatalf("month %d from %v, want %v", i, p.From, bounds[i])
			}
			n = append(n, p.Reports)
		}
		return n
	}
	all := store.MonthlyQuery{AllTeams: true}
	for _, tc := range []struct {
		name      string
		q         store.MonthlyQuery
		at        time.Time
		want      []int
		wantReads int // months read by this view
	}{
		{"first view reads all", all, now, []int{109, 110, 111}, 3},
		{"second view reads the open month", all, now.Add(time.Minute), []int{109, 110, 211}, 1},
		{"another scope reads all", store.MonthlyQuery{Teams: []int64{2, 1}, TeamID: 1}, now.Add(time.Minute), []int{1309, 1310, 1311}, 3},
		{"its teams in another order share it", store.MonthlyQuery{Teams: []int64{1, 2}, TeamID: 1}, now.Add(2 * time.Minute), []int{1309, 1310, 1411}, 1},
		{"the ttl over, all again", all, now.Add(5 * time.Minute), []int{509, 510, 511}, 3},
	} {
		before := len(reads)
		got := get(tc.q, tc.at)
		read := 0
		for _, b := range reads[before:] {
			read += len(b) - 1
		}
		if !slices.Equal(got, tc.want) || read != tc.wantReads {
			t.Errorf("%s: %v reading %d months, want %v reading %d", tc.name, got, read, tc.want, tc.wantReads)
		}
	}
	fail = true
	if _, err := hc.history(context.Background(), all, bounds, now.Add(time.Hour)); err == nil {
		t.Error("read failed: no error")
	}
	fail = false
	if got := get(all, now.Add(time.Hour)); len(reads[len(reads)-1]) != len(bounds) {
		t.Errorf("after a failed read: %v read %d bounds, want all %d", got, len(reads[len(reads)-1]), len(bounds))
	}

	off := &historyCache{read: hc.read}
	before := len(reads)
	for range 2 {
		if _, err := off.history(context.Background(), all, bounds, now); err != nil {
			t.Fatal(err)
		}
	}
	if len(reads)-before != 2 {
		t.Errorf("ttl 0: %d reads for 2 views, want 2", len(reads)-before)
	}
}
