package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/debrief-sms/debrief"
	"github.com/debrief-sms/debrief/internal/store"
	"github.com/debrief-sms/debrief/internal/store/storetest"
	"github.com/debrief-sms/debrief/internal/web"
)

// who are TestPagesAuthorization's viewers, in the order of the want
// arrays below.
var who = map[string]int{"anonymous": 0, "volunteer": 1, "organizer of A": 2, "organizer of B": 3, "coordinator": 4}

// personID is the ID of the fixture's person with the phone.
func (s *site) personID(t *testing.T, phone string) int64 {
	t.Helper()
	v, err := s.st.Volunteer(context.Background(), phone)
	if err != nil {
		t.Fatal(err)
	}
	return v.ID
}

// person reads the fixture's person with the phone.
func (s *site) person(t *testing.T, phone string) store.Person {
	t.Helper()
	p, err := s.st.Person(context.Background(), s.personID(t, phone))
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// checkPeoplePages is TestPagesAuthorization's part for the people and
// teams pages: every route, as viewer name, signed in as b is. POSTs go
// without a CSRF token first (403 for everyone, nothing changed), then
// with it. Anonymous and volunteer go to the sign-in page; an organizer
// sees and changes the people of their team alone, makes no coordinator
// and manages no team.
func checkPeoplePages(t *testing.T, s *site, b *browser, name string) {
	t.Helper()
	i, known := who[name]
	if !known {
		t.Fatalf("no viewer %q", name)
	}
	vic, wes, cora := s.personID(t, volunteerA), s.personID(t, volunteerB), s.personID(t, coordinator)
	const (
		in  = http.StatusSeeOther // to the sign-in page, for the first two
		ok  = http.StatusOK
		saw = http.StatusSeeOther // done, and on to the next page
		nf  = http.StatusNotFound
		no  = http.StatusForbidden
		bad = http.StatusUnprocessableEntity
	)
	people := func(names ...string) []string { return names }
	everyone := people("Vic", "Olga", "Bo", "Cora", "Wes")
	// For the state filter, while the GETs run: Wes opted out, Vic's
	// number bad and Vic deactivated.
	s.setStates(t, true)
	bad400 := [5]int{in, in, http.StatusBadRequest, http.StatusBadRequest, http.StatusBadRequest}
	for _, tc := range []struct {
		path   string
		status [5]int
		has    [5][]string
	}{
		{web.PeoplePath, [5]int{in, in, ok, ok, ok},
			[5][]string{nil, nil, people("Vic", "Olga", "16175550101"), people("Wes", "Bo"), everyone}},
		{fmt.Sprintf("%s?team=%d", web.PeoplePath, s.teamB), [5]int{in, in, ok, ok, ok},
			[5][]string{nil, nil, nil, people("Wes", "Bo"), people("Wes", "Bo")}},
		{web.PeoplePath + "/new", [5]int{in, in, ok, ok, ok}, [5][]string{}},
		{fmt.Sprintf("%s/%d", web.PeoplePath, vic), [5]int{in, in, ok, nf, ok}, [5][]string{nil, nil, people("Vic"), nil, people("Vic")}},
		{fmt.Sprintf("%s/%d", web.PeoplePath, wes), [5]int{in, in, nf, ok, ok}, [5][]string{nil, nil, nil, people("Wes"), people("Wes")}},
		{fmt.Sprintf("%s/%d", web.PeoplePath, cora), [5]int{in, in, nf, nf, ok}, [5][]string{nil, nil, nil, nil, people("Cora")}},
		{web.PeoplePath + "/999999", [5]int{in, in, nf, nf, nf}, [5][]string{}},
		{web.PeoplePath + "/x", [5]int{in, in, nf, nf, nf}, [5][]string{}},
		{web.PeoplePath + "?page=0", bad400, [5][]string{}},
		{web.PeoplePath + "?state=active", [5]int{in, in, ok, ok, ok},
			[5][]string{nil, nil, people("Olga"), people("Bo"), people("Olga", "Bo", "Cora")}},
		{web.PeoplePath + "?state=opted_out", [5]int{in, in, ok, ok, ok}, [5][]string{nil, nil, nil, people("Wes"), people("Wes")}},
		{web.PeoplePath + "?state=bad_number", [5]int{in, in, ok, ok, ok}, [5][]string{nil, nil, people("Vic"), nil, people("Vic")}},
		{fmt.Sprintf("%s?state=deactivated&team=%d", web.PeoplePath, s.teamA), [5]int{in, in, ok, ok, ok},
			[5][]string{nil, nil, people("Vic"), nil, people("Vic")}},
		{fmt.Sprintf("%s?state=opted_out&team=%d", web.PeoplePath, s.teamB), [5]int{in, in, ok, ok, ok},
			[5][]string{nil, nil, nil, people("Wes"), people("Wes")}},
		{web.PeoplePath + "?state=asleep", bad400, [5][]string{}},
		{web.TeamsPath, [5]int{in, in, ok, ok, ok},
			[5][]string{nil, nil, people("Team A", "Olga"), people("Team B", "Bo"), people("Team A", "Team B", "Olga", "Bo", `action="/teams"`)}},
		{fmt.Sprintf("%s/%d", web.TeamsPath, s.teamA), [5]int{in, in, no, no, ok}, [5][]string{nil, nil, nil, nil, people("Team A", "Olga")}},
		{web.TeamsPath + "/999999", [5]int{in, in, no, no, nf}, [5][]string{}},
	} {
		a := b.get(tc.path)
		if a.status != tc.status[i] || i < 2 && a.location != web.SigninPath {
			t.Errorf("GET %s: %d to %q, want %d", tc.path, a.status, a.location, tc.status[i])
			continue
		}
		for _, s := range tc.has[i] {
			if !strings.Contains(a.body, s) {
				t.Errorf("GET %s: no %q on the page", tc.path, s)
			}
		}
		if a.status != ok {
			continue
		}
		_, main, _ := strings.Cut(a.body, "<main>")
		for _, p := range everyone {
			shown := strings.Contains(main, ">"+p+"<") || strings.Contains(main, `value="`+p+`"`)
			if shown && !containsString(tc.has[i], p) && !strings.HasPrefix(tc.path, web.TeamsPath+"/") {
				t.Errorf("GET %s: %s on the page", tc.path, p)
			}
		}
		if strings.HasPrefix(tc.path, web.TeamsPath) && name == "organizer of A" && strings.Contains(main, "Team B") {
			t.Errorf("GET %s: Team B on organizer A's page", tc.path)
		}
	}
	s.setStates(t, false)

	phone := fmt.Sprintf("+1617555013%d", i)
	get := func(path string) {
		if i > 1 {
			b.get(path) // the form's own token
		}
	}
	for _, tc := range []struct {
		path   string
		form   url.Values
		status [5]int
		check  func(t *testing.T) // after the POST with a token
	}{
		{web.PeoplePath, url.Values{"phone": {phone}, "name": {"Nia " + name}, "team": {fmt.Sprint(s.teamA)},
			"role": {"volunteer"}, "language": {"es"}, "time_zone": {""}},
			[5]int{in, in, saw, bad, saw}, func(t *testing.T) {
				_, err := s.st.Volunteer(context.Background(), phone)
				if added := err == nil; added != (i == 2 || i == 4) {
					t.Errorf("%s added a person to team A: %v", name, added)
				}
			}},
		{fmt.Sprintf("%s/%d", web.PeoplePath, wes), url.Values{"name": {"Wes"}, "team": {fmt.Sprint(s.teamB)},
			"role": {"volunteer"}, "language": {"en"}, "time_zone": {"America/Denver"}},
			[5]int{in, in, nf, saw, saw}, func(t *testing.T) {
				if z := s.person(t, volunteerB).TimeZone; (z == "America/Denver") != (i >= 3) {
					t.Errorf("%s edited Wes: his zone is %s", name, z)
				}
			}},
		{fmt.Sprintf("%s/%d", web.PeoplePath, vic), url.Values{"name": {"Vic"}, "team": {fmt.Sprint(s.teamA)},
			"role": {"coordinator"}, "language": {"en"}, "time_zone": {"America/Chicago"}},
			[5]int{in, in, bad, nf, saw}, func(t *testing.T) {
				p := s.person(t, volunteerA)
				if (p.Role == debrief.RoleCoordinator) != (i == 4) {
					t.Errorf("%s made Vic %s", name, p.Role)
				}
				if p.Role != debrief.RoleVolunteer {
					if err := s.st.SetRole(context.Background(), p.ID, debrief.RoleVolunteer); err != nil {
						t.Fatal(err)
					}
				}
			}},
		{fmt.Sprintf("%s/%d/deactivate", web.PeoplePath, wes), url.Values{},
			[5]int{in, in, nf, saw, saw}, func(t *testing.T) {
				if off := s.person(t, volunteerB).DeactivatedAt != nil; off != (i >= 3) {
					t.Errorf("%s deactivated Wes: %v", name, off)
				}
			}},
		{fmt.Sprintf("%s/%d/reactivate", web.PeoplePath, wes), url.Values{},
			[5]int{in, in, nf, saw, saw}, func(t *testing.T) {
				if off := s.person(t, volunteerB).DeactivatedAt != nil; off {
					t.Errorf("%s: Wes still deactivated", name)
				}
			}},
		{fmt.Sprintf("%s/%d/deactivate", web.PeoplePath, cora), url.Values{},
			[5]int{in, in, nf, nf, no}, func(t *testing.T) {
				if s.person(t, coordinator).DeactivatedAt != nil {
					t.Errorf("%s deactivated Cora", name)
				}
			}},
		{web.TeamsPath, url.Values{"name": {"Team of " + name}}, [5]int{in, in, no, no, saw}, func(t *testing.T) {
			teams, err := s.st.TeamSummaries(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			found := false
			for _, team := range teams {
				found = found || team.Name == "Team of "+name
			}
			if found != (i == 4) {
				t.Errorf("%s added a team: %v", name, found)
			}
		}},
		{fmt.Sprintf("%s/%d", web.TeamsPath, s.teamB), url.Values{"name": {"Team B"}, "organizer": {""}},
			[5]int{in, in, no, no, saw}, func(t *testing.T) {
				cleared := len(s.person(t, organizerB).Organizes) == 0
				if cleared != (i == 4) {
					t.Errorf("%s took Bo off team B: %v", name, cleared)
				}
				if cleared {
					if err := s.st.SetTeamOrganizer(context.Background(), s.teamB, s.personID(t, organizerB)); err != nil {
						t.Fatal(err)
					}
				}
			}},
	} {
		get(strings.TrimSuffix(strings.TrimSuffix(tc.path, "/deactivate"), "/reactivate"))
		form := url.Values{}
		for k, v := range tc.form {
			form[k] = v
		}
		for name, token := range map[string]string{"no token": "", "wrong token": "x" + b.csrf} {
			form.Set("_csrf", token)
			if a := b.do(http.MethodPost, tc.path, form); a.status != http.StatusForbidden {
				t.Errorf("POST %s, %s: %d, want 403", tc.path, name, a.status)
			}
		}
		form.Del("_csrf")
		a := b.post(tc.path, form)
		if a.status != tc.status[i] || i < 2 && a.location != web.SigninPath {
			t.Errorf("POST %s: %d to %q, want %d", tc.path, a.status, a.location, tc.status[i])
		}
		tc.check(t)
	}
}

// setStates opts Wes out and marks Vic's number bad and Vic deactivated,
// or, with on false, undoes it.
func (s *site) setStates(t *testing.T, on bool) {
	t.Helper()
	var at any
	if on {
		at = time.Date(2026, 11, 20, 15, 0, 0, 0, time.UTC)
	}
	if _, err := s.db.Exec(`UPDATE volunteers SET opted_out = $1, opted_out_at = $2 WHERE phone = $3`, on, at, volunteerB); err != nil {
		t.Fatal(err)
	}
	if _, err := s.db.Exec(`UPDATE volunteers SET phone_bad = $1, phone_bad_at = $2 WHERE phone = $3`, on, at, volunteerA); err != nil {
		t.Fatal(err)
	}
	if err := s.st.SetDeactivated(context.Background(), s.personID(t, volunteerA), on, s.clock.Now()); err != nil {
		t.Fatal(err)
	}
}

func containsString(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// TestPeopleForm adds people through the form as an organizer: a number
// we cannot text, a time zone we do not know and a number signed up
// already come back with the form as typed and the mistake said; a good
// one is stored with a zone guessed from the number.
func TestPeopleForm(t *testing.T) {
	t.Parallel()
	s := newSite(t, storetest.Backends(t)[0], false)
	b := s.browser(t)
	b.signIn(organizerB)
	b.get(web.PeoplePath + "/new")
	form := func(phone, zone string) url.Values {
		return url.Values{"phone": {phone}, "name": {"Nia Núñez"}, "team": {fmt.Sprint(s.teamB)}, "role": {"organizer"},
			"language": {"es"}, "time_zone": {zone}}
	}
	// The form as it comes back, in Spanish, golden.
	olga := s.browser(t)
	olga.signIn(organizerA)
	olga.get(web.PeoplePath + "/new")
	es := form("555-01", "Marte")
	es.Set("team", fmt.Sprint(s.teamA))
	es.Set("name", "")
	a := olga.post(web.PeoplePath, es)
	if a.status != http.StatusUnprocessableEntity {
		t.Errorf("a form all wrong: %d", a.status)
	}
	golden(t, "person_errors_es", strings.ReplaceAll(a.body, olga.csrf, "CSRF"))

	for _, tc := range []struct {
		name, phone, zone string
		status            int
		says              string
	}{
		{"not a number", "555-01", "", http.StatusUnprocessableEntity, "That is not a phone number we can text"},
		{"letters", "call me", "", http.StatusUnprocessableEntity, "That is not a phone number we can text"},
		{"unknown zone", "617 555 0140", "Mars/Olympus", http.StatusUnprocessableEntity, "not a time zone name we know"},
		{"Local", "617 555 0140", "Local", http.StatusUnprocessableEntity, "not a time zone name we know"},
		{"signed up", "(617) 555-0101", "", http.StatusConflict, "already signed up"},
	} {
		a := b.post(web.PeoplePath, form(tc.phone, tc.zone))
		if a.status != tc.status || !strings.Contains(a.body, tc.says) || !strings.Contains(a.body, `value="Nia Núñez"`) ||
			!strings.Contains(a.body, `value="`+tc.phone+`"`) || !strings.Contains(a.body, `<option value="organizer" selected>`) ||
			!strings.Contains(a.body, `aria-invalid="true"`) {
			t.Errorf("%s: %d, want %d saying %q with the form as typed:\n%s", tc.name, a.status, tc.status, tc.says, a.body)
		}
	}
	a = b.post(web.PeoplePath, form("617 555 0140", ""))
	if a.status != http.StatusSeeOther || !strings.HasPrefix(a.location, web.PeoplePath+"/") {
		t.Fatalf("a good form: %d to %q", a.status, a.location)
	}
	if page := b.get(a.location); !strings.Contains(page.body, "Saved.") {
		t.Errorf("after adding: no Saved.:\n%s", page.body)
	}
	p := s.person(t, "+16175550140")
	if p.Name != "Nia Núñez" || p.TeamID == nil || *p.TeamID != s.teamB || p.Role != debrief.RoleOrganizer ||
		p.Language != debrief.Spanish || p.TimeZone != "America/New_York" {
		t.Errorf("added %+v", p)
	}
	// Bo's own role stays, whatever the form says.
	bo := s.personID(t, organizerB)
	b.get(fmt.Sprintf("%s/%d", web.PeoplePath, bo))
	a = b.post(fmt.Sprintf("%s/%d", web.PeoplePath, bo), url.Values{"name": {"Bo"}, "team": {fmt.Sprint(s.teamB)},
		"role": {"volunteer"}, "language": {"en"}, "time_zone": {"America/Chicago"}})
	if a.status != http.StatusUnprocessableEntity || !strings.Contains(a.body, "You cannot change your own role") {
		t.Errorf("own role: %d", a.status)
	}
	if a := b.post(fmt.Sprintf("%s/%d/deactivate", web.PeoplePath, bo), nil); a.status != http.StatusForbidden {
		t.Errorf("deactivating oneself: %d, want 403", a.status)
	}
	if a := b.get(web.ReportsPath); a.status != http.StatusOK {
		t.Errorf("Bo signed out: %d", a.status)
	}
}

// TestPeopleRoleAndDeactivation: a coordinator changing an organizer's
// role on the people page signs them out; deactivating them signs them
// out too, and they get no code until made active again.
func TestPeopleRoleAndDeactivation(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, be storetest.Backend) {
		// Its own instant, not clocktest.Start (DEBRIEF_TEST_CLOCK moves
		// it): the pages show the day.
		s := newSiteAt(t, be, false, time.Date(2026, 11, 24, 17, 0, 0, 0, time.UTC))
		cora := s.browser(t)
		cora.signIn(coordinator)
		bo := s.personID(t, organizerB)
		path := fmt.Sprintf("%s/%d", web.PeoplePath, bo)

		olga := s.browser(t)
		olga.signIn(organizerA)
		cora.get(fmt.Sprintf("%s/%d", web.PeoplePath, s.personID(t, organizerA)))
		a := cora.post(fmt.Sprintf("%s/%d", web.PeoplePath, s.personID(t, organizerA)), url.Values{"name": {"Olga"},
			"team": {""}, "role": {"organizer"}, "language": {"es"}, "time_zone": {"America/Chicago"}})
		if a.status != http.StatusSeeOther {
			t.Fatalf("same role: %d", a.status)
		}
		if a := olga.get(web.ReportsPath); a.status != http.StatusOK {
			t.Errorf("Olga signed out by an edit that kept her role: %d", a.status)
		}

		b := s.browser(t)
		b.signIn(organizerB)
		cora.get(path)
		a = cora.post(path, url.Values{"name": {"Bo"}, "team": {fmt.Sprint(s.teamB)}, "role": {"coordinator"},
			"language": {"en"}, "time_zone": {"America/Chicago"}})
		if a.status != http.StatusSeeOther {
			t.Fatalf("role change: %d", a.status)
		}
		if a := b.get(web.ReportsPath); a.status != http.StatusSeeOther || a.location != web.SigninPath {
			t.Errorf("after a role change: %d to %q, want the sign-in page", a.status, a.location)
		}

		b = s.browser(t)
		b.signIn(organizerB)
		if a := cora.post(path+"/deactivate", nil); a.status != http.StatusSeeOther {
			t.Fatalf("deactivate: %d", a.status)
		}
		if a := b.get(web.ReportsPath); a.status != http.StatusSeeOther {
			t.Errorf("deactivated, still signed in: %d", a.status)
		}
		page := cora.get(path)
		if !strings.Contains(page.body, "deactivated Nov 24, 2026") || !strings.Contains(page.body, "/reactivate") {
			t.Errorf("the deactivated person's page:\n%s", page.body)
		}
		list := cora.get(web.PeoplePath)
		if !strings.Contains(list.body, "deactivated Nov 24, 2026") {
			t.Errorf("the people page does not say Bo is deactivated")
		}
		n := s.codes.count(organizerB)
		again := s.browser(t)
		if a := again.askCode(organizerB); a.status != http.StatusOK || s.codes.count(organizerB) != n {
			t.Errorf("a deactivated person asked a code: %d, %d texted", a.status, s.codes.count(organizerB)-n)
		}
		if a := cora.post(path+"/reactivate", nil); a.status != http.StatusSeeOther {
			t.Fatalf("reactivate: %d", a.status)
		}
		again.signIn(organizerB)
	})
}

// TestPeopleOtherTeamsOrganizer: someone on team B who organizes team A
// is shown to team A's other organizer, read-only: they are team B's to
// change. A teamless organizer of A may stay teamless.
func TestPeopleOtherTeamsOrganizer(t *testing.T) {
	t.Parallel()
	s := newSite(t, storetest.Backends(t)[0], false)
	ctx := context.Background()
	_, err := s.st.AddPerson(ctx, debrief.Volunteer{Phone: "+16175550160", Name: "Nia", Role: debrief.RoleOrganizer,
		TeamID: &s.teamA, Language: debrief.English, TimeZone: "America/Chicago"})
	if err != nil {
		t.Fatal(err)
	}
	bo := s.personID(t, organizerB)
	if err := s.st.UpdatePerson(ctx, store.PersonChange{ID: bo, Name: "Bo", TeamID: &s.teamB, Language: debrief.English,
		TimeZone: "America/Chicago", Role: debrief.RoleOrganizer}, s.clock.Now()); err != nil {
		t.Fatal(err)
	}
	if err := s.st.SetTeamOrganizer(ctx, s.teamA, bo); err != nil {
		t.Fatal(err)
	}
	b := s.browser(t)
	b.signIn("+16175550160")
	path := fmt.Sprintf("%s/%d", web.PeoplePath, bo)
	a := b.get(path)
	if a.status != http.StatusOK || !strings.Contains(a.body, "<h1>Bo</h1>") || strings.Contains(a.body, `action="`+path+`"`) {
		t.Errorf("Bo's page for Nia: %d, want it read-only:\n%s", a.status, a.body)
	}
	form := url.Values{"name": {"Bo"}, "team": {fmt.Sprint(s.teamA)}, "role": {"volunteer"}, "language": {"en"},
		"time_zone": {"America/Chicago"}}
	if a := b.post(path, form); a.status != http.StatusForbidden {
		t.Errorf("Nia edits Bo of team B: %d, want 403", a.status)
	}
	if a := b.post(path+"/deactivate", nil); a.status != http.StatusForbidden {
		t.Errorf("Nia deactivates Bo of team B: %d, want 403", a.status)
	}
	if p := s.person(t, organizerB); p.TeamID == nil || *p.TeamID != s.teamB || p.Role != debrief.RoleOrganizer || p.DeactivatedAt != nil {
		t.Errorf("Bo after Nia: %+v", p)
	}

	// Olga organizes nothing now and has no team: a coordinator makes her
	// organize A again, and Nia edits her, keeping her teamless.
	olga := s.personID(t, organizerA)
	if err := s.st.SetTeamOrganizer(ctx, s.teamA, olga); err != nil {
		t.Fatal(err)
	}
	path = fmt.Sprintf("%s/%d", web.PeoplePath, olga)
	if a := b.get(path); !strings.Contains(a.body, `<option value="" selected>No team</option>`) {
		t.Errorf("Olga's form for Nia keeps no team:\n%s", a.body)
	}
	form.Set("name", "Olga M")
	form.Set("team", "")
	form.Set("role", "organizer")
	if a := b.post(path, form); a.status != http.StatusSeeOther {
		t.Errorf("Nia edits Olga: %d", a.status)
	}
	if p := s.person(t, organizerA); p.Name != "Olga M" || p.TeamID != nil {
		t.Errorf("Olga after Nia: %+v", p)
	}
}
