package web

import (
	"context"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/debrief-sms/debrief"
	"github.com/debrief-sms/debrief/internal/store"
)

// The NationBuilder page, for coordinators: the connection, the pushes
// waiting and failed, a retry, and the OAuth round trip that connects
// the nation.
const (
	NationBuilderPath         = "/nationbuilder"
	NationBuilderConnectPath  = NationBuilderPath + "/connect"
	NationBuilderCallbackPath = NationBuilderPath + "/callback"
	NationBuilderRetryPath    = NationBuilderPath + "/retry"
	nbNavKey                  = "debrief.nbnav"
)

// NationBuilderPushes is what the page reads and changes of the pushes;
// *store.Store implements it.
type NationBuilderPushes interface {
	NBStatus(ctx context.Context) (store.NBSummary, error)
	// RetryNBPushes queues failed push id again (0: every failed one)
	// and says how many it queued.
	RetryNBPushes(ctx context.Context, id int64, at time.Time) (int, error)
}

// NationBuilderOAuth connects the nation; nationbuilder.Connection
// implements it.
type NationBuilderOAuth interface {
	// AuthorizeURL is NationBuilder's page where the coordinator
	// approves Debrief; it sends them to NationBuilderCallbackPath with
	// a code and state.
	AuthorizeURL(state string) string
	// Connect exchanges the code for a token and stores it (sealed), and
	// says when it expires.
	Connect(ctx context.Context, code string, now time.Time) (expiresAt time.Time, err error)
}

// NationBuilderPage configures the NationBuilder page.
type NationBuilderPage struct {
	Nation string // the nation's address, https://{slug}.nationbuilder.com
	Pushes NationBuilderPushes
	// OAuth connects the nation from the page; nil when a direct token
	// (NATIONBUILDER_ACCESS_TOKEN) is used instead, or no PUBLIC_URL
	// gives the callback's address.
	OAuth NationBuilderOAuth
	// DirectToken says NATIONBUILDER_ACCESS_TOKEN is used.
	DirectToken bool
}

type nbPage struct {
	Nation      string
	DirectToken bool
	CanConnect  bool
	Sum         store.NBSummary
	Expires     string // the token's expiry, in the viewer's words
	OldestDue   string
	Failed      []nbRow
	Retrying    []nbRow
	Notice      string // a word's key: what just happened
	Error       string // what went wrong, as said
}

type nbRow struct {
	store.NBFailure
	When string
}

// routeNationBuilder serves the page behind the session guards; its
// link in the nav shows to coordinators.
func (h *handlers) routeNationBuilder(e *echo.Echo, session []echo.MiddlewareFunc) {
	e.GET(NationBuilderPath, h.nationBuilder, session...)
	e.POST(NationBuilderRetryPath, h.retryNationBuilder, session...)
	e.GET(NationBuilderConnectPath, h.connectNationBuilder, session...)
	e.GET(NationBuilderCallbackPath, h.nationBuilderCallback, session...)
}

// nbNav marks a coordinator's pages for the nav's NationBuilder link.
func nbNav(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		if v := viewerOf(c); v != nil && v.Role == debrief.RoleCoordinator {
			c.Set(nbNavKey, true)
		}
		return next(c)
	}
}

// nbCoordinator answers 403 to anyone but a coordinator.
func nbCoordinator(c echo.Context) (*store.Viewer, error) {
	v := viewerOf(c)
	if v.Role != debrief.RoleCoordinator {
		return nil, echo.NewHTTPError(http.StatusForbidden, "only a coordinator sees the NationBuilder sync")
	}
	return v, nil
}

// nationBuilder shows the connection and the pushes.
func (h *handlers) nationBuilder(c echo.Context) error {
	if _, err := nbCoordinator(c); err != nil {
		return err
	}
	notice := ""
	switch c.QueryParam("done") {
	case "connected":
		notice = "nb_connected"
	case "retried":
		notice = "nb_retried"
	}
	return h.renderNationBuilder(c, http.StatusOK, nbPage{Notice: notice})
}

func (h *handlers) renderNationBuilder(c echo.Context, status int, pg nbPage) error {
	v := viewerOf(c)
	nb := h.cfg.NationBuilder
	sum, err := nb.Pushes.NBStatus(c.Request().Context())
	if err != nil {
		return err
	}
	loc := time.UTC
	if l, err := time.LoadLocation(v.TimeZone); err == nil && v.TimeZone != "" {
		loc = l
	}
	at := func(t time.Time) string { return t.In(loc).Format("2006-01-02 15:04 MST") }
	pg.Nation, pg.DirectToken, pg.CanConnect, pg.Sum = nb.Nation, nb.DirectToken, nb.OAuth != nil, sum
	if sum.ExpiresAt != nil {
		pg.Expires = at(*sum.ExpiresAt)
	}
	if sum.OldestDue != nil {
		pg.OldestDue = at(*sum.OldestDue)
	}
	rows := func(fs []store.NBFailure) []nbRow {
		var out []nbRow
		for _, f := range fs {
			out = append(out, nbRow{NBFailure: f, When: at(f.UpdatedAt)})
		}
		return out
	}
	pg.Failed, pg.Retrying = rows(sum.Failed), rows(sum.Retrying)
	return h.pages.render(c, status, "nationbuilder", page{Lang: v.Language, Viewer: v, Data: pg})
}

// retryNationBuilder queues a failed push again (the form's id), or
// every failed one (no id).
func (h *handlers) retryNationBuilder(c echo.Context) error {
	if _, err := nbCoordinator(c); err != nil {
		return err
	}
	var id int64
	if s := strings.TrimSpace(c.FormValue("id")); s != "" {
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil || n <= 0 {
			return echo.NewHTTPError(http.StatusBadRequest, "id: want a push's number")
		}
		id = n
	}
	n, err := h.cfg.NationBuilder.Pushes.RetryNBPushes(c.Request().Context(), id, h.cfg.Now())
	if err != nil {
		return err
	}
	if id != 0 && n == 0 {
		return echo.NewHTTPError(http.StatusNotFound, "no such failed push")
	}
	return c.Redirect(http.StatusSeeOther, NationBuilderPath+"?done=retried")
}

// connectNationBuilder sends the coordinator to NationBuilder to approve
// Debrief, with the state the callback checks.
func (h *handlers) connectNationBuilder(c echo.Context) error {
	if _, err := nbCoordinator(c); err != nil {
		return err
	}
	oauth := h.cfg.NationBuilder.OAuth
	if oauth == nil {
		return echo.NewHTTPError(http.StatusNotFound, "the nation connects with a direct token, or PUBLIC_URL is not set")
	}
	c.Response().Header().Set("Cache-Control", "no-store")
	return c.Redirect(http.StatusSeeOther, oauth.AuthorizeURL(oauthState(c)))
}

// nationBuilderCallback takes the code NationBuilder sends back: a state
// other than the session's is refused (another's code, planted), a code
// is exchanged for the token, stored.
func (h *handlers) nationBuilderCallback(c echo.Context) error {
	if _, err := nbCoordinator(c); err != nil {
		return err
	}
	oauth := h.cfg.NationBuilder.OAuth
	if oauth == nil {
		return echo.NewHTTPError(http.StatusNotFound, "the nation connects with a direct token, or PUBLIC_URL is not set")
	}
	want := oauthState(c)
	if got := c.QueryParam("state"); subtle.ConstantTimeCompare([]byte(got), []byte(want)) != 1 {
		return echo.NewHTTPError(http.StatusBadRequest, "state: not this session's; connect again from the NationBuilder page")
	}
	w := words(viewerOf(c).Language)
	if e := c.QueryParam("error"); e != "" {
		return h.renderNationBuilder(c, http.StatusBadRequest, nbPage{Error: w["nb_declined"] + " (" + e + ")"})
	}
	code := strings.TrimSpace(c.QueryParam("code"))
	if code == "" {
		return echo.NewHTTPError(http.StatusBadRequest, "code: missing")
	}
	if _, err := oauth.Connect(c.Request().Context(), code, h.cfg.Now()); err != nil {
		// NationBuilder's answer, not ours: said on the page, and logged.
		c.Set(nbErrKey, err.Error())
		return h.renderNationBuilder(c, http.StatusBadGateway, nbPage{Error: w["nb_exchange_failed"]})
	}
	return c.Redirect(http.StatusSeeOther, NationBuilderPath+"?done=connected")
}

// oauthState binds the OAuth round trip to the session: a hash of its
// token (RFC 6749 10.12), which no one without the session's cookie can
// make, and which says nothing of the token itself.
func oauthState(c echo.Context) string {
	cookie, err := c.Cookie(SessionCookie)
	if err != nil {
		return ""
	}
	sum := sha256.Sum256([]byte("debrief nationbuilder oauth state\x00" + cookie.Value))
	return hex.EncodeToString(sum[:16])
}
