package web_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/debrief-sms/debrief/internal/clocktest"
	"github.com/debrief-sms/debrief/internal/store/storetest"
	"github.com/debrief-sms/debrief/internal/web"
)

// addPlans seeds November 2026 (and one December day) with the plans of
// the fixture's volunteers, at fixed instants in New York: Vic's (team A)
// Maria Lopez reported (reportA), Ana Ruiz for a day and asked twice, Sam
// Diaz asked once, Kai Moss upcoming, Jo Park cancelled, Dana Wu in
// December; Wes's (team B) Lee Chan reported (reportB) and Pat Kim
// upcoming.
func (s *site) addPlans(t *testing.T) {
	t.Helper()
	ny, err := time.LoadLocation("America/New_York")
	if err != nil {
		t.Fatal(err)
	}
	at := func(d, h int) time.Time { return time.Date(2026, 11, d, h, 0, 0, 0, ny) }
	vic, wes := s.personID(t, volunteerA), s.personID(t, volunteerB)
	created := at(1, 9).UTC()
	for i, p := range []struct {
		volunteer int64
		person    string
		when      time.Time
		hasTime   bool
		status    string
		report    any
		asks      []string // sent
	}{
		{vic, "Maria Lopez", at(20, 15), true, "reported", s.reportA, []string{"plan_ask"}},
		{vic, "Ana Ruiz", at(22, 0), false, "planned", nil, []string{"plan_ask", "plan_ask_again"}},
		{vic, "Sam Diaz", at(23, 18), true, "planned", nil, []string{"plan_ask"}},
		{vic, "Kai Moss", at(27, 10), true, "planned", nil, nil},
		{vic, "Jo Park", at(26, 14), true, "cancelled", nil, nil},
		{vic, "Dana Wu", time.Date(2026, 12, 2, 11, 0, 0, 0, ny), true, "planned", nil, nil},
		{wes, "Lee Chan", at(23, 14), true, "reported", s.reportB, nil},
		{wes, "Pat Kim", at(28, 16), true, "planned", nil, nil},
	} {
		var id int64
		if err := s.db.QueryRow(`INSERT INTO plans (volunteer_id, seq, person_name, person_key, planned_at, has_time, status,
			report_id, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9) RETURNING id`,
			p.volunteer, i+1, p.person, strings.ToLower(p.person), p.when.UTC(), p.hasTime, p.status, p.report, created).Scan(&id); err != nil {
			t.Fatal(err)
		}
		for j, kind := range p.asks {
			sent := p.when.Add(time.Duration(j+1) * time.Hour).UTC()
			if _, err := s.db.Exec(`INSERT INTO followups (plan_id, volunteer_id, kind, due_at, status, sent_at, created_at, updated_at)
				VALUES ($1, $2, $3, $4, 'sent', $4, $5, $5)`, id, p.volunteer, kind, sent, created); err != nil {
				t.Fatal(err)
			}
		}
	}
}

// checkPlansPages is TestPagesAuthorization's part for the plans page, as
// viewer name, signed in as b is: an organizer sees their team's plans and
// figures alone, whatever they ask for; a coordinator sees every team's.
func checkPlansPages(t *testing.T, s *site, b *browser, name string) {
	t.Helper()
	i, known := who[name]
	if !known {
		t.Fatalf("no viewer %q", name)
	}
	const (
		in  = http.StatusSeeOther
		ok  = http.StatusOK
		bad = http.StatusBadRequest
	)
	teamA := []string{"Maria Lopez", "Ana Ruiz", "Sam Diaz", "Kai Moss", "Jo Park", ">Vic<", ">Team A<"}
	teamB := []string{"Lee Chan", "Pat Kim", ">Wes<", ">Team B<"}
	all := append(append([]string{"Dana Wu"}, teamA...), teamB...)
	reportA, reportB := fmt.Sprintf(`href="/reports/%d"`, s.reportA), fmt.Sprintf(`href="/reports/%d"`, s.reportB)
	for _, tc := range []struct {
		path   string
		status [5]int
		has    [5][]string
	}{
		{web.PlansPath + "?month=2026-11", [5]int{in, in, ok, ok, ok},
			[5][]string{nil, nil, append(teamA, reportA), append(teamB, reportB), append(append(teamA, teamB...), reportA, reportB)}},
		{fmt.Sprintf("%s?team=%d&month=2026-11", web.PlansPath, s.teamB), [5]int{in, in, ok, ok, ok},
			[5][]string{nil, nil, nil, append(teamB, reportB), append(teamB, reportB)}},
		{fmt.Sprintf("%s?team=%d&state=unreported&month=2026-11", web.PlansPath, s.teamA), [5]int{in, in, ok, ok, ok},
			[5][]string{nil, nil, {"Ana Ruiz", ">Vic<", ">Team A<"}, nil, {"Ana Ruiz", ">Vic<", ">Team A<"}}},
		{web.PlansPath + "?month=2026-12", [5]int{in, in, ok, ok, ok},
			[5][]string{nil, nil, {"Dana Wu", ">Vic<", ">Team A<"}, nil, {"Dana Wu", ">Vic<", ">Team A<"}}},
		{web.PlansPath + "?state=lost", [5]int{in, in, bad, bad, bad}, [5][]string{}},
		{web.PlansPath + "?month=2026-13", [5]int{in, in, bad, bad, bad}, [5][]string{}},
		{web.PlansPath + "?month=soon", [5]int{in, in, bad, bad, bad}, [5][]string{}},
		{web.PlansPath + "?team=x", [5]int{in, in, bad, bad, bad}, [5][]string{}},
	} {
		a := b.get(tc.path)
		if a.status != tc.status[i] || i < 2 && a.location != web.SigninPath {
			t.Errorf("GET %s: %d to %q, want %d", tc.path, a.status, a.location, tc.status[i])
			continue
		}
		if a.status != ok {
			continue
		}
		// What follows the filters: the team's options name every team
		// a coordinator may pick.
		_, main, _ := strings.Cut(a.body, "</form>\n<nav")
		for _, s := range tc.has[i] {
			if !strings.Contains(main, s) {
				t.Errorf("GET %s: no %q on the page", tc.path, s)
			}
		}
		for _, s := range append(all, reportA, reportB) {
			if strings.Contains(main, s) && !containsString(tc.has[i], s) {
				t.Errorf("GET %s: %q on the page", tc.path, s)
			}
		}
	}
}

// TestPlansGolden renders the plans page as the coordinator (every team,
// then team A) and as team A's organizer writing Spanish, on the seeded
// month, at TestPagesGolden's instant.
func TestPlansGolden(t *testing.T) {
	t.Parallel()
	s := newSiteAt(t, storetest.Backends(t)[0], false, time.Date(2026, 11, 24, 17, 0, 0, 0, time.UTC))
	s.addPlans(t)
	browsers := map[string]*browser{}
	for _, tc := range []struct {
		golden, phone, path string
	}{
		{"plans_coordinator", coordinator, web.PlansPath},
		{"plans_coordinator_team", coordinator, fmt.Sprintf("%s?team=%d", web.PlansPath, s.teamA)},
		{"plans_organizer_es", organizerA, web.PlansPath},
		{"plans_organizer_es_asked", organizerA, web.PlansPath + "?state=asked&month=2026-11"},
		{"plans_none", coordinator, web.PlansPath + "?month=2027-01"},
	} {
		b := browsers[tc.phone]
		if b == nil {
			b = s.browser(t)
			b.signIn(tc.phone)
			browsers[tc.phone] = b
		}
		a := b.get(tc.path)
		if a.status != http.StatusOK {
			t.Fatalf("%s: %d", tc.path, a.status)
		}
		golden(t, tc.golden, strings.ReplaceAll(a.body, b.csrf, "CSRF"))
	}
}

// TestPlansMonth: the page's month is the viewer's, by the server's
// clock: at 04:00 UTC on December 1 it is still November in Chicago.
func TestPlansMonth(t *testing.T) {
	t.Parallel()
	s := newSiteAt(t, storetest.Backends(t)[0], false, time.Date(2026, 12, 1, 4, 0, 0, 0, time.UTC))
	s.addPlans(t)
	b := s.browser(t)
	b.signIn(coordinator)
	a := b.get(web.PlansPath)
	if a.status != http.StatusOK || !strings.Contains(a.body, "November 2026") || !strings.Contains(a.body, "Maria Lopez") ||
		strings.Contains(a.body, "Dana Wu") || !strings.Contains(a.body, `href="/plans?month=2026-12"`) {
		t.Errorf("GET /plans at Nov 30 22:00 in Chicago: %d, want November's plans and a link to December:\n%s", a.status, a.body)
	}
	s.clock.Set(time.Date(2026, 12, 1, 6, 0, 0, 0, time.UTC))
	if a := b.get(web.PlansPath); !strings.Contains(a.body, "December 2026") || !strings.Contains(a.body, "Dana Wu") ||
		strings.Contains(a.body, "Maria Lopez") {
		t.Errorf("GET /plans at Dec 1 00:00 in Chicago: want December's plans")
	}
}

// TestPlansPaged lists 50 plans a page, by planned time, the filters kept
// in the links.
func TestPlansPaged(t *testing.T) {
	t.Parallel()
	s := newSite(t, storetest.Backends(t)[0], false)
	vic := s.personID(t, volunteerA)
	start := clocktest.Start()
	month := start.In(clocktest.NewYork).Format("2006-01") // the plans', whatever DEBRIEF_TEST_CLOCK says
	for i := range 51 {
		if _, err := s.db.Exec(`INSERT INTO plans (volunteer_id, seq, person_name, person_key, planned_at, has_time, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, TRUE, $6, $6)`, vic, i+1, fmt.Sprintf("Person %02d", i), fmt.Sprintf("person %02d", i),
			start.Add(time.Duration(i)*time.Minute).UTC(), start.UTC()); err != nil {
			t.Fatal(err)
		}
	}
	b := s.browser(t)
	b.signIn(organizerA)
	first := b.get(fmt.Sprintf("%s?team=%d&state=upcoming&month=%s", web.PlansPath, s.teamA, month))
	_, list, _ := strings.Cut(first.body, `id="pl-caption"`)
	next := fmt.Sprintf(`href="/plans?month=%s&amp;page=2&amp;state=upcoming&amp;team=%d"`, month, s.teamA)
	if n := strings.Count(list, "<tr><td>"); n != 50 || !strings.Contains(list, "Person 00") || strings.Contains(list, "Person 50") ||
		!strings.Contains(first.body, next) {
		t.Errorf("page 1: %d plans, want the first 50 and a link to page 2 (%s)", n, next)
	}
	second := b.get(fmt.Sprintf("%s?team=%d&state=upcoming&month=%s&page=2", web.PlansPath, s.teamA, month))
	_, list, _ = strings.Cut(second.body, `id="pl-caption"`)
	if n := strings.Count(list, "<tr><td>"); n != 1 || !strings.Contains(list, "Person 50") || strings.Contains(second.body, "page=3") {
		t.Errorf("page 2: %d plans, want Person 50 alone", n)
	}
	// The figures count every plan of the month, whatever the page.
	if !strings.Contains(first.body, "<th scope=\"row\">Vic</th><td>51</td>") {
		t.Errorf("page 1: Vic's figures, want 51 planned")
	}
}
