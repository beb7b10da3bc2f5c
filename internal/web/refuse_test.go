package web_test

import (
	"bytes"
	"context"
	"database/sql"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/debrief-sms/debrief/internal/clocktest"
	"github.com/debrief-sms/debrief/internal/inbox"
	"github.com/debrief-sms/debrief/internal/store"
	"github.com/debrief-sms/debrief/internal/store/storetest"
	"github.com/debrief-sms/debrief/internal/twilio"
	"github.com/debrief-sms/debrief/internal/web"
)

// fullServer serves both webhooks over the real inbox and store, logging
// to logs.
func fullServer(t testing.TB, st *store.Store, logs *bytes.Buffer) http.Handler {
	t.Helper()
	v, err := twilio.NewValidator(token, publicURL)
	if err != nil {
		t.Fatal(err)
	}
	e, err := web.New(web.Config{
		Inbox:      inbox.New(st, inbox.Options{DefaultLocation: time.UTC, Now: clocktest.Start}),
		DB:         st,
		Deliveries: st,
		Validator:  v,
		Now:        clocktest.Start,
		Logger:     slog.New(slog.NewJSONHandler(logs, nil)),
	})
	if err != nil {
		t.Fatal(err)
	}
	return e
}

// post builds a webhook to path, signed by Twilio for the form as sent
// unless unsigned.
func post(path string, form url.Values, unsigned bool) *http.Request {
	r := httptest.NewRequest(http.MethodPost, "http://10.0.0.2:8080"+path, strings.NewReader(form.Encode()))
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if !unsigned {
		r.Header.Set(twilio.SignatureHeader, twilio.Sign(token, publicURL+path, form))
	}
	return r
}

func count(t testing.TB, db *sql.DB, table string) int {
	t.Helper()
	var n int
	if err := db.QueryRow("SELECT count(*) FROM " + table).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// set returns an edit of a form setting field to value, or deleting it
// when value is empty. MessageSid and its old name SmsSid go together.
func set(field, value string) func(url.Values) {
	return func(f url.Values) {
		fields := []string{field}
		if field == "MessageSid" {
			fields = append(fields, "SmsSid")
		}
		for _, k := range fields {
			if value == "" {
				f.Del(k)
			} else {
				f.Set(k, value)
			}
		}
	}
}

// Malformed values of the fields both webhooks read.
var (
	nulFrom  = "+1617555\x001234"
	utf8From = "+1617555\xff1234"
	nulSID   = sid("nul")[:33] + "\x00"
	utf8SID  = sid("utf8")[:33] + "\xc3"
)

// refusedBoth are the malformed forms both webhooks answer 400, naming
// field.
var refusedBoth = []struct {
	name, field, value string
}{
	{"From a name", "From", "ACME"},
	{"From +1", "From", "+1"},
	{"From with area code 555", "From", "5551234567"},
	{"From WhatsApp", "From", "whatsapp:+16175550199"},
	{"From Messenger", "From", "messenger:1234567890"},
	{"From with NUL", "From", nulFrom},
	{"From invalid UTF-8", "From", utf8From},
	{"To with NUL", "To", "+1800555\x001212"},
	{"To invalid UTF-8", "To", "+1800555\xfe1212"},
	{"MessageSid with NUL", "MessageSid", nulSID},
	{"MessageSid invalid UTF-8", "MessageSid", utf8SID},
	{"MessageSid not Twilio's", "MessageSid", "SM1"},
	{"MessageSid not hex", "MessageSid", "SMzz23456789abcdef0123456789abcdef"},
	{"MessageSid missing", "MessageSid", ""},
}

// checkRefusal checks the answer and the log line of a refused webhook: a
// plain-text reason naming field, one WARN line without the number.
func checkRefusal(t *testing.T, rec *httptest.ResponseRecorder, logs, field string) {
	t.Helper()
	if ct := rec.Header().Get("Content-Type"); !strings.HasPrefix(ct, "text/plain") {
		t.Errorf("Content-Type %q, want text/plain", ct)
	}
	if !strings.HasPrefix(rec.Body.String(), field+": ") {
		t.Errorf("answer %q does not name %s", rec.Body, field)
	}
	lines := strings.Split(strings.TrimSpace(logs), "\n")
	if len(lines) != 1 || !strings.Contains(lines[0], `"level":"WARN"`) || !strings.Contains(lines[0], `"status":400`) {
		t.Errorf("want one WARN line with status 400, got:\n%s", logs)
	}
	for _, secret := range []string{"6175550199", "617555", "1234567890", "5551234567"} {
		if strings.Contains(logs, secret) {
			t.Errorf("log reveals %q: %s", secret, logs)
		}
	}
}

func TestWebhookRefusesMalformed(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, b storetest.Backend) {
		t.Run("sms", func(t *testing.T) {
			t.Parallel()
			testSMSRefusals(t, b)
		})
		t.Run("status", func(t *testing.T) {
			t.Parallel()
			testStatusRefusals(t, b)
		})
	})
}

func testSMSRefusals(t *testing.T, b storetest.Backend) {
	st, db := b.OpenWithDB(t)
	type smsCase struct {
		name      string
		edit      func(url.Values)
		unsigned  bool
		code      int
		field     string // named in a 400's answer
		wantPhone string // stored, on 200
		wantBody  string
	}
	tests := []smsCase{
		{name: "E.164 From", edit: set("From", from), code: 200, wantPhone: from, wantBody: "Hi"},
		{name: "10-digit From", edit: set("From", "6175550199"), code: 200, wantPhone: "+16175550199", wantBody: "Hi"},
		{name: "dashed From", edit: set("From", "617-555-0199"), code: 200, wantPhone: "+16175550199", wantBody: "Hi"},
		{name: "From with +1 and parentheses", edit: set("From", "+1 (617) 555-0199"), code: 200, wantPhone: "+16175550199", wantBody: "Hi"},
		{name: "From with 1 and dashes", edit: set("From", "1-617-555-0199"), code: 200, wantPhone: "+16175550199", wantBody: "Hi"},
		{name: "Body with NUL is cleaned", edit: set("Body", "Ma\x00ria"), code: 200, wantPhone: from, wantBody: "Maria"},
		{name: "Body invalid UTF-8 is cleaned", edit: set("Body", "Jos\xe9 L\xc3\xb3pez\xff"), code: 200, wantPhone: from, wantBody: "Jos López"},
		{name: "unsigned malformed From", edit: set("From", "whatsapp:+16175550199"), unsigned: true, code: 403},
		{name: "From missing", edit: set("From", ""), code: 400, field: "From"},
		{name: "NumMedia beyond an integer column", edit: set("NumMedia", "99999999999"), code: 400, field: "NumMedia"},
	}
	for _, r := range refusedBoth {
		tests = append(tests, smsCase{name: r.name, edit: set(r.field, r.value), code: 400, field: r.field})
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			form := smsForm("refuse "+tc.name, "Hi")
			tc.edit(form)
			messages, volunteers := count(t, db, "messages"), count(t, db, "volunteers")
			var logs bytes.Buffer
			rec := serve(fullServer(t, st, &logs), post(web.SMSPath, form, tc.unsigned))
			if rec.Code != tc.code {
				t.Fatalf("status %d, want %d; answer %q", rec.Code, tc.code, rec.Body)
			}
			stored := count(t, db, "messages") - messages
			if tc.code != 200 {
				if stored != 0 || count(t, db, "volunteers") != volunteers {
					t.Errorf("%d messages stored, volunteers %d -> %d; want nothing", stored, volunteers, count(t, db, "volunteers"))
				}
				if tc.code == 400 {
					checkRefusal(t, rec, logs.String(), tc.field)
				}
				return
			}
			if stored != 1 {
				t.Fatalf("%d messages stored, want 1", stored)
			}
			var phone, body string
			if err := db.QueryRow(`SELECT phone, body FROM messages WHERE message_sid = $1`, form.Get("MessageSid")).Scan(&phone, &body); err != nil {
				t.Fatal(err)
			}
			if phone != tc.wantPhone || body != tc.wantBody {
				t.Errorf("stored %q from %s, want %q from %s", body, phone, tc.wantBody, tc.wantPhone)
			}
		})
	}
}

func testStatusRefusals(t *testing.T, b storetest.Backend) {
	st, db := b.OpenWithDB(t)
	type statusCase struct {
		name     string
		edit     func(url.Values)
		unsigned bool
		code     int
		field    string // named in a 400's answer
	}
	tests := []statusCase{
		{name: "delivered", edit: func(url.Values) {}, code: 204},
		{name: "From in 10 digits", edit: set("From", "8005551212"), code: 204},
		{name: "Body with NUL is not read", edit: set("Body", "x\x00\xff"), code: 204},
		{name: "unsigned unknown status", edit: set("MessageStatus", "pwned"), unsigned: true, code: 403},
		{name: "unknown status", edit: set("MessageStatus", "pwned"), code: 400, field: "MessageStatus"},
		{name: "status of 5,000 characters", edit: set("MessageStatus", strings.Repeat("delivered", 556)[:5000]), code: 400, field: "MessageStatus"},
		{name: "status with NUL", edit: set("MessageStatus", "delivered\x00"), code: 400, field: "MessageStatus"},
		{name: "status missing", edit: set("MessageStatus", ""), code: 400, field: "MessageStatus"},
		{name: "ErrorCode not a number", edit: set("ErrorCode", "30003x"), code: 400, field: "ErrorCode"},
		{name: "ErrorCode too large", edit: set("ErrorCode", "99999999999"), code: 400, field: "ErrorCode"},
	}
	for _, r := range refusedBoth {
		tests = append(tests, statusCase{name: r.name, edit: set(r.field, r.value), code: 400, field: r.field})
	}
	for i, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			msid := sid("status " + strconv.Itoa(i))
			if _, err := db.Exec(`INSERT INTO messages (message_sid, direction, phone, body, status, created_at)
				VALUES ($1, 'out', $2, 'Have you thanked Maria?', 'sent', $3)`, msid, from, clocktest.Start().UTC()); err != nil {
				t.Fatal(err)
			}
			form := url.Values{"MessageSid": {msid}, "SmsSid": {msid}, "MessageStatus": {"delivered"}, "SmsStatus": {"delivered"},
				"To": {from}, "From": {"+18005551212"}, "AccountSid": {"AC1"}, "ApiVersion": {"2010-04-01"}}
			if tc.field == "MessageStatus" {
				form.Del("SmsStatus")
			}
			tc.edit(form)
			messages := count(t, db, "messages")
			var logs bytes.Buffer
			rec := serve(fullServer(t, st, &logs), post(web.StatusPath, form, tc.unsigned))
			if rec.Code != tc.code {
				t.Fatalf("status %d, want %d; answer %q", rec.Code, tc.code, rec.Body)
			}
			if n := count(t, db, "messages"); n != messages {
				t.Errorf("%d messages, want %d", n, messages)
			}
			want := "sent"
			if tc.code == 204 {
				want = "delivered"
			}
			var status string
			if err := db.QueryRow(`SELECT status FROM messages WHERE message_sid = $1`, msid).Scan(&status); err != nil {
				t.Fatal(err)
			}
			if status != want {
				t.Errorf("message status %q, want %q", status, want)
			}
			if tc.code == 400 {
				checkRefusal(t, rec, logs.String(), tc.field)
			}
		})
	}
}

// FuzzWebhook posts signed forms through both webhooks, the real inbox and
// an embedded database: no answer is a 5xx, and a text answered 2xx is
// stored valid UTF-8 without NUL, from an E.164 number. A MessageSid of
// "fresh" is replaced by a valid one of the input's own, so that each new
// body is stored, not answered as a text already seen.
func FuzzWebhook(f *testing.F) {
	f.Add("Hi", from, "fresh", "delivered")
	f.Add("Ma\x00ria \xff", "6175550199", "fresh", "sent")
	f.Add("Jos\xe9\x00", "617-555-0199", sid("fuzz2"), "undelivered")
	f.Add("STOP", "+1 (617) 555-0199", sid("fuzz3"), "pwned")
	f.Add("", "whatsapp:+16175550199", "SM1", "")
	f.Add("1", "messenger:1234", nulSID, strings.Repeat("x", 5000))
	f.Add("Riverside Moms", utf8From, utf8SID, "read")
	f.Add("next tuesday", "ACME", sid("fuzz3"), "queued")
	st, db := storetest.Backend{Name: "sqlite", NewURL: storetest.SQLiteURL}.OpenWithDB(f)
	h := fullServer(f, st, &bytes.Buffer{})
	f.Fuzz(func(t *testing.T, body, sender, msid, status string) {
		if msid == "fresh" {
			msid = sid(body + "\x00" + sender + "\x00" + status)
		}
		form := url.Values{"MessageSid": {msid}, "From": {sender}, "To": {"+18005551212"}, "Body": {body},
			"MessageStatus": {status}, "NumMedia": {"0"}}
		rec := serve(h, post(web.SMSPath, form, false))
		if rec.Code >= 500 {
			t.Fatalf("sms: %d %s for %q", rec.Code, rec.Body, form.Encode())
		}
		if rec.Code < 300 {
			var phone, stored string
			err := db.QueryRowContext(context.Background(), `SELECT phone, body FROM messages WHERE message_sid = $1`, msid).Scan(&phone, &stored)
			if err != nil {
				t.Fatalf("sms answered %d for %q, stored: %v", rec.Code, form.Encode(), err)
			}
			if !plain(stored) || !strings.HasPrefix(phone, "+") {
				t.Errorf("stored %q from %q for %q", stored, phone, form.Encode())
			}
		}
		if rec := serve(h, post(web.StatusPath, form, false)); rec.Code >= 500 {
			t.Fatalf("status: %d %s for %q", rec.Code, rec.Body, form.Encode())
		}
	})
}

// plain reports whether s is valid UTF-8 without NUL.
func plain(s string) bool { return utf8.ValidString(s) && !strings.ContainsRune(s, 0) }
