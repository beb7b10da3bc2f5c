package conversation

import (
	"strconv"
	"strings"

	"github.com/debrief-sms/debrief"
	"github.com/debrief-sms/debrief/internal/intent"
	"github.com/debrief-sms/debrief/internal/texts"
)

// answerCommitment reads what the person met agreed to do: one or more
// numbers ("2 and 3", "2 y 3"), a word of a choice, or their own words.
// "Something else" without words asks what; a number off the list asks
// again.
func (r *run) answerCommitment(i int, stored string) (asked bool) {
	q := &r.qs[i]
	d := r.draft()
	if nums, outOfRange, ok := intent.Choices(stored, len(q.Choices)); ok || outOfRange {
		if outOfRange {
			r.say("choice_retry", &texts.Vars{texts.Total: strconv.Itoa(len(q.Choices))})
			r.ask(i)
			return true
		}
		d.Commitments = d.Commitments[:0:0]
		for _, n := range nums {
			d.Commitments = append(d.Commitments, debrief.Commitment(q.Choices[n-1].Value))
		}
		d.Commitment = d.Commitments[0]
		d.CommitmentText = ""
		if hasCommitment(d.Commitments, debrief.CommitOther) {
			r.saveDraft()
			r.st.Pending = PendingOther
			r.prompt()
			return true
		}
		return false
	}
	value, _ := choose(q, stored)
	d.Commitment = debrief.Commitment(value)
	d.Commitments = []debrief.Commitment{d.Commitment}
	d.CommitmentText = stored
	return false
}

// answerOther takes the volunteer's words for "something else".
func (r *run) answerOther(i int, text string) {
	stored, _ := clip(text, MaxAnswer)
	d := r.draft()
	d.CommitmentText = stored
	r.st.Pending = ""
	r.saveDraft()
	r.next(i)
}

func hasCommitment(cs []debrief.Commitment, c debrief.Commitment) bool {
	for _, x := range cs {
		if x == c {
			return true
		}
	}
	return false
}

// commitmentPhrase is the report's commitments as a summary says them:
// "host a house party, attend an action", the volunteer's words for
// something else.
func (r *run) commitmentPhrase(d *debrief.Report) string {
	return commitmentPhrase(r.x, d)
}

// CommitmentPhrase is the report's commitments in lang as a summary says
// them, for readers outside a conversation (an export's note).
func CommitmentPhrase(lang debrief.Language, d *debrief.Report) string {
	return commitmentPhrase(texts.For(lang), d)
}

func commitmentPhrase(x texts.Catalog, d *debrief.Report) string {
	cs := d.Commitments
	if len(cs) == 0 && d.Commitment != "" {
		cs = []debrief.Commitment{d.Commitment}
	}
	parts := make([]string, 0, len(cs))
	for _, c := range cs {
		if c == debrief.CommitOther && d.CommitmentText != "" {
			parts = append(parts, d.CommitmentText)
			continue
		}
		parts = append(parts, x.Get("commit_"+string(c), nil))
	}
	return strings.Join(parts, ", ")
}
