package web_test

import (
	"bytes"
	"context"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/debrief-sms/debrief/internal/twilio"
	"github.com/debrief-sms/debrief/internal/web"
)

// deliveries records status updates.
type deliveries struct {
	mu  sync.Mutex
	got []string
}

func (d *deliveries) UpdateDelivery(_ context.Context, sid, status string, code int, _ time.Time) (bool, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.got = append(d.got, sid+" "+status+" "+strconv.Itoa(code))
	return true, nil
}

func TestStatusCallback(t *testing.T) {
	t.Parallel()
	v, err := twilio.NewValidator(token, publicURL)
	if err != nil {
		t.Fatal(err)
	}
	d := &deliveries{}
	var logs bytes.Buffer
	e, err := web.New(web.Config{Inbox: &echoInbox{}, DB: pinger{}, Validator: v, Deliveries: d,
		Logger: slog.New(slog.NewJSONHandler(&logs, nil))})
	if err != nil {
		t.Fatal(err)
	}
	form := url.Values{"MessageSid": {"SM0123456789abcdef0123456789abcdef"}, "MessageStatus": {"undelivered"},
		"ErrorCode": {"30003"}, "To": {from}, "From": {"+18005551212"}, "AccountSid": {"AC1"}}
	req := func(sig string) *http.Request {
		r := httptest.NewRequest(http.MethodPost, "http://10.0.0.2:8080"+web.StatusPath, strings.NewReader(form.Encode()))
		r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		r.Header.Set(twilio.SignatureHeader, sig)
		return r
	}
	tests := []struct {
		name   string
		sig    string
		status int
		stored int
	}{
		{"unsigned", "", http.StatusForbidden, 0},
		{"wrong signature", twilio.Sign("other-token", publicURL+web.StatusPath, form), http.StatusForbidden, 0},
		{"signed", twilio.Sign(token, publicURL+web.StatusPath, form), http.StatusNoContent, 1},
	}
	for _, tc := range tests {
		w := httptest.NewRecorder()
		e.ServeHTTP(w, req(tc.sig))
		if w.Code != tc.status {
			t.Errorf("%s: status %d, want %d", tc.name, w.Code, tc.status)
		}
		d.mu.Lock()
		n := len(d.got)
		d.mu.Unlock()
		if n != tc.stored {
			t.Errorf("%s: %d updates stored, want %d", tc.name, n, tc.stored)
		}
	}
	if d.got[0] != "SM0123456789abcdef0123456789abcdef undelivered 30003" {
		t.Errorf("stored %q", d.got[0])
	}
}
