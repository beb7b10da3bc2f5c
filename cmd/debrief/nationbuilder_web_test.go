package main

import (
	"testing"

	"github.com/debrief-sms/debrief/internal/nationbuilder"
)

// TestNBPage: the organizers' NationBuilder page is off with the sync,
// connects by OAuth only with PUBLIC_URL (the callback's address) and
// not with a direct token, whose use it says.
func TestNBPage(t *testing.T) {
	t.Parallel()
	oauth := NationBuilderConfig{APIURL: "https://n.nationbuilder.com", ClientID: "id", ClientSecret: "s", TokenKey: make([]byte, 32)}
	direct := NationBuilderConfig{APIURL: "https://n.nationbuilder.com", AccessToken: "tok"}
	for _, tc := range []struct {
		name           string
		cfg            Config
		on, connects   bool
		direct         bool
		wantRedirectTo string
	}{
		{"off", Config{PublicURL: "https://d.example"}, false, false, false, ""},
		{"oauth", Config{NationBuilder: oauth, PublicURL: "https://d.example/"}, true, true, false, "https://d.example/nationbuilder/callback"},
		{"oauth without PUBLIC_URL", Config{NationBuilder: oauth}, true, false, false, ""},
		{"direct token", Config{NationBuilder: direct, PublicURL: "https://d.example"}, true, false, true, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p, err := nbPage(tc.cfg, nil)
			if err != nil {
				t.Fatal(err)
			}
			if (p != nil) != tc.on {
				t.Fatalf("page %v, want on %v", p, tc.on)
			}
			if p == nil {
				return
			}
			if (p.OAuth != nil) != tc.connects || p.DirectToken != tc.direct || p.Nation != "https://n.nationbuilder.com" {
				t.Errorf("page %+v", p)
			}
			if c, ok := p.OAuth.(nationbuilder.Connection); ok && c.OAuth.RedirectURI != tc.wantRedirectTo {
				t.Errorf("redirect URI %q, want %q", c.OAuth.RedirectURI, tc.wantRedirectTo)
			}
		})
	}
}
