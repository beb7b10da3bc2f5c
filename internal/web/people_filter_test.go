package web_test

import (
	"context"
	"fmt"
	"net/http"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/debrief-sms/debrief"
	"github.com/debrief-sms/debrief/internal/store/storetest"
	"github.com/debrief-sms/debrief/internal/web"
)

// listed are the names in the people table of a page, in order.
func listed(body string) []string {
	_, table, _ := strings.Cut(body, "<tbody>")
	var out []string
	for _, m := range regexp.MustCompile(`<tr><td><a href="/people/\d+">([^<]*)</a>`).FindAllStringSubmatch(table, -1) {
		out = append(out, m[1])
	}
	return out
}

// TestPeopleStateFilter lists the people of each state, with the team
// filter or without, and says the state chosen in the heading and the
// title.
func TestPeopleStateFilter(t *testing.T) {
	t.Parallel()
	s := newSite(t, storetest.Backends(t)[0], false)
	s.markPeople(t) // Wes opted out and his number bad, Vic deactivated
	b := s.browser(t)
	b.signIn(coordinator)
	for _, tc := range []struct {
		query string
		want  []string
	}{
		{"", []string{"Bo", "Cora", "Olga", "Vic", "Wes"}},
		{"state=", []string{"Bo", "Cora", "Olga", "Vic", "Wes"}},
		{"state=active", []string{"Bo", "Cora", "Olga"}},
		{"state=opted_out", []string{"Wes"}},
		{"state=bad_number", []string{"Wes"}},
		{"state=deactivated", []string{"Vic"}},
		{fmt.Sprintf("state=active&team=%d", s.teamA), []string{"Olga"}},
		{fmt.Sprintf("state=deactivated&team=%d", s.teamB), nil},
	} {
		a := b.get(web.PeoplePath + "?" + tc.query)
		if got := listed(a.body); a.status != http.StatusOK || !slices.Equal(got, tc.want) {
			t.Errorf("?%s: %d %q, want %q", tc.query, a.status, got, tc.want)
		}
	}
	a := b.get(web.PeoplePath + "?state=opted_out")
	if !strings.Contains(a.body, "<h1>People: Opted out</h1>") || !strings.Contains(a.body, "<title>People: Opted out - Debrief</title>") ||
		!strings.Contains(a.body, `<option value="opted_out" selected>Opted out</option>`) {
		t.Errorf("?state=opted_out: the heading, title or menu does not say the state")
	}
	if a := b.get(web.PeoplePath); strings.Contains(a.body, " selected>") || !strings.Contains(a.body, "<h1>People</h1>") {
		t.Errorf("no filter: a state selected, or not the plain heading")
	}
	for _, q := range []string{"state=asleep", "state=Active", "state=opted+out", "state=active%00"} {
		if a := b.get(web.PeoplePath + "?" + q); a.status != http.StatusBadRequest || !strings.Contains(a.body, "state") {
			t.Errorf("?%s: %d %q, want 400 naming state", q, a.status, a.body)
		}
	}
}

// TestPeopleStatePaged lists 50 people a page, the state kept in the
// links.
func TestPeopleStatePaged(t *testing.T) {
	t.Parallel()
	s := newSite(t, storetest.Backends(t)[0], false)
	ctx := context.Background()
	for i := range 51 {
		if _, err := s.st.AddPerson(ctx, debrief.Volunteer{Phone: fmt.Sprintf("+1617555%04d", 2000+i),
			Name: fmt.Sprintf("Person %02d", i), Role: debrief.RoleVolunteer, TeamName: "Team A"}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := s.db.Exec(`UPDATE volunteers SET phone_bad = TRUE, phone_bad_at = created_at WHERE name LIKE 'Person %'`); err != nil {
		t.Fatal(err)
	}
	b := s.browser(t)
	b.signIn(organizerA)
	first := b.get(fmt.Sprintf("%s?team=%d&state=bad_number", web.PeoplePath, s.teamA))
	next := fmt.Sprintf(`href="/people?page=2&amp;state=bad_number&amp;team=%d"`, s.teamA)
	if got := listed(first.body); len(got) != 50 || got[0] != "Person 00" || got[49] != "Person 49" || !strings.Contains(first.body, next) {
		t.Errorf("page 1: %d people, want Person 00 to 49 and a link to page 2 (%s)", len(got), next)
	}
	second := b.get(fmt.Sprintf("%s?team=%d&state=bad_number&page=2", web.PeoplePath, s.teamA))
	prev := fmt.Sprintf(`href="/people?state=bad_number&amp;team=%d"`, s.teamA)
	if got := listed(second.body); !slices.Equal(got, []string{"Person 50"}) || !strings.Contains(second.body, prev) ||
		strings.Contains(second.body, "page=3") {
		t.Errorf("page 2: %q, want Person 50 alone and a link back to page 1 (%s)", got, prev)
	}
}
