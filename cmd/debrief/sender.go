package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"io"
	"strings"
	"sync"
	"time"

	"github.com/debrief-sms/debrief"
	"github.com/debrief-sms/debrief/internal/phone"
	"github.com/debrief-sms/debrief/internal/scheduler"
	"github.com/debrief-sms/debrief/internal/twilio"
	"github.com/debrief-sms/debrief/internal/web"
)

// errNoCredentials says what sending needs; callers add how to do without.
const errNoCredentials = "sending follow-ups needs TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN and TWILIO_FROM or TWILIO_MESSAGING_SERVICE_SID"

// twilioSender returns the scheduler's Sender through Twilio's Messages
// API, with delivery statuses posted to PUBLIC_URL + /twilio/status when
// PUBLIC_URL is set.
func twilioSender(cfg Config) (scheduler.Sender, error) {
	if ok, missing := cfg.canSend(); !ok {
		return nil, fmt.Errorf("%s; missing %s", errNoCredentials, strings.Join(missing, ", "))
	}
	callback := ""
	if cfg.PublicURL != "" {
		callback = strings.TrimRight(cfg.PublicURL, "/") + web.StatusPath
	}
	s, err := twilio.NewSender(twilio.SenderConfig{
		AccountSID:          cfg.TwilioAccountSID,
		AuthToken:           cfg.TwilioAuthToken,
		From:                cfg.TwilioFrom,
		MessagingServiceSID: cfg.TwilioMessagingServiceSID,
		APIURL:              cfg.TwilioAPIURL,
		StatusCallback:      callback,
	})
	if err != nil {
		return nil, fmt.Errorf("configure sending: %w", err)
	}
	// A send in flight at shutdown runs to its end: the scheduler gives it
	// a context that is never cancelled, bounded by the HTTP client's
	// timeout (30 s, above Twilio's slow answers).
	return s, nil
}

// printSender is the Sender of `serve --dev` without Twilio credentials:
// it writes each text to w, the recipient masked, and sends nothing. It is
// safe for concurrent use, as the scheduler's workers need.
type printSender struct {
	mu sync.Mutex
	w  io.Writer
}

// printPrefix starts every text printSender writes.
const printPrefix = "dev: not sent: text to "

// Send implements scheduler.Sender.
func (p *printSender) Send(_ context.Context, to, body string) (debrief.Sent, error) {
	var b [16]byte
	if _, err := rand.Read(b[:]); err != nil {
		return debrief.Sent{}, fmt.Errorf("print text: %w", err)
	}
	line := printPrefix + phone.Mask(to) + ": " + strings.ReplaceAll(body, "\n", "\n    ") + "\n"
	p.mu.Lock()
	defer p.mu.Unlock()
	if _, err := io.WriteString(p.w, line); err != nil {
		return debrief.Sent{}, fmt.Errorf("print text: %w", err)
	}
	// A SID of Twilio's shape, so the store records it like a real one.
	return debrief.Sent{SID: "SM" + hex.EncodeToString(b[:]), Status: "sent", Segments: 1}, nil
}

// SentTo implements scheduler.Sender: a printed text never leaves, so no
// send's outcome is ever in doubt and there is nothing to list.
func (p *printSender) SentTo(context.Context, string, time.Time) ([]debrief.Sent, error) {
	return nil, nil
}
