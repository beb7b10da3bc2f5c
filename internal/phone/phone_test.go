package phone

import (
	"testing"

	"github.com/nyaruka/phonenumbers"
)

func TestNormalize(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, raw, want string
		wantErr         bool
	}{
		{"us dashes", "617-555-0123", "+16175550123", false},
		{"us national", "(617) 253-1000", "+16172531000", false},
		{"e164", "+16172531000", "+16172531000", false},
		{"mexico", "+52 55 1234 5678", "+525512345678", false},
		{"garbage", "call me", "", true},
		{"too short", "12345", "", true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got, err := Normalize(tc.raw, "US")
			if (err != nil) != tc.wantErr || got != tc.want {
				t.Fatalf("Normalize(%q) = %q, %v; want %q, err=%v", tc.raw, got, err, tc.want, tc.wantErr)
			}
		})
	}
}

func TestFind(t *testing.T) {
	t.Parallel()
	tests := []struct{ text, want string }{
		{"Maria Lopez 617 253 1000", "+16172531000"},
		{"Maria (617) 253-1000 maria@x.org", "+16172531000"},
		{"Maria, met at 10am on the 3rd", ""},
		{"Ana +52 55 1234 5678", "+525512345678"},
	}
	for _, tc := range tests {
		got, _, ok := Find(tc.text, "US")
		if got != tc.want || ok != (tc.want != "") {
			t.Errorf("Find(%q) = %q, %v; want %q", tc.text, got, ok, tc.want)
		}
	}
}

func TestMask(t *testing.T) {
	t.Parallel()
	if got := Mask("+16175554567"); got != "+1617***4567" {
		t.Fatalf("Mask = %q", got)
	}
	if got := Mask("+1234"); got != "*****" {
		t.Fatalf("Mask short = %q", got)
	}
}

func FuzzFind(f *testing.F) {
	for _, s := range []string{"Maria 617 253 1000", "+52 55 1234 5678", "((((", "+", "1-2-3-4-5-6-7-8"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		e164, written, ok := Find(s, "US")
		if ok && (e164 == "" || e164[0] != '+' || written == "") {
			t.Fatalf("Find(%q) = %q, %q", s, e164, written)
		}
		_ = Mask(e164)
	})
}

func TestMaskAny(t *testing.T) {
	t.Parallel()
	tests := []struct{ raw, want string }{
		{"6175550199", "********99"},
		{"617-555-0199", "***-***-**99"},
		{"whatsapp:+16175550199", "********:+*********99"},
		{"ACME", "****"},
		{"+1", "+*"},
		{"+1617555\x00\xff1234", "+*******??**34"},
		{"+16175550199+16175550199+16175550199", "+***********+***********…"},
	}
	for _, tc := range tests {
		if got := MaskAny(tc.raw); got != tc.want {
			t.Errorf("MaskAny(%q) = %q, want %q", tc.raw, got, tc.want)
		}
	}
}

// FuzzNormalizeNANP checks that the plain North American path agrees with
// phonenumbers.Parse.
func FuzzNormalizeNANP(f *testing.F) {
	for _, s := range []string{"617-555-0123", "(617) 253-1000", "+1 617 253 1000", "1 617 253 1000", "16172531000",
		"+16172531000", "2125550100", "1175550166", "617 055 0166", "+52 55 1234 5678", "(416) 555-0199", "+1+6172531000"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		fast, ok := nanp(raw)
		if !ok {
			return
		}
		num, err := phonenumbers.Parse(raw, "US")
		if err != nil || !phonenumbers.IsValidNumber(num) {
			t.Fatalf("nanp(%q) = %q; Parse: %v, valid %v", raw, fast, err, err == nil && phonenumbers.IsValidNumber(num))
		}
		if slow := phonenumbers.Format(num, phonenumbers.E164); slow != fast {
			t.Fatalf("nanp(%q) = %q; Parse says %q", raw, fast, slow)
		}
	})
}
