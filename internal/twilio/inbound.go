package twilio

import (
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/debrief-sms/debrief"
)

// maxMedia bounds how many MediaUrlN fields are read; Twilio sends at most 10.
const maxMedia = 10

// Parse errors of ParseInbound.
var (
	// ErrMissingField reports an inbound form without MessageSid or From.
	ErrMissingField = errors.New("inbound webhook: missing field")
	// ErrBadField reports a field that cannot be read.
	ErrBadField = errors.New("inbound webhook: malformed field")
)

// ParseInbound reads Twilio's inbound-message webhook form. Fields Debrief
// does not use, and fields Twilio may add later, are ignored. receivedAt is
// recorded as the time the text arrived.
func ParseInbound(form url.Values, receivedAt time.Time) (debrief.Inbound, error) {
	in := debrief.Inbound{
		SID:        form.Get("MessageSid"),
		From:       form.Get("From"),
		To:         form.Get("To"),
		Body:       form.Get("Body"),
		FromState:  form.Get("FromState"),
		FromZip:    form.Get("FromZip"),
		ReceivedAt: receivedAt,
	}
	if in.SID == "" {
		in.SID = form.Get("SmsSid")
	}
	if in.SID == "" {
		return debrief.Inbound{}, fmt.Errorf("%w: MessageSid", ErrMissingField)
	}
	if strings.TrimSpace(in.From) == "" {
		return debrief.Inbound{}, fmt.Errorf("%w: From", ErrMissingField)
	}
	if n := form.Get("NumMedia"); n != "" {
		num, err := strconv.Atoi(n)
		if err != nil || num < 0 {
			return debrief.Inbound{}, fmt.Errorf("%w: NumMedia %q", ErrBadField, n)
		}
		in.NumMedia = num
	}
	for i := 0; i < min(in.NumMedia, maxMedia); i++ {
		if u := form.Get("MediaUrl" + strconv.Itoa(i)); u != "" {
			in.MediaURLs = append(in.MediaURLs, u)
		}
	}
	return in, nil
}
