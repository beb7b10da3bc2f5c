package store_test

import (
	"context"
	"errors"
	"testing"

	"github.com/debrief-sms/debrief/internal/conversation"
	"github.com/debrief-sms/debrief/internal/store"
	"github.com/debrief-sms/debrief/internal/store/storetest"
)

// texts is the questions' English words, in the order listed.
func texts(qs []store.StoredQuestion) []string {
	out := make([]string, len(qs))
	for i, q := range qs {
		out[i] = q.Current.Text
	}
	return out
}

func sameTexts(a []string, b ...string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// TestQuestions adds, edits, moves and retires questions on each backend:
// an edit is a new version and the old one still says what it asked; a
// retired question leaves the active set and stays listed with --retired;
// the editor's rules refuse a question before anything is stored.
func TestQuestions(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, b storetest.Backend) {
		s := b.Open(t)
		ctx := context.Background()
		team, err := s.CreateTeam(ctx, "Riverside Moms")
		if err != nil {
			t.Fatal(err)
		}
		add := func(team *int64, q conversation.TeamQuestion) store.StoredQuestion {
			t.Helper()
			sq, err := s.AddQuestion(ctx, team, q)
			if err != nil {
				t.Fatal(err)
			}
			return sq
		}
		school := add(&team.ID, conversation.TeamQuestion{Text: "Which school?", TextES: "¿Qué escuela?"})
		time := add(&team.ID, conversation.TeamQuestion{Kind: conversation.AskChoice, Text: "How much time?",
			Choices: conversation.SplitChoices("An hour;A day", "Una hora;Una jornada"), Optional: true})
		all := add(nil, conversation.TeamQuestion{Kind: conversation.AskYesNo, Text: "First 1:1 this year?"})
		if school.Position != 1 || time.Position != 2 || all.Position != 1 || school.Version != 1 || school.TeamName != "Riverside Moms" {
			t.Errorf("added %+v %+v %+v", school, time, all)
		}
		if got := time.Current; len(got.Choices) != 2 || got.Choices[1].ES != "Una jornada" || !got.Optional || got.Kind != conversation.AskChoice {
			t.Errorf("choice question %+v", got)
		}
		if _, err := s.AddQuestion(ctx, &team.ID, conversation.TeamQuestion{Kind: conversation.AskChoice, Text: "Which?"}); !errors.Is(err, conversation.ErrQuestion) {
			t.Errorf("a choice question without choices: %v", err)
		}

		edited, err := s.EditQuestion(ctx, school.ID, conversation.TeamQuestion{Text: "Which school do their kids go to?"})
		if err != nil {
			t.Fatal(err)
		}
		if edited.Version != 2 || edited.Current.ID == school.Current.ID || edited.Position != 1 {
			t.Errorf("edited %+v", edited)
		}
		vs, err := s.QuestionVersions(ctx, []int64{school.Current.ID, edited.Current.ID, 999})
		if err != nil {
			t.Fatal(err)
		}
		if len(vs) != 2 || vs[school.Current.ID].Text != "Which school?" || vs[school.Current.ID].TextES != "¿Qué escuela?" ||
			vs[edited.Current.ID].Text != "Which school do their kids go to?" || vs[edited.Current.ID].Question != school.ID {
			t.Errorf("versions %+v", vs)
		}

		if err := s.MoveQuestion(ctx, time.ID, 1); err != nil {
			t.Fatal(err)
		}
		listed, err := s.Questions(ctx, store.QuestionFilter{Team: &team.ID})
		if err != nil {
			t.Fatal(err)
		}
		if got := texts(listed); !sameTexts(got, "How much time?", "Which school do their kids go to?") || listed[0].Position != 1 {
			t.Errorf("after the move: %q", got)
		}
		if err := s.MoveQuestion(ctx, time.ID, 99); err != nil {
			t.Fatal(err)
		}
		if err := s.RetireQuestion(ctx, school.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := s.EditQuestion(ctx, school.ID, conversation.TeamQuestion{Text: "Again?"}); !errors.Is(err, store.ErrRetired) {
			t.Errorf("edit a retired question: %v", err)
		}
		if err := s.RetireQuestion(ctx, 12345); !errors.Is(err, store.ErrUnknownQuestion) {
			t.Errorf("retire an unknown question: %v", err)
		}
		everything, err := s.Questions(ctx, store.QuestionFilter{Retired: true})
		if err != nil {
			t.Fatal(err)
		}
		if got := texts(everything); !sameTexts(got, "First 1:1 this year?", "How much time?", "Which school do their kids go to?") ||
			everything[2].RetiredAt == nil || everything[0].TeamID != nil {
			t.Errorf("every question: %q", got)
		}

		set, err := s.ActiveQuestions(ctx)
		if err != nil {
			t.Fatal(err)
		}
		asked := set.For(&team.ID)
		if len(asked) != 2 || asked[0].Text != "First 1:1 this year?" || asked[1].ID != time.Current.ID {
			t.Errorf("asked %+v", asked)
		}
	})
}

// TestNationalQuestionsEnable: the set is off by default, enabled for a
// team after its own questions, disabled, and enabled again as the same
// questions; for every team it is a scope of its own.
func TestNationalQuestionsEnable(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, b storetest.Backend) {
		s := b.Open(t)
		ctx := context.Background()
		team, err := s.CreateTeam(ctx, "Eastside")
		if err != nil {
			t.Fatal(err)
		}
		if set, err := s.ActiveQuestions(ctx); err != nil || len(set.For(&team.ID)) != 0 {
			t.Fatalf("off by default: %+v, %v", set, err)
		}
		own, err := s.AddQuestion(ctx, &team.ID, conversation.TeamQuestion{Text: "Which school?"})
		if err != nil {
			t.Fatal(err)
		}
		national := len(conversation.NationalQuestions())
		if n, err := s.EnableNational(ctx, &team.ID); err != nil || n != national {
			t.Fatalf("enable: %d, %v", n, err)
		}
		if n, err := s.EnableNational(ctx, &team.ID); err != nil || n != 0 {
			t.Errorf("enable twice: %d, %v", n, err)
		}
		first, err := s.Questions(ctx, store.QuestionFilter{Team: &team.ID})
		if err != nil {
			t.Fatal(err)
		}
		if len(first) != national+1 || first[0].ID != own.ID || first[1].National != "time" || first[1].Position != 2 {
			t.Fatalf("enabled: %+v", first)
		}
		if n, err := s.DisableNational(ctx, &team.ID); err != nil || n != national {
			t.Errorf("disable: %d, %v", n, err)
		}
		set, err := s.ActiveQuestions(ctx)
		if err != nil || len(set.For(&team.ID)) != 1 {
			t.Errorf("disabled: %+v, %v", set, err)
		}
		if n, err := s.EnableNational(ctx, &team.ID); err != nil || n != national {
			t.Errorf("enable again: %d, %v", n, err)
		}
		again, err := s.Questions(ctx, store.QuestionFilter{Team: &team.ID})
		if err != nil || len(again) != national+1 || again[1].ID != first[1].ID || again[1].Current.ID != first[1].Current.ID {
			t.Errorf("enabled again: %+v, %v", again, err)
		}
		if n, err := s.EnableNational(ctx, nil); err != nil || n != national {
			t.Errorf("enable for every team: %d, %v", n, err)
		}
		set, err = s.ActiveQuestions(ctx)
		if err != nil || len(set.All) != national || len(set.For(nil)) != national {
			t.Errorf("for every team: %+v, %v", set, err)
		}
	})
}
