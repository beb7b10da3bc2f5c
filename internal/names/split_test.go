package names

import (
	"slices"
	"strings"
	"testing"
)

func TestSplit(t *testing.T) {
	t.Parallel()
	cases := []struct{ name, first, last string }{
		{"Sam Park", "Sam", "Park"},
		{"Ana García López", "Ana", "García López"},
		{"Ana de la Cruz", "Ana", "de la Cruz"},
		{"María José de la Cruz", "María José", "de la Cruz"},
		{"Pieter van der Berg", "Pieter", "van der Berg"},
		{"Cher", "Cher", ""},
		{"  José   Ñúñez  ", "José", "Ñúñez"},
		{"Dr. Martin Luther King", "Martin", "Luther King"},
		{"Sra. López", "", "López"},
		{"Dr", "Dr", ""},
		{"Ana De", "Ana", "De"},
		{"", "", ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			first, last := Split(tc.name)
			if first != tc.first || last != tc.last {
				t.Errorf("Split(%q) = %q, %q; want %q, %q", tc.name, first, last, tc.first, tc.last)
			}
		})
	}
}

// FuzzSplit checks that Split loses no word but titles and invents none:
// first and last, joined, are the name's words from some point on.
func FuzzSplit(f *testing.F) {
	for _, s := range []string{"Sam Park", "María José de la Cruz", "Sra. López", "Cher", " a  b ", "Dr. Dr. X"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, name string) {
		first, last := Split(name)
		got := strings.Fields(strings.TrimSpace(first + " " + last))
		words := strings.Fields(name)
		if len(got) > len(words) || !slices.Equal(got, words[len(words)-len(got):]) {
			t.Fatalf("Split(%q) = %q, %q: not the name's last %d words", name, first, last, len(got))
		}
		if len(words) > 0 && len(got) == 0 {
			t.Fatalf("Split(%q) lost every word", name)
		}
	})
}
