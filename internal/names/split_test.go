package names

import "testing"

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
