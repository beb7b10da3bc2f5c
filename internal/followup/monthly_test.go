package followup

import (
	"testing"
	"time"
)

func TestMonthlyDue(t *testing.T) {
	t.Parallel()
	ny, _ := time.LoadLocation("America/New_York")
	la, _ := time.LoadLocation("America/Los_Angeles")
	tokyo, _ := time.LoadLocation("Asia/Tokyo")
	r := DefaultRules()
	nov := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	dec := time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		name        string
		now         time.Time
		loc, months *time.Location
		due, month  time.Time
	}{
		{"in November", time.Date(2026, 11, 24, 12, 0, 0, 0, ny), ny, ny, time.Date(2026, 12, 1, 9, 0, 0, 0, ny), nov},
		{"the 1st before 9", time.Date(2026, 12, 1, 8, 0, 0, 0, ny), ny, ny, time.Date(2026, 12, 1, 9, 0, 0, 0, ny), nov},
		{"the 1st after 9", time.Date(2026, 12, 1, 9, 30, 0, 0, ny), ny, ny, time.Date(2027, 1, 1, 9, 0, 0, 0, ny), dec},
		{"west of the report's zone", time.Date(2026, 11, 24, 12, 0, 0, 0, la), la, ny, time.Date(2026, 12, 1, 9, 0, 0, 0, la), nov},
		// 9:00 in Tokyo on Dec 1 is Nov 30, 19:00 in New York: the month
		// is not over; midnight in New York is 14:00 in Tokyo.
		{"far east of it", time.Date(2026, 11, 24, 12, 0, 0, 0, tokyo), tokyo, ny, time.Date(2026, 12, 1, 14, 0, 0, 0, tokyo), nov},
		{"a new year", time.Date(2026, 12, 15, 12, 0, 0, 0, ny), ny, ny, time.Date(2027, 1, 1, 9, 0, 0, 0, ny), dec},
	} {
		due, month := r.MonthlyDue(tc.now, tc.loc, tc.months)
		if !due.Equal(tc.due) || !month.Equal(tc.month) {
			t.Errorf("%s: due %v about %v, want %v about %v", tc.name, due, month, tc.due, tc.month)
		}
	}
	// Quiet hours until 10:00 move it.
	q, _ := ParseQuietHours("20:00-10:00")
	r.Quiet = q
	if due, _ := r.MonthlyDue(time.Date(2026, 11, 24, 12, 0, 0, 0, ny), ny, ny); !due.Equal(time.Date(2026, 12, 1, 10, 0, 0, 0, ny)) {
		t.Errorf("quiet until 10: due %v", due)
	}
}
