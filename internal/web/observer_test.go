package web_test

import (
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/debrief-sms/debrief/internal/clocktest"
	"github.com/debrief-sms/debrief/internal/inbox"
	"github.com/debrief-sms/debrief/internal/store/storetest"
	"github.com/debrief-sms/debrief/internal/twilio"
	"github.com/debrief-sms/debrief/internal/web"
)

// observer records what the server tells its Observer.
type observer struct {
	mu       sync.Mutex
	outcomes map[web.Outcome]int
	replies  int
	webhooks map[string]int
	slowest  time.Duration
}

func newObserver() *observer {
	return &observer{outcomes: map[web.Outcome]int{}, webhooks: map[string]int{}}
}

func (o *observer) TextIn(out web.Outcome) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.outcomes[out]++
}

func (o *observer) Replied(n int) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.replies += n
}

func (o *observer) Webhook(path string, d time.Duration) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.webhooks[path]++
	o.slowest = max(o.slowest, d)
}

// tick is a clock that moves a millisecond at every reading.
func tick() func() time.Time {
	var mu sync.Mutex
	now := clocktest.Start()
	return func() time.Time {
		mu.Lock()
		defer mu.Unlock()
		now = now.Add(time.Millisecond)
		return now
	}
}

// TestObserverOutcomes sends texts of every outcome through the real
// inbox and store and checks what the Observer was told.
func TestObserverOutcomes(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, b storetest.Backend) {
		st := b.Open(t)
		v, err := twilio.NewValidator(token, publicURL)
		if err != nil {
			t.Fatal(err)
		}
		obs := newObserver()
		clock := tick()
		h, err := web.New(web.Config{
			Inbox: inbox.New(st, inbox.Options{DefaultLocation: time.UTC, Now: clock,
				InboundLimit: 2, Limits: st}),
			DB:         st,
			Deliveries: st,
			Validator:  v,
			Now:        clock,
			Logger:     slog.New(slog.DiscardHandler),
			Observer:   obs,
		})
		if err != nil {
			t.Fatal(err)
		}
		badFrom := smsForm("bad", "Hi")
		badFrom.Set("From", "whatsapp:+16175551234")
		for _, r := range []struct {
			name   string
			req    *http.Request
			status int
		}{
			{"answered", signed(smsForm("a", "Hi")), http.StatusOK},
			{"answered again", signed(smsForm("b", "Ana")), http.StatusOK},
			{"delivered twice", signed(smsForm("b", "Ana")), http.StatusOK},
			{"a third text in a minute, over the limit of 2", signed(smsForm("d", "Riverside")), http.StatusOK},
			{"unsigned", webhook(smsForm("c", "Hi"), ""), http.StatusForbidden},
			{"not a text", signed(badFrom), http.StatusBadRequest},
			{"a status callback", post(web.StatusPath, url.Values{"MessageSid": {sid("x")}, "MessageStatus": {"delivered"}}, false), http.StatusNoContent},
			{"health is no webhook", get(web.HealthPath), http.StatusOK},
			{"nor is /metrics", get(web.MetricsPath), http.StatusNotFound},
		} {
			if rec := serve(h, r.req); rec.Code != r.status {
				t.Errorf("%s: %d %s, want %d", r.name, rec.Code, rec.Body, r.status)
			}
		}
		want := map[web.Outcome]int{web.Answered: 2, web.Duplicate: 1, web.Limited: 1, web.Refused: 2}
		if fmt.Sprint(obs.outcomes) != fmt.Sprint(want) {
			t.Errorf("outcomes %v, want %v", obs.outcomes, want)
		}
		// "Hi" and "Ana" are answered with a question each, the
		// duplicate with the reply stored for it, and the text over the
		// limit with the pause text.
		if obs.replies != 4 {
			t.Errorf("%d replies, want 4", obs.replies)
		}
		if want := map[string]int{web.SMSPath: 6, web.StatusPath: 1}; fmt.Sprint(obs.webhooks) != fmt.Sprint(want) {
			t.Errorf("webhooks %v, want %v", obs.webhooks, want)
		}
		if obs.slowest <= 0 {
			t.Errorf("slowest webhook took %v by the server's clock, want more than 0", obs.slowest)
		}
	})
}

// TestObserverErrors checks that a text the server fails on (an error
// from the inbox, a panic) is an error, and is told once.
func TestObserverErrors(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name  string
		inbox web.Inbox
	}{
		{"inbox error", &echoInbox{err: errors.New("database down")}},
		{"panic", panicInbox{}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			v, err := twilio.NewValidator(token, publicURL)
			if err != nil {
				t.Fatal(err)
			}
			obs := newObserver()
			h, err := web.New(web.Config{Inbox: tc.inbox, DB: pinger{}, Validator: v,
				Logger: slog.New(slog.DiscardHandler), Observer: obs})
			if err != nil {
				t.Fatal(err)
			}
			if rec := serve(h, signed(smsForm("a", "Hi"))); rec.Code != http.StatusInternalServerError {
				t.Fatalf("%d, want 500", rec.Code)
			}
			if want := map[web.Outcome]int{web.Failed: 1}; fmt.Sprint(obs.outcomes) != fmt.Sprint(want) || obs.replies != 0 {
				t.Errorf("outcomes %v, %d replies; want %v, none", obs.outcomes, obs.replies, want)
			}
		})
	}
}

// TestMetricsServedWhenGiven checks that the server serves the handler it
// is given at MetricsPath, and nothing there otherwise (above).
func TestMetricsServedWhenGiven(t *testing.T) {
	t.Parallel()
	v, err := twilio.NewValidator(token, publicURL)
	if err != nil {
		t.Fatal(err)
	}
	h, err := web.New(web.Config{Inbox: &echoInbox{}, DB: pinger{}, Validator: v, Logger: slog.New(slog.DiscardHandler),
		Metrics: http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { w.Write([]byte("up 1\n")) })})
	if err != nil {
		t.Fatal(err)
	}
	if rec := serve(h, get(web.MetricsPath)); rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), "up 1") {
		t.Errorf("%s: %d %q", web.MetricsPath, rec.Code, rec.Body)
	}
}

// get is a GET of path.
func get(path string) *http.Request {
	r, err := http.NewRequest(http.MethodGet, "http://10.0.0.2:8080"+path, nil)
	if err != nil {
		panic(err)
	}
	return r
}
