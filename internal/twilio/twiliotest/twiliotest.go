// Package twiliotest is an in-process fake of Twilio's Messages API for
// tests. It answers POST (create) and GET (list, filtered by To, From and
// DateSent) on /2010-04-01/Accounts/{AccountSid}/Messages.json and GET on
// .../Messages/{Sid}.json like the real API (see ../shared/twilio), checks
// HTTP basic auth, records what it was asked, and can be scripted to
// refuse texts to given numbers with Twilio's error codes, or to answer
// slowly. It hands every text it accepts to the carrier at once (its
// date_sent is its date_created) unless told to hold them (Hold), as a
// busy long code does: a held text stays queued (accepted through a
// Messaging Service) with no date_sent, so a DateSent filter misses it,
// until Dispatch. It sends nothing anywhere and does not post status
// callbacks.
package twiliotest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"mime"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"slices"
	"sync"
	"testing"
	"time"
	"unicode/utf8"
)

// Credentials New's server accepts. The account SID has the shape Twilio's
// API description requires (AC and 32 hex digits).
const (
	AccountSID = "AC0123456789abcdef0123456789abcdef"
	AuthToken  = "fa4e0b5e1d2c3b4a59687a6b5c4d3e2f"
)

// Twilio error codes the fake answers with.
const (
	CodeAuthenticate     = 20003
	CodeNotFound         = 20404
	CodeMethodNotAllowed = 20004
	CodeTooManyRequests  = 20429
	CodeBodyRequired     = 21602
	CodeFromRequired     = 21603
	CodeToRequired       = 21604
	CodeInvalidTo        = 21211
	CodeOptedOut         = 21610
	CodeNotMobile        = 21614
	CodeBodyTooLong      = 21617
	CodeInvalidService   = 21701
)

// maxBody is the longest body Twilio accepts, in characters.
const maxBody = 1600

var (
	messagesPath = regexp.MustCompile(`^/2010-04-01/Accounts/([^/]+)/Messages\.json$`)
	messagePath  = regexp.MustCompile(`^/2010-04-01/Accounts/([^/]+)/Messages/([^/]+)\.json$`)
	e164         = regexp.MustCompile(`^\+[1-9][0-9]{6,14}$`)
	serviceSID   = regexp.MustCompile(`^MG[0-9a-fA-F]{32}$`)
)

// Message is a text the fake accepted.
type Message struct {
	SID                 string
	AccountSID          string
	To                  string
	From                string // empty when sent through a Messaging Service alone
	MessagingServiceSID string
	Body                string
	StatusCallback      string
	Status              string // queued, or accepted through a Messaging Service alone
	Segments            int    // as billed, whatever num_segments says
	DateCreated         time.Time
	DateSent            time.Time  // DateCreated, or zero while held (Hold)
	Form                url.Values // the whole request
}

// failure is a scripted refusal.
type failure struct {
	code, status int
	times        int // how many more requests it refuses; < 0 is forever
}

// Server is the fake Twilio API. Its methods are safe for concurrent use.
type Server struct {
	*httptest.Server
	AccountSID string
	AuthToken  string

	mu       sync.Mutex
	now      func() time.Time
	sent     []Message
	bySID    map[string]int // index in sent
	scripts  map[string][]*failure
	attempts map[string]int // create requests per To, refused ones too
	requests int            // create requests
	lists    int            // list requests
	slow     time.Duration  // how long an accepted text's answer waits
	hold     bool           // accepted texts stay queued, not handed on
	changed  chan struct{}  // closed and replaced when a text is accepted
}

// New starts a fake Twilio API for AccountSID and AuthToken, closed when
// the test ends.
func New(t testing.TB) *Server {
	t.Helper()
	s := newServer()
	s.Server = httptest.NewServer(http.HandlerFunc(s.serve))
	t.Cleanup(s.Close)
	return s
}

// Listen starts a fake Twilio API for AccountSID and AuthToken on addr
// (such as "127.0.0.1:0"), outside any test: a load run's Twilio, served
// by a process of its own. The caller closes it.
func Listen(addr string) (*Server, error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("fake twilio: %w", err)
	}
	s := newServer()
	s.Server = &httptest.Server{
		Listener: ln,
		Config:   &http.Server{Handler: http.HandlerFunc(s.serve), ReadHeaderTimeout: 10 * time.Second},
	}
	s.Server.Start()
	return s, nil
}

func newServer() *Server {
	return &Server{
		AccountSID: AccountSID,
		AuthToken:  AuthToken,
		now:        time.Now,
		bySID:      make(map[string]int),
		scripts:    make(map[string][]*failure),
		attempts:   make(map[string]int),
		changed:    make(chan struct{}),
	}
}

// SetClock sets the clock date_created is read from.
func (s *Server) SetClock(now func() time.Time) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.now = now
}

// Slow makes the answer to every later accepted text wait d, or until the
// client gives up, whichever comes first: the text is accepted (listed,
// counted) at once, as when Twilio is slow to answer. 0 answers at once
// again. Only creates are slowed.
func (s *Server) Slow(d time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.slow = d
}

// Hold makes every later accepted text stay in Twilio's queue, as on a
// long code with a backlog: status queued (accepted through a Messaging
// Service alone) and no date_sent, until Dispatch.
func (s *Server) Hold() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.hold = true
}

// Dispatch hands the held texts to the carrier now (status sent, date_sent
// the clock's second) and stops holding.
func (s *Server) Dispatch() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.hold = false
	now := s.now().UTC().Truncate(time.Second)
	for i := range s.sent {
		if s.sent[i].DateSent.IsZero() {
			s.sent[i].DateSent, s.sent[i].Status = now, "sent"
		}
	}
}

// FailNext makes the next times requests to send to the number to fail
// with Twilio error code and HTTP status. Scripts for a number apply in
// the order they were added; an empty to fails sends to any number once
// their own scripts are used up.
func (s *Server) FailNext(to string, code, status, times int) {
	s.script(to, &failure{code: code, status: status, times: times})
}

// OptOut makes every later send to to fail as Twilio does after a STOP:
// HTTP 400, error 21610.
func (s *Server) OptOut(to string) {
	s.script(to, &failure{code: CodeOptedOut, status: http.StatusBadRequest, times: -1})
}

// BadNumber makes every later send to to fail as an invalid number: HTTP
// 400, error 21211.
func (s *Server) BadNumber(to string) {
	s.script(to, &failure{code: CodeInvalidTo, status: http.StatusBadRequest, times: -1})
}

func (s *Server) script(to string, f *failure) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.scripts[to] = append(s.scripts[to], f)
}

// Sent returns the texts accepted so far, oldest first.
func (s *Server) Sent() []Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.sent)
}

// Message returns the accepted text with the SID sid.
func (s *Server) Message(sid string) (Message, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	i, ok := s.bySID[sid]
	if !ok {
		return Message{}, false
	}
	return s.sent[i], true
}

// Requests returns how many send requests arrived, refused ones included.
func (s *Server) Requests() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.requests
}

// Lists returns how many list requests arrived.
func (s *Server) Lists() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.lists
}

// Attempts returns how many send requests to the number to arrived,
// refused ones included.
func (s *Server) Attempts(to string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.attempts[to]
}

// WaitSent waits until at least n texts were accepted and returns them, or
// returns ctx's error with those accepted so far.
func (s *Server) WaitSent(ctx context.Context, n int) ([]Message, error) {
	for {
		s.mu.Lock()
		sent, changed := slices.Clone(s.sent), s.changed
		s.mu.Unlock()
		if len(sent) >= n {
			return sent, nil
		}
		select {
		case <-ctx.Done():
			return sent, fmt.Errorf("wait for %d texts, got %d: %w", n, len(sent), ctx.Err())
		case <-changed:
		}
	}
}

func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	if m := messagesPath.FindStringSubmatch(r.URL.Path); m != nil {
		if !s.authorized(w, r, m[1]) {
			return
		}
		switch r.Method {
		case http.MethodPost:
			s.create(w, r, m[1])
		case http.MethodGet:
			s.list(w, r)
		default:
			writeError(w, http.StatusMethodNotAllowed, CodeMethodNotAllowed, "Method not allowed: POST creates a Message here, GET lists them")
		}
		return
	}
	if m := messagePath.FindStringSubmatch(r.URL.Path); m != nil {
		if !s.authorized(w, r, m[1]) {
			return
		}
		if r.Method != http.MethodGet {
			writeError(w, http.StatusMethodNotAllowed, CodeMethodNotAllowed, "Method not allowed: only GET fetches a Message here")
			return
		}
		s.fetch(w, m[2])
		return
	}
	writeError(w, http.StatusNotFound, CodeNotFound, "The requested resource "+r.URL.Path+" was not found")
}

// authorized checks basic auth, and that the account in the path is the
// one authenticated, as Twilio does.
func (s *Server) authorized(w http.ResponseWriter, r *http.Request, account string) bool {
	user, pass, ok := r.BasicAuth()
	if !ok || user != s.AccountSID || pass != s.AuthToken {
		w.Header().Set("WWW-Authenticate", `Basic realm="Twilio API"`)
		writeError(w, http.StatusUnauthorized, CodeAuthenticate, "Authenticate")
		return false
	}
	if account != s.AccountSID {
		writeError(w, http.StatusNotFound, CodeNotFound, "The requested resource "+r.URL.Path+" was not found")
		return false
	}
	return true
}

func (s *Server) create(w http.ResponseWriter, r *http.Request, account string) {
	if mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type")); err != nil || mt != "application/x-www-form-urlencoded" {
		writeError(w, http.StatusBadRequest, CodeBodyRequired, "Message body is required: send application/x-www-form-urlencoded")
		return
	}
	if err := r.ParseForm(); err != nil {
		writeError(w, http.StatusBadRequest, CodeBodyRequired, "Unreadable form: "+err.Error())
		return
	}
	form := r.PostForm
	to := form.Get("To")
	s.mu.Lock()
	s.requests++
	s.attempts[to]++
	s.mu.Unlock()

	from, service, body := form.Get("From"), form.Get("MessagingServiceSid"), form.Get("Body")
	switch {
	case to == "":
		writeError(w, http.StatusBadRequest, CodeToRequired, "A 'To' phone number is required.")
		return
	case from == "" && service == "":
		writeError(w, http.StatusBadRequest, CodeFromRequired, "A 'From' phone number is required.")
		return
	case service != "" && !serviceSID.MatchString(service):
		writeError(w, http.StatusBadRequest, CodeInvalidService, "The Messaging Service Sid "+service+" is invalid.")
		return
	case body == "":
		writeError(w, http.StatusBadRequest, CodeBodyRequired, "Message body is required.")
		return
	case utf8.RuneCountInString(body) > maxBody:
		writeError(w, http.StatusBadRequest, CodeBodyTooLong, "The concatenated message body exceeds the 1600 character limit.")
		return
	case !e164.MatchString(to):
		writeError(w, http.StatusBadRequest, CodeInvalidTo, "The 'To' number "+to+" is not a valid phone number.")
		return
	}
	if f, ok := s.nextFailure(to); ok {
		writeError(w, f.status, f.code, failureMessage(f.code, to))
		return
	}

	m := Message{
		SID:                 newSID(),
		AccountSID:          account,
		To:                  to,
		From:                from,
		MessagingServiceSID: service,
		Body:                body,
		StatusCallback:      form.Get("StatusCallback"),
		Status:              "queued",
		Segments:            Segments(body),
		Form:                form,
	}
	if from == "" {
		// Twilio picks a sender of the service later.
		m.Status = "accepted"
	}
	s.mu.Lock()
	m.DateCreated = s.now().UTC().Truncate(time.Second)
	if !s.hold {
		m.DateSent = m.DateCreated
	}
	s.bySID[m.SID] = len(s.sent)
	s.sent = append(s.sent, m)
	close(s.changed)
	s.changed = make(chan struct{})
	slow := s.slow
	s.mu.Unlock()

	if slow > 0 {
		t := time.NewTimer(slow)
		select {
		case <-t.C:
		case <-r.Context().Done():
			t.Stop()
		}
	}
	// The answer to a create shows the text queued, not yet sent.
	res := resourceOf(m)
	res.DateSent = nil
	writeJSON(w, http.StatusCreated, res)
}

// nextFailure consumes the scripted failure for a send to to, if any.
func (s *Server) nextFailure(to string) (failure, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, key := range []string{to, ""} {
		for _, f := range s.scripts[key] {
			if f.times == 0 {
				continue
			}
			if f.times > 0 {
				f.times--
			}
			return *f, true
		}
	}
	return failure{}, false
}

func failureMessage(code int, to string) string {
	switch code {
	case CodeOptedOut:
		return "Attempt to send to unsubscribed recipient"
	case CodeInvalidTo:
		return "The 'To' number " + to + " is not a valid phone number."
	case CodeNotMobile:
		return "To number: " + to + ", is not a mobile number"
	case CodeTooManyRequests:
		return "Too Many Requests"
	}
	return fmt.Sprintf("Scripted failure %d", code)
}

func (s *Server) fetch(w http.ResponseWriter, sid string) {
	m, ok := s.Message(sid)
	if !ok {
		writeError(w, http.StatusNotFound, CodeNotFound, "The requested resource /2010-04-01/Accounts/"+s.AccountSID+"/Messages/"+sid+".json was not found")
		return
	}
	writeJSON(w, http.StatusOK, resourceOf(m))
}

// resource is a Message resource as Twilio writes it; nil pointers are
// JSON nulls.
type resource struct {
	AccountSID          string            `json:"account_sid"`
	APIVersion          string            `json:"api_version"`
	Body                string            `json:"body"`
	DateCreated         string            `json:"date_created"`
	DateSent            *string           `json:"date_sent"`
	DateUpdated         string            `json:"date_updated"`
	Direction           string            `json:"direction"`
	ErrorCode           *int              `json:"error_code"`
	ErrorMessage        *string           `json:"error_message"`
	From                *string           `json:"from"`
	MessagingServiceSID *string           `json:"messaging_service_sid"`
	NumMedia            string            `json:"num_media"`
	NumSegments         string            `json:"num_segments"`
	Price               *string           `json:"price"`
	PriceUnit           string            `json:"price_unit"`
	SID                 string            `json:"sid"`
	Status              string            `json:"status"`
	SubresourceURIs     map[string]string `json:"subresource_uris"`
	To                  string            `json:"to"`
	URI                 string            `json:"uri"`
}

func resourceOf(m Message) resource {
	uri := "/2010-04-01/Accounts/" + m.AccountSID + "/Messages/" + m.SID
	date := m.DateCreated.Format(time.RFC1123Z)
	r := resource{
		AccountSID:  m.AccountSID,
		APIVersion:  "2010-04-01",
		Body:        m.Body,
		DateCreated: date,
		DateUpdated: date,
		Direction:   "outbound-api",
		NumMedia:    "0",
		NumSegments: fmt.Sprint(m.Segments),
		PriceUnit:   "USD",
		SID:         m.SID,
		Status:      m.Status,
		SubresourceURIs: map[string]string{
			"media":    uri + "/Media.json",
			"feedback": uri + "/Feedback.json",
		},
		To:  m.To,
		URI: uri + ".json",
	}
	if !m.DateSent.IsZero() {
		sent := m.DateSent.Format(time.RFC1123Z)
		r.DateSent = &sent
	}
	if m.From != "" {
		r.From = &m.From
	} else {
		// Until it picks a sender, Twilio counts no segments.
		r.NumSegments = "0"
	}
	if m.MessagingServiceSID != "" {
		r.MessagingServiceSID = &m.MessagingServiceSID
	}
	return r
}

// newSID returns a message SID: SM and 32 random hex digits.
func newSID() string {
	var b [16]byte
	_, _ = rand.Read(b[:]) // crypto/rand.Read never fails
	return "SM" + hex.EncodeToString(b[:])
}

// apiError is Twilio's error body.
type apiError struct {
	Code     int    `json:"code"`
	Message  string `json:"message"`
	MoreInfo string `json:"more_info"`
	Status   int    `json:"status"`
}

func writeError(w http.ResponseWriter, status, code int, msg string) {
	writeJSON(w, status, apiError{
		Code:     code,
		Message:  msg,
		MoreInfo: fmt.Sprintf("https://www.twilio.com/docs/errors/%d", code),
		Status:   status,
	})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	// A write error means the client went away; there is no one to tell.
	_ = json.NewEncoder(w).Encode(v)
}

// MessagesPath returns the path of the Messages list of the server's
// account.
func (s *Server) MessagesPath() string {
	return "/2010-04-01/Accounts/" + s.AccountSID + "/Messages.json"
}
