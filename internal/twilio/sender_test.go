package twilio_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/debrief-sms/debrief"
	"github.com/debrief-sms/debrief/internal/twilio"
	"github.com/debrief-sms/debrief/internal/twilio/twiliotest"
)

const (
	testFrom     = "+16175550100"
	testTo       = "+16175551234"
	testService  = "MG0123456789abcdef0123456789abcdef"
	testCallback = "https://debrief.example.org/twilio/status"
)

// newSender returns a Sender for the fake, texting from testFrom, with
// the changes of edit.
func newSender(t *testing.T, fake *twiliotest.Server, edit func(*twilio.SenderConfig)) *twilio.Sender {
	t.Helper()
	cfg := twilio.SenderConfig{
		AccountSID:     fake.AccountSID,
		AuthToken:      fake.AuthToken,
		From:           testFrom,
		APIURL:         fake.URL,
		StatusCallback: testCallback,
	}
	if edit != nil {
		edit(&cfg)
	}
	s, err := twilio.NewSender(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestSendFrom(t *testing.T) {
	t.Parallel()
	fake := twiliotest.New(t)
	s := newSender(t, fake, nil)
	res, err := s.Send(t.Context(), testTo, "Did you meet Maria this week? Reply 1 yes, 2 not yet")
	if err != nil {
		t.Fatal(err)
	}
	sent := fake.Sent()
	if len(sent) != 1 {
		t.Fatalf("fake got %d texts, want 1", len(sent))
	}
	m := sent[0]
	want := debrief.Sent{SID: m.SID, Status: "queued", Segments: 1}
	if res != want || !strings.HasPrefix(res.SID, "SM") {
		t.Errorf("Send = %+v, want %+v", res, want)
	}
	if m.To != testTo || m.From != testFrom || m.MessagingServiceSID != "" || m.StatusCallback != testCallback ||
		m.Body != "Did you meet Maria this week? Reply 1 yes, 2 not yet" {
		t.Errorf("fake recorded %+v", m)
	}
	if _, ok := m.Form["MessagingServiceSid"]; ok {
		t.Errorf("request sent MessagingServiceSid with From: %v", m.Form)
	}
}

func TestSendMessagingService(t *testing.T) {
	t.Parallel()
	fake := twiliotest.New(t)
	s := newSender(t, fake, func(c *twilio.SenderConfig) {
		c.From, c.MessagingServiceSID, c.StatusCallback = "", testService, ""
	})
	res, err := s.Send(t.Context(), testTo, "hi")
	if err != nil {
		t.Fatal(err)
	}
	if res.Status != "accepted" || res.Segments != 0 || res.SID == "" {
		t.Errorf("Send = %+v, want accepted with 0 segments", res)
	}
	m := fake.Sent()[0]
	if m.MessagingServiceSID != testService || m.From != "" {
		t.Errorf("fake recorded %+v", m)
	}
	for _, field := range []string{"From", "StatusCallback"} {
		if _, ok := m.Form[field]; ok {
			t.Errorf("request sent %s: %v", field, m.Form)
		}
	}
}

func TestSendSegments(t *testing.T) {
	t.Parallel()
	fake := twiliotest.New(t)
	s := newSender(t, fake, nil)
	tests := []struct {
		name string
		body string
		want int
	}{
		{name: "160 GSM-7", body: strings.Repeat("a", 160), want: 1},
		{name: "161 GSM-7", body: strings.Repeat("a", 161), want: 2},
		{name: "emoji", body: "Thanks! 👍", want: 1},
		{name: "71 UCS-2", body: strings.Repeat("é", 70) + "—", want: 2},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			res, err := s.Send(t.Context(), testTo, tc.body)
			if err != nil {
				t.Fatal(err)
			}
			if res.Segments != tc.want {
				t.Errorf("Segments = %d, want %d", res.Segments, tc.want)
			}
		})
	}
}

func TestSendErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name       string
		script     func(*twiliotest.Server)
		token      string // auth token, the fake's when empty
		wantCode   int
		wantStatus int
		wantIs     error
		retryable  bool
	}{
		{name: "opted out", script: func(f *twiliotest.Server) { f.OptOut(testTo) },
			wantCode: 21610, wantStatus: 400, wantIs: debrief.ErrOptedOut},
		{name: "invalid number", script: func(f *twiliotest.Server) { f.BadNumber(testTo) },
			wantCode: 21211, wantStatus: 400, wantIs: debrief.ErrBadNumber},
		{name: "not a mobile", script: func(f *twiliotest.Server) { f.FailNext(testTo, 21614, 400, 1) },
			wantCode: 21614, wantStatus: 400, wantIs: debrief.ErrBadNumber},
		{name: "too many requests", script: func(f *twiliotest.Server) { f.FailNext(testTo, 20429, 429, 1) },
			wantCode: 20429, wantStatus: 429, retryable: true},
		{name: "HTTP 429 with another code", script: func(f *twiliotest.Server) { f.FailNext("", 14107, 429, 1) },
			wantCode: 14107, wantStatus: 429, retryable: true},
		{name: "server error", script: func(f *twiliotest.Server) { f.FailNext("", 20500, 500, 1) },
			wantCode: 20500, wantStatus: 500, retryable: true},
		{name: "unavailable", script: func(f *twiliotest.Server) { f.FailNext(testTo, 20503, 503, 1) },
			wantCode: 20503, wantStatus: 503, retryable: true},
		{name: "A2P not registered", script: func(f *twiliotest.Server) { f.FailNext(testTo, 30034, 400, 1) },
			wantCode: 30034, wantStatus: 400},
		{name: "wrong auth token", token: "wrong0token",
			wantCode: 20003, wantStatus: 401},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			fake := twiliotest.New(t)
			if tc.script != nil {
				tc.script(fake)
			}
			s := newSender(t, fake, func(c *twilio.SenderConfig) {
				if tc.token != "" {
					c.AuthToken = tc.token
				}
			})
			_, err := s.Send(t.Context(), testTo, "hi")
			var se *twilio.SendError
			if !errors.As(err, &se) {
				t.Fatalf("Send error = %v, want a *SendError", err)
			}
			if se.Code != tc.wantCode || se.Status != tc.wantStatus || se.Retryable != tc.retryable {
				t.Errorf("SendError = %+v, want code %d status %d retryable %v", se, tc.wantCode, tc.wantStatus, tc.retryable)
			}
			if twilio.Retryable(err) != tc.retryable {
				t.Errorf("Retryable(%v) = %v", err, !tc.retryable)
			}
			for _, class := range []error{debrief.ErrOptedOut, debrief.ErrBadNumber} {
				if got := errors.Is(err, class); got != (class == tc.wantIs) {
					t.Errorf("errors.Is(%v, %v) = %v", err, class, got)
				}
			}
			if strings.Contains(err.Error(), testTo) {
				t.Errorf("error %q shows the phone number", err)
			}
			if len(fake.Sent()) != 0 {
				t.Errorf("fake accepted %d texts", len(fake.Sent()))
			}
		})
	}
}

func TestSendRetryAfterRateLimit(t *testing.T) {
	t.Parallel()
	fake := twiliotest.New(t)
	fake.FailNext(testTo, 20429, 429, 2)
	s := newSender(t, fake, nil)
	for i := range 2 {
		if _, err := s.Send(t.Context(), testTo, "hi"); !twilio.Retryable(err) {
			t.Fatalf("try %d: error %v, want retryable", i+1, err)
		}
	}
	if _, err := s.Send(t.Context(), testTo, "hi"); err != nil {
		t.Fatalf("third try: %v", err)
	}
	if got := fake.Attempts(testTo); got != 3 {
		t.Errorf("Attempts = %d, want 3", got)
	}
}

func TestSendNoAnswer(t *testing.T) {
	t.Parallel()

	t.Run("connection refused", func(t *testing.T) {
		t.Parallel()
		fake := twiliotest.New(t)
		down := httptest.NewServer(http.NotFoundHandler())
		down.Close()
		s := newSender(t, fake, func(c *twilio.SenderConfig) { c.APIURL = down.URL })
		_, err := s.Send(t.Context(), testTo, "hi")
		var se *twilio.SendError
		if !errors.As(err, &se) || !se.Retryable || se.Status != 0 || se.Unknown {
			t.Errorf("Send error = %#v, want retryable with no status, outcome known (nothing left)", err)
		}
	})

	// hang answers once the test is over; arrived says a request came.
	hang := func(t *testing.T) (url string, arrived chan struct{}) {
		arrived = make(chan struct{}, 1)
		over := make(chan struct{})
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			arrived <- struct{}{}
			select {
			case <-r.Context().Done():
			case <-over:
			}
		}))
		t.Cleanup(srv.Close)
		t.Cleanup(func() { close(over) })
		return srv.URL, arrived
	}

	t.Run("HTTP client timeout", func(t *testing.T) {
		t.Parallel()
		fake := twiliotest.New(t)
		url, _ := hang(t)
		s := newSender(t, fake, func(c *twilio.SenderConfig) {
			c.APIURL = url
			c.HTTPClient = &http.Client{Timeout: 50 * time.Millisecond}
		})
		_, err := s.Send(t.Context(), testTo, "hi")
		if !twilio.Retryable(err) || !twilio.OutcomeUnknown(err) {
			t.Errorf("Send error = %v, want retryable, outcome unknown (the request left)", err)
		}
	})

	t.Run("context cancelled in flight", func(t *testing.T) {
		t.Parallel()
		fake := twiliotest.New(t)
		url, arrived := hang(t)
		s := newSender(t, fake, func(c *twilio.SenderConfig) { c.APIURL = url })
		ctx, cancel := context.WithCancel(t.Context())
		go func() {
			<-arrived
			cancel()
		}()
		_, err := s.Send(ctx, testTo, "hi")
		if !twilio.Retryable(err) || !errors.Is(err, context.Canceled) {
			t.Errorf("Send error = %v, want retryable and context.Canceled", err)
		}
	})

	t.Run("context cancelled before", func(t *testing.T) {
		t.Parallel()
		fake := twiliotest.New(t)
		s := newSender(t, fake, nil)
		ctx, cancel := context.WithCancel(t.Context())
		cancel()
		_, err := s.Send(ctx, testTo, "hi")
		if !twilio.Retryable(err) || !errors.Is(err, context.Canceled) {
			t.Errorf("Send error = %v, want retryable and context.Canceled", err)
		}
		if fake.Requests() != 0 {
			t.Errorf("fake got %d requests", fake.Requests())
		}
	})
}

func TestSendAnswerNotJSON(t *testing.T) {
	t.Parallel()
	tests := []struct {
		status    int
		retryable bool
		unknown   bool // Twilio said yes; the text went, its SID is lost
	}{
		{status: http.StatusBadGateway, retryable: true},
		{status: http.StatusTooManyRequests, retryable: true},
		{status: http.StatusForbidden},
		{status: http.StatusCreated, retryable: true, unknown: true},
	}
	for _, tc := range tests {
		t.Run(http.StatusText(tc.status), func(t *testing.T) {
			t.Parallel()
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", "text/html")
				w.WriteHeader(tc.status)
				_, _ = w.Write([]byte("<html>proxy error</html>"))
			}))
			t.Cleanup(srv.Close)
			s := newSender(t, twiliotest.New(t), func(c *twilio.SenderConfig) { c.APIURL = srv.URL })
			_, err := s.Send(t.Context(), testTo, "hi")
			var se *twilio.SendError
			if !errors.As(err, &se) || se.Status != tc.status || se.Retryable != tc.retryable || twilio.OutcomeUnknown(err) != tc.unknown {
				t.Errorf("Send error = %#v, want status %d retryable %v, outcome unknown %v", err, tc.status, tc.retryable, tc.unknown)
			}
		})
	}
}

func TestSendAPIURLWithPathPrefix(t *testing.T) {
	t.Parallel()
	fake := twiliotest.New(t)
	var paths []string
	proxy := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		paths = append(paths, r.URL.Path)
		http.StripPrefix("/twilio-api", fake.Config.Handler).ServeHTTP(w, r)
	}))
	t.Cleanup(proxy.Close)
	s := newSender(t, fake, func(c *twilio.SenderConfig) { c.APIURL = proxy.URL + "/twilio-api/" })
	if _, err := s.Send(t.Context(), testTo, "hi"); err != nil {
		t.Fatal(err)
	}
	want := "/twilio-api/2010-04-01/Accounts/" + fake.AccountSID + "/Messages.json"
	if len(paths) != 1 || paths[0] != want {
		t.Errorf("proxy saw %q, want %q", paths, want)
	}
	if len(fake.Sent()) != 1 {
		t.Errorf("fake got %d texts, want 1", len(fake.Sent()))
	}
}

func TestNewSenderRejects(t *testing.T) {
	t.Parallel()
	ok := twilio.SenderConfig{AccountSID: twiliotest.AccountSID, AuthToken: twiliotest.AuthToken, From: testFrom}
	if _, err := twilio.NewSender(ok); err != nil {
		t.Fatalf("NewSender(%+v) = %v", ok, err)
	}
	tests := []struct {
		name string
		edit func(*twilio.SenderConfig)
	}{
		{"no account", func(c *twilio.SenderConfig) { c.AccountSID = "" }},
		{"no token", func(c *twilio.SenderConfig) { c.AuthToken = "" }},
		{"token twilio-go refuses", func(c *twilio.SenderConfig) { c.AuthToken = "to-ken" }},
		{"no sender", func(c *twilio.SenderConfig) { c.From = "" }},
		{"both senders", func(c *twilio.SenderConfig) { c.MessagingServiceSID = testService }},
		{"relative API URL", func(c *twilio.SenderConfig) { c.APIURL = "api.twilio.com" }},
		{"API URL with query", func(c *twilio.SenderConfig) { c.APIURL = "https://api.twilio.com?x=1" }},
		{"relative callback", func(c *twilio.SenderConfig) { c.StatusCallback = "/twilio/status" }},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			cfg := ok
			tc.edit(&cfg)
			if _, err := twilio.NewSender(cfg); err == nil {
				t.Errorf("NewSender(%+v) = nil error", cfg)
			}
		})
	}
}

// TestListSent lists what Twilio sent to a number since a day, across
// pages, and only to that number.
func TestListSent(t *testing.T) {
	t.Parallel()
	fake := twiliotest.New(t)
	at := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	fake.SetClock(func() time.Time { return at })
	s := newSender(t, fake, nil)
	for range 130 { // more than a page of 100
		if _, err := s.Send(t.Context(), testTo, "Have you thanked Maria?"); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := s.Send(t.Context(), "+16175559999", "someone else"); err != nil {
		t.Fatal(err)
	}
	got, err := s.SentTo(t.Context(), testTo, at.Add(3*time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 130 {
		t.Fatalf("listed %d, want 130", len(got))
	}
	m := got[0]
	if m.To != testTo || m.Body != "Have you thanked Maria?" || !m.Created.Equal(at) || m.Segments != 1 || m.Status != "queued" {
		t.Errorf("listed %+v", m)
	}
	if _, ok := fake.Message(m.SID); !ok {
		t.Errorf("listed SID %s unknown to the fake", m.SID)
	}
	if got, err := s.SentTo(t.Context(), testTo, at.AddDate(0, 0, 1)); err != nil || len(got) != 0 {
		t.Errorf("next day: %d listed, %v", len(got), err)
	}
}

// TestListSentQueued lists a text Twilio still holds queued, with no
// date_sent, which a DateSent filter misses: SentTo finds it through its
// second, unfiltered request, and lists a text once when both find it.
func TestListSentQueued(t *testing.T) {
	t.Parallel()
	fake := twiliotest.New(t)
	at := time.Date(2026, 3, 1, 23, 59, 0, 0, time.UTC)
	fake.SetClock(func() time.Time { return at })
	s := newSender(t, fake, nil)
	if _, err := s.Send(t.Context(), testTo, "sent at once"); err != nil {
		t.Fatal(err)
	}
	fake.Hold()
	res, err := s.Send(t.Context(), testTo, "Have you thanked Maria?")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Send(t.Context(), "+16175559999", "someone else, queued"); err != nil {
		t.Fatal(err)
	}
	lists := fake.Lists()
	got, err := s.SentTo(t.Context(), testTo, at)
	if err != nil {
		t.Fatal(err)
	}
	if n := fake.Lists() - lists; n != 2 {
		t.Errorf("%d list requests, want 2 (sent since the day, then the most recent)", n)
	}
	var bodies []string
	for _, m := range got {
		bodies = append(bodies, m.Body)
	}
	if want := []string{"sent at once", "Have you thanked Maria?"}; !slices.Equal(bodies, want) {
		t.Fatalf("listed %q, want %q", bodies, want)
	}
	if m := got[1]; m.SID != res.SID || m.Status != "queued" || !m.Created.Equal(at) {
		t.Errorf("queued text listed as %+v", m)
	}
	// Handed on the next day (GMT): its date_sent is then, and it is
	// listed once.
	at = at.Add(2 * time.Minute)
	fake.Dispatch()
	got, err = s.SentTo(t.Context(), testTo, at)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || got[0].SID != res.SID || got[0].Status != "sent" {
		t.Errorf("after dispatch, listed %+v, want only the text handed on that day", got)
	}
}
