package main

import (
	"context"
	"fmt"
	"io"
	"time"

	"github.com/debrief-sms/debrief/internal/twilio/twiliotest"
)

// serveFakeTwilio serves the tests' fake Twilio API (twiliotest) on addr
// until ctx ends, for a `debrief serve` under load to send its follow-ups
// to; listening is told the address once it accepts connections. At the
// end it writes what it accepted, per recipient: a follow-up that reached
// a person twice shows as a duplicate.
func serveFakeTwilio(ctx context.Context, addr string, out io.Writer, listening func(url string)) error {
	fake, err := twiliotest.Listen(addr)
	if err != nil {
		return err
	}
	listening(fake.URL)
	<-ctx.Done()
	fake.Close()
	fmt.Fprintln(out, summarize(fake.Sent(), fake.Requests()))
	return nil
}

// A fakeSummary is what the fake Twilio accepted in a run.
type fakeSummary struct {
	requests    int // create requests, refused ones too
	accepted    int
	recipients  int
	duplicates  int // recipients texted more than once
	most        int // texts to the recipient texted most
	first, last time.Time
}

func summarize(sent []twiliotest.Message, requests int) fakeSummary {
	s := fakeSummary{requests: requests, accepted: len(sent)}
	per := make(map[string]int, len(sent))
	for _, m := range sent {
		per[m.To]++
		if s.first.IsZero() || m.DateCreated.Before(s.first) {
			s.first = m.DateCreated
		}
		if m.DateCreated.After(s.last) {
			s.last = m.DateCreated
		}
	}
	s.recipients = len(per)
	for _, n := range per {
		if n > 1 {
			s.duplicates++
		}
		s.most = max(s.most, n)
	}
	return s
}

// rate is the texts accepted per second from the first to the last.
func (s fakeSummary) rate() float64 {
	span := s.last.Sub(s.first).Seconds()
	if s.accepted < 2 || span <= 0 {
		return 0
	}
	return float64(s.accepted-1) / span
}

// String is one line, read by scale.sh.
func (s fakeSummary) String() string {
	return fmt.Sprintf("fake-twilio accepted %d texts (%d requests) to %d recipients, duplicates %d (most to one recipient %d), %.1f texts/s over %s",
		s.accepted, s.requests, s.recipients, s.duplicates, s.most, s.rate(), s.last.Sub(s.first).Round(time.Millisecond))
}
