package followup

import (
	"testing"
	"time"
)

// TestForPlan: a plan's reminder, ask and second ask, with and without a
// time, across quiet hours and the end of daylight saving time (Sunday
// 2026-11-01 in New York), and a plan made less than an hour before.
func TestForPlan(t *testing.T) {
	t.Parallel()
	ny, err := time.LoadLocation("America/New_York")
	if err != nil {
		t.Fatal(err)
	}
	r := DefaultRules()
	at := func(mo time.Month, d, h, m int) time.Time { return time.Date(2026, mo, d, h, m, 0, 0, ny) }
	for _, tc := range []struct {
		name    string
		plan    time.Time
		hasTime bool
		now     time.Time
		want    []Planned
	}{
		{"afternoon", at(12, 4, 15, 0), true, at(12, 1, 10, 0), []Planned{
			{PlanReminder, at(12, 4, 14, 0)}, {PlanAsk, at(12, 4, 16, 0)}, {PlanAskAgain, at(12, 5, 16, 0)}}},
		{"evening: the ask waits for the morning, across the change of time", at(10, 31, 19, 30), true, at(10, 30, 10, 0), []Planned{
			{PlanReminder, at(10, 31, 18, 30)}, {PlanAsk, at(11, 1, 9, 0)}, {PlanAskAgain, at(11, 2, 9, 0)}}},
		{"early: no reminder in quiet hours", at(12, 4, 8, 0), true, at(12, 1, 10, 0), []Planned{
			{PlanAsk, at(12, 4, 9, 0)}, {PlanAskAgain, at(12, 5, 9, 0)}}},
		{"a day without a time", at(12, 4, 0, 0), false, at(12, 1, 10, 0), []Planned{
			{PlanReminder, at(12, 4, 9, 0)}, {PlanAsk, at(12, 4, 18, 0)}, {PlanAskAgain, at(12, 5, 18, 0)}}},
		{"planned half an hour before", at(12, 1, 10, 30), true, at(12, 1, 10, 0), []Planned{
			{PlanAsk, at(12, 1, 11, 30)}, {PlanAskAgain, at(12, 2, 11, 30)}}},
		{"today without a time, planned in the evening", at(12, 1, 0, 0), false, at(12, 1, 19, 0), []Planned{
			{PlanAsk, at(12, 2, 9, 0)}, {PlanAskAgain, at(12, 3, 9, 0)}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := r.ForPlan(tc.plan, tc.hasTime, tc.now, ny)
			if len(got) != len(tc.want) {
				t.Fatalf("got %v, want %v", got, tc.want)
			}
			for i := range got {
				if got[i].Kind != tc.want[i].Kind || !got[i].DueAt.Equal(tc.want[i].DueAt) {
					t.Fatalf("%d: got %s %s, want %s %s", i, got[i].Kind, got[i].DueAt.In(ny), tc.want[i].Kind, tc.want[i].DueAt)
				}
			}
		})
	}
}
