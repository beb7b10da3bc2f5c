package followup

import (
	"testing"
	"time"

	"github.com/debrief-sms/debrief"
)

func mustLoc(t *testing.T, name string) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(name)
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

func TestQuietHoursNext(t *testing.T) {
	t.Parallel()
	ny := mustLoc(t, "America/New_York")
	la := mustLoc(t, "America/Los_Angeles")
	night, _ := ParseQuietHours("20:00-09:00")
	day, _ := ParseQuietHours("12:00-13:00")
	tests := []struct {
		name string
		q    QuietHours
		loc  *time.Location
		at   time.Time
		want time.Time
	}{
		{"afternoon passes", night, ny, time.Date(2026, 11, 24, 15, 0, 0, 0, ny), time.Date(2026, 11, 24, 15, 0, 0, 0, ny)},
		{"evening waits for morning", night, ny, time.Date(2026, 11, 24, 21, 30, 0, 0, ny), time.Date(2026, 11, 25, 9, 0, 0, 0, ny)},
		{"start is quiet", night, ny, time.Date(2026, 11, 24, 20, 0, 0, 0, ny), time.Date(2026, 11, 25, 9, 0, 0, 0, ny)},
		{"early morning waits", night, ny, time.Date(2026, 11, 24, 6, 10, 0, 0, ny), time.Date(2026, 11, 24, 9, 0, 0, 0, ny)},
		{"end is not quiet", night, ny, time.Date(2026, 11, 24, 9, 0, 0, 0, ny), time.Date(2026, 11, 24, 9, 0, 0, 0, ny)},
		{"recipient's zone, not the server's", night, la, time.Date(2026, 11, 24, 22, 0, 0, 0, time.UTC), time.Date(2026, 11, 24, 14, 0, 0, 0, la)},
		{"late in LA is early in NY", night, la, time.Date(2026, 11, 24, 20, 30, 0, 0, la), time.Date(2026, 11, 25, 9, 0, 0, 0, la)},
		{"window not wrapping midnight", day, ny, time.Date(2026, 11, 24, 12, 30, 0, 0, ny), time.Date(2026, 11, 24, 13, 0, 0, 0, ny)},
		{"off", QuietHours{}, ny, time.Date(2026, 11, 24, 23, 0, 0, 0, ny), time.Date(2026, 11, 24, 23, 0, 0, 0, ny)},
		// Night of the spring-forward change (2027-03-14, 2:00 -> 3:00 in New York).
		{"spring forward night", night, ny, time.Date(2027, 3, 13, 23, 0, 0, 0, ny), time.Date(2027, 3, 14, 9, 0, 0, 0, ny)},
		// Night of the fall-back change (2026-11-01, 2:00 -> 1:00).
		{"fall back night", night, ny, time.Date(2026, 10, 31, 22, 0, 0, 0, ny), time.Date(2026, 11, 1, 9, 0, 0, 0, ny)},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			if got := tc.q.Next(tc.at, tc.loc); !got.Equal(tc.want) {
				t.Fatalf("Next(%s) = %s, want %s", tc.at, got.In(tc.loc), tc.want)
			}
		})
	}
}

func TestParseQuietHours(t *testing.T) {
	t.Parallel()
	for _, bad := range []string{"20:00", "8pm-9am", "20:00-20:00", "25:00-09:00"} {
		if _, err := ParseQuietHours(bad); err == nil {
			t.Errorf("ParseQuietHours(%q) accepted", bad)
		}
	}
	q, err := ParseQuietHours(" 20:00-09:00 ")
	if err != nil || q.String() != "20:00-09:00" {
		t.Fatalf("got %q, %v", q, err)
	}
	if q, err := ParseQuietHours(""); err != nil || q.Contains(time.Date(2026, 11, 24, 3, 0, 0, 0, time.UTC), time.UTC) {
		t.Fatalf("empty quiet hours should be off: %v %v", q, err)
	}
}

func TestForReport(t *testing.T) {
	t.Parallel()
	ny := mustLoc(t, "America/New_York")
	chicago := mustLoc(t, "America/Chicago")
	rules := DefaultRules()
	no, yes := false, true
	date := func(y int, m time.Month, d, h, min int, loc *time.Location) *time.Time {
		t := time.Date(y, m, d, h, min, 0, 0, loc)
		return &t
	}
	tests := []struct {
		name      string
		rep       debrief.Report
		completed time.Time
		loc       *time.Location
		want      []Planned
	}{
		{
			name:      "not thanked, date agreed",
			rep:       debrief.Report{Thanked: &no, NextContactAt: date(2026, 12, 1, 0, 0, ny)},
			completed: time.Date(2026, 11, 24, 14, 0, 0, 0, ny),
			loc:       ny,
			want: []Planned{
				{Thanks, time.Date(2026, 11, 24, 16, 0, 0, 0, ny)},
				{NextStep, time.Date(2026, 12, 1, 9, 0, 0, 0, ny)},
			},
		},
		{
			name:      "thanked already, time given",
			rep:       debrief.Report{Thanked: &yes, NextContactAt: date(2026, 11, 25, 17, 0, ny), NextContactHasTime: true},
			completed: time.Date(2026, 11, 24, 14, 0, 0, 0, ny),
			loc:       ny,
			want:      []Planned{{NextStep, time.Date(2026, 11, 25, 17, 0, 0, 0, ny)}},
		},
		{
			name:      "thank-you due at night waits for the morning",
			rep:       debrief.Report{Thanked: &no, NextContactAt: date(2026, 12, 1, 0, 0, chicago)},
			completed: time.Date(2026, 11, 24, 19, 0, 0, 0, chicago),
			loc:       chicago,
			want: []Planned{
				{Thanks, time.Date(2026, 11, 25, 9, 0, 0, 0, chicago)},
				{NextStep, time.Date(2026, 12, 1, 9, 0, 0, 0, chicago)},
			},
		},
		{
			name:      "no date: a week later, outside quiet hours",
			rep:       debrief.Report{Thanked: &yes},
			completed: time.Date(2026, 11, 24, 22, 0, 0, 0, ny),
			loc:       ny,
			want:      []Planned{{NextStep, time.Date(2026, 12, 2, 9, 0, 0, 0, ny)}},
		},
		{
			name:      "time given inside quiet hours waits",
			rep:       debrief.Report{Thanked: &yes, NextContactAt: date(2026, 11, 25, 21, 0, ny), NextContactHasTime: true},
			completed: time.Date(2026, 11, 24, 14, 0, 0, 0, ny),
			loc:       ny,
			want:      []Planned{{NextStep, time.Date(2026, 11, 26, 9, 0, 0, 0, ny)}},
		},
		{
			name:      "date across spring forward keeps 9:00 local",
			rep:       debrief.Report{Thanked: &yes, NextContactAt: date(2027, 3, 15, 0, 0, ny)},
			completed: time.Date(2027, 3, 12, 10, 0, 0, 0, ny),
			loc:       ny,
			want:      []Planned{{NextStep, time.Date(2027, 3, 15, 9, 0, 0, 0, ny)}},
		},
		{
			name:      "agreed day already past reminds now",
			rep:       debrief.Report{Thanked: &yes, NextContactAt: date(2026, 11, 24, 0, 0, ny)},
			completed: time.Date(2026, 11, 24, 15, 0, 0, 0, ny),
			loc:       ny,
			want:      []Planned{{NextStep, time.Date(2026, 11, 24, 15, 0, 0, 0, ny)}},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got := rules.ForReport(tc.rep, tc.completed, tc.loc)
			if len(got) != len(tc.want) {
				t.Fatalf("got %v, want %v", got, tc.want)
			}
			for i := range got {
				if got[i].Kind != tc.want[i].Kind || !got[i].DueAt.Equal(tc.want[i].DueAt) {
					t.Errorf("[%d] got %s at %s, want %s at %s", i, got[i].Kind, got[i].DueAt.In(tc.loc), tc.want[i].Kind, tc.want[i].DueAt)
				}
			}
		})
	}
}

func TestLaterAndNudge(t *testing.T) {
	t.Parallel()
	ny := mustLoc(t, "America/New_York")
	r := DefaultRules()
	now := time.Date(2026, 11, 24, 10, 15, 0, 0, ny)
	if got, want := r.Later(now, ny), time.Date(2026, 11, 25, 10, 15, 0, 0, ny); !got.Equal(want) {
		t.Errorf("Later = %s, want %s", got, want)
	}
	late := time.Date(2026, 11, 24, 19, 30, 0, 0, ny)
	if got, want := r.NudgeDue(late, ny), time.Date(2026, 11, 27, 19, 30, 0, 0, ny); !got.Equal(want) {
		t.Errorf("NudgeDue = %s, want %s", got, want)
	}
	night := time.Date(2026, 11, 24, 21, 0, 0, 0, ny)
	if got, want := r.NudgeDue(night, ny), time.Date(2026, 11, 28, 9, 0, 0, 0, ny); !got.Equal(want) {
		t.Errorf("NudgeDue at night = %s, want %s", got, want)
	}
}
