package scheduler

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/debrief-sms/debrief/internal/twilio"
)

// TwilioSender adapts a twilio.Sender to Sender, classing Twilio's errors
// for the scheduler: 21610 opted out, 21211/21614 bad number, a request
// that left without an answer read unknown, 20429, 429, 5xx and other
// network failures temporary, anything else permanent.
type TwilioSender struct{ S *twilio.Sender }

// Send sends body to to through Twilio.
func (t TwilioSender) Send(ctx context.Context, to, body string) (Sent, error) {
	res, err := t.S.Send(ctx, to, body)
	if err == nil {
		return Sent{SID: res.SID, Status: res.Status, Segments: res.Segments}, nil
	}
	return Sent{}, classed(err)
}

// SentTo lists the texts Twilio holds to to, sent since since's day.
func (t TwilioSender) SentTo(ctx context.Context, to string, since time.Time) ([]Sent, error) {
	msgs, err := t.S.ListSent(ctx, to, since)
	if err != nil {
		return nil, classed(err)
	}
	out := make([]Sent, len(msgs))
	for i, m := range msgs {
		out[i] = Sent{SID: m.SID, Status: m.Status, Segments: m.Segments, Body: m.Body, Created: m.Created}
	}
	return out, nil
}

func classed(err error) error {
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
	case twilio.OutcomeUnknown(err):
		se.Class = ErrUnknown
	case twilio.Retryable(err):
		se.Class = ErrTemporary
	}
	return fmt.Errorf("twilio: %w", se)
}
