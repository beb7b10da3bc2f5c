package intent

import (
	"bufio"
	"fmt"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// corpusChoices is the n the corpus's choices lines are read with: the
// five commitment choices.
const corpusChoices = 5

// corpusLine is one line of testdata/corpus.tsv: a function, a text and
// what the function must read.
type corpusLine struct {
	line           int
	fn, text, want string
}

// readCorpus returns the lines of testdata/corpus.tsv, skipping blank
// lines and those starting with '#'.
func readCorpus(tb testing.TB) []corpusLine {
	tb.Helper()
	f, err := os.Open("testdata/corpus.tsv")
	if err != nil {
		tb.Fatalf("open corpus: %v", err)
	}
	defer f.Close()
	var out []corpusLine
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		l := sc.Text()
		if l == "" || strings.HasPrefix(l, "#") {
			continue
		}
		cols := strings.Split(l, "\t")
		if len(cols) != 3 {
			tb.Fatalf("corpus.tsv:%d: %d columns, want 3", n, len(cols))
		}
		out = append(out, corpusLine{line: n, fn: cols[0], text: cols[1], want: cols[2]})
	}
	if err := sc.Err(); err != nil {
		tb.Fatalf("read corpus: %v", err)
	}
	return out
}

// got runs the line's function on its text and returns its reading in
// the corpus's terms.
func (c corpusLine) got(tb testing.TB) string {
	switch c.fn {
	case "yesno":
		yes, ok := YesNo(c.text)
		switch {
		case !ok:
			return "none"
		case yes:
			return "yes"
		}
		return "no"
	case "optout":
		return strconv.FormatBool(OptOut(c.text))
	case "done":
		return strconv.FormatBool(Done(c.text))
	case "later":
		return strconv.FormatBool(Later(c.text))
	case "choices":
		nums, outOfRange, ok := Choices(c.text, corpusChoices)
		switch {
		case outOfRange:
			return "range"
		case !ok:
			return "none"
		}
		s := make([]string, len(nums))
		for i, n := range nums {
			s[i] = strconv.Itoa(n)
		}
		return strings.Join(s, ",")
	}
	tb.Fatalf("corpus.tsv:%d: unknown function %q", c.line, c.fn)
	return ""
}

func TestCorpus(t *testing.T) {
	t.Parallel()
	lines := readCorpus(t)
	if len(lines) < 160 {
		t.Fatalf("corpus has %d lines, want at least 160", len(lines))
	}
	for _, c := range lines {
		t.Run(fmt.Sprintf("%d/%s/%s", c.line, c.fn, c.text), func(t *testing.T) {
			t.Parallel()
			if got := c.got(t); got != c.want {
				t.Errorf("corpus.tsv:%d: %s(%q) = %s, want %s", c.line, c.fn, c.text, got, c.want)
			}
		})
	}
}

// TestCorpusAgrees checks every corpus text against the promises the
// functions make to each other, whatever line it is on.
func TestCorpusAgrees(t *testing.T) {
	t.Parallel()
	for _, c := range readCorpus(t) {
		checkAgrees(t, c.text)
	}
}

// checkAgrees fails t when the readings of text break a promise: at most
// one of OptOut, Done and Later; Done a yes and Later not one; a reading
// of choices well formed.
func checkAgrees(t *testing.T, text string) {
	t.Helper()
	yes, ok := YesNo(text)
	if !ok && yes {
		t.Errorf("YesNo(%q) = yes but not ok", text)
	}
	opt, done, later := OptOut(text), Done(text), Later(text)
	if n := btoi(opt) + btoi(done) + btoi(later); n > 1 {
		t.Errorf("%q: OptOut %v, Done %v, Later %v: more than one", text, opt, done, later)
	}
	if done && !(yes && ok) {
		t.Errorf("%q: Done but YesNo = %v, %v", text, yes, ok)
	}
	if later && yes && ok {
		t.Errorf("%q: Later but YesNo yes", text)
	}
	for _, n := range []int{0, 1, 5, 12} {
		nums, outOfRange, ok := Choices(text, n)
		switch {
		case ok && (outOfRange || len(nums) == 0):
			t.Errorf("Choices(%q, %d) = %v, %v, ok", text, n, nums, outOfRange)
		case !ok && nums != nil:
			t.Errorf("Choices(%q, %d) = %v, not ok", text, n, nums)
		case ok && (!slices.IsSorted(nums) || len(slices.Compact(slices.Clone(nums))) != len(nums)):
			t.Errorf("Choices(%q, %d) = %v: not increasing", text, n, nums)
		}
		for _, v := range nums {
			if v < 1 || v > n {
				t.Errorf("Choices(%q, %d) = %v: out of range", text, n, nums)
			}
		}
	}
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}

func TestChoicesOrderAndRange(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name       string
		text       string
		n          int
		want       []int
		outOfRange bool
		ok         bool
	}{
		{name: "sorted and once", text: "3, 1 and 3", n: 5, want: []int{1, 3}, ok: true},
		{name: "n zero", text: "1", n: 0, outOfRange: true},
		{name: "larger n", text: "7 y 12", n: 12, want: []int{7, 12}, ok: true},
		{name: "decimal", text: "2.5", n: 5},
		{name: "number then word", text: "2nd", n: 5},
		{name: "too long", text: strings.Repeat("1 ", 50), n: 5},
		{name: "unknown letters", text: "2 和 3", n: 5},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			nums, outOfRange, ok := Choices(tc.text, tc.n)
			if !slices.Equal(nums, tc.want) || outOfRange != tc.outOfRange || ok != tc.ok {
				t.Errorf("Choices(%q, %d) = %v, %v, %v; want %v, %v, %v", tc.text, tc.n, nums, outOfRange, ok, tc.want, tc.outOfRange, tc.ok)
			}
		})
	}
}

// TestLongTexts checks that a text past the bounds is read as nothing,
// whatever it says.
func TestLongTexts(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		text string
	}{
		{name: "41 words", text: "done stop texting me " + strings.Repeat("yes ", 37)},
		{name: "over 1024 bytes", text: "yes I did " + strings.Repeat("🙂", 300)},
		{name: "many marks", text: strings.Repeat("!", 2000) + "stop texting me"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			if yes, ok := YesNo(tc.text); yes || ok {
				t.Errorf("YesNo = %v, %v", yes, ok)
			}
			if OptOut(tc.text) || Done(tc.text) || Later(tc.text) {
				t.Errorf("OptOut %v, Done %v, Later %v", OptOut(tc.text), Done(tc.text), Later(tc.text))
			}
		})
	}
}

func BenchmarkYesNo(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		YesNo("Yes I thanked Cora for meeting with me")
	}
}

func BenchmarkOptOut(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		OptOut("we talked about how to stop new gas plants")
	}
}

func BenchmarkChoices(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		Choices("options 1 and 3", 5)
	}
}
