package main

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/debrief-sms/debrief"
	"github.com/debrief-sms/debrief/internal/conversation"
	"github.com/debrief-sms/debrief/internal/followup"
	"github.com/debrief-sms/debrief/internal/store"
	"github.com/debrief-sms/debrief/internal/store/storetest"
)

// TestStats seeds November 2026 through the conversation, on each
// database, and checks what `debrief stats` prints for the month, for one
// team, and for a month with nothing; and that a bad month is refused.
func TestStats(t *testing.T) {
	t.Parallel()
	storetest.EachOf(t, backends, func(t *testing.T, b storetest.Backend) {
		e := env{"DATABASE_URL": b.NewURL(t), "DEFAULT_TIMEZONE": "America/New_York"}
		mustRun(t, e, "users", "add", "--phone", "617-555-0201", "--name", "Ana", "--role", "volunteer", "--team", "Riverside")
		mustRun(t, e, "users", "add", "--phone", "617-555-0202", "--name", "Bo", "--role", "volunteer", "--team", "Eastside")
		loc, err := time.LoadLocation("America/New_York")
		if err != nil {
			t.Fatal(err)
		}
		day := func(d, h int) time.Time { return time.Date(2026, 11, d, h, 0, 0, 0, loc) }
		report := []string{"clean air", "3", "call next month", "phone banking", "SKIP", "yes"}
		withTestStore(t, e, func(st *store.Store) {
			sendTexts(t, st, "+16175550201", day(2, 10), loc, "PLAN Maria Thursday 3pm")
			sendTexts(t, st, "+16175550201", day(5, 17), loc, append([]string{"Hi", "Maria"}, report...)...)
			sendTexts(t, st, "+16175550201", day(10, 10), loc, "PLAN Sam Friday 10am")
			sendTexts(t, st, "+16175550202", day(12, 18), loc, append([]string{"Hi", "Kai"}, report[:5]...)...)
			sendTexts(t, st, "+16175550202", day(12, 19), loc, "no")
		})
		got := mustRun(t, e, "stats", "--month", "2026-11") + "\n" +
			mustRun(t, e, "stats", "--month", "2026-11", "--team", "riverside") + "\n" +
			mustRun(t, e, "stats", "--month", "2026-10")
		checkGolden(t, "stats", got)
		if _, _, err := runCmd(t, e, "stats", "--month", "November"); err == nil {
			t.Fatal("stats --month November: no error")
		}
	})
}

// sendTexts sends the volunteer's texts a minute apart from at, through Load,
// Step and Save as the webhook does.
func sendTexts(t *testing.T, st *store.Store, phone string, at time.Time, loc *time.Location, bodies ...string) {
	t.Helper()
	ctx := context.Background()
	rules := followup.DefaultRules()
	for _, body := range bodies {
		sid := fmt.Sprintf("SMstats%d", at.UnixNano())
		s, _, _, err := st.Load(ctx, phone, sid)
		if err != nil {
			t.Fatal(err)
		}
		res := conversation.Step(s, conversation.Inbound{Body: body}, conversation.Env{Now: at, Location: loc, FollowUps: &rules})
		if _, _, err := st.Save(ctx, debrief.Inbound{SID: sid, From: phone, Body: body, ReceivedAt: at}, res); err != nil {
			t.Fatal(err)
		}
		at = at.Add(time.Minute)
	}
}
