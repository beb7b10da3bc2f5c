// Package web is Debrief's HTTP server: the Twilio webhook that receives
// texts and answers them with TwiML, health checks for the platform, and
// the organizers' pages (sign-in by a texted code, their team's reports),
// server-rendered without JavaScript.
// It is a thin adapter: it checks, parses and logs, and leaves every
// decision to the inbox it is given. It tells what it answered to an
// Observer (metrics) and never imports a metrics library. It never logs a
// full phone number or a message body.
package web

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"slices"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"

	"github.com/debrief-sms/debrief"
	"github.com/debrief-sms/debrief/internal/twilio"
)

// Paths served.
const (
	SMSPath     = "/twilio/sms"
	HealthPath  = "/healthz"
	ReadyPath   = "/readyz"
	bodyLimit   = "64K"
	pingTimeout = 2 * time.Second
)

// DefaultTimeout bounds the handling of one text. Twilio gives up after
// 15 s; answering 500 before that lets it use the fallback URL.
const DefaultTimeout = 10 * time.Second

// Inbox applies one inbound text and returns the replies to send back;
// optedOut reports an opt-out word, answered with nothing.
type Inbox interface {
	Handle(ctx context.Context, in debrief.Inbound) (replies []string, optedOut bool, err error)
}

// Pinger reports whether the database answers.
type Pinger interface {
	Ping(ctx context.Context) error
}

// Config is what the server needs.
type Config struct {
	Inbox Inbox
	DB    Pinger
	// Validator checks webhook signatures; required unless SkipSignature.
	Validator *twilio.Validator
	// SkipSignature accepts unsigned webhooks. Only for local development.
	SkipSignature bool
	Logger        *slog.Logger
	// Now is the clock; time.Now when nil.
	Now func() time.Time
	// Deliveries records status callbacks at StatusPath; nil answers 404.
	Deliveries Deliveries
	// Timeout bounds the handling of one text; DefaultTimeout when 0.
	Timeout time.Duration
	// Observer is told of every webhook, for metrics; nil tells no one.
	Observer Observer
	// Metrics, when not nil, is served at MetricsPath. The server is
	// public: the handler must check a token of its own.
	Metrics http.Handler

	// Accounts, when not nil, serves the organizers' pages (sign-in,
	// reports); Codes then texts the sign-in codes.
	Accounts Accounts
	Codes    CodeSender
	// People, when not nil with Accounts, serves the people and teams
	// pages.
	People People
	// SecureCookies marks the session and CSRF cookies Secure and sends
	// HSTS: PUBLIC_URL is https.
	SecureCookies bool
	// Questions, when not nil with Accounts, serves the questions page
	// (QuestionsPath) and names a team question's answers on a report's.
	Questions QuestionEditor
	// ReportZone is the zone the monthly report's months are counted in
	// (DEFAULT_TIMEZONE); UTC when nil.
	ReportZone *time.Location
	// Plans, when not nil with Accounts, serves the planned 1:1s page
	// (PlansPath).
	Plans Plans
	// NationBuilder, when not nil with Accounts, serves the NationBuilder
	// page (NationBuilderPath) to coordinators, linked from their nav.
	NationBuilder *NationBuilderPage
	// HistoryCache is how long the monthly report's charts keep a closed
	// month's bars before reading them again (historyCache); 0 reads
	// every month on every view.
	HistoryCache time.Duration
	// Background runs work that follows an answer (texting a sign-in
	// code); a goroutine when nil. Tests run it at once.
	Background func(func())
}

// New returns the server's HTTP handler.
func New(cfg Config) (*echo.Echo, error) {
	switch {
	case cfg.Inbox == nil:
		return nil, errors.New("web: no inbox")
	case cfg.DB == nil:
		return nil, errors.New("web: no database to ping")
	case cfg.Logger == nil:
		return nil, errors.New("web: no logger")
	case cfg.Validator == nil && !cfg.SkipSignature:
		return nil, errors.New("web: no signature validator (and signature checks not skipped)")
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Timeout == 0 {
		cfg.Timeout = DefaultTimeout
	}
	if cfg.Observer == nil {
		cfg.Observer = noObserver{}
	}
	if cfg.Accounts != nil && cfg.Codes == nil {
		return nil, errors.New("web: organizers' pages without a sender for sign-in codes")
	}
	if cfg.Background == nil {
		cfg.Background = func(f func()) { go f() }
	}
	h := &handlers{cfg: cfg}
	if cfg.Accounts != nil {
		h.history = &historyCache{ttl: cfg.HistoryCache, read: cfg.Accounts.MonthlyHistory}
	}

	e := echo.New()
	e.HideBanner = true
	e.HidePort = true
	e.HTTPErrorHandler = answerError
	e.Use(
		observeWebhooks(cfg.Observer, cfg.Now),
		logRequests(cfg.Logger, cfg.Now),
		middleware.RecoverWithConfig(middleware.RecoverConfig{
			DisableStackAll:     true,
			DisableErrorHandler: true, // logRequests answers and logs
			LogErrorFunc:        keepStack,
		}),
		middleware.BodyLimit(bodyLimit),
	)
	e.POST(SMSPath, h.sms)
	e.POST(StatusPath, h.status)
	e.GET(HealthPath, h.health)
	e.GET(ReadyPath, h.ready)
	if cfg.Metrics != nil {
		e.GET(MetricsPath, echo.WrapHandler(cfg.Metrics))
	}
	if cfg.Accounts != nil {
		if err := h.routePages(e); err != nil {
			return nil, err
		}
	}
	return e, nil
}

// routePages serves the organizers' pages: every one behind secure
// headers and CSRF checks, and all but sign-in behind a session.
func (h *handlers) routePages(e *echo.Echo) error {
	p, err := parsePages()
	if err != nil {
		return fmt.Errorf("web: %w", err)
	}
	h.pages = p
	h.exports = make(chan struct{}, concurrentExports)
	// The client's address, for the sign-in limits: X-Forwarded-For as
	// written by a proxy on a private or loopback address (Fly's), the
	// peer's address otherwise.
	e.IPExtractor = echo.ExtractIPFromXFFHeader()
	guards := pageGuards(h.cfg.SecureCookies)
	session := append(slices.Clone(guards), h.signedIn)
	e.GET(cssPath, css, guards...)
	e.GET(SigninPath, h.signinPage, guards...)
	e.POST(SigninPath, h.requestCode, guards...)
	e.POST(CodePath, h.checkCode, guards...)
	e.POST(SignoutPath, h.signout, guards...)
	e.GET("/", func(c echo.Context) error { return c.Redirect(http.StatusSeeOther, ReportsPath) }, guards...)
	if h.cfg.NationBuilder != nil {
		if h.cfg.NationBuilder.Pushes == nil {
			return errors.New("web: a NationBuilder page without its pushes")
		}
		session = append(session, nbNav)
		h.routeNationBuilder(e, session)
	}
	e.GET(ReportsPath, h.reports, session...)
	e.GET(ReportsPath+"/:id", h.report, session...)
	e.GET(ReportsCSVPath, h.reportsCSV, session...)
	e.GET(FollowupsPath, h.followups, session...)
	if h.cfg.People != nil {
		h.routePeople(e, session)
	}
	if h.cfg.Questions != nil {
		h.routeQuestions(e, session)
	}
	e.GET(MonthlyPath, h.monthly, session...)
	if h.cfg.Plans != nil {
		e.GET(PlansPath, h.plans, session...)
	}
	return nil
}
