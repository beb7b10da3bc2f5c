package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/debrief-sms/debrief/internal/conversation"
	"github.com/debrief-sms/debrief/internal/store"
	"github.com/debrief-sms/debrief/internal/store/storetest"
)

// TestQuestionsPage changes team A's questions as its organizer: add,
// a refusal with the reason in her language, edit, move, retire, the
// national set on and off; another team's are not hers; a form without
// its CSRF token is refused; and the report that answered the first words
// still shows them after the edit.
func TestQuestionsPage(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, be storetest.Backend) {
		s := newSite(t, be, false)
		ctx := context.Background()
		b := s.browser(t)
		b.signIn(organizerA)
		team := fmt.Sprint(s.teamA)
		page := "/questions?team=" + team
		expect := func(what string, a answer, status int, location string) {
			t.Helper()
			if a.status != status || a.location != location {
				t.Fatalf("%s: %d to %q, want %d to %q\n%s", what, a.status, a.location, status, location, a.body)
			}
		}
		b.get(page)
		expect("add", b.post("/questions", url.Values{"team": {team}, "text": {"How much time?"}, "text_es": {"¿Qué tiempo?"},
			"kind": {"choice"}, "choices": {"An hour\r\nA day\r\n"}, "choices_es": {"Una hora\nUna jornada"}, "optional": {"on"}}),
			http.StatusSeeOther, page)
		qs, err := s.st.Questions(ctx, store.QuestionFilter{Team: &s.teamA})
		if err != nil || len(qs) != 2 {
			t.Fatalf("questions %+v, %v", qs, err)
		}
		added := qs[1]
		if c := added.Current; c.Kind != conversation.AskChoice || len(c.Choices) != 2 || c.Choices[1].ES != "Una jornada" || !c.Optional {
			t.Errorf("added %+v", c)
		}
		if a := b.get(page); !strings.Contains(a.body, "How much time?") || !strings.Contains(a.body, "Una jornada") {
			t.Errorf("the page does not list it:\n%s", a.body)
		}

		refused := b.post("/questions", url.Values{"team": {team}, "text": {strings.Repeat("Palabras largas ", 12)}})
		expect("a question too long", refused, http.StatusUnprocessableEntity, "")
		if !strings.Contains(refused.body, "un mensaje admite 160") || !strings.Contains(refused.body, "Palabras largas") {
			t.Errorf("no reason in Spanish, or the words typed lost:\n%s", refused.body)
		}

		edit := fmt.Sprintf("/questions/%d", s.questionA)
		if a := b.get(edit); a.status != http.StatusOK || !strings.Contains(a.body, `value="Which school do their kids go to?"`) {
			t.Fatalf("edit form: %d\n%s", a.status, a.body)
		}
		expect("edit", b.post(edit, url.Values{"text": {"Which school or daycare?"}, "kind": {"text"}}), http.StatusSeeOther, page)
		if q, err := s.st.Question(ctx, s.questionA); err != nil || q.Version != 2 || q.Current.Text != "Which school or daycare?" {
			t.Errorf("edited %+v, %v", q, err)
		}
		report := b.get(fmt.Sprintf("/reports/%d", s.reportA))
		if !strings.Contains(report.body, "<dt>Which school do their kids go to?</dt><dd>Lincoln Elementary</dd>") {
			t.Errorf("the report no longer shows the words it answered:\n%s", report.body)
		}

		b.get(page)
		expect("move", b.post(fmt.Sprintf("/questions/%d/move", added.ID), url.Values{"to": {"1"}}), http.StatusSeeOther, page)
		if qs, _ := s.st.Questions(ctx, store.QuestionFilter{Team: &s.teamA}); len(qs) != 2 || qs[0].ID != added.ID {
			t.Errorf("after the move: %+v", qs)
		}
		expect("move nowhere", b.post(fmt.Sprintf("/questions/%d/move", added.ID), url.Values{"to": {"first"}}), http.StatusBadRequest, "")
		expect("retire", b.post(fmt.Sprintf("/questions/%d/retire", s.questionA), nil), http.StatusSeeOther, page)
		expect("edit a retired one", b.get(edit), http.StatusNotFound, "")

		expect("national on", b.post("/questions/national", url.Values{"team": {team}, "on": {"1"}}), http.StatusSeeOther, page)
		if a := b.get(page); !strings.Contains(a.body, "¿Qué tiempo puede dar al grupo cada mes?") || !strings.Contains(a.body, "Dejar de hacerlas") {
			t.Errorf("the national questions are not listed:\n%s", a.body)
		}
		expect("national off", b.post("/questions/national", url.Values{"team": {team}, "on": {"0"}}), http.StatusSeeOther, page)
		if qs, _ := s.st.Questions(ctx, store.QuestionFilter{Team: &s.teamA}); len(qs) != 1 {
			t.Errorf("after the national set is off: %+v", qs)
		}

		other := fmt.Sprint(s.teamB)
		expect("add to team B", b.post("/questions", url.Values{"team": {other}, "text": {"Hi?"}}), http.StatusNotFound, "")
		expect("add for every team", b.post("/questions", url.Values{"team": {"all"}, "text": {"Hi?"}}), http.StatusNotFound, "")
		expect("retire team B's", b.post(fmt.Sprintf("/questions/%d/retire", s.questionB), nil), http.StatusNotFound, "")
		expect("a bad team", b.post("/questions", url.Values{"team": {"x"}, "text": {"Hi?"}}), http.StatusBadRequest, "")
		b.csrf = "forged"
		expect("no CSRF token", b.post("/questions", url.Values{"team": {team}, "text": {"Hi?"}}), http.StatusForbidden, "")
		if q, err := s.st.Question(ctx, s.questionB); err != nil || q.RetiredAt != nil {
			t.Errorf("team B's question changed: %+v, %v", q, err)
		}
	})
}

// TestQuestionsPageCoordinator adds a question for every team.
func TestQuestionsPageCoordinator(t *testing.T) {
	t.Parallel()
	s := newSite(t, storetest.Backends(t)[0], false)
	b := s.browser(t)
	b.signIn(coordinator)
	b.get("/questions")
	if a := b.post("/questions", url.Values{"team": {"all"}, "text": {"Did they come to an event before?"}, "kind": {"yesno"}}); a.status != http.StatusSeeOther || a.location != "/questions?team=all" {
		t.Fatalf("add for every team: %d to %q", a.status, a.location)
	}
	set, err := s.st.ActiveQuestions(context.Background())
	if err != nil || len(set.All) != 2 || set.All[1].Kind != conversation.AskYesNo {
		t.Errorf("every team's: %+v, %v", set, err)
	}
}
