package store

import (
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"
)

// TestStatementTextsByShape builds the Save statement of every kind of step
// and checks that the text found by its shape is the text written out for
// that very step, and its parameters the same, whatever step of that shape
// came first.
func TestStatementTextsByShape(t *testing.T) {
	steps := stepsOfEveryShape()
	for n, st := range steps {
		got, gotArgs := st.postgres()
		q := pgQuery{text: &strings.Builder{}}
		st.buildPostgres(&q)
		if got != q.text.String() || !reflect.DeepEqual(gotArgs, q.args) {
			t.Fatalf("step %d (%s): the text found by shape is not the step's own:\nfound   %s\nwritten %s",
				n, describe(st), got, q.text.String())
		}
		if want := strings.Count(got, "$"); len(gotArgs) < 12 || want < len(gotArgs) {
			t.Fatalf("step %d (%s): %d parameters for %d placeholders", n, describe(st), len(gotArgs), want)
		}
	}
	t.Logf("%d steps, %d statement texts", len(steps), len(pgTexts.m))
}

// stepsOfEveryShape are Save steps of every kind there is: a newcomer or
// not; each team case; no report, a new or stored draft, an abandoned one
// too; each follow-up change; each twice, with other values.
func stepsOfEveryShape() []step {
	at := time.Date(2026, 11, 24, 15, 0, 0, 0, time.UTC)
	volunteers := []*volunteerChange{
		nil,
		{name: "Ana", language: "en", timeZone: "America/New_York", role: "volunteer", createdAt: at},
		{name: "Ana", language: "es", createTeam: "Eastside", role: "volunteer", createdAt: at},
		{name: "Ana", language: "en", teamID: int64(7), role: "volunteer", createdAt: at},
		{name: "Ana", language: "en", teamName: "Riverside", role: "volunteer", createdAt: at},
	}
	values := func(s string) []any {
		v := make([]any, len(reportColumns))
		for i, c := range reportColumns {
			switch c.pgType {
			case "timestamptz":
				v[i] = at
			case "boolean":
				v[i] = true
			case "jsonb":
				v[i] = "{}"
			default:
				v[i] = s
			}
		}
		return v
	}
	reports := []struct {
		rows  []reportRow
		draft bool
	}{
		{nil, false},
		{[]reportRow{{seq: 1, values: values("a")}}, true},
		{[]reportRow{{id: 9, seq: 2, values: values("b")}}, true},
		{[]reportRow{{seq: 3, values: values("c")}, {id: 9, seq: 2, values: values("d")}}, true},
		{[]reportRow{{id: 9, seq: 2, values: values("e")}}, false}, // abandoned only
	}
	next := at.Add(48 * time.Hour)
	followups := []*followupChange{
		nil,
		{seq: 1, kinds: []string{"thanks", "next_step"}, dues: []time.Time{at, next}},
		{seq: 1, kinds: []string{"thanks"}, dues: []time.Time{at}, orgKinds: []string{"organizer_commitment"}, orgDues: []time.Time{at}},
		{seq: 3, nextStepTo: &next, cancelThanks: true},
		{closeID: 5},
		{moveID: 6, moveTo: next},
		{cancelAll: true, closeID: 5},
	}
	var steps []step
	for _, volunteerID := range []int64{0, 42} {
		for _, v := range volunteers {
			for _, r := range reports {
				for _, fc := range followups {
					if volunteerID == 0 && v == nil {
						continue // a newcomer's step always carries the volunteer
					}
					for _, body := range []string{"first", "second text, another length"} {
						steps = append(steps, step{
							volunteerID: volunteerID, version: 3, at: at, convStep: "issue", lastSeq: 1,
							stateJSON: `{}`, sid: "SM" + body, from: "+16175550100", body: body,
							mediaURLs: "[]", replies: []string{"ok"},
							volunteer: v, reports: r.rows, draft: r.draft, followups: fc,
						})
					}
				}
			}
		}
	}
	// Plans (issue 11): added with and without follow-ups, cancelled,
	// closed by the report completed in the same step, their asks
	// answered; with and without a draft and other follow-up changes.
	plans := []*planChange{
		{addSeq: 1, person: "Maria", key: "maria", at: next, hasTime: true,
			kinds: []string{"plan_reminder", "plan_ask", "plan_ask_again"}, dues: []time.Time{at, next, next}},
		{addSeq: 2, person: "Sam", key: "sam", at: next, kinds: []string{}, dues: []time.Time{}},
		{cancelSeq: 3},
		{closeSeq: 1},
		{answeredSeq: 2},
		{addSeq: 4, person: "Jo", key: "jo", at: next, hasTime: true, kinds: []string{"plan_ask"}, dues: []time.Time{next}, closeSeq: 1},
		{addSeq: 5, person: "Jo", key: "jo", at: next, hasTime: true, kinds: []string{"plan_ask"}, dues: []time.Time{next}, cancelSeq: 4},
	}
	for _, pc := range plans {
		for _, r := range reports[:3] {
			for _, fc := range []*followupChange{nil, followups[1], followups[4]} {
				for _, body := range []string{"first", "second text, another length"} {
					steps = append(steps, step{
						volunteerID: 42, version: 3, at: at, convStep: "done", lastSeq: 1,
						stateJSON: `{}`, sid: "SM" + body, from: "+16175550100", body: body,
						mediaURLs: "[]", replies: []string{"ok"},
						reports: r.rows, draft: r.draft, followups: fc, plans: pc,
					})
				}
			}
		}
	}
	return steps
}

func describe(st step) string {
	return fmt.Sprintf("volunteer %d, change %+v, reports %d, follow-ups %+v, plans %+v", st.volunteerID, st.volunteer, len(st.reports), st.followups, st.plans)
}

// BenchmarkStatement builds an answer's Save statement, as the webhook does
// for most texts: the text is found by its shape after the first time.
func BenchmarkStatement(b *testing.B) {
	at := time.Date(2026, 11, 24, 15, 0, 0, 0, time.UTC)
	values := make([]any, len(reportColumns))
	for i := range values {
		values[i] = "an answer"
	}
	st := step{
		volunteerID: 42, version: 3, at: at, convStep: "issue", lastSeq: 1, stateJSON: `{}`,
		sid: "SM1", from: "+16175550100", body: "clean air", mediaURLs: "[]", replies: []string{"ok"},
		reports: []reportRow{{id: 9, seq: 1, values: values}}, draft: true,
	}
	b.ReportAllocs()
	for b.Loop() {
		st.postgres()
	}
}
