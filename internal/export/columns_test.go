package export_test

import (
	"bytes"
	"encoding/csv"
	"slices"
	"strings"
	"testing"

	"github.com/debrief-sms/debrief"
	"github.com/debrief-sms/debrief/internal/clocktest"
	"github.com/debrief-sms/debrief/internal/export"
	"github.com/debrief-sms/debrief/internal/store"
)

// TestTeamQuestionColumns: a team question's answers go under the words it
// asked, both versions asked in the same words in one column, and the note
// names them the same way.
func TestTeamQuestionColumns(t *testing.T) {
	t.Parallel()
	ls := []store.ReportListing{
		{Volunteer: debrief.Volunteer{ID: 1}, Report: debrief.Report{Seq: 1, PersonName: "Ana", Status: debrief.ReportComplete,
			Extra: map[string]string{"q12": "A few hours", "q20": "yes"}}},
		{Volunteer: debrief.Volunteer{ID: 1}, Report: debrief.Report{Seq: 2, PersonName: "Bo", Status: debrief.ReportComplete,
			Extra: map[string]string{"q15": "A day"}}},
	}
	opts := export.Options{Location: clocktest.NewYork, Columns: []store.AnswerColumn{
		{Head: "How much time?", Keys: []string{"q12", "q15"}},
		{Head: "Would they recruit?", Keys: []string{"q20"}},
	}}
	var buf bytes.Buffer
	if err := export.CSV(&buf, opts, func(each func(store.ReportListing) error) error {
		for _, l := range ls {
			if err := each(l); err != nil {
				return err
			}
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(&buf).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	head := rows[0]
	n := len(head)
	if !slices.Equal(head[n-2:], []string{"How much time?", "Would they recruit?"}) {
		t.Fatalf("header ends %q", head[n-2:])
	}
	if got := rows[1][n-2:]; !slices.Equal(got, []string{"A few hours", "yes"}) {
		t.Errorf("Ana's answers %q", got)
	}
	if got := rows[2][n-2:]; !slices.Equal(got, []string{"A day", ""}) {
		t.Errorf("Bo's answers %q", got)
	}
	note := rows[1][slices.Index(head, "note")]
	if !strings.Contains(note, "\nHow much time?: A few hours") || !strings.Contains(note, "\nWould they recruit?: yes") {
		t.Errorf("note %q", note)
	}
}
