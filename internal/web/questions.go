package web

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/debrief-sms/debrief"
	"github.com/debrief-sms/debrief/internal/conversation"
	"github.com/debrief-sms/debrief/internal/store"
)

// QuestionsPath lists and edits a team's own questions (?team=ID), or
// those for every team (?team=all, coordinators only).
const QuestionsPath = "/questions"

// QuestionEditor is what the questions page needs of the database, and
// the report page to name a team question's answers; *store.Store
// implements it.
type QuestionEditor interface {
	Questions(ctx context.Context, f store.QuestionFilter) ([]store.StoredQuestion, error)
	Question(ctx context.Context, id int64) (store.StoredQuestion, error)
	AddQuestion(ctx context.Context, team *int64, q conversation.TeamQuestion) (store.StoredQuestion, error)
	EditQuestion(ctx context.Context, id int64, q conversation.TeamQuestion) (store.StoredQuestion, error)
	MoveQuestion(ctx context.Context, id int64, to int) error
	RetireQuestion(ctx context.Context, id int64) error
	EnableNational(ctx context.Context, team *int64) (int, error)
	DisableNational(ctx context.Context, team *int64) (int, error)
	QuestionVersions(ctx context.Context, ids []int64) (map[int64]conversation.TeamQuestion, error)
}

// routeQuestions serves the questions page behind the session guards.
func (h *handlers) routeQuestions(e *echo.Echo, session []echo.MiddlewareFunc) {
	e.GET(QuestionsPath, h.questions, session...)
	e.POST(QuestionsPath, h.addQuestion, session...)
	e.POST(QuestionsPath+"/national", h.nationalQuestions, session...)
	e.GET(QuestionsPath+"/:id", h.questionForm, session...)
	e.POST(QuestionsPath+"/:id", h.editQuestion, session...)
	e.POST(QuestionsPath+"/:id/move", h.moveQuestion, session...)
	e.POST(QuestionsPath+"/:id/retire", h.retireQuestion, session...)
}

// scopeAll is the ?team= value of the questions for every team.
const scopeAll = "all"

// edits reports whether v may change the questions of team (nil: every
// team's): a coordinator any, an organizer their teams'.
func edits(v *store.Viewer, team *int64) bool {
	if v.Role == debrief.RoleCoordinator {
		return true
	}
	return team != nil && slices.Contains(v.TeamIDs, *team)
}

// questionScope reads the scope a request names (?team= or the form's
// team): a team's number, "all", or nothing for the viewer's first team
// (a coordinator's: every team). A scope the viewer may not change is not
// found.
func questionScope(v *store.Viewer, value string) (*int64, string, error) {
	switch value {
	case "":
		if v.Role == debrief.RoleCoordinator || len(v.TeamIDs) == 0 {
			value = scopeAll
		} else {
			value = strconv.FormatInt(v.TeamIDs[0], 10)
		}
	}
	var team *int64
	if value != scopeAll {
		n, err := strconv.ParseInt(value, 10, 64)
		if err != nil || n <= 0 {
			return nil, "", echo.NewHTTPError(http.StatusBadRequest, "team: want a team's number or all")
		}
		team = &n
	}
	if !edits(v, team) {
		return nil, "", echo.NewHTTPError(http.StatusNotFound, "no such team")
	}
	return team, value, nil
}

// questionsURL is the questions page of a scope.
func questionsURL(scope string) string {
	return QuestionsPath + "?" + url.Values{"team": {scope}}.Encode()
}

type questionsPage struct {
	Scopes     []scopeOption
	Scope      string // the ?team= value
	ScopeName  string
	Questions  []questionRow
	Shared     []questionRow // every team's, asked first, on a team's page
	NationalOn bool
	Form       questionForm
}

type scopeOption struct {
	Value, Name string
	Selected    bool
}

type questionRow struct {
	ID, Position, Up, Down int64
	Kind, Text, TextES     string
	Optional, National     bool
	Choices                []string
}

// questionForm is the add and edit form, as typed.
type questionForm struct {
	Text, TextES, Kind, Choices, ChoicesES string
	Optional                               bool
	Kinds                                  []kindOption
	Error                                  string
}

type kindOption struct {
	Value, Label string
	Selected     bool
}

func (f *questionForm) setKinds(w map[string]string) {
	if f.Kind == "" {
		f.Kind = string(conversation.AskText)
	}
	f.Kinds = nil
	for _, k := range conversation.QuestionKinds {
		f.Kinds = append(f.Kinds, kindOption{Value: string(k), Label: word(w, "qk_", string(k)), Selected: string(k) == f.Kind})
	}
}

// question is the form as a question; choices are one a line.
func (f questionForm) question() conversation.TeamQuestion {
	lines := func(s string) string {
		return strings.Join(strings.FieldsFunc(s, func(r rune) bool { return r == '\n' || r == '\r' }), ";")
	}
	q := conversation.TeamQuestion{Kind: conversation.QuestionKind(f.Kind), Text: f.Text, TextES: f.TextES, Optional: f.Optional,
		Choices: conversation.SplitChoices(lines(f.Choices), lines(f.ChoicesES))}
	if len(q.Choices) == 0 {
		q.Choices = nil
	}
	return q
}

func formOf(c echo.Context) questionForm {
	return questionForm{Text: c.FormValue("text"), TextES: c.FormValue("text_es"), Kind: c.FormValue("kind"),
		Choices: c.FormValue("choices"), ChoicesES: c.FormValue("choices_es"), Optional: c.FormValue("optional") == "on"}
}

func formFrom(q conversation.TeamQuestion) questionForm {
	f := questionForm{Text: q.Text, TextES: q.TextES, Kind: string(q.Kind), Optional: q.Optional}
	var en, es []string
	for _, ch := range q.Choices {
		en, es = append(en, ch.EN), append(es, ch.ES)
	}
	f.Choices = strings.Join(en, "\n")
	if slices.ContainsFunc(es, func(s string) bool { return s != "" }) {
		f.ChoicesES = strings.Join(es, "\n")
	}
	return f
}

// questions lists a scope's questions, with the forms that change them.
func (h *handlers) questions(c echo.Context) error {
	v := viewerOf(c)
	team, scopeValue, err := questionScope(v, c.QueryParam("team"))
	if err != nil {
		return err
	}
	return h.renderQuestions(c, v, team, scopeValue, questionForm{}, http.StatusOK)
}

func (h *handlers) renderQuestions(c echo.Context, v *store.Viewer, team *int64, scopeValue string, form questionForm, status int) error {
	ctx := c.Request().Context()
	w := words(v.Language)
	data := questionsPage{Scope: scopeValue, Form: form}
	data.Form.setKinds(w)
	if v.Role == debrief.RoleCoordinator {
		data.Scopes = append(data.Scopes, scopeOption{Value: scopeAll, Name: w["all_teams"], Selected: team == nil})
	}
	all, err := h.cfg.Accounts.Teams(ctx)
	if err != nil {
		return err
	}
	for _, t := range all {
		if edits(v, &t.ID) {
			selected := team != nil && *team == t.ID
			data.Scopes = append(data.Scopes, scopeOption{Value: strconv.FormatInt(t.ID, 10), Name: t.Name, Selected: selected})
			if selected {
				data.ScopeName = t.Name
			}
		}
	}
	if team == nil {
		data.ScopeName = w["all_teams"]
	}
	mine, err := h.cfg.Questions.Questions(ctx, store.QuestionFilter{Team: team, AllTeams: team == nil})
	if err != nil {
		return err
	}
	data.Questions = questionRows(mine, v.Language, w)
	for _, q := range mine {
		data.NationalOn = data.NationalOn || q.National != ""
	}
	if team != nil {
		shared, err := h.cfg.Questions.Questions(ctx, store.QuestionFilter{AllTeams: true})
		if err != nil {
			return err
		}
		data.Shared = questionRows(shared, v.Language, w)
	}
	return h.pages.render(c, status, "questions", page{Lang: v.Language, Viewer: v, Data: data})
}

func questionRows(qs []store.StoredQuestion, lang debrief.Language, w map[string]string) []questionRow {
	rows := make([]questionRow, len(qs))
	for i, q := range qs {
		r := questionRow{ID: q.ID, Position: int64(q.Position), Kind: word(w, "qk_", string(q.Current.Kind)),
			Text: q.Current.Text, TextES: q.Current.TextES, Optional: q.Current.Optional, National: q.National != ""}
		if i > 0 {
			r.Up = int64(q.Position - 1)
		}
		if i < len(qs)-1 {
			r.Down = int64(q.Position + 1)
		}
		for j := range q.Current.Choices {
			r.Choices = append(r.Choices, q.Current.ChoiceIn(j, lang))
		}
		rows[i] = r
	}
	return rows
}

// addQuestion adds the form's question to its scope; a question the
// editor refuses shows the form again with the reason (422).
func (h *handlers) addQuestion(c echo.Context) error {
	v := viewerOf(c)
	team, scopeValue, err := questionScope(v, c.FormValue("team"))
	if err != nil {
		return err
	}
	form := formOf(c)
	if _, err := h.cfg.Questions.AddQuestion(c.Request().Context(), team, form.question()); err != nil {
		if errors.Is(err, conversation.ErrQuestion) {
			form.Error = conversation.QuestionReason(err, v.Language)
			return h.renderQuestions(c, v, team, scopeValue, form, http.StatusUnprocessableEntity)
		}
		return err
	}
	return c.Redirect(http.StatusSeeOther, questionsURL(scopeValue))
}

// ownQuestion is the question :id names, if the viewer may change it; a
// question they may not is not found, like one that does not exist.
func (h *handlers) ownQuestion(c echo.Context) (store.StoredQuestion, string, error) {
	v := viewerOf(c)
	id, err := strconv.ParseInt(c.Param("id"), 10, 64)
	if err != nil || id <= 0 {
		return store.StoredQuestion{}, "", echo.NewHTTPError(http.StatusNotFound, "no such question")
	}
	q, err := h.cfg.Questions.Question(c.Request().Context(), id)
	if errors.Is(err, store.ErrUnknownQuestion) || err == nil && (!edits(v, q.TeamID) || q.RetiredAt != nil) {
		return store.StoredQuestion{}, "", echo.NewHTTPError(http.StatusNotFound, "no such question")
	}
	if err != nil {
		return store.StoredQuestion{}, "", err
	}
	scopeValue := scopeAll
	if q.TeamID != nil {
		scopeValue = strconv.FormatInt(*q.TeamID, 10)
	}
	return q, scopeValue, nil
}

type questionEditPage struct {
	ID        int64
	Version   int
	Scope     string
	ScopeName string
	Form      questionForm
}

// questionForm shows the form that edits a question.
func (h *handlers) questionForm(c echo.Context) error {
	q, scopeValue, err := h.ownQuestion(c)
	if err != nil {
		return err
	}
	return h.renderQuestionForm(c, q, scopeValue, formFrom(q.Current), http.StatusOK)
}

func (h *handlers) renderQuestionForm(c echo.Context, q store.StoredQuestion, scopeValue string, form questionForm, status int) error {
	v := viewerOf(c)
	w := words(v.Language)
	form.setKinds(w)
	name := q.TeamName
	if q.TeamID == nil {
		name = w["all_teams"]
	}
	data := questionEditPage{ID: q.ID, Version: q.Version, Scope: scopeValue, ScopeName: name, Form: form}
	return h.pages.render(c, status, "question", page{Lang: v.Language, Viewer: v, Title: w["q_edit"], Data: data})
}

// editQuestion saves the form as the question's next version.
func (h *handlers) editQuestion(c echo.Context) error {
	q, scopeValue, err := h.ownQuestion(c)
	if err != nil {
		return err
	}
	form := formOf(c)
	if _, err := h.cfg.Questions.EditQuestion(c.Request().Context(), q.ID, form.question()); err != nil {
		if errors.Is(err, conversation.ErrQuestion) {
			form.Error = conversation.QuestionReason(err, viewerOf(c).Language)
			return h.renderQuestionForm(c, q, scopeValue, form, http.StatusUnprocessableEntity)
		}
		return err
	}
	return c.Redirect(http.StatusSeeOther, questionsURL(scopeValue))
}

// moveQuestion asks the question at place ?to= of its scope.
func (h *handlers) moveQuestion(c echo.Context) error {
	q, scopeValue, err := h.ownQuestion(c)
	if err != nil {
		return err
	}
	to, err := strconv.Atoi(c.FormValue("to"))
	if err != nil || to < 1 || to > 1000 {
		return echo.NewHTTPError(http.StatusBadRequest, "to: want a place, 1 for first")
	}
	if err := h.cfg.Questions.MoveQuestion(c.Request().Context(), q.ID, to); err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, questionsURL(scopeValue))
}

// retireQuestion stops asking the question; its answers stay.
func (h *handlers) retireQuestion(c echo.Context) error {
	q, scopeValue, err := h.ownQuestion(c)
	if err != nil {
		return err
	}
	if err := h.cfg.Questions.RetireQuestion(c.Request().Context(), q.ID); err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, questionsURL(scopeValue))
}

// nationalQuestions turns the national campaign's set on (on=1) or off
// for the form's scope.
func (h *handlers) nationalQuestions(c echo.Context) error {
	v := viewerOf(c)
	team, scopeValue, err := questionScope(v, c.FormValue("team"))
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	switch c.FormValue("on") {
	case "1":
		_, err = h.cfg.Questions.EnableNational(ctx, team)
	case "0":
		_, err = h.cfg.Questions.DisableNational(ctx, team)
	default:
		return echo.NewHTTPError(http.StatusBadRequest, "on: want 1 or 0")
	}
	if err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, questionsURL(scopeValue))
}
