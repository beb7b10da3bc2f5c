package web

import (
	"context"
	"errors"
	"net/http"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"

	"github.com/debrief-sms/debrief"
	"github.com/debrief-sms/debrief/internal/store"
)

// Organizers' pages.
const (
	SigninPath    = "/signin"
	CodePath      = "/signin/code"
	SignoutPath   = "/signout"
	ReportsPath   = "/reports"
	FollowupsPath = "/followups"
	cssPath       = "/assets/site.css"

	// SessionCookie holds the session's token.
	SessionCookie = "debrief_session"
	csrfCookie    = "debrief_csrf"
	csrfKey       = "csrf"
	viewerKey     = "debrief.viewer"
)

// contentSecurity lets a page load its stylesheet from the server and
// nothing else: no script, no inline style, no frames, forms posted back
// to the server only.
const contentSecurity = "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; " +
	"frame-ancestors 'none'; base-uri 'none'"

// Accounts is what the organizers' pages need of the database;
// *store.Store implements it.
type Accounts interface {
	Volunteer(ctx context.Context, e164 string) (debrief.Volunteer, error)
	SigninRequests(ctx context.Context, e164, client string, now time.Time) (byPhone, byClient int64, err error)
	AddSigninCode(ctx context.Context, volunteerID int64, code string, now, expires time.Time) error
	UseSigninCode(ctx context.Context, volunteerID int64, code string, maxAttempts int, now time.Time) error
	NewSession(ctx context.Context, volunteerID int64, now time.Time) (string, error)
	Session(ctx context.Context, token string, now time.Time) (store.Viewer, error)
	EndSession(ctx context.Context, token string) error
	Teams(ctx context.Context) ([]debrief.Team, error)
	TeamReports(ctx context.Context, f store.ReportFilter, offset, limit int) ([]store.TeamReport, error)
	TeamMembers(ctx context.Context, scope store.TeamScope, teamID int64, limit int) ([]debrief.Volunteer, error)
	ListReports(ctx context.Context, f store.ReportFilter, each func(store.ReportListing) error) error
	ReportExtraKeys(ctx context.Context, f store.ReportFilter) ([]string, error)
	TeamReportByID(ctx context.Context, id int64) (store.TeamReport, error)
	TeamFollowups(ctx context.Context, q store.TeamFollowupsQuery) ([]store.TeamFollowup, error)
	Monthly(ctx context.Context, q store.MonthlyQuery) (store.Monthly, error)
	MonthlyHistory(ctx context.Context, q store.MonthlyQuery, bounds []time.Time) ([]store.MonthlyPoint, error)
}

// CodeSender texts a sign-in code; the scheduler's Sender (Twilio, or
// printed in development) is one. Its errors match debrief.ErrOptedOut,
// debrief.ErrBadNumber and the other send outcomes.
type CodeSender interface {
	Send(ctx context.Context, to, body string) (debrief.Sent, error)
}

// pageGuards are the middleware of every organizers' page: secure
// headers, and a CSRF token checked on every POST (403 without it).
func pageGuards(secure bool) []echo.MiddlewareFunc {
	hsts := 0
	if secure {
		hsts = 365 * 24 * 3600
	}
	return []echo.MiddlewareFunc{
		middleware.SecureWithConfig(middleware.SecureConfig{
			XSSProtection:         "0",
			ContentTypeNosniff:    "nosniff",
			XFrameOptions:         "DENY",
			HSTSMaxAge:            hsts,
			HSTSExcludeSubdomains: true,
			ContentSecurityPolicy: contentSecurity,
			ReferrerPolicy:        "same-origin",
		}),
		middleware.CSRFWithConfig(middleware.CSRFConfig{
			TokenLookup:    "form:_csrf",
			CookieName:     csrfCookie,
			CookiePath:     "/",
			CookieHTTPOnly: true,
			CookieSecure:   secure,
			CookieSameSite: http.SameSiteLaxMode,
			ContextKey:     csrfKey,
			ErrorHandler: func(err error, c echo.Context) error {
				return echo.NewHTTPError(http.StatusForbidden, "missing or invalid CSRF token").SetInternal(err)
			},
		}),
	}
}

// signedIn lets through only a request with a live session of an
// organizer or a coordinator, and sends anyone else to the sign-in page.
func (h *handlers) signedIn(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		cookie, err := c.Cookie(SessionCookie)
		if err != nil || cookie.Value == "" {
			return c.Redirect(http.StatusSeeOther, SigninPath)
		}
		v, err := h.cfg.Accounts.Session(c.Request().Context(), cookie.Value, h.cfg.Now())
		if errors.Is(err, store.ErrNoSession) {
			h.clearSession(c)
			return c.Redirect(http.StatusSeeOther, SigninPath)
		}
		if err != nil {
			return err
		}
		c.Set(viewerKey, &v)
		return next(c)
	}
}

func viewerOf(c echo.Context) *store.Viewer {
	v, _ := c.Get(viewerKey).(*store.Viewer)
	return v
}

// setSession gives the browser the session's token, for as long as a
// session may last; the server ends it sooner when it sits idle.
func (h *handlers) setSession(c echo.Context, token string) {
	c.SetCookie(&http.Cookie{
		Name: SessionCookie, Value: token, Path: "/", MaxAge: int(store.SessionMax / time.Second),
		HttpOnly: true, Secure: h.cfg.SecureCookies, SameSite: http.SameSiteLaxMode,
	})
}

func (h *handlers) clearSession(c echo.Context) {
	c.SetCookie(&http.Cookie{
		Name: SessionCookie, Value: "", Path: "/", MaxAge: -1,
		HttpOnly: true, Secure: h.cfg.SecureCookies, SameSite: http.SameSiteLaxMode,
	})
}

// signout ends the session and goes back to the sign-in page.
func (h *handlers) signout(c echo.Context) error {
	if cookie, err := c.Cookie(SessionCookie); err == nil && cookie.Value != "" {
		if err := h.cfg.Accounts.EndSession(c.Request().Context(), cookie.Value); err != nil {
			return err
		}
	}
	h.clearSession(c)
	return c.Redirect(http.StatusSeeOther, SigninPath)
}
