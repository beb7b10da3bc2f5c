package conversation_test

import (
	"testing"

	"github.com/debrief-sms/debrief"
	"github.com/debrief-sms/debrief/internal/conversation"
)

// TestQuestionText checks the questions an export heads its columns
// with: the person met as a neutral word, the choices left out.
func TestQuestionText(t *testing.T) {
	t.Parallel()
	cases := []struct {
		lang     debrief.Language
		template string
		want     string
	}{
		{debrief.English, "q_issue", "What climate issue is this person most concerned about?"},
		{debrief.English, "q_commitment", "What did this person agree to do?"},
		{debrief.English, "q_next_date", "When will you talk to this person again?"},
		{debrief.Spanish, "q_commitment", "¿Qué va a hacer esta persona?"},
	}
	for _, tc := range cases {
		if got := conversation.QuestionText(tc.lang, tc.template); got != tc.want {
			t.Errorf("QuestionText(%s, %s) = %q, want %q", tc.lang, tc.template, got, tc.want)
		}
	}
}

// TestCommitmentPhrase checks a report's commitments in words, the
// volunteer's own for something else.
func TestCommitmentPhrase(t *testing.T) {
	t.Parallel()
	r := &debrief.Report{Commitments: []debrief.Commitment{debrief.CommitHouseParty, debrief.CommitOther}, CommitmentText: "a teach-in"}
	if got := conversation.CommitmentPhrase(debrief.English, r); got != "host a house party, a teach-in" {
		t.Errorf("CommitmentPhrase = %q", got)
	}
	if got := conversation.CommitmentPhrase(debrief.English, &debrief.Report{Commitment: debrief.CommitAction}); got != "attend an action" {
		t.Errorf("CommitmentPhrase of the first commitment alone = %q", got)
	}
}
