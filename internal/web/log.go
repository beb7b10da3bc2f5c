package web

import (
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"time"

	"github.com/labstack/echo/v4"
)

// Context keys for what the request's log line reports.
const (
	phoneKey    = "debrief.phone" // masked
	sidKey      = "debrief.sid"
	repliesKey  = "debrief.replies"
	optedOutKey = "debrief.opted_out"
	stackKey    = "debrief.stack"
	signinKey   = "debrief.signin" // what a sign-in request did
	rowsKey     = "debrief.rows"   // reports in a download
	nbErrKey    = "debrief.nationbuilder_error"
)

// logRequests answers errors returned by the handlers and writes one
// structured line per request. It never logs query strings, bodies or full
// phone numbers.
func logRequests(logger *slog.Logger, now func() time.Time) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			start := now()
			err := next(c)
			if err != nil {
				c.Error(err)
			}
			status := c.Response().Status
			attrs := []slog.Attr{
				slog.String("method", c.Request().Method),
				slog.String("path", c.Request().URL.Path),
				slog.Int("status", status),
				slog.Duration("duration", now().Sub(start)),
			}
			for _, key := range []string{phoneKey, sidKey, repliesKey, optedOutKey, duplicateKey, limitedKey, signinKey, rowsKey, nbErrKey} {
				if v := c.Get(key); v != nil {
					attrs = append(attrs, slog.Any(key[len("debrief."):], v))
				}
			}
			level := slog.LevelInfo
			if err != nil {
				attrs = append(attrs, slog.String("error", errorText(err)))
				level = slog.LevelWarn
				if status >= http.StatusInternalServerError {
					level = slog.LevelError
				}
			}
			if stack, ok := c.Get(stackKey).(string); ok {
				attrs = append(attrs, slog.String("stack", stack))
			}
			logger.LogAttrs(c.Request().Context(), level, "request", attrs...)
			return nil
		}
	}
}

// errorText describes err for the log, including the cause behind an
// echo.HTTPError.
func errorText(err error) string {
	var he *echo.HTTPError
	if errors.As(err, &he) {
		if he.Internal != nil {
			return fmt.Sprintf("%v: %v", he.Message, he.Internal)
		}
		return fmt.Sprint(he.Message)
	}
	return err.Error()
}

// answerError is the server's echo.HTTPErrorHandler: a short plain-text
// reason, which Twilio's debugger shows whoever set up the number, and
// nothing of the cause behind a 5xx.
func answerError(err error, c echo.Context) {
	if c.Response().Committed {
		return
	}
	code, text := http.StatusInternalServerError, http.StatusText(http.StatusInternalServerError)
	var he *echo.HTTPError
	if errors.As(err, &he) {
		code, text = he.Code, http.StatusText(he.Code)
		if m, ok := he.Message.(string); ok && code < http.StatusInternalServerError {
			text = m
		}
	}
	if c.Request().Method == http.MethodHead {
		c.NoContent(code)
		return
	}
	c.String(code, text+"\n")
}

// keepStack hands a recovered panic's stack to logRequests, which logs it
// on the request's line.
func keepStack(c echo.Context, err error, stack []byte) error {
	c.Set(stackKey, string(stack))
	return fmt.Errorf("panic: %w", err)
}
