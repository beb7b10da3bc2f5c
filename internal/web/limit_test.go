package web_test

import (
	"fmt"
	"log/slog"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/debrief-sms/debrief"
	"github.com/debrief-sms/debrief/internal/conversation"
	"github.com/debrief-sms/debrief/internal/inbox"
	"github.com/debrief-sms/debrief/internal/store"
	"github.com/debrief-sms/debrief/internal/store/storetest"
	"github.com/debrief-sms/debrief/internal/twilio"
	"github.com/debrief-sms/debrief/internal/web"
)

// fakeClock is the handler's and the inbox's clock, moved by the test.
type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *fakeClock) now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *fakeClock) add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// TestRunawayPhone posts a burst of 50 signed texts at once from one phone
// (an auto-responder) through the real handler and database: the first 10
// are answered, the 11th gets the one pause text, the rest empty TwiML,
// and all 50 are stored. Another phone texting meanwhile is answered, and
// once the minute has passed the first phone is answered again.
func TestRunawayPhone(t *testing.T) {
	t.Parallel()
	const burst, limit = 50, 10
	storetest.Each(t, func(t *testing.T, b storetest.Backend) {
		st, db := b.OpenWithDB(t)
		clock := &fakeClock{t: time.Date(2026, 12, 1, 17, 0, 0, 0, time.UTC)}
		v, err := twilio.NewValidator(token, publicURL)
		if err != nil {
			t.Fatal(err)
		}
		h, err := web.New(web.Config{
			Inbox: inbox.New(st, inbox.Options{Now: clock.now, DefaultLocation: time.UTC,
				InboundLimit: limit, Limits: st}),
			DB:        st,
			Validator: v,
			Logger:    slog.New(slog.DiscardHandler),
			Now:       clock.now,
		})
		if err != nil {
			t.Fatal(err)
		}
		post := func(phone, label, body string) string {
			form := smsForm(label, body)
			form.Set("From", phone)
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, signed(form))
			if rec.Code != 200 {
				t.Errorf("%s: %d %s", label, rec.Code, rec.Body)
			}
			return rec.Body.String()
		}

		bodies := make([]string, burst)
		var wg sync.WaitGroup
		for i := range bodies {
			wg.Go(func() {
				bodies[i] = post(from, fmt.Sprintf("burst%d", i), "Auto-reply: I'm driving, I'll text you later")
			})
		}
		wg.Wait()
		pause := string(twilio.TwiML([]string{conversation.PauseText(debrief.English)}))
		var answered, paused, silent int
		for _, body := range bodies {
			switch {
			case body == pause:
				paused++
			case strings.Contains(body, "<Message>"):
				answered++
			case body == string(twilio.TwiML(nil)):
				silent++
			default:
				t.Errorf("unexpected answer %q", body)
			}
		}
		if answered != limit || paused != 1 || silent != burst-limit-1 {
			t.Errorf("answered %d, paused %d, silent %d; want %d, 1, %d", answered, paused, silent, limit, burst-limit-1)
		}
		var stored, limited int
		err = db.QueryRow(`SELECT count(*), coalesce(sum(CASE WHEN status = $2 THEN 1 ELSE 0 END), 0)
				FROM messages WHERE phone = $1 AND direction = 'in'`, from, store.StatusLimited).Scan(&stored, &limited)
		if err != nil {
			t.Fatal(err)
		}
		if stored != burst || limited != burst-limit {
			t.Errorf("%d texts stored, %d of them limited; want %d, %d", stored, limited, burst, burst-limit)
		}

		if body := post("+16175550199", "other", "Hi"); !strings.Contains(body, "<Message>") || body == pause {
			t.Errorf("another phone during the burst got %q", body)
		}
		clock.add(30 * time.Second)
		if body := post(from, "still", "Auto-reply: I'm driving"); body != string(twilio.TwiML(nil)) {
			t.Errorf("within the minute the phone got %q, want silence", body)
		}
		clock.add(31 * time.Second) // the burst is more than a minute old
		if body := post(from, "calm", "Maria Lopez"); !strings.Contains(body, "<Message>") || body == pause {
			t.Errorf("after the window the phone got %q, want an answer", body)
		}
	})
}
