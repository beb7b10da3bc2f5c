package inbox_test

import (
	"context"
	"sync/atomic"
	"testing"
	"time"

	"github.com/debrief-sms/debrief"
	"github.com/debrief-sms/debrief/internal/conversation"
	"github.com/debrief-sms/debrief/internal/inbox"
	"github.com/debrief-sms/debrief/internal/store"
	"github.com/debrief-sms/debrief/internal/store/storetest"
)

// countingStore counts the reads of the team questions.
type countingStore struct {
	*store.Store
	reads atomic.Int64
}

func (c *countingStore) ActiveQuestions(ctx context.Context) (*conversation.QuestionSet, error) {
	c.reads.Add(1)
	return c.Store.ActiveQuestions(ctx)
}

// TestTeamQuestions reports through the inbox with a team question: it is
// asked and its answer stored by its version; the questions are read once
// for the report, not for every text (the clock moves past the cache's
// age between texts); and a question edited while the report is open is
// asked as it was.
func TestTeamQuestions(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, b storetest.Backend) {
		st := &countingStore{Store: b.Open(t)}
		ctx := context.Background()
		const from = "+16175550111"
		v, err := st.AddVolunteer(ctx, debrief.Volunteer{Phone: from, Name: "Ana", TeamName: "Riverside Moms"})
		if err != nil {
			t.Fatal(err)
		}
		q, err := st.AddQuestion(ctx, v.TeamID, conversation.TeamQuestion{Kind: conversation.AskNumber, Text: "How many kids?"})
		if err != nil {
			t.Fatal(err)
		}
		at := now
		ib := inbox.New(st, inbox.Options{Now: func() time.Time { return at }, DefaultLocation: time.UTC})
		var last []string
		for i, body := range []string{"Hi", "Maria", "heat", "3", "call friday", "music", "SKIP", "two"} {
			if i == 6 {
				if _, err := st.EditQuestion(ctx, q.ID, conversation.TeamQuestion{Kind: conversation.AskNumber, Text: "How many children?"}); err != nil {
					t.Fatal(err)
				}
			}
			in := text(from, "SMq"+string(rune('a'+i)), body)
			in.ReceivedAt = at
			if last, _, err = ib.Handle(ctx, in); err != nil {
				t.Fatal(err)
			}
			if i == 6 && (len(last) != 1 || last[0] != "How many kids?") {
				t.Errorf("after the edit the report asks %q, want the words it started with", last)
			}
			at = at.Add(2 * time.Second)
		}
		if n := st.reads.Load(); n != 1 {
			t.Errorf("the team questions were read %d times for one report, want 1", n)
		}
		r, err := st.Report(ctx, v.ID, 1)
		if err != nil {
			t.Fatal(err)
		}
		if got := r.Extra[conversation.AnswerKey(q.Current.ID)]; got != "2" {
			t.Errorf("answer %q in %v, want 2 under the first version", got, r.Extra)
		}
	})
}
