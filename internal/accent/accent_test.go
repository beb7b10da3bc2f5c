package accent

import "testing"

func TestPlain(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		r    rune
		want byte
		ok   bool
	}{
		{'á', 'a', true}, {'Á', 'a', true}, {'è', 'e', true}, {'Í', 'i', true}, {'õ', 'o', true},
		{'Ü', 'u', true}, {'ñ', 'n', true}, {'Ñ', 'n', true}, {'ç', 'c', true},
		{'a', 0, false}, {'Z', 0, false}, {'ß', 0, false}, {'’', 0, false}, {'😀', 0, false},
	} {
		if got, ok := Plain(tc.r); got != tc.want || ok != tc.ok {
			t.Errorf("Plain(%q) = %q %v, want %q %v", tc.r, got, ok, tc.want, tc.ok)
		}
	}
}

func TestFold(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ in, want string }{
		{"José", "jose"}, {"JOSE", "jose"}, {"MARÍA", "maria"}, {"Núñez", "nunez"}, {"Ñandú", "nandu"},
		{"pingüino", "pinguino"}, {"FRANÇOIS", "francois"}, {"100% o'brien_x", "100% o'brien_x"},
		{"Straße", "straße"}, {"ΑΘΗΝΑ", "αθηνα"}, {"", ""}, {"a\nB", "a\nb"},
	} {
		if got := Fold(tc.in); got != tc.want {
			t.Errorf("Fold(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}
