package web

import (
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/labstack/echo/v4"

	"github.com/debrief-sms/debrief"
	"github.com/debrief-sms/debrief/internal/phone"
	"github.com/debrief-sms/debrief/internal/store"
	"github.com/debrief-sms/debrief/internal/zone"
)

// maxName is the longest name a form takes, in characters.
const maxName = 100

// personForm is the add and edit form of a person as typed, with what is
// wrong with each field, by field name.
type personForm struct {
	Phone, Name, Team, Role, Language, TimeZone string
	Errors                                      map[string]string
}

type option struct {
	Value, Label string
	Selected     bool
}

type personPage struct {
	ID                     int64 // 0 when adding
	Form                   personForm
	Teams, Roles, Langs    []option
	States, Organizes      []string
	Editable, Deactivated  bool
	CanDeactivate, Saved   bool
	Self                   bool   // the viewer's own: their role stays
	Phone, Team, Role      string // read-only
	Language, Zone, Action string
	organizes              []int64 // the IDs of the teams they organize
	noTeam                 bool    // they have none, and may keep none
}

// newPerson shows the form that adds a person; an organizer's first team
// is picked.
func (h *handlers) newPerson(c echo.Context) error {
	v := viewerOf(c)
	f := personForm{Role: string(debrief.RoleVolunteer), Language: string(v.Language)}
	if v.Role != debrief.RoleCoordinator && len(v.TeamIDs) > 0 {
		f.Team = strconv.FormatInt(v.TeamIDs[0], 10)
	}
	return h.renderPerson(c, http.StatusOK, personPage{Form: f, Editable: true})
}

// addPerson signs up the person of the form; a form with mistakes comes
// back with them marked, 422, or 409 for a number signed up already.
func (h *handlers) addPerson(c echo.Context) error {
	v := viewerOf(c)
	f := readPersonForm(c, true)
	pv, errs := checkPerson(v, f, nil)
	if len(errs) > 0 {
		f.Errors = errs
		return h.renderPerson(c, http.StatusUnprocessableEntity, personPage{Form: f, Editable: true})
	}
	c.Set(phoneKey, phone.Mask(pv.Phone))
	added, err := h.cfg.People.AddPerson(c.Request().Context(), pv)
	if errors.Is(err, store.ErrPhoneTaken) {
		f.Errors = map[string]string{"phone": "e_phone_taken"}
		return h.renderPerson(c, http.StatusConflict, personPage{Form: f, Editable: true})
	}
	if err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, fmt.Sprintf("%s/%d?saved=1", PeoplePath, added.ID))
}

// person shows a person the viewer sees, as a form when they may change
// them; anyone else's is not found, like no one's.
func (h *handlers) person(c echo.Context) error {
	v := viewerOf(c)
	p, err := h.seenPerson(c, v)
	if err != nil {
		return err
	}
	f := personForm{Phone: p.Phone, Name: p.Name, Role: string(p.Role), Language: string(p.Language), TimeZone: p.TimeZone}
	if p.TeamID != nil {
		f.Team = strconv.FormatInt(*p.TeamID, 10)
	}
	return h.renderPerson(c, http.StatusOK, personPage{ID: p.ID, Form: f, Saved: c.QueryParam("saved") != ""},
		withPerson(v, p))
}

// editPerson saves the form of a person the viewer may change.
func (h *handlers) editPerson(c echo.Context) error {
	v := viewerOf(c)
	p, err := h.changedPerson(c, v)
	if err != nil {
		return err
	}
	f := readPersonForm(c, false)
	f.Phone = p.Phone
	pv, errs := checkPerson(v, f, &p)
	if len(errs) > 0 {
		f.Errors = errs
		return h.renderPerson(c, http.StatusUnprocessableEntity, personPage{ID: p.ID, Form: f}, withPerson(v, p))
	}
	change := store.PersonChange{ID: p.ID, Name: pv.Name, TeamID: pv.TeamID, Language: pv.Language,
		TimeZone: pv.TimeZone, Role: pv.Role}
	if err := h.cfg.People.UpdatePerson(c.Request().Context(), change, h.cfg.Now()); err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, fmt.Sprintf("%s/%d?saved=1", PeoplePath, p.ID))
}

// deactivate and reactivate set a person the viewer may change apart, or
// back; no one deactivates themselves.
func (h *handlers) deactivate(c echo.Context) error { return h.setDeactivated(c, true) }
func (h *handlers) reactivate(c echo.Context) error { return h.setDeactivated(c, false) }

func (h *handlers) setDeactivated(c echo.Context, deactivated bool) error {
	v := viewerOf(c)
	p, err := h.changedPerson(c, v)
	if err != nil {
		return err
	}
	if p.ID == v.ID {
		return echo.NewHTTPError(http.StatusForbidden, words(v.Language)["e_self"])
	}
	if err := h.cfg.People.SetDeactivated(c.Request().Context(), p.ID, deactivated, h.cfg.Now()); err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, fmt.Sprintf("%s/%d?saved=1", PeoplePath, p.ID))
}

// seenPerson is the person of the path's :id when the viewer sees them;
// 404 otherwise.
func (h *handlers) seenPerson(c echo.Context, v *store.Viewer) (store.Person, error) {
	id, err := pathID(c)
	if err != nil {
		return store.Person{}, err
	}
	p, err := h.cfg.People.Person(c.Request().Context(), id)
	if errors.Is(err, store.ErrNoVolunteer) || err == nil && !seesPerson(v, p) {
		return store.Person{}, echo.NewHTTPError(http.StatusNotFound, "no such person")
	}
	return p, err
}

// changedPerson is seenPerson, 403 when the viewer may not change them.
func (h *handlers) changedPerson(c echo.Context, v *store.Viewer) (store.Person, error) {
	p, err := h.seenPerson(c, v)
	if err != nil {
		return p, err
	}
	if !editsPerson(v, p) {
		return p, echo.NewHTTPError(http.StatusForbidden, "only a coordinator changes a coordinator")
	}
	return p, nil
}

// withPerson fills in what the page shows of p beside the form.
func withPerson(v *store.Viewer, p store.Person) func(*personPage, map[string]string) {
	return func(pg *personPage, w map[string]string) {
		pg.Editable = editsPerson(v, p)
		pg.Self = p.ID == v.ID
		pg.organizes = p.Organizes
		pg.noTeam = p.TeamID == nil
		pg.CanDeactivate = pg.Editable && !pg.Self
		pg.Deactivated = p.DeactivatedAt != nil
		pg.States = personStates(w, p, viewerZone(v), v.Language)
		pg.Phone, pg.Team, pg.Zone = p.Phone, p.TeamName, p.TimeZone
		pg.Role, pg.Language = word(w, "r_", string(p.Role)), word(w, "l_", string(p.Language))
	}
}

// renderPerson shows the person page with the choices the viewer has.
func (h *handlers) renderPerson(c echo.Context, status int, pg personPage, fill ...func(*personPage, map[string]string)) error {
	v := viewerOf(c)
	w := words(v.Language)
	for _, f := range fill {
		f(&pg, w)
	}
	pg.Action = PeoplePath
	if pg.ID != 0 {
		pg.Action = fmt.Sprintf("%s/%d", PeoplePath, pg.ID)
	}
	teams, err := h.cfg.People.TeamSummaries(c.Request().Context())
	if err != nil {
		return err
	}
	if v.Role == debrief.RoleCoordinator || pg.noTeam {
		pg.Teams = append(pg.Teams, option{Value: "", Label: w["no_team"], Selected: pg.Form.Team == ""})
	}
	for _, t := range teams {
		if slices.Contains(pg.organizes, t.ID) && sees(v, &t.ID) {
			pg.Organizes = append(pg.Organizes, t.Name)
		}
		if sees(v, &t.ID) {
			id := strconv.FormatInt(t.ID, 10)
			pg.Teams = append(pg.Teams, option{Value: id, Label: t.Name, Selected: pg.Form.Team == id})
		}
	}
	for _, r := range roleChoices(v) {
		pg.Roles = append(pg.Roles, option{Value: string(r), Label: word(w, "r_", string(r)), Selected: pg.Form.Role == string(r)})
	}
	for _, l := range []debrief.Language{debrief.English, debrief.Spanish} {
		pg.Langs = append(pg.Langs, option{Value: string(l), Label: word(w, "l_", string(l)), Selected: pg.Form.Language == string(l)})
	}
	title := w["add_person"]
	if pg.ID != 0 {
		title = pg.Form.Name
	}
	return h.pages.render(c, status, "person", page{Lang: v.Language, Viewer: v, Title: title, Data: pg})
}

// roleChoices are the roles v may give: an organizer makes no coordinator.
func roleChoices(v *store.Viewer) []debrief.Role {
	if v.Role == debrief.RoleCoordinator {
		return []debrief.Role{debrief.RoleVolunteer, debrief.RoleOrganizer, debrief.RoleCoordinator}
	}
	return []debrief.Role{debrief.RoleVolunteer, debrief.RoleOrganizer}
}

// readPersonForm reads the form as typed, trimmed; the phone only when
// adding.
func readPersonForm(c echo.Context, adding bool) personForm {
	f := personForm{
		Name:     strings.TrimSpace(c.FormValue("name")),
		Team:     strings.TrimSpace(c.FormValue("team")),
		Role:     strings.TrimSpace(c.FormValue("role")),
		Language: strings.TrimSpace(c.FormValue("language")),
		TimeZone: strings.TrimSpace(c.FormValue("time_zone")),
	}
	if adding {
		f.Phone = strings.TrimSpace(c.FormValue("phone"))
	}
	return f
}

// checkPerson turns the form into the person to store, or says what is
// wrong, by field, as words' keys. current is the person edited, nil when
// adding. A team or role the viewer may not give is a mistake like any
// other; no team is the coordinators' to give, or a teamless person's to
// keep.
func checkPerson(v *store.Viewer, f personForm, current *store.Person) (debrief.Volunteer, map[string]string) {
	errs := map[string]string{}
	var out debrief.Volunteer
	if current == nil {
		n, err := phone.Normalize(f.Phone, phoneRegion)
		if err != nil {
			errs["phone"] = "bad_phone"
		}
		out.Phone = n
	}
	out.Name = f.Name
	if f.Name == "" || utf8.RuneCountInString(f.Name) > maxName {
		errs["name"] = "e_name"
	}
	switch id, err := strconv.ParseInt(f.Team, 10, 64); {
	case f.Team == "" && (v.Role == debrief.RoleCoordinator || current != nil && current.TeamID == nil):
	case err != nil || !sees(v, &id):
		errs["team"] = "e_team"
	default:
		out.TeamID = &id
	}
	out.Role = debrief.Role(f.Role)
	switch {
	case !slices.Contains(roleChoices(v), out.Role):
		errs["role"] = "e_role"
	case current != nil && current.ID == v.ID && out.Role != current.Role:
		errs["role"] = "e_role_self"
	}
	out.Language = debrief.Language(f.Language)
	if out.Language != debrief.English && out.Language != debrief.Spanish {
		errs["language"] = "e_language"
	}
	out.TimeZone = f.TimeZone
	switch {
	case f.TimeZone == "" && current == nil:
		if name, ok := zone.Guess("", "", out.Phone); ok && out.Phone != "" {
			out.TimeZone = name // else the store's default
		}
	case !validZone(f.TimeZone):
		errs["time_zone"] = "e_time_zone"
	}
	return out, errs
}

// validZone reports whether name is an IANA time zone: "Local" and ""
// load too, but mean nothing stored.
func validZone(name string) bool {
	if name == "" || name == "Local" || len(name) > 64 {
		return false
	}
	_, err := time.LoadLocation(name)
	return err == nil
}
