package main

import (
	"context"
	"log/slog"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/debrief-sms/debrief/internal/inbox"
	"github.com/debrief-sms/debrief/internal/store"
	"github.com/debrief-sms/debrief/internal/store/storetest"
	"github.com/debrief-sms/debrief/internal/twilio"
	"github.com/debrief-sms/debrief/internal/web"
)

// TestLoadAgainstDebrief runs the load tool's volunteers against the real
// webhook, inbox and store, and its check of every stored answer, on both
// databases: the tool must pass against Debrief, and its verification must
// see what Debrief stored.
func TestLoadAgainstDebrief(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, b storetest.Backend) {
		url := b.NewURL(t)
		ctx := context.Background()
		st, err := store.Open(ctx, url, storetest.Options)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { st.Close() })
		if err := st.Migrate(ctx); err != nil {
			t.Fatal(err)
		}
		const token = "loadtoken"
		srv := httptest.NewUnstartedServer(nil)
		srv.Start()
		t.Cleanup(srv.Close)
		v, err := twilio.NewValidator(token, srv.URL)
		if err != nil {
			t.Fatal(err)
		}
		e, err := web.New(web.Config{
			Inbox:     inbox.New(st, inbox.Options{DefaultLocation: time.UTC}),
			DB:        st,
			Validator: v,
			Logger:    slog.New(slog.DiscardHandler),
		})
		if err != nil {
			t.Fatal(err)
		}
		srv.Config.Handler = e

		c := config{authToken: token, databaseURL: url, volunteers: 6, reports: 2, concurrency: 3}
		const prefix = "+1617200"
		res := load(ctx, c, srv.URL, srv.URL, prefix, checkReply)
		if res.errors > 0 {
			t.Fatalf("%d errors, first: %v", res.errors, res.firstErr)
		}
		if want := c.volunteers * len(script(0, c.reports)); res.sent != want {
			t.Fatalf("sent %d texts, want %d", res.sent, want)
		}
		if want := c.volunteers * c.reports; res.reports != want {
			t.Fatalf("filed %d reports, want %d", res.reports, want)
		}
		if err := verify(ctx, c, prefix, res.sent, res.reports); err != nil {
			t.Fatal(err)
		}
		// Verification must notice a lost answer.
		if err := verify(ctx, c, prefix, res.sent+1, res.reports); err == nil {
			t.Fatal("verify accepted a missing text")
		}

		// A soak: report after report, paced, for a while. Every report
		// a sender started is finished and verified. One volunteer a
		// sender: each starts a report at once and finishes it however
		// slow the machine (a -race run under load managed 2 reports in
		// a second), so the count below does not depend on speed.
		soak := config{authToken: token, databaseURL: url, volunteers: 2, concurrency: 2,
			rate: 100, duration: 500 * time.Millisecond}
		const soakPrefix = "+1617201"
		res = load(ctx, soak, srv.URL, srv.URL, soakPrefix, checkReply)
		if res.errors > 0 {
			t.Fatalf("soak: %d errors, first: %v", res.errors, res.firstErr)
		}
		if res.reports < soak.volunteers {
			t.Fatalf("soak filed %d reports in %s, want one at least from each of %d volunteers", res.reports, res.elapsed, soak.volunteers)
		}
		if max := soak.rate*res.elapsed.Seconds() + 1; float64(res.sent) > max {
			t.Errorf("soak sent %d texts in %s, more than -rate %.0f allows", res.sent, res.elapsed, soak.rate)
		}
		if err := verify(ctx, soak, soakPrefix, res.sent, res.reports); err != nil {
			t.Fatal(err)
		}
	})
}

// TestFeedRounds checks a soak's jobs: each sender has volunteers of its
// own, and a volunteer's second round is their second report, numbered on
// from the first's texts.
func TestFeedRounds(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	c := config{volunteers: 4, concurrency: 2, duration: time.Hour}
	chans := feed(ctx, c)
	if len(chans) != 2 {
		t.Fatalf("%d channels, want one per sender", len(chans))
	}
	var got []job
	for range 3 {
		got = append(got, <-chans[1])
	}
	first := script(1, 1)
	want := []struct{ volunteer, first, turns int }{
		{1, 0, len(first)},
		{3, 0, len(first)},
		{1, len(first), len(script(1, 2)) - len(first)},
	}
	for i, w := range want {
		if g := got[i]; g.volunteer != w.volunteer || g.first != w.first || len(g.turns) != w.turns || g.reports != 1 {
			t.Errorf("job %d: volunteer %d from text %d, %d texts, %d reports; want volunteer %d from %d, %d texts, 1 report",
				i, g.volunteer, g.first, len(g.turns), g.reports, w.volunteer, w.first, w.turns)
		}
	}
	if body := got[2].turns[0].body; body != "NEW" {
		t.Errorf("a second round starts with %q, want NEW", body)
	}
}
