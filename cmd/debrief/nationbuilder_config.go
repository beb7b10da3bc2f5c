package main

import (
	"errors"
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"

	"github.com/debrief-sms/debrief/internal/nationbuilder"
)

// NationBuilderConfig is the NationBuilder sync's settings; the sync is
// off when neither NATIONBUILDER_SLUG nor NATIONBUILDER_API_URL is set.
type NationBuilderConfig struct {
	Slug         string // NATIONBUILDER_SLUG: the nation, {slug}.nationbuilder.com
	ClientID     string // NATIONBUILDER_CLIENT_ID, the OAuth app
	ClientSecret string // NATIONBUILDER_CLIENT_SECRET
	// APIURL is NATIONBUILDER_API_URL, replacing
	// https://{slug}.nationbuilder.com (a fake, a proxy).
	APIURL string
	// AccessToken is NATIONBUILDER_ACCESS_TOKEN: a token used as it is
	// (the 24-hour test token), instead of the OAuth connection.
	AccessToken string
	// Rate is NATIONBUILDER_RATE, requests per second per process
	// (default 10: 100 in NationBuilder's 10-second window of 250).
	Rate float64
	// TokenKey is NATIONBUILDER_TOKEN_KEY, the AES-256 key the OAuth
	// tokens are stored under.
	TokenKey []byte
}

// defaultNBRate leaves room under NationBuilder's 250 requests per 10 s
// per token for a second process and the nation's other apps.
const defaultNBRate = 10.0

// On reports whether the sync is configured.
func (c NationBuilderConfig) On() bool { return c.APIURL != "" }

// OAuth reports whether the connection is OAuth's (else a direct token).
func (c NationBuilderConfig) OAuth() bool { return c.AccessToken == "" }

var slugPattern = regexp.MustCompile(`^[a-z0-9][a-z0-9-]*$`)

// nationBuilderFromEnv reads the NATIONBUILDER_ settings.
func nationBuilderFromEnv(getenv func(string) string) (NationBuilderConfig, []error) {
	c := NationBuilderConfig{
		Slug:         strings.ToLower(strings.TrimSpace(getenv("NATIONBUILDER_SLUG"))),
		ClientID:     getenv("NATIONBUILDER_CLIENT_ID"),
		ClientSecret: getenv("NATIONBUILDER_CLIENT_SECRET"),
		APIURL:       strings.TrimRight(getenv("NATIONBUILDER_API_URL"), "/"),
		AccessToken:  strings.TrimSpace(getenv("NATIONBUILDER_ACCESS_TOKEN")),
		Rate:         defaultNBRate,
	}
	var errs []error
	if c.Slug != "" && !slugPattern.MatchString(c.Slug) {
		errs = append(errs, fmt.Errorf("NATIONBUILDER_SLUG %q: want the nation's slug, as in https://SLUG.nationbuilder.com", c.Slug))
	}
	if c.APIURL == "" && c.Slug != "" {
		c.APIURL = "https://" + c.Slug + ".nationbuilder.com"
	}
	if s := getenv("NATIONBUILDER_RATE"); s != "" {
		r, err := strconv.ParseFloat(s, 64)
		if err != nil || !(r > 0) || math.IsInf(r, 0) || r > 25 {
			errs = append(errs, fmt.Errorf("NATIONBUILDER_RATE %q: want requests per second above 0 and at most 25 (NationBuilder allows 250 per 10 s per token; default 10)", s))
		}
		c.Rate = r
	}
	if k := getenv("NATIONBUILDER_TOKEN_KEY"); k != "" {
		key, err := nationbuilder.ParseKey(k)
		if err != nil {
			errs = append(errs, fmt.Errorf("NATIONBUILDER_TOKEN_KEY: %w", err))
		}
		c.TokenKey = key
	}
	if !c.On() {
		if c.ClientID != "" || c.AccessToken != "" {
			errs = append(errs, errors.New("NationBuilder: set NATIONBUILDER_SLUG (or NATIONBUILDER_API_URL) with the other NATIONBUILDER_ settings"))
		}
		return c, errs
	}
	if err := checkBaseURL(c.APIURL); err != nil {
		errs = append(errs, fmt.Errorf("NATIONBUILDER_API_URL: %w", err))
	}
	if c.OAuth() {
		var missing []string
		if c.ClientID == "" {
			missing = append(missing, "NATIONBUILDER_CLIENT_ID")
		}
		if c.ClientSecret == "" {
			missing = append(missing, "NATIONBUILDER_CLIENT_SECRET")
		}
		if c.TokenKey == nil {
			missing = append(missing, "NATIONBUILDER_TOKEN_KEY (openssl rand -hex 32)")
		}
		if len(missing) > 0 {
			errs = append(errs, fmt.Errorf("NationBuilder: the OAuth connection needs %s (or set NATIONBUILDER_ACCESS_TOKEN to use a token directly)",
				strings.Join(missing, ", ")))
		}
	}
	return c, errs
}
