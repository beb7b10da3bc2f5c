package scheduler_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/debrief-sms/debrief/internal/clocktest"
	"github.com/debrief-sms/debrief/internal/followup"
	"github.com/debrief-sms/debrief/internal/scheduler"
	"github.com/debrief-sms/debrief/internal/store"
	"github.com/debrief-sms/debrief/internal/store/storetest"
	"github.com/debrief-sms/debrief/internal/twilio/twiliotest"
)

// Every test here sends through *twilio.Sender and twilio-go, over
// HTTP, to twiliotest's fake Twilio API.

func TestSendChainAndOverdue(t *testing.T) {
	t.Parallel()
	for _, b := range storetest.Backends(t) {
		t.Run(b.Name, func(t *testing.T) {
			t.Parallel()
			s := openDB(t, b)
			f := newFixture(t, s, "+16175550101")
			clk := clocktest.New(noon)
			tw, snd := newTwilio(t)
			sch := newScheduler(t, s, snd, clk.Now)
			f.add(t, followup.NextStep, noon, 1)
			if err := s.AddFollowups(context.Background(), []store.NewFollowup{{VolunteerID: f.volunteer, ReportSeq: 1, Kind: followup.OrganizerCommitment, DueAt: noon}}); err != nil {
				t.Fatal(err)
			}
			runAll(t, sch)
			if got := bodies(tw, f.phone); len(got) != 1 || got[0] != "Today: check in with Maria about hosting a house party. Reply DONE, or LATER for tomorrow." {
				t.Fatalf("volunteer got %q", got)
			}
			if got := bodies(tw, f.orgs); len(got) != 1 || got[0] != "Ana met Maria, who agreed to host a house party. Worth a call to Ana!" {
				t.Fatalf("organizer got %q", got)
			}
			// 72 h later the nudge; 72 h after that, overdue and the organizer told.
			clk.Advance(72 * time.Hour)
			runAll(t, sch)
			if got := bodies(tw, f.phone); len(got) != 2 || got[1] != "Did you check in with Maria yet? Reply DONE once you have, or LATER for tomorrow." {
				t.Fatalf("after nudge volunteer got %q", got)
			}
			clk.Advance(72 * time.Hour)
			runAll(t, sch)
			// Monday 9:00 passed meanwhile: the weekly digest went out too.
			got := fmt.Sprint(bodies(tw, f.orgs))
			for _, want := range []string{"Ana's follow-up with Maria is overdue: no DONE after two reminders.",
				"Debrief this week: 1 1:1 reported last week, 1 commitment made,"} {
				if !strings.Contains(got, want) {
					t.Errorf("organizer got %s, want %q", got, want)
				}
			}
			st := statuses(t, s, f.phone)
			if st["next_step:overdue"] != 1 || st["nudge:sent"] != 1 || st["organizer_overdue:sent"] != 1 {
				t.Fatalf("statuses %v", st)
			}
			rem, err := s.OpenReminder(context.Background(), f.volunteer)
			if err != nil || rem.PersonName != "Maria" || rem.Kind != followup.NextStep {
				t.Fatalf("open reminder %+v, %v", rem, err)
			}
		})
	}
}

func TestDoneCancelsNudge(t *testing.T) {
	t.Parallel()
	for _, b := range storetest.Backends(t) {
		t.Run(b.Name, func(t *testing.T) {
			t.Parallel()
			s := openDB(t, b)
			ctx := context.Background()
			f := newFixture(t, s, "+16175550102")
			clk := clocktest.New(noon)
			tw, snd := newTwilio(t)
			sch := newScheduler(t, s, snd, clk.Now)
			f.add(t, followup.NextStep, noon, 1)
			runAll(t, sch)
			if _, err := s.OpenReminder(ctx, f.volunteer); err != nil {
				t.Fatal(err)
			}
			text(t, s, f.phone, "DONE", clk.Now())
			clk.Advance(300 * time.Hour)
			runAll(t, sch)
			if n := tw.Attempts(f.phone); n != 1 {
				t.Fatalf("%d requests to the volunteer after DONE, want the 1 before", n)
			}
			if st := statuses(t, s, f.phone); st["next_step:done"] != 1 || st["nudge:cancelled"] != 1 {
				t.Fatalf("statuses %v", st)
			}
			if _, err := s.OpenReminder(ctx, f.volunteer); err != store.ErrNoReminder {
				t.Fatalf("open reminder after DONE: %v", err)
			}
		})
	}
}

func TestLaterReschedules(t *testing.T) {
	t.Parallel()
	for _, b := range storetest.Backends(t) {
		t.Run(b.Name, func(t *testing.T) {
			t.Parallel()
			s := openDB(t, b)
			ctx := context.Background()
			f := newFixture(t, s, "+16175550103")
			clk := clocktest.New(noon)
			tw, snd := newTwilio(t)
			sch := newScheduler(t, s, snd, clk.Now)
			f.add(t, followup.Thanks, noon, 1)
			runAll(t, sch)
			if _, err := s.OpenReminder(ctx, f.volunteer); err != nil {
				t.Fatal(err)
			}
			text(t, s, f.phone, "LATER", clk.Now())
			clk.Advance(23 * time.Hour)
			runAll(t, sch)
			if n := tw.Attempts(f.phone); n != 1 {
				t.Fatalf("%d requests before tomorrow, want 1", n)
			}
			clk.Advance(time.Hour)
			runAll(t, sch)
			if got := bodies(tw, f.phone); len(got) != 2 || got[1] != "Have you thanked Maria for meeting? Reply DONE once you have." {
				t.Fatalf("got %q", got)
			}
		})
	}
}

// TestQuietHours runs schedulers at given moments and checks who was
// texted: each recipient's quiet hours are in their own time zone.
func TestQuietHours(t *testing.T) {
	t.Parallel()
	type step struct {
		at       time.Time
		vol, org int       // texts accepted so far for the volunteer and the organizer
		volDueAt time.Time // if set: the volunteer's follow-up is now due then
	}
	tests := []struct {
		name          string
		zone, orgZone string
		due           time.Time
		kinds         []followup.Kind
		steps         []step
	}{
		{
			name: "due in the afternoon, scheduler down until 22:30: waits for 9:00",
			zone: "America/New_York", orgZone: "America/New_York",
			due: noon, kinds: []followup.Kind{followup.Thanks},
			steps: []step{
				{at: onDay(0, 22, 30, newYork), volDueAt: onDay(1, 9, 0, newYork)},
				{at: onDay(1, 8, 59, newYork)},
				{at: onDay(1, 9, 0, newYork), vol: 1},
			},
		},
		{
			name: "11:30 in New York is 8:30 in Los Angeles",
			zone: "America/Los_Angeles", orgZone: "America/New_York",
			due: noon.Add(-time.Hour), kinds: []followup.Kind{followup.Thanks},
			steps: []step{
				{at: onDay(0, 11, 30, newYork), volDueAt: onDay(0, 9, 0, losAngeles)},
				{at: onDay(0, 11, 59, newYork)},
				{at: onDay(0, 12, 0, newYork), vol: 1},
			},
		},
		{
			name: "New York's night is Los Angeles' evening",
			zone: "America/Los_Angeles", orgZone: "America/New_York",
			due: noon, kinds: []followup.Kind{followup.Thanks},
			steps: []step{{at: onDay(0, 21, 30, newYork), vol: 1}},
		},
		{
			name: "volunteer's morning, organizer's night: each in their zone",
			zone: "America/New_York", orgZone: "America/Chicago",
			due: onDay(0, 9, 0, newYork), kinds: []followup.Kind{followup.NextStep, followup.OrganizerCommitment},
			steps: []step{
				{at: onDay(0, 9, 30, newYork), vol: 1},
				{at: onDay(0, 9, 59, newYork), vol: 1},
				{at: onDay(0, 9, 0, chicago), vol: 1, org: 1},
			},
		},
		{
			name: "night before spring forward waits for 9:00 EDT",
			zone: "America/New_York", orgZone: "America/New_York",
			due: time.Date(2027, 3, 13, 21, 0, 0, 0, newYork), kinds: []followup.Kind{followup.Thanks},
			steps: []step{
				{at: time.Date(2027, 3, 13, 22, 0, 0, 0, newYork), volDueAt: time.Date(2027, 3, 14, 13, 0, 0, 0, time.UTC)},
				{at: time.Date(2027, 3, 14, 12, 59, 0, 0, time.UTC)}, // 8:59 EDT, 7:59 EST
				{at: time.Date(2027, 3, 14, 9, 0, 0, 0, newYork), vol: 1},
			},
		},
		{
			name: "night of fall back waits for 9:00 EST",
			zone: "America/New_York", orgZone: "America/New_York",
			due: time.Date(2026, 10, 31, 21, 0, 0, 0, newYork), kinds: []followup.Kind{followup.Thanks},
			steps: []step{
				{at: time.Date(2026, 11, 1, 5, 30, 0, 0, time.UTC), volDueAt: time.Date(2026, 11, 1, 14, 0, 0, 0, time.UTC)}, // the first 1:30
				{at: time.Date(2026, 11, 1, 13, 30, 0, 0, time.UTC)},                                                         // 8:30 EST, 9:30 EDT
				{at: time.Date(2026, 11, 1, 9, 0, 0, 0, newYork), vol: 1},
			},
		},
	}
	for _, b := range storetest.Backends(t) {
		t.Run(b.Name, func(t *testing.T) {
			t.Parallel()
			for i, tc := range tests {
				t.Run(tc.name, func(t *testing.T) {
					t.Parallel()
					s := openDB(t, b)
					f := newFixtureIn(t, s, fmt.Sprintf("+161755504%02d", i), tc.zone, tc.orgZone, person)
					for _, k := range tc.kinds {
						if err := s.AddFollowups(context.Background(), []store.NewFollowup{{VolunteerID: f.volunteer, ReportSeq: 1, Kind: k, DueAt: tc.due}}); err != nil {
							t.Fatal(err)
						}
					}
					clk := clocktest.New(time.Time{})
					tw, snd := newTwilio(t)
					sch := newScheduler(t, s, snd, clk.Now)
					for _, st := range tc.steps {
						clk.Set(st.at)
						runAll(t, sch)
						if vol, org := tw.Attempts(f.phone), tw.Attempts(f.orgs); vol != st.vol || org != st.org {
							t.Fatalf("at %s: %d texts to the volunteer, %d to the organizer; want %d, %d", st.at, vol, org, st.vol, st.org)
						}
						if !st.volDueAt.IsZero() {
							ls, err := s.Followups(context.Background(), store.FollowupFilter{VolunteerPhone: f.phone, Status: store.StatusPending})
							if err != nil {
								t.Fatal(err)
							}
							if len(ls) != 1 || !ls[0].DueAt.Equal(st.volDueAt) {
								t.Fatalf("at %s: pending %+v, want one due %s", st.at, ls, st.volDueAt)
							}
						}
					}
				})
			}
		})
	}
}

// stopWays are the ways a claimed follow-up's text stops being wanted
// before it is sent: its volunteer opts out, or its follow-ups are
// cancelled.
var stopWays = []struct {
	name string
	stop func(t *testing.T, s db, f fixture)
}{
	{"webhook saved the opt-out", func(t *testing.T, s db, f fixture) { stop(t, s, f.phone, noon) }},
	{"their follow-ups were cancelled", func(t *testing.T, s db, f fixture) {
		if _, err := s.raw.Exec(`UPDATE followups SET status = 'cancelled' WHERE volunteer_id = ` + fmt.Sprint(f.volunteer) + ` AND status IN ('pending', 'sending')`); err != nil {
			t.Error(err)
		}
	}},
}

// TestStopBetweenClaimAndSend: while the scheduler sends another
// volunteer's text, this one replies STOP; their claimed follow-ups must
// not go out, and Twilio is not even asked.
func TestStopBetweenClaimAndSend(t *testing.T) {
	t.Parallel()
	tests := stopWays
	for _, b := range storetest.Backends(t) {
		t.Run(b.Name, func(t *testing.T) {
			t.Parallel()
			for i, tc := range tests {
				t.Run(tc.name, func(t *testing.T) {
					t.Parallel()
					s := openDB(t, b)
					f := newFixture(t, s, fmt.Sprintf("+161755505%02d", i))
					other := newFixture(t, s, fmt.Sprintf("+161755506%02d", i))
					clk := clocktest.New(noon)
					tw, tws := newTwilio(t)
					// The other volunteer's text goes first (Workers: 1);
					// while it is sent, which takes longer than the
					// batch's check holds (RecheckAfter), f's volunteer
					// replies STOP.
					snd := hooked{Sender: tws, before: func(to string) {
						if to == other.phone {
							clk.Advance(2 * time.Second)
							tc.stop(t, s, f)
						}
					}}
					sch := newSchedulerWith(t, scheduler.Config{Store: s, Sender: snd, Now: clk.Now, Workers: 1})
					other.add(t, followup.Thanks, noon.Add(-time.Minute), 1)
					f.add(t, followup.Thanks, noon, 2)
					if n := runAll(t, sch); n != 3 {
						t.Fatalf("claimed %d, want 3", n)
					}
					if n := tw.Attempts(f.phone); n != 0 {
						t.Fatalf("%d requests to Twilio for a volunteer who replied STOP", n)
					}
					if n := len(bodies(tw, other.phone)); n != 1 {
						t.Fatalf("other volunteer got %d texts, want 1", n)
					}
					if st := statuses(t, s, f.phone); st["thanks:cancelled"] != 2 {
						t.Fatalf("statuses %v", st)
					}
				})
			}
		})
	}
}

// TestSendOutcomes scripts the fake Twilio's answers to a volunteer's
// number and checks what the scheduler made of them.
func TestSendOutcomes(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		script   func(tw *twiliotest.Server, to string)
		n        int            // thank-you follow-ups due at noon
		want     map[string]int // statuses of the volunteer's follow-ups and those about them
		attempts int            // requests Twilio got for the volunteer
		first    int            // of them, accepted at noon: retries wait for their backoff
		texts    int            // accepted for the volunteer in all
		orgTexts int
		optedOut bool
		phoneBad bool
	}{
		{name: "accepted", script: func(*twiliotest.Server, string) {},
			n: 1, want: map[string]int{"thanks:sent": 1}, attempts: 1, first: 1, texts: 1},
		{name: "21610 opted out: cancelled, never retried",
			script: func(tw *twiliotest.Server, to string) { tw.OptOut(to) },
			n:      2, want: map[string]int{"thanks:cancelled": 2}, attempts: 1, optedOut: true},
		{name: "20429 too many requests: retried after backoff, sent",
			script: func(tw *twiliotest.Server, to string) {
				tw.FailNext(to, twiliotest.CodeTooManyRequests, http.StatusTooManyRequests, 1)
			},
			n: 1, want: map[string]int{"thanks:sent": 1}, attempts: 2, texts: 1},
		{name: "500 twice: retried with backoff, sent on the third try",
			script: func(tw *twiliotest.Server, to string) { tw.FailNext(to, 20500, http.StatusInternalServerError, 2) },
			n:      1, want: map[string]int{"thanks:sent": 1}, attempts: 3, texts: 1},
		{name: "500 until the attempt limit: failed",
			script: func(tw *twiliotest.Server, to string) { tw.FailNext(to, 20500, http.StatusInternalServerError, -1) },
			n:      1, want: map[string]int{"thanks:failed": 1}, attempts: 3},
		{name: "20429 until the attempt limit: failed",
			script: func(tw *twiliotest.Server, to string) {
				tw.FailNext(to, twiliotest.CodeTooManyRequests, http.StatusTooManyRequests, -1)
			},
			n: 1, want: map[string]int{"thanks:failed": 1}, attempts: 3},
		{name: "21211 invalid number: marked bad, organizer told",
			script: func(tw *twiliotest.Server, to string) { tw.BadNumber(to) },
			n:      2, want: map[string]int{"organizer_bad_number:sent": 1, "thanks:cancelled": 1, "thanks:failed": 1},
			attempts: 1, orgTexts: 1, phoneBad: true},
		{name: "21614 not a mobile: marked bad, organizer told",
			script: func(tw *twiliotest.Server, to string) {
				tw.FailNext(to, twiliotest.CodeNotMobile, http.StatusBadRequest, -1)
			},
			n: 2, want: map[string]int{"organizer_bad_number:sent": 1, "thanks:cancelled": 1, "thanks:failed": 1},
			attempts: 1, orgTexts: 1, phoneBad: true},
		{name: "other refusal fails for good, not retried",
			script: func(tw *twiliotest.Server, to string) { tw.FailNext(to, 21408, http.StatusBadRequest, -1) },
			n:      1, want: map[string]int{"thanks:failed": 1}, attempts: 1},
	}
	for _, b := range storetest.Backends(t) {
		t.Run(b.Name, func(t *testing.T) {
			t.Parallel()
			for i, tc := range tests {
				t.Run(tc.name, func(t *testing.T) {
					t.Parallel()
					s := openDB(t, b)
					f := newFixture(t, s, fmt.Sprintf("+161755503%02d", i))
					clk := clocktest.New(noon)
					tw, snd := newTwilio(t)
					tw.SetClock(clk.Now)
					tc.script(tw, f.phone)
					sch := newSchedulerWith(t, scheduler.Config{Store: s, Sender: snd, Now: clk.Now,
						Workers: 1, MaxAttempts: 3, BackoffBase: time.Minute})
					f.add(t, followup.Thanks, noon, tc.n)
					runAll(t, sch)
					if n := len(bodies(tw, f.phone)); n != tc.first {
						t.Fatalf("%d texts accepted at noon, want %d", n, tc.first)
					}
					// The first retry waits at least half of BackoffBase.
					clk.Advance(29 * time.Second)
					runAll(t, sch)
					if n := len(bodies(tw, f.phone)); n != tc.first {
						t.Fatalf("%d texts accepted 29 s later, want %d: retried before the backoff", n, tc.first)
					}
					for range 5 { // backoffs are at most 1+2+4 minutes
						clk.Advance(5 * time.Minute)
						runAll(t, sch)
					}
					if got := statuses(t, s, f.phone); fmt.Sprint(got) != fmt.Sprint(tc.want) {
						t.Errorf("statuses %v, want %v", got, tc.want)
					}
					if n := tw.Attempts(f.phone); n != tc.attempts {
						t.Errorf("Twilio got %d requests for the volunteer, want %d", n, tc.attempts)
					}
					if n := len(bodies(tw, f.phone)); n != tc.texts {
						t.Errorf("%d texts, want %d", n, tc.texts)
					}
					if n := len(bodies(tw, f.orgs)); n != tc.orgTexts {
						t.Errorf("%d organizer texts, want %d", n, tc.orgTexts)
					}
					var optedOut, phoneBad bool
					s.query(t, `SELECT opted_out, phone_bad FROM volunteers WHERE id = ?`, []any{f.volunteer}, &optedOut, &phoneBad)
					if optedOut != tc.optedOut || phoneBad != tc.phoneBad {
						t.Errorf("volunteer opted out %v, number bad %v; want %v, %v", optedOut, phoneBad, tc.optedOut, tc.phoneBad)
					}
					for _, m := range tw.Sent() {
						checkStored(t, s, m)
					}
					// Whatever happened, nothing more goes to an opted-out
					// or bad number: a new reminder is cancelled unasked.
					if tc.optedOut || tc.phoneBad {
						before := tw.Attempts(f.phone)
						f.add(t, followup.Thanks, clk.Now(), 1)
						runAll(t, sch)
						if n := tw.Attempts(f.phone); n != before {
							t.Errorf("Twilio asked again after the volunteer was %s", map[bool]string{true: "opted out", false: "marked bad"}[tc.optedOut])
						}
					}
				})
			}
		})
	}
}

// checkStored checks that a text Twilio accepted is recorded with its SID,
// segments and status, on its follow-up and in the messages log.
func checkStored(t *testing.T, s db, m twiliotest.Message) {
	t.Helper()
	if m.From != "+16175550000" || m.StatusCallback != statusCallback {
		t.Errorf("sent from %q with callback %q", m.From, m.StatusCallback)
	}
	var fstatus string
	var segments int
	s.query(t, `SELECT status, segments FROM followups WHERE message_sid = ?`, []any{m.SID}, &fstatus, &segments)
	if fstatus != "sent" || segments != m.Segments {
		t.Errorf("follow-up of %s: %s, %d segments; want sent, %d", m.SID, fstatus, segments, m.Segments)
	}
	var to, body, mstatus string
	s.query(t, `SELECT phone, body, status, segments FROM messages WHERE message_sid = ? AND direction = 'out'`, []any{m.SID}, &to, &body, &mstatus, &segments)
	if to != m.To || body != m.Body || mstatus != m.Status || segments != m.Segments {
		t.Errorf("message %s stored as %s %q %s %d, Twilio has %s %q %s %d", m.SID, to, body, mstatus, segments, m.To, m.Body, m.Status, m.Segments)
	}
}

// TestTwoSchedulersSendOnce runs two schedulers, each with its own
// connection pool, against one PostgreSQL with 1,000 due follow-ups to
// 1,000 volunteers: Twilio is asked exactly once for each.
func TestTwoSchedulersSendOnce(t *testing.T) {
	t.Parallel()
	url := storetest.PostgresURL(t)
	a, b := openURL(t, "postgres", url), openURL(t, "postgres", url)
	const n = 1000
	phones := reporters(t, a, n, noon)
	clk := clocktest.New(noon)
	tw, snd := newTwilio(t)
	var wg sync.WaitGroup
	claimed := make([]int, 2)
	for i, s := range []db{a, b} {
		sch := newSchedulerWith(t, scheduler.Config{Store: s, Sender: snd, Now: clk.Now, Batch: 50})
		wg.Add(1)
		go func() { defer wg.Done(); claimed[i] = runAll(t, sch) }()
	}
	wg.Wait()
	if claimed[0]+claimed[1] != n || claimed[0] == 0 || claimed[1] == 0 {
		t.Errorf("schedulers claimed %v, want %d between them, some each", claimed, n)
	}
	if got := tw.Requests(); got != n {
		t.Errorf("Twilio got %d requests, want %d", got, n)
	}
	for _, p := range phones {
		if got := tw.Attempts(p); got != 1 {
			t.Fatalf("Twilio got %d requests for %s, want 1", got, p)
		}
	}
	var sent int
	a.query(t, `SELECT count(DISTINCT message_sid) FROM followups WHERE status = 'sent'`, nil, &sent)
	if sent != n {
		t.Fatalf("%d follow-ups recorded sent with distinct SIDs, want %d", sent, n)
	}
}

// A text that fails for good reaches the organizer in the weekly digest.
func TestDigestCountsFailedTexts(t *testing.T) {
	t.Parallel()
	for _, b := range storetest.Backends(t) {
		t.Run(b.Name, func(t *testing.T) {
			t.Parallel()
			s := openDB(t, b)
			f := newFixture(t, s, "+16175550109")
			clk := clocktest.New(noon) // a Tuesday
			tw, snd := newTwilio(t)
			sch := newScheduler(t, s, snd, clk.Now)
			tw.FailNext(f.phone, 21408, 400, 1) // permission to send to the region not enabled: permanent
			f.add(t, followup.Thanks, noon, 1)
			runAll(t, sch)
			if st := statuses(t, s, f.phone); st["thanks:failed"] != 1 {
				t.Fatalf("statuses %v", st)
			}
			clk.Advance(6 * 24 * time.Hour) // next Monday, past 9:00
			runAll(t, sch)
			got := fmt.Sprint(bodies(tw, f.orgs))
			if !strings.Contains(got, "1 text failed.") {
				t.Fatalf("organizer got %s, want the failed text counted", got)
			}
		})
	}
}
