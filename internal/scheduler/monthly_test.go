package scheduler_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/debrief-sms/debrief"
	"github.com/debrief-sms/debrief/internal/clocktest"
	"github.com/debrief-sms/debrief/internal/scheduler"
	"github.com/debrief-sms/debrief/internal/store/storetest"
)

// monthlyLink is the link the test's texts carry.
func monthlyLink(m time.Time) string {
	return "https://debrief.example/monthly?month=" + m.Format("2006-01")
}

// TestMonthlyText: on the 1st at FOLLOWUP_AT, their time, each coordinator
// who can be texted gets one text, in their language, that the month's
// report is ready, with its link; once, however often and by however many
// schedulers it is planned; not organizers, not an opted-out coordinator,
// not one whose number is bad; and next month again.
func TestMonthlyText(t *testing.T) {
	t.Parallel()
	for _, b := range storetest.Backends(t) {
		t.Run(b.Name, func(t *testing.T) {
			t.Parallel()
			s := openDB(t, b)
			ctx := context.Background()
			add := func(phone, name string, role debrief.Role, lang debrief.Language, zone string) {
				t.Helper()
				if _, err := s.AddVolunteer(ctx, debrief.Volunteer{Phone: phone, Name: name, Role: role, Language: lang, TimeZone: zone}); err != nil {
					t.Fatal(err)
				}
			}
			const cora, cruz, gone, bad, olga = "+16175550401", "+16175550402", "+16175550403", "+16175550404", "+16175550405"
			add(cora, "Cora", debrief.RoleCoordinator, debrief.English, "America/New_York")
			add(cruz, "Cruz", debrief.RoleCoordinator, debrief.Spanish, "America/Los_Angeles")
			add(gone, "Gus", debrief.RoleCoordinator, debrief.English, "America/New_York")
			add(bad, "Bea", debrief.RoleCoordinator, debrief.English, "America/New_York")
			add(olga, "Olga", debrief.RoleOrganizer, debrief.English, "America/New_York")
			stop(t, s, gone, noon)
			if _, err := s.raw.Exec(fmt.Sprintf(`UPDATE volunteers SET phone_bad = %s WHERE phone = '%s'`, map[bool]string{true: "true", false: "1"}[s.pg], bad)); err != nil {
				t.Fatal(err)
			}

			clk := clocktest.New(noon)
			tw, snd := newTwilio(t)
			cfg := scheduler.Config{Store: s, Sender: snd, Now: clk.Now, MonthlyLink: monthlyLink, MonthlyZone: newYork}
			sch := newSchedulerWith(t, cfg)
			other := newSchedulerWith(t, cfg) // another instance, planning too
			y, m, _ := noon.In(newYork).Date()
			month := time.Date(y, m, 1, 0, 0, 0, 0, newYork)
			next := month.AddDate(0, 1, 0)
			run := func(at time.Time) {
				t.Helper()
				clk.Set(at)
				runAll(t, sch)
				runAll(t, other)
			}
			texts := func(phone string) []string { return bodies(tw, phone) }
			run(noon)
			run(time.Date(next.Year(), next.Month(), 1, 8, 59, 0, 0, newYork))
			if n := len(tw.Sent()); n != 0 {
				t.Fatalf("%d texts before 9:00 on the 1st: %v", n, tw.Sent())
			}
			run(time.Date(next.Year(), next.Month(), 1, 9, 0, 0, 0, newYork))
			wantEN := fmt.Sprintf("Debrief: the monthly report for %s is ready: %s", month.Format("January 2006"), monthlyLink(month))
			if got := texts(cora); len(got) != 1 || got[0] != wantEN {
				t.Fatalf("Cora at 9:00 on the 1st got %q, want %q", got, wantEN)
			}
			if got := texts(cruz); len(got) != 0 {
				t.Fatalf("Cruz got %q at 6:00 in Los Angeles", got)
			}
			run(time.Date(next.Year(), next.Month(), 1, 9, 0, 0, 0, losAngeles))
			spanish := [...]string{"enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre",
				"octubre", "noviembre", "diciembre"}
			wantES := fmt.Sprintf("Debrief: ya puede ver el informe mensual de %s %d: %s", spanish[month.Month()-1], month.Year(), monthlyLink(month))
			if got := texts(cruz); len(got) != 1 || got[0] != wantES {
				t.Fatalf("Cruz at 9:00 in Los Angeles got %q, want %q", got, wantES)
			}
			for h := range 30 { // the rest of the day and the next: planned every hour, sent once
				run(time.Date(next.Year(), next.Month(), 1, 10+h, 0, 0, 0, losAngeles))
			}
			for _, phone := range []string{cora, cruz} {
				if got := texts(phone); len(got) != 1 {
					t.Errorf("%s got %d monthly texts, want 1: %q", phone, len(got), got)
				}
			}
			for _, phone := range []string{gone, bad, olga} {
				if got := texts(phone); len(got) != 0 {
					t.Errorf("%s got %q", phone, got)
				}
			}
			after := next.AddDate(0, 1, 0)
			run(time.Date(after.Year(), after.Month(), 1, 9, 0, 0, 0, newYork))
			if got := texts(cora); len(got) != 2 || got[1] != fmt.Sprintf("Debrief: the monthly report for %s is ready: %s", next.Format("January 2006"), monthlyLink(next)) {
				t.Errorf("Cora the next month got %q", got)
			}
		})
	}
}
