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
	numSlots
)

// slotInfo names each slot and bounds, in GSM-7 characters, what it
// inserts, so that every text fits its segment whatever volunteers type.
var slotInfo = [numSlots]struct {
	name string
	max  int
}{
	sName: {"name", 20}, sTeam: {"team", 40}, sTeams: {"teams", 60}, sPerson: {"person", 40},
	sSeq: {"seq", 5}, sDate: {"date", 20}, sN: {"n", 3}, sTotal: {"total", 3}, sList: {"list", 100},
	sIssue: {"issue", 40}, sCommitment: {"commitment", 30}, sNext: {"next", 40}, sThanked: {"thanked", 3},
	sCount: {"count", 5}, sMax: {"max", 5}, sWeekday: {"weekday", 3}, sMonth: {"month", 3},
	sDay: {"day", 2}, sTime: {"time", 7},
}

// vars are the values one text inserts, by slot.
type vars [numSlots]string

// part is a piece of a parsed template: literal text, or a slot when lit
// is empty.
type part struct {
	lit  string
	slot slot
}

// template is one parsed text.
type template struct {
	parts []part
	size  int // bytes of literal text
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
	for s != "" {
		open := strings.IndexByte(s, '{')
		if open < 0 {
			t.parts = append(t.parts, part{lit: s})
			t.size += len(s)
			break
		}
		if open > 0 {
			t.parts = append(t.parts, part{lit: s[:open]})
			t.size += open
		}
		end := strings.IndexByte(s[open:], '}')
		if end < 0 {
			return nil, fmt.Errorf("unclosed {")
		}
		name := s[open+1 : open+end]
		sl, ok := slotNamed(name)
		if !ok {
			return nil, fmt.Errorf("unknown value {%s}", name)
		}
		t.parts = append(t.parts, part{slot: sl})
		s = s[open+end+1:]
	}
	return t, nil
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
// slot's bound.
func (t *template) render(v *vars) string {
	if len(t.parts) == 1 && t.parts[0].lit != "" {
		return t.parts[0].lit
	}
	var vals [8]string
	size := t.size
	k := 0
	for _, p := range t.parts {
		if p.lit == "" && k < len(vals) {
			vals[k] = gsmSafe(v[p.slot], slotInfo[p.slot].max)
			size += len(vals[k])
			k++
		}
	}
	var b strings.Builder
	b.Grow(size)
	k = 0
	for _, p := range t.parts {
		if p.lit != "" {
			b.WriteString(p.lit)
			continue
		}
		if k < len(vals) {
			b.WriteString(vals[k])
			k++
		}
	}
	return b.String()
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
