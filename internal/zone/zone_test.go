package zone

import (
	"testing"
	"time"
)

func TestGuess(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name             string
		state, zip, e164 string
		want             string
		ok               bool
	}{
		{"Massachusetts", "MA", "02139", "+16175550101", "America/New_York", true},
		{"California", "CA", "94110", "+14155550101", "America/Los_Angeles", true},
		{"Texas, most of it Central", "TX", "78701", "+15125550101", "America/Chicago", true},
		{"Texas wins over an El Paso number", "TX", "79901", "+19155550101", "America/Chicago", true},
		{"Arizona keeps no DST", "AZ", "85001", "+16025550101", "America/Phoenix", true},
		{"Hawaii", "HI", "96813", "+18085550101", "Pacific/Honolulu", true},
		{"Ontario", "ON", "", "+14165550101", "America/Toronto", true},
		{"Saskatchewan", "SK", "", "+13065550101", "America/Regina", true},
		{"state in lower case, padded", " ma ", "", "+16175550101", "America/New_York", true},
		{"state without a number", "WA", "", "", "America/Los_Angeles", true},
		{"617 number without state", "", "", "+16175550101", "America/New_York", true},
		{"unknown state falls back to the number", "ZZ", "", "+13125550101", "America/Chicago", true},
		{"Mexico City number", "", "", "+525512345678", "America/Mexico_City", true},
		{"Mexican state code is not a Canadian province", "BC", "", "+526641234567", "America/Tijuana", true},
		{"toll-free says nothing of where", "", "", "+18005550101", "", false},
		{"garbage", "", "", "not a number", "", false},
		{"empty", "", "", "", "", false},
		{"unknown country code", "", "", "+99912345678", "", false},
		{"invalid number", "", "", "+1617", "", false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got, ok := Guess(tc.state, tc.zip, tc.e164)
			if got != tc.want || ok != tc.ok {
				t.Fatalf("Guess(%q, %q, %q) = %q, %v; want %q, %v", tc.state, tc.zip, tc.e164, got, ok, tc.want, tc.ok)
			}
		})
	}
}

// TestStatesLoad checks every zone of the state table is a zone Go knows.
func TestStatesLoad(t *testing.T) {
	t.Parallel()
	if len(byState) != 51+5+13 {
		t.Errorf("%d states, provinces and territories, want 69", len(byState))
	}
	for code, name := range byState {
		if _, err := time.LoadLocation(name); err != nil {
			t.Errorf("%s: %v", code, err)
		}
	}
}

func FuzzGuess(f *testing.F) {
	for _, seed := range [][3]string{
		{"MA", "02139", "+16175550101"}, {"", "", "+525512345678"}, {"BC", "", "+526641234567"},
		{"", "", "+18005550101"}, {"", "", "garbage"}, {"", "", "+"}, {"\x00", "", "+1\xff"},
	} {
		f.Add(seed[0], seed[1], seed[2])
	}
	f.Fuzz(func(t *testing.T, state, zip, e164 string) {
		name, ok := Guess(state, zip, e164)
		if ok != (name != "") {
			t.Fatalf("Guess = %q, %v: a name exactly when ok", name, ok)
		}
		if !ok {
			return
		}
		if _, err := time.LoadLocation(name); err != nil {
			t.Fatalf("Guess(%q, %q, %q) = %q, which does not load: %v", state, zip, e164, name, err)
		}
		if again, _ := Guess(state, zip, e164); again != name {
			t.Fatalf("Guess is not deterministic: %q then %q", name, again)
		}
	})
}
