package main

import (
	"context"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/debrief-sms/debrief"
	"github.com/debrief-sms/debrief/internal/followup"
	"github.com/debrief-sms/debrief/internal/store"
	"github.com/debrief-sms/debrief/internal/store/storetest"
)

var update = flag.Bool("update", false, "rewrite testdata/*.golden with what the tests print")

// TestUsersAndTeams signs people up and makes teams through the command
// line, on each database, then checks what was stored.
func TestUsersAndTeams(t *testing.T) {
	t.Parallel()
	storetest.EachOf(t, backends, func(t *testing.T, b storetest.Backend) {
		e := env{"DATABASE_URL": b.NewURL(t), "DEFAULT_TIMEZONE": "America/New_York"}
		steps := []struct {
			args []string
			want string // the output, exactly
		}{
			{
				[]string{"users", "add", "--phone", "(617) 555-0101", "--name", "Olga Ruiz", "--role", "organizer",
					"--team", "eastside", "--timezone", "America/Chicago"},
				"added organizer Olga Ruiz (+1617***0101), team eastside, language en, time zone America/Chicago, id 1\n",
			},
			{
				[]string{"teams", "add", "--name", "Eastside", "--organizer", "617-555-0101"},
				"team eastside exists\nOlga Ruiz (+1617***0101) organizes team eastside\n",
			},
			{
				[]string{"users", "add", "--phone", "+1 617 555 0102", "--name", "Ana", "--role", "Volunteer",
					"--team", "EASTSIDE", "--language", "es"},
				"added volunteer Ana (+1617***0102), team eastside, language es, time zone America/New_York, id 2\n",
			},
			{
				[]string{"users", "add", "--phone", "6175550103", "--name", "Cy", "--role", "coordinator"},
				"added coordinator Cy (+1617***0103), no team, language en, time zone America/New_York, id 3\n",
			},
			{[]string{"teams", "add", "--name", " Westside "}, "added team Westside\n"},
			{
				[]string{"teams", "set-organizer", "--name", "WESTSIDE", "--organizer", "+16175550103"},
				"Cy (+1617***0103) organizes team Westside\n",
			},
		}
		for _, s := range steps {
			if got := mustRun(t, e, s.args...); got != s.want {
				t.Errorf("debrief %s:\ngot  %q\nwant %q", strings.Join(s.args, " "), got, s.want)
			}
		}

		withTestStore(t, e, func(st *store.Store) {
			ctx := context.Background()
			ana, err := st.Volunteer(ctx, "+16175550102")
			if err != nil {
				t.Fatal(err)
			}
			if ana.TeamName != "eastside" || ana.Language != debrief.Spanish || ana.Role != debrief.RoleVolunteer {
				t.Errorf("Ana stored as %+v", ana)
			}
			orgs, err := st.Organizers(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if len(orgs) != 2 || orgs[0].ID != 1 || orgs[0].TimeZone != "America/Chicago" || orgs[1].ID != 3 {
				t.Errorf("organizers %+v, want Olga (1) and Cy (3)", orgs)
			}
			teams, err := st.Teams(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if len(teams) != 2 {
				t.Errorf("teams %+v, want eastside and Westside only", teams)
			}
		})
	})
}

// TestAdminErrors checks that bad input fails with a helpful message and
// changes nothing.
func TestAdminErrors(t *testing.T) {
	t.Parallel()
	e := sqliteEnv(t, nil)
	mustRun(t, e, "users", "add", "--phone", "+16175550101", "--name", "Olga", "--role", "organizer", "--team", "Eastside")
	tests := []struct {
		name string
		args []string
		want []string
	}{
		{"unknown role", []string{"users", "add", "--phone", "+16175550102", "--name", "Ana", "--role", "boss"},
			[]string{`--role "boss"`, "volunteer, organizer or coordinator"}},
		{"no role", []string{"users", "add", "--phone", "+16175550102", "--name", "Ana"}, []string{"--role is required"}},
		{"invalid phone", []string{"users", "add", "--phone", "555-01", "--name", "Ana", "--role", "volunteer"},
			[]string{`--phone "555-01"`, "not a valid phone number"}},
		{"no phone", []string{"users", "add", "--name", "Ana", "--role", "volunteer"}, []string{"--phone is required"}},
		{"no name", []string{"users", "add", "--phone", "+16175550102", "--name", " ", "--role", "volunteer"},
			[]string{"--name is required"}},
		{"every mistake at once", []string{"users", "add", "--phone", "x", "--role", "boss", "--language", "fr", "--timezone", "Eastern"},
			[]string{"--phone", "--name", "--role", `--language "fr"`, `--timezone "Eastern"`}},
		{"phone taken", []string{"users", "add", "--phone", "617 555 0101", "--name", "Olga", "--role", "volunteer"},
			[]string{"+1617***0101 is already signed up"}},
		{"team without name", []string{"teams", "add", "--organizer", "+16175550101"}, []string{"--name is required"}},
		{"unknown organizer", []string{"teams", "add", "--name", "Northside", "--organizer", "617-555-0199"},
			[]string{"--organizer +1617***0199 is not signed up", "debrief users add"}},
		{"invalid organizer phone", []string{"teams", "add", "--name", "Northside", "--organizer", "Olga"},
			[]string{`--organizer "Olga"`}},
		{"organizer of unknown team", []string{"teams", "set-organizer", "--name", "Northside", "--organizer", "+16175550101"},
			[]string{`team "Northside"`, "teams add"}},
		{"set organizer without organizer", []string{"teams", "set-organizer", "--name", "Eastside"},
			[]string{"--organizer is required"}},
		{"unknown status", []string{"followups", "--status", "lost"}, []string{`--status "lost"`, "pending, sending"}},
		{"invalid volunteer phone", []string{"followups", "--volunteer", "Ana"}, []string{`--volunteer "Ana"`}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			out, _, err := runCmd(t, e, tc.args...)
			if err == nil {
				t.Fatalf("succeeded, printing %q", out)
			}
			if errors.Is(err, errUsage) {
				t.Errorf("error %q is a usage error; want one naming the bad input", err)
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not say %q", err, w)
				}
			}
		})
	}
	withTestStore(t, e, func(st *store.Store) {
		teams, err := st.Teams(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		if len(teams) != 1 || teams[0].Name != "Eastside" {
			t.Errorf("teams %+v, want Eastside alone: a failed command created one", teams)
		}
		if _, err := st.Volunteer(context.Background(), "+16175550102"); !errors.Is(err, store.ErrNoVolunteer) {
			t.Errorf("a failed users add stored Ana: %v", err)
		}
	})
}

// TestFollowupsList lists follow-ups as the operator sees them, due times
// in each recipient's zone, on each database.
func TestFollowupsList(t *testing.T) {
	t.Parallel()
	chicago, err := time.LoadLocation("America/Chicago")
	if err != nil {
		t.Fatal(err)
	}
	storetest.EachOf(t, backends, func(t *testing.T, b storetest.Backend) {
		e := env{"DATABASE_URL": b.NewURL(t)}
		mustRun(t, e, "users", "add", "--phone", "+16175550101", "--name", "Olga", "--role", "organizer", "--team", "Eastside")
		mustRun(t, e, "teams", "add", "--name", "Eastside", "--organizer", "+16175550101")
		mustRun(t, e, "users", "add", "--phone", "+13125550102", "--name", "Ana", "--role", "volunteer",
			"--team", "eastside", "--timezone", "America/Chicago")
		mustRun(t, e, "users", "add", "--phone", "+16175550103", "--name", "Bo", "--role", "volunteer", "--team", "Westside")
		withTestStore(t, e, func(st *store.Store) {
			reported := time.Date(2026, 11, 24, 10, 0, 0, 0, chicago)
			fileReport(t, st, "+13125550102", reported)
			ana, err := st.VolunteerID(context.Background(), "+13125550102")
			if err != nil {
				t.Fatal(err)
			}
			err = st.AddFollowups(context.Background(), []store.NewFollowup{
				{VolunteerID: ana, ReportSeq: 1, Kind: followup.Thanks, DueAt: reported.Add(2 * time.Hour)},
				{VolunteerID: ana, ReportSeq: 1, Kind: followup.NextStep, DueAt: time.Date(2026, 12, 1, 9, 0, 0, 0, chicago)},
				{VolunteerID: ana, ReportSeq: 1, Kind: followup.OrganizerCommitment, DueAt: reported},
			})
			if err != nil {
				t.Fatal(err)
			}
			// The organizer's text, due first, failed for good: the
			// listing says why, with Twilio's code.
			due, err := st.ClaimDue(context.Background(), reported.Add(time.Minute), 1, time.Minute)
			if err != nil || len(due) != 1 {
				t.Fatalf("claim: %v, %v", due, err)
			}
			err = st.FailFollowup(context.Background(), due[0].ID, 30007, "Message filtered\n by the carrier", reported.Add(time.Minute))
			if err != nil {
				t.Fatal(err)
			}
		})

		checkGolden(t, "followups", mustRun(t, e, "followups"))
		for _, args := range [][]string{
			{"followups", "--team", "EASTSIDE"},
			{"followups", "--volunteer", "(312) 555-0102"},
		} {
			checkGolden(t, "followups", mustRun(t, e, args...))
		}
		if got := mustRun(t, e, "followups", "--status", "Pending"); strings.Contains(got, "failed") || strings.Count(got, "\n") != 3 {
			t.Errorf("the pending follow-ups:\n%s", got)
		}
		if got := mustRun(t, e, "followups", "--volunteer", "+16175550101", "--status", "failed"); !strings.Contains(got, "organizer_commitment") ||
			!strings.Contains(got, "30007 Message filtered by the carrier") || strings.Count(got, "\n") != 2 {
			t.Errorf("the organizer's follow-ups:\n%s", got)
		}
		for _, args := range [][]string{
			{"followups", "--team", "Westside"},
			{"followups", "--volunteer", "+16175550103"},
			{"followups", "--status", "done"},
		} {
			if got := mustRun(t, e, args...); got != "no follow-ups\n" {
				t.Errorf("debrief %s:\n%s", strings.Join(args, " "), got)
			}
		}
	})
}

// checkGolden compares got with testdata/name.golden, or rewrites the file
// with -update.
func checkGolden(t *testing.T, name, got string) {
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
		t.Fatal(err)
	}
	if got != string(want) {
		t.Errorf("got:\n%s\nwant (%s):\n%s", got, path, want)
	}
}
