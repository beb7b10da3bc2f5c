package nationbuilder

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// Token is an OAuth access token with its refresh token.
type Token struct {
	Access    string    `json:"access_token"`
	Refresh   string    `json:"refresh_token,omitempty"`
	ExpiresAt time.Time `json:"expires_at"`
}

// String never shows the token itself, so a token logged by mistake
// leaks nothing.
func (t Token) String() string {
	return "nationbuilder token expiring " + t.ExpiresAt.UTC().Format(time.RFC3339)
}

// OAuth is a nation's OAuth 2 authorization-code flow.
type OAuth struct {
	BaseURL      string // https://{slug}.nationbuilder.com, or a fake's
	ClientID     string
	ClientSecret string
	RedirectURI  string
	HTTPClient   *http.Client // a 30 s timeout when nil
}

// AuthorizeURL is where a coordinator approves Debrief's access; the
// nation then sends them to RedirectURI with a code.
func (o OAuth) AuthorizeURL(state string) string {
	q := url.Values{"response_type": {"code"}, "client_id": {o.ClientID}, "redirect_uri": {o.RedirectURI}}
	if state != "" {
		q.Set("state", state)
	}
	return strings.TrimRight(o.BaseURL, "/") + "/oauth/authorize?" + q.Encode()
}

// Exchange trades an authorization code for a token; now stamps its
// expiry.
func (o OAuth) Exchange(ctx context.Context, code string, now time.Time) (Token, error) {
	t, err := o.token(ctx, url.Values{"grant_type": {"authorization_code"}, "code": {code}, "redirect_uri": {o.RedirectURI}}, now)
	if err != nil {
		return Token{}, fmt.Errorf("exchange code: %w", err)
	}
	return t, nil
}

// Refresh trades a refresh token for a new token. A refresh token
// NationBuilder refuses (revoked, already used) gives ErrRevoked.
func (o OAuth) Refresh(ctx context.Context, refresh string, now time.Time) (Token, error) {
	t, err := o.token(ctx, url.Values{"grant_type": {"refresh_token"}, "refresh_token": {refresh}}, now)
	if err != nil {
		return Token{}, fmt.Errorf("refresh token: %w", err)
	}
	if t.Refresh == "" {
		t.Refresh = refresh
	}
	return t, nil
}

func (o OAuth) token(ctx context.Context, form url.Values, now time.Time) (Token, error) {
	form.Set("client_id", o.ClientID)
	form.Set("client_secret", o.ClientSecret)
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, strings.TrimRight(o.BaseURL, "/")+"/oauth/token", strings.NewReader(form.Encode()))
	if err != nil {
		return Token{}, err
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Accept", "application/json")
	hc := o.HTTPClient
	if hc == nil {
		hc = &http.Client{Timeout: 30 * time.Second}
	}
	resp, err := hc.Do(req)
	if err != nil {
		return Token{}, &Error{Message: "network: " + err.Error(), temporary: true, Err: err}
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if err != nil {
		return Token{}, &Error{Status: resp.StatusCode, Message: "network: answer cut", temporary: true, Err: err}
	}
	if resp.StatusCode != http.StatusOK {
		e := parseError(resp.StatusCode, body, resp.Header)
		if resp.StatusCode == http.StatusBadRequest || resp.StatusCode == http.StatusUnauthorized {
			return Token{}, fmt.Errorf("%w (%w)", ErrRevoked, e)
		}
		return Token{}, e
	}
	var out struct {
		AccessToken  string `json:"access_token"`
		RefreshToken string `json:"refresh_token"`
		ExpiresIn    int64  `json:"expires_in"`
	}
	if err := json.Unmarshal(body, &out); err != nil || out.AccessToken == "" {
		return Token{}, &Error{Status: resp.StatusCode, Message: "token answer without access_token", temporary: true}
	}
	exp := 24 * time.Hour // NationBuilder's tokens last a day
	if out.ExpiresIn > 0 {
		exp = time.Duration(out.ExpiresIn) * time.Second
	}
	return Token{Access: out.AccessToken, Refresh: out.RefreshToken, ExpiresAt: now.Add(exp).UTC()}, nil
}
