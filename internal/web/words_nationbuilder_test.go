package web

import (
	"maps"
	"regexp"
	"slices"
	"testing"

	"github.com/debrief-sms/debrief/templates"
)

// TestNationBuilderWords: the NationBuilder page has every word it uses,
// in English and in Spanish.
func TestNationBuilderWords(t *testing.T) {
	if en, es := slices.Sorted(maps.Keys(nbWordsEN)), slices.Sorted(maps.Keys(nbWordsES)); !slices.Equal(en, es) {
		t.Errorf("English and Spanish differ:\n%q\n%q", en, es)
	}
	b, err := templates.Web.ReadFile("web/nationbuilder.html")
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range regexp.MustCompile(`\.T\.(\w+)`).FindAllStringSubmatch(string(b), -1) {
		for lang, w := range map[string]map[string]string{"en": wordsEN, "es": wordsES} {
			if w[m[1]] == "" {
				t.Errorf("nationbuilder.html: no %s word %q", lang, m[1])
			}
		}
	}
	for _, key := range []string{"nb_connected", "nb_retried", "nb_declined", "nb_exchange_failed"} {
		if wordsEN[key] == "" || wordsES[key] == "" {
			t.Errorf("no word %q in both languages", key)
		}
	}
}
