package web_test

import (
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/debrief-sms/debrief"
)

type replyInbox struct{}

func (replyInbox) Handle(context.Context, debrief.Inbound) ([]string, bool, error) {
	return []string{"Thanks! What issue do they care most about?"}, false, nil
}

// BenchmarkWebhook measures the webhook's own cost: signature check, form
// parsing, TwiML and the log line, with an inbox that does no I/O.
func BenchmarkWebhook(b *testing.B) {
	var logs bytes.Buffer
	h := newServer(b, replyInbox{}, pinger{}, &logs)
	form := smsForm("SMbench", "Maria Lopez 617 253 1000")
	b.ReportAllocs()
	for b.Loop() {
		logs.Reset()
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, signed(form))
		if rec.Code != http.StatusOK {
			b.Fatalf("status %d", rec.Code)
		}
	}
}
