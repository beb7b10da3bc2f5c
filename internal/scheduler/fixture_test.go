package scheduler_test

import (
	"context"
	"database/sql"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	_ "github.com/glebarez/go-sqlite"  // database/sql driver "sqlite", to read what was stored
	_ "github.com/jackc/pgx/v5/stdlib" // database/sql driver "pgx"

	"github.com/debrief-sms/debrief"
	"github.com/debrief-sms/debrief/internal/clocktest"
	"github.com/debrief-sms/debrief/internal/conversation"
	"github.com/debrief-sms/debrief/internal/followup"
	"github.com/debrief-sms/debrief/internal/scheduler"
	"github.com/debrief-sms/debrief/internal/store"
	"github.com/debrief-sms/debrief/internal/store/storetest"
	"github.com/debrief-sms/debrief/internal/twilio"
	"github.com/debrief-sms/debrief/internal/twilio/twiliotest"
)

func mustLoc(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		panic(err)
	}
	return loc
}

var (
	newYork    = mustLoc("America/New_York")
	losAngeles = mustLoc("America/Los_Angeles")
	chicago    = mustLoc("America/Chicago")
)

// noon is a Tuesday afternoon in New York, outside quiet hours: the
// fixtures' start, which DEBRIEF_TEST_CLOCK moves (see clocktest).
var noon = clocktest.Start()

// onDay is hour:min in loc on the date days after noon's.
func onDay(days, hour, min int, loc *time.Location) time.Time {
	y, m, d := noon.Date()
	return time.Date(y, m, d+days, hour, min, 0, 0, loc)
}

// statusCallback is the StatusCallback every text must carry.
const statusCallback = "https://debrief.example/twilio/status"

// newTwilio starts a fake Twilio API and returns it with the scheduler's
// production sender pointed at it: twilio-go over HTTP, errors classed
// by *twilio.Sender.
func newTwilio(t testing.TB) (*twiliotest.Server, *twilio.Sender) {
	t.Helper()
	tw := twiliotest.New(t)
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.MaxIdleConnsPerHost = 64 // as many as workers: no reconnecting per text
	t.Cleanup(tr.CloseIdleConnections)
	snd, err := twilio.NewSender(twilio.SenderConfig{
		AccountSID: twiliotest.AccountSID, AuthToken: twiliotest.AuthToken,
		From: "+16175550000", APIURL: tw.URL, StatusCallback: statusCallback,
		HTTPClient: &http.Client{Transport: tr, Timeout: 10 * time.Second},
	})
	if err != nil {
		t.Fatal(err)
	}
	return tw, snd
}

// hooked runs before and after hooks around a real Sender, to make
// things happen while a text is on its way.
type hooked struct {
	scheduler.Sender
	before, after func(to string)
}

func (h hooked) Send(ctx context.Context, to, body string) (debrief.Sent, error) {
	if h.before != nil {
		h.before(to)
	}
	res, err := h.Sender.Send(ctx, to, body)
	if h.after != nil && err == nil {
		h.after(to)
	}
	return res, err
}

// bodies are the texts the fake Twilio accepted for to, oldest first.
func bodies(tw *twiliotest.Server, to string) []string {
	var out []string
	for _, m := range tw.Sent() {
		if m.To == to {
			out = append(out, m.Body)
		}
	}
	return out
}

// db is a store with a second, plain handle on its database to read what
// was stored.
type db struct {
	*store.Store
	raw *sql.DB
	pg  bool
}

// openDB opens a fresh, migrated database of backend b.
func openDB(t testing.TB, b storetest.Backend) db {
	t.Helper()
	return openURL(t, b.Name, b.NewURL(t))
}

func openURL(t testing.TB, backend, url string) db {
	t.Helper()
	ctx := context.Background()
	s, err := store.Open(ctx, url, storetest.Options)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	if err := s.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	driver, dsn := "pgx", url
	if backend == "sqlite" {
		driver, dsn = "sqlite", url+"?_pragma=busy_timeout(10000)"
	}
	raw, err := sql.Open(driver, dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { raw.Close() })
	return db{Store: s, raw: raw, pg: driver == "pgx"}
}

// query reads one row of what was stored; q has ? placeholders.
func (d db) query(t testing.TB, q string, args []any, dest ...any) {
	t.Helper()
	if d.pg {
		n := 0
		var b strings.Builder
		for _, r := range q {
			if r == '?' {
				n++
				fmt.Fprintf(&b, "$%d", n)
				continue
			}
			b.WriteRune(r)
		}
		q = b.String()
	}
	if err := d.raw.QueryRow(q, args...).Scan(dest...); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
}

// fixture is a team with an organizer and a volunteer who filed a report.
type fixture struct {
	s           db
	volunteer   int64
	organizer   int64
	phone, orgs string
}

// person is whom the fixture's report is about.
const person = "Maria"

// newFixture files, through Load and Save as the webhook does, a
// completed report on Maria, house party agreed, by volunteer phone, in
// New York as is their organizer.
func newFixture(t testing.TB, s db, phone string) fixture {
	return newFixtureIn(t, s, phone, "America/New_York", "America/New_York", person)
}

// newFixtureIn is newFixture with the volunteer's and the organizer's
// time zones and the person met.
func newFixtureIn(t testing.TB, s db, phone, zone, orgZone, met string) fixture {
	t.Helper()
	ctx := context.Background()
	orgPhone := "+1212555" + phone[len(phone)-4:]
	org, err := s.AddVolunteer(ctx, debrief.Volunteer{Phone: orgPhone, Name: "Olga", Role: debrief.RoleOrganizer,
		TeamName: "Eastside " + phone, TimeZone: orgZone})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.SetTeamOrganizer(ctx, *org.TeamID, org.ID); err != nil {
		t.Fatal(err)
	}
	vol := addReporter(t, s, debrief.Volunteer{Phone: phone, Name: "Ana", TeamID: org.TeamID, TimeZone: zone}, met)
	return fixture{s: s, volunteer: vol, organizer: org.ID, phone: phone, orgs: orgPhone}
}

// addReporter adds the volunteer v and files their completed report on
// met, house party agreed, not thanked yet.
func addReporter(t testing.TB, s db, v debrief.Volunteer, met string) int64 {
	t.Helper()
	ctx := context.Background()
	vol, err := s.AddVolunteer(ctx, v)
	if err != nil {
		t.Fatal(err)
	}
	st, _, _, err := s.Load(ctx, v.Phone, "SMsetup"+v.Phone)
	if err != nil {
		t.Fatal(err)
	}
	at := noon.UTC()
	no := false
	st.LastSeq = 1
	st.Draft = &debrief.Report{Seq: 1, PersonName: met, Commitment: debrief.CommitHouseParty, Thanked: &no,
		Status: debrief.ReportComplete, StartedAt: at, UpdatedAt: at, CompletedAt: &at}
	res := conversation.Result{State: st, Effects: conversation.Effects{SaveDraft: true}}
	if _, _, err := s.Save(ctx, debrief.Inbound{SID: "SMsetup" + v.Phone, From: v.Phone, Body: "no", ReceivedAt: at}, res); err != nil {
		t.Fatal(err)
	}
	return vol.ID
}

// stop texts STOP from phone through Load, Step and Save, as the webhook
// does.
func stop(t testing.TB, s db, phone string, now time.Time) {
	t.Helper()
	text(t, s, phone, "STOP", now)
}

// text is the volunteer texting body at now, through Load, Step and Save
// as the webhook does, with the default follow-up rules (DONE, LATER).
func text(t testing.TB, s db, phone, body string, now time.Time) {
	t.Helper()
	ctx := context.Background()
	sid := fmt.Sprintf("SMtext%d", now.UnixNano())
	st, _, _, err := s.Load(ctx, phone, sid)
	if err != nil {
		t.Error(err)
		return
	}
	rules := followup.DefaultRules()
	res := conversation.Step(st, conversation.Inbound{Body: body}, conversation.Env{Now: now, Location: newYork, FollowUps: &rules})
	if _, _, err := s.Save(ctx, debrief.Inbound{SID: sid, From: phone, Body: body, ReceivedAt: now}, res); err != nil {
		t.Error(err)
	}
}

// reporters adds n volunteers, each with a report, a thank-you reminder
// due at due, and a phone of their own, and returns the phones.
func reporters(t testing.TB, s db, n int, due time.Time) []string {
	t.Helper()
	phones := make([]string, n)
	ids := make([]int64, n)
	var wg sync.WaitGroup
	for w := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := w; i < n; i += 8 {
				phones[i] = fmt.Sprintf("+1617556%04d", i)
				ids[i] = addReporter(t, s, debrief.Volunteer{Phone: phones[i], Name: "Ana"}, person)
			}
		}()
	}
	wg.Wait()
	fs := make([]store.NewFollowup, n)
	for i := range fs {
		fs[i] = store.NewFollowup{VolunteerID: ids[i], ReportSeq: 1, Kind: followup.Thanks, DueAt: due}
	}
	if err := s.AddFollowups(context.Background(), fs); err != nil {
		t.Fatal(err)
	}
	return phones
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

// statuses counts the follow-ups to or about phone by kind:status.
func statuses(t testing.TB, s db, phone string) map[string]int {
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

func newScheduler(t testing.TB, s db, snd scheduler.Sender, now func() time.Time) *scheduler.Scheduler {
	t.Helper()
	return newSchedulerWith(t, scheduler.Config{Store: s, Sender: snd, Now: now, BackoffBase: time.Minute, MaxAttempts: 3})
}

// newSchedulerWith fills in cfg's default zone, and its rules unless set.
func newSchedulerWith(t testing.TB, cfg scheduler.Config) *scheduler.Scheduler {
	t.Helper()
	if cfg.Rules == (followup.Rules{}) {
		cfg.Rules = followup.DefaultRules()
	}
	cfg.DefaultLocation = newYork
	sch, err := scheduler.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return sch
}

// runAll runs sch until nothing is due and returns how many it claimed.
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
