package twilio

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/url"
	"regexp"

	"github.com/twilio/twilio-go/client"

	"github.com/debrief-sms/debrief"
	"github.com/debrief-sms/debrief/internal/phone"
)

// Twilio error codes Debrief acts on
// (https://www.twilio.com/docs/api/errors).
const (
	CodeTooManyRequests = 20429 // rate limited: retry with backoff
	CodeInvalidTo       = 21211 // the To number is not a valid phone number
	CodeNotMobile       = 21614 // the To number cannot receive texts
	CodeOptedOut        = 21610 // the recipient replied STOP
)

// SendError is a failed send. Code is Twilio's error code and Status the
// HTTP status; both are 0 when Twilio gave no answer (a network error or
// timeout). Retryable reports whether the same text may succeed later: on
// 20429, HTTP 429 and 5xx, and when no answer came. Anything else is
// permanent. Unknown reports that the request left in full and no answer
// was read (a timeout, a connection lost): Twilio may have accepted the
// text, so ask it (SentTo) before sending the text again.
type SendError struct {
	Code      int    // Twilio error code, such as 21610
	Status    int    // HTTP status of Twilio's answer
	Message   string // Twilio's message, phone numbers masked
	MoreInfo  string // link to Twilio's page on the code
	Retryable bool
	Unknown   bool
	Err       error // the cause, if any
}

// Error implements error.
func (e *SendError) Error() string {
	s := "twilio"
	if e.Status != 0 {
		s += fmt.Sprintf(": HTTP %d", e.Status)
	}
	if e.Code != 0 {
		s += fmt.Sprintf(": error %d", e.Code)
	}
	if e.Message != "" {
		s += ": " + e.Message
	}
	if e.Unknown {
		s += " (outcome unknown)"
	} else if e.Retryable {
		s += " (retryable)"
	}
	return s
}

// Unwrap returns the cause.
func (e *SendError) Unwrap() error { return e.Err }

// ErrorCode is Twilio's error code, 0 when Twilio gave none.
func (e *SendError) ErrorCode() int { return e.Code }

// Is reports whether e belongs to the send-failure class target, one of
// debrief's: ErrOptedOut (21610), ErrBadNumber (21211, 21614), ErrUnknown
// (the request left, no answer read) or ErrTemporary (worth a later try).
func (e *SendError) Is(target error) bool {
	switch target {
	case debrief.ErrOptedOut:
		return e.Code == CodeOptedOut
	case debrief.ErrBadNumber:
		return e.Code == CodeInvalidTo || e.Code == CodeNotMobile
	case debrief.ErrUnknown:
		return e.Unknown
	case debrief.ErrTemporary:
		return e.Retryable && !e.Unknown
	}
	return false
}

// Retryable reports whether err is a send failure worth retrying later,
// with backoff.
func Retryable(err error) bool {
	var se *SendError
	return errors.As(err, &se) && se.Retryable
}

// OutcomeUnknown reports whether err is a send whose request reached
// Twilio without an answer read back: it may have been accepted.
func OutcomeUnknown(err error) bool {
	var se *SendError
	return errors.As(err, &se) && se.Unknown
}

// classify turns what twilio-go returned into a *SendError. status is the
// HTTP status of the last answer, 0 if none came; wrote says whether the
// request was written in full.
func classify(err error, status int, wrote bool) *SendError {
	se := &SendError{Status: status, Err: err}
	if status >= 200 && status < 300 {
		// Twilio said yes, and the answer was lost on the way (a
		// connection cut mid-body): the text went, its SID is unknown.
		se.Message = maskNumbers(err.Error())
		se.Retryable, se.Unknown = true, true
		return se
	}
	var rest *client.TwilioRestError
	var restV1 *client.RestErrorV1
	var urlErr *url.Error
	var netErr net.Error
	switch {
	case errors.As(err, &rest):
		se.Code, se.Message, se.MoreInfo = rest.Code, maskNumbers(rest.Message), rest.MoreInfo
		if rest.Status != 0 {
			se.Status = rest.Status
		}
	case errors.As(err, &restV1):
		se.Code, se.Message = restV1.Code, maskNumbers(restV1.Message)
		if restV1.HttpStatusCode != 0 {
			se.Status = restV1.HttpStatusCode
		}
	case errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded),
		errors.As(err, &urlErr), errors.As(err, &netErr):
		// No answer, or none read: if the request left, the text may or
		// may not have been accepted.
		se.Message = maskNumbers(err.Error())
		se.Retryable = true
		se.Unknown = wrote && status == 0
		return se
	default:
		// An answer twilio-go could not read: an error page that is not
		// Twilio's JSON, or a success body that is not a message.
		se.Message = maskNumbers(err.Error())
	}
	se.Retryable = se.Code == CodeTooManyRequests || se.Status == 429 || se.Status >= 500
	return se
}

// longNumber finds phone numbers (10 or more digits) in Twilio's messages,
// such as "The 'To' number +16175551234 is not a valid phone number."
var longNumber = regexp.MustCompile(`\+?[0-9]{10,}`)

// maskNumbers hides the middle of phone numbers in s, which ends up in
// logs.
func maskNumbers(s string) string {
	return longNumber.ReplaceAllStringFunc(s, phone.Mask)
}
