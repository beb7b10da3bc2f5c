package web_test

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/debrief-sms/debrief/internal/store/storetest"
	"github.com/debrief-sms/debrief/internal/web"
)

// TestPeopleGolden renders the people and teams pages as the coordinator
// and an organizer writing Spanish see them, with a volunteer opted out
// and with a bad number, and one deactivated, and the organizer's list
// of the deactivated alone. Its instant is its own, as
// TestPagesGolden's.
func TestPeopleGolden(t *testing.T) {
	t.Parallel()
	s := newSiteAt(t, storetest.Backends(t)[0], false, time.Date(2026, 11, 24, 17, 0, 0, 0, time.UTC))
	s.markPeople(t)
	browsers := map[string]*browser{} // one sign-in a viewer: codes are limited per number
	for _, tc := range []struct {
		golden, phone, path string
	}{
		{"people_coordinator", coordinator, web.PeoplePath},
		{"people_organizer_es", organizerA, web.PeoplePath},
		{"people_deactivated_es", organizerA, web.PeoplePath + "?state=deactivated"},
		{"person_coordinator", coordinator, fmt.Sprintf("%s/%d", web.PeoplePath, s.personID(t, volunteerB))},
		{"person_new_es", organizerA, web.PeoplePath + "/new"},
		{"teams_coordinator", coordinator, web.TeamsPath},
		{"teams_organizer_es", organizerA, web.TeamsPath},
		{"team_coordinator", coordinator, fmt.Sprintf("%s/%d", web.TeamsPath, s.teamA)},
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
		// IDs stay: a fresh database gives the same ones every run.
		golden(t, tc.golden, strings.ReplaceAll(a.body, b.csrf, "CSRF"))
	}
}

// markPeople gives the fixture's volunteers the states the people pages
// show: Wes opted out and his number bad, Vic deactivated.
func (s *site) markPeople(t *testing.T) {
	t.Helper()
	at := time.Date(2026, 11, 20, 15, 0, 0, 0, time.UTC)
	if _, err := s.db.Exec(`UPDATE volunteers SET opted_out = TRUE, opted_out_at = $1, phone_bad = TRUE, phone_bad_at = $1
		WHERE phone = $2`, at, volunteerB); err != nil {
		t.Fatal(err)
	}
	if err := s.st.SetDeactivated(context.Background(), s.personID(t, volunteerA), true, at.Add(24*time.Hour)); err != nil {
		t.Fatal(err)
	}
}

// golden compares got with testdata/name.golden, or rewrites it under
// -update.
func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name+".golden")
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update)", err)
	}
	if got != string(want) {
		t.Errorf("%s differs (go test -update to accept):\n%s", path, got)
	}
}
