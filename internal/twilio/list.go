package twilio

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"github.com/twilio/twilio-go/client"
	openapi "github.com/twilio/twilio-go/rest/api/v2010"

	"github.com/debrief-sms/debrief"
	"github.com/debrief-sms/debrief/internal/phone"
)

// listLimit bounds the messages SentTo reads: the texts one number got
// from us over a day or two are a handful.
const listLimit = 200

// queuedLimit bounds the most recent messages SentTo reads for those not
// yet sent: one page, most recent first. A text Twilio still queues is a
// recent one (Twilio queues for at most 10 hours), and texts to one number
// are few.
const queuedLimit = 50

// SentTo lists the texts Twilio holds to the E.164 number to with a
// sent date on or after since's day (GMT), and those it holds not yet
// sent (queued, accepted, scheduled: no date_sent, which a DateSent
// filter misses): Twilio filters by day, so the caller compares Created
// itself. It is how a send whose outcome is unknown (ErrUnknown) is
// settled before it is sent again. Two list requests; its failures are
// *SendError, as Send's.
func (s *Sender) SentTo(ctx context.Context, to string, since time.Time) ([]debrief.Sent, error) {
	day := since.UTC()
	day = time.Date(day.Year(), day.Month(), day.Day(), 0, 0, 0, 0, time.UTC)
	sent := &openapi.ListMessageParams{}
	sent.SetTo(to)
	sent.SetDateSentAfter(day)
	sent.SetPageSize(100)
	sent.SetLimit(listLimit)
	out, err := s.list(ctx, to, sent, false)
	if err != nil {
		return nil, err
	}
	recent := &openapi.ListMessageParams{}
	recent.SetTo(to)
	recent.SetPageSize(queuedLimit)
	recent.SetLimit(queuedLimit)
	queued, err := s.list(ctx, to, recent, true)
	if err != nil {
		return nil, err
	}
	return append(out, queued...), nil
}

// list runs one list request; unsent keeps only the texts with no
// date_sent.
func (s *Sender) list(ctx context.Context, to string, params *openapi.ListMessageParams, unsent bool) ([]debrief.Sent, error) {
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("list texts to %s: %w", phone.Mask(to), &SendError{Retryable: true, Message: err.Error(), Err: err})
	}
	call := s.call(ctx)
	api := openapi.NewApiService(&client.RequestHandler{Client: call})
	msgs, err := api.ListMessage(params)
	if err != nil {
		// A list changes nothing: whatever happened, it can be asked again.
		se := classify(err, call.transport.status, false)
		se.Unknown = false
		return nil, fmt.Errorf("list texts to %s: %w", phone.Mask(to), se)
	}
	out := make([]debrief.Sent, 0, len(msgs))
	for _, m := range msgs {
		if unsent && deref(m.DateSent) != "" {
			continue
		}
		sm := debrief.Sent{SID: deref(m.Sid), To: deref(m.To), Body: deref(m.Body), Status: deref(m.Status)}
		if n, err := strconv.Atoi(deref(m.NumSegments)); err == nil && n > 0 {
			sm.Segments = n
		}
		created, err := time.Parse(time.RFC1123Z, deref(m.DateCreated))
		if err != nil {
			return nil, fmt.Errorf("list texts to %s: message %s: date_created %q: %w", phone.Mask(to), sm.SID, deref(m.DateCreated), err)
		}
		sm.Created = created
		out = append(out, sm)
	}
	return out, nil
}
