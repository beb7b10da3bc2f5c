package inbox

import (
	"context"
	"fmt"
	"reflect"
	"testing"
	"time"

	"github.com/debrief-sms/debrief"
	"github.com/debrief-sms/debrief/internal/conversation"
	"github.com/debrief-sms/debrief/internal/followup"
	"github.com/debrief-sms/debrief/internal/store/storetest"
)

// TestCachedStateIsWhatLoadReads plays a conversation through the inbox
// and, after every text, compares the state the inbox kept with a fresh
// Load: stepping from either must be the same. Nothing is excluded or
// normalized by the test: Store.Saved itself gives times in UTC at the
// database's precision. The clock has nanoseconds and a zone other than
// UTC, so that both matter.
func TestCachedStateIsWhatLoadReads(t *testing.T) {
	t.Parallel()
	ny, err := time.LoadLocation("America/New_York")
	if err != nil {
		t.Fatal(err)
	}
	script := []string{
		// sign up (creates a team: not kept), a whole report
		"Hi", "Ana", "Riverside", "Maria Lopez", "clean air", "3", "call her next Tuesday 5pm", "canvassing", "great chat", "no",
		// change one answer of the finished report
		"EDIT", "2", "housing", "no",
		// a new report (Save returns the ID the database gave it), set aside
		"NEW", "Jo Smith", "ESPANOL", "transporte", "1",
		// opted out, texts ignored, back
		"STOP", "hello?", "START", "NEW", "si", "Sam", "ENGLISH", "parks",
	}
	storetest.Each(t, func(t *testing.T, b storetest.Backend) {
		st := b.Open(t)
		at := time.Date(2026, 11, 24, 14, 0, 0, 123456789, ny)
		rules := followup.DefaultRules()
		ib := New(st, Options{Now: func() time.Time { return at }, DefaultLocation: ny, FollowUps: &rules})
		ctx := context.Background()
		const from = "+16175550177"
		kept := 0
		for i, body := range script {
			at = at.Add(90*time.Second + 1234*time.Nanosecond)
			in := debrief.Inbound{SID: fmt.Sprintf("SMeq%03d", i), From: from, Body: body, FromState: "MA", ReceivedAt: at}
			if _, _, err := ib.Handle(ctx, in); err != nil {
				t.Fatalf("text %d %q: %v", i, body, err)
			}
			cached, _, ok := ib.states.get(from, at)
			if !ok {
				continue
			}
			kept++
			loaded, _, _, err := st.Load(ctx, from, "")
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(cached, loaded) {
				t.Errorf("after text %d %q the kept state differs from Load:\nkept   %s\nloaded %s", i, body, dump(cached), dump(loaded))
			}
		}
		t.Logf("%d of %d states kept", kept, len(script))
		if kept < len(script)/2 {
			t.Errorf("only %d of %d states kept", kept, len(script))
		}
	})
}

func dump(s conversation.State) string {
	out := fmt.Sprintf("%+v", s)
	if s.Draft != nil {
		out += fmt.Sprintf("\n  draft %+v", *s.Draft)
	}
	if s.OpenReminder != nil {
		out += fmt.Sprintf("\n  reminder %+v", *s.OpenReminder)
	}
	return out
}
