package main

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/debrief-sms/debrief"
	"github.com/debrief-sms/debrief/internal/twilio"
	"github.com/debrief-sms/debrief/internal/web"
)

// heldInbox holds every text until released, as a slow database would,
// and says when one arrives.
type heldInbox struct {
	next    web.Inbox
	arrived chan struct{}
	release chan struct{}
}

func (h *heldInbox) Handle(ctx context.Context, in debrief.Inbound) ([]string, bool, error) {
	h.arrived <- struct{}{}
	<-h.release
	return h.next.Handle(ctx, in)
}

// startHeld runs `serve --no-scheduler` with grace, its inbox held, and
// posts one signed text; it returns the inbox, the logs, serve's result
// and the webhook's answer.
func startHeld(t *testing.T, ctx context.Context, grace time.Duration) (*heldInbox, *syncBuffer, <-chan error, <-chan string) {
	t.Helper()
	const public = "https://debrief.example.org"
	cfg, err := configFromEnv(sqliteEnv(t, env{"TWILIO_AUTH_TOKEN": "tok", "PUBLIC_URL": public}).lookup)
	if err != nil {
		t.Fatal(err)
	}
	cfg.Port, cfg.ShutdownGrace = 0, grace
	held := &heldInbox{arrived: make(chan struct{}, 1), release: make(chan struct{})}
	opts := serveOptions{NoScheduler: true, wrapInbox: func(ib web.Inbox) web.Inbox { held.next = ib; return held }}
	logs := &syncBuffer{}
	done := make(chan error, 1)
	go func() { done <- serve(ctx, cfg, opts, slog.New(slog.NewJSONHandler(logs, nil)), logs, io.Discard) }()
	base := "http://" + listenAddr(t, logs, done)

	answer := make(chan string, 1)
	go func() {
		form := url.Values{"MessageSid": {"SM0123456789abcdef0123456789abcdef"}, "From": {"+16175550105"},
			"To": {"+18005551212"}, "Body": {"Hi"}, "NumMedia": {"0"}}
		req, _ := http.NewRequest(http.MethodPost, base+web.SMSPath, strings.NewReader(form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set(twilio.SignatureHeader, twilio.Sign("tok", public+web.SMSPath, form))
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			answer <- "error: " + err.Error()
			return
		}
		defer res.Body.Close()
		body, _ := io.ReadAll(res.Body)
		answer <- res.Status + " " + string(body)
	}()
	select {
	case <-held.arrived:
	case err := <-done:
		t.Fatalf("serve stopped: %v", err)
	}
	return held, logs, done, answer
}

// TestServeDrainsOnShutdown holds a text in flight while serve is told to
// stop, as a deploy does: the text is answered 200 with its reply, serve
// returns nil (exit 0), and one log line says what it drained and
// released.
func TestServeDrainsOnShutdown(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithCancel(context.Background())
	held, logs, done, answer := startHeld(t, ctx, 15*time.Second)
	cancel() // SIGTERM
	waitFor(t, "shutdown to begin", func() bool { return strings.Contains(logs.String(), `"msg":"shutting down"`) })
	select {
	case err := <-done:
		t.Fatalf("serve returned %v with a text in flight", err)
	case <-time.After(50 * time.Millisecond):
	}
	close(held.release)
	if got := <-answer; !strings.HasPrefix(got, "200 ") || !strings.Contains(got, "<Message>") {
		t.Errorf("the text in flight got %q, want 200 and its reply", got)
	}
	if err := <-done; err != nil {
		t.Errorf("serve returned %v, want nil (exit 0)", err)
	}
	if l := logs.String(); !strings.Contains(l, `"msg":"shut down","requests_drained":1,"requests_cut":0`) ||
		!strings.Contains(l, `"released":"listener, database connections"`) {
		t.Errorf("no shutdown line saying what was drained and released:\n%s", l)
	}
}

// TestServeCutsAfterGrace: a request still running when the grace ends is
// cut, and serve says so with an error (exit 1): that is no ordinary
// deploy.
func TestServeCutsAfterGrace(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithCancel(context.Background())
	held, logs, done, answer := startHeld(t, ctx, 100*time.Millisecond)
	cancel()
	err := <-done
	if err == nil || !strings.Contains(err.Error(), "1 requests still running after SHUTDOWN_GRACE") {
		t.Errorf("serve returned %v, want the requests it cut", err)
	}
	close(held.release)
	<-answer
	if !strings.Contains(logs.String(), `"requests_cut":1`) {
		t.Errorf("the shutdown line does not count the request cut:\n%s", logs)
	}
}
