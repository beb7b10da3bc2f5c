package web_test

import (
	"bytes"
	"context"
	"crypto/md5"
	"encoding/hex"
	"errors"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/debrief-sms/debrief"
	"github.com/debrief-sms/debrief/internal/twilio"
	"github.com/debrief-sms/debrief/internal/web"
)

const (
	token     = "test-token"
	publicURL = "https://debrief.example.org"
	from      = "+16175551234"
)

// echoInbox answers each text with its body in capitals and records what it
// was given.
type echoInbox struct {
	mu   sync.Mutex
	seen []debrief.Inbound
	err  error
}

func (f *echoInbox) Handle(_ context.Context, in debrief.Inbound) ([]string, bool, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.err != nil {
		return nil, false, f.err
	}
	f.seen = append(f.seen, in)
	if in.Body == "STOP" {
		return nil, true, nil
	}
	return []string{strings.ToUpper(in.Body)}, false, nil
}

type pinger struct{ err error }

func (p pinger) Ping(context.Context) error { return p.err }

func newServer(t testing.TB, inbox web.Inbox, db web.Pinger, logs *bytes.Buffer) http.Handler {
	t.Helper()
	v, err := twilio.NewValidator(token, publicURL)
	if err != nil {
		t.Fatal(err)
	}
	e, err := web.New(web.Config{
		Inbox:     inbox,
		DB:        db,
		Validator: v,
		Logger:    slog.New(slog.NewJSONHandler(logs, nil)),
	})
	if err != nil {
		t.Fatal(err)
	}
	return e
}

// sid returns a MessageSid shaped like Twilio's (SM and 32 hex digits),
// the same for the same label.
func sid(label string) string {
	sum := md5.Sum([]byte(label))
	return "SM" + hex.EncodeToString(sum[:])
}

// smsForm is an inbound text as Twilio posts it; label names the text, its
// MessageSid is sid(label).
func smsForm(label, body string) url.Values {
	sid := sid(label)
	return url.Values{
		"MessageSid": {sid}, "SmsSid": {sid}, "AccountSid": {"AC1"}, "From": {from},
		"To": {"+18005551212"}, "Body": {body}, "NumMedia": {"0"}, "ApiVersion": {"2010-04-01"},
	}
}

// webhook builds the request as it arrives behind Fly.io's proxy: plain
// HTTP to an internal address, signed by Twilio for the public URL.
func webhook(form url.Values, sig string) *http.Request {
	r := httptest.NewRequest(http.MethodPost, "http://10.0.0.2:8080"+web.SMSPath, strings.NewReader(form.Encode()))
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	r.Header.Set("X-Forwarded-Proto", "https")
	if sig != "" {
		r.Header.Set(twilio.SignatureHeader, sig)
	}
	return r
}

func signed(form url.Values) *http.Request {
	return webhook(form, twilio.Sign(token, publicURL+web.SMSPath, form))
}

func TestSMS(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		req      *http.Request
		status   int
		body     string // TwiML expected, when status is 200
		inboxErr error
		stored   int
	}{
		{name: "signed", req: signed(smsForm("SM1", "maria & co")), status: 200, stored: 1,
			body: `<?xml version="1.0" encoding="UTF-8"?><Response><Message>MARIA &amp; CO</Message></Response>`},
		{name: "opt-out answers nothing", req: signed(smsForm("SM2", "STOP")), status: 200, stored: 1,
			body: `<?xml version="1.0" encoding="UTF-8"?><Response/>`},
		{name: "missing signature", req: webhook(smsForm("SM3", "hi"), ""), status: 403},
		{name: "wrong signature", req: webhook(smsForm("SM4", "hi"), twilio.Sign("other-token", publicURL+web.SMSPath, smsForm("SM4", "hi"))), status: 403},
		{name: "signed for the internal URL", req: webhook(smsForm("SM5", "hi"), twilio.Sign(token, "http://10.0.0.2:8080"+web.SMSPath, smsForm("SM5", "hi"))), status: 403},
		{name: "not a message", req: signed(url.Values{"Body": {"hi"}}), status: 400},
		{name: "inbox fails", req: signed(smsForm("SM6", "hi")), inboxErr: errors.New("database down"), status: 500},
		{name: "too large", req: signed(smsForm("SM7", strings.Repeat("x", 70<<10))), status: 413},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			inbox := &echoInbox{err: tc.inboxErr}
			var logs bytes.Buffer
			rec := httptest.NewRecorder()
			newServer(t, inbox, pinger{}, &logs).ServeHTTP(rec, tc.req)
			if rec.Code != tc.status {
				t.Fatalf("status %d, want %d; body %s", rec.Code, tc.status, rec.Body)
			}
			if tc.status == 200 {
				if got := rec.Body.String(); got != tc.body {
					t.Errorf("body\n%s\nwant\n%s", got, tc.body)
				}
				if ct := rec.Header().Get("Content-Type"); !strings.HasPrefix(ct, "text/xml") {
					t.Errorf("Content-Type %q, want text/xml", ct)
				}
			}
			if len(inbox.seen) != tc.stored {
				t.Errorf("inbox got %d texts, want %d", len(inbox.seen), tc.stored)
			}
			checkLogLine(t, logs.String(), tc.status)
		})
	}
}

// checkLogLine checks the one line logged for a request: its status, and
// neither the full phone number nor the body.
func checkLogLine(t *testing.T, logs string, status int) {
	t.Helper()
	lines := strings.Split(strings.TrimSpace(logs), "\n")
	if len(lines) != 1 {
		t.Fatalf("%d log lines, want 1:\n%s", len(lines), logs)
	}
	line := lines[0]
	for _, want := range []string{`"method":"POST"`, `"path":"/twilio/sms"`, `"status":` + strconv.Itoa(status), `"duration":`} {
		if !strings.Contains(line, want) {
			t.Errorf("log line lacks %s: %s", want, line)
		}
	}
	for _, secret := range []string{from, "6175551234", "maria", "xxxxxxxx"} {
		if strings.Contains(line, secret) {
			t.Errorf("log line reveals %q: %s", secret, line)
		}
	}
}

func TestSMSLogsMaskedPhone(t *testing.T) {
	t.Parallel()
	var logs bytes.Buffer
	rec := httptest.NewRecorder()
	newServer(t, &echoInbox{}, pinger{}, &logs).ServeHTTP(rec, signed(smsForm("SM1", "hello")))
	if !strings.Contains(logs.String(), `"phone":"+1617***1234"`) {
		t.Errorf("log lacks the masked phone: %s", logs.String())
	}
}

func TestHealth(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		path   string
		db     error
		status int
	}{
		{name: "healthz", path: web.HealthPath, status: 200},
		{name: "healthz without database", path: web.HealthPath, db: errors.New("down"), status: 200},
		{name: "readyz", path: web.ReadyPath, status: 200},
		{name: "readyz without database", path: web.ReadyPath, db: errors.New("down"), status: 503},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			var logs bytes.Buffer
			rec := httptest.NewRecorder()
			newServer(t, &echoInbox{}, pinger{err: tc.db}, &logs).ServeHTTP(rec, httptest.NewRequest(http.MethodGet, tc.path, nil))
			if rec.Code != tc.status {
				t.Errorf("status %d, want %d", rec.Code, tc.status)
			}
		})
	}
}

func TestDevModeSkipsSignature(t *testing.T) {
	t.Parallel()
	inbox := &echoInbox{}
	e, err := web.New(web.Config{Inbox: inbox, DB: pinger{}, SkipSignature: true, Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		t.Fatal(err)
	}
	rec := httptest.NewRecorder()
	e.ServeHTTP(rec, webhook(smsForm("SM1", "hi"), ""))
	if rec.Code != 200 || len(inbox.seen) != 1 {
		t.Errorf("status %d, %d texts; want 200, 1", rec.Code, len(inbox.seen))
	}
}

func TestNewRequiresValidator(t *testing.T) {
	t.Parallel()
	_, err := web.New(web.Config{Inbox: &echoInbox{}, DB: pinger{}, Logger: slog.New(slog.DiscardHandler)})
	if err == nil {
		t.Error("New without validator nor SkipSignature succeeded")
	}
}

func TestPanicIsOneLoggedServerError(t *testing.T) {
	t.Parallel()
	var logs bytes.Buffer
	rec := httptest.NewRecorder()
	newServer(t, panicInbox{}, pinger{}, &logs).ServeHTTP(rec, signed(smsForm("SM1", "hi")))
	if rec.Code != 500 {
		t.Errorf("status %d, want 500", rec.Code)
	}
	checkLogLine(t, logs.String(), 500)
}

type panicInbox struct{}

func (panicInbox) Handle(context.Context, debrief.Inbound) ([]string, bool, error) {
	panic("boom")
}
