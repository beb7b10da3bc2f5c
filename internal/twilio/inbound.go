package twilio

import (
	"errors"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/debrief-sms/debrief"
)

// maxMedia bounds how many MediaUrlN fields are read; Twilio sends at most 10.
const maxMedia = 10

// maxNumMedia bounds the NumMedia accepted, well above Twilio's 10 and
// within any database integer.
const maxNumMedia = 100

// Parse errors of ParseInbound, matched with errors.Is; each comes as a
// *FieldError naming the field.
var (
	// ErrMissingField reports an inbound form without MessageSid or From.
	ErrMissingField = errors.New("inbound webhook: missing field")
	// ErrBadField reports a field that cannot be read.
	ErrBadField = errors.New("inbound webhook: malformed field")
)

// ParseInbound reads Twilio's inbound-message webhook form. Fields Debrief
// does not use, and fields Twilio may add later, are ignored. receivedAt is
// recorded as the time the text arrived.
//
// It refuses what Twilio would not send for a text: a MessageSid not shaped
// like Twilio's (SM or MM and 32 hex digits), a From that is not a phone
// number (another channel's address, such as whatsapp:+1..., included), a
// From, To or MessageSid that is not valid UTF-8 or holds NUL. A US number
// written otherwise (6175550199, 1-617-555-0199) becomes E.164. The text
// fields kept (Body, media URLs, FromState, FromZip) are cleaned of NUL and
// invalid UTF-8, their text kept. Check the signature before: it is
// computed over the values as sent.
func ParseInbound(form url.Values, receivedAt time.Time) (debrief.Inbound, error) {
	in := debrief.Inbound{
		SID:        form.Get("MessageSid"),
		Body:       cleanText(form.Get("Body")),
		FromState:  cleanText(form.Get("FromState")),
		FromZip:    cleanText(form.Get("FromZip")),
		ReceivedAt: receivedAt,
	}
	if in.SID == "" {
		in.SID = form.Get("SmsSid")
	}
	switch {
	case in.SID == "":
		return debrief.Inbound{}, fieldError(ErrMissingField, "MessageSid", "missing")
	case !validSID(in.SID):
		return debrief.Inbound{}, fieldError(ErrBadField, "MessageSid", "not a Twilio Message SID (SM or MM and 32 hex digits)")
	}
	from := form.Get("From")
	kind := ErrBadField
	if strings.TrimSpace(from) == "" {
		kind = ErrMissingField
	}
	var err error
	if in.From, err = sender(kind, from); err != nil {
		return debrief.Inbound{}, err
	}
	if in.To = form.Get("To"); !plainText(in.To) {
		return debrief.Inbound{}, fieldError(ErrBadField, "To", "not valid text")
	}
	if n := form.Get("NumMedia"); n != "" {
		num, err := strconv.Atoi(n)
		if err != nil || num < 0 || num > maxNumMedia {
			return debrief.Inbound{}, fieldError(ErrBadField, "NumMedia", "not a count")
		}
		in.NumMedia = num
	}
	for i := 0; i < min(in.NumMedia, maxMedia); i++ {
		if u := cleanText(form.Get("MediaUrl" + strconv.Itoa(i))); u != "" {
			in.MediaURLs = append(in.MediaURLs, u)
		}
	}
	return in, nil
}
