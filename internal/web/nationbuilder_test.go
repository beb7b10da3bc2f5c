package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/debrief-sms/debrief/internal/nationbuilder/nbtest"
	"github.com/debrief-sms/debrief/internal/store/storetest"
	"github.com/debrief-sms/debrief/internal/web"
)

// The NationBuilder page's fixture: the nation it names, and the
// PUBLIC_URL of the callback NationBuilder sends the coordinator to.
const (
	testNation    = "https://test-nation.nationbuilder.com"
	testPublicURL = "https://debrief.example.org"
)

// failPush marks the push of report failed for good, as the sync would.
func (s *site) failPush(t *testing.T, report int64, reason string) int64 {
	t.Helper()
	var id int64
	at := time.Date(2026, 11, 24, 16, 30, 0, 0, time.UTC)
	if err := s.db.QueryRow(`UPDATE nb_pushes SET status = 'failed', attempts = 1, last_error = $1, updated_at = $2
		WHERE report_id = $3 RETURNING id`, reason, at, report).Scan(&id); err != nil {
		t.Fatal(err)
	}
	return id
}

// checkNationBuilderPages is TestPagesAuthorization's part for the
// NationBuilder page: a coordinator's alone (anonymous and volunteer go
// to the sign-in page, organizers are refused 403), linked from a
// coordinator's nav only; its POST refused without a CSRF token.
func checkNationBuilderPages(t *testing.T, s *site, b *browser, name string) {
	t.Helper()
	i, known := who[name]
	if !known {
		t.Fatalf("no viewer %q", name)
	}
	const (
		in  = http.StatusSeeOther
		ok  = http.StatusOK
		saw = http.StatusSeeOther
		no  = http.StatusForbidden
		bad = http.StatusBadRequest
	)
	if a := b.get(web.ReportsPath); i >= 2 && strings.Contains(a.body, `href="/nationbuilder"`) != (i == 4) {
		t.Errorf("the nav links the NationBuilder page: %v, want %v", !(i == 4), i == 4)
	}
	for _, tc := range []struct {
		path   string
		status [5]int
	}{
		{web.NationBuilderPath, [5]int{in, in, no, no, ok}},
		{web.NationBuilderConnectPath, [5]int{in, in, no, no, saw}},
		{web.NationBuilderCallbackPath + "?code=" + nbtest.GoodCode + "&state=forged", [5]int{in, in, no, no, bad}},
		{web.NationBuilderCallbackPath + "?code=" + nbtest.GoodCode, [5]int{in, in, no, no, bad}},
	} {
		a := b.get(tc.path)
		if a.status != tc.status[i] || i < 2 && a.location != web.SigninPath {
			t.Errorf("GET %s: %d to %q, want %d", tc.path, a.status, a.location, tc.status[i])
		}
		if tc.path == web.NationBuilderConnectPath && i == 4 && !strings.HasPrefix(a.location, s.nb.URL+"/oauth/authorize?") {
			t.Errorf("GET %s: to %q, want NationBuilder's authorize page", tc.path, a.location)
		}
	}
	if sealed, err := s.st.LoadNBToken(context.Background()); err != nil || sealed != "" {
		t.Errorf("a callback without this session's state stored a token (%v)", err)
	}
	// Without the form's token first: refused, nothing queued.
	id := s.failPush(t, s.reportB, "422 mobile_number: is invalid")
	if a := b.do(http.MethodPost, web.NationBuilderRetryPath, url.Values{"id": {fmt.Sprint(id)}}); a.status != http.StatusForbidden {
		t.Errorf("POST %s without a CSRF token: %d, want 403", web.NationBuilderRetryPath, a.status)
	}
	if i >= 2 {
		b.get(web.ReportsPath) // a page's token
	}
	for _, tc := range []struct {
		id     string
		status [5]int
	}{
		{"x", [5]int{in, in, no, no, bad}},
		{fmt.Sprint(id), [5]int{in, in, no, no, saw}},
		{fmt.Sprint(id), [5]int{in, in, no, no, http.StatusNotFound}}, // not failed any more
		{"", [5]int{in, in, no, no, saw}},
	} {
		a := b.post(web.NationBuilderRetryPath, url.Values{"id": {tc.id}})
		if a.status != tc.status[i] {
			t.Errorf("POST %s id=%q: %d to %q, want %d", web.NationBuilderRetryPath, tc.id, a.status, a.location, tc.status[i])
		}
	}
	sum, err := s.st.NBStatus(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if retried := len(sum.Failed) == 0; retried != (i == 4) {
		t.Errorf("%s retried the failed push: %v", name, retried)
	}
	if _, err := s.db.Exec(`UPDATE nb_pushes SET status = 'pending', attempts = 0, last_error = '' WHERE id = $1`, id); err != nil {
		t.Fatal(err)
	}
}

// TestNationBuilderConnect runs the OAuth round trip against the fake
// NationBuilder: the page's button sends the coordinator to the nation's
// authorize page with a state of their session's; a callback whose state
// is missing, forged or another session's is refused 400 and stores
// nothing, a code the nation refuses is said on the page (502), an
// approval declined too (400); the nation's code is exchanged at the
// token endpoint with the registered redirect URI, and the token stored
// sealed, which the page then shows connected.
func TestNationBuilderConnect(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, be storetest.Backend) {
		s := newSite(t, be, true)
		ctx := context.Background()
		b := s.browser(t)
		b.signIn(coordinator)
		if a := b.get(web.NationBuilderPath); a.status != http.StatusOK || !strings.Contains(a.body, "Not connected yet") ||
			!strings.Contains(a.body, `href="/nationbuilder/connect"`) {
			t.Fatalf("GET %s: %d\n%s", web.NationBuilderPath, a.status, a.body)
		}
		a := b.get(web.NationBuilderConnectPath)
		to, err := url.Parse(a.location)
		if a.status != http.StatusSeeOther || err != nil || s.nb.URL+to.Path != s.nb.URL+"/oauth/authorize" ||
			!strings.HasPrefix(a.location, s.nb.URL) {
			t.Fatalf("GET %s: %d to %q, want NationBuilder's authorize page", web.NationBuilderConnectPath, a.status, a.location)
		}
		q := to.Query()
		state := q.Get("state")
		if q.Get("client_id") != nbtest.ClientID || q.Get("response_type") != "code" ||
			q.Get("redirect_uri") != testPublicURL+web.NationBuilderCallbackPath || len(state) < 32 {
			t.Fatalf("authorize URL %s", a.location)
		}
		if again := b.get(web.NationBuilderConnectPath); again.location != a.location {
			t.Errorf("the session's state changed: %q then %q", a.location, again.location)
		}
		other := s.browser(t)
		other.signIn(coordinator)
		otherTo, _ := url.Parse(other.get(web.NationBuilderConnectPath).location)
		otherState := otherTo.Query().Get("state")
		if otherState == state || otherState == "" {
			t.Fatalf("two sessions, one state %q", state)
		}

		callback := func(b *browser, v url.Values) answer {
			return b.get(web.NationBuilderCallbackPath + "?" + v.Encode())
		}
		for _, tc := range []struct {
			name  string
			query url.Values
			want  int
			says  string
		}{
			{"no state", url.Values{"code": {nbtest.GoodCode}}, http.StatusBadRequest, "state"},
			{"forged state", url.Values{"code": {nbtest.GoodCode}, "state": {strings.Repeat("0", len(state))}}, http.StatusBadRequest, "state"},
			{"another session's state", url.Values{"code": {nbtest.GoodCode}, "state": {otherState}}, http.StatusBadRequest, "state"},
			{"no code", url.Values{"state": {state}}, http.StatusBadRequest, "code"},
			{"declined", url.Values{"state": {state}, "error": {"access_denied"}}, http.StatusBadRequest, "did not connect"},
			{"a code the nation refuses", url.Values{"code": {"used-code"}, "state": {state}}, http.StatusBadGateway, "did not accept"},
		} {
			a := callback(b, tc.query)
			if a.status != tc.want || !strings.Contains(a.body, tc.says) {
				t.Errorf("%s: %d, want %d saying %q:\n%s", tc.name, a.status, tc.want, tc.says, a.body)
			}
			if sealed, err := s.st.LoadNBToken(ctx); err != nil || sealed != "" {
				t.Fatalf("%s: a token stored (%v)", tc.name, err)
			}
		}
		exchanges := 0
		for _, r := range s.nb.Requests() {
			if r.Path == "/oauth/token" {
				exchanges++
			}
		}
		if exchanges != 1 {
			t.Errorf("%d exchanges before the good code, want 1 (the refused code's)", exchanges)
		}

		if a := callback(b, url.Values{"code": {nbtest.GoodCode}, "state": {state}}); a.status != http.StatusSeeOther ||
			a.location != web.NationBuilderPath+"?done=connected" {
			t.Fatalf("the nation's code: %d to %q\n%s", a.status, a.location, a.body)
		}
		var token url.Values
		for _, r := range s.nb.Requests() {
			if r.Path == "/oauth/token" {
				token, _ = url.ParseQuery(r.Body)
			}
		}
		if token.Get("code") != nbtest.GoodCode || token.Get("grant_type") != "authorization_code" ||
			token.Get("redirect_uri") != testPublicURL+web.NationBuilderCallbackPath {
			t.Errorf("the exchange asked %v", token)
		}
		sealed, err := s.st.LoadNBToken(ctx)
		if err != nil || sealed == "" {
			t.Fatalf("no token stored (%v)", err)
		}
		if strings.Contains(sealed, "access-") {
			t.Errorf("the token is stored in the clear: %q", sealed)
		}
		tok, err := s.sealer.Open(sealed)
		if err != nil || !strings.HasPrefix(tok.Access, "access-") || tok.Refresh == "" {
			t.Fatalf("the stored token: %v, %v", tok, err)
		}
		if want := s.clock.Now().Add(24 * time.Hour).UTC(); !tok.ExpiresAt.Equal(want) {
			t.Errorf("expires %s, want %s (the page's clock plus a day)", tok.ExpiresAt, want)
		}
		page := b.get(web.NationBuilderPath + "?done=connected")
		if page.status != http.StatusOK || !strings.Contains(page.body, "NationBuilder is connected") ||
			!strings.Contains(page.body, "Connected.") || !strings.Contains(page.body, "Connect again") {
			t.Errorf("the page after connecting: %d\n%s", page.status, page.body)
		}

		// An organizer has no way in, with the coordinator's state or not.
		org := s.browser(t)
		org.signIn(organizerA)
		for _, path := range []string{web.NationBuilderConnectPath,
			web.NationBuilderCallbackPath + "?" + url.Values{"code": {nbtest.GoodCode}, "state": {state}}.Encode()} {
			if a := org.get(path); a.status != http.StatusForbidden {
				t.Errorf("an organizer's GET %s: %d, want 403", path, a.status)
			}
		}
	})
}

// TestNationBuilderGolden renders the page as the coordinator sees it
// with the connection stopped (a revoked token) and a push failed.
func TestNationBuilderGolden(t *testing.T) {
	t.Parallel()
	s := newSiteAt(t, storetest.Backends(t)[0], false, time.Date(2026, 11, 24, 17, 0, 0, 0, time.UTC))
	ctx := context.Background()
	at := time.Date(2026, 11, 24, 15, 0, 0, 0, time.UTC)
	if err := s.st.SaveNBToken(ctx, "sealed", at.Add(24*time.Hour), "NationBuilder refused the token (revoked): connect again", at); err != nil {
		t.Fatal(err)
	}
	s.failPush(t, s.reportB, "422 mobile_number: is invalid")
	b := s.browser(t)
	b.signIn(coordinator)
	a := b.get(web.NationBuilderPath)
	if a.status != http.StatusOK {
		t.Fatalf("%s: %d", web.NationBuilderPath, a.status)
	}
	golden(t, "nationbuilder_coordinator", strings.ReplaceAll(a.body, b.csrf, "CSRF"))
}
