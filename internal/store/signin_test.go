package store_test

import (
	"context"
	"database/sql"
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/debrief-sms/debrief"
	"github.com/debrief-sms/debrief/internal/clocktest"
	"github.com/debrief-sms/debrief/internal/store"
	"github.com/debrief-sms/debrief/internal/store/storetest"
)

func TestSigninCode(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, b storetest.Backend) {
		s := b.Open(t)
		ctx := context.Background()
		now := clocktest.Start()
		v, err := s.AddVolunteer(ctx, debrief.Volunteer{Phone: "+16175550101", Name: "Olga", Role: debrief.RoleOrganizer})
		if err != nil {
			t.Fatal(err)
		}
		use := func(code string, at time.Time) error { return s.UseSigninCode(ctx, v.ID, code, 5, at) }
		if err := use("123456", now); !errors.Is(err, store.ErrBadCode) {
			t.Errorf("no code yet: %v, want ErrBadCode", err)
		}
		if err := s.AddSigninCode(ctx, v.ID, "123456", now, now.Add(10*time.Minute)); err != nil {
			t.Fatal(err)
		}
		if err := use("654321", now); !errors.Is(err, store.ErrBadCode) {
			t.Errorf("wrong code: %v, want ErrBadCode", err)
		}
		if err := use("123456", now.Add(time.Minute)); err != nil {
			t.Errorf("right code: %v", err)
		}
		if err := use("123456", now.Add(time.Minute)); !errors.Is(err, store.ErrBadCode) {
			t.Errorf("reused code: %v, want ErrBadCode", err)
		}

		if err := s.AddSigninCode(ctx, v.ID, "111111", now, now.Add(10*time.Minute)); err != nil {
			t.Fatal(err)
		}
		if err := use("111111", now.Add(10*time.Minute)); !errors.Is(err, store.ErrBadCode) {
			t.Errorf("expired code: %v, want ErrBadCode", err)
		}

		if err := s.AddSigninCode(ctx, v.ID, "222222", now, now.Add(10*time.Minute)); err != nil {
			t.Fatal(err)
		}
		for range 5 {
			if err := use("000000", now); !errors.Is(err, store.ErrBadCode) {
				t.Fatalf("wrong code: %v, want ErrBadCode", err)
			}
		}
		if err := use("222222", now); !errors.Is(err, store.ErrBadCode) {
			t.Errorf("right code after 5 wrong ones: %v, want ErrBadCode", err)
		}

		// A new code replaces the one before.
		if err := s.AddSigninCode(ctx, v.ID, "333333", now, now.Add(10*time.Minute)); err != nil {
			t.Fatal(err)
		}
		if err := s.AddSigninCode(ctx, v.ID, "444444", now, now.Add(10*time.Minute)); err != nil {
			t.Fatal(err)
		}
		if err := use("333333", now); !errors.Is(err, store.ErrBadCode) {
			t.Errorf("replaced code: %v, want ErrBadCode", err)
		}
		if err := use("444444", now); err != nil {
			t.Errorf("latest code: %v", err)
		}
	})
}

func TestSigninRequests(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, b storetest.Backend) {
		s := b.Open(t)
		ctx := context.Background()
		now := clocktest.Start()
		count := func(phone, client string, at time.Time) (int64, int64) {
			t.Helper()
			p, c, err := s.SigninRequests(ctx, phone, client, at)
			if err != nil {
				t.Fatal(err)
			}
			return p, c
		}
		count("+16175550101", "10.0.0.1", now)
		count("+16175550101", "10.0.0.2", now.Add(time.Minute))
		if p, c := count("+16175550102", "10.0.0.1", now.Add(2*time.Minute)); p != 1 || c != 2 {
			t.Errorf("counts = %d by phone, %d by client; want 1, 2", p, c)
		}
		if p, c := count("+16175550101", "10.0.0.3", now.Add(time.Hour+30*time.Second)); p != 2 || c != 1 {
			t.Errorf("an hour on: counts = %d by phone, %d by client; want 2 (the first gone), 1", p, c)
		}
	})
}

func TestSessions(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, b storetest.Backend) {
		s := b.Open(t)
		ctx := context.Background()
		now := clocktest.Start()
		v, err := s.AddVolunteer(ctx, debrief.Volunteer{Phone: "+16175550101", Name: "Olga", Role: debrief.RoleOrganizer,
			TeamName: "Eastside"})
		if err != nil {
			t.Fatal(err)
		}
		token, err := s.NewSession(ctx, v.ID, now)
		if err != nil {
			t.Fatal(err)
		}
		got, err := s.Session(ctx, token, now.Add(11*time.Hour))
		if err != nil {
			t.Fatal(err)
		}
		if got.ID != v.ID || got.Role != debrief.RoleOrganizer || len(got.TeamIDs) != 1 || got.TeamIDs[0] != *v.TeamID {
			t.Errorf("Session = %+v, want Olga organizing Eastside", got)
		}
		// Seen at 11h: still live at 22h, not 12h idle after.
		if _, err := s.Session(ctx, token, now.Add(22*time.Hour)); err != nil {
			t.Errorf("used within 12h: %v", err)
		}
		if _, err := s.Session(ctx, token, now.Add(34*time.Hour+time.Second)); !errors.Is(err, store.ErrNoSession) {
			t.Errorf("idle 12h: %v, want ErrNoSession", err)
		}

		at := now
		token, _ = s.NewSession(ctx, v.ID, at)
		for at.Before(now.Add(7*24*time.Hour - 12*time.Hour)) {
			at = at.Add(11 * time.Hour)
			if _, err := s.Session(ctx, token, at); err != nil {
				t.Fatalf("used every 11h, at %s: %v", at, err)
			}
		}
		if _, err := s.Session(ctx, token, now.Add(7*24*time.Hour)); !errors.Is(err, store.ErrNoSession) {
			t.Errorf("7 days old: %v, want ErrNoSession", err)
		}

		token, _ = s.NewSession(ctx, v.ID, now)
		if err := s.EndSession(ctx, token); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Session(ctx, token, now); !errors.Is(err, store.ErrNoSession) {
			t.Errorf("ended: %v, want ErrNoSession", err)
		}

		token, _ = s.NewSession(ctx, v.ID, now)
		if err := s.SetRole(ctx, v.ID, debrief.RoleCoordinator); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Session(ctx, token, now); !errors.Is(err, store.ErrNoSession) {
			t.Errorf("after a role change: %v, want ErrNoSession", err)
		}
		if _, err := s.Session(ctx, "not a token", now); !errors.Is(err, store.ErrNoSession) {
			t.Errorf("unknown token: %v, want ErrNoSession", err)
		}
	})
}

// TestSessionTouch: a page view writes the session's seen_at only when it
// is at least SessionTouch old, so browsing commits nothing, and the idle
// limit still counts from the last write.
func TestSessionTouch(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, b storetest.Backend) {
		s, db := b.OpenWithDB(t)
		ctx := context.Background()
		now := clocktest.Start()
		v, err := s.AddVolunteer(ctx, debrief.Volunteer{Phone: "+16175550101", Name: "Olga", Role: debrief.RoleOrganizer,
			TeamName: "Eastside"})
		if err != nil {
			t.Fatal(err)
		}
		token, err := s.NewSession(ctx, v.ID, now)
		if err != nil {
			t.Fatal(err)
		}
		seen := func() time.Time {
			t.Helper()
			var at time.Time
			if err := db.QueryRow(`SELECT seen_at FROM web_sessions`).Scan(&at); err != nil {
				t.Fatal(err)
			}
			return at.UTC()
		}
		for _, tc := range []struct {
			after time.Duration
			want  time.Duration // seen_at after the view, from now
		}{
			{30 * time.Second, 0},
			{store.SessionTouch - time.Second, 0},
			{store.SessionTouch, store.SessionTouch},
			{store.SessionTouch + 59*time.Second, store.SessionTouch},
			{3 * time.Hour, 3 * time.Hour},
		} {
			if _, err := s.Session(ctx, token, now.Add(tc.after)); err != nil {
				t.Fatalf("view at +%s: %v", tc.after, err)
			}
			if got := seen(); !got.Equal(now.Add(tc.want)) {
				t.Errorf("view at +%s: seen_at = +%s, want +%s", tc.after, got.Sub(now), tc.want)
			}
		}
		// Last written at +3h: live until +15h, whatever the views
		// in between that did not write.
		if _, err := s.Session(ctx, token, now.Add(3*time.Hour+store.SessionIdle-time.Second)); err != nil {
			t.Errorf("just under 12h idle: %v", err)
		}
		if _, err := s.Session(ctx, token, now.Add(3*time.Hour+store.SessionIdle-time.Second+store.SessionIdle+time.Second)); !errors.Is(err, store.ErrNoSession) {
			t.Errorf("12h idle after the last write: %v, want ErrNoSession", err)
		}
	})
}

// addReport stores a report of the volunteer, started at.
func addReport(t *testing.T, db *sql.DB, volunteerID int64, seq int, person string, status debrief.ReportStatus, at time.Time) int64 {
	t.Helper()
	var id int64
	err := db.QueryRow(`INSERT INTO reports (volunteer_id, seq, person_name, status, started_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $5) RETURNING id`, volunteerID, seq, person, string(status), at.UTC()).Scan(&id)
	if err != nil {
		t.Fatal(err)
	}
	return id
}

func TestTeamReports(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, b storetest.Backend) {
		s, db := b.OpenWithDB(t)
		ctx := context.Background()
		now := clocktest.Start()
		a, _ := s.AddVolunteer(ctx, debrief.Volunteer{Phone: "+16175550101", Name: "Ana", TeamName: "A"})
		bv, _ := s.AddVolunteer(ctx, debrief.Volunteer{Phone: "+16175550102", Name: "Ben", TeamName: "B"})
		addReport(t, db, a.ID, 1, "Maria", debrief.ReportComplete, now)
		addReport(t, db, a.ID, 2, "Sam", debrief.ReportDraft, now.Add(time.Hour))
		bid := addReport(t, db, bv.ID, 1, "Lee", debrief.ReportComplete, now.Add(2*time.Hour))

		all := &store.TeamScope{AllTeams: true}
		onlyA := &store.TeamScope{Teams: []int64{*a.TeamID}}
		names := func(f store.ReportFilter, offset, limit int) []string {
			t.Helper()
			rows, err := s.TeamReports(ctx, f, offset, limit)
			if err != nil {
				t.Fatal(err)
			}
			var out []string
			for _, r := range rows {
				out = append(out, r.PersonName)
			}
			return out
		}
		for _, tc := range []struct {
			name   string
			f      store.ReportFilter
			offset int
			want   []string
		}{
			{"all, newest first", store.ReportFilter{Scope: all, AnyStatus: true}, 0, []string{"Lee", "Sam", "Maria"}},
			{"team A", store.ReportFilter{Scope: onlyA, AnyStatus: true}, 0, []string{"Sam", "Maria"}},
			{"no teams", store.ReportFilter{Scope: &store.TeamScope{}, AnyStatus: true}, 0, nil},
			{"team B asked within A", store.ReportFilter{Scope: onlyA, TeamID: *bv.TeamID, AnyStatus: true}, 0, nil},
			{"status", store.ReportFilter{Scope: all, Status: debrief.ReportComplete}, 0, []string{"Lee", "Maria"}},
			{"paged", store.ReportFilter{Scope: all, AnyStatus: true}, 1, []string{"Sam"}},
		} {
			limit := 10
			if tc.offset > 0 {
				limit = 1
			}
			if got := names(tc.f, tc.offset, limit); !slices.Equal(got, tc.want) {
				t.Errorf("%s: %v, want %v", tc.name, got, tc.want)
			}
		}
		r, err := s.TeamReportByID(ctx, bid)
		if err != nil {
			t.Fatal(err)
		}
		if r.PersonName != "Lee" || r.VolunteerName != "Ben" || r.TeamName != "B" || r.TeamID == nil || *r.TeamID != *bv.TeamID ||
			!r.StartedAt.Equal(now.Add(2*time.Hour)) {
			t.Errorf("TeamReportByID = %+v", r)
		}
		if _, err := s.TeamReportByID(ctx, bid+100); !errors.Is(err, store.ErrUnknownReport) {
			t.Errorf("unknown report: %v", err)
		}
	})
}
