package texts

import (
	"bufio"
	"bytes"
	"fmt"
	"strings"

	"github.com/debrief-sms/debrief"
	"github.com/debrief-sms/debrief/templates"
)

// part is a piece of a parsed template: literal text, or a slot when lit
// is empty. A slot with forms is a plural: it writes forms[0] when the
// slot's value is 1, forms[1] otherwise, written {count|report|reports}.
type part struct {
	lit   string
	slot  Slot
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

// templateSet is one language's templates by name.
type templateSet map[string]*template

// catalogs are the texts of every language, parsed once at start-up; they
// never change afterwards.
var catalogs = mustLoadCatalogs()

func mustLoadCatalogs() map[debrief.Language]templateSet {
	out := map[debrief.Language]templateSet{}
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

func loadCatalog(lang debrief.Language) (templateSet, error) {
	name := "messages/" + string(lang) + ".txt"
	data, err := templates.FS.ReadFile(name)
	if err != nil {
		return nil, fmt.Errorf("read templates: %w", err)
	}
	c := templateSet{}
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
	n, _ := Septets(s) // the template tests reject a literal not in GSM-7
	t.septets += n
}

func slotNamed(name string) (Slot, bool) {
	for i, info := range slotInfo {
		if info.name == name {
			return Slot(i), true
		}
	}
	return 0, false
}

// Catalog renders one language's templates.
type Catalog struct {
	c templateSet
}

// For returns the catalog of lang, English for a language Debrief does
// not speak.
func For(lang debrief.Language) Catalog {
	if c, ok := catalogs[lang]; ok {
		return Catalog{c}
	}
	return Catalog{catalogs[debrief.English]}
}

// Get renders the named template with v (nil for none), one GSM-7
// segment; a name no language defines is a programming error the
// template tests catch, rendered as the name.
func (x Catalog) Get(name string, v *Vars) string {
	t, ok := x.c[name]
	if !ok {
		return name
	}
	if v == nil {
		v = &Vars{}
	}
	return t.render(v)
}

// Words returns a template's words, for lists such as weekday names.
func (x Catalog) Words(name string) []string {
	return strings.Fields(x.Get(name, nil))
}
