package inbox_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/debrief-sms/debrief"
	"github.com/debrief-sms/debrief/internal/conversation"
	"github.com/debrief-sms/debrief/internal/inbox"
	"github.com/debrief-sms/debrief/internal/store/storetest"
)

// TestInboundLimit sends each case's texts from a phone of its own, at the
// times it gives, and counts how they were answered: stepped (a reply
// other than the pause text), paused (the pause text) or silent. Every
// text is stored, whatever its answer.
func TestInboundLimit(t *testing.T) {
	t.Parallel()
	const limit = 10
	every := func(n int, d time.Duration, body string) []sent {
		out := make([]sent, n)
		for i := range out {
			out[i] = sent{at: time.Duration(i) * d, body: body}
		}
		return out
	}
	tests := []struct {
		name                    string
		limit                   int
		texts                   []sent
		stepped, paused, silent int
	}{
		{name: "a fast typist: a whole report, a text every 2 s", limit: limit, texts: every(10, 2*time.Second, "hi"), stepped: 10},
		{name: "a steady texter: a text every 6 s for 5 minutes", limit: limit, texts: every(50, 6*time.Second, "hi"), stepped: 50},
		{name: "the 11th text in a minute pauses", limit: limit, texts: every(11, time.Second, "hi"), stepped: 10, paused: 1},
		{name: "a runaway: 200 texts in 0.16 s, the rate of 1,000 in 0.8 s", limit: limit, texts: every(200, 800*time.Microsecond, "Auto-reply: I'm driving"), stepped: 10, paused: 1, silent: 189},
		{
			name:  "answered again after the window",
			limit: limit,
			texts: append(every(30, 10*time.Millisecond, "hi"), sent{at: time.Minute + time.Second, body: "hi"}),
			// The 31st is a minute after the burst, which no longer counts.
			stepped: 11, paused: 1, silent: 19,
		},
		{
			name:    "still over the limit, still silent: one pause text only",
			limit:   limit,
			texts:   every(40, 3*time.Second, "hi"), // 20 a minute
			stepped: 10, paused: 1, silent: 29,
		},
		{
			name:    "STOP is honored over the limit",
			limit:   limit,
			texts:   append(every(20, 10*time.Millisecond, "hi"), sent{at: time.Second, body: "STOP"}),
			stepped: 11, paused: 1, silent: 9, // STOP is stepped: opted out, answered with nothing
		},
		{name: "no limit", limit: 0, texts: every(30, 10*time.Millisecond, "hi"), stepped: 30},
	}
	storetest.Each(t, func(t *testing.T, b storetest.Backend) {
		st, db := b.OpenWithDB(t)
		for i, tc := range tests {
			t.Run(tc.name, func(t *testing.T) {
				t.Parallel()
				from := fmt.Sprintf("+1617555%04d", 200+i)
				at := now
				ib := inbox.New(st, inbox.Options{Now: func() time.Time { return at }, DefaultLocation: time.UTC,
					InboundLimit: tc.limit, Limits: st})
				pause := conversation.PauseText(debrief.English)
				var stepped, paused, silent, limited int
				for j, s := range tc.texts {
					at = now.Add(s.at)
					in := debrief.Inbound{SID: fmt.Sprintf("SM%02d%030d", i, j), From: from, Body: s.body, ReceivedAt: at}
					ctx, seen := inbox.Watch(context.Background())
					replies, optedOut, err := ib.Handle(ctx, in)
					if seen().Limited {
						limited++
					}
					switch {
					case err != nil:
						t.Fatalf("text %d: %v", j+1, err)
					case len(replies) == 1 && replies[0] == pause:
						paused++
					case len(replies) == 0 && !optedOut:
						silent++
					default:
						stepped++
					}
				}
				if stepped != tc.stepped || paused != tc.paused || silent != tc.silent {
					t.Errorf("stepped %d, paused %d, silent %d; want %d, %d, %d",
						stepped, paused, silent, tc.stepped, tc.paused, tc.silent)
				}
				if limited != tc.paused+tc.silent {
					t.Errorf("Watch saw %d texts limited, want the %d paused or silent", limited, tc.paused+tc.silent)
				}
				var stored int
				if err := db.QueryRow(`SELECT count(*) FROM messages WHERE phone = $1 AND direction = 'in'`, from).Scan(&stored); err != nil {
					t.Fatal(err)
				}
				if stored != len(tc.texts) {
					t.Errorf("%d texts stored, want all %d", stored, len(tc.texts))
				}
			})
		}
	})
}

// sent is a text sent at an offset from the start.
type sent struct {
	at   time.Duration
	body string
}

// TestInboundLimitAcrossInstances alternates one phone's burst between two
// inboxes on one database, as two `serve` processes behind a load
// balancer: the limit counts the texts of both, and one pause text goes
// out in all.
func TestInboundLimitAcrossInstances(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, b storetest.Backend) {
		st := b.Open(t)
		at := now
		clock := func() time.Time { return at }
		instances := []*inbox.Inbox{
			inbox.New(st, inbox.Options{Now: clock, DefaultLocation: time.UTC, InboundLimit: 10, Limits: st}),
			inbox.New(st, inbox.Options{Now: clock, DefaultLocation: time.UTC, InboundLimit: 10, Limits: st}),
		}
		pause := conversation.PauseText(debrief.English)
		var answered, paused int
		for i := range 40 {
			at = now.Add(time.Duration(i) * 100 * time.Millisecond)
			in := debrief.Inbound{SID: fmt.Sprintf("SMx%031d", i), From: "+16175550300", Body: "hi", ReceivedAt: at}
			replies, _, err := instances[i%2].Handle(context.Background(), in)
			if err != nil {
				t.Fatal(err)
			}
			switch {
			case len(replies) == 1 && replies[0] == pause:
				paused++
			case len(replies) > 0:
				answered++
			}
		}
		if answered != 10 || paused != 1 {
			t.Errorf("answered %d, paused %d; want 10 and 1", answered, paused)
		}
	})
}
