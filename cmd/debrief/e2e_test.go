package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/debrief-sms/debrief/internal/twilio"
	"github.com/debrief-sms/debrief/internal/web"
)

func TestChat(t *testing.T) {
	t.Parallel()
	cfg, err := configFromEnv(func(k string) string {
		if k == "DATABASE_URL" {
			return filepath.Join(t.TempDir(), "debrief.db")
		}
		return ""
	})
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	if err := chat(context.Background(), cfg, defaultChatPhone, strings.NewReader("Hi\nMaria Lopez\nSTOP\n"), &out); err != nil {
		t.Fatal(err)
	}
	var replies []string
	for _, line := range strings.Split(out.String(), "\n") {
		if r, ok := strings.CutPrefix(line, replyPrefix); ok {
			replies = append(replies, r)
		}
	}
	if len(replies) < 3 {
		t.Fatalf("%d replies, want one per text at least:\n%s", len(replies), out.String())
	}
	if !strings.Contains(strings.ToLower(replies[0]), "name") {
		t.Errorf("first reply %q does not ask for a name", replies[0])
	}
	if last := replies[len(replies)-1]; !strings.Contains(last, "opted out") {
		t.Errorf("last reply %q, want the opt-out notice", last)
	}
}

func TestChatPhone(t *testing.T) {
	t.Parallel()
	tests := []struct{ in, want string }{
		{"+15555550100", "+15555550100"},
		{"617-555-0100", "+16175550100"},
		{"(202) 555 0143", "+12025550143"},
		{"hello", ""},
	}
	for _, tc := range tests {
		got, err := chatPhone(tc.in)
		if got != tc.want || (err != nil) != (tc.want == "") {
			t.Errorf("chatPhone(%q) = %q, %v; want %q", tc.in, got, err, tc.want)
		}
	}
}

// TestServe runs `serve` as in production, on a free port, answers a signed
// webhook and a health check, then shuts down when the context ends.
func TestServe(t *testing.T) {
	t.Parallel()
	const token, public = "tok", "https://debrief.example.org"
	cfg, err := configFromEnv(func(k string) string {
		return map[string]string{
			"DATABASE_URL":      filepath.Join(t.TempDir(), "debrief.db"),
			"TWILIO_AUTH_TOKEN": token,
			"PUBLIC_URL":        public,
		}[k]
	})
	if err != nil {
		t.Fatal(err)
	}
	cfg.Port = 0 // any free port

	logs := &syncBuffer{}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- serve(ctx, cfg, false, slog.New(slog.NewJSONHandler(logs, nil)), io.Discard) }()
	base := "http://" + listenAddr(t, logs, done)

	form := url.Values{"MessageSid": {"SMserve1"}, "From": {"+16175550104"}, "To": {"+18005551212"}, "Body": {"Hi"}, "NumMedia": {"0"}}
	req, err := http.NewRequest(http.MethodPost, base+web.SMSPath, strings.NewReader(form.Encode()))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set(twilio.SignatureHeader, twilio.Sign(token, public+web.SMSPath, form))
	body, status := do(t, req)
	if status != http.StatusOK || !strings.Contains(body, "<Message>") {
		t.Errorf("webhook: %d %s", status, body)
	}
	for _, path := range []string{web.HealthPath, web.ReadyPath} {
		req, _ := http.NewRequest(http.MethodGet, base+path, nil)
		if _, status := do(t, req); status != http.StatusOK {
			t.Errorf("%s: %d", path, status)
		}
	}

	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("serve after shutdown: %v", err)
		}
	case <-time.After(15 * time.Second):
		t.Fatal("serve did not shut down")
	}
}

func do(t *testing.T, req *http.Request) (string, int) {
	t.Helper()
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return string(b), resp.StatusCode
}

// listenAddr polls serve's log for the address it listens on.
func listenAddr(t *testing.T, logs *syncBuffer, done <-chan error) string {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		for _, line := range strings.Split(logs.String(), "\n") {
			var rec struct{ Msg, Addr string }
			if json.Unmarshal([]byte(line), &rec) == nil && rec.Msg == "listening" {
				return rec.Addr
			}
		}
		select {
		case err := <-done:
			t.Fatalf("serve stopped: %v", err)
		case <-time.After(10 * time.Millisecond):
		}
	}
	t.Fatal("serve did not start listening")
	return ""
}

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}
