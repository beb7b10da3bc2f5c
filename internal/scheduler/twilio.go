package scheduler

import (
	"context"
	"errors"
	"fmt"

	"github.com/debrief-sms/debrief/internal/twilio"
)

// TwilioSender adapts a twilio.Sender to Sender, classing Twilio's errors
// for the scheduler: 21610 opted out, 21211/21614 bad number, 20429, 429,
// 5xx and network failures temporary, anything else permanent.
type TwilioSender struct{ S *twilio.Sender }

// Send sends body to to through Twilio.
func (t TwilioSender) Send(ctx context.Context, to, body string) (Sent, error) {
	res, err := t.S.Send(ctx, to, body)
	if err == nil {
		return Sent{SID: res.SID, Status: res.Status, Segments: res.Segments}, nil
	}
	se := &SendError{Err: err}
	var tw *twilio.SendError
	if errors.As(err, &tw) {
		se.Code = tw.Code
	}
	switch {
	case errors.Is(err, twilio.ErrOptedOut):
		se.Class = ErrOptedOut
	case errors.Is(err, twilio.ErrBadNumber):
		se.Class = ErrBadNumber
	case twilio.Retryable(err):
		se.Class = ErrTemporary
	}
	return Sent{}, fmt.Errorf("twilio: %w", se)
}
