// Package tally groups the free-text answers volunteers type ("Clean air",
// "clean  air", "Clean airs", "aire limpio", "Aire Limpio") and counts
// them, for the monthly report's most-cared-about issues and what people
// would enjoy doing. Two answers are the same when they read the same
// once folded: case, accents (internal/accent), spacing and punctuation
// at either end, and a plural "s" or "es" on a word. It performs no I/O.
package tally

import (
	"cmp"
	"slices"
	"strings"
	"unicode"

	"github.com/debrief-sms/debrief/internal/accent"
)

// Count is one answer and how many reports gave it.
type Count struct {
	Text string // as most reports wrote it
	N    int
}

// Key is what s is grouped by: lower case, plain letters, single spaces,
// no punctuation at the ends of words, and each word without a plural
// ending ("schools" is "school", "emisiones" is "emision"). "" for an
// answer with no letter or digit in it.
func Key(s string) string {
	var b strings.Builder
	for _, w := range strings.FieldsFunc(s, func(r rune) bool { return unicode.IsSpace(r) || r == '/' || r == ',' }) {
		w = strings.TrimFunc(w, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
		if w == "" {
			continue
		}
		var f strings.Builder
		for _, r := range w {
			if p, ok := accent.Plain(r); ok {
				f.WriteByte(p)
			} else {
				f.WriteRune(unicode.ToLower(r))
			}
		}
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(singular(f.String()))
	}
	return b.String()
}

// singular takes a simple plural ending off a folded word: "-ies" is
// "-y" (cities, communities), "-iones" is "-ion" (emisiones), "-es" after
// s, x, z, ch or sh is dropped (buses, taxes), and a last "s" after
// anything but another s, u or i goes (schools, trees, rivers; not grass,
// bus, this). Words of three letters or fewer are kept.
func singular(w string) string {
	n := len(w)
	switch {
	case n <= 3:
		return w
	case strings.HasSuffix(w, "ies") && n > 4:
		return w[:n-3] + "y"
	case strings.HasSuffix(w, "iones"):
		return w[:n-2]
	case strings.HasSuffix(w, "sses"), strings.HasSuffix(w, "xes"), strings.HasSuffix(w, "zes"),
		strings.HasSuffix(w, "ches"), strings.HasSuffix(w, "shes"):
		return w[:n-2]
	case w[n-1] == 's' && !strings.ContainsRune("siu", rune(w[n-2])):
		return w[:n-1]
	}
	return w
}

// better says which of two texts given as often names their group: the
// one with fewer capitals after its first letter ("Clean air" over "CLEAN
// AIR"), then the first in text order.
func better(a, b string) bool {
	ca, cb := capitals(a), capitals(b)
	if ca != cb {
		return ca < cb
	}
	return a < b
}

func capitals(s string) int {
	n := 0
	for i, r := range s {
		if i > 0 && unicode.IsUpper(r) {
			n++
		}
	}
	return n
}

// Top groups answers (each exact text with its count) by Key, and returns
// the n groups given most often, most first, then by key; each is named
// by its text given most often (on a tie, see better), spaces made single
// and a last period or comma dropped.
// Answers whose key is "" are left out. n <= 0 returns every group.
func Top(answers []Count, n int) []Count {
	type group struct {
		key   string
		total int
		texts map[string]int
	}
	byKey := map[string]*group{}
	for _, a := range answers {
		text := strings.TrimRight(strings.Join(strings.Fields(a.Text), " "), ".,;:!")
		k := Key(text)
		if k == "" || a.N <= 0 {
			continue
		}
		g := byKey[k]
		if g == nil {
			g = &group{key: k, texts: map[string]int{}}
			byKey[k] = g
		}
		g.total += a.N
		g.texts[text] += a.N
	}
	groups := make([]*group, 0, len(byKey))
	for _, g := range byKey {
		groups = append(groups, g)
	}
	slices.SortFunc(groups, func(a, b *group) int {
		if c := cmp.Compare(b.total, a.total); c != 0 {
			return c
		}
		return cmp.Compare(a.key, b.key)
	})
	if n > 0 && len(groups) > n {
		groups = groups[:n]
	}
	out := make([]Count, len(groups))
	for i, g := range groups {
		var best Count
		for text, n := range g.texts {
			if n > best.N || (n == best.N && better(text, best.Text)) {
				best = Count{Text: text, N: n}
			}
		}
		out[i] = Count{Text: best.Text, N: g.total}
	}
	return out
}
