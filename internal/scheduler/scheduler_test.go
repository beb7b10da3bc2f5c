package scheduler_test

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/debrief-sms/debrief"
	"github.com/debrief-sms/debrief/internal/conversation"
	"github.com/debrief-sms/debrief/internal/followup"
	"github.com/debrief-sms/debrief/internal/scheduler"
	"github.com/debrief-sms/debrief/internal/store"
	"github.com/debrief-sms/debrief/internal/store/storetest"
)

// fakeSender answers like Twilio: a unique SM… SID per accepted text, and
// scripted failures per recipient. It records every request.
type fakeSender struct {
	mu       sync.Mutex
	n        atomic.Int64
	sent     map[string][]string // bodies by recipient
	failures map[string][]error  // errors to return, in order, by recipient
	before   func(to string)     // runs before answering
}

func newFakeSender() *fakeSender {
	return &fakeSender{sent: map[string][]string{}, failures: map[string][]error{}}
}

func (f *fakeSender) Send(_ context.Context, to, body string) (scheduler.Sent, error) {
	if f.before != nil {
		f.before(to)
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if errs := f.failures[to]; len(errs) > 0 {
		f.failures[to] = errs[1:]
		return scheduler.Sent{}, errs[0]
	}
	f.sent[to] = append(f.sent[to], body)
	return scheduler.Sent{SID: fmt.Sprintf("SM%032d", f.n.Add(1)), Status: "queued", Segments: 1}, nil
}

func (f *fakeSender) bodies(to string) []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]string(nil), f.sent[to]...)
}

// clock is a fake clock tests move by hand.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time          { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) Set(t time.Time)         { c.mu.Lock(); c.t = t; c.mu.Unlock() }
func (c *clock) Advance(d time.Duration) { c.mu.Lock(); c.t = c.t.Add(d); c.mu.Unlock() }

var newYork = func() *time.Location {
	loc, err := time.LoadLocation("America/New_York")
	if err != nil {
		panic(err)
	}
	return loc
}()

// noon is a Tuesday afternoon in New York, outside quiet hours.
var noon = time.Date(2026, 11, 24, 12, 0, 0, 0, newYork)

// fixture is a team with an organizer and a volunteer who filed a report.
type fixture struct {
	s           *store.Store
	volunteer   int64
	organizer   int64
	report      int64
	phone, orgs string
}

// newFixture files, through Load and Save as the webhook does, a
// completed report on Maria, house party agreed, by volunteer phone.
func newFixture(t testing.TB, s *store.Store, phone string) fixture {
	t.Helper()
	ctx := context.Background()
	orgPhone := "+1212555" + phone[len(phone)-4:]
	org, err := s.AddVolunteer(ctx, debrief.Volunteer{Phone: orgPhone, Name: "Olga", Role: debrief.RoleOrganizer, TeamName: "Eastside"})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.SetTeamOrganizer(ctx, *org.TeamID, org.ID); err != nil {
		t.Fatal(err)
	}
	vol, err := s.AddVolunteer(ctx, debrief.Volunteer{Phone: phone, Name: "Ana", TeamID: org.TeamID})
	if err != nil {
		t.Fatal(err)
	}
	st, _, _, err := s.Load(ctx, phone, "SMsetup"+phone)
	if err != nil {
		t.Fatal(err)
	}
	at := noon.UTC()
	no := false
	st.LastSeq = 1
	st.Draft = &debrief.Report{Seq: 1, PersonName: "Maria", Commitment: debrief.CommitHouseParty, Thanked: &no,
		Status: debrief.ReportComplete, StartedAt: at, UpdatedAt: at, CompletedAt: &at}
	res := conversation.Result{State: st, Effects: conversation.Effects{SaveDraft: true}}
	if err := s.Save(ctx, debrief.Inbound{SID: "SMsetup" + phone, From: phone, Body: "no", ReceivedAt: at}, res); err != nil {
		t.Fatal(err)
	}
	return fixture{s: s, volunteer: vol.ID, organizer: org.ID, phone: phone, orgs: orgPhone}
}

// add schedules n follow-ups of kind for the fixture's report.
func (f fixture) add(t testing.TB, kind followup.Kind, due time.Time, n int) {
	t.Helper()
	fs := make([]store.NewFollowup, n)
	for i := range fs {
		fs[i] = store.NewFollowup{VolunteerID: f.volunteer, ReportSeq: 1, Kind: kind, DueAt: due}
	}
	if err := f.s.AddFollowups(context.Background(), fs); err != nil {
		t.Fatal(err)
	}
}

func statuses(t testing.TB, s *store.Store, phone string) map[string]int {
	t.Helper()
	ls, err := s.Followups(context.Background(), store.FollowupFilter{VolunteerPhone: phone})
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]int{}
	for _, l := range ls {
		out[string(l.Kind)+":"+string(l.Status)]++
	}
	return out
}

func newScheduler(t testing.TB, s *store.Store, snd scheduler.Sender, now func() time.Time) *scheduler.Scheduler {
	t.Helper()
	sch, err := scheduler.New(scheduler.Config{
		Store: s, Sender: snd, Rules: followup.DefaultRules(), DefaultLocation: newYork,
		Now: now, BackoffBase: time.Minute, MaxAttempts: 3,
	})
	if err != nil {
		t.Fatal(err)
	}
	return sch
}

func runAll(t testing.TB, sch *scheduler.Scheduler) int {
	t.Helper()
	total := 0
	for {
		n, err := sch.RunOnce(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		if n == 0 {
			return total
		}
		total += n
	}
}

func TestSendChainAndOverdue(t *testing.T) {
	t.Parallel()
	for _, b := range storetest.Backends(t) {
		t.Run(b.Name, func(t *testing.T) {
			t.Parallel()
			s := b.Open(t)
			f := newFixture(t, s, "+16175550101")
			clk := &clock{t: noon}
			snd := newFakeSender()
			sch := newScheduler(t, s, snd, clk.Now)
			f.add(t, followup.NextStep, noon, 1)
			if err := s.AddFollowups(context.Background(), []store.NewFollowup{{VolunteerID: f.volunteer, ReportSeq: 1, Kind: followup.OrganizerCommitment, DueAt: noon}}); err != nil {
				t.Fatal(err)
			}
			runAll(t, sch)
			if got := snd.bodies(f.phone); len(got) != 1 || got[0] != "Today: check in with Maria about hosting a house party. Reply DONE, or LATER for tomorrow." {
				t.Fatalf("volunteer got %q", got)
			}
			if got := snd.bodies(f.orgs); len(got) != 1 || got[0] != "Ana met Maria, who agreed to host a house party. Worth a call to Ana!" {
				t.Fatalf("organizer got %q", got)
			}
			// 72 h later the nudge; 72 h after that, overdue and the organizer told.
			clk.Advance(72 * time.Hour)
			runAll(t, sch)
			if got := snd.bodies(f.phone); len(got) != 2 || got[1] != "Did you check in with Maria yet? Reply DONE once you have, or LATER for tomorrow." {
				t.Fatalf("after nudge volunteer got %q", got)
			}
			clk.Advance(72 * time.Hour)
			runAll(t, sch)
			// Monday 9:00 passed meanwhile: the weekly digest went out too.
			got := fmt.Sprint(snd.bodies(f.orgs))
			for _, want := range []string{"Ana's follow-up with Maria is overdue: no DONE after two reminders.",
				"Debrief this week: 1 1:1s reported last week, 1 commitments made,"} {
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
			s := b.Open(t)
			ctx := context.Background()
			f := newFixture(t, s, "+16175550102")
			clk := &clock{t: noon}
			snd := newFakeSender()
			sch := newScheduler(t, s, snd, clk.Now)
			f.add(t, followup.NextStep, noon, 1)
			runAll(t, sch)
			rem, err := s.OpenReminder(ctx, f.volunteer)
			if err != nil {
				t.Fatal(err)
			}
			if err := s.CloseReminder(ctx, rem.ID); err != nil {
				t.Fatal(err)
			}
			clk.Advance(300 * time.Hour)
			runAll(t, sch)
			if got := snd.bodies(f.phone); len(got) != 1 {
				t.Fatalf("sent after DONE: %q", got)
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
			s := b.Open(t)
			ctx := context.Background()
			f := newFixture(t, s, "+16175550103")
			clk := &clock{t: noon}
			snd := newFakeSender()
			sch := newScheduler(t, s, snd, clk.Now)
			f.add(t, followup.Thanks, noon, 1)
			runAll(t, sch)
			rem, err := s.OpenReminder(ctx, f.volunteer)
			if err != nil {
				t.Fatal(err)
			}
			if err := s.RescheduleReminder(ctx, rem.ID, followup.DefaultRules().Later(clk.Now(), newYork)); err != nil {
				t.Fatal(err)
			}
			clk.Advance(23 * time.Hour)
			runAll(t, sch)
			if n := len(snd.bodies(f.phone)); n != 1 {
				t.Fatalf("%d texts before tomorrow", n)
			}
			clk.Advance(time.Hour)
			runAll(t, sch)
			if got := snd.bodies(f.phone); len(got) != 2 || got[1] != "Have you thanked Maria for meeting? Reply DONE once you have." {
				t.Fatalf("got %q", got)
			}
		})
	}
}

func TestQuietHoursAtSendTime(t *testing.T) {
	t.Parallel()
	for _, b := range storetest.Backends(t) {
		t.Run(b.Name, func(t *testing.T) {
			t.Parallel()
			s := b.Open(t)
			f := newFixture(t, s, "+16175550104")
			// Due in the afternoon, but the scheduler was down until 22:30.
			late := time.Date(2026, 11, 24, 22, 30, 0, 0, newYork)
			clk := &clock{t: late}
			snd := newFakeSender()
			sch := newScheduler(t, s, snd, clk.Now)
			f.add(t, followup.Thanks, noon, 1)
			runAll(t, sch)
			if n := len(snd.bodies(f.phone)); n != 0 {
				t.Fatalf("%d texts at night", n)
			}
			clk.Set(time.Date(2026, 11, 25, 8, 59, 0, 0, newYork))
			runAll(t, sch)
			if n := len(snd.bodies(f.phone)); n != 0 {
				t.Fatalf("%d texts before 9:00", n)
			}
			clk.Set(time.Date(2026, 11, 25, 9, 0, 0, 0, newYork))
			runAll(t, sch)
			if n := len(snd.bodies(f.phone)); n != 1 {
				t.Fatalf("%d texts at 9:00, want 1", n)
			}
		})
	}
}

func TestOptOutBetweenClaimAndSend(t *testing.T) {
	t.Parallel()
	for _, b := range storetest.Backends(t) {
		t.Run(b.Name, func(t *testing.T) {
			t.Parallel()
			s := b.Open(t)
			ctx := context.Background()
			f := newFixture(t, s, "+16175550105")
			other := newFixture(t, s, "+16175550205")
			clk := &clock{t: noon}
			snd := newFakeSender()
			// The other volunteer's text goes first; while it is sent, f's
			// volunteer replies STOP (the webhook cancels their follow-ups).
			snd.before = func(to string) {
				if to == other.phone {
					if _, err := s.CancelPending(ctx, f.volunteer); err != nil {
						t.Error(err)
					}
				}
			}
			sch, err := scheduler.New(scheduler.Config{Store: s, Sender: snd, Rules: followup.DefaultRules(),
				DefaultLocation: newYork, Now: clk.Now, Workers: 1})
			if err != nil {
				t.Fatal(err)
			}
			other.add(t, followup.Thanks, noon.Add(-time.Minute), 1)
			f.add(t, followup.Thanks, noon, 2)
			if n := runAll(t, sch); n != 3 {
				t.Fatalf("claimed %d, want 3", n)
			}
			if got := snd.bodies(f.phone); len(got) != 0 {
				t.Fatalf("texted after STOP: %q", got)
			}
			if st := statuses(t, s, f.phone); st["thanks:cancelled"] != 2 {
				t.Fatalf("statuses %v", st)
			}
		})
	}
}

func TestSendErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		errs     []error
		want     map[string]int // statuses of the volunteer's follow-ups
		texts    int
		orgTexts int
	}{
		{"opted out", []error{&scheduler.SendError{Code: 21610, Class: scheduler.ErrOptedOut, Err: fmt.Errorf("stop")}},
			map[string]int{"thanks:cancelled": 2}, 0, 0},
		{"too many requests, then sent", []error{&scheduler.SendError{Code: 20429, Class: scheduler.ErrTemporary, Err: fmt.Errorf("429")}},
			map[string]int{"thanks:sent": 2}, 2, 0},
		// Five errors over two follow-ups claimed together: the first
		// claimed in the third round has had three tries and fails.
		{"server errors until the limit", repeat(&scheduler.SendError{Code: 500, Class: scheduler.ErrTemporary, Err: fmt.Errorf("500")}, 5),
			map[string]int{"thanks:failed": 1, "thanks:sent": 1}, 1, 0},
		{"bad number", []error{&scheduler.SendError{Code: 21614, Class: scheduler.ErrBadNumber, Err: fmt.Errorf("not mobile")}},
			map[string]int{"organizer_bad_number:sent": 1, "thanks:cancelled": 1, "thanks:failed": 1}, 0, 1},
	}
	for _, b := range storetest.Backends(t) {
		t.Run(b.Name, func(t *testing.T) {
			t.Parallel()
			for i, tc := range tests {
				t.Run(tc.name, func(t *testing.T) {
					t.Parallel()
					s := b.Open(t)
					f := newFixture(t, s, fmt.Sprintf("+161755503%02d", i))
					clk := &clock{t: noon}
					snd := newFakeSender()
					snd.failures[f.phone] = tc.errs
					sch, err := scheduler.New(scheduler.Config{Store: s, Sender: snd, Rules: followup.DefaultRules(),
						DefaultLocation: newYork, Now: clk.Now, Workers: 1, MaxAttempts: 3, BackoffBase: time.Minute})
					if err != nil {
						t.Fatal(err)
					}
					f.add(t, followup.Thanks, noon, 2)
					for range 6 { // retries back off at most 1+2+4 minutes (jittered)
						runAll(t, sch)
						clk.Advance(5 * time.Minute)
					}
					if got := statuses(t, s, f.phone); fmt.Sprint(got) != fmt.Sprint(tc.want) {
						t.Errorf("statuses %v, want %v", got, tc.want)
					}
					if n := len(snd.bodies(f.phone)); n != tc.texts {
						t.Errorf("%d texts, want %d", n, tc.texts)
					}
					if n := len(snd.bodies(f.orgs)); n != tc.orgTexts {
						t.Errorf("%d organizer texts, want %d", n, tc.orgTexts)
					}
				})
			}
		})
	}
}

// TestTwoSchedulersSendOnce runs two schedulers, each with its own
// connection pool, against one PostgreSQL with 1,000 due follow-ups.
func TestTwoSchedulersSendOnce(t *testing.T) {
	t.Parallel()
	url := storetest.PostgresURL(t)
	ctx := context.Background()
	open := func() *store.Store {
		s, err := store.Open(ctx, url, storetest.Options)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { s.Close() })
		if err := s.Migrate(ctx); err != nil {
			t.Fatal(err)
		}
		return s
	}
	a, b := open(), open()
	f := newFixture(t, a, "+16175550106")
	f.add(t, followup.Thanks, noon, 1000)
	clk := &clock{t: noon}
	snd := newFakeSender()
	var wg sync.WaitGroup
	for _, s := range []*store.Store{a, b} {
		sch, err := scheduler.New(scheduler.Config{Store: s, Sender: snd, Rules: followup.DefaultRules(),
			DefaultLocation: newYork, Now: clk.Now, Batch: 50})
		if err != nil {
			t.Fatal(err)
		}
		wg.Add(1)
		go func() { defer wg.Done(); runAll(t, sch) }()
	}
	wg.Wait()
	if n := len(snd.bodies(f.phone)); n != 1000 {
		t.Fatalf("%d texts sent, want 1000", n)
	}
	if st := statuses(t, a, f.phone); st["thanks:sent"] != 1000 {
		t.Fatalf("statuses %v", st)
	}
}

// TestStoppedMidRunLosesNone cancels a scheduler while it sends, then
// starts another after the lease: every follow-up is sent, none lost.
func TestStoppedMidRunLosesNone(t *testing.T) {
	t.Parallel()
	for _, b := range storetest.Backends(t) {
		t.Run(b.Name, func(t *testing.T) {
			t.Parallel()
			s := b.Open(t)
			f := newFixture(t, s, "+16175550107")
			f.add(t, followup.Thanks, noon, 40)
			clk := &clock{t: noon}
			snd := newFakeSender()
			ctx, cancel := context.WithCancel(context.Background())
			var n atomic.Int64
			snd.before = func(string) {
				if n.Add(1) == 10 {
					cancel() // the process is told to stop mid-batch
				}
			}
			sch, err := scheduler.New(scheduler.Config{Store: s, Sender: snd, Rules: followup.DefaultRules(),
				DefaultLocation: newYork, Now: clk.Now, Workers: 1, Lease: 5 * time.Minute})
			if err != nil {
				t.Fatal(err)
			}
			if err := sch.Run(ctx); err != nil {
				t.Fatal(err)
			}
			first := len(snd.bodies(f.phone))
			if first == 0 || first == 40 {
				t.Fatalf("first run sent %d", first)
			}
			snd.before = nil
			// The rest are leased to the stopped scheduler until the lease ends.
			again := newScheduler(t, s, snd, clk.Now)
			runAll(t, again)
			if got := len(snd.bodies(f.phone)); got != first {
				t.Fatalf("sent %d while leased, want %d", got, first)
			}
			clk.Advance(5 * time.Minute)
			runAll(t, again)
			if got := len(snd.bodies(f.phone)); got != 40 {
				t.Fatalf("sent %d in all, want 40", got)
			}
			if st := statuses(t, s, f.phone); st["thanks:sent"] != 40 {
				t.Fatalf("statuses %v", st)
			}
		})
	}
}

func repeat(err error, n int) []error {
	out := make([]error, n)
	for i := range out {
		out[i] = err
	}
	return out
}
