package nationbuilder

import (
	"encoding/json"
	"errors"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// ErrRevoked reports that no usable token is left: the refresh token was
// refused, or a direct token expired. A coordinator must connect again.
var ErrRevoked = errors.New("NationBuilder refused the token: connect again (debrief nationbuilder connect)")

// Error is a request NationBuilder answered with an error, or one that got
// no answer (Status 0).
type Error struct {
	Status  int    // HTTP status; 0 for a network failure
	Code    string // NationBuilder's code: not_found, unauthorized, bad_request, unprocessable_entity...
	Message string
	// Field is the attribute a 422 names (its source.pointer's last part).
	Field string
	// RetryAfter is how long a 429 (or a 503) asks to wait; 0 if it said
	// nothing.
	RetryAfter time.Duration
	Err        error // the network error, if any
	temporary  bool
}

func (e *Error) Error() string {
	var b strings.Builder
	if e.Status != 0 {
		b.WriteString(strconv.Itoa(e.Status))
	}
	if e.Code != "" {
		b.WriteString(" " + e.Code)
	}
	if e.Field != "" {
		b.WriteString(" " + e.Field)
	}
	if e.Message != "" {
		b.WriteString(": " + e.Message)
	}
	return strings.TrimSpace(b.String())
}

func (e *Error) Unwrap() error { return e.Err }

// Temporary reports a failure worth retrying as it is: a 429, a 5xx, a
// network failure. A 4xx (bad request, not found, validation) is
// permanent: the same request would fail again.
func (e *Error) Temporary() bool {
	return e.temporary || e.Status == http.StatusTooManyRequests || e.Status >= 500
}

// IsTemporary reports whether err is a temporary NationBuilder failure.
func IsTemporary(err error) bool {
	var e *Error
	return errors.As(err, &e) && e.Temporary()
}

// IsNotFound reports a 404.
func IsNotFound(err error) bool { return statusOf(err) == http.StatusNotFound }

// statusOf is err's HTTP status, 0 when it has none.
func statusOf(err error) int {
	var e *Error
	if errors.As(err, &e) {
		return e.Status
	}
	return 0
}

// codeOf is err's NationBuilder code, "" when it has none.
func codeOf(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return ""
}

// parseError reads an error answer: the flat {"code","message"} of most
// errors, the JSON:API errors[] of a 422, v1's {"code","message"} too,
// OAuth's {"error","error_description"}.
func parseError(status int, body []byte, hdr http.Header) *Error {
	e := &Error{Status: status}
	var flat struct {
		Code             string `json:"code"`
		Message          string `json:"message"`
		Error            string `json:"error"`
		ErrorDescription string `json:"error_description"`
		Errors           []struct {
			Code   string `json:"code"`
			Title  string `json:"title"`
			Detail string `json:"detail"`
			Source struct {
				Pointer string `json:"pointer"`
			} `json:"source"`
		} `json:"errors"`
	}
	if json.Unmarshal(body, &flat) == nil {
		e.Code, e.Message = flat.Code, flat.Message
		if e.Code == "" {
			e.Code, e.Message = flat.Error, flat.ErrorDescription
		}
		if len(flat.Errors) > 0 {
			first := flat.Errors[0]
			e.Code, e.Message = first.Code, first.Detail
			if e.Message == "" {
				e.Message = first.Title
			}
			if p := first.Source.Pointer; p != "" {
				e.Field = p[strings.LastIndex(p, "/")+1:]
			}
		}
	}
	if e.Message == "" && e.Code == "" {
		e.Message = http.StatusText(status)
	}
	if ra := hdr.Get("Retry-After"); ra != "" {
		if n, err := strconv.Atoi(strings.TrimSpace(ra)); err == nil && n >= 0 {
			e.RetryAfter = time.Duration(n) * time.Second
		} else if t, err := http.ParseTime(ra); err == nil {
			// A date: how long from the answer's own Date, so that our
			// clock's offset does not matter.
			if d, err := http.ParseTime(hdr.Get("Date")); err == nil && t.After(d) {
				e.RetryAfter = t.Sub(d)
			}
		}
	}
	return e
}
