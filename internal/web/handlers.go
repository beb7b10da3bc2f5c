package web

import (
	"context"
	"errors"
	"fmt"
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/debrief-sms/debrief/internal/inbox"
	"github.com/debrief-sms/debrief/internal/phone"
	"github.com/debrief-sms/debrief/internal/twilio"
)

type handlers struct {
	cfg     Config
	pages   pages         // nil without Accounts
	exports chan struct{} // a slot per download being written (concurrentExports)
	history *historyCache // the monthly charts' months; nil without Accounts
}

// sms answers Twilio's inbound-message webhook.
func (h *handlers) sms(c echo.Context) error {
	r := c.Request()
	if err := h.checkSignature(r); err != nil {
		return err
	}
	in, err := twilio.ParseInbound(r.PostForm, h.cfg.Now())
	if err != nil {
		return refuse(c, err, "not a Twilio message webhook")
	}
	c.Set(phoneKey, phone.Mask(in.From))
	c.Set(sidKey, in.SID)

	ctx, cancel := context.WithTimeout(r.Context(), h.cfg.Timeout)
	defer cancel()
	ctx, seen := inbox.Watch(ctx)
	replies, optedOut, err := h.cfg.Inbox.Handle(ctx, in)
	if err != nil {
		return fmt.Errorf("inbound %s: %w", in.SID, err)
	}
	if s := seen(); s.Duplicate {
		c.Set(duplicateKey, true)
	} else if s.Limited {
		c.Set(limitedKey, true)
	}
	c.Set(repliesKey, len(replies))
	if optedOut {
		c.Set(optedOutKey, true)
	}
	return c.Blob(http.StatusOK, twilio.ContentType, twilio.TwiML(replies))
}

// checkSignature refuses requests Twilio did not sign, and leaves the
// request's form parsed either way.
func (h *handlers) checkSignature(r *http.Request) error {
	if h.cfg.SkipSignature {
		if err := r.ParseForm(); err != nil {
			return formError(err)
		}
		return nil
	}
	err := h.cfg.Validator.Check(r)
	switch {
	case err == nil:
		return nil
	case errors.Is(err, twilio.ErrNoSignature), errors.Is(err, twilio.ErrBadSignature):
		return echo.NewHTTPError(http.StatusForbidden, "invalid Twilio signature").SetInternal(err)
	default:
		return formError(err)
	}
}

// refuse answers 400 to a webhook whose form Twilio would not send,
// saying which field and why in plain text, and logs the sender masked,
// as it may be a malformed phone number.
func refuse(c echo.Context, err error, otherwise string) error {
	if from := c.Request().PostForm.Get("From"); from != "" {
		c.Set(phoneKey, phone.MaskAny(from))
	}
	reason := otherwise
	var fe *twilio.FieldError
	if errors.As(err, &fe) {
		reason = fe.Error()
	}
	return echo.NewHTTPError(http.StatusBadRequest, reason)
}

// formError keeps the body limit's 413 and makes any other unreadable form
// a 400.
func formError(err error) error {
	var he *echo.HTTPError
	if errors.As(err, &he) {
		return he
	}
	return echo.NewHTTPError(http.StatusBadRequest, "unreadable form").SetInternal(err)
}

// health reports that the process is up.
func (h *handlers) health(c echo.Context) error {
	return c.String(http.StatusOK, "ok\n")
}

// ready reports whether the database answers.
func (h *handlers) ready(c echo.Context) error {
	ctx, cancel := context.WithTimeout(c.Request().Context(), pingTimeout)
	defer cancel()
	if err := h.cfg.DB.Ping(ctx); err != nil {
		return echo.NewHTTPError(http.StatusServiceUnavailable, "database unavailable").SetInternal(err)
	}
	return c.String(http.StatusOK, "ok\n")
}
