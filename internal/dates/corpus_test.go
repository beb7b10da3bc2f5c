package dates

import (
	"bufio"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/debrief-sms/debrief"
)

// corpusCase is one line of testdata/corpus.tsv.
type corpusCase struct {
	line     int
	lang     debrief.Language
	now      time.Time
	loc      *time.Location
	text     string
	expected string
	doubt    string
}

func loadCorpus(t testing.TB) []corpusCase {
	t.Helper()
	file, err := os.Open("testdata/corpus.tsv")
	if err != nil {
		t.Fatalf("open corpus: %v", err)
	}
	defer file.Close()
	var cases []corpusCase
	zones := map[string]*time.Location{}
	sc := bufio.NewScanner(file)
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		cols := strings.Split(line, "\t")
		if len(cols) == 5 {
			cols = append(cols, "")
		}
		if len(cols) != 6 {
			t.Fatalf("corpus line %d: %d columns, want 6", n, len(cols))
		}
		loc, ok := zones[cols[2]]
		if !ok {
			if loc, err = time.LoadLocation(cols[2]); err != nil {
				t.Fatalf("corpus line %d: %v", n, err)
			}
			zones[cols[2]] = loc
		}
		now, err := time.Parse(time.RFC3339, cols[1])
		if err != nil {
			t.Fatalf("corpus line %d: %v", n, err)
		}
		if cols[0] != "en" && cols[0] != "es" {
			t.Fatalf("corpus line %d: language %q", n, cols[0])
		}
		cases = append(cases, corpusCase{line: n, lang: debrief.Language(cols[0]), now: now, loc: loc,
			text: cols[3], expected: cols[4], doubt: cols[5]})
	}
	if err := sc.Err(); err != nil {
		t.Fatalf("read corpus: %v", err)
	}
	return cases
}

// describe writes a reading as the corpus does.
func describe(r Reading, ok bool) (expected, doubt string) {
	if !ok {
		return "none", ""
	}
	expected = r.At.Format("2006-01-02")
	if r.HasTime {
		expected = r.At.Format("2006-01-02T15:04")
	}
	switch r.Span {
	case Week:
		expected = "week:" + expected
	case Month:
		expected = "month:" + expected
	}
	switch r.Doubt {
	case WeekdayMismatch:
		doubt = "weekday"
	case PastMonth:
		doubt = "pastmonth"
	}
	return expected, doubt
}

func TestCorpus(t *testing.T) {
	t.Parallel()
	for _, tc := range loadCorpus(t) {
		t.Run(fmt.Sprintf("%d_%s_%s", tc.line, tc.lang, tc.text), func(t *testing.T) {
			t.Parallel()
			r, ok := Read(tc.text, tc.now, tc.loc, tc.lang)
			got, doubt := describe(r, ok)
			if got != tc.expected || doubt != tc.doubt {
				t.Errorf("line %d: Read(%q) at %s = %s %s; want %s %s", tc.line, tc.text,
					tc.now.In(tc.loc).Format("Mon Jan 2 15:04"), got, doubt, tc.expected, tc.doubt)
			}
			if ok && r.At.Location() != tc.loc {
				t.Errorf("line %d: Read(%q) location = %v, want %v", tc.line, tc.text, r.At.Location(), tc.loc)
			}
		})
	}
}
