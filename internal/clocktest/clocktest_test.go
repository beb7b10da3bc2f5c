package clocktest

import (
	"testing"
	"time"
)

func TestMoved(t *testing.T) {
	t.Parallel()
	tue := time.Date(2026, 11, 24, 12, 0, 0, 0, NewYork)
	for _, tc := range []struct {
		name, day string
		want      time.Time
	}{
		{"unset", "", tue},
		{"a Monday", "2027-01-04", time.Date(2027, 1, 5, 12, 0, 0, 0, NewYork)},
		{"the DST Sunday", "2027-03-14", time.Date(2027, 3, 16, 12, 0, 0, 0, NewYork)},
		{"the same weekday", "2027-03-16", time.Date(2027, 3, 16, 12, 0, 0, 0, NewYork)},
		{"new year's eve", "2027-12-31", time.Date(2028, 1, 4, 12, 0, 0, 0, NewYork)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := Moved(tue, tc.day)
			if err != nil {
				t.Fatal(err)
			}
			if !got.Equal(tc.want) || got.Weekday() != time.Tuesday || got.Hour() != 12 {
				t.Fatalf("Moved(%s) = %s, want %s", tc.day, got, tc.want)
			}
		})
	}
	if _, err := Moved(tue, "next week"); err == nil {
		t.Fatal("a malformed day was accepted")
	}
}
