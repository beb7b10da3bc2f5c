package metrics_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/debrief-sms/debrief/internal/clocktest"
	"github.com/debrief-sms/debrief/internal/followup"
	"github.com/debrief-sms/debrief/internal/metrics"
	"github.com/debrief-sms/debrief/internal/store"
	"github.com/debrief-sms/debrief/internal/web"
)

// backlog is a fixed answer to FollowupBacklog.
type backlog struct {
	b   store.Backlog
	err error
}

func (f backlog) FollowupBacklog(context.Context, time.Time) (store.Backlog, error) {
	return f.b, f.err
}

// scrape returns what h serves to a GET with the Authorization header
// auth ("" for none).
func scrape(t *testing.T, h http.Handler, auth string) (int, string) {
	t.Helper()
	r := httptest.NewRequest(http.MethodGet, web.MetricsPath, nil)
	if auth != "" {
		r.Header.Set("Authorization", auth)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, r)
	body, _ := io.ReadAll(rec.Body)
	return rec.Code, string(body)
}

// has fails the test unless every line is in the scrape.
func has(t *testing.T, scraped string, lines ...string) {
	t.Helper()
	for _, l := range lines {
		if !strings.Contains(scraped, "\n"+l+"\n") {
			t.Errorf("scrape has no line %q", l)
		}
	}
}

func TestCounters(t *testing.T) {
	t.Parallel()
	now := clocktest.Start()
	m := metrics.New(metrics.Options{
		Backlog: backlog{b: store.Backlog{Due: 4, Oldest: now.Add(-90 * time.Second)}},
		Now:     func() time.Time { return now },
	})
	m.TextIn(web.Answered)
	m.TextIn(web.Answered)
	m.TextIn(web.Refused)
	m.Replied(2)
	m.Replied(0)
	m.Sent(followup.Thanks)
	m.SendFailed(followup.Thanks, 21610)
	m.SendFailed(followup.Digest, 0)
	m.Webhook(web.SMSPath, 30*time.Millisecond)
	m.NBPush("pushed")
	m.NBPush("pushed")
	m.NBPush("retry")
	status, body := scrape(t, m.Handler(""), "")
	if status != http.StatusOK {
		t.Fatalf("%d %s", status, body)
	}
	has(t, body,
		`debrief_texts_in_total{outcome="answered"} 2`,
		`debrief_texts_in_total{outcome="refused"} 1`,
		`debrief_texts_in_total{outcome="duplicate"} 0`, // there from the start
		`debrief_texts_in_total{outcome="error"} 0`,
		`debrief_texts_out_total{kind="reply"} 2`,
		`debrief_texts_out_total{kind="thanks"} 1`,
		`debrief_texts_out_total{kind="digest"} 0`,
		`debrief_send_failures_total{code="21610"} 1`,
		`debrief_send_failures_total{code="none"} 1`,
		`debrief_followups_due 4`,
		`debrief_followups_lag_seconds 90`,
		`debrief_webhook_duration_seconds_bucket{path="/twilio/sms",le="0.05"} 1`,
		`debrief_webhook_duration_seconds_count{path="/twilio/sms"} 1`,
		`debrief_webhook_duration_seconds_count{path="/twilio/status"} 0`,
		`debrief_nationbuilder_pushes_total{outcome="pushed"} 2`,
		`debrief_nationbuilder_pushes_total{outcome="retry"} 1`,
		`debrief_nationbuilder_pushes_total{outcome="failed"} 0`,
		`debrief_nationbuilder_pushes_total{outcome="waiting"} 0`,
	)
	if !strings.Contains(body, "go_goroutines") || !strings.Contains(body, "process_resident_memory_bytes") {
		t.Error("no Go runtime or process metrics")
	}
}

// TestRegistryPerMetrics checks that two Metrics count apart, as two
// servers in one test binary do.
func TestRegistryPerMetrics(t *testing.T) {
	t.Parallel()
	a, b := metrics.New(metrics.Options{}), metrics.New(metrics.Options{})
	a.TextIn(web.Duplicate)
	_, body := scrape(t, b.Handler(""), "")
	has(t, body, `debrief_texts_in_total{outcome="duplicate"} 0`)
	if strings.Contains(body, "debrief_followups_due") {
		t.Error("a backlog without a store to read it from")
	}
}

// TestBacklogFailure checks that a backlog the database cannot read
// leaves the backlog out of the scrape, not the counters.
func TestBacklogFailure(t *testing.T) {
	t.Parallel()
	m := metrics.New(metrics.Options{Backlog: backlog{err: errors.New("database down")}})
	m.TextIn(web.Answered)
	status, body := scrape(t, m.Handler(""), "")
	if status != http.StatusOK {
		t.Fatalf("%d %s", status, body)
	}
	has(t, body, `debrief_texts_in_total{outcome="answered"} 1`)
	if strings.Contains(body, "debrief_followups_due ") {
		t.Error("a backlog was served that could not be read")
	}
}

func TestToken(t *testing.T) {
	t.Parallel()
	const token = "0123456789abcdef0123"
	h := metrics.New(metrics.Options{}).Handler(token)
	for _, tc := range []struct {
		name, auth string
		want       int
	}{
		{"no token", "", http.StatusUnauthorized},
		{"another token", "Bearer 0123456789abcdef0124", http.StatusUnauthorized},
		{"a prefix of the token", "Bearer 0123456789", http.StatusUnauthorized},
		{"the token, not as a bearer", "Basic " + token, http.StatusUnauthorized},
		{"the token alone", token, http.StatusUnauthorized},
		{"the token", "Bearer " + token, http.StatusOK},
		{"the token, scheme in lower case", "bearer " + token, http.StatusOK},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			status, body := scrape(t, h, tc.auth)
			if status != tc.want {
				t.Fatalf("%d, want %d", status, tc.want)
			}
			if status == http.StatusUnauthorized && strings.Contains(body, "debrief_") {
				t.Errorf("refused, yet served metrics: %s", body)
			}
		})
	}
}
