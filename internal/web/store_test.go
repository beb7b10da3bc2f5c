package web_test

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/debrief-sms/debrief/internal/inbox"
	"github.com/debrief-sms/debrief/internal/store"
	"github.com/debrief-sms/debrief/internal/store/storetest"
	"github.com/debrief-sms/debrief/internal/twilio"
	"github.com/debrief-sms/debrief/internal/web"
)

// realServer serves the webhook over the real inbox and store.
func realServer(t *testing.T, st *store.Store) http.Handler {
	t.Helper()
	v, err := twilio.NewValidator(token, publicURL)
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
	return e
}

func serve(h http.Handler, r *http.Request) *httptest.ResponseRecorder {
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, r)
	return rec
}

// stored reports whether a MessageSid is stored, and the conversation's
// version, which grows by one for each text applied.
func stored(t *testing.T, st *store.Store, sid string) (bool, int64) {
	t.Helper()
	state, _, dup, err := st.Load(context.Background(), from, sid)
	if err != nil {
		t.Fatal(err)
	}
	return dup, state.Version
}

func TestWebhookWithStore(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, b storetest.Backend) {

		t.Run("signed text is answered and stored", func(t *testing.T) {
			t.Parallel()
			st := b.Open(t)
			rec := serve(realServer(t, st), signed(smsForm("SMw1", "Hi")))
			if rec.Code != 200 || !bytes.Contains(rec.Body.Bytes(), []byte("<Message>")) {
				t.Fatalf("%d %s", rec.Code, rec.Body)
			}
			if dup, _ := stored(t, st, sid("SMw1")); !dup {
				t.Error("text not stored")
			}
		})

		for name, sig := range map[string]string{
			"missing signature": "",
			"wrong signature":   twilio.Sign("not-the-token", publicURL+web.SMSPath, smsForm("SMw2", "Hi")),
		} {
			t.Run(name+" is refused and nothing stored", func(t *testing.T) {
				t.Parallel()
				st := b.Open(t)
				rec := serve(realServer(t, st), webhook(smsForm("SMw2", "Hi"), sig))
				if rec.Code != http.StatusForbidden {
					t.Fatalf("status %d, want 403", rec.Code)
				}
				if dup, version := stored(t, st, sid("SMw2")); dup || version != 0 {
					t.Errorf("stored %v, version %d; want nothing", dup, version)
				}
			})
		}

		t.Run("duplicate MessageSid gets the same answer, stored once", func(t *testing.T) {
			t.Parallel()
			st := b.Open(t)
			h := realServer(t, st)
			first := serve(h, signed(smsForm("SMw3", "Hi")))
			_, version := stored(t, st, "")
			again := serve(h, signed(smsForm("SMw3", "Hi")))
			if first.Code != 200 || again.Code != 200 || first.Body.String() != again.Body.String() {
				t.Errorf("first %d %s, again %d %s", first.Code, first.Body, again.Code, again.Body)
			}
			if _, after := stored(t, st, ""); after != version {
				t.Errorf("version %d after the duplicate, want %d", after, version)
			}
		})

		t.Run("texts from one phone at once are applied in turn", func(t *testing.T) {
			t.Parallel()
			st := b.Open(t)
			h := realServer(t, st)
			if rec := serve(h, signed(smsForm("SMw4", "Hi"))); rec.Code != 200 {
				t.Fatalf("%d %s", rec.Code, rec.Body)
			}
			_, start := stored(t, st, "")
			var wg sync.WaitGroup
			recs := make([]*httptest.ResponseRecorder, 2)
			for i, body := range []string{"Maria Lopez", "Riverside Moms"} {
				wg.Add(1)
				go func() {
					defer wg.Done()
					recs[i] = serve(h, signed(smsForm(fmt.Sprintf("SMw5%d", i), body)))
				}()
			}
			wg.Wait()
			for i, rec := range recs {
				if rec.Code != 200 || !bytes.Contains(rec.Body.Bytes(), []byte("<Message>")) {
					t.Errorf("text %d: %d %s", i, rec.Code, rec.Body)
				}
			}
			if _, end := stored(t, st, ""); end-start != 2 {
				t.Errorf("%d texts applied, want 2", end-start)
			}
		})

		t.Run("readyz pings the database", func(t *testing.T) {
			t.Parallel()
			st := b.Open(t)
			h := realServer(t, st)
			if rec := serve(h, httptest.NewRequest(http.MethodGet, web.ReadyPath, nil)); rec.Code != 200 {
				t.Errorf("readyz %d, want 200", rec.Code)
			}
			if err := st.Close(); err != nil {
				t.Fatal(err)
			}
			if rec := serve(h, httptest.NewRequest(http.MethodGet, web.ReadyPath, nil)); rec.Code != 503 {
				t.Errorf("readyz on a closed database %d, want 503", rec.Code)
			}
		})
	})
}
