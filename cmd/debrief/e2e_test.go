package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/debrief-sms/debrief/internal/followup"
	"github.com/debrief-sms/debrief/internal/store"
	"github.com/debrief-sms/debrief/internal/twilio"
	"github.com/debrief-sms/debrief/internal/twilio/twiliotest"
	"github.com/debrief-sms/debrief/internal/web"
)

func TestChat(t *testing.T) {
	t.Parallel()
	cfg, err := configFromEnv(sqliteEnv(t, nil).lookup)
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
	if strings.Contains(out.String(), scheduledPrefix) {
		t.Errorf("a sign-up scheduled something:\n%s", out.String())
	}
}

// hookReader yields lines one Read at a time and runs before(i) just
// before yielding line i, so a test can act between two texts of a chat.
type hookReader struct {
	lines  []string
	next   int
	before func(i int)
}

func (r *hookReader) Read(p []byte) (int, error) {
	if r.next == len(r.lines) {
		return 0, io.EOF
	}
	r.before(r.next)
	n := copy(p, r.lines[r.next]+"\n")
	r.next++
	return n, nil
}

// TestChatShowsScheduled completes a report in the chat and checks that
// the chat says what it scheduled. Until Save stores a report's
// follow-ups, the test schedules them itself just before the last answer;
// afterwards the line names those too.
func TestChatShowsScheduled(t *testing.T) {
	t.Parallel()
	e := sqliteEnv(t, env{"DEFAULT_TIMEZONE": "America/New_York"})
	cfg, err := configFromEnv(e.lookup)
	if err != nil {
		t.Fatal(err)
	}
	script := []string{"Hi", "Ana Ruiz", "Eastside", "Maria Lopez", "Rent is too high", "house party",
		"Call her in 3 days", "Her kids", "none", "no"}
	in := &hookReader{lines: script, before: func(i int) {
		if i != len(script)-1 {
			return
		}
		withTestStore(t, e, func(st *store.Store) {
			id, err := st.VolunteerID(context.Background(), defaultChatPhone)
			if err != nil {
				t.Fatal(err)
			}
			due := time.Date(2026, 11, 24, 18, 0, 0, 0, cfg.Location)
			err = st.AddFollowups(context.Background(), []store.NewFollowup{
				{VolunteerID: id, ReportSeq: 1, Kind: followup.Thanks, DueAt: due},
				{VolunteerID: id, ReportSeq: 1, Kind: followup.NextStep, DueAt: time.Date(2026, 12, 1, 9, 0, 0, 0, cfg.Location)},
			})
			if err != nil {
				t.Fatal(err)
			}
		})
	}}
	var out bytes.Buffer
	if err := chat(context.Background(), cfg, defaultChatPhone, in, &out); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	var saved, scheduled int
	for i, l := range lines {
		if strings.HasPrefix(l, replyPrefix+"Saved!") {
			saved = i
		}
		if strings.HasPrefix(l, scheduledPrefix) {
			scheduled = i
		}
	}
	if saved == 0 || scheduled < saved {
		t.Fatalf("no %q line after the report was saved:\n%s", scheduledPrefix, out.String())
	}
	line := lines[scheduled]
	for _, want := range []string{"thanks reminder Tue Nov 24 18:00 EST", "next step Tue Dec 1 09:00 EST"} {
		if !strings.Contains(line, want) {
			t.Errorf("%q does not name %q", line, want)
		}
	}
	if n := strings.Count(out.String(), scheduledPrefix); n != 1 {
		t.Errorf("%d scheduled lines, want one, for the completed report:\n%s", n, out.String())
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

// TestServe runs `serve` as in production, on a free port, with the
// scheduler sending through a fake Twilio: it answers a signed webhook and
// a health check, sends a due follow-up with the status callback URL,
// records the signed delivery status Twilio posts back, then shuts down
// when the context ends.
func TestServe(t *testing.T) {
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
	})
	cfg, err := configFromEnv(e.lookup)
	if err != nil {
		t.Fatal(err)
	}
	cfg.Port = 0 // any free port
	addDueThanks(t, e, "+16175550104")

	logs := &syncBuffer{}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		done <- serve(ctx, cfg, serveOptions{}, slog.New(slog.NewJSONHandler(logs, nil)), logs, io.Discard)
	}()
	base := "http://" + listenAddr(t, logs, done)

	form := url.Values{"MessageSid": {"SM0123456789abcdef0123456789abcdef"}, "From": {"+16175550105"}, "To": {"+18005551212"}, "Body": {"Hi"}, "NumMedia": {"0"}}
	body, status := post(t, base+web.SMSPath, public+web.SMSPath, cfg.TwilioAuthToken, form)
	if status != http.StatusOK || !strings.Contains(body, "<Message>") {
		t.Errorf("webhook: %d %s", status, body)
	}
	for _, path := range []string{web.HealthPath, web.ReadyPath} {
		req, _ := http.NewRequest(http.MethodGet, base+path, nil)
		if _, status := do(t, req); status != http.StatusOK {
			t.Errorf("%s: %d", path, status)
		}
	}

	waitCtx, stopWaiting := context.WithTimeout(ctx, 15*time.Second)
	sent, err := fake.WaitSent(waitCtx, 1)
	stopWaiting()
	if err != nil {
		t.Fatal(err)
	}
	m := sent[0]
	if m.To != "+16175550104" || m.From != "+16175550000" || m.StatusCallback != public+web.StatusPath ||
		!strings.Contains(m.Body, "Maria") {
		t.Errorf("sent %+v", m)
	}
	// Twilio's callback comes after its answer; wait for the send to be
	// recorded, as it is before any real callback arrives.
	waitFor(t, "the follow-up recorded as sent", func() bool {
		out, _, err := runCmd(t, e, "followups", "--status", "sent")
		return err == nil && strings.Contains(out, "thanks")
	})
	callback := url.Values{"MessageSid": {m.SID}, "MessageStatus": {"delivered"}, "AccountSid": {fake.AccountSID},
		"To": {m.To}, "From": {m.From}}
	if _, status := post(t, base+web.StatusPath, m.StatusCallback, cfg.TwilioAuthToken, callback); status != http.StatusNoContent {
		t.Errorf("status callback: %d", status)
	}
	if got := mustRun(t, e, "followups", "--status", "delivered"); !strings.Contains(got, "thanks") {
		t.Errorf("after the status callback, delivered follow-ups:\n%s", got)
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

// TestServeDevPrints runs `serve --dev` without Twilio credentials: the
// warning says texts are not sent, and a due follow-up is printed to
// stdout, phone masked, and recorded as sent.
func TestServeDevPrints(t *testing.T) {
	t.Parallel()
	e := sqliteEnv(t, env{"QUIET_HOURS": ""})
	cfg, err := configFromEnv(e.lookup)
	if err != nil {
		t.Fatal(err)
	}
	cfg.Port = 0
	addDueThanks(t, e, "+16175550104")

	stdout, stderr := &syncBuffer{}, &syncBuffer{}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		done <- serve(ctx, cfg, serveOptions{Dev: true}, slog.New(slog.NewJSONHandler(stdout, nil)), stdout, stderr)
	}()
	listenAddr(t, stdout, done)
	if !strings.Contains(stderr.String(), "follow-ups are NOT sent") {
		t.Errorf("the dev warning does not say texts are printed, not sent:\n%s", stderr)
	}
	var printed string
	waitFor(t, "the printed text", func() bool {
		for _, l := range strings.Split(stdout.String(), "\n") {
			if strings.HasPrefix(l, printPrefix) {
				printed = l
				return true
			}
		}
		return false
	})
	if !strings.HasPrefix(printed, printPrefix+"+1617***0104: ") || !strings.Contains(printed, "Maria") {
		t.Errorf("printed %q, want the masked phone and the text", printed)
	}
	waitFor(t, "the follow-up recorded as sent", func() bool {
		out, _, err := runCmd(t, e, "followups", "--status", "sent")
		return err == nil && strings.Contains(out, "thanks")
	})
	cancel()
	if err := <-done; err != nil {
		t.Errorf("serve after shutdown: %v", err)
	}
}

// addDueThanks signs up a volunteer with phone, files their report and
// schedules its thank-you reminder, due a minute ago.
func addDueThanks(t *testing.T, e env, phone string) {
	t.Helper()
	mustRun(t, e, "users", "add", "--phone", phone, "--name", "Ana", "--role", "volunteer")
	withTestStore(t, e, func(st *store.Store) {
		ctx := context.Background()
		fileReport(t, st, phone, time.Now().Add(-3*time.Hour))
		id, err := st.VolunteerID(ctx, phone)
		if err != nil {
			t.Fatal(err)
		}
		if err := st.AddFollowups(ctx, []store.NewFollowup{
			{VolunteerID: id, ReportSeq: 1, Kind: followup.Thanks, DueAt: time.Now().Add(-time.Minute)},
		}); err != nil {
			t.Fatal(err)
		}
	})
}

// post sends a form signed as Twilio signs it for signedURL.
func post(t *testing.T, target, signedURL, token string, form url.Values) (string, int) {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, target, strings.NewReader(form.Encode()))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set(twilio.SignatureHeader, twilio.Sign(token, signedURL, form))
	return do(t, req)
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
