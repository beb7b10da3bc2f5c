package inbox_test

import (
	"context"
	"fmt"
	"net/http"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/debrief-sms/debrief"
	"github.com/debrief-sms/debrief/internal/clocktest"
	"github.com/debrief-sms/debrief/internal/followup"
	"github.com/debrief-sms/debrief/internal/inbox"
	"github.com/debrief-sms/debrief/internal/scheduler"
	"github.com/debrief-sms/debrief/internal/store"
	"github.com/debrief-sms/debrief/internal/store/storetest"
	"github.com/debrief-sms/debrief/internal/twilio"
	"github.com/debrief-sms/debrief/internal/twilio/twiliotest"
)

// fakeClock is moved by hand; the inbox and the scheduler share it.

// followupWorld is Debrief end to end: the inbox texts go through, the
// scheduler sending through a fake Twilio API, one clock.
type followupWorld struct {
	t     *testing.T
	st    *store.Store
	ib    *inbox.Inbox
	sched *scheduler.Scheduler
	tw    *twiliotest.Server
	clock *clocktest.Clock
	n     int
}

func newFollowupWorld(t *testing.T, b storetest.Backend) *followupWorld {
	t.Helper()
	ny, _ := time.LoadLocation("America/New_York")
	// A Tuesday afternoon in New York (clocktest moves the week).
	clock := clocktest.New(clocktest.Start().Add(2 * time.Hour))
	st := b.Open(t)
	rules := followup.DefaultRules()
	tw := twiliotest.New(t)
	snd, err := twilio.NewSender(twilio.SenderConfig{
		AccountSID: twiliotest.AccountSID, AuthToken: twiliotest.AuthToken,
		From: "+16175550000", APIURL: tw.URL, HTTPClient: &http.Client{Timeout: 10 * time.Second},
	})
	if err != nil {
		t.Fatal(err)
	}
	sched, err := scheduler.New(scheduler.Config{
		Store: st, Sender: snd, Rules: rules,
		DefaultLocation: ny, Now: clock.Now,
	})
	if err != nil {
		t.Fatal(err)
	}
	ib := inbox.New(st, inbox.Options{Now: clock.Now, DefaultLocation: ny, FollowUps: &rules})
	return &followupWorld{t: t, st: st, ib: ib, sched: sched, tw: tw, clock: clock}
}

// text sends body from a phone and returns the replies joined.
func (w *followupWorld) text(from, body string) string {
	w.t.Helper()
	w.n++
	replies, _, err := w.ib.Handle(context.Background(), debrief.Inbound{
		SID: fmt.Sprintf("SMe2e%04d", w.n), From: from, Body: body, FromState: "MA", ReceivedAt: w.clock.Now(),
	})
	if err != nil {
		w.t.Fatalf("text %q: %v", body, err)
	}
	return strings.Join(replies, " | ")
}

// report files a whole report on Maria from a new volunteer.
func (w *followupWorld) report(from, team, commitment string) {
	w.t.Helper()
	for _, body := range []string{"Hi", "Ana", team, "Maria Lopez", "clean air", commitment,
		"call her next Tuesday", "canvassing", "SKIP", "no"} {
		w.text(from, body)
	}
}

// report1 reads the phone's first report as stored.
func (w *followupWorld) report1(phone string) debrief.Report {
	w.t.Helper()
	ctx := context.Background()
	id, err := w.st.VolunteerID(ctx, phone)
	if err != nil {
		w.t.Fatal(err)
	}
	r, err := w.st.Report(ctx, id, 1)
	if err != nil {
		w.t.Fatal(err)
	}
	return r
}

// followups lists the phone's follow-ups as "kind:status" in id order.
func (w *followupWorld) followups(phone string) string {
	w.t.Helper()
	list, err := w.st.Followups(context.Background(), store.FollowupFilter{VolunteerPhone: phone})
	if err != nil {
		w.t.Fatal(err)
	}
	var out []string
	for _, f := range list {
		out = append(out, string(f.Kind)+":"+string(f.Status))
	}
	return strings.Join(out, " ")
}

// send runs the scheduler once and returns the texts Twilio accepted.
func (w *followupWorld) send() []twiliotest.Message {
	w.t.Helper()
	before := len(w.tw.Sent())
	if _, err := w.sched.RunOnce(context.Background()); err != nil {
		w.t.Fatalf("scheduler: %v", err)
	}
	return w.tw.Sent()[before:]
}

func TestFollowupsEndToEnd(t *testing.T) {
	t.Parallel()
	const ana = "+16175550111"
	storetest.Each(t, func(t *testing.T, b storetest.Backend) {
		w := newFollowupWorld(t, b)
		w.report(ana, "Riverside", "3")
		if got, want := w.followups(ana), "thanks:pending next_step:pending"; got != want {
			t.Fatalf("after the report: %s, want %s", got, want)
		}
		vol, err := w.st.Volunteer(context.Background(), ana)
		if err != nil || vol.TimeZone != "America/New_York" {
			t.Fatalf("volunteer's zone from FromState: %+v %v", vol, err)
		}

		// Two hours later the thank-you reminder goes out; DONE closes it.
		w.clock.Advance(2 * time.Hour)
		sent := w.send()
		if len(sent) != 1 || sent[0].To != ana || !strings.Contains(sent[0].Body, "Maria") {
			t.Fatalf("thank-you reminder: %+v", sent)
		}
		if reply := w.text(ana, "Done"); !strings.Contains(reply, "Maria") {
			t.Fatalf("DONE reply %q does not name Maria", reply)
		}
		if got, want := w.followups(ana), "thanks:done next_step:pending"; got != want {
			t.Fatalf("after DONE: %s, want %s", got, want)
		}
		if r := w.report1(ana); r.Thanked == nil || !*r.Thanked {
			t.Fatalf("after DONE to the thank-you, report thanked = %v, want yes", r.Thanked)
		}

		// On the agreed Tuesday at 9:00 the next-step reminder goes out;
		// LATER brings it back tomorrow, and it goes out again then.
		w.clock.Advance(7 * 24 * time.Hour)
		if sent := w.send(); len(sent) != 1 || !strings.Contains(sent[0].Body, "Maria") {
			t.Fatalf("next-step reminder: %+v", sent)
		}
		if reply := w.text(ana, "later"); !strings.Contains(reply, "Maria") {
			t.Fatalf("LATER reply %q", reply)
		}
		if got, want := w.followups(ana), "thanks:done next_step:pending nudge:cancelled"; got != want {
			t.Fatalf("after LATER: %s, want %s", got, want)
		}
		if sent := w.send(); len(sent) != 0 {
			t.Fatalf("sent again before tomorrow: %+v", sent)
		}
		w.clock.Advance(24 * time.Hour)
		if sent := w.send(); len(sent) != 1 {
			t.Fatalf("next-step reminder after LATER: %+v", sent)
		}

		// STOP cancels what is pending (the new nudge) and nothing more
		// goes out, not even when it falls due.
		if reply := w.text(ana, "STOP"); reply != "" {
			t.Fatalf("STOP answered %q", reply)
		}
		if got := w.followups(ana); !strings.HasSuffix(got, "nudge:cancelled nudge:cancelled") {
			t.Fatalf("after STOP: %s", got)
		}
		w.clock.Advance(5 * 24 * time.Hour)
		if sent := w.send(); len(sent) != 0 {
			t.Fatalf("sent after STOP: %+v", sent)
		}
	})
}

// DONE to a thank-you reminder marks its report thanked, also when a
// newer report is under way.
func TestDoneToThanksMarksReportThanked(t *testing.T) {
	t.Parallel()
	const ana = "+16175550144"
	storetest.Each(t, func(t *testing.T, b storetest.Backend) {
		w := newFollowupWorld(t, b)
		w.report(ana, "Riverside", "3")
		w.clock.Advance(2 * time.Hour)
		if sent := w.send(); len(sent) != 1 {
			t.Fatalf("thank-you reminder: %+v", sent)
		}
		w.text(ana, "NEW")
		w.text(ana, "Jen Park")
		if reply := w.text(ana, "done"); !strings.Contains(reply, "Maria") {
			t.Fatalf("DONE reply %q", reply)
		}
		if r := w.report1(ana); r.Thanked == nil || !*r.Thanked {
			t.Fatalf("report 1 thanked = %v, want yes", r.Thanked)
		}
		if got, want := w.followups(ana), "thanks:done next_step:pending"; got != want {
			t.Fatalf("after DONE: %s, want %s", got, want)
		}
	})
}

func TestHousePartyTellsTheOrganizer(t *testing.T) {
	t.Parallel()
	const ana, olga = "+16175550122", "+16175550133"
	storetest.Each(t, func(t *testing.T, b storetest.Backend) {
		w := newFollowupWorld(t, b)
		ctx := context.Background()
		team, err := w.st.CreateTeam(ctx, "Riverside")
		if err != nil {
			t.Fatal(err)
		}
		org, err := w.st.AddVolunteer(ctx, debrief.Volunteer{Phone: olga, Name: "Olga", Role: debrief.RoleOrganizer, TeamID: &team.ID, TimeZone: "America/New_York"})
		if err != nil {
			t.Fatal(err)
		}
		if err := w.st.SetTeamOrganizer(ctx, team.ID, org.ID); err != nil {
			t.Fatal(err)
		}
		w.report(ana, "riverside", "1") // host a house party
		sent := w.send()
		if len(sent) != 1 || sent[0].To != olga || !strings.Contains(sent[0].Body, "Maria") {
			t.Fatalf("organizer text: %+v", sent)
		}
	})
}

func TestEditingASavedReportMovesItsFollowups(t *testing.T) {
	t.Parallel()
	const ana = "+16175550144"
	storetest.Each(t, func(t *testing.T, b storetest.Backend) {
		w := newFollowupWorld(t, b)
		w.report(ana, "Riverside", "3") // next Tuesday, not thanked yet
		list := func() []store.FollowupListing {
			l, err := w.st.Followups(context.Background(), store.FollowupFilter{VolunteerPhone: ana})
			if err != nil {
				t.Fatal(err)
			}
			return l
		}
		ny, _ := time.LoadLocation("America/New_York")
		y, m, d := w.clock.Now().Date()
		if due := list()[1].DueAt; !due.Equal(time.Date(y, m, d+7, 9, 0, 0, 0, ny)) {
			t.Fatalf("next step due %s, want Tue Dec 1 9:00", due.In(ny))
		}
		// The volunteer fixes the date: the reminder follows.
		w.text(ana, "EDIT")
		w.text(ana, "4")
		if reply := w.text(ana, "call her Friday at 4pm"); !strings.Contains(reply, "Fri") {
			t.Fatalf("edit reply %q", reply)
		}
		if due := list()[1].DueAt; !due.Equal(time.Date(y, m, d+3, 16, 0, 0, 0, ny)) {
			t.Fatalf("after the edit, next step due %s, want Fri Nov 27 16:00", due.In(ny))
		}
		// They thanked Maria after all: the thank-you reminder goes.
		w.text(ana, "EDIT")
		w.text(ana, "7")
		w.text(ana, "yes")
		if got, want := w.followups(ana), "thanks:cancelled next_step:pending"; got != want {
			t.Fatalf("after thanking: %s, want %s", got, want)
		}
	})
}

// A next-step reminder already sent and then moved by an edit is no longer
// open: DONE right after must not claim to close it.
func TestEditMovingASentReminderReopensNothing(t *testing.T) {
	t.Parallel()
	const ana = "+16175550155"
	storetest.Each(t, func(t *testing.T, b storetest.Backend) {
		w := newFollowupWorld(t, b)
		w.report(ana, "Riverside", "3")
		w.text(ana, "EDIT")
		w.text(ana, "7")
		w.text(ana, "yes")                            // thanked: only the next step remains
		w.clock.Advance(7*24*time.Hour - 5*time.Hour) // Tuesday Dec 1, 9:00
		if sent := w.send(); len(sent) != 1 {
			t.Fatalf("next-step reminder: %+v", sent)
		}
		w.text(ana, "EDIT")
		w.text(ana, "4")
		w.text(ana, "call her in 2 weeks")
		if reply := w.text(ana, "done"); strings.Contains(reply, "Done: Maria") {
			t.Fatalf("DONE closed a reminder that was moved: %q", reply)
		}
		got := strings.Fields(w.followups(ana))
		sort.Strings(got)
		if want := "next_step:pending nudge:cancelled thanks:cancelled"; strings.Join(got, " ") != want {
			t.Fatalf("follow-ups %v, want %s", got, want)
		}
	})
}
