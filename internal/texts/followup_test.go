package texts

import (
	"strings"
	"testing"
	"time"

	"github.com/debrief-sms/debrief"
	"github.com/debrief-sms/debrief/internal/followup"
)

func TestRenderFollowup(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		lang debrief.Language
		f    Followup
		want string
	}{
		{"thanks", debrief.English, Followup{Kind: followup.Thanks, Person: "Maria"},
			"Have you thanked Maria for meeting? Reply DONE once you have."},
		{"next step", debrief.English, Followup{Kind: followup.NextStep, Person: "Maria", Commitment: debrief.CommitHouseParty},
			"Today: check in with Maria about hosting a house party. Reply DONE, or LATER for tomorrow."},
		{"next step, own words", debrief.English, Followup{Kind: followup.NextStep, Person: "Maria", Commitment: debrief.CommitOther, CommitmentText: "the PTA letter"},
			"Today: check in with Maria about the PTA letter. Reply DONE, or LATER for tomorrow."},
		{"next step, nothing agreed", debrief.English, Followup{Kind: followup.NextStep, Person: "Maria", Commitment: debrief.CommitNone},
			"Today: check in with Maria. Reply DONE, or LATER for tomorrow."},
		{"no name yet", debrief.English, Followup{Kind: followup.Thanks},
			"Have you thanked this person for meeting? Reply DONE once you have."},
		{"digest", debrief.English, Followup{Kind: followup.Digest, Reports: 12, Commitments: 5, Overdue: 2},
			"Debrief this week: 12 1:1s reported last week, 5 commitments made, 2 follow-ups overdue."},
		{"organizer", debrief.English, Followup{Kind: followup.OrganizerOverdue, Person: "Maria", Volunteer: "Ana"},
			"Ana's follow-up with Maria is overdue: no DONE after two reminders."},
		{"monthly", debrief.English, Followup{Kind: followup.Monthly, Month: time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC),
			Link: "https://debrief.fly.dev/monthly?month=2026-11"},
			"Debrief: the monthly report for November 2026 is ready: https://debrief.fly.dev/monthly?month=2026-11"},
		{"monthly, spanish", debrief.Spanish, Followup{Kind: followup.Monthly, Month: time.Date(2026, 9, 1, 0, 0, 0, 0, time.UTC),
			Link: "https://debrief.fly.dev/monthly?month=2026-09"},
			"Debrief: ya puede ver el informe mensual de septiembre 2026: https://debrief.fly.dev/monthly?month=2026-09"},
		{"spanish", debrief.Spanish, Followup{Kind: followup.NextStep, Person: "María", Commitment: debrief.CommitAction},
			"Hoy: habla con Maria sobre ir a un evento. Responde LISTO, o LUEGO para mañana."},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got, err := RenderFollowup(tc.lang, tc.f)
			if err != nil || got != tc.want {
				t.Fatalf("got %q, %v\nwant %q", got, err, tc.want)
			}
		})
	}
	if _, err := RenderFollowup(debrief.English, Followup{Kind: followup.Overdue}); err == nil {
		t.Error("an overdue check rendered as a text")
	}
}

// TestFollowupsFitOneSegment renders every follow-up text with the longest
// values a volunteer could type.
func TestFollowupsFitOneSegment(t *testing.T) {
	t.Parallel()
	long := strings.Repeat("Ñúñez-Ólafsdóttir 😀 ", 6)
	kinds := []followup.Kind{followup.Thanks, followup.NextStep, followup.Nudge, followup.OrganizerCommitment,
		followup.OrganizerOverdue, followup.OrganizerBadNumber, followup.Digest, followup.Monthly}
	for _, lang := range []debrief.Language{debrief.English, debrief.Spanish} {
		for _, k := range kinds {
			for _, c := range []debrief.Commitment{debrief.CommitHouseParty, debrief.CommitOther, debrief.CommitNone} {
				s, err := RenderFollowup(lang, Followup{Kind: k, Person: long, Volunteer: long, Commitment: c, CommitmentText: long,
					Reports: 99999, Commitments: 99999, Overdue: 99999,
					Month: time.Date(2026, 9, 1, 0, 0, 0, 0, time.UTC), Link: "https://" + strings.Repeat("x", MaxLink-8)})
				if err != nil {
					t.Fatal(err)
				}
				if n, ok := Septets(s); !ok || n > SegmentGSM7 {
					t.Errorf("%s/%s/%s: %d characters or not GSM-7: %q", lang, k, c, n, s)
				}
			}
		}
	}
}
