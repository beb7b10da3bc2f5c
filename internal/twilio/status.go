package twilio

import (
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"strings"
)

// ErrBadStatus reports a status callback form that cannot be read.
var ErrBadStatus = errors.New("status callback: malformed form")

// Message statuses a status callback reports
// (https://www.twilio.com/docs/messaging/api/message-resource#message-status-values).
// Twilio may add others.
const (
	StatusAccepted    = "accepted"
	StatusQueued      = "queued"
	StatusSending     = "sending"
	StatusSent        = "sent"
	StatusDelivered   = "delivered"
	StatusUndelivered = "undelivered"
	StatusFailed      = "failed"
	StatusRead        = "read"
	StatusCanceled    = "canceled"
)

// StatusUpdate is one status callback Twilio posts to the StatusCallback
// URL of a sent text as it moves towards delivery.
type StatusUpdate struct {
	SID        string // MessageSid, as returned by Send
	Status     string // MessageStatus, such as delivered
	ErrorCode  int    // ErrorCode, 0 when none
	To         string
	From       string
	AccountSID string
}

// ParseStatus reads the form of a status callback. Fields Debrief does not
// use, and fields Twilio may add later, are ignored.
func ParseStatus(form url.Values) (StatusUpdate, error) {
	u := StatusUpdate{
		SID:        form.Get("MessageSid"),
		Status:     form.Get("MessageStatus"),
		To:         form.Get("To"),
		From:       form.Get("From"),
		AccountSID: form.Get("AccountSid"),
	}
	if u.SID == "" {
		u.SID = form.Get("SmsSid")
	}
	if u.Status == "" {
		u.Status = form.Get("SmsStatus")
	}
	if u.SID == "" {
		return StatusUpdate{}, fmt.Errorf("%w: no MessageSid", ErrBadStatus)
	}
	if u.Status == "" || strings.TrimSpace(u.Status) != u.Status {
		return StatusUpdate{}, fmt.Errorf("%w: MessageStatus %q", ErrBadStatus, u.Status)
	}
	if c := form.Get("ErrorCode"); c != "" {
		code, err := strconv.Atoi(c)
		if err != nil || code < 0 {
			return StatusUpdate{}, fmt.Errorf("%w: ErrorCode %q", ErrBadStatus, c)
		}
		u.ErrorCode = code
	}
	return u, nil
}

// Final reports whether the status is one Twilio moves on from no more
// (read, after delivered, only for WhatsApp).
func (u StatusUpdate) Final() bool {
	switch u.Status {
	case StatusDelivered, StatusUndelivered, StatusFailed, StatusRead, StatusCanceled:
		return true
	}
	return false
}

// Err returns the failure the update reports, a *SendError that
// errors.Is matches with ErrOptedOut or ErrBadNumber as for Send, or nil
// when the text is on its way or delivered. Delivery failures are not
// retryable: Twilio has already tried the carrier.
func (u StatusUpdate) Err() error {
	if u.ErrorCode == 0 && u.Status != StatusFailed && u.Status != StatusUndelivered {
		return nil
	}
	return &SendError{Code: u.ErrorCode, Message: "message " + u.Status}
}
