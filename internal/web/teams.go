package web

import (
	"errors"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/labstack/echo/v4"

	"github.com/debrief-sms/debrief"
	"github.com/debrief-sms/debrief/internal/store"
)

type teamsPage struct {
	Teams  []store.TeamSummary
	Manage bool // a coordinator's: teams are added and changed
	// The add form, as typed, and what is wrong with it (a word's key).
	Name, Error string
}

type teamPage struct {
	ID                  int64
	Name, Organizer     string // as typed
	Organizers          []option
	NameError, OrgError string // words' keys
}

// teams lists the teams the viewer sees, with their organizer and how
// many people are on them; a coordinator also adds and changes them.
func (h *handlers) teams(c echo.Context) error {
	return h.renderTeams(c, http.StatusOK, teamsPage{})
}

func (h *handlers) renderTeams(c echo.Context, status int, data teamsPage) error {
	v := viewerOf(c)
	all, err := h.cfg.People.TeamSummaries(c.Request().Context())
	if err != nil {
		return err
	}
	for _, t := range all {
		if sees(v, &t.ID) {
			data.Teams = append(data.Teams, t)
		}
	}
	data.Manage = v.Role == debrief.RoleCoordinator
	return h.pages.render(c, status, "teams", page{Lang: v.Language, Viewer: v, Data: data})
}

// coordinatorOnly answers 403 to anyone but a coordinator.
func coordinatorOnly(v *store.Viewer) error {
	if v.Role != debrief.RoleCoordinator {
		return echo.NewHTTPError(http.StatusForbidden, "only a coordinator manages teams")
	}
	return nil
}

// teamName reads and checks a team's name as typed: a word's key when it
// is wrong.
func teamName(c echo.Context) (string, string) {
	name := strings.Join(strings.Fields(c.FormValue("name")), " ")
	if name == "" || utf8.RuneCountInString(name) > maxName {
		return name, "e_team_name"
	}
	return name, ""
}

// addTeam creates a team, for a coordinator.
func (h *handlers) addTeam(c echo.Context) error {
	v := viewerOf(c)
	if err := coordinatorOnly(v); err != nil {
		return err
	}
	name, bad := teamName(c)
	if bad != "" {
		return h.renderTeams(c, http.StatusUnprocessableEntity, teamsPage{Name: name, Error: bad})
	}
	_, err := h.cfg.People.AddTeam(c.Request().Context(), name, h.cfg.Now())
	if errors.Is(err, store.ErrTeamExists) {
		return h.renderTeams(c, http.StatusConflict, teamsPage{Name: name, Error: "e_team_taken"})
	}
	if err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, TeamsPath)
}

// team shows the form that renames a team and names its organizer, for
// a coordinator.
func (h *handlers) team(c echo.Context) error {
	v := viewerOf(c)
	if err := coordinatorOnly(v); err != nil {
		return err
	}
	t, err := h.teamOf(c)
	if err != nil {
		return err
	}
	pg := teamPage{ID: t.ID, Name: t.Name}
	if t.OrganizerID != nil {
		pg.Organizer = strconv.FormatInt(*t.OrganizerID, 10)
	}
	return h.renderTeam(c, http.StatusOK, pg, t)
}

// editTeam saves the team's form.
func (h *handlers) editTeam(c echo.Context) error {
	v := viewerOf(c)
	if err := coordinatorOnly(v); err != nil {
		return err
	}
	t, err := h.teamOf(c)
	if err != nil {
		return err
	}
	pg := teamPage{ID: t.ID, Organizer: strings.TrimSpace(c.FormValue("organizer"))}
	pg.Name, pg.NameError = teamName(c)
	var organizer *int64
	if pg.Organizer != "" {
		id, err := strconv.ParseInt(pg.Organizer, 10, 64)
		if err != nil {
			pg.OrgError = "e_organizer"
		}
		organizer = &id
	}
	if pg.NameError != "" || pg.OrgError != "" {
		return h.renderTeam(c, http.StatusUnprocessableEntity, pg, t)
	}
	switch err := h.cfg.People.UpdateTeam(c.Request().Context(), t.ID, pg.Name, organizer); {
	case errors.Is(err, store.ErrTeamExists):
		pg.NameError = "e_team_taken"
		return h.renderTeam(c, http.StatusConflict, pg, t)
	case errors.Is(err, store.ErrNotOrganizer):
		pg.OrgError = "e_organizer"
		return h.renderTeam(c, http.StatusUnprocessableEntity, pg, t)
	case errors.Is(err, store.ErrNoTeam):
		return echo.NewHTTPError(http.StatusNotFound, "no such team")
	case err != nil:
		return err
	}
	return c.Redirect(http.StatusSeeOther, TeamsPath)
}

// teamOf is the team of the path's :id, 404 when there is none.
func (h *handlers) teamOf(c echo.Context) (store.TeamSummary, error) {
	id, err := pathID(c)
	if err != nil {
		return store.TeamSummary{}, err
	}
	all, err := h.cfg.People.TeamSummaries(c.Request().Context())
	if err != nil {
		return store.TeamSummary{}, err
	}
	for _, t := range all {
		if t.ID == id {
			return t, nil
		}
	}
	return store.TeamSummary{}, echo.NewHTTPError(http.StatusNotFound, "no such team")
}

// renderTeam shows the team's form, its organizer picked among the active
// people with the role organizer, and t's organizer, who may be another
// (set with debrief teams set-organizer).
func (h *handlers) renderTeam(c echo.Context, status int, pg teamPage, t store.TeamSummary) error {
	v := viewerOf(c)
	w := words(v.Language)
	orgs, err := h.cfg.People.People(c.Request().Context(),
		store.PeopleQuery{AllTeams: true, Role: debrief.RoleOrganizer, Active: true})
	if err != nil {
		return err
	}
	pg.Organizers = append(pg.Organizers, option{Value: "", Label: w["no_organizer"], Selected: pg.Organizer == ""})
	if t.OrganizerID != nil && !slices.ContainsFunc(orgs, func(p store.Person) bool { return p.ID == *t.OrganizerID }) {
		orgs = append(orgs, store.Person{ID: *t.OrganizerID, Name: t.OrganizerName})
	}
	for _, o := range orgs {
		id := strconv.FormatInt(o.ID, 10)
		label := o.Name
		if o.TeamName != "" {
			label += " (" + o.TeamName + ")"
		}
		pg.Organizers = append(pg.Organizers, option{Value: id, Label: label, Selected: pg.Organizer == id})
	}
	return h.pages.render(c, status, "team", page{Lang: v.Language, Viewer: v, Title: w["edit_team"], Data: pg})
}
