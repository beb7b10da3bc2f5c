package conversation

import (
	"reflect"
	"strings"
	"testing"

	"github.com/debrief-sms/debrief"
)

func TestCommitments(t *testing.T) {
	t.Parallel()
	const (
		party = debrief.CommitHouseParty
		act   = debrief.CommitAction
		again = debrief.CommitMeetAgain
		other = debrief.CommitOther
	)
	for _, tc := range []struct {
		name     string
		lang     debrief.Language
		texts    []string
		want     []debrief.Commitment
		wantText string
		wantStep string
		reply    string // in the last reply
	}{
		{"one number", debrief.English, []string{"1"}, []debrief.Commitment{party}, "", KeyNextSteps, "next steps"},
		{"two numbers", debrief.English, []string{"2 and 3"}, []debrief.Commitment{act, again}, "", KeyNextSteps, "next steps"},
		{"two numbers in Spanish", debrief.Spanish, []string{"2 y 3"}, []debrief.Commitment{act, again}, "", KeyNextSteps, ""},
		{"a list", debrief.English, []string{"1, 3"}, []debrief.Commitment{party, again}, "", KeyNextSteps, ""},
		{"something else asks what", debrief.English, []string{"4"}, []debrief.Commitment{other}, "", KeyCommitment, "In a few words"},
		{"something else, then the words", debrief.English, []string{"4", "write a letter to the editor"}, []debrief.Commitment{other}, "write a letter to the editor", KeyNextSteps, "next steps"},
		{"something else skipped", debrief.English, []string{"4", "SKIP"}, []debrief.Commitment{other}, "", KeyNextSteps, "next steps"},
		{"an action and something else", debrief.English, []string{"2 and 4", "bring her sister"}, []debrief.Commitment{act, other}, "bring her sister", KeyNextSteps, ""},
		{"off the list asks again", debrief.English, []string{"7"}, nil, "", KeyCommitment, "1 to 5"},
		{"off the list in Spanish", debrief.Spanish, []string{"9"}, nil, "", KeyCommitment, "1 al 5"},
		{"in their own words", debrief.English, []string{"She'll host a party in May"}, []debrief.Commitment{party}, "She'll host a party in May", KeyNextSteps, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			c := newConvo(t, known(tc.lang))
			c.st = midReport(tc.lang, KeyCommitment)
			for _, b := range tc.texts {
				c.send(b)
			}
			d := c.st.Draft
			if !reflect.DeepEqual(d.Commitments, tc.want) {
				t.Errorf("commitments %v, want %v", d.Commitments, tc.want)
			}
			if len(tc.want) > 0 && d.Commitment != tc.want[0] {
				t.Errorf("commitment %q, want the first, %q", d.Commitment, tc.want[0])
			}
			if d.CommitmentText != tc.wantText {
				t.Errorf("commitment text %q, want %q", d.CommitmentText, tc.wantText)
			}
			if c.st.Step != tc.wantStep {
				t.Errorf("step %q, want %q", c.st.Step, tc.wantStep)
			}
			if !strings.Contains(c.reply(), tc.reply) {
				t.Errorf("reply %q, want %q in it", c.reply(), tc.reply)
			}
		})
	}
}

func TestSummaryNamesEveryCommitment(t *testing.T) {
	t.Parallel()
	c := newConvo(t, known(debrief.English))
	c.st = midReport(debrief.English, KeyCommitment)
	for _, b := range []string{"2 and 4", "bring her sister", "call her Friday", "gardening", "SKIP", "yes"} {
		c.send(b)
	}
	if got := c.reply(); !strings.Contains(got, "attend an action, bring her sister") {
		t.Errorf("summary %q does not name both commitments", got)
	}
}
