package texts

import "strings"

// render writes the template with its values made GSM-7 and cut to their
// slot's bound. A text that would still take more than one segment has its
// longest values shortened first (see fit).
func (t *template) render(v *Vars) string {
	if len(t.parts) == 1 && t.parts[0].lit != "" {
		return t.parts[0].lit
	}
	var vals [maxValues]string
	var slots [maxValues]Slot
	size, total := t.size, t.septets
	k := 0
	for _, p := range t.parts {
		switch {
		case p.lit != "":
		case p.forms != nil:
			f := p.form(v)
			n, _ := Septets(f)
			total += n
		default:
			vals[k] = GSMSafe(v[p.slot], slotInfo[p.slot].max)
			slots[k] = p.slot
			n, _ := Septets(vals[k])
			size += len(vals[k])
			total += n
			k++
		}
	}
	if total > SegmentGSM7 {
		fit(vals[:k], slots[:k], v, total-SegmentGSM7)
	}
	var b strings.Builder
	b.Grow(size)
	k = 0
	for i, p := range t.parts {
		switch {
		case p.lit != "":
			b.WriteString(afterValue(b.String(), p.lit))
		case p.forms != nil:
			b.WriteString(p.form(v))
		default:
			val := vals[k]
			k++
			if i+1 < len(t.parts) && strings.HasPrefix(t.parts[i+1].lit, ".") {
				// "Issue: asthma,." reads as a slip: the period ends it.
				if trimmed := strings.TrimRight(val, " ,;:"); trimmed != "" {
					val = trimmed
				}
			}
			b.WriteString(val)
		}
	}
	return b.String()
}

// form is a plural part's word for its slot's value.
func (p part) form(v *Vars) string {
	if n := strings.TrimSpace(v[p.slot]); n == "1" || n == "-1" {
		return p.forms[0]
	}
	return p.forms[1]
}

// afterValue is lit as it follows written: without its leading period
// when written ends a sentence already, so that a value ending in "." or
// cut with "..." never shows ".." or "....".
func afterValue(written, lit string) string {
	if lit[0] != '.' || written == "" {
		return lit
	}
	switch written[len(written)-1] {
	case '.', '!', '?':
		return lit[1:]
	}
	return lit
}

// fit shortens vals, the values of one text in the order of their slots,
// until the text is over septets shorter: the longest values first, so
// that a long answer gives way before a short name, and none below its
// slot's min. Only if the mins are too many for the segment do the values
// go down to a few letters each: a text is never sent as two.
func fit(vals []string, slots []Slot, v *Vars, over int) {
	var lens [maxValues]int
	longest := 0
	for i, s := range vals {
		lens[i], _ = Septets(s)
		longest = max(longest, lens[i])
	}
	for _, lowest := range []int{0, len("a...")} {
		floor := func(i int) int {
			info := slotInfo[slots[i]]
			if lowest == 0 || info.min == info.max {
				return info.min
			}
			return min(lowest, info.min)
		}
		for c := longest - 1; c >= 0; c-- {
			saved := 0
			for i := range vals {
				if limit := max(c, floor(i)); lens[i] > limit {
					saved += lens[i] - limit
				}
			}
			if saved < over {
				continue
			}
			for i := range vals {
				if limit := max(c, floor(i)); lens[i] > limit {
					vals[i] = GSMSafe(v[slots[i]], limit)
				}
			}
			return
		}
	}
}
