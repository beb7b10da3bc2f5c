package twilio

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptrace"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/twilio/twilio-go/client"
	openapi "github.com/twilio/twilio-go/rest/api/v2010"

	"github.com/debrief-sms/debrief"
	"github.com/debrief-sms/debrief/internal/phone"
)

// DefaultAPIURL is Twilio's REST API, which twilio-go hard-codes.
const DefaultAPIURL = "https://api.twilio.com"

// defaultTimeout bounds one request when SenderConfig.HTTPClient is nil.
// It is well above Twilio's slow answers (10 s and more were seen): a slow
// Twilio is waited for, since a request given up on may still have sent
// its text, and asking again would send it twice.
const defaultTimeout = 30 * time.Second

// alphanumeric is what twilio-go accepts as basic-auth user and password;
// it refuses anything else on every request, so NewSender refuses it once.
var alphanumeric = regexp.MustCompile(`^[a-zA-Z0-9]+$`)

// SenderConfig configures a Sender. Exactly one of From and
// MessagingServiceSID is set.
type SenderConfig struct {
	AccountSID          string // TWILIO_ACCOUNT_SID, also the basic-auth user
	AuthToken           string // TWILIO_AUTH_TOKEN
	From                string // the number texts come from, E.164
	MessagingServiceSID string // MG…, instead of From
	// APIURL is the base URL of Twilio's REST API, DefaultAPIURL when
	// empty; tests point it at a fake. A path is kept as a prefix.
	APIURL string
	// StatusCallback is the URL Twilio posts delivery statuses to,
	// PUBLIC_URL + "/twilio/status"; empty sends none.
	StatusCallback string
	// HTTPClient carries the requests; its Timeout bounds each send. Nil
	// is a client with a 30 s timeout that does not follow redirects.
	HTTPClient *http.Client
}

// Sender sends texts through Twilio's Messages API. It is safe for
// concurrent use.
type Sender struct {
	accountSID     string
	authToken      string
	from           string
	serviceSID     string
	apiURL         *url.URL
	statusCallback string
	http           *http.Client
}

// NewSender checks cfg and returns a Sender.
func NewSender(cfg SenderConfig) (*Sender, error) {
	var errs []error
	if !alphanumeric.MatchString(cfg.AccountSID) {
		errs = append(errs, errors.New("account SID must be non-empty and alphanumeric"))
	}
	if !alphanumeric.MatchString(cfg.AuthToken) {
		errs = append(errs, errors.New("auth token must be non-empty and alphanumeric"))
	}
	if (cfg.From == "") == (cfg.MessagingServiceSID == "") {
		errs = append(errs, errors.New("set exactly one of From and MessagingServiceSID"))
	}
	apiURL := cfg.APIURL
	if apiURL == "" {
		apiURL = DefaultAPIURL
	}
	base, err := parseBaseURL(apiURL)
	if err != nil {
		errs = append(errs, fmt.Errorf("API URL: %w", err))
	}
	if cfg.StatusCallback != "" {
		if _, err := parseBaseURL(cfg.StatusCallback); err != nil {
			errs = append(errs, fmt.Errorf("status callback: %w", err))
		}
	}
	if err := errors.Join(errs...); err != nil {
		return nil, fmt.Errorf("twilio sender: %w", err)
	}
	hc := cfg.HTTPClient
	if hc == nil {
		hc = &http.Client{
			Timeout:       defaultTimeout,
			CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
		}
	}
	return &Sender{
		accountSID:     cfg.AccountSID,
		authToken:      cfg.AuthToken,
		from:           cfg.From,
		serviceSID:     cfg.MessagingServiceSID,
		apiURL:         base,
		statusCallback: cfg.StatusCallback,
		http:           hc,
	}, nil
}

func parseBaseURL(raw string) (*url.URL, error) {
	u, err := url.Parse(raw)
	if err != nil {
		return nil, fmt.Errorf("parse %q: %w", raw, err)
	}
	if (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return nil, fmt.Errorf("%q is not an absolute http(s) URL", raw)
	}
	if u.RawQuery != "" || u.Fragment != "" {
		return nil, fmt.Errorf("%q must not have a query or fragment", raw)
	}
	return u, nil
}

// Send texts body to the E.164 number to. Twilio accepting the text is not
// delivery: that arrives later as a status callback (ParseStatus).
//
// A failure is a *SendError matching one of debrief's classes with
// errors.Is: ErrOptedOut or ErrBadNumber say what to record, ErrTemporary
// to try again later. Twilio offers no idempotency key for Messages: after
// a timeout or a connection lost once the request was written, the error
// is ErrUnknown, and SentTo tells whether the text went before it is sent
// again. Sender is the scheduler's Sender as it is.
//
// twilio-go builds its requests without a context, so each Send runs
// through a client of its own whose transport binds the request to ctx:
// cancelling ctx aborts the request, and the HTTP client's Timeout still
// applies.
func (s *Sender) Send(ctx context.Context, to, body string) (debrief.Sent, error) {
	if err := ctx.Err(); err != nil {
		return debrief.Sent{}, fmt.Errorf("send to %s: %w", phone.Mask(to), &SendError{Retryable: true, Message: err.Error(), Err: err})
	}
	call := s.call(ctx)
	params := &openapi.CreateMessageParams{}
	params.SetTo(to)
	params.SetBody(body)
	if s.from != "" {
		params.SetFrom(s.from)
	} else {
		params.SetMessagingServiceSid(s.serviceSID)
	}
	if s.statusCallback != "" {
		params.SetStatusCallback(s.statusCallback)
	}
	// The handler is built by hand so that twilio-go's TWILIO_EDGE and
	// TWILIO_REGION environment variables do not move requests elsewhere.
	api := openapi.NewApiService(&client.RequestHandler{Client: call})
	msg, err := api.CreateMessage(params)
	if err != nil {
		return debrief.Sent{}, fmt.Errorf("send to %s: %w", phone.Mask(to), classify(err, call.transport.status, call.transport.wrote.Load()))
	}
	res := debrief.Sent{SID: deref(msg.Sid), Status: deref(msg.Status)}
	// Twilio took the text even if num_segments cannot be read: report
	// it sent, with an unknown (0) segment count, rather than failed.
	if n, convErr := strconv.Atoi(deref(msg.NumSegments)); convErr == nil && n > 0 {
		res.Segments = n
	}
	if res.SID == "" {
		// Without a SID no status callback can be matched; Twilio always
		// sends one, so this is a broken answer, and not worth a retry
		// that could send the text twice.
		return res, fmt.Errorf("send to %s: %w", phone.Mask(to), &SendError{Status: call.transport.status, Message: "answer without a message SID"})
	}
	return res, nil
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

// call returns a twilio-go client for one request bound to ctx.
func (s *Sender) call(ctx context.Context) *apiClient {
	t := &ctxTransport{ctx: ctx, base: s.http.Transport}
	if t.base == nil {
		t.base = http.DefaultTransport
	}
	hc := *s.http
	hc.Transport = t
	c := &client.Client{
		Credentials: client.NewCredentials(s.accountSID, s.authToken),
		HTTPClient:  &hc,
	}
	c.SetAccountSid(s.accountSID)
	return &apiClient{Client: c, base: s.apiURL, transport: t}
}

// apiClient is the client.BaseClient twilio-go's API service calls: it
// moves twilio-go's hard-coded https://api.twilio.com to the configured
// API URL, keeping the URL's path as a prefix.
type apiClient struct {
	*client.Client
	base      *url.URL
	transport *ctxTransport
}

// SendRequest implements client.BaseClient.
func (c *apiClient) SendRequest(method, rawURL string, data url.Values, headers map[string]any, body ...byte) (*http.Response, error) {
	u, err := url.Parse(rawURL)
	if err != nil {
		return nil, fmt.Errorf("twilio-go URL %q: %w", rawURL, err)
	}
	u.Scheme = c.base.Scheme
	u.Host = c.base.Host
	u.User = c.base.User
	u.Path = strings.TrimRight(c.base.Path, "/") + u.Path
	u.RawPath = ""
	return c.Client.SendRequest(method, u.String(), data, headers, body...)
}

// ctxTransport binds each request to the context of one Send and keeps
// the status of the last answer, which twilio-go drops when an error body
// is not Twilio's JSON (a 502 page from a proxy, say). One ctxTransport
// serves one Send, on one goroutine.
type ctxTransport struct {
	ctx    context.Context
	base   http.RoundTripper
	status int
	// wrote is set once a request was written in full: from then on,
	// Twilio may act on it whatever happens to the answer. The transport
	// reports it from its own goroutine.
	wrote atomic.Bool
}

// RoundTrip implements http.RoundTripper. The request keeps its own
// context, which carries the HTTP client's Timeout, and is also cancelled
// with the Send's context until its body is closed.
func (t *ctxTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	ctx, cancel := context.WithCancel(req.Context())
	ctx = httptrace.WithClientTrace(ctx, &httptrace.ClientTrace{
		WroteRequest: func(info httptrace.WroteRequestInfo) {
			if info.Err == nil {
				t.wrote.Store(true)
			}
		},
	})
	stop := context.AfterFunc(t.ctx, cancel)
	done := func() {
		stop()
		cancel()
	}
	resp, err := t.base.RoundTrip(req.WithContext(ctx))
	if err != nil {
		done()
		if ctxErr := t.ctx.Err(); ctxErr != nil && !errors.Is(err, ctxErr) {
			return nil, fmt.Errorf("%w: %w", ctxErr, err)
		}
		return nil, err
	}
	t.status = resp.StatusCode
	resp.Body = &closeBody{ReadCloser: resp.Body, done: done}
	return resp, nil
}

// closeBody releases the request's context when the body is closed.
type closeBody struct {
	io.ReadCloser
	done func()
}

// Close implements io.Closer.
func (b *closeBody) Close() error {
	err := b.ReadCloser.Close()
	b.done()
	return err
}
