package web

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"log/slog"
	"math/big"
	"net/http"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/debrief-sms/debrief"
	"github.com/debrief-sms/debrief/internal/phone"
	"github.com/debrief-sms/debrief/internal/store"
	"github.com/debrief-sms/debrief/internal/texts"
)

// Sign-in limits.
const (
	CodeTTL         = 10 * time.Minute
	CodeAttempts    = 5  // wrong guesses a code survives
	CodesPerPhone   = 5  // codes asked for one number in an hour
	CodesPerClient  = 20 // codes asked from one address in an hour
	codeSendTimeout = 30 * time.Second
	phoneRegion     = "US"
)

// signinPage shows the phone number form; a person signed in already
// goes to the reports.
func (h *handlers) signinPage(c echo.Context) error {
	if cookie, err := c.Cookie(SessionCookie); err == nil && cookie.Value != "" {
		if _, err := h.cfg.Accounts.Session(c.Request().Context(), cookie.Value, h.cfg.Now()); err == nil {
			return c.Redirect(http.StatusSeeOther, ReportsPath)
		}
	}
	return h.pages.render(c, http.StatusOK, "signin", page{Lang: requestLanguage(c.Request())})
}

// requestCode texts a code to the number typed when it belongs to an
// organizer or a coordinator, and answers with the code form whoever it
// belongs to: the page never says whether a number is signed up.
func (h *handlers) requestCode(c echo.Context) error {
	ctx := c.Request().Context()
	lang := requestLanguage(c.Request())
	typed := c.FormValue("phone")
	e164, err := phone.Normalize(typed, phoneRegion)
	if err != nil {
		return h.pages.render(c, http.StatusUnprocessableEntity, "signin",
			page{Lang: lang, Error: words(lang)["bad_phone"], Phone: typed})
	}
	c.Set(phoneKey, phone.Mask(e164))
	now := h.cfg.Now()
	byPhone, byClient, err := h.cfg.Accounts.SigninRequests(ctx, e164, c.RealIP(), now)
	if err != nil {
		return err
	}
	if byPhone > CodesPerPhone || byClient > CodesPerClient {
		c.Set(signinKey, "limited")
		return h.pages.render(c, http.StatusTooManyRequests, "signin",
			page{Lang: lang, Error: words(lang)["too_many"], Phone: typed})
	}
	v, err := h.cfg.Accounts.Volunteer(ctx, e164)
	switch {
	case errors.Is(err, store.ErrNoVolunteer):
		c.Set(signinKey, "unknown")
	case err != nil:
		return err
	case v.Role != debrief.RoleOrganizer && v.Role != debrief.RoleCoordinator:
		c.Set(signinKey, "not_organizer")
	case v.OptedOut:
		c.Set(signinKey, "opted_out")
	case v.DeactivatedAt != nil:
		c.Set(signinKey, "deactivated")
	default:
		c.Set(signinKey, "code_sent")
		// The code is stored and texted after the answer is written, so
		// that a number signed up takes no longer to answer than one not.
		h.cfg.Background(func() { h.sendCode(v, now) })
	}
	return h.pages.render(c, http.StatusOK, "code", page{Lang: lang, Phone: e164})
}

// sendCode stores a new code for v and texts it, at once: the person
// asked for it, so quiet hours do not apply. A failure is logged; the
// person asks again.
func (h *handlers) sendCode(v debrief.Volunteer, now time.Time) {
	ctx, cancel := context.WithTimeout(context.Background(), codeSendTimeout)
	defer cancel()
	log := h.cfg.Logger.With(slog.String("phone", phone.Mask(v.Phone)), slog.Int64("volunteer", v.ID))
	code, err := newCode()
	if err == nil {
		err = h.cfg.Accounts.AddSigninCode(ctx, v.ID, code, now, now.Add(CodeTTL))
	}
	if err != nil {
		log.Error("sign-in code not stored", "error", err.Error())
		return
	}
	_, err = h.cfg.Codes.Send(ctx, v.Phone, texts.RenderSigninCode(v.Language, code))
	switch {
	case err == nil:
		log.Info("sign-in code sent")
	case errors.Is(err, debrief.ErrOptedOut), errors.Is(err, debrief.ErrBadNumber):
		log.Warn("sign-in code refused for the number", "error", err.Error())
	default:
		log.Error("sign-in code not sent", "error", err.Error())
	}
}

// newCode returns six random digits.
func newCode() (string, error) {
	n, err := rand.Int(rand.Reader, big.NewInt(1_000_000))
	if err != nil {
		return "", fmt.Errorf("new sign-in code: %w", err)
	}
	return fmt.Sprintf("%06d", n.Int64()), nil
}

// checkCode signs in the person whose number and code were typed, and
// answers the code form again, the same for every failure, otherwise.
func (h *handlers) checkCode(c echo.Context) error {
	ctx := c.Request().Context()
	lang := requestLanguage(c.Request())
	e164, err := phone.Normalize(c.FormValue("phone"), phoneRegion)
	if err != nil {
		return c.Redirect(http.StatusSeeOther, SigninPath)
	}
	c.Set(phoneKey, phone.Mask(e164))
	code := strings.TrimSpace(c.FormValue("code"))
	again := func() error {
		c.Set(signinKey, "bad_code")
		return h.pages.render(c, http.StatusUnprocessableEntity, "code",
			page{Lang: lang, Phone: e164, Error: words(lang)["bad_code"]})
	}
	v, err := h.cfg.Accounts.Volunteer(ctx, e164)
	switch {
	case errors.Is(err, store.ErrNoVolunteer):
		return again()
	case err != nil:
		return err
	case v.Role != debrief.RoleOrganizer && v.Role != debrief.RoleCoordinator, v.DeactivatedAt != nil:
		return again()
	}
	now := h.cfg.Now()
	switch err := h.cfg.Accounts.UseSigninCode(ctx, v.ID, code, CodeAttempts, now); {
	case errors.Is(err, store.ErrBadCode):
		return again()
	case err != nil:
		return err
	}
	token, err := h.cfg.Accounts.NewSession(ctx, v.ID, now)
	if err != nil {
		return err
	}
	c.Set(signinKey, "signed_in")
	h.setSession(c, token)
	return c.Redirect(http.StatusSeeOther, ReportsPath)
}
