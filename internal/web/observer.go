package web

import (
	"net/http"
	"time"

	"github.com/labstack/echo/v4"
)

// MetricsPath is where the server serves Config.Metrics, when given.
const MetricsPath = "/metrics"

// Outcome is how the server answered an inbound text's webhook.
type Outcome string

// Outcomes of an inbound text.
const (
	Answered  Outcome = "answered"  // 2xx: stepped and answered
	Duplicate Outcome = "duplicate" // 2xx: a MessageSid handled before, answered as then
	Limited   Outcome = "limited"   // 2xx: over the phone's inbound limit, stored unstepped
	Refused   Outcome = "refused"   // 4xx: unsigned, malformed, too large
	Failed    Outcome = "error"     // 5xx: Twilio retries or uses the fallback URL
)

// Outcomes returns every Outcome.
func Outcomes() []Outcome { return []Outcome{Answered, Duplicate, Limited, Refused, Failed} }

// Observer is told what the server did, for metrics. It is called on every
// webhook, concurrently: it must be safe for that, and cheap.
type Observer interface {
	// TextIn: an inbound text's webhook was answered so.
	TextIn(Outcome)
	// Replied: n replies went back in a webhook's answer.
	Replied(n int)
	// Webhook: a request to a webhook's path took d.
	Webhook(path string, d time.Duration)
}

// noObserver is the Observer of a server given none.
type noObserver struct{}

func (noObserver) TextIn(Outcome)                {}
func (noObserver) Replied(int)                   {}
func (noObserver) Webhook(string, time.Duration) {}

// duplicateKey marks, for the log line and the Observer, a text handled
// before; limitedKey one over its phone's inbound limit.
const (
	duplicateKey = "debrief.duplicate"
	limitedKey   = "debrief.limited"
)

// observeWebhooks tells obs about every webhook request once it has been
// answered, whatever answered it (the handler, the body limit, a
// recovered panic): its duration and, for a text, its outcome.
func observeWebhooks(obs Observer, now func() time.Time) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			path := c.Path()
			if path != SMSPath && path != StatusPath {
				return next(c)
			}
			start := now()
			err := next(c)
			obs.Webhook(path, now().Sub(start))
			if path == SMSPath {
				status := c.Response().Status
				obs.TextIn(outcome(status, c.Get(duplicateKey) != nil, c.Get(limitedKey) != nil))
				if n, ok := c.Get(repliesKey).(int); ok && status < http.StatusMultipleChoices {
					obs.Replied(n)
				}
			}
			return err
		}
	}
}

// outcome classes an answered text by its status.
func outcome(status int, duplicate, limited bool) Outcome {
	switch {
	case status >= http.StatusInternalServerError:
		return Failed
	case status >= http.StatusBadRequest:
		return Refused
	case duplicate:
		return Duplicate
	case limited:
		return Limited
	default:
		return Answered
	}
}
