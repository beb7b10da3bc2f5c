// Package nbtest is a fake NationBuilder API served in-process for tests,
// shaped like the real one (../shared/nationbuilder): JSON:API bodies with
// string ids on v2, 201 or 200 from a push, flat {"code","message"} errors,
// 422s with errors[] and source.pointer, 429s with Retry-After past 250
// requests per 10 s per token, OAuth's token endpoint. It keeps its people,
// tags and contacts in memory, records every request, and breaks on demand
// (Fail): a 429, a 500, a connection dropped after the work is done, an
// expired or revoked token. It is not for production use.
package nbtest

import (
	"encoding/json"
	"net"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// Limit and Window are NationBuilder's rate limit per token.
const (
	Limit  = 250
	Window = 10 * time.Second
)

// OAuth client of the fake, and the code its authorize page hands out.
const (
	ClientID     = "debrief-test-client"
	ClientSecret = "debrief-test-secret"
	GoodCode     = "good-code"
)

// Request is one request the fake received.
type Request struct {
	Method, Path string
	Query        string
	Body         string
	Token        string
	Status       int
	At           time.Time
}

// Fault is a way to answer a request badly.
type Fault int

// Faults.
const (
	// RateLimited answers 429 with Retry-After: RetryAfter seconds.
	RateLimited Fault = iota + 1
	// ServerError answers 500.
	ServerError
	// DropAfter does the work (creates the person, logs the contact)
	// and closes the connection without answering.
	DropAfter
)

type rule struct {
	method, prefix string
	fault          Fault
	left           int
}

// Fake is the fake API. Its zero value is not usable; call New.
type Fake struct {
	*httptest.Server
	// RetryAfter is the Retry-After of an injected 429, in seconds.
	RetryAfter int
	// Now is the fake's clock for its rate limit and log; time.Now when
	// nil. Tests with a fake limiter set it to the limiter's clock.
	Now func() time.Time
	// NoRateLimit turns the 250/10 s limit off.
	NoRateLimit bool
	// V1ContactIDs makes v1's contact answer carry the contact's id; by
	// default it carries none, as in v1's documented example.
	V1ContactIDs bool
	// NoV1 answers 404 to every v1 request: a nation without it.
	NoV1 bool

	mu       sync.Mutex
	reqs     []Request
	rules    []*rule
	tokens   map[string]time.Time // access token -> expiry
	refresh  map[string]bool      // live refresh tokens
	windows  map[string][]time.Time
	nextID   int
	people   map[string]*Person
	tags     map[string]string // id -> name
	taggings map[[2]string]bool
	contacts map[string]*Contact
	ctypes   map[string]string // id -> name
}

// Person is a person the fake holds.
type Person struct {
	ID                                                         string
	FirstName, LastName, Email, MobileNumber, Note, ExternalID string
	Tags                                                       []string // names
}

// Contact is a contact the fake holds.
type Contact struct {
	ID, SignupID, AuthorID, Method, Status, Note, TypeID string
	V1                                                   bool
}

// New starts a fake that accepts the token "test-token", closed when the
// test ends.
func New(t testing.TB) *Fake {
	f := newFake()
	f.Server = httptest.NewServer(http.HandlerFunc(f.serve))
	t.Cleanup(f.Close)
	return f
}

// Listen starts a fake on addr, for a try by hand or a load run of its
// own process; Close stops it.
func Listen(addr string) (*Fake, error) {
	l, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, err
	}
	f := newFake()
	f.Server = httptest.NewUnstartedServer(http.HandlerFunc(f.serve))
	f.Server.Listener.Close()
	f.Server.Listener = l
	f.Server.Start()
	return f, nil
}

func newFake() *Fake {
	f := &Fake{RetryAfter: 3, tokens: map[string]time.Time{}, refresh: map[string]bool{}, windows: map[string][]time.Time{},
		people: map[string]*Person{}, tags: map[string]string{}, taggings: map[[2]string]bool{},
		contacts: map[string]*Contact{}, ctypes: map[string]string{}}
	// The direct test token lasts until ExpireTokens or Revoke, whatever
	// the clock a test sets.
	f.tokens["test-token"] = time.Date(9999, 1, 1, 0, 0, 0, 0, time.UTC)
	return f
}

// wallClock is the fake's clock when Now is not set: NationBuilder
// stamps and limits by its own clock.
var wallClock = time.Now

func (f *Fake) now() time.Time {
	if f.Now != nil {
		return f.Now()
	}
	return wallClock()
}

func (f *Fake) id() string {
	f.nextID++
	return strconv.Itoa(f.nextID)
}

// Fail makes the next n requests whose method is method ("" any) and path
// starts with prefix answer with fault.
func (f *Fake) Fail(method, prefix string, fault Fault, n int) {
	f.mu.Lock()
	f.rules = append(f.rules, &rule{method: method, prefix: prefix, fault: fault, left: n})
	f.mu.Unlock()
}

// ExpireTokens makes every access token expired: the next request with
// one gets 401, and a refresh gives a new one.
func (f *Fake) ExpireTokens() {
	f.mu.Lock()
	for k := range f.tokens {
		f.tokens[k] = time.Time{}
	}
	f.mu.Unlock()
}

// Revoke ends the app's access: every access and refresh token is refused.
func (f *Fake) Revoke() {
	f.mu.Lock()
	f.tokens, f.refresh = map[string]time.Time{}, map[string]bool{}
	f.mu.Unlock()
}

// Requests returns what the fake received, in order.
func (f *Fake) Requests() []Request {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]Request(nil), f.reqs...)
}

// People returns the people the fake holds.
func (f *Fake) People() []Person {
	f.mu.Lock()
	defer f.mu.Unlock()
	out := make([]Person, 0, len(f.people))
	for _, p := range f.people {
		c := *p
		c.Tags = append([]string(nil), p.Tags...)
		out = append(out, c)
	}
	return out
}

// Contacts returns the contacts logged.
func (f *Fake) Contacts() []Contact {
	f.mu.Lock()
	defer f.mu.Unlock()
	out := make([]Contact, 0, len(f.contacts))
	for _, c := range f.contacts {
		out = append(out, *c)
	}
	return out
}

// ContactTypes returns the v1 contact types by id.
func (f *Fake) ContactTypes() map[string]string {
	f.mu.Lock()
	defer f.mu.Unlock()
	out := map[string]string{}
	for k, v := range f.ctypes {
		out[k] = v
	}
	return out
}

// Tags returns the tags' names by id.
func (f *Fake) Tags() map[string]string {
	f.mu.Lock()
	defer f.mu.Unlock()
	out := map[string]string{}
	for k, v := range f.tags {
		out[k] = v
	}
	return out
}

// AddPerson puts a person in the nation, as if entered by hand, and
// returns their id.
func (f *Fake) AddPerson(p Person) string {
	f.mu.Lock()
	defer f.mu.Unlock()
	p.ID = f.id()
	f.people[p.ID] = &p
	return p.ID
}

// MaxInWindow is the most requests any one token made in a Window of the
// fake's clock.
func (f *Fake) MaxInWindow() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	byToken := map[string][]time.Time{}
	for _, r := range f.reqs {
		byToken[r.Token] = append(byToken[r.Token], r.At)
	}
	most := 0
	for _, ts := range byToken {
		j := 0
		for i := range ts {
			for ts[i].Sub(ts[j]) >= Window {
				j++
			}
			most = max(most, i-j+1)
		}
	}
	return most
}

// serve authenticates, limits and injects faults, then routes.
func (f *Fake) serve(w http.ResponseWriter, r *http.Request) {
	body := readBody(r)
	rec := Request{Method: r.Method, Path: r.URL.Path, Query: r.URL.RawQuery, Body: string(body)}
	f.mu.Lock()
	rec.At = f.now()
	status := f.handle(w, r, body, &rec)
	rec.Status = status
	f.reqs = append(f.reqs, rec)
	f.mu.Unlock()
}

// handle runs with f.mu held and returns the status it answered (0 for a
// dropped connection).
func (f *Fake) handle(w http.ResponseWriter, r *http.Request, body []byte, rec *Request) int {
	if strings.HasPrefix(r.URL.Path, "/oauth/") {
		return f.oauth(w, r, body)
	}
	tok, _ := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	rec.Token = tok
	if exp, ok := f.tokens[tok]; !ok || !rec.At.Before(exp) {
		return flat(w, http.StatusUnauthorized, "unauthorized", "You are not authorized to access this content. Your access token may be missing. The resource owner also may not have a permission level sufficient to grant access.")
	}
	if !f.NoRateLimit {
		ws := f.windows[tok]
		for len(ws) > 0 && rec.At.Sub(ws[0]) >= Window {
			ws = ws[1:]
		}
		if len(ws) >= Limit {
			f.windows[tok] = ws
			return f.rateLimited(w, int((Window-rec.At.Sub(ws[0])+time.Second-1)/time.Second))
		}
		f.windows[tok] = append(ws, rec.At)
	}
	var drop bool
	for _, ru := range f.rules {
		if ru.left > 0 && (ru.method == "" || ru.method == r.Method) && strings.HasPrefix(r.URL.Path, ru.prefix) {
			ru.left--
			switch ru.fault {
			case RateLimited:
				return f.rateLimited(w, f.RetryAfter)
			case ServerError:
				return flat(w, http.StatusInternalServerError, "server_error", "Something went wrong")
			case DropAfter:
				drop = true
			}
			break
		}
	}
	if f.NoV1 && strings.HasPrefix(r.URL.Path, "/api/v1/") {
		return flat(w, http.StatusNotFound, "not_found", "Record not found")
	}
	if !drop {
		return f.route(w, r, body)
	}
	// Do the work, answer into nothing, and cut the connection.
	f.route(httptest.NewRecorder(), r, body)
	if hj, ok := w.(http.Hijacker); ok {
		if conn, _, err := hj.Hijack(); err == nil {
			conn.Close()
		}
	}
	return 0
}

func (f *Fake) rateLimited(w http.ResponseWriter, secs int) int {
	w.Header().Set("Retry-After", strconv.Itoa(max(secs, 1)))
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(http.StatusTooManyRequests)
	_ = json.NewEncoder(w).Encode(map[string]string{"message": "You have made too many requests. Please try again later."})
	return http.StatusTooManyRequests
}

// flat writes NationBuilder's flat error body.
func flat(w http.ResponseWriter, status int, code, msg string) int {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(map[string]string{"code": code, "message": msg})
	return status
}

// invalid writes a 422 JSON:API errors document naming the attribute.
func invalid(w http.ResponseWriter, attr, msg string) int {
	w.Header().Set("Content-Type", "application/vnd.api+json")
	w.WriteHeader(http.StatusUnprocessableEntity)
	_ = json.NewEncoder(w).Encode(map[string]any{"errors": []any{map[string]any{
		"code": "unprocessable_entity", "status": "422", "title": "Validation Error", "detail": msg,
		"source": map[string]string{"pointer": "/data/attributes/" + attr},
		"meta":   map[string]string{"attribute": attr, "message": msg},
	}}})
	return http.StatusUnprocessableEntity
}

// writeJSON answers v (JSON:API on v2).
func writeJSON(w http.ResponseWriter, r *http.Request, status int, v any) int {
	ct := "application/json"
	if strings.HasPrefix(r.URL.Path, "/api/v2/") {
		ct = "application/vnd.api+json"
	}
	w.Header().Set("Content-Type", ct)
	w.Header().Set("RateLimit-Limit", strconv.Itoa(Limit))
	w.Header().Set("RateLimit-Remaining", "100")
	w.Header().Set("RateLimit-Reset", "10")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
	return status
}
