package nbsync_test

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/time/rate"

	"github.com/debrief-sms/debrief"
	"github.com/debrief-sms/debrief/internal/nationbuilder"
	"github.com/debrief-sms/debrief/internal/nationbuilder/nbtest"
	"github.com/debrief-sms/debrief/internal/prismtest"
	"github.com/debrief-sms/debrief/internal/store/storetest"
)

// The contract test runs Debrief's real requests to NationBuilder (a whole
// push: the volunteer, the person met by email and by phone, tags, the
// contact through v2, an edit) through Stoplight Prism in proxy mode,
// which checks each v2 request against the API's OpenAPI description
// before passing it to the fake, and the fake's answer on the way back.
// Any violation fails the test. v1 (contact types, contacts with a type,
// people/match) and OAuth are not in the description: those requests go
// to the fake directly.
//
// Environment: DEBRIEF_TEST_PRISM=require fails instead of skipping when
// prism is missing (CI sets it); DEBRIEF_NATIONBUILDER_SPEC names the
// description when it is not ../shared/nationbuilder/ from the repository
// root (else the copy in testdata is used).

const specName = "nationbuilder-v2-openapi.yml"

func TestContractPrism(t *testing.T) {
	prism := prismtest.Find(t, "")
	spec, err := findSpec()
	if err != nil {
		t.Fatal(err)
	}

	f := newFixture(t, storetest.OpenSQLite(t))
	prismURL := prismtest.Start(t, prism, spec, f.fake.URL)
	rec := &violations{base: http.DefaultTransport, prism: prismURL}
	hc := &http.Client{Transport: rec, Timeout: 60 * time.Second}

	t.Run("prism refuses a push of the wrong type", func(t *testing.T) {
		req, _ := http.NewRequest(http.MethodPatch, prismURL+"/api/v2/signups/push",
			strings.NewReader(`{"data":{"type":"people","attributes":{"email":"a@example.org"}}}`))
		req.Header.Set("Content-Type", "application/vnd.api+json")
		req.Header.Set("Authorization", "Bearer test-token")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode < 400 && resp.Header.Get("sl-violations") == "" {
			t.Errorf("prism passed a push of type people: %s %s", resp.Status, b)
		}
	})

	// The fake's error answers, checked by prism against the description's
	// 404, 401, 429 and 422 shapes.
	t.Run("error answers", func(t *testing.T) {
		f.fake.Fail("PATCH", "/api/v2/signups/push", nbtest.RateLimited, 1)
		for _, tc := range []struct {
			method, path, token, body string
			want                      int
		}{
			{"GET", "/api/v2/signups/999999", "test-token", "", 404},
			{"GET", "/api/v2/signups/999999", "wrong-token", "", 401},
			{"PATCH", "/api/v2/signups/push", "test-token", `{"data":{"type":"signups","attributes":{"email":"x@example.org"}}}`, 429},
			{"PATCH", "/api/v2/signups/push", "test-token", `{"data":{"type":"signups","attributes":{"email":"not-an-email"}}}`, 422},
		} {
			var body io.Reader
			if tc.body != "" {
				body = strings.NewReader(tc.body)
			}
			req, _ := http.NewRequest(tc.method, prismURL+tc.path, body)
			req.Header.Set("Authorization", "Bearer "+tc.token)
			req.Header.Set("Accept", "application/vnd.api+json, application/json")
			if tc.body != "" {
				req.Header.Set("Content-Type", "application/vnd.api+json")
			}
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			b, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode != tc.want || resp.Header.Get("sl-violations") != "" {
				t.Errorf("%s %s: %s, violations %q: %s; want %d and none", tc.method, tc.path, resp.Status, resp.Header.Get("sl-violations"), b, tc.want)
			}
		}
	})

	for _, noV1 := range []bool{false, true} {
		t.Run(fmt.Sprintf("push, v1 off %v", noV1), func(t *testing.T) {
			f.fake.NoV1 = noV1
			client, err := nationbuilder.New(nationbuilder.Config{BaseURL: f.fake.URL, Tokens: nationbuilder.NewStaticToken("test-token"),
				HTTPClient: hc, Limiter: rate.NewLimiter(rate.Inf, 1)})
			if err != nil {
				t.Fatal(err)
			}
			s := f.syncer(client)
			vol := fmt.Sprintf("+1617555%04d", map[bool]int{false: 201, true: 202}[noV1])
			f.volunteer(vol, "Ana Reyes", "Riverside Moms")
			r := debrief.Report{PersonName: "Maria Lopez", PersonEmail: "maria@example.org", Issue: "clean air",
				Commitments: []debrief.Commitment{debrief.CommitHouseParty}, Commitment: debrief.CommitHouseParty}
			r.Seq = f.report(vol, r)
			f.report(vol, debrief.Report{PersonName: "Sam Park", PersonPhone: "+16175550166"})
			if n := f.drain(s); n != 2 {
				t.Fatalf("pushed %d, want 2", n)
			}
			r.Notes = "teacher"
			f.save(vol, r)
			if n := f.drain(s); n != 1 {
				t.Fatalf("edit pushed %d", n)
			}
			if rec.checked() == 0 {
				t.Fatal("no request went through prism")
			}
			for _, v := range rec.found() {
				t.Errorf("prism found a violation: %s", v)
			}
			rec.reset()
		})
	}
}

// violations sends v2 requests through prism and the rest to the fake,
// and keeps what prism objected to.
type violations struct {
	base  http.RoundTripper
	prism string
	mu    sync.Mutex
	n     int
	bad   []string
}

func (v *violations) RoundTrip(req *http.Request) (*http.Response, error) {
	if !strings.HasPrefix(req.URL.Path, "/api/v2/") {
		return v.base.RoundTrip(req)
	}
	u, _ := url.Parse(v.prism)
	r := req.Clone(req.Context())
	r.URL.Scheme, r.URL.Host, r.Host = u.Scheme, u.Host, u.Host
	resp, err := v.base.RoundTrip(r)
	if err != nil {
		return nil, err
	}
	body, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil {
		return nil, err
	}
	resp.Body = io.NopCloser(bytes.NewReader(body))
	v.mu.Lock()
	v.n++
	if h := resp.Header.Get("sl-violations"); h != "" {
		v.bad = append(v.bad, fmt.Sprintf("%s %s: %s", req.Method, req.URL.RequestURI(), h))
	} else if resp.StatusCode >= 400 && !(resp.StatusCode == 422 && req.URL.Path == "/api/v2/signup_taggings") {
		// A 422 to a tagging is a tag the person has already (from
		// another report), which the client takes as done.
		v.bad = append(v.bad, fmt.Sprintf("%s %s: %s %s", req.Method, req.URL.RequestURI(), resp.Status, body))
	}
	v.mu.Unlock()
	return resp, nil
}

func (v *violations) checked() int {
	v.mu.Lock()
	defer v.mu.Unlock()
	return v.n
}

func (v *violations) found() []string {
	v.mu.Lock()
	defer v.mu.Unlock()
	return append([]string(nil), v.bad...)
}

func (v *violations) reset() {
	v.mu.Lock()
	v.n, v.bad = 0, nil
	v.mu.Unlock()
}

// findSpec returns the API description: $DEBRIEF_NATIONBUILDER_SPEC, else
// ../shared/nationbuilder beside the repository (the team's reference
// copy), else the copy in testdata.
func findSpec() (string, error) {
	if env := os.Getenv("DEBRIEF_NATIONBUILDER_SPEC"); env != "" {
		if _, err := os.Stat(env); err != nil {
			return "", fmt.Errorf("DEBRIEF_NATIONBUILDER_SPEC: %w", err)
		}
		return env, nil
	}
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for d := dir; filepath.Dir(d) != d; d = filepath.Dir(d) {
		if _, err := os.Stat(filepath.Join(d, "go.mod")); err == nil {
			near := filepath.Join(filepath.Dir(d), "shared", "nationbuilder", specName)
			if _, err := os.Stat(near); err == nil {
				return near, nil
			}
			break
		}
	}
	local := filepath.Join("testdata", specName)
	if _, err := os.Stat(local); err != nil {
		return "", fmt.Errorf("no %s beside the repository nor in testdata", specName)
	}
	return local, nil
}
