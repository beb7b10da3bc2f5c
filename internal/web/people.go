package web

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/debrief-sms/debrief"
	"github.com/debrief-sms/debrief/internal/store"
)

// People and teams pages.
const (
	PeoplePath = "/people"
	TeamsPath  = "/teams"
)

// peoplePerPage is how many people a page lists.
const peoplePerPage = 50

// People is what the people and teams pages need of the database;
// *store.Store implements it.
type People interface {
	People(ctx context.Context, q store.PeopleQuery) ([]store.Person, error)
	Person(ctx context.Context, id int64) (store.Person, error)
	AddPerson(ctx context.Context, v debrief.Volunteer) (debrief.Volunteer, error)
	UpdatePerson(ctx context.Context, c store.PersonChange, at time.Time) error
	SetDeactivated(ctx context.Context, id int64, deactivated bool, at time.Time) error
	TeamSummaries(ctx context.Context) ([]store.TeamSummary, error)
	AddTeam(ctx context.Context, name string, at time.Time) (debrief.Team, error)
	UpdateTeam(ctx context.Context, id int64, name string, organizerID *int64) error
}

// routePeople serves the people and teams pages behind session.
func (h *handlers) routePeople(e *echo.Echo, session []echo.MiddlewareFunc) {
	e.GET(PeoplePath, h.people, session...)
	e.GET(PeoplePath+"/new", h.newPerson, session...)
	e.POST(PeoplePath, h.addPerson, session...)
	e.GET(PeoplePath+"/:id", h.person, session...)
	e.POST(PeoplePath+"/:id", h.editPerson, session...)
	e.POST(PeoplePath+"/:id/deactivate", h.deactivate, session...)
	e.POST(PeoplePath+"/:id/reactivate", h.reactivate, session...)
	e.GET(TeamsPath, h.teams, session...)
	e.POST(TeamsPath, h.addTeam, session...)
	e.GET(TeamsPath+"/:id", h.team, session...)
	e.POST(TeamsPath+"/:id", h.editTeam, session...)
}

// peopleScope is the part of PeopleQuery that says whom v sees: a
// coordinator everyone, an organizer the people of their teams.
func peopleScope(v *store.Viewer) store.PeopleQuery {
	if v.Role == debrief.RoleCoordinator {
		return store.PeopleQuery{AllTeams: true}
	}
	return store.PeopleQuery{Teams: v.TeamIDs}
}

// seesPerson reports whether v may see p: a coordinator anyone, an
// organizer the people on their teams and those who organize them.
func seesPerson(v *store.Viewer, p store.Person) bool {
	if v.Role == debrief.RoleCoordinator || sees(v, p.TeamID) {
		return true
	}
	for _, t := range p.Organizes {
		if slices.Contains(v.TeamIDs, t) {
			return true
		}
	}
	return false
}

// editsPerson reports whether v may change p: a coordinator anyone; an
// organizer the people of their teams but coordinators, and not someone
// on another team who organizes one of theirs (that other team's people
// are not theirs to change).
func editsPerson(v *store.Viewer, p store.Person) bool {
	switch {
	case v.Role == debrief.RoleCoordinator:
		return true
	case p.Role == debrief.RoleCoordinator:
		return false
	case p.TeamID == nil:
		return seesPerson(v, p)
	}
	return sees(v, p.TeamID)
}

type peoplePage struct {
	Teams            []teamOption
	States           []statusOption
	StateName        string // the state chosen, as the viewer reads it; "" for all
	People           []personItem
	PrevURL, NextURL string
}

type personItem struct {
	ID                                      int64
	Name, Phone, Team, Role, Language, Zone string
	Organizes                               []string
	States                                  []string
}

// readPersonState reads ?state=, "" for every state; a malformed one is
// a 400 that names it.
func readPersonState(c echo.Context) (store.PersonState, error) {
	st := store.PersonState(c.QueryParam("state"))
	if st != "" && !slices.Contains(store.PersonStates, st) {
		return "", echo.NewHTTPError(http.StatusBadRequest, "state: want active, opted_out, bad_number or deactivated")
	}
	return st, nil
}

// people lists the people the viewer sees, by name, filtered by ?team=
// and ?state=, a page (?page=, from 1) at a time. Phones are shown whole:
// whoever sees a person here may call them.
func (h *handlers) people(c echo.Context) error {
	v := viewerOf(c)
	w := words(v.Language)
	q := peopleScope(v)
	teamID, pageNo, err := teamAndPage(c)
	if err != nil {
		return err
	}
	state, err := readPersonState(c)
	if err != nil {
		return err
	}
	q.TeamID, q.State = teamID, state
	q.Offset, q.Limit = (pageNo-1)*peoplePerPage, peoplePerPage+1
	ctx := c.Request().Context()
	rows, err := h.cfg.People.People(ctx, q)
	if err != nil {
		return err
	}
	teams, err := h.cfg.People.TeamSummaries(ctx)
	if err != nil {
		return err
	}
	names := map[int64]string{}
	var data peoplePage
	for _, t := range teams {
		names[t.ID] = t.Name
		if sees(v, &t.ID) {
			data.Teams = append(data.Teams, teamOption{ID: t.ID, Name: t.Name, Selected: t.ID == teamID})
		}
	}
	for _, st := range store.PersonStates {
		label := word(w, "ps_", string(st))
		data.States = append(data.States, statusOption{Value: string(st), Label: label, Selected: st == state})
		if st == state {
			data.StateName = label
		}
	}
	loc := viewerZone(v)
	for i, p := range rows {
		if i == peoplePerPage {
			break
		}
		item := personItem{ID: p.ID, Name: p.Name, Phone: p.Phone, Team: p.TeamName, Role: word(w, "r_", string(p.Role)),
			Language: word(w, "l_", string(p.Language)), Zone: p.TimeZone, States: personStates(w, p, loc, v.Language)}
		for _, id := range p.Organizes {
			if sees(v, &id) {
				item.Organizes = append(item.Organizes, names[id])
			}
		}
		data.People = append(data.People, item)
	}
	link := func(n int) string {
		vals := url.Values{}
		if teamID != 0 {
			vals.Set("team", strconv.FormatInt(teamID, 10))
		}
		if state != "" {
			vals.Set("state", string(state))
		}
		if n > 1 {
			vals.Set("page", strconv.Itoa(n))
		}
		if len(vals) == 0 {
			return PeoplePath
		}
		return PeoplePath + "?" + vals.Encode()
	}
	if pageNo > 1 {
		data.PrevURL = link(pageNo - 1)
	}
	if len(rows) > peoplePerPage {
		data.NextURL = link(pageNo + 1)
	}
	pg := page{Lang: v.Language, Viewer: v, Data: data}
	if data.StateName != "" {
		pg.Title = w["people"] + ": " + data.StateName
	}
	return h.pages.render(c, http.StatusOK, "people", pg)
}

// personStates says what is true of p that organizers read but do not
// set (opted out, number bad) or set apart (deactivated); "active" when
// none is.
func personStates(w map[string]string, p store.Person, loc *time.Location, lang debrief.Language) []string {
	var out []string
	day := func(t *time.Time) string {
		if t == nil {
			return ""
		}
		return formatDay(*t, loc, lang)
	}
	if p.OptedOut {
		out = append(out, fmt.Sprintf(w["opted_out"], day(p.OptedOutAt)))
	}
	if p.PhoneBad {
		out = append(out, fmt.Sprintf(w["phone_bad"], day(p.PhoneBadAt)))
	}
	if p.DeactivatedAt != nil {
		out = append(out, fmt.Sprintf(w["deactivated"], day(p.DeactivatedAt)))
	}
	if len(out) == 0 {
		out = append(out, w["active"])
	}
	return out
}

// pathID reads the :id of a path, 404 when it is no number.
func pathID(c echo.Context) (int64, error) {
	id, err := strconv.ParseInt(c.Param("id"), 10, 64)
	if err != nil || id <= 0 {
		return 0, echo.NewHTTPError(http.StatusNotFound, "no such page")
	}
	return id, nil
}
