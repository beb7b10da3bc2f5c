package dates

import (
	"time"

	"github.com/olebedev/when/rules"
)

// options are when's defaults: matches closer than Distance characters form
// one expression ("tomorrow at 5pm") and apply in the rules' order.
var options = &rules.Options{Distance: 5, MatchByOrder: true}

// guarded is a when rule that only runs when the text has the features it
// needs, with an optional check that drops a match when it is a false hit.
type guarded struct {
	rule rules.Rule
	need feature
	keep func(*rules.Match) bool
}

// ruleSet is one language's rules, in the order their matches apply.
type ruleSet []guarded

// apply does what when.Parser.Parse does, on the guarded rules and into
// ctx, so that the caller sees which fields (a time of day, a month) the
// text named rather than only the resulting time.
func (rs ruleSet) apply(text string, feats feature, ref time.Time, ctx *rules.Context) bool {
	var buf [12]*rules.Match
	matches := buf[:0]
	for i, g := range rs {
		if feats&g.need != g.need || len(matches) == len(buf) {
			continue
		}
		m := g.rule.Find(text)
		if m == nil || (g.keep != nil && !g.keep(m)) {
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
		if m.Left > end+options.Distance {
			matches = matches[:i]
			break
		}
		end = m.Right
	}
	sortMatches(matches, func(a, b *rules.Match) bool { return a.Order < b.Order })
	ctx.Text = text
	applied := false
	for _, m := range matches {
		ok, err := m.Apply(ctx, options, ref)
		if err != nil {
			// A rule that cannot read its own match (a number too large)
			// names no date; the other matches may still.
			continue
		}
		applied = applied || ok
	}
	return applied
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
