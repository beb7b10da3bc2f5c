package texts

import (
	"strings"
	"testing"
	"time"

	"github.com/debrief-sms/debrief"
	"github.com/debrief-sms/debrief/internal/clocktest"
	"github.com/debrief-sms/debrief/internal/followup"
)

// TestPlanFollowupTexts renders the plan's follow-ups and the digest's
// plans in both languages, with long names and many plans not reported:
// every text one segment (the digest two, one for its plans).
func TestPlanFollowupTexts(t *testing.T) {
	t.Parallel()
	loc := clocktest.NewYork
	at := time.Date(2026, 12, 4, 15, 0, 0, 0, loc)
	long := strings.Repeat("Maria José ", 6)
	var many []Unreported
	var counts, teams []PlanCount
	for i, v := range []string{"Ana", "Ana", "Bo", "Cyrille-Anne Montgomery", "Dee", "Eve", "Fay", "Gus"} {
		many = append(many, Unreported{Volunteer: v, Person: long})
		counts = append(counts, PlanCount{Volunteer: v, Team: "Riverside", Planned: 12, Reported: 4})
		teams = append(teams, PlanCount{Volunteer: v, Team: []string{"Riverside Moms of the Valley", "Eastside"}[i%2], Planned: 2, Reported: 1})
	}
	for _, lang := range []debrief.Language{debrief.English, debrief.Spanish} {
		for _, tc := range []struct {
			name     string
			f        Followup
			segments int
			has      string
		}{
			{"reminder", Followup{Kind: followup.PlanReminder, Person: long, At: at, HasTime: true, Location: loc}, 1, "4"},
			{"reminder, a day", Followup{Kind: followup.PlanReminder, Person: "Maria", At: at, Location: loc}, 1, "Maria"},
			{"ask", Followup{Kind: followup.PlanAsk, Person: long}, 1, "1:1"},
			{"ask again", Followup{Kind: followup.PlanAskAgain, Person: long}, 1, "PLAN"},
			{"digest, no plans", Followup{Kind: followup.Digest, Reports: 3}, 1, ""},
			{"digest, all reported", Followup{Kind: followup.Digest, Reports: 3, Planned: 2, PlanReported: 2,
				PlanCounts: []PlanCount{{Volunteer: "Ana", Team: "Riverside", Planned: 2, Reported: 2}}}, 2, "(Ana 2 "},
			{"digest, many not reported", Followup{Kind: followup.Digest, Reports: 3, Failed: 2, Planned: 12, PlanReported: 4,
				PlanCounts: counts, Unreported: many}, 2, "+"},
			{"digest, per team", Followup{Kind: followup.Digest, Planned: 8, PlanReported: 4, PlanCounts: teams, Unreported: many}, 2, "Eastside 4"},
			{"digest, one not reported", Followup{Kind: followup.Digest, Planned: 1, Unreported: many[:1],
				PlanCounts: []PlanCount{{Volunteer: "Ana", Team: "Riverside", Planned: 1}}}, 2, "Ana: Maria"},
		} {
			t.Run(string(lang)+"/"+tc.name, func(t *testing.T) {
				got, err := RenderFollowup(lang, tc.f)
				if err != nil {
					t.Fatal(err)
				}
				parts := strings.Split(got, "\n")
				if len(parts) != tc.segments {
					t.Fatalf("%d texts, want %d: %q", len(parts), tc.segments, got)
				}
				for _, p := range parts {
					if !IsGSM7(p) || Segments(p) != 1 {
						t.Fatalf("%q is not one GSM-7 segment (%d)", p, Segments(p))
					}
				}
				if !strings.Contains(got, tc.has) {
					t.Fatalf("%q lacks %q", got, tc.has)
				}
			})
		}
	}
}
