package store_test

import (
	"context"
	"fmt"
	"reflect"
	"testing"
	"time"

	"github.com/debrief-sms/debrief"
	"github.com/debrief-sms/debrief/internal/clocktest"
	"github.com/debrief-sms/debrief/internal/conversation"
	"github.com/debrief-sms/debrief/internal/store"
	"github.com/debrief-sms/debrief/internal/store/storetest"
)

// TestQuestionTallies counts a month of answers per team and question on
// each backend, across an edit of a question (its versions count
// together), leaving out drafts, other months and keys that are no
// question's; and names the export's columns by the words asked.
func TestQuestionTallies(t *testing.T) {
	t.Parallel()
	ny := clocktest.NewYork
	day := func(month time.Month, d int) time.Time { return time.Date(2026, month, d, 12, 0, 0, 0, ny) }
	storetest.Each(t, func(t *testing.T, b storetest.Backend) {
		s, db := b.OpenWithDB(t)
		ctx := context.Background()
		id := map[string]int64{}
		for _, name := range []string{"Riverside Moms", "Eastside"} {
			tm, err := s.CreateTeam(ctx, name)
			if err != nil {
				t.Fatal(err)
			}
			id[name] = tm.ID
		}
		riverside := id["Riverside Moms"]
		must := func(q store.StoredQuestion, err error) store.StoredQuestion {
			t.Helper()
			if err != nil {
				t.Fatal(err)
			}
			return q
		}
		time1 := must(s.AddQuestion(ctx, &riverside, conversation.TeamQuestion{Kind: conversation.AskChoice, Text: "How much time?",
			Choices: conversation.SplitChoices("An hour;A day", "")}))
		first := must(s.AddQuestion(ctx, nil, conversation.TeamQuestion{Kind: conversation.AskYesNo, Text: "First 1:1?"}))
		skills1 := must(s.AddQuestion(ctx, &riverside, conversation.TeamQuestion{Text: "Skills?"}))
		time2 := must(s.EditQuestion(ctx, time1.ID, conversation.TeamQuestion{Kind: conversation.AskChoice, Text: "How much time?",
			TextES: "¿Qué tiempo?", Choices: conversation.SplitChoices("An hour;A day", "Una hora;Una jornada")}))
		skills2 := must(s.EditQuestion(ctx, skills1.ID, conversation.TeamQuestion{Text: "What skills?"}))
		k := func(q store.StoredQuestion) string { return conversation.AnswerKey(q.Current.ID) }
		extra := func(kv ...string) string {
			out := "{"
			for i := 0; i < len(kv); i += 2 {
				if i > 0 {
					out += ","
				}
				out += fmt.Sprintf("%q:%q", kv[i], kv[i+1])
			}
			return out + "}"
		}
		const ana, bo = "+16175550101", "+16175550102"
		seedReports(t, s, db, []listed{
			{"Nov 10", ana, debrief.ReportComplete, day(11, 10), "", extra(k(time1), "An hour", k(first), "yes", k(skills1), "cooking", "ward", "7")},
			{"Nov 12 draft", ana, debrief.ReportDraft, day(11, 12), "", extra(k(time1), "A day")},
			{"Nov 15", bo, debrief.ReportComplete, day(11, 15), "", extra(k(first), "yes")},
			{"Nov 20", ana, debrief.ReportComplete, day(11, 20), "", extra(k(time2), "A day", k(first), "no", k(skills2), "writing")},
			{"Dec 2", ana, debrief.ReportComplete, day(12, 2), "", extra(k(time2), "An hour")},
		})
		var f store.ReportFilter
		if err := f.SetDays("2026-11-01", "2026-11-30", ny); err != nil {
			t.Fatal(err)
		}
		got, err := s.QuestionTallies(ctx, store.TallyFilter{Since: f.Since, Until: f.Until})
		if err != nil {
			t.Fatal(err)
		}
		type row struct {
			team, text string
			answered   int
			counts     []store.AnswerCount
			answers    []string
		}
		var rows []row
		for _, q := range got {
			rows = append(rows, row{q.TeamName, q.Current.Text, q.Answered, q.Counts, q.Answers})
		}
		want := []row{
			{"Eastside", "First 1:1?", 1, []store.AnswerCount{{"yes", 1}, {"no", 0}}, nil},
			{"Riverside Moms", "First 1:1?", 2, []store.AnswerCount{{"yes", 1}, {"no", 1}}, nil},
			{"Riverside Moms", "How much time?", 2, []store.AnswerCount{{"An hour", 1}, {"A day", 1}}, nil},
			{"Riverside Moms", "What skills?", 2, nil, []string{"cooking", "writing"}},
		}
		if !reflect.DeepEqual(rows, want) {
			t.Errorf("tallies:\n got %+v\nwant %+v", rows, want)
		}
		one, err := s.QuestionTallies(ctx, store.TallyFilter{Since: f.Since, Until: f.Until, Teams: []int64{id["Eastside"]}})
		if err != nil || len(one) != 1 || one[0].TeamName != "Eastside" || *one[0].TeamID != id["Eastside"] {
			t.Errorf("Eastside's: %+v, %v", one, err)
		}

		cols, err := s.AnswerColumns(ctx, f)
		if err != nil {
			t.Fatal(err)
		}
		wantCols := []store.AnswerColumn{
			{"How much time?", []string{k(time1), k(time2)}},
			{"First 1:1?", []string{k(first)}},
			{"Skills?", []string{k(skills1)}},
			{"What skills?", []string{k(skills2)}},
			{"ward", []string{"ward"}},
		}
		if !reflect.DeepEqual(cols, wantCols) {
			t.Errorf("columns:\n got %+v\nwant %+v", cols, wantCols)
		}
	})
}
