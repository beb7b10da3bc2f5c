package main

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
)

// TestServeDevSignin is the README's first sign-in: a coordinator added
// with `users add`, `serve --dev` printing the code instead of texting it,
// the reports page after the code; then `users set-role` signs them out.
func TestServeDevSignin(t *testing.T) {
	t.Parallel()
	e := sqliteEnv(t, nil)
	mustRun(t, e, "users", "add", "--phone", "617 555 0110", "--name", "Cora", "--role", "coordinator")
	cfg, err := configFromEnv(e.lookup)
	if err != nil {
		t.Fatal(err)
	}
	cfg.Port = 0
	stdout := &syncBuffer{}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		done <- serve(ctx, cfg, serveOptions{Dev: true}, slog.New(slog.NewJSONHandler(stdout, nil)), stdout, io.Discard)
	}()
	base := "http://" + listenAddr(t, stdout, done)

	cookies := map[string]string{}
	csrf := regexp.MustCompile(`name="_csrf" value="([^"]+)"`)
	var token string
	do := func(method, path string, form url.Values) *http.Response {
		t.Helper()
		var body io.Reader
		if form != nil {
			form.Set("_csrf", token)
			body = strings.NewReader(form.Encode())
		}
		req, err := http.NewRequest(method, base+path, body)
		if err != nil {
			t.Fatal(err)
		}
		if form != nil {
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		}
		for k, v := range cookies {
			req.AddCookie(&http.Cookie{Name: k, Value: v})
		}
		client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
		resp, err := client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		data, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		for _, c := range resp.Cookies() {
			cookies[c.Name] = c.Value
		}
		if m := csrf.FindSubmatch(data); m != nil {
			token = string(m[1])
		}
		return resp
	}
	do(http.MethodGet, "/signin", nil)
	if resp := do(http.MethodPost, "/signin", url.Values{"phone": {"(617) 555-0110"}}); resp.StatusCode != http.StatusOK {
		t.Fatalf("POST /signin: %d", resp.StatusCode)
	}
	var code string
	waitFor(t, "the printed code", func() bool {
		for _, l := range strings.Split(stdout.String(), "\n") {
			if strings.HasPrefix(l, printPrefix+"+1617***0110: ") {
				code = regexp.MustCompile(`\b\d{6}\b`).FindString(l)
				return code != ""
			}
		}
		return false
	})
	resp := do(http.MethodPost, "/signin/code", url.Values{"phone": {"+16175550110"}, "code": {code}})
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/reports" {
		t.Fatalf("POST /signin/code: %d to %q", resp.StatusCode, resp.Header.Get("Location"))
	}
	if resp := do(http.MethodGet, "/reports", nil); resp.StatusCode != http.StatusOK {
		t.Errorf("GET /reports signed in: %d", resp.StatusCode)
	}
	if out := mustRun(t, e, "users", "set-role", "--phone", "6175550110", "--role", "organizer"); !strings.Contains(out,
		"is now organizer; their web sessions are ended") {
		t.Errorf("users set-role said %q", out)
	}
	if resp := do(http.MethodGet, "/reports", nil); resp.StatusCode != http.StatusSeeOther {
		t.Errorf("GET /reports after a role change: %d, want 303 to /signin", resp.StatusCode)
	}
	cancel()
	if err := <-done; err != nil {
		t.Errorf("serve after shutdown: %v", err)
	}
}
