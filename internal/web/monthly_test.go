package web_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/debrief-sms/debrief/internal/store/storetest"
)

// seedYear gives Vic (team A) and Wes (team B) a year of 1:1s before the
// month of end, more each month, with next steps done, overdue and open,
// and issues and wishes written several ways, so that the monthly report
// has something to show. It returns the month the last reports are in.
func (s *site) seedYear(t *testing.T, end time.Time) time.Time {
	t.Helper()
	ctx := context.Background()
	vic, err := s.st.Volunteer(ctx, volunteerA)
	if err != nil {
		t.Fatal(err)
	}
	wes, err := s.st.Volunteer(ctx, volunteerB)
	if err != nil {
		t.Fatal(err)
	}
	issues := []string{"Clean air near schools", "clean air near school", "Flooding", "Aire limpio", "aire límpio", "Heat waves", "Pipelines"}
	wishes := []string{"phone banking", "Phone banking", "canvassing", "hosting", "Organizar"}
	commitments := []string{"house_party", "action", "meet_again", "other", "none", "action,meet_again"}
	statuses := []string{"done", "done", "overdue", "sent", "pending"}
	seq := map[int64]int{vic.ID: 100, wes.ID: 100}
	y, m, _ := end.In(time.UTC).Date()
	last := time.Date(y, m-1, 1, 0, 0, 0, 0, time.UTC)
	n := 0
	for i := range 12 {
		month := last.AddDate(0, i-11, 0)
		for j := range 2 + i {
			n++
			v := vic.ID
			if j%3 == 2 {
				v = wes.ID
			}
			seq[v]++
			at := month.AddDate(0, 0, 2+j).Add(15 * time.Hour)
			first, _, _ := strings.Cut(commitments[n%len(commitments)], ",")
			var id int64
			if err := s.db.QueryRow(`INSERT INTO reports (volunteer_id, seq, person_name, issue, commitment, commitments, enjoy,
				thanked, status, started_at, updated_at, completed_at)
				VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'complete', $9, $9, $9) RETURNING id`,
				v, seq[v], fmt.Sprintf("Person %d", n), issues[n%len(issues)], first, commitments[n%len(commitments)],
				wishes[n%len(wishes)], n%3 != 0, at.UTC()).Scan(&id); err != nil {
				t.Fatal(err)
			}
			if _, err := s.db.Exec(`INSERT INTO followups (report_id, volunteer_id, kind, due_at, status, created_at, updated_at)
				VALUES ($1, $2, 'next_step', $3, $4, $5, $5)`, id, v, at.Add(48*time.Hour).UTC(), statuses[(n+i)%len(statuses)], at.UTC()); err != nil {
				t.Fatal(err)
			}
		}
	}
	return last
}

// TestMonthlyPage checks the page's month: its default (the last full
// month in the viewer's zone), links to the months around it, bad input.
func TestMonthlyPage(t *testing.T) {
	t.Parallel()
	at := time.Date(2026, 11, 24, 17, 0, 0, 0, time.UTC)
	s := newSiteAt(t, storetest.Backends(t)[0], false, at)
	s.seedYear(t, at)
	b := s.browser(t)
	b.signIn(coordinator)
	def := b.get("/monthly")
	if def.status != http.StatusOK || !strings.Contains(def.body, "<h1>Monthly report: October 2026</h1>") ||
		!strings.Contains(def.body, `href="/monthly?month=2026-09"`) || !strings.Contains(def.body, `href="/monthly?month=2026-11"`) ||
		strings.Contains(def.body, "is not over") {
		t.Errorf("GET /monthly: %d, want October 2026 with links to September and November:\n%s", def.status, def.body)
	}
	// seedYear files 2 reports in its first month, one more each month:
	// 13 in October, 4 of them Wes's.
	if !strings.Contains(def.body, "13 1:1s reported by 2 volunteers of 2 teams.") {
		t.Errorf("October's summary is not 13 1:1s by 2 volunteers of 2 teams")
	}
	nov := b.get("/monthly?month=2026-11")
	if !strings.Contains(nov.body, "is not over") || strings.Contains(nov.body, "month=2026-12") {
		t.Errorf("November (under way): want a note that it is not over, and no link to December")
	}
	if a := b.get(fmt.Sprintf("/monthly?month=2026-10&team=%d", s.teamB)); !strings.Contains(a.body, "4 1:1s reported by 1 volunteer of 1 team.") ||
		!strings.Contains(a.body, fmt.Sprintf(`href="/monthly?month=2026-09&amp;team=%d"`, s.teamB)) {
		t.Errorf("October, team B: want 4 1:1s by Wes, and links that keep the team")
	}
	for _, q := range []string{"?month=2026-13", "?month=nov", "?month=1999-12", "?team=x"} {
		if a := b.get("/monthly" + q); a.status != http.StatusBadRequest {
			t.Errorf("/monthly%s: %d, want 400", q, a.status)
		}
	}
}
