package twilio_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/debrief-sms/debrief"
	"github.com/debrief-sms/debrief/internal/prismtest"
	"github.com/debrief-sms/debrief/internal/twilio"
	"github.com/debrief-sms/debrief/internal/twilio/twiliotest"
)

// The contract test runs Debrief's real requests through Stoplight Prism
// in proxy mode, which checks each request against Twilio's published
// OpenAPI description before passing it to the fake, and checks the fake's
// answer on the way back. A request Twilio would refuse fails the test, and
// so does an answer Twilio would not give.
//
// Environment: DEBRIEF_TEST_PRISM=require fails instead of skipping when
// prism or the description is missing (CI sets it); DEBRIEF_TWILIO_SPEC
// names the description when it is not at ../shared/twilio from the
// repository root.

const specName = "twilio_api_v2010_messages.json"

func TestContractPrism(t *testing.T) {
	root, err := repoRoot()
	if err != nil {
		t.Fatal(err)
	}
	prism := prismtest.Find(t, root)
	spec, err := findSpec(root)
	if err != nil {
		prismtest.Unavailable(t, "Twilio's API description not found: %v", err)
	}

	spec = relaxListURIs(t, spec)

	fake := twiliotest.New(t)
	prismURL := prismtest.Start(t, prism, spec, fake.URL)
	rec := &recorder{base: http.DefaultTransport}
	client := &http.Client{Transport: rec, Timeout: 30 * time.Second}

	// Prism must refuse what Twilio would; otherwise the checks below
	// prove nothing.
	t.Run("prism refuses a request without To", func(t *testing.T) {
		resp := postForm(t, client, prismURL+fake.MessagesPath(), url.Values{"From": {testFrom}, "Body": {"hi"}})
		if resp.StatusCode != http.StatusUnprocessableEntity && resp.StatusCode != http.StatusBadRequest {
			t.Errorf("prism answered %s to a request without To, want 422 or 400", resp.Status)
		}
	})

	tests := []struct {
		name string
		edit func(*twilio.SenderConfig)
		body string
	}{
		{name: "from a number", body: "Did you meet Maria this week? Reply 1 yes, 2 not yet"},
		{name: "through a Messaging Service", body: "¿Conociste a María esta semana? 👍",
			edit: func(c *twilio.SenderConfig) { c.From, c.MessagingServiceSID = "", testService }},
		{name: "without status callback", body: strings.Repeat("long text ", 40),
			edit: func(c *twilio.SenderConfig) { c.StatusCallback = "" }},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			cfg := twilio.SenderConfig{
				AccountSID:     fake.AccountSID,
				AuthToken:      fake.AuthToken,
				From:           testFrom,
				APIURL:         prismURL,
				StatusCallback: testCallback,
				HTTPClient:     client,
			}
			if tc.edit != nil {
				tc.edit(&cfg)
			}
			s, err := twilio.NewSender(cfg)
			if err != nil {
				t.Fatal(err)
			}
			res, err := s.Send(t.Context(), testTo, tc.body)
			last := rec.last()
			if err != nil {
				t.Fatalf("Send through prism: %v\nprism answered %d: %s", err, last.status, last.body)
			}
			if v := last.header.Get("sl-violations"); v != "" {
				t.Errorf("prism found violations: %s", v)
			}
			m, ok := fake.Message(res.SID)
			if !ok || m.Body != tc.body {
				t.Errorf("fake has %+v for %s, want body %q", m, res.SID, tc.body)
			}

			// Fetch the text back through prism, which checks the fake's
			// message resource once more.
			req, err := http.NewRequestWithContext(t.Context(), http.MethodGet,
				prismURL+"/2010-04-01/Accounts/"+fake.AccountSID+"/Messages/"+res.SID+".json", nil)
			if err != nil {
				t.Fatal(err)
			}
			req.SetBasicAuth(fake.AccountSID, fake.AuthToken)
			resp, err := client.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			b, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode != http.StatusOK || resp.Header.Get("sl-violations") != "" {
				t.Errorf("fetch through prism: %s, violations %q: %s", resp.Status, resp.Header.Get("sl-violations"), b)
			}
		})
	}

	// The lists Debrief asks before re-sending a text whose send's
	// outcome is unknown: To and DateSent> as twilio-go writes them, then
	// To alone for a text still queued (date_sent null), and the fake's
	// pages checked on the way back.
	t.Run("list texts to a number since a day, and queued", func(t *testing.T) {
		s, err := twilio.NewSender(twilio.SenderConfig{
			AccountSID: fake.AccountSID, AuthToken: fake.AuthToken, From: testFrom,
			APIURL: prismURL, StatusCallback: testCallback, HTTPClient: client,
		})
		if err != nil {
			t.Fatal(err)
		}
		fake.Hold()
		if _, err := s.Send(t.Context(), testTo, "Still queued at Twilio"); err != nil {
			t.Fatalf("Send through prism: %v", err)
		}
		from := rec.count()
		got, err := s.SentTo(t.Context(), testTo, time.Now().Add(-time.Hour))
		answers := rec.since(from)
		if err != nil {
			last := rec.last()
			t.Fatalf("SentTo through prism: %v\nprism answered %d: %s", err, last.status, last.body)
		}
		if len(answers) != 2 {
			t.Errorf("SentTo made %d requests, want 2", len(answers))
		}
		for _, a := range answers {
			if v := a.header.Get("sl-violations"); v != "" {
				t.Errorf("prism found violations: %s", v)
			}
			if a.status != http.StatusOK {
				t.Errorf("prism answered %d: %s", a.status, a.body)
			}
		}
		if len(got) != len(tests)+1 {
			t.Errorf("listed %d texts to %s, want the %d sent above and the queued one: %+v", len(got), testTo, len(tests), got)
		}
		for _, m := range got {
			if m.To != testTo || m.SID == "" || m.Body == "" || m.Created.IsZero() {
				t.Errorf("listed %+v", m)
			}
		}
	})

	t.Run("error answer passes through", func(t *testing.T) {
		fake.OptOut("+16175559876")
		s, err := twilio.NewSender(twilio.SenderConfig{
			AccountSID: fake.AccountSID, AuthToken: fake.AuthToken, From: testFrom,
			APIURL: prismURL, StatusCallback: testCallback, HTTPClient: client,
		})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.Send(t.Context(), "+16175559876", "hi"); !errors.Is(err, debrief.ErrOptedOut) {
			last := rec.last()
			t.Errorf("Send = %v, want ErrOptedOut; prism answered %d: %s", err, last.status, last.body)
		}
	})
}

// listURIs are the page links of the Messages list answer. Twilio writes
// them relative to its API ("/2010-04-01/Accounts/..."), as the
// description's own example shows and twilio-go's paging expects (it joins
// next_page_uri to its base URL), while the description types them
// "format: uri", which a validator reads as absolute.
var listURIs = []string{"first_page_uri", "next_page_uri", "previous_page_uri", "uri"}

// relaxListURIs returns a copy of the description at spec, in the test's
// temporary directory, where the list answer's page links are URI
// references, so that Twilio's own answer shape passes; everything else is
// checked as published. A description without those properties fails the
// test: it changed, and this exception must be looked at again.
func relaxListURIs(t *testing.T, spec string) string {
	t.Helper()
	raw, err := os.ReadFile(spec)
	if err != nil {
		t.Fatal(err)
	}
	var doc map[string]any
	if err := json.Unmarshal(raw, &doc); err != nil {
		t.Fatalf("read %s: %v", spec, err)
	}
	props, ok := dig(doc, "paths", "/2010-04-01/Accounts/{AccountSid}/Messages.json", "get", "responses", "200",
		"content", "application/json", "schema", "properties")
	if !ok {
		t.Fatalf("%s: no Messages list answer schema", spec)
	}
	for _, name := range listURIs {
		p, ok := props[name].(map[string]any)
		if !ok || p["format"] != "uri" {
			t.Fatalf("%s: list answer property %s is %v, want format uri", spec, name, props[name])
		}
		p["format"] = "uri-reference"
	}
	out, err := json.Marshal(doc)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), specName)
	if err := os.WriteFile(path, out, 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// dig walks nested JSON objects by key.
func dig(v map[string]any, keys ...string) (map[string]any, bool) {
	for _, k := range keys {
		next, ok := v[k].(map[string]any)
		if !ok {
			return nil, false
		}
		v = next
	}
	return v, true
}

func postForm(t *testing.T, client *http.Client, target string, form url.Values) *http.Response {
	t.Helper()
	req, err := http.NewRequestWithContext(t.Context(), http.MethodPost, target, strings.NewReader(form.Encode()))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.SetBasicAuth(twiliotest.AccountSID, twiliotest.AuthToken)
	resp, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	_, _ = io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return resp
}

// repoRoot returns the directory of go.mod above the working directory.
func repoRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", fmt.Errorf("working directory: %w", err)
	}
	for d := dir; ; d = filepath.Dir(d) {
		if _, err := os.Stat(filepath.Join(d, "go.mod")); err == nil {
			return d, nil
		}
		if filepath.Dir(d) == d {
			return "", fmt.Errorf("no go.mod above %s", dir)
		}
	}
}

// findSpec returns Twilio's API description: $DEBRIEF_TWILIO_SPEC if set,
// else ../shared/twilio from the repository root (the team's reference
// copy), else the copy in testdata, so that a clone anywhere runs the test.
func findSpec(root string) (string, error) {
	if env := os.Getenv("DEBRIEF_TWILIO_SPEC"); env != "" {
		if _, err := os.Stat(env); err != nil {
			return "", fmt.Errorf("DEBRIEF_TWILIO_SPEC: %w", err)
		}
		return env, nil
	}
	near := filepath.Join(filepath.Dir(root), "shared", "twilio", specName)
	if _, err := os.Stat(near); err == nil {
		return near, nil
	}
	local := filepath.Join(root, "internal", "twilio", "testdata", specName)
	if _, err := os.Stat(local); err != nil {
		return "", fmt.Errorf("not at %s nor %s, and DEBRIEF_TWILIO_SPEC is not set", near, local)
	}
	return local, nil
}

// recorder keeps the answers that passed through it, with their bodies.
type recorder struct {
	base http.RoundTripper
	mu   sync.Mutex
	all  []answer
}

type answer struct {
	status int
	header http.Header
	body   []byte
}

func (r *recorder) RoundTrip(req *http.Request) (*http.Response, error) {
	resp, err := r.base.RoundTrip(req)
	if err != nil {
		return nil, err
	}
	body, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil {
		return nil, fmt.Errorf("read answer: %w", err)
	}
	resp.Body = io.NopCloser(bytes.NewReader(body))
	r.mu.Lock()
	r.all = append(r.all, answer{status: resp.StatusCode, header: resp.Header.Clone(), body: body})
	r.mu.Unlock()
	return resp, nil
}

func (r *recorder) last() answer {
	r.mu.Lock()
	defer r.mu.Unlock()
	if len(r.all) == 0 {
		return answer{}
	}
	return r.all[len(r.all)-1]
}

// count is how many answers passed through so far.
func (r *recorder) count() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return len(r.all)
}

// since returns the answers after the first n.
func (r *recorder) since(n int) []answer {
	r.mu.Lock()
	defer r.mu.Unlock()
	return slices.Clone(r.all[n:])
}
