package dates

import (
	"regexp"
	"time"

	"github.com/olebedev/when/rules"
)

// options are when's defaults: matches closer than Distance characters form
// one expression ("tomorrow at 5pm") and apply in the rules' order.
var options = &rules.Options{Distance: 5, MatchByOrder: true}

// kind is what a rule of when's own names, for rules that fill only
// when's rules.Context.
type kind uint8

const (
	kDay  kind = iota // a day: "Dec 3", "in 3 days"
	kTime             // a time of day: "5pm", "17:30"
)

// guarded is a when rule that only runs when the text has the features it
// needs, with an optional check that drops a match when it is a false hit.
// A rule with read fills the whole reading (a span, a weekday named with a
// day); one without applies its own when Applier and counts as its kind.
type guarded struct {
	rule rules.Rule
	need feature
	kind kind
	keep func(m *rules.Match, text string) bool
	read func(m *rules.Match, f *found, ref time.Time) bool
}

// ruleSet is one language's rules, in the order their matches apply.
type ruleSet []guarded

// maxTries bounds how often a rule looks again after a match its keep
// dropped ("we sat down, call her sat"): each try is a regexp pass.
const maxTries = 3

// apply does what when.Parser.Parse does, on the guarded rules and into
// f, so that the caller sees which fields (a time of day, a month) the
// text named rather than only the resulting time.
func (rs ruleSet) apply(text string, feats feature, ref time.Time, f *found) bool {
	var buf [16]*rules.Match
	matches := buf[:0]
	for i := range rs {
		g := &rs[i]
		if feats&g.need != g.need || len(matches) == len(buf) {
			continue
		}
		m := g.find(text)
		if m == nil {
			continue
		}
		m.Order = float64(i)
		matches = append(matches, m)
	}
	if len(matches) == 0 {
		return false
	}
	sortMatches(matches, func(a, b *rules.Match) bool { return a.Left < b.Left })
	end := matches[0].Right
	for i, m := range matches {
		if m.Left > end && !joins(text[end:m.Left]) {
			matches = matches[:i]
			break
		}
		end = max(end, m.Right)
	}
	sortMatches(matches, func(a, b *rules.Match) bool { return a.Order < b.Order })
	f.Text = text
	applied := false
	for _, m := range matches {
		g := &rs[int(m.Order)]
		if g.read != nil {
			applied = g.read(m, f, ref) || applied
			continue
		}
		ok, err := m.Apply(&f.Context, options, ref)
		if err != nil || !ok {
			// A rule that cannot read its own match (a number too large)
			// names no date; the other matches may still.
			continue
		}
		applied = true
		switch g.kind {
		case kDay:
			f.day = true
		case kTime:
			f.clock = true
		}
	}
	return applied
}

// find returns the first match of g in text that keep does not drop.
func (g *guarded) find(text string) *rules.Match {
	off := 0
	for range maxTries {
		m := g.rule.Find(text[off:])
		if m == nil {
			return nil
		}
		m.Left += off
		m.Right += off
		if g.keep == nil || g.keep(m, text) {
			return m
		}
		if m.Right <= off || m.Right >= len(text) {
			return nil
		}
		off = m.Right
	}
	return nil
}

// maxGapWords and maxGap bound what may stand between two matches of one
// expression: "Tues at 3", "tomorrow at 5 in the morning", "sat at the
// library at 2"; when's Distance (5 characters) alone splits the last two.
const (
	maxGapWords = 3
	maxGap      = 24
)

// joins reports whether gap, the text between two matches, leaves them
// one expression: a few words, no end of a sentence.
func joins(gap string) bool {
	if len(gap) <= options.Distance {
		return true
	}
	if len(gap) > maxGap {
		return false
	}
	words, inWord := 0, false
	for i := 0; i < len(gap); i++ {
		c := gap[i]
		switch {
		case c == '.' || c == '!' || c == '?' || c == ';' || c == '\n':
			return false
		case isWordByte(c):
			if !inWord {
				words++
			}
			inWord = true
		default:
			inWord = false
		}
	}
	return words <= maxGapWords
}

// re is a rule whose matches a read function applies.
func re(pattern string) rules.Rule {
	return &rules.F{RegExp: regexp.MustCompile(pattern)}
}

// sortMatches is an insertion sort: there are a handful of matches, and
// sort.Slice would allocate.
func sortMatches(ms []*rules.Match, less func(a, b *rules.Match) bool) {
	for i := 1; i < len(ms); i++ {
		for j := i; j > 0 && less(ms[j], ms[j-1]); j-- {
			ms[j], ms[j-1] = ms[j-1], ms[j]
		}
	}
}
