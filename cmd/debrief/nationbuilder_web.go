package main

import (
	"strings"

	"github.com/debrief-sms/debrief/internal/store"
	"github.com/debrief-sms/debrief/internal/web"
)

// nbRedirectURI is where NationBuilder sends the coordinator back with
// the code: the organizers' page's callback at PUBLIC_URL. Register it
// as the OAuth app's redirect URI in NationBuilder.
func nbRedirectURI(publicURL string) string {
	return strings.TrimRight(publicURL, "/") + web.NationBuilderCallbackPath
}

// nbPage is the organizers' NationBuilder page, nil when the sync is
// off. The page connects the nation when the connection is OAuth's and
// PUBLIC_URL says where the callback is.
func nbPage(cfg Config, st *store.Store) (*web.NationBuilderPage, error) {
	nb := cfg.NationBuilder
	if !nb.On() {
		return nil, nil
	}
	p := &web.NationBuilderPage{Nation: nb.APIURL, Pushes: st, DirectToken: !nb.OAuth()}
	if nb.OAuth() && cfg.PublicURL != "" {
		conn, err := nbConnection(nb, nbRedirectURI(cfg.PublicURL), st)
		if err != nil {
			return nil, err
		}
		p.OAuth = conn
	}
	return p, nil
}
