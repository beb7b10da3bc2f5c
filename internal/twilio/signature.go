package twilio

import (
	"crypto/hmac"
	"crypto/sha1"
	"encoding/base64"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"sort"
	"strings"

	"github.com/twilio/twilio-go/client"
)

// SignatureHeader is the header Twilio signs webhooks with.
const SignatureHeader = "X-Twilio-Signature"

// Signature errors of Validator.Check.
var (
	// ErrNoSignature reports a request without an X-Twilio-Signature.
	ErrNoSignature = errors.New("missing " + SignatureHeader)
	// ErrBadSignature reports a signature that does not match the request.
	ErrBadSignature = errors.New("invalid " + SignatureHeader)
)

// Validator checks that webhooks come from Twilio. Twilio signs the URL it
// called; behind a TLS-terminating proxy (Fly.io) the request arrives as
// plain HTTP on another host, so the URL is rebuilt from the public base URL
// configured for Debrief, never from the request's own scheme and host.
type Validator struct {
	rv   client.RequestValidator
	base string // public base URL without a trailing slash
}

// NewValidator returns a Validator for the account's auth token and the
// public base URL Twilio is configured to call, such as
// https://debrief.fly.dev.
func NewValidator(authToken, publicURL string) (*Validator, error) {
	if authToken == "" {
		return nil, errors.New("twilio validator: empty auth token")
	}
	u, err := url.Parse(publicURL)
	if err != nil {
		return nil, fmt.Errorf("twilio validator: public URL: %w", err)
	}
	if (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return nil, fmt.Errorf("twilio validator: public URL %q is not an absolute http(s) URL", publicURL)
	}
	if u.RawQuery != "" || u.Fragment != "" {
		return nil, fmt.Errorf("twilio validator: public URL %q must not have a query or fragment", publicURL)
	}
	return &Validator{
		rv:   client.NewRequestValidator(authToken),
		base: strings.TrimRight(publicURL, "/"),
	}, nil
}

// URL returns the URL Twilio called for r: the public base URL followed by
// r's path and query.
func (v *Validator) URL(r *http.Request) string {
	return v.base + r.URL.RequestURI()
}

// Check reports whether r carries a valid Twilio signature for its POST
// form, which it parses (r.ParseForm) if that has not been done. It returns
// ErrNoSignature, ErrBadSignature, or an error reading the form.
func (v *Validator) Check(r *http.Request) error {
	sig := r.Header.Get(SignatureHeader)
	if sig == "" {
		return ErrNoSignature
	}
	if err := r.ParseForm(); err != nil {
		return fmt.Errorf("check signature: read form: %w", err)
	}
	params, ok := singleValued(r.PostForm)
	if !ok {
		// Twilio never repeats a field; a request that does was not
		// signed by Twilio for the values we would read.
		return ErrBadSignature
	}
	if !v.rv.Validate(v.URL(r), params, sig) {
		return ErrBadSignature
	}
	return nil
}

func singleValued(form url.Values) (map[string]string, bool) {
	params := make(map[string]string, len(form))
	for k, vs := range form {
		if len(vs) != 1 {
			return nil, false
		}
		params[k] = vs[0]
	}
	return params, true
}

// Sign returns the X-Twilio-Signature Twilio would send for a POST of form
// to url: base64(HMAC-SHA1(authToken, url followed by every field name and
// value, sorted by name)). It is meant for tests and load tools that play
// Twilio.
func Sign(authToken, url string, form url.Values) string {
	keys := make([]string, 0, len(form))
	for k := range form {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	mac := hmac.New(sha1.New, []byte(authToken))
	mac.Write([]byte(url))
	for _, k := range keys {
		for _, v := range form[k] {
			mac.Write([]byte(k))
			mac.Write([]byte(v))
		}
	}
	return base64.StdEncoding.EncodeToString(mac.Sum(nil))
}
