package store_test

import (
	"context"
	"errors"
	"slices"
	"testing"

	"github.com/debrief-sms/debrief"
	"github.com/debrief-sms/debrief/internal/clocktest"
	"github.com/debrief-sms/debrief/internal/store"
	"github.com/debrief-sms/debrief/internal/store/storetest"
)

// TestPeople lists people by team (theirs, or one they organize), edits
// one, and deactivates an organizer: signed out, off their team, their
// pending digest cancelled, their own reminder kept.
func TestPeople(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, b storetest.Backend) {
		s, db := b.OpenWithDB(t)
		ctx := context.Background()
		now := clocktest.Start()
		add := func(phone, name string, role debrief.Role, team string) debrief.Volunteer {
			t.Helper()
			v, err := s.AddPerson(ctx, debrief.Volunteer{Phone: phone, Name: name, Role: role, TeamName: team})
			if err != nil {
				t.Fatal(err)
			}
			return v
		}
		vic := add("+16175550101", "Vic", debrief.RoleVolunteer, "Team A")
		olga := add("+16175550102", "Olga", debrief.RoleOrganizer, "")
		wes := add("+16175550105", "Wes", debrief.RoleVolunteer, "Team B")
		add("+16175550104", "Cora", debrief.RoleCoordinator, "")
		teamA, teamB := *vic.TeamID, *wes.TeamID
		if _, err := s.AddPerson(ctx, debrief.Volunteer{Phone: vic.Phone, Name: "Again"}); !errors.Is(err, store.ErrPhoneTaken) {
			t.Errorf("a number twice: %v, want ErrPhoneTaken", err)
		}
		if err := s.UpdateTeam(ctx, teamA, "Team A", &olga.ID); err != nil {
			t.Fatal(err)
		}
		names := func(q store.PeopleQuery) []string {
			t.Helper()
			ps, err := s.People(ctx, q)
			if err != nil {
				t.Fatal(err)
			}
			var out []string
			for _, p := range ps {
				out = append(out, p.Name)
			}
			return out
		}
		for _, tc := range []struct {
			name string
			q    store.PeopleQuery
			want []string
		}{
			{"all", store.PeopleQuery{AllTeams: true}, []string{"Cora", "Olga", "Vic", "Wes"}},
			{"team A", store.PeopleQuery{Teams: []int64{teamA}}, []string{"Olga", "Vic"}},
			{"teams A and B, B only", store.PeopleQuery{Teams: []int64{teamA, teamB}, TeamID: teamB}, []string{"Wes"}},
			{"team A asks for B", store.PeopleQuery{Teams: []int64{teamA}, TeamID: teamB}, nil},
			{"no team", store.PeopleQuery{}, nil},
			{"active organizers", store.PeopleQuery{AllTeams: true, Role: debrief.RoleOrganizer, Active: true}, []string{"Olga"}},
			{"paged", store.PeopleQuery{AllTeams: true, Offset: 1, Limit: 2}, []string{"Olga", "Vic"}},
		} {
			if got := names(tc.q); !slices.Equal(got, tc.want) {
				t.Errorf("%s: %q, want %q", tc.name, got, tc.want)
			}
		}
		p, err := s.Person(ctx, olga.ID)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(p.Organizes, []int64{teamA}) || p.DeactivatedAt != nil || p.PhoneBad || p.OptedOut {
			t.Errorf("Olga: %+v", p)
		}
		if _, err := s.Person(ctx, 999999); !errors.Is(err, store.ErrNoVolunteer) {
			t.Errorf("no such person: %v", err)
		}

		version := func(id int64) (v int64) {
			t.Helper()
			if err := db.QueryRow(`SELECT version FROM conversations WHERE volunteer_id = $1`, id).Scan(&v); err != nil {
				t.Fatal(err)
			}
			return v
		}
		before := version(vic.ID)
		if err := s.UpdatePerson(ctx, store.PersonChange{ID: vic.ID, Name: "Victoria", TeamID: &teamB,
			Language: debrief.Spanish, TimeZone: "America/Chicago", Role: debrief.RoleVolunteer}, now); err != nil {
			t.Fatal(err)
		}
		p, err = s.Person(ctx, vic.ID)
		if err != nil {
			t.Fatal(err)
		}
		if p.Name != "Victoria" || p.TeamName != "Team B" || p.Language != debrief.Spanish || p.TimeZone != "America/Chicago" {
			t.Errorf("after the edit: %+v", p)
		}
		if version(vic.ID) == before {
			t.Error("editing a person left their conversation's version as it was")
		}
		if err := s.UpdatePerson(ctx, store.PersonChange{ID: 999999, Name: "X", Role: debrief.RoleVolunteer}, now); !errors.Is(err, store.ErrNoVolunteer) {
			t.Errorf("editing no one: %v", err)
		}
		before = version(wes.ID)
		if err := s.UpdateTeam(ctx, teamB, "Team Bee", nil); err != nil {
			t.Fatal(err)
		}
		if version(wes.ID) == before {
			t.Error("renaming a team left its volunteer's version as it was")
		}
		if err := s.UpdateTeam(ctx, teamB, "team a", nil); !errors.Is(err, store.ErrTeamExists) {
			t.Errorf("renamed to another team's name: %v", err)
		}
		if err := s.UpdateTeam(ctx, teamB, "Team Bee", &wes.ID); !errors.Is(err, store.ErrNotOrganizer) {
			t.Errorf("a volunteer as organizer: %v", err)
		}
		if _, err := s.AddTeam(ctx, "TEAM A", now); !errors.Is(err, store.ErrTeamExists) {
			t.Errorf("a team twice: %v", err)
		}
		if team, err := s.AddTeam(ctx, " Team C ", now); err != nil || team.Name != "Team C" {
			t.Errorf("add Team C: %v, %v", team, err)
		}

		// Olga has a session, a digest waiting and a reminder of her own.
		token, err := s.NewSession(ctx, olga.ID, now)
		if err != nil {
			t.Fatal(err)
		}
		for _, kind := range []string{"digest", "thanks"} {
			if _, err := db.Exec(`INSERT INTO followups (volunteer_id, kind, due_at, digest_week, status, created_at, updated_at)
					VALUES ($1, $2, $3, $4, 'pending', $3, $3)`, olga.ID, kind, now.UTC(), map[string]any{"digest": "2026-11-30"}[kind]); err != nil {
				t.Fatal(err)
			}
		}
		if err := s.SetDeactivated(ctx, olga.ID, true, now); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Session(ctx, token, now); !errors.Is(err, store.ErrNoSession) {
			t.Errorf("session of a deactivated person: %v", err)
		}
		if p, _ := s.Person(ctx, olga.ID); p.DeactivatedAt == nil || !p.DeactivatedAt.Equal(now) || len(p.Organizes) != 0 {
			t.Errorf("deactivated Olga: %+v", p)
		}
		if os, err := s.Organizers(ctx); err != nil || len(os) != 0 {
			t.Errorf("organizers: %v, %v", os, err)
		}
		for kind, want := range map[string]string{"digest": "cancelled", "thanks": "pending"} {
			var status string
			if err := db.QueryRow(`SELECT status FROM followups WHERE volunteer_id = $1 AND kind = $2`, olga.ID, kind).Scan(&status); err != nil {
				t.Fatal(err)
			}
			if status != want {
				t.Errorf("Olga's %s after deactivation: %s, want %s", kind, status, want)
			}
		}
		if err := s.SetTeamOrganizer(ctx, teamA, olga.ID); !errors.Is(err, store.ErrDeactivated) {
			t.Errorf("a deactivated organizer set: %v", err)
		}
		if err := s.UpdateTeam(ctx, teamA, "Team A", &olga.ID); !errors.Is(err, store.ErrNotOrganizer) {
			t.Errorf("a deactivated organizer set on the web: %v", err)
		}
		// A second session does not start for her either.
		token, err = s.NewSession(ctx, olga.ID, now)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.Session(ctx, token, now); !errors.Is(err, store.ErrNoSession) {
			t.Errorf("new session of a deactivated person: %v", err)
		}
		v, err := s.Volunteer(ctx, olga.Phone)
		if err != nil || v.DeactivatedAt == nil {
			t.Errorf("Volunteer of a deactivated person: %+v, %v", v, err)
		}
		if err := s.SetDeactivated(ctx, olga.ID, false, now); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Session(ctx, token, now); err != nil {
			t.Errorf("session once active again: %v", err)
		}
		if err := s.SetDeactivated(ctx, 999999, true, now); !errors.Is(err, store.ErrNoVolunteer) {
			t.Errorf("deactivating no one: %v", err)
		}

		// A volunteer organizes no team.
		if err := s.UpdateTeam(ctx, teamA, "Team A", &olga.ID); err != nil {
			t.Fatal(err)
		}
		if err := s.SetRole(ctx, olga.ID, debrief.RoleVolunteer); err != nil {
			t.Fatal(err)
		}
		if p, _ := s.Person(ctx, olga.ID); len(p.Organizes) != 0 {
			t.Errorf("a volunteer organizes %v", p.Organizes)
		}
	})
}

// TestPeopleByState lists people by state: a person opted out with a bad
// number is in both, active is in none, deactivated is its own.
func TestPeopleByState(t *testing.T) {
	t.Parallel()
	for _, b := range storetest.Backends(t) {
		t.Run(b.Name, func(t *testing.T) {
			t.Parallel()
			s, db := b.OpenWithDB(t)
			ctx := context.Background()
			now := clocktest.Start()
			ids := map[string]int64{}
			for i, name := range []string{"Ana", "Bea", "Cy", "Dot", "Eve"} {
				v, err := s.AddPerson(ctx, debrief.Volunteer{Phone: "+1617555011" + string(rune('0'+i)), Name: name,
					Role: debrief.RoleVolunteer, TeamName: "Team A"})
				if err != nil {
					t.Fatal(err)
				}
				ids[name] = v.ID
			}
			for _, q := range []struct {
				sql string
				id  int64
			}{
				{`UPDATE volunteers SET opted_out = TRUE, opted_out_at = $2 WHERE id = $1`, ids["Bea"]},
				{`UPDATE volunteers SET opted_out = TRUE, opted_out_at = $2, phone_bad = TRUE, phone_bad_at = $2 WHERE id = $1`, ids["Cy"]},
				{`UPDATE volunteers SET phone_bad = TRUE, phone_bad_at = $2 WHERE id = $1`, ids["Dot"]},
			} {
				if _, err := db.Exec(q.sql, q.id, now.UTC()); err != nil {
					t.Fatal(err)
				}
			}
			if err := s.SetDeactivated(ctx, ids["Eve"], true, now); err != nil {
				t.Fatal(err)
			}
			for _, tc := range []struct {
				state store.PersonState
				want  []string
			}{
				{"", []string{"Ana", "Bea", "Cy", "Dot", "Eve"}},
				{store.PersonActive, []string{"Ana"}},
				{store.PersonOptedOut, []string{"Bea", "Cy"}},
				{store.PersonBadNumber, []string{"Cy", "Dot"}},
				{store.PersonDeactivated, []string{"Eve"}},
			} {
				ps, err := s.People(ctx, store.PeopleQuery{AllTeams: true, State: tc.state})
				if err != nil {
					t.Fatal(err)
				}
				var got []string
				for _, p := range ps {
					got = append(got, p.Name)
				}
				if !slices.Equal(got, tc.want) {
					t.Errorf("state %q: %q, want %q", tc.state, got, tc.want)
				}
			}
			if _, err := s.People(ctx, store.PeopleQuery{AllTeams: true, State: "asleep"}); err == nil {
				t.Error("state asleep: no error")
			}
		})
	}
}
