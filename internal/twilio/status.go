package twilio

import (
	"errors"
	"net/url"
	"slices"
	"strconv"
)

// ErrBadStatus reports a status callback form that cannot be read; it
// comes as a *FieldError naming the field.
var ErrBadStatus = errors.New("status callback: malformed form")

// Message statuses a status callback reports
// (https://www.twilio.com/docs/messaging/api/message-resource#message-status-values,
// and the message_enum_status of Twilio's OpenAPI description).
const (
	StatusAccepted           = "accepted"
	StatusScheduled          = "scheduled"
	StatusQueued             = "queued"
	StatusSending            = "sending"
	StatusSent               = "sent"
	StatusDeliveryUnknown    = "delivery_unknown"
	StatusDelivered          = "delivered"
	StatusPartiallyDelivered = "partially_delivered"
	StatusUndelivered        = "undelivered"
	StatusFailed             = "failed"
	StatusRead               = "read"
	StatusCanceled           = "canceled"
	StatusReceiving          = "receiving"
	StatusReceived           = "received"
)

// Statuses returns every status ParseStatus accepts.
func Statuses() []string {
	return []string{
		StatusAccepted, StatusScheduled, StatusQueued, StatusSending, StatusSent,
		StatusDeliveryUnknown, StatusDelivered, StatusPartiallyDelivered, StatusUndelivered,
		StatusFailed, StatusRead, StatusCanceled, StatusReceiving, StatusReceived,
	}
}

// maxErrorCode bounds ErrorCode: Twilio's codes have five digits.
const maxErrorCode = 999999

// StatusUpdate is one status callback Twilio posts to the StatusCallback
// URL of a sent text as it moves towards delivery.
type StatusUpdate struct {
	SID        string // MessageSid, as returned by Send
	Status     string // MessageStatus, such as delivered
	ErrorCode  int    // ErrorCode, 0 when none
	To         string
	From       string // E.164, or empty when not sent
	AccountSID string
}

// ParseStatus reads the form of a status callback. Fields Debrief does not
// use, and fields Twilio may add later, are ignored. It refuses a
// MessageSid not shaped like Twilio's, a MessageStatus that is not one of
// Twilio's (Statuses), an ErrorCode that is not a number, and a From that
// is not a phone number, as ParseInbound does; a US number written
// otherwise becomes E.164. Check the signature before: it is computed over
// the values as sent.
func ParseStatus(form url.Values) (StatusUpdate, error) {
	u := StatusUpdate{
		SID:        form.Get("MessageSid"),
		Status:     form.Get("MessageStatus"),
		To:         form.Get("To"),
		AccountSID: cleanText(form.Get("AccountSid")),
	}
	if u.SID == "" {
		u.SID = form.Get("SmsSid")
	}
	if u.Status == "" {
		u.Status = form.Get("SmsStatus")
	}
	switch {
	case u.SID == "":
		return StatusUpdate{}, fieldError(ErrBadStatus, "MessageSid", "missing")
	case !validSID(u.SID):
		return StatusUpdate{}, fieldError(ErrBadStatus, "MessageSid", "not a Twilio Message SID (SM or MM and 32 hex digits)")
	case u.Status == "":
		return StatusUpdate{}, fieldError(ErrBadStatus, "MessageStatus", "missing")
	case !slices.Contains(Statuses(), u.Status):
		return StatusUpdate{}, fieldError(ErrBadStatus, "MessageStatus", "not one of Twilio's message statuses")
	case !plainText(u.To):
		return StatusUpdate{}, fieldError(ErrBadStatus, "To", "not valid text")
	}
	if c := form.Get("ErrorCode"); c != "" {
		code, err := strconv.Atoi(c)
		if err != nil || code < 0 || code > maxErrorCode || c[0] < '0' || c[0] > '9' {
			return StatusUpdate{}, fieldError(ErrBadStatus, "ErrorCode", "not a Twilio error code")
		}
		u.ErrorCode = code
	}
	if from := form.Get("From"); from != "" {
		var err error
		if u.From, err = sender(ErrBadStatus, from); err != nil {
			return StatusUpdate{}, err
		}
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
// errors.Is matches with debrief.ErrOptedOut or ErrBadNumber as for Send, or nil
// when the text is on its way or delivered. Delivery failures are not
// retryable: Twilio has already tried the carrier.
func (u StatusUpdate) Err() error {
	if u.ErrorCode == 0 && u.Status != StatusFailed && u.Status != StatusUndelivered {
		return nil
	}
	return &SendError{Code: u.ErrorCode, Message: "message " + u.Status}
}
