package conversation

import (
	"bufio"
	"bytes"
	"fmt"
	"strings"

	"github.com/debrief-sms/debrief"
	"github.com/debrief-sms/debrief/templates"
)

// slot is a value a template may insert, written {name} in the template.
type slot int

const (
	sName slot = iota
	sTeam
	sTeams
	sPerson
	sSeq
	sDate
	sN
	sTotal
	sList
	sIssue
	sCommitment
	sNext
	sThanked
	sCount
	sMax
	sWeekday
	sMonth
	sDay
	sTime
	sCode
	sLink
	numSlots
)

// slotInfo names each slot and bounds, in GSM-7 characters, what it
// inserts, so that every text fits its segment whatever volunteers type.
// A text still over one segment with every value at its max has its
// longest values shortened, none below its min (a slot whose min is its
// max is never shortened: numbers, dates, lists built to their bound).
var slotInfo = [numSlots]struct {
	name     string
	max, min int
}{
	sName: {"name", 20, 20}, sTeam: {"team", 40, 20}, sTeams: {"teams", 60, 60}, sPerson: {"person", 40, 20},
	sSeq: {"seq", 5, 5}, sDate: {"date", 20, 20}, sN: {"n", 3, 3}, sTotal: {"total", 3, 3}, sList: {"list", 100, 100},
	sIssue: {"issue", 60, 12}, sCommitment: {"commitment", 40, 12}, sNext: {"next", 60, 12}, sThanked: {"thanked", 3, 3},
	sCount: {"count", 5, 5}, sMax: {"max", 5, 5}, sWeekday: {"weekday", 3, 3}, sMonth: {"month", 3, 3},
	sDay: {"day", 2, 2}, sTime: {"time", 7, 7}, sCode: {"code", 6, 6}, sLink: {"link", MaxLink, MaxLink},
}

// MaxLink bounds a link a text carries (the monthly report's: PUBLIC_URL
// and its path). A link is never shortened; a longer one is cut, so the
// caller checks it fits.
const MaxLink = 90

// vars are the values one text inserts, by slot.
type vars [numSlots]string

// part is a piece of a parsed template: literal text, or a slot when lit
// is empty. A slot with forms is a plural: it writes forms[0] when the
// slot's value is 1, forms[1] otherwise, written {count|report|reports}.
type part struct {
	lit   string
	slot  slot
	forms []string
}

// maxValues bounds the values one template inserts.
const maxValues = 8

// template is one parsed text.
type template struct {
	parts   []part
	size    int // bytes of literal text
	septets int // GSM-7 septets of literal text
}

// catalog is one language's templates by name.
type catalog map[string]*template

// catalogs are the texts of every language, parsed once at start-up; they
// never change afterwards.
var catalogs = mustLoadCatalogs()

func mustLoadCatalogs() map[debrief.Language]catalog {
	out := map[debrief.Language]catalog{}
	for _, lang := range []debrief.Language{debrief.English, debrief.Spanish} {
		c, err := loadCatalog(lang)
		if err != nil {
			// The files are embedded: a broken one is a build defect that
			// every test run reports.
			panic(err)
		}
		out[lang] = c
	}
	return out
}

func loadCatalog(lang debrief.Language) (catalog, error) {
	name := "messages/" + string(lang) + ".txt"
	data, err := templates.FS.ReadFile(name)
	if err != nil {
		return nil, fmt.Errorf("read templates: %w", err)
	}
	c := catalog{}
	sc := bufio.NewScanner(bytes.NewReader(data))
	for line := 1; sc.Scan(); line++ {
		text := strings.TrimSpace(sc.Text())
		if text == "" || text[0] == '#' {
			continue
		}
		key, value, ok := strings.Cut(text, "=")
		if !ok {
			return nil, fmt.Errorf("%s:%d: want name = text", name, line)
		}
		key = strings.TrimSpace(key)
		t, err := parseTemplate(strings.ReplaceAll(strings.TrimSpace(value), `\n`, "\n"))
		if err != nil {
			return nil, fmt.Errorf("%s:%d: %s: %w", name, line, key, err)
		}
		if _, dup := c[key]; dup {
			return nil, fmt.Errorf("%s:%d: %s defined twice", name, line, key)
		}
		c[key] = t
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("scan %s: %w", name, err)
	}
	return c, nil
}

func parseTemplate(s string) (*template, error) {
	t := &template{}
	values := 0
	for s != "" {
		open := strings.IndexByte(s, '{')
		if open < 0 {
			t.addLit(s)
			break
		}
		if open > 0 {
			t.addLit(s[:open])
		}
		end := strings.IndexByte(s[open:], '}')
		if end < 0 {
			return nil, fmt.Errorf("unclosed {")
		}
		name, forms, plural := strings.Cut(s[open+1:open+end], "|")
		sl, ok := slotNamed(name)
		if !ok {
			return nil, fmt.Errorf("unknown value {%s}", name)
		}
		p := part{slot: sl}
		if plural {
			one, other, ok := strings.Cut(forms, "|")
			if !ok || strings.Contains(other, "|") {
				return nil, fmt.Errorf("{%s|%s}: want {%s|one|other}", name, forms, name)
			}
			p.forms = []string{one, other}
			t.size += max(len(one), len(other))
		} else if values++; values > maxValues {
			return nil, fmt.Errorf("more than %d values", maxValues)
		}
		t.parts = append(t.parts, p)
		s = s[open+end+1:]
	}
	return t, nil
}

func (t *template) addLit(s string) {
	t.parts = append(t.parts, part{lit: s})
	t.size += len(s)
	n, _ := septets(s) // the template tests reject a literal not in GSM-7
	t.septets += n
}

func slotNamed(name string) (slot, bool) {
	for i, info := range slotInfo {
		if info.name == name {
			return slot(i), true
		}
	}
	return 0, false
}

// render writes the template with its values made GSM-7 and cut to their
// slot's bound. A text that would still take more than one segment has its
// longest values shortened first (see fit).
func (t *template) render(v *vars) string {
	if len(t.parts) == 1 && t.parts[0].lit != "" {
		return t.parts[0].lit
	}
	var vals [maxValues]string
	var slots [maxValues]slot
	size, total := t.size, t.septets
	k := 0
	for _, p := range t.parts {
		switch {
		case p.lit != "":
		case p.forms != nil:
			f := p.form(v)
			n, _ := septets(f)
			total += n
		default:
			vals[k] = gsmSafe(v[p.slot], slotInfo[p.slot].max)
			slots[k] = p.slot
			n, _ := septets(vals[k])
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
func (p part) form(v *vars) string {
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
func fit(vals []string, slots []slot, v *vars, over int) {
	var lens [maxValues]int
	longest := 0
	for i, s := range vals {
		lens[i], _ = septets(s)
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
					vals[i] = gsmSafe(v[slots[i]], limit)
				}
			}
			return
		}
	}
}

// texts renders one language's templates.
type texts struct {
	c catalog
}

func textsFor(lang debrief.Language) texts {
	if c, ok := catalogs[lang]; ok {
		return texts{c}
	}
	return texts{catalogs[debrief.English]}
}

// get renders the named template; a name no language defines is a
// programming error the template tests catch, rendered as the name.
func (x texts) get(name string, v *vars) string {
	t, ok := x.c[name]
	if !ok {
		return name
	}
	if v == nil {
		v = &vars{}
	}
	return t.render(v)
}

// words returns a template's words, for lists such as weekday names.
func (x texts) words(name string) []string {
	return strings.Fields(x.get(name, nil))
}
