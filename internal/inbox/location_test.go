package inbox

import (
	"testing"
	"time"
)

func TestLocation(t *testing.T) {
	t.Parallel()
	def, err := time.LoadLocation("America/Chicago")
	if err != nil {
		t.Fatal(err)
	}
	ib := New(nil, Options{DefaultLocation: def})
	tests := []struct{ name, zone, want string }{
		{"volunteer's zone", "America/Los_Angeles", "America/Los_Angeles"},
		{"cached", "America/Los_Angeles", "America/Los_Angeles"},
		{"none", "", "America/Chicago"},
		{"unknown", "Mars/Olympus_Mons", "America/Chicago"},
	}
	for _, tc := range tests {
		if got := ib.location(tc.zone).String(); got != tc.want {
			t.Errorf("%s: location(%q) = %s, want %s", tc.name, tc.zone, got, tc.want)
		}
	}
}
