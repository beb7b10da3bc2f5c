package conversation

import (
	"strings"
	"testing"
	"time"

	"github.com/debrief-sms/debrief"
)

// savedReportState is a volunteer whose report #1 on Hank is saved.
func savedReportState(lang debrief.Language) State {
	no := false
	done := start
	return State{
		Volunteer: known(lang), Step: StepDone, LastSeq: 1, LastActivity: start,
		Draft: &debrief.Report{Seq: 1, PersonName: "Hank", Status: debrief.ReportComplete, Thanked: &no,
			StartedAt: start, UpdatedAt: start, CompletedAt: &done},
	}
}

func TestTextsAfterASavedReport(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name, body string
		lang       debrief.Language
		wantSeq    int    // LastSeq after the text
		wantPerson string // the new report's person, when one starts
		want       string // in the reply
	}{
		{"a greeting days later starts the next report", "Hi", debrief.English, 2, "", "Who did you meet"},
		{"another one", "another one", debrief.English, 2, "", "report #2"},
		{"a name starts it with the person", "Jen Park", debrief.English, 2, "Jen Park", "Jen Park"},
		{"a name in Spanish", "Ana Ruiz", debrief.Spanish, 2, "Ana Ruiz", "Ana Ruiz"},
		{"otro", "otro", debrief.Spanish, 2, "", "#2"},
		{"thanks is not a name", "thanks!", debrief.English, 1, "", "saved"},
		{"ok is not a name", "ok", debrief.English, 1, "", "saved"},
		{"a question is not a name", "what?", debrief.English, 1, "", "saved"},
		{"yes is not a name", "yes", debrief.English, 1, "", "saved"},
		{"gracias", "Gracias", debrief.Spanish, 1, "", "Hank"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			c := newConvo(t, known(tc.lang))
			c.st = savedReportState(tc.lang)
			c.now = start.Add(3 * 24 * time.Hour)
			c.send(tc.body)
			if c.st.LastSeq != tc.wantSeq {
				t.Fatalf("LastSeq = %d, want %d; reply %q", c.st.LastSeq, tc.wantSeq, c.reply())
			}
			if !strings.Contains(c.reply(), tc.want) {
				t.Errorf("reply %q, want %q in it", c.reply(), tc.want)
			}
			if tc.wantSeq == 2 {
				if c.st.Draft.PersonName != tc.wantPerson {
					t.Errorf("person %q, want %q", c.st.Draft.PersonName, tc.wantPerson)
				}
				if tc.wantPerson != "" && c.st.Step != KeyIssue {
					t.Errorf("step %q, want the issue asked next", c.st.Step)
				}
				if r := c.saved[1]; r.Status != "" && r.Status != debrief.ReportComplete {
					t.Errorf("report 1 became %q", r.Status)
				}
			}
		})
	}
}
