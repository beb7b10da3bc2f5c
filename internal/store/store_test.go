package store_test

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"sync"
	"testing"
	"time"

	"github.com/debrief-sms/debrief"
	"github.com/debrief-sms/debrief/internal/conversation"
	"github.com/debrief-sms/debrief/internal/store"
	"github.com/debrief-sms/debrief/internal/store/storetest"
)

// received is when the test texts arrive; PostgreSQL keeps microseconds.
var received = time.Date(2025, 3, 14, 15, 9, 26, 535897000, time.UTC)

func TestMigrateTwice(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, b storetest.Backend) {
		s := b.Open(t) // migrated once
		if err := s.Migrate(context.Background()); err != nil {
			t.Fatalf("second Migrate: %v", err)
		}
		if _, err := s.Teams(context.Background()); err != nil {
			t.Fatalf("Teams after migrating twice: %v", err)
		}
	})
}

func TestMigrateConcurrentPostgres(t *testing.T) {
	t.Parallel()
	url := storetest.PostgresURL(t)
	ctx := context.Background()
	const instances = 3
	errs := make(chan error, instances)
	for range instances {
		s, err := store.Open(ctx, url, storetest.Options)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { s.Close() })
		go func() { errs <- s.Migrate(ctx) }()
	}
	for range instances {
		if err := <-errs; err != nil {
			t.Errorf("concurrent Migrate: %v", err)
		}
	}
}

func TestLoadNewVolunteer(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, b storetest.Backend) {
		s := b.Open(t)
		ctx := context.Background()
		st, replies, dup, err := s.Load(ctx, "+16175550100", "SM-new-1")
		if err != nil {
			t.Fatal(err)
		}
		v := st.Volunteer
		if v.ID != 0 || v.Phone != "+16175550100" || v.Language != debrief.English ||
			v.TimeZone != "America/New_York" || v.Role != debrief.RoleVolunteer || v.OptedOut || v.CreatedAt.IsZero() {
			t.Errorf("newcomer = %+v", v)
		}
		if st.Version != 0 || st.Step != "" || st.LastSeq != 0 || st.Draft != nil || !st.LastActivity.IsZero() {
			t.Errorf("newcomer's conversation = %+v", st)
		}
		if dup || replies != nil {
			t.Errorf("Load of a new text: duplicate %v, replies %q", dup, replies)
		}
		if n := count(t, s, `SELECT count(*) FROM volunteers`); n != 0 {
			t.Errorf("Load stored %d volunteers; the first Save creates it", n)
		}

		// The first text's Save creates the volunteer and the
		// conversation, with the step's changes, in one statement on
		// PostgreSQL; the state it returns is what Load then reads.
		in := debrief.Inbound{SID: "SM-new-1", From: v.Phone, Body: "Hi", FromState: "CA", ReceivedAt: received}
		next := st
		next.Volunteer.TimeZone = "America/Los_Angeles"
		next.Step = "name"
		res := conversation.Result{State: next, Replies: []string{"Welcome! Your name?"}, Effects: conversation.Effects{SaveVolunteer: true}}
		saved, known, err := s.Save(ctx, in, res)
		if err != nil || !known {
			t.Fatalf("first Save: known %v, %v", known, err)
		}
		if saved.Volunteer.ID == 0 {
			t.Errorf("first Save gave no volunteer ID")
		}
		loaded, _, _, err := s.Load(ctx, v.Phone, "SM-new-2")
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(loaded, saved) {
			t.Errorf("Load after the first Save differs from the state Save gave:\nsaved  %+v\nloaded %+v", saved, loaded)
		}
		if n := count(t, s, `SELECT count(*) FROM conversations`); n != 1 {
			t.Errorf("%d conversations, want 1", n)
		}
	})
}

// TestFirstTextOfStoredVolunteer: a volunteer stored without a
// conversation (Debrief makes both; an import might not) texts. The text
// is saved, the stored volunteer kept, and the state is read again.
func TestFirstTextOfStoredVolunteer(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, b storetest.Backend) {
		s := b.Open(t)
		ctx := context.Background()
		const phone = "+16175550107"
		if _, err := s.SQL().ExecContext(ctx, `
				INSERT INTO volunteers (phone, name, language, time_zone, created_at, updated_at)
				VALUES ($1, 'Imported', 'es', 'America/Chicago', $2, $2)`, phone, received); err != nil {
			t.Fatal(err)
		}
		st, _, _, err := s.Load(ctx, phone, "SM-imp-1")
		if err != nil {
			t.Fatal(err)
		}
		in, res := simpleStep(st, "SM-imp-1")
		if _, known, err := s.Save(ctx, in, res); err != nil || known {
			t.Fatalf("Save: known %v, %v; want saved, not known", known, err)
		}
		got, _, _, err := s.Load(ctx, phone, "SM-imp-2")
		if err != nil {
			t.Fatal(err)
		}
		if v := got.Volunteer; v.ID == 0 || v.Name != "Imported" || v.Language != debrief.Spanish || v.TimeZone != "America/Chicago" {
			t.Errorf("stored volunteer became %+v", v)
		}
		if got.Version != 1 || got.Draft == nil || got.Draft.Notes != "SM-imp-1;" {
			t.Errorf("state after the first text = %s", dump(got))
		}
	})
}

// fullStep is a step that touches everything: a new team, the volunteer,
// a draft with every answer and an abandoned older report.
func fullStep(st conversation.State) (debrief.Inbound, conversation.Result) {
	in := debrief.Inbound{
		SID: "SM-full", From: st.Volunteer.Phone, To: "+16175550000", Body: "Yes, she'll host!",
		NumMedia: 2, MediaURLs: []string{"https://api.twilio.com/m/1", "https://api.twilio.com/m/2"},
		ReceivedAt: received,
	}
	contact := time.Date(2025, 3, 21, 18, 30, 0, 0, time.UTC)
	completed := received.Add(-time.Minute)
	optedOutAt := received.Add(-time.Hour)
	thanked := false
	next := st
	next.Volunteer.Name = "Ana Reyes"
	next.Volunteer.TeamName = "Eastside Climate"
	next.Volunteer.Language = debrief.Spanish
	next.Volunteer.OptedOut = true
	next.Volunteer.OptedOutAt = &optedOutAt
	next.Step = "enjoy"
	next.Pending = "date_retry"
	next.Editing = true
	next.LastSeq = 2
	next.Draft = &debrief.Report{
		Seq:                2,
		PersonName:         "María López",
		PersonPhone:        "+16175550199",
		PersonEmail:        "maria@example.org",
		Issue:              "heat pumps, \"clean air\"",
		Commitment:         debrief.CommitHouseParty,
		CommitmentText:     "host a house party in April",
		NextSteps:          "send her the host guide",
		NextContactAt:      &contact,
		NextContactHasTime: true,
		Enjoy:              "canvassing; cooking",
		Notes:              "nurse, knows the tenants' union",
		Thanked:            &thanked,
		Extra:              map[string]string{"ward": "7", "union": "SEIU"},
		Status:             debrief.ReportComplete,
		StartedAt:          received.Add(-10 * time.Minute),
		UpdatedAt:          received,
		CompletedAt:        &completed,
	}
	res := conversation.Result{
		State:   next,
		Replies: []string{"Thanks, Ana!", "Anything else?"},
		Effects: conversation.Effects{
			SaveVolunteer: true,
			CreateTeam:    "Eastside Climate",
			SaveDraft:     true,
			Abandoned: &debrief.Report{
				Seq: 1, PersonName: "Old draft", Status: debrief.ReportDraft,
				StartedAt: received.Add(-48 * time.Hour), UpdatedAt: received.Add(-47 * time.Hour),
			},
		},
	}
	return in, res
}

// TestSaveRoundTrip saves a step that touches everything, as a newcomer's
// first text (the volunteer is created with it) and as a known volunteer's,
// and reads it back.
func TestSaveRoundTrip(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, b storetest.Backend) {
		for _, known := range []bool{false, true} {
			name := "newcomer"
			if known {
				name = "known"
			}
			t.Run(name, func(t *testing.T) {
				t.Parallel()
				testSaveRoundTrip(t, b.Open(t), known)
			})
		}
	})
}

func testSaveRoundTrip(t *testing.T, s *store.Store, known bool) {
	ctx := context.Background()
	const phone = "+16175550102"
	if known {
		if _, err := s.AddVolunteer(ctx, debrief.Volunteer{Phone: phone}); err != nil {
			t.Fatal(err)
		}
	}
	st, _, _, err := s.Load(ctx, phone, "SM-full")
	if err != nil {
		t.Fatal(err)
	}
	if known == (st.Volunteer.ID == 0) {
		t.Fatalf("loaded volunteer ID %d", st.Volunteer.ID)
	}
	in, res := fullStep(st)
	if _, _, err := s.Save(ctx, in, res); err != nil {
		t.Fatalf("Save: %v", err)
	}
	got, replies, dup, err := s.Load(ctx, in.From, "SM-next")
	if err != nil {
		t.Fatal(err)
	}
	if dup || replies != nil {
		t.Errorf("Load of a new text after Save: duplicate %v, replies %q", dup, replies)
	}
	if got.Volunteer.ID == 0 || known && got.Volunteer.ID != st.Volunteer.ID {
		t.Errorf("volunteer ID %d after Save, loaded %d", got.Volunteer.ID, st.Volunteer.ID)
	}
	teams, err := s.Teams(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(teams) != 1 || teams[0].Name != "Eastside Climate" {
		t.Fatalf("teams = %+v, want the one created", teams)
	}
	want := res.State
	want.Version = 1
	want.LastActivity = received
	want.Volunteer.ID = got.Volunteer.ID
	want.Volunteer.TeamID = &teams[0].ID
	draft := *res.State.Draft
	want.Draft = &draft
	if got.Draft != nil {
		want.Draft.ID = got.Draft.ID
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("reloaded state\n got %s\nwant %s", dump(got), dump(want))
	}

	var abandoned, status string
	err = s.SQL().QueryRowContext(ctx,
		`SELECT person_name, status FROM reports WHERE volunteer_id = $1 AND seq = 1`, got.Volunteer.ID).
		Scan(&abandoned, &status)
	if err != nil || abandoned != "Old draft" || status != "abandoned" {
		t.Errorf("abandoned report = %q %q (%v), want Old draft, abandoned", abandoned, status, err)
	}
	var numMedia int
	var media string
	err = s.SQL().QueryRowContext(ctx,
		`SELECT num_media, media_urls FROM messages WHERE message_sid = 'SM-full' AND direction = 'in'`).
		Scan(&numMedia, &media)
	if err != nil || numMedia != 2 || media != `["https://api.twilio.com/m/1", "https://api.twilio.com/m/2"]` &&
		media != `["https://api.twilio.com/m/1","https://api.twilio.com/m/2"]` {
		t.Errorf("inbound media = %d %s (%v)", numMedia, media, err)
	}
}

func dump(st conversation.State) string {
	s := fmt.Sprintf("%+v", st)
	if st.Draft != nil {
		s += fmt.Sprintf(" Draft=%+v", *st.Draft)
	}
	return s
}

// simpleStep moves the conversation one step on: one text in, one reply
// out, the draft's notes appended with the text.
func simpleStep(st conversation.State, sid string) (debrief.Inbound, conversation.Result) {
	in := debrief.Inbound{SID: sid, From: st.Volunteer.Phone, Body: "text " + sid, ReceivedAt: received}
	next := st
	draft := debrief.Report{Seq: 1, Status: debrief.ReportDraft, StartedAt: received, UpdatedAt: received}
	if st.Draft != nil {
		draft = *st.Draft
	}
	draft.Notes += sid + ";"
	next.Draft = &draft
	next.LastSeq = 1
	next.Step = fmt.Sprintf("after-%d", st.Version)
	return in, conversation.Result{
		State:   next,
		Replies: []string{"reply to " + sid},
		Effects: conversation.Effects{SaveDraft: true},
	}
}

// count runs a COUNT query.
func count(t *testing.T, s *store.Store, query string, args ...any) int {
	t.Helper()
	var n int
	if err := s.SQL().QueryRowContext(context.Background(), query, args...).Scan(&n); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	return n
}

func TestSaveConflict(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, b storetest.Backend) {
		s := b.Open(t)
		ctx := context.Background()
		st, _, _, err := s.Load(ctx, "+16175550103", "SM-a")
		if err != nil {
			t.Fatal(err)
		}
		in, res := simpleStep(st, "SM-a")
		if _, _, err := s.Save(ctx, in, res); err != nil {
			t.Fatalf("first Save: %v", err)
		}
		// A second text processed from the same, now stale, state.
		in, res = fullStep(st)
		in.SID = "SM-b"
		if _, _, err := s.Save(ctx, in, res); !errors.Is(err, store.ErrConflict) {
			t.Fatalf("Save from a stale version: %v, want ErrConflict", err)
		}
		if n := count(t, s, `SELECT count(*) FROM messages WHERE message_sid = 'SM-b'`); n != 0 {
			t.Errorf("conflicting text stored %d times", n)
		}
		if n := count(t, s, `SELECT count(*) FROM messages`); n != 1 {
			t.Errorf("%d messages stored, want the first step's 1", n)
		}
		if n := count(t, s, `SELECT count(*) FROM teams`); n != 0 {
			t.Errorf("conflicting step created %d teams", n)
		}
		if n := count(t, s, `SELECT count(*) FROM reports`); n != 1 {
			t.Errorf("%d reports, want the first step's draft", n)
		}
		got, _, _, err := s.Load(ctx, in.From, "SM-c")
		if err != nil {
			t.Fatal(err)
		}
		if got.Version != 1 || got.Volunteer.Name != "" || got.Draft == nil || got.Draft.Notes != "SM-a;" {
			t.Errorf("state after conflict = %s", dump(got))
		}
	})
}

func TestSaveDuplicate(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, b storetest.Backend) {
		s := b.Open(t)
		ctx := context.Background()
		st, _, _, err := s.Load(ctx, "+16175550104", "SM-dup")
		if err != nil {
			t.Fatal(err)
		}
		in, res := simpleStep(st, "SM-dup")
		res.Replies = []string{"first", "second", "third"}
		if _, _, err := s.Save(ctx, in, res); err != nil {
			t.Fatalf("first Save: %v", err)
		}
		// Twilio retries the webhook: Load sees it.
		again, replies, dup, err := s.Load(ctx, in.From, "SM-dup")
		if err != nil {
			t.Fatal(err)
		}
		if !dup || !reflect.DeepEqual(replies, res.Replies) {
			t.Errorf("Load of a stored text: duplicate %v, replies %q; want true, %q", dup, replies, res.Replies)
		}
		// A retry racing the first save reaches Save. From the current
		// version it is a duplicate; from the version before, PostgreSQL
		// may call it a conflict, and the inbox's next Load, above, then
		// answers it as a duplicate.
		retry := res
		retry.State.Version = again.Version
		retry.State.Volunteer.ID = again.Volunteer.ID
		if _, _, err := s.Save(ctx, in, retry); !errors.Is(err, store.ErrDuplicate) {
			t.Errorf("Save of a stored text at the current version: %v, want ErrDuplicate", err)
		}
		retry.State.Version = st.Version
		if _, _, err := s.Save(ctx, in, retry); !errors.Is(err, store.ErrDuplicate) && !errors.Is(err, store.ErrConflict) {
			t.Errorf("Save of a stored text at the loaded version: %v, want ErrDuplicate or ErrConflict", err)
		}
		if n := count(t, s, `SELECT count(*) FROM messages`); n != 1 {
			t.Errorf("%d messages stored, want 1, with its 3 replies", n)
		}
		if _, replies, dup, err := s.Load(ctx, in.From, "SM-dup"); err != nil || !dup || !reflect.DeepEqual(replies, res.Replies) {
			t.Errorf("Load after the retries: duplicate %v, replies %q (%v); want true, %q", dup, replies, err, res.Replies)
		}
		if again.Version != 1 {
			t.Errorf("version after one step = %d", again.Version)
		}
	})
}

// TestSaveConcurrentSteps sends texts from one new phone at once; each handler
// retries on conflict as the webhook does. No step may be lost or doubled.
func TestSaveConcurrentSteps(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, b storetest.Backend) {
		s := b.Open(t)
		ctx := context.Background()
		const texts = 20
		const phone = "+16175550105"
		versions := make(chan int64, texts)
		var wg sync.WaitGroup
		for i := range texts {
			wg.Go(func() {
				sid := fmt.Sprintf("SM-c%02d", i)
				for attempt := 0; ; attempt++ {
					if attempt == 1000 {
						t.Errorf("%s: still conflicting after %d attempts", sid, attempt)
						return
					}
					st, _, dup, err := s.Load(ctx, phone, sid)
					if err != nil {
						t.Errorf("Load: %v", err)
						return
					}
					if dup {
						t.Errorf("%s: duplicate before it was saved", sid)
						return
					}
					in, res := simpleStep(st, sid)
					_, _, err = s.Save(ctx, in, res)
					if errors.Is(err, store.ErrConflict) {
						continue
					}
					if err != nil {
						t.Errorf("Save: %v", err)
						return
					}
					versions <- st.Version
					return
				}
			})
		}
		wg.Wait()
		close(versions)
		seen := make(map[int64]bool)
		for v := range versions {
			if seen[v] {
				t.Errorf("two steps saved from version %d", v)
			}
			seen[v] = true
		}
		for v := range int64(texts) {
			if !seen[v] {
				t.Errorf("no step saved from version %d", v)
			}
		}
		st, _, _, err := s.Load(ctx, phone, "")
		if err != nil {
			t.Fatal(err)
		}
		if st.Version != texts {
			t.Errorf("final version %d, want %d", st.Version, texts)
		}
		// The phone was new: every text started as a newcomer's first,
		// and exactly one of them created the volunteer.
		if n := count(t, s, `SELECT count(*) FROM volunteers`); n != 1 {
			t.Errorf("%d volunteers for one phone", n)
		}
		if n := count(t, s, `SELECT count(*) FROM conversations`); n != 1 {
			t.Errorf("%d conversations for one phone", n)
		}
		for i := range texts {
			sid := fmt.Sprintf("SM-c%02d", i)
			if n := count(t, s, `SELECT count(*) FROM messages WHERE message_sid = $1`, sid); n != 1 {
				t.Errorf("%s stored %d times", sid, n)
			}
			if _, replies, dup, err := s.Load(ctx, phone, sid); err != nil || !dup || len(replies) != 1 {
				t.Errorf("%s: duplicate %v, replies %q (%v); want one reply stored", sid, dup, replies, err)
			}
			if n := countSubstring(st.Draft.Notes, sid+";"); n != 1 {
				t.Errorf("draft notes hold %s %d times: lost or doubled update", sid, n)
			}
		}
	})
}

func countSubstring(s, sub string) int {
	n := 0
	for i := 0; i+len(sub) <= len(s); i++ {
		if s[i:i+len(sub)] == sub {
			n++
		}
	}
	return n
}

func TestAbandonStale(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, b storetest.Backend) {
		s := b.Open(t)
		ctx := context.Background()
		save := func(phone string, status debrief.ReportStatus, updated time.Time) {
			t.Helper()
			st, _, _, err := s.Load(ctx, phone, "")
			if err != nil {
				t.Fatal(err)
			}
			in, res := simpleStep(st, "SM-"+phone)
			res.State.Draft.Status = status
			res.State.Draft.PersonName = "Kept " + phone
			res.State.Draft.UpdatedAt = updated
			if _, _, err := s.Save(ctx, in, res); err != nil {
				t.Fatal(err)
			}
		}
		cutoff := received.Add(-24 * time.Hour)
		save("+16175550110", debrief.ReportDraft, cutoff.Add(-time.Microsecond)) // stale
		save("+16175550111", debrief.ReportDraft, cutoff)                        // just fresh
		save("+16175550112", debrief.ReportComplete, cutoff.Add(-time.Hour))     // finished
		n, err := s.AbandonStale(ctx, cutoff)
		if err != nil {
			t.Fatal(err)
		}
		if n != 1 {
			t.Errorf("AbandonStale marked %d reports, want 1", n)
		}
		tests := []struct {
			phone string
			want  debrief.ReportStatus
		}{
			{"+16175550110", debrief.ReportAbandoned},
			{"+16175550111", debrief.ReportDraft},
			{"+16175550112", debrief.ReportComplete},
		}
		for _, tc := range tests {
			st, _, _, err := s.Load(ctx, tc.phone, "")
			if err != nil {
				t.Fatal(err)
			}
			if st.Draft == nil || st.Draft.Status != tc.want || st.Draft.PersonName != "Kept "+tc.phone {
				t.Errorf("%s: report %s, want status %s with answers kept", tc.phone, dump(st), tc.want)
			}
		}
	})
}

func TestTeams(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, b storetest.Backend) {
		s := b.Open(t)
		ctx := context.Background()
		west, err := s.CreateTeam(ctx, "Westside")
		if err != nil {
			t.Fatal(err)
		}
		again, err := s.CreateTeam(ctx, " WESTSIDE ")
		if err != nil {
			t.Fatal(err)
		}
		if again != west {
			t.Errorf("CreateTeam of an existing name, other case = %+v, want %+v", again, west)
		}
		v, err := s.AddVolunteer(ctx, debrief.Volunteer{Phone: "+16175550120", Name: "Jo", TeamName: "allston",
			Role: debrief.RoleOrganizer})
		if err != nil {
			t.Fatal(err)
		}
		teams, err := s.Teams(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if len(teams) != 2 || teams[0].Name != "allston" || teams[1] != west {
			t.Errorf("Teams = %+v", teams)
		}
		st, _, _, err := s.Load(ctx, v.Phone, "")
		if err != nil {
			t.Fatal(err)
		}
		if st.Volunteer.ID != v.ID || st.Volunteer.TeamName != "allston" || st.Volunteer.Role != debrief.RoleOrganizer ||
			st.Volunteer.TimeZone != "America/New_York" {
			t.Errorf("added volunteer loads as %+v", st.Volunteer)
		}
		if err := s.Ping(ctx); err != nil {
			t.Errorf("Ping: %v", err)
		}
	})
}

// TestSaveSameTextAtOnce saves one text twice at once, as when Twilio
// retries a slow webhook: one save wins, the other stores nothing.
func TestSaveSameTextAtOnce(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, b storetest.Backend) {
		s := b.Open(t)
		ctx := context.Background()
		st, _, _, err := s.Load(ctx, "+16175550106", "SM-twice")
		if err != nil {
			t.Fatal(err)
		}
		in, res := simpleStep(st, "SM-twice")
		errs := make(chan error, 2)
		for range 2 {
			go func() {
				_, _, err := s.Save(ctx, in, res)
				errs <- err
			}()
		}
		var saved, refused int
		for range 2 {
			switch err := <-errs; {
			case err == nil:
				saved++
			case errors.Is(err, store.ErrDuplicate), errors.Is(err, store.ErrConflict):
				refused++
			default:
				t.Errorf("Save: %v", err)
			}
		}
		if saved != 1 || refused != 1 {
			t.Errorf("%d saved, %d refused; want 1 and 1", saved, refused)
		}
		if n := count(t, s, `SELECT count(*) FROM messages`); n != 1 {
			t.Errorf("%d messages stored, want 1, with its reply", n)
		}
	})
}

// TestSaveStatementsAreValid has PostgreSQL check the Save statement of
// every kind of step, including kinds the conversation rarely or never
// makes (a newcomer's first text that abandons a report, say).
func TestSaveStatementsAreValid(t *testing.T) {
	t.Parallel()
	for _, b := range storetest.Backends(t) {
		if b.Name != "postgres" {
			continue
		}
		t.Run(b.Name, func(t *testing.T) {
			t.Parallel()
			n, err := b.Open(t).PrepareSaveStatements(context.Background())
			if err != nil {
				t.Fatalf("statement %d: %v", n, err)
			}
			t.Logf("%d statements prepared", n)
		})
	}
}
