package twilio

import (
	"errors"
	"strings"
	"unicode/utf8"

	"github.com/debrief-sms/debrief/internal/phone"
)

// region reads a From written without a country code: the US, Debrief's
// only market today.
const region = "US"

// ErrNotSMS reports a From on another channel than SMS (whatsapp:,
// messenger:...). Debrief answers SMS only.
var ErrNotSMS = errors.New("not an SMS sender")

// FieldError reports a webhook field Debrief refuses: which one, and why in
// a few words a Twilio console user can act on. It never quotes the value,
// which may be a phone number or anything a client sent. errors.Is matches
// it with its parser's sentinel (ErrMissingField, ErrBadField or
// ErrBadStatus) and, for another channel, ErrNotSMS.
type FieldError struct {
	Field  string // form field, such as From
	Reason string // such as "not a phone number"
	is     []error
}

func (e *FieldError) Error() string { return e.Field + ": " + e.Reason }

// Unwrap returns the sentinels the error matches.
func (e *FieldError) Unwrap() []error { return e.is }

func fieldError(kind error, field, reason string, also ...error) *FieldError {
	return &FieldError{Field: field, Reason: reason, is: append([]error{kind}, also...)}
}

// validSID reports whether sid looks like a Message SID Twilio makes: SM
// (or MM, with media) and 32 hexadecimal digits.
func validSID(sid string) bool {
	if len(sid) != 34 || (sid[:2] != "SM" && sid[:2] != "MM") {
		return false
	}
	for i := 2; i < len(sid); i++ {
		c := sid[i]
		if (c < '0' || c > '9') && (c < 'a' || c > 'f') && (c < 'A' || c > 'F') {
			return false
		}
	}
	return true
}

// cleanText returns s valid UTF-8 without NUL: the text kept, the bad
// bytes dropped. PostgreSQL refuses both in text and jsonb.
func cleanText(s string) string {
	if utf8.ValidString(s) && strings.IndexByte(s, 0) < 0 {
		return s
	}
	return strings.ReplaceAll(strings.ToValidUTF8(s, ""), "\x00", "")
}

// plainText reports whether s is valid UTF-8 without NUL: an address or
// identifier that is not is refused, not cleaned, since a cleaned one would
// name someone else.
func plainText(s string) bool {
	return utf8.ValidString(s) && strings.IndexByte(s, 0) < 0
}

// sender reads a From as E.164. A US number in another common form
// (6175550199, +1 (617) 555-0199, 1-617-555-0199) is normalized; anything
// else, another channel's address included, is refused. kind is the
// parser's sentinel.
func sender(kind error, raw string) (string, error) {
	const field = "From"
	switch {
	case strings.TrimSpace(raw) == "":
		return "", fieldError(kind, field, "missing")
	case !plainText(raw):
		return "", fieldError(kind, field, "not valid text")
	}
	if i := strings.IndexByte(raw, ':'); i > 0 {
		return "", fieldError(kind, field, "a "+channelName(raw[:i])+" address: Debrief answers SMS only", ErrNotSMS)
	}
	// libphonenumber reads letters (1-800-FLOWERS), extensions and
	// full-width digits; a sender's number has none of them.
	for i := 0; i < len(raw); i++ {
		if strings.IndexByte("0123456789 ()-.", raw[i]) < 0 && (raw[i] != '+' || i > 0) {
			return "", fieldError(kind, field, "not a phone number (want E.164: +, country code, number)")
		}
	}
	e164, err := phone.Normalize(raw, region)
	if err != nil {
		return "", fieldError(kind, field, "not a valid phone number (want E.164: +, country code, number)")
	}
	return e164, nil
}

// channelName names the channel of an address such as whatsapp:+1..., or
// says "non-SMS" when the prefix is not a short word.
func channelName(prefix string) string {
	if len(prefix) > 16 {
		return "non-SMS"
	}
	for i := 0; i < len(prefix); i++ {
		if c := prefix[i] | 0x20; c < 'a' || c > 'z' {
			return "non-SMS"
		}
	}
	return strings.ToLower(prefix)
}
