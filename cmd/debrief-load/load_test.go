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
	for _, b := range storetest.Backends(t) {
		t.Run(b.Name, func(t *testing.T) {
			t.Parallel()
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
			if err := verify(ctx, c, prefix, res.sent); err != nil {
				t.Fatal(err)
			}
			// Verification must notice a lost answer.
			if err := verify(ctx, c, prefix, res.sent+1); err == nil {
				t.Fatal("verify accepted a missing text")
			}
		})
	}
}
