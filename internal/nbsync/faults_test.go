package nbsync_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/debrief-sms/debrief"
	"github.com/debrief-sms/debrief/internal/nationbuilder"
	"github.com/debrief-sms/debrief/internal/nationbuilder/nbtest"
	"github.com/debrief-sms/debrief/internal/nbsync"
	"github.com/debrief-sms/debrief/internal/store/storetest"
)

// TestFaults breaks NationBuilder in each way the issue lists, against a
// real database, and checks that every report ends pushed once: one
// person, one contact.
func TestFaults(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		break_ func(f *nbtest.Fake)
		r      debrief.Report
		// wait is how long after the fault the push is due again.
		wait time.Duration
	}{
		{name: "429 with Retry-After", r: debrief.Report{PersonName: "Lee Chan", PersonEmail: "lee@example.org"},
			break_: func(f *nbtest.Fake) { f.RetryAfter = 7; f.Fail("PATCH", "/api/v2/signups/push", nbtest.RateLimited, 1) },
			wait:   7 * time.Second},
		{name: "500", r: debrief.Report{PersonName: "Lee Chan", PersonEmail: "lee@example.org"},
			break_: func(f *nbtest.Fake) { f.Fail("", "/api/v2/signup_taggings", nbtest.ServerError, 1) },
			wait:   30 * time.Second},
		{name: "connection dropped after the person was created", r: debrief.Report{PersonName: "Sam Park", PersonPhone: "+16175550166"},
			break_: func(f *nbtest.Fake) { f.Fail("PATCH", "/api/v2/signups/push", nbtest.DropAfter, 1) },
			wait:   30 * time.Second},
		{name: "connection dropped after the contact was logged", r: debrief.Report{PersonName: "Sam Park", PersonPhone: "+16175550166"},
			break_: func(f *nbtest.Fake) { f.Fail("POST", "/api/v1/people/", nbtest.DropAfter, 1) },
			wait:   30 * time.Second},
	}
	storetest.Each(t, func(t *testing.T, b storetest.Backend) {
		for _, tc := range tests {
			t.Run(tc.name, func(t *testing.T) {
				t.Parallel()
				f := newFixture(t, b.Open(t))
				f.volunteer(ana, "Ana Reyes", "Riverside Moms")
				s := f.syncer(f.client(20, nil))
				// A first report, so that the volunteer is known and the
				// fault hits the person met.
				f.report(ana, debrief.Report{PersonName: "Rosa Diaz", PersonEmail: "rosa@example.org"})
				f.drain(s)
				tc.break_(f.fake)
				f.report(ana, tc.r)
				if n, err := s.Drain(context.Background()); n != 0 {
					t.Fatalf("pushed %d through the fault (%v)", n, err)
				}
				if sum := f.status(); sum.Waiting != 1 || len(sum.Failed) != 0 {
					t.Fatalf("after the fault: %+v", sum)
				}
				faulted := 0
				for _, r := range f.fake.Requests() {
					if r.Status == 0 || r.Status == 429 || r.Status == 500 {
						faulted++
					}
				}
				if faulted != 1 {
					t.Fatalf("%d requests met the fault, want 1", faulted)
				}
				f.clock.Advance(tc.wait - time.Millisecond)
				if n, _ := s.Drain(context.Background()); n != 0 {
					t.Errorf("pushed %d before the wait was over", n)
				}
				f.clock.Advance(time.Millisecond)
				if n := f.drain(s); n != 1 {
					t.Fatalf("pushed %d after the wait, want 1", n)
				}
				if met := f.met(); len(met) != 2 {
					t.Errorf("people met %+v, want 2", met)
				}
				if got := len(f.fake.People()); got != 3 {
					t.Errorf("%d people, want 3", got)
				}
				if cs := f.fake.Contacts(); len(cs) != 2 {
					t.Errorf("contacts %+v, want 2", cs)
				}
				if sum := f.status(); sum.Done != 2 || sum.Waiting != 0 {
					t.Errorf("status %+v", sum)
				}
			})
		}
	})
}

// TestRefusedThenFixed: a 422 fails the push for good with NationBuilder's
// reason; the report's edit (the fix) pushes it.
func TestRefusedThenFixed(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, b storetest.Backend) {
		f := newFixture(t, b.Open(t))
		f.volunteer(ana, "Ana Reyes", "")
		s := f.syncer(f.client(20, nil))
		r := debrief.Report{PersonName: "Lee Chan", PersonEmail: "lee-at-example.org"}
		r.Seq = f.report(ana, r)
		if n := f.drain(s); n != 1 {
			t.Fatalf("settled %d", n)
		}
		sum := f.status()
		if len(sum.Failed) != 1 || !strings.Contains(sum.Failed[0].Reason, "422") || !strings.Contains(sum.Failed[0].Reason, "email") {
			t.Fatalf("status %+v, want one failed with the 422", sum)
		}
		r.PersonEmail = "lee@example.org"
		f.save(ana, r)
		if n := f.drain(s); n != 1 {
			t.Fatalf("settled %d after the fix", n)
		}
		if sum := f.status(); sum.Done != 1 || len(sum.Failed) != 0 || len(f.fake.Contacts()) != 1 {
			t.Errorf("after the fix %+v, contacts %+v", sum, f.fake.Contacts())
		}
	})
}

// connect stores a token from the fake's OAuth, sealed, as
// debrief nationbuilder connect does.
func connect(t *testing.T, f *fixture, o nationbuilder.OAuth, sealer *nationbuilder.Sealer) {
	t.Helper()
	tok, err := o.Exchange(context.Background(), nbtest.GoodCode, f.clock.Now())
	if err != nil {
		t.Fatal(err)
	}
	sealed, err := sealer.Seal(tok)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.st.SaveNBToken(context.Background(), sealed, tok.ExpiresAt, "", f.clock.Now()); err != nil {
		t.Fatal(err)
	}
}

// TestTokens: a token refused as expired is refreshed, a token near its
// end is refreshed before use, and a revoked connection pauses pushes,
// says so in the status and a log line, and loses nothing: connected
// again, they go.
func TestTokens(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, b storetest.Backend) {
		f := newFixture(t, b.Open(t))
		f.volunteer(ana, "Ana Reyes", "")
		sealer, err := nationbuilder.NewSealer(bytes.Repeat([]byte{7}, 32))
		if err != nil {
			t.Fatal(err)
		}
		o := nationbuilder.OAuth{BaseURL: f.fake.URL, ClientID: nbtest.ClientID, ClientSecret: nbtest.ClientSecret, RedirectURI: "urn:ietf:wg:oauth:2.0:oob"}
		connect(t, f, o, sealer)
		tokens := &nationbuilder.Tokens{OAuth: o, Vault: f.st, Sealer: sealer, Now: f.clock.Now}
		var logs bytes.Buffer
		s := f.syncerLogging(f.client(20, tokens), slog.New(slog.NewJSONHandler(&logs, nil)))
		refreshes := func() int {
			n := 0
			for _, r := range f.fake.Requests() {
				if r.Path == "/oauth/token" && strings.Contains(r.Body, "grant_type=refresh_token") {
					n++
				}
			}
			return n
		}

		f.report(ana, debrief.Report{PersonName: "Lee Chan", PersonEmail: "lee@example.org"})
		f.drain(s)

		f.fake.ExpireTokens()
		f.report(ana, debrief.Report{PersonName: "Rosa Diaz", PersonEmail: "rosa@example.org"})
		if n := f.drain(s); n != 1 || refreshes() != 1 {
			t.Fatalf("expired token: pushed %d, %d refreshes; want 1 and 1", n, refreshes())
		}

		f.clock.Advance(23*time.Hour + 30*time.Minute)
		f.report(ana, debrief.Report{PersonName: "Sam Park", PersonEmail: "sam@example.org"})
		before := len(f.fake.Requests())
		if n := f.drain(s); n != 1 || refreshes() != 2 {
			t.Fatalf("token near its end: pushed %d, %d refreshes; want 1 and 2", n, refreshes())
		}
		for _, r := range f.fake.Requests()[before:] {
			if r.Status == 401 {
				t.Errorf("a request was refused before the refresh: %+v", r)
			}
		}

		f.fake.Revoke()
		f.fake.ExpireTokens()
		f.report(ana, debrief.Report{PersonName: "Kim Lee", PersonEmail: "kim@example.org"})
		if n, err := s.Drain(context.Background()); n != 0 || !errors.Is(err, nbsync.ErrPaused) {
			t.Fatalf("revoked: pushed %d, %v; want 0 and ErrPaused", n, err)
		}
		sum := f.status()
		if sum.Waiting != 1 || len(sum.Failed) != 0 || !strings.Contains(sum.Problem, "connect again") {
			t.Errorf("revoked: status %+v", sum)
		}
		if !strings.Contains(logs.String(), "a coordinator must connect again") {
			t.Errorf("no log line says to connect again:\n%s", logs.String())
		}
		for _, r := range f.fake.Requests() {
			if r.Token != "" && strings.Contains(logs.String(), r.Token) {
				t.Fatalf("a token was logged")
			}
		}

		connect(t, f, o, sealer)
		f.clock.Advance(time.Minute)
		if n := f.drain(s); n != 1 {
			t.Fatalf("connected again: pushed %d", n)
		}
		if sum := f.status(); sum.Problem != "" || sum.Done != 4 || sum.Waiting != 0 {
			t.Errorf("connected again: status %+v", sum)
		}
		if got := len(f.met()); got != 4 {
			t.Errorf("%d people met, want 4", got)
		}
	})
}

// slowNation takes 4 minutes of the virtual clock for every person
// pushed.
type slowNation struct {
	*nationbuilder.Client
	c *clock
}

func (n slowNation) Push(ctx context.Context, s nationbuilder.Signup) (string, bool, error) {
	n.c.Advance(4 * time.Minute)
	return n.Client.Push(ctx, s)
}

// TestSlowNationGivesBackTheBatch: a batch taking longer than half its
// lease gives the rest back before another process could claim them.
func TestSlowNationGivesBackTheBatch(t *testing.T) {
	t.Parallel()
	f := newFixture(t, storetest.OpenSQLite(t))
	f.volunteer(ana, "Ana Reyes", "")
	for i := range 5 {
		f.report(ana, debrief.Report{PersonName: "P", PersonEmail: fmt.Sprintf("p%d@example.org", i)})
	}
	s := f.syncer(slowNation{Client: f.client(20, nil), c: f.clock})
	if n := f.drain(s); n != 5 {
		t.Fatalf("pushed %d, want 5", n)
	}
	pushes := 0
	for _, r := range f.fake.Requests() {
		if r.Method == "PATCH" && r.Path == "/api/v2/signups/push" {
			pushes++
		}
	}
	if len(f.fake.Contacts()) != 5 || pushes != 6 { // 5 people and the volunteer
		t.Errorf("%d contacts, %d pushes; want 5 and 6", len(f.fake.Contacts()), pushes)
	}
}
