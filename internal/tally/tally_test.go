package tally

import (
	"reflect"
	"strings"
	"testing"
)

func TestKey(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ in, want string }{
		{"Clean air near schools", "clean air near school"},
		{"  clean   AIR near school. ", "clean air near school"},
		{"Aire limpio", "aire limpio"},
		{"AIRE LÍMPIO", "aire limpio"},
		{"emisiones", "emision"},
		{"emisión", "emision"},
		{"cities", "city"},
		{"taxes", "tax"},
		{"bus", "bus"},
		{"grass", "grass"},
		{"gas", "gas"},
		{"phone banking!", "phone banking"},
		{"canvassing / phone banks", "canvassing phone bank"},
		{"...", ""},
		{"", ""},
	} {
		if got := Key(tc.in); got != tc.want {
			t.Errorf("Key(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestTop(t *testing.T) {
	t.Parallel()
	in := []Count{
		{"Clean air", 2}, {"clean air", 3}, {"Clean airs", 1}, {"  clean  air ", 1},
		{"Flooding", 4}, {"floods", 1},
		{"Pipeline", 1}, {"", 7}, {"?", 2},
		{"Aire limpio", 1}, {"aire límpio", 1},
	}
	want := []Count{{"clean air", 7}, {"Flooding", 4}, {"Aire limpio", 2}}
	if got := Top(in, 3); !reflect.DeepEqual(got, want) {
		t.Errorf("Top(3) = %v, want %v", got, want)
	}
	if got := Top(in, 0); len(got) != 5 {
		t.Errorf("Top(0) = %v, want 5 groups", got)
	}
}

func FuzzKey(f *testing.F) {
	for _, s := range []string{"Clean air", "emisiones", "ÁÉÍ ñ", "ies", "sss s"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		k := Key(s)
		if strings.TrimSpace(k) != k || strings.Contains(k, "  ") || strings.ToLower(k) != k {
			t.Errorf("Key(%q) = %q: want lower case, single spaces", s, k)
		}
	})
}
