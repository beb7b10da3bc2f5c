package names

import (
	"bufio"
	"os"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"
)

// corpus reads a testdata table: tab-separated columns, # for comments.
// Missing trailing columns are empty.
func corpus(t testing.TB, file string, columns int) map[int][]string {
	t.Helper()
	f, err := os.Open("testdata/" + file)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows := map[int][]string{}
	s := bufio.NewScanner(f)
	for n := 1; s.Scan(); n++ {
		line := s.Text()
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		cols := strings.Split(line, "\t")
		if len(cols) > columns {
			t.Fatalf("%s:%d: %d columns, want at most %d", file, n, len(cols), columns)
		}
		for len(cols) < columns {
			cols = append(cols, "")
		}
		rows[n] = cols
	}
	if err := s.Err(); err != nil {
		t.Fatal(err)
	}
	return rows
}

func TestMetCorpus(t *testing.T) {
	t.Parallel()
	for n, c := range corpus(t, "met.tsv", 4) {
		t.Run("line"+strconv.Itoa(n), func(t *testing.T) {
			t.Parallel()
			got := Met(c[0])
			want := Person{Name: c[1], Phone: c[2], Email: c[3], Unsure: got.Unsure}
			if got != want {
				t.Errorf("met.tsv:%d: Met(%q) = %+v; want %+v", n, c[0], got, want)
			}
		})
	}
}

func TestSelfCorpus(t *testing.T) {
	t.Parallel()
	for n, c := range corpus(t, "self.tsv", 3) {
		t.Run("line"+strconv.Itoa(n), func(t *testing.T) {
			t.Parallel()
			name, team := Self(c[0])
			if name != c[1] || team != c[2] {
				t.Errorf("self.tsv:%d: Self(%q) = %q, %q; want %q, %q", n, c[0], name, team, c[1], c[2])
			}
		})
	}
}

func TestMetUnsure(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, text string
		unsure     bool
	}{
		{"plain name", "Maria Lopez", false},
		{"lower case name", "maria lopez", false},
		{"lead-in", "I met with Maria Lopez", false},
		{"spanish lead-in", "me reuní con María", false},
		{"relation and name", "my neighbor Sam Park", false},
		{"tail after comma", "Linda, her cell is 617 555 0166", false},
		{"place", "Mike from the PTA", false},
		{"relation only", "my neighbor", true},
		{"spanish relation only", "mi vecina", true},
		{"two people", "Sarah and Jose", true},
		{"long", "Maria Teresa Lopez Garcia Hernandez", true},
		{"words after the name", "Maria great talk", true},
		{"name after other words", "Super productive coffee with Ana", true},
		{"sentence after a name", "Maria organizes with us", true},
		{"relation named later", "hablé con mi vecina. Se llama Carmen", false},
		{"relation described", "met with the woman who runs the daycare", true},
		{"clause before the lead-in", "Great news! met with Shawna", true},
		{"greeting before the lead-in", "Hey Debrief! I met with Shawna", false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			if got := Met(tc.text); got.Unsure != tc.unsure {
				t.Errorf("Met(%q) = %+v; want Unsure %v", tc.text, got, tc.unsure)
			}
		})
	}
}

func TestMetLength(t *testing.T) {
	t.Parallel()
	long := strings.Repeat("Bartholomew ", 20)
	p := Met(long)
	if n := utf8.RuneCountInString(p.Name); n > MaxName || n == 0 {
		t.Fatalf("Met(long) name has %d characters", n)
	}
	if strings.HasSuffix(p.Name, " ") || strings.HasSuffix(p.Name, "Barth") {
		t.Fatalf("Met(long) cut inside a word: %q", p.Name)
	}
	if !p.Unsure {
		t.Fatalf("Met(long) is sure")
	}
}

func BenchmarkMet(b *testing.B) {
	for _, bc := range []struct{ name, text string }{
		{"plain", "Maria Lopez"},
		{"email", "I met with my neighbor Sam Park at church, his email is sam.park@gmail.com"},
		{"phone", "Hola! me reuní con mi vecina Ana de la Cruz, su cel es 617 555 0166"},
	} {
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				Met(bc.text)
			}
		})
	}
}

// TestKnownMisses keeps the answers read wrong today in view: each must
// still read as it did, so that a fix shows up here as a line to move to
// the corpus.
func TestKnownMisses(t *testing.T) {
	t.Parallel()
	for n, c := range corpus(t, "misses.tsv", 4) {
		t.Run("line"+strconv.Itoa(n), func(t *testing.T) {
			t.Parallel()
			var got string
			switch c[0] {
			case "Met":
				got = Met(c[1]).Name
			case "Self":
				name, team := Self(c[1])
				got = name + "/" + team
			default:
				t.Fatalf("misses.tsv:%d: no func %q", n, c[0])
			}
			switch got {
			case c[2]:
				t.Errorf("misses.tsv:%d: %s(%q) now reads %q, as wanted: move the line to the corpus", n, c[0], c[1], got)
			case c[3]:
			default:
				t.Errorf("misses.tsv:%d: %s(%q) = %q; it read %q", n, c[0], c[1], got, c[3])
			}
		})
	}
}
