package web

import (
	"maps"
	"regexp"
	"slices"
	"testing"

	"github.com/debrief-sms/debrief/internal/store"
	"github.com/debrief-sms/debrief/templates"
)

// TestPeopleWords: the people and teams pages have every word they use,
// in English and in Spanish.
func TestPeopleWords(t *testing.T) {
	if en, es := slices.Sorted(maps.Keys(peopleEN)), slices.Sorted(maps.Keys(peopleES)); !slices.Equal(en, es) {
		t.Errorf("English and Spanish differ:\n%q\n%q", en, es)
	}
	used := regexp.MustCompile(`\.T\.(\w+)`)
	for _, name := range []string{"people", "person", "teams", "team", "layout"} {
		b, err := templates.Web.ReadFile("web/" + name + ".html")
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range used.FindAllStringSubmatch(string(b), -1) {
			for lang, w := range map[string]map[string]string{"en": wordsEN, "es": wordsES} {
				if w[m[1]] == "" {
					t.Errorf("%s.html: no %s word %q", name, lang, m[1])
				}
			}
		}
	}
	for _, key := range []string{"bad_phone", "e_name", "e_team", "e_role", "e_role_self", "e_language", "e_time_zone",
		"e_phone_taken", "e_self", "e_team_name", "e_team_taken", "e_organizer", "r_volunteer", "r_organizer", "r_coordinator",
		"l_en", "l_es", "opted_out", "phone_bad", "deactivated", "active"} {
		if wordsEN[key] == "" || wordsES[key] == "" {
			t.Errorf("no word %q in both languages", key)
		}
	}
	for _, st := range store.PersonStates {
		if key := "ps_" + string(st); wordsEN[key] == "" || wordsES[key] == "" {
			t.Errorf("no word %q for the state filter in both languages", key)
		}
	}
}
