package texts

import (
	"strings"
	"testing"

	"github.com/debrief-sms/debrief"
)

func TestRenderSigninCode(t *testing.T) {
	t.Parallel()
	for _, lang := range []debrief.Language{debrief.English, debrief.Spanish} {
		text := RenderSigninCode(lang, "012345")
		if !strings.Contains(text, "012345") {
			t.Errorf("%s: %q has no code", lang, text)
		}
		if n, ok := Septets(text); !ok || n > 160 {
			t.Errorf("%s: %q is %d septets (GSM-7 %v), want one segment", lang, text, n, ok)
		}
	}
}
