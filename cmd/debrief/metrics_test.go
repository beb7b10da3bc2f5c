package main

import (
	"bufio"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/debrief-sms/debrief/internal/twilio"
	"github.com/debrief-sms/debrief/internal/twilio/twiliotest"
	"github.com/debrief-sms/debrief/internal/web"
)

// TestServeMetrics runs `serve` with METRICS_ADDR, the scheduler sending
// through a fake Twilio, and checks what a scrape of the private listener
// counts after a few signed webhooks and a scheduler run; the public port
// has no /metrics.
func TestServeMetrics(t *testing.T) {
	t.Parallel()
	const public = "https://debrief.example.org"
	fake := twiliotest.New(t)
	e := sqliteEnv(t, env{
		"TWILIO_ACCOUNT_SID": fake.AccountSID,
		"TWILIO_AUTH_TOKEN":  fake.AuthToken,
		"TWILIO_FROM":        "+16175550000",
		"TWILIO_API_URL":     fake.URL,
		"PUBLIC_URL":         public,
		"QUIET_HOURS":        "", // the test may run at night
		"METRICS_ADDR":       "127.0.0.1:0",
	})
	cfg, err := configFromEnv(e.lookup)
	if err != nil {
		t.Fatal(err)
	}
	cfg.Port = 0
	const sent, stopped = "+16175550104", "+16175550106"
	addDueThanks(t, e, sent)
	addDueThanks(t, e, stopped)
	fake.OptOut(stopped)

	logs := &syncBuffer{}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := make(chan error, 1)
	go func() {
		done <- serve(ctx, cfg, serveOptions{}, slog.New(slog.NewJSONHandler(logs, nil)), logs, io.Discard)
	}()
	base := "http://" + listenAddr(t, logs, done)
	private := "http://" + loggedAddr(t, logs, "metrics listening")

	hi := url.Values{"MessageSid": {"SM0123456789abcdef0123456789abcdef"}, "From": {"+16175550105"}, "To": {"+18005551212"}, "Body": {"Hi"}, "NumMedia": {"0"}}
	for i, w := range []struct {
		path string
		sig  string // signed for this URL; "" unsigned
		form url.Values
		want int
	}{
		{web.SMSPath, public + web.SMSPath, hi, http.StatusOK},
		{web.SMSPath, public + web.SMSPath, hi, http.StatusOK}, // Twilio's retry: a duplicate
		{web.SMSPath, "", hi, http.StatusForbidden},
		{web.SMSPath, "https://elsewhere.example" + web.SMSPath, hi, http.StatusForbidden},
	} {
		req, err := http.NewRequest(http.MethodPost, base+w.path, strings.NewReader(w.form.Encode()))
		if err != nil {
			t.Fatal(err)
		}
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		if w.sig != "" {
			req.Header.Set(twilio.SignatureHeader, twilio.Sign(cfg.TwilioAuthToken, w.sig, w.form))
		}
		if body, status := do(t, req); status != w.want {
			t.Errorf("webhook %d: %d %s, want %d", i, status, body, w.want)
		}
	}

	// The scheduler's run: one thank-you accepted, one refused (21610).
	var scraped map[string]float64
	waitFor(t, "the scheduler's sends counted", func() bool {
		scraped = scrapeMetrics(t, private, "")
		return scraped[`debrief_texts_out_total{kind="thanks"}`] == 1 && scraped[`debrief_send_failures_total{code="21610"}`] == 1
	})
	for series, want := range map[string]float64{
		`debrief_texts_in_total{outcome="answered"}`:                    1,
		`debrief_texts_in_total{outcome="duplicate"}`:                   1,
		`debrief_texts_in_total{outcome="refused"}`:                     2,
		`debrief_texts_in_total{outcome="error"}`:                       0,
		`debrief_texts_out_total{kind="reply"}`:                         2,
		`debrief_texts_out_total{kind="thanks"}`:                        1,
		`debrief_texts_out_total{kind="next_step"}`:                     0,
		`debrief_send_failures_total{code="21610"}`:                     1,
		`debrief_webhook_duration_seconds_count{path="/twilio/sms"}`:    4,
		`debrief_webhook_duration_seconds_count{path="/twilio/status"}`: 0,
		`debrief_followups_due`:                                         0,
		`debrief_followups_lag_seconds`:                                 0,
	} {
		if got, ok := scraped[series]; !ok || got != want {
			t.Errorf("%s = %v (scraped: %v), want %v", series, got, ok, want)
		}
	}
	if n := len(fake.Sent()); n != 1 {
		t.Errorf("Twilio accepted %d texts, want 1", n)
	}

	req, _ := http.NewRequest(http.MethodGet, base+web.MetricsPath, nil)
	if body, status := do(t, req); status != http.StatusNotFound {
		t.Errorf("public port %s: %d %s, want 404", web.MetricsPath, status, body)
	}

	cancel()
	if err := <-done; err != nil {
		t.Errorf("serve after shutdown: %v", err)
	}
	if _, err := http.Get(private + web.MetricsPath); err == nil {
		t.Error("the metrics listener still answers after shutdown")
	}
}

// TestServeMetricsToken runs `serve` with METRICS_TOKEN and no
// METRICS_ADDR: /metrics is on the public port, for the token only, and
// reads the backlog from the database.
func TestServeMetricsToken(t *testing.T) {
	t.Parallel()
	const token = "test-metrics-token-0123456789"
	e := sqliteEnv(t, env{"TWILIO_AUTH_TOKEN": "authtoken", "PUBLIC_URL": "https://debrief.example.org", "METRICS_TOKEN": token})
	cfg, err := configFromEnv(e.lookup)
	if err != nil {
		t.Fatal(err)
	}
	cfg.Port = 0
	addDueThanks(t, e, "+16175550104") // due a minute ago; no scheduler sends it

	logs := &syncBuffer{}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := make(chan error, 1)
	go func() {
		done <- serve(ctx, cfg, serveOptions{NoScheduler: true}, slog.New(slog.NewJSONHandler(logs, nil)), logs, io.Discard)
	}()
	base := "http://" + listenAddr(t, logs, done)

	for _, auth := range []string{"", "Bearer not-the-token-0123456789"} {
		req, _ := http.NewRequest(http.MethodGet, base+web.MetricsPath, nil)
		if auth != "" {
			req.Header.Set("Authorization", auth)
		}
		if body, status := do(t, req); status != http.StatusUnauthorized || strings.Contains(body, "debrief_") {
			t.Errorf("Authorization %q: %d %s, want 401 and no metrics", auth, status, body)
		}
	}
	scraped := scrapeMetrics(t, base, token)
	if got := scraped["debrief_followups_due"]; got != 1 {
		t.Errorf("debrief_followups_due = %v, want 1", got)
	}
	if lag := scraped["debrief_followups_lag_seconds"]; lag < 60 || lag > 3600 {
		t.Errorf("debrief_followups_lag_seconds = %v, want a minute and a little", lag)
	}
	cancel()
	if err := <-done; err != nil {
		t.Errorf("serve after shutdown: %v", err)
	}
}

func TestMetricsConfig(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name  string
		env   env
		valid bool
	}{
		{"off", env{}, true},
		{"a private listener", env{"METRICS_ADDR": "127.0.0.1:9090"}, true},
		{"Fly's private network", env{"METRICS_ADDR": ":9091"}, true},
		{"a token", env{"METRICS_TOKEN": "0123456789abcdef"}, true},
		{"no port", env{"METRICS_ADDR": "127.0.0.1"}, false},
		{"a short token", env{"METRICS_TOKEN": "secret"}, false},
		{"spaces around the token", env{"METRICS_TOKEN": " 0123456789abcdef "}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			_, err := configFromEnv(tc.env.lookup)
			if (err == nil) != tc.valid {
				t.Errorf("configFromEnv: %v, want valid %v", err, tc.valid)
			}
		})
	}
}

// scrapeMetrics GETs base's /metrics with the bearer token, if any, and
// returns its samples by series.
func scrapeMetrics(t *testing.T, base, token string) map[string]float64 {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, base+web.MetricsPath, nil)
	if err != nil {
		t.Fatal(err)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	body, status := do(t, req)
	if status != http.StatusOK {
		t.Fatalf("scrape %s: %d %s", base, status, body)
	}
	out := map[string]float64{}
	sc := bufio.NewScanner(strings.NewReader(body))
	for sc.Scan() {
		line := sc.Text()
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		i := strings.LastIndexByte(line, ' ')
		v, err := strconv.ParseFloat(line[i+1:], 64)
		if err != nil {
			t.Fatalf("scrape line %q: %v", line, err)
		}
		out[line[:i]] = v
	}
	return out
}

// loggedAddr polls serve's log for the addr of its first line saying msg.
func loggedAddr(t *testing.T, logs *syncBuffer, msg string) string {
	t.Helper()
	var addr string
	waitFor(t, "a log line "+msg, func() bool {
		for _, line := range strings.Split(logs.String(), "\n") {
			var rec struct{ Msg, Addr string }
			if json.Unmarshal([]byte(line), &rec) == nil && rec.Msg == msg {
				addr = rec.Addr
				return true
			}
		}
		return false
	})
	return addr
}
