package web_test

import (
	"context"
	"encoding/csv"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/debrief-sms/debrief/internal/export"
	"github.com/debrief-sms/debrief/internal/store/storetest"
	"github.com/debrief-sms/debrief/internal/web"
)

// addFiltered stores a complete report by the volunteer with phone, with
// the given commitments and notes, completed at.
func (s *site) addFiltered(t *testing.T, phone, person, commitments, notes string, at time.Time) {
	t.Helper()
	v, err := s.st.Volunteer(context.Background(), phone)
	if err != nil {
		t.Fatal(err)
	}
	first, _, _ := strings.Cut(commitments, ",")
	if _, err := s.db.Exec(`INSERT INTO reports (volunteer_id, seq, person_name, issue, commitment, commitments, notes,
		status, started_at, updated_at, completed_at)
		VALUES ($1, (SELECT COALESCE(MAX(seq), 0) + 1 FROM reports WHERE volunteer_id = $1), $2, 'heat', $3, $4, $5,
		'complete', $6, $6, $6)`, v.ID, person, first, commitments, notes, at.UTC()); err != nil {
		t.Fatal(err)
	}
	s.foldSearch(t)
}

var reportLink = regexp.MustCompile(`<li><a href="/reports/\d+">([^<]+)</a>`)

// listedNames are the people of the reports a page lists, in order.
func listedNames(body string) []string {
	var out []string
	for _, m := range reportLink.FindAllStringSubmatch(body, -1) {
		out = append(out, m[1])
	}
	return out
}

// csvPeople reads a download and returns its header and the full names of
// its rows' people.
func csvPeople(t *testing.T, body string) (header []string, people []string) {
	t.Helper()
	rows, err := csv.NewReader(strings.NewReader(body)).ReadAll()
	if err != nil {
		t.Fatalf("not a CSV file: %v\n%s", err, body)
	}
	if len(rows) == 0 {
		t.Fatal("an empty file, not even a header")
	}
	for _, r := range rows[1:] {
		people = append(people, strings.TrimSpace(r[0]+" "+r[1]))
	}
	return rows[0], people
}

// TestReportsFilters: the filters combine, read days in the viewer's zone,
// stay in the paging links and the download link, and the download holds
// exactly the page's reports (all its pages), for the viewer's teams only.
func TestReportsFilters(t *testing.T) {
	t.Parallel()
	for _, be := range storetest.Backends(t) {
		t.Run(be.Name, func(t *testing.T) {
			t.Parallel()
			start := time.Date(2026, 11, 24, 17, 0, 0, 0, time.UTC)
			s := newSiteAt(t, be, false, start)
			chicago, err := time.LoadLocation("America/Chicago") // the fixture's people's zone
			if err != nil {
				t.Fatal(err)
			}
			day := func(d, h, m int) time.Time { return time.Date(2026, 11, d, h, m, 0, 0, chicago) }
			s.addFiltered(t, volunteerA, "Late Monday", "meet_again,action", "knows the 100% club", day(23, 23, 30))
			s.addFiltered(t, volunteerA, "Early Tuesday", "action", "", day(24, 0, 10))
			s.addFiltered(t, volunteerA, "Lone Party", "house_party", "", day(20, 12, 0))
			s.addFiltered(t, volunteerB, "Bea Action", "action", "also knows the 100% club, with Ramón", day(23, 12, 0))
			for i := range 51 {
				s.addFiltered(t, volunteerA, fmt.Sprintf("Pat Many %02d", i), "other", "pat", day(10, 9, i))
			}
			vic, err := s.st.Volunteer(context.Background(), volunteerA)
			if err != nil {
				t.Fatal(err)
			}
			olga := s.browser(t) // organizer of A, Chicago
			olga.signIn(organizerA)
			cora := s.browser(t) // the coordinator
			cora.signIn(coordinator)

			for _, tc := range []struct {
				name  string
				b     *browser
				query string
				want  []string // newest first
			}{
				{"commitment among several", olga, "commitment=action", []string{"Early Tuesday", "Late Monday"}},
				{"commitment, every team", cora, "commitment=action", []string{"Early Tuesday", "Late Monday", "Bea Action"}},
				{"a day in the viewer's zone", olga, "from=2026-11-23&to=2026-11-23", []string{"Late Monday"}},
				{"from alone", olga, "from=2026-11-24", []string{"Maria Lopez", "Early Tuesday"}},
				{"to alone, included", olga, "to=2026-11-20&q=party", []string{"Lone Party"}},
				{"text in notes, % as typed", olga, "q=100%25", []string{"Late Monday"}},
				{"text, every team", cora, "q=100%25+CLUB", []string{"Late Monday", "Bea Action"}},
				{"text and commitment and days", cora, "q=o&commitment=action&from=2026-11-23&to=2026-11-23", []string{"Late Monday", "Bea Action"}},
				{"volunteer", cora, fmt.Sprintf("volunteer=%d&q=early", vic.ID), []string{"Early Tuesday"}},
				{"text in next steps", olga, "q=next+tuesday", []string{"Maria Lopez"}},
				{"accents and case folded", cora, "q=RAMON", []string{"Bea Action"}},
				{"accents as typed", cora, "q=ram%C3%B3n", []string{"Bea Action"}},
				{"accents typed, none written", cora, "q=M%C3%81NY+07", []string{"Pat Many 07"}},
				{"another team's volunteer, for an organizer", olga, "volunteer=999", nil},
				{"another team, for an organizer", olga, fmt.Sprintf("team=%d&q=bea", s.teamB), nil},
				{"status and text", olga, "status=draft&q=pat", nil},
			} {
				t.Run(tc.name, func(t *testing.T) {
					a := tc.b.get(web.ReportsPath + "?" + tc.query)
					if a.status != http.StatusOK {
						t.Fatalf("GET /reports?%s: %d %s", tc.query, a.status, a.body)
					}
					if got := listedNames(a.body); !slices.Equal(got, tc.want) {
						t.Errorf("/reports?%s lists %q, want %q", tc.query, got, tc.want)
					}
					d := tc.b.get(web.ReportsCSVPath + "?" + tc.query)
					if d.status != http.StatusOK {
						t.Fatalf("GET /reports.csv?%s: %d %s", tc.query, d.status, d.body)
					}
					header, people := csvPeople(t, d.body)
					if !slices.Equal(header[:len(export.Columns)], export.Columns) {
						t.Errorf("header %q", header)
					}
					slices.Reverse(people) // the file is oldest first
					if !slices.Equal(people, tc.want) {
						t.Errorf("/reports.csv?%s has %q, want %q", tc.query, people, tc.want)
					}
				})
			}

			// A filter on many pages: the links keep it, the download has
			// every page.
			q := url.Values{"q": {"PAT"}, "commitment": {"other"}, "from": {"2026-11-01"}, "to": {"2026-11-30"},
				"volunteer": {fmt.Sprint(vic.ID)}, "team": {fmt.Sprint(s.teamA)}, "status": {"complete"}}
			first := olga.get(web.ReportsPath + "?" + q.Encode())
			if n := len(listedNames(first.body)); n != 50 {
				t.Fatalf("page 1: %d reports, want 50", n)
			}
			next := url.Values{"page": {"2"}}
			for k, v := range q {
				next[k] = v
			}
			nextURL := strings.ReplaceAll(web.ReportsPath+"?"+next.Encode(), "&", "&amp;")
			if !strings.Contains(first.body, `href="`+nextURL+`"`) {
				t.Fatalf("page 1 has no link to %s:\n%s", nextURL, first.body)
			}
			csvURL := strings.ReplaceAll(web.ReportsCSVPath+"?"+q.Encode(), "&", "&amp;")
			if !strings.Contains(first.body, `href="`+csvURL+`"`) {
				t.Errorf("page 1 has no download link %s", csvURL)
			}
			for _, field := range []string{`name="q" type="search" value="PAT"`, `<option value="other" selected>`,
				`name="from" type="date" value="2026-11-01"`, `name="to" type="date" value="2026-11-30"`,
				`<option value="complete" selected>`} {
				if !strings.Contains(first.body, field) {
					t.Errorf("the form does not show the filter: no %s", field)
				}
			}
			second := olga.get(web.ReportsPath + "?" + next.Encode())
			if got := listedNames(second.body); !slices.Equal(got, []string{"Pat Many 00"}) {
				t.Errorf("page 2 lists %q, want Pat Many 00 alone", got)
			}
			d := olga.get(web.ReportsCSVPath + "?" + q.Encode())
			if _, people := csvPeople(t, d.body); len(people) != 51 {
				t.Errorf("the download has %d reports, want all 51", len(people))
			}
			if got := d.header.Get("Content-Type"); got != "text/csv; charset=utf-8" {
				t.Errorf("Content-Type %q", got)
			}
			if got := d.header.Get("Content-Disposition"); got != `attachment; filename="debrief-reports-2026-11-24.csv"` {
				t.Errorf("Content-Disposition %q", got)
			}
			if got := d.header.Get("Content-Length"); got != fmt.Sprint(len(d.body)) {
				t.Errorf("Content-Length %q for %d bytes", got, len(d.body))
			}
		})
	}
}

// TestReportsFiltersRefused: a malformed filter is a 400 that says what is
// wrong, on the page and its download alike.
func TestReportsFiltersRefused(t *testing.T) {
	t.Parallel()
	s := newSite(t, storetest.Backends(t)[0], false)
	b := s.browser(t)
	b.signIn(coordinator)
	for _, tc := range []struct{ query, says string }{
		{"volunteer=x", "volunteer"},
		{"volunteer=-3", "volunteer"},
		{"team=0", "team"},
		{"from=2026-13-01", "from"},
		{"to=yesterday", "to"},
		{"from=2026-11-30&to=2026-11-01", "after"},
		{"commitment=house+party", "commitment"},
		{"status=sent", "status"},
		{"q=" + strings.Repeat("a", 201), "q"},
		{"q=%ff%fe", "q"},
		{"q=a%00b", "q"},
		{"q=a%0Ab", "q"},
	} {
		for _, path := range []string{web.ReportsPath, web.ReportsCSVPath} {
			a := b.get(path + "?" + tc.query)
			if a.status != http.StatusBadRequest || !strings.Contains(a.body, tc.says) {
				t.Errorf("%s?%s: %d %q, want 400 naming %s", path, tc.query, a.status, a.body, tc.says)
			}
		}
	}
}
