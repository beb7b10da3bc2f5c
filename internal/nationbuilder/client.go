// Package nationbuilder is a client for the parts of NationBuilder's API
// Debrief uses: people ("signups" in v2) pushed, found and updated, tags,
// and contacts (v1 where v2 lacks the contact type). It speaks JSON:API to
// v2 (ids are strings) and plain JSON to v1 and OAuth, paces itself with
// the Limiter it is given, and classes every failure as temporary (429,
// 5xx, network) or permanent (Error.Temporary). It knows nothing of
// reports, volunteers or Debrief's matching rules: internal/nbsync does.
package nationbuilder

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"
)

// Limiter paces requests: Wait returns when one may be sent.
// *rate.Limiter satisfies it.
type Limiter interface {
	Wait(ctx context.Context) error
}

// TokenSource gives the bearer token of each request. Invalid tells it
// that NationBuilder refused token (401): the next Token must be another
// one (a refreshed token) or fail with ErrRevoked.
type TokenSource interface {
	Token(ctx context.Context) (string, error)
	Invalid(ctx context.Context, token string)
}

// Config configures a Client.
type Config struct {
	// BaseURL is the nation's address, https://{slug}.nationbuilder.com,
	// or a fake's.
	BaseURL string
	Tokens  TokenSource
	// HTTPClient sends the requests; one with a 30 s timeout when nil.
	HTTPClient *http.Client
	// Limiter paces every request, retries included; none when nil.
	Limiter Limiter
}

// Client calls one nation's API. It caches the ids of tags and of the
// contact type it looked up or created. It is safe for concurrent use.
type Client struct {
	base    string
	tokens  TokenSource
	http    *http.Client
	limiter Limiter

	mu           sync.Mutex
	tags         map[string]string // lower-case name -> id
	contactTypes map[string]string // name -> v1 id
}

// New returns a client for cfg.
func New(cfg Config) (*Client, error) {
	u, err := url.Parse(cfg.BaseURL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("nationbuilder: base URL %q: want https://{slug}.nationbuilder.com", cfg.BaseURL)
	}
	if cfg.Tokens == nil {
		return nil, errors.New("nationbuilder: no token source")
	}
	hc := cfg.HTTPClient
	if hc == nil {
		hc = &http.Client{Timeout: 30 * time.Second}
	}
	return &Client{base: strings.TrimRight(cfg.BaseURL, "/"), tokens: cfg.Tokens, http: hc, limiter: cfg.Limiter,
		tags: map[string]string{}, contactTypes: map[string]string{}}, nil
}

// JSON:API content type of v2 bodies.
const jsonAPI = "application/vnd.api+json"

// call sends one request and decodes a 2xx answer's body into out (when
// not nil); it returns the status. A 401 asks the token source for another
// token and tries once more.
func (c *Client) call(ctx context.Context, method, path string, query url.Values, body, out any) (int, error) {
	var raw []byte
	if body != nil {
		var err error
		if raw, err = json.Marshal(body); err != nil {
			return 0, fmt.Errorf("%s %s: encode: %w", method, path, err)
		}
	}
	target := c.base + path
	if len(query) > 0 {
		target += "?" + query.Encode()
	}
	for try := 0; ; try++ {
		tok, err := c.tokens.Token(ctx)
		if err != nil {
			return 0, fmt.Errorf("%s %s: %w", method, path, err)
		}
		status, resp, hdr, err := c.send(ctx, method, target, path, tok, raw)
		if err != nil {
			return 0, err
		}
		if status == http.StatusUnauthorized && try == 0 {
			c.tokens.Invalid(ctx, tok)
			continue
		}
		if status < 200 || status > 299 {
			return status, fmt.Errorf("%s %s: %w", method, path, parseError(status, resp, hdr))
		}
		if out != nil && len(bytes.TrimSpace(resp)) > 0 {
			if err := json.Unmarshal(resp, out); err != nil {
				return status, fmt.Errorf("%s %s: decode answer: %w", method, path, &Error{Status: status, Message: "unreadable answer", temporary: true})
			}
		}
		return status, nil
	}
}

// send makes one HTTP round trip after the limiter allows it.
func (c *Client) send(ctx context.Context, method, target, path, tok string, raw []byte) (int, []byte, http.Header, error) {
	if c.limiter != nil {
		if err := c.limiter.Wait(ctx); err != nil {
			return 0, nil, nil, fmt.Errorf("%s %s: wait for the rate limit: %w", method, path, err)
		}
	}
	var rd io.Reader
	if raw != nil {
		rd = bytes.NewReader(raw)
	}
	req, err := http.NewRequestWithContext(ctx, method, target, rd)
	if err != nil {
		return 0, nil, nil, fmt.Errorf("%s %s: %w", method, path, err)
	}
	req.Header.Set("Authorization", "Bearer "+tok)
	if strings.HasPrefix(path, "/api/v2/") {
		req.Header.Set("Accept", jsonAPI)
		if raw != nil {
			req.Header.Set("Content-Type", jsonAPI)
		}
	} else {
		req.Header.Set("Accept", "application/json")
		if raw != nil {
			req.Header.Set("Content-Type", "application/json")
		}
	}
	resp, err := c.http.Do(req)
	if err != nil {
		if ctx.Err() != nil {
			return 0, nil, nil, fmt.Errorf("%s %s: %w", method, path, ctx.Err())
		}
		return 0, nil, nil, fmt.Errorf("%s %s: %w", method, path, &Error{Message: "network: " + err.Error(), temporary: true, Err: err})
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(io.LimitReader(resp.Body, 4<<20))
	if err != nil {
		return 0, nil, nil, fmt.Errorf("%s %s: %w", method, path, &Error{Status: resp.StatusCode, Message: "network: answer cut: " + err.Error(), temporary: true, Err: err})
	}
	return resp.StatusCode, b, resp.Header, nil
}
