package web

import (
	"errors"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/debrief-sms/debrief"
	"github.com/debrief-sms/debrief/internal/store"
)

// reportsPerPage is how many reports a page lists.
const reportsPerPage = 50

// timeLayout shows times in the viewer's zone.
const timeLayout = "Mon Jan 2 2006 15:04 MST"

type reportsPage struct {
	Teams                    []teamOption
	Volunteers               []teamOption // the viewer's teams' people (the chosen team's), by name
	MoreMembers              bool         // more than maxMembers: a team must be chosen to pick one
	Commitments              []statusOption
	Statuses                 []statusOption
	Query                    reportQuery
	Reports                  []reportItem
	PrevURL, NextURL, CSVURL string
}

// maxMembers is how many people the volunteer filter lists at most; past
// it (a coordinator of many teams), the page asks to choose a team first.
const maxMembers = 300

type statusOption struct {
	Value, Label string
	Selected     bool
}

type reportItem struct {
	ID                                  int64
	PersonName, VolunteerName, TeamName string
	Date, StatusLabel                   string
}

// viewerZone is the viewer's time zone, UTC when theirs does not load.
func viewerZone(v *store.Viewer) *time.Location {
	if loc, err := time.LoadLocation(v.TimeZone); err == nil {
		return loc
	}
	return time.UTC
}

// scope is the teams v sees: every team for a coordinator, an
// organizer's own otherwise.
func scope(v *store.Viewer) store.TeamScope {
	if v.Role == debrief.RoleCoordinator {
		return store.TeamScope{AllTeams: true}
	}
	return store.TeamScope{Teams: v.TeamIDs}
}

// sees reports whether v may see the reports of teamID (nil: a volunteer
// with no team, whom only coordinators see).
func sees(v *store.Viewer, teamID *int64) bool {
	if v.Role == debrief.RoleCoordinator {
		return true
	}
	return teamID != nil && slices.Contains(v.TeamIDs, *teamID)
}

// reports lists the reports the viewer may see, newest first, filtered
// by team, volunteer, days, commitment, status and text (readReportQuery),
// a page (?page=, from 1) at a time, with a link to download them all as
// a CSV file.
func (h *handlers) reports(c echo.Context) error {
	v := viewerOf(c)
	w := words(v.Language)
	_, pageNo, err := teamAndPage(c)
	if err != nil {
		return err
	}
	q, err := readReportQuery(c, v)
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	rows, err := h.cfg.Accounts.TeamReports(ctx, q.Filter, (pageNo-1)*reportsPerPage, reportsPerPage+1)
	if err != nil {
		return err
	}
	all, err := h.cfg.Accounts.Teams(ctx)
	if err != nil {
		return err
	}
	members, err := h.cfg.Accounts.TeamMembers(ctx, *q.Filter.Scope, q.TeamID, maxMembers+1)
	if err != nil {
		return err
	}
	data := reportsPage{Query: q, CSVURL: q.link(ReportsCSVPath, 1)}
	for _, t := range all {
		if sees(v, &t.ID) {
			data.Teams = append(data.Teams, teamOption{ID: t.ID, Name: t.Name, Selected: t.ID == q.TeamID})
		}
	}
	data.MoreMembers = len(members) > maxMembers
	for i, m := range members {
		if i == maxMembers {
			break
		}
		name := m.Name
		if name == "" {
			name = m.Phone
		}
		if q.TeamID == 0 && len(data.Teams) > 1 {
			name += " (" + m.TeamName + ")"
		}
		data.Volunteers = append(data.Volunteers, teamOption{ID: m.ID, Name: name, Selected: m.ID == q.VolunteerID})
	}
	for _, cm := range commitmentChoices {
		data.Commitments = append(data.Commitments, statusOption{Value: string(cm), Label: word(w, "c_", string(cm)),
			Selected: cm == q.Commitment})
	}
	for _, s := range reportStatuses {
		data.Statuses = append(data.Statuses, statusOption{Value: string(s), Label: w[string(s)], Selected: s == q.Status})
	}
	loc := viewerZone(v)
	for i, r := range rows {
		if i == reportsPerPage {
			break
		}
		date := r.StartedAt
		if r.CompletedAt != nil {
			date = *r.CompletedAt
		}
		data.Reports = append(data.Reports, reportItem{ID: r.ID, PersonName: r.PersonName, VolunteerName: r.VolunteerName,
			TeamName: r.TeamName, Date: formatTime(date, loc, v.Language), StatusLabel: w[string(r.Status)]})
	}
	if pageNo > 1 {
		data.PrevURL = q.link(ReportsPath, pageNo-1)
	}
	if len(rows) > reportsPerPage {
		data.NextURL = q.link(ReportsPath, pageNo+1)
	}
	return h.pages.render(c, http.StatusOK, "reports", page{Lang: v.Language, Viewer: v, Data: data})
}

type answer struct{ Label, Value string }

type followupItem struct{ Kind, Status, Due, Sent, Closed string }

type reportPage struct {
	Report    store.TeamReport
	Answers   []answer
	Own       []answer // the team questions' answers, each under the words it was asked
	Followups []followupItem
}

// report shows one report with every answer, who reported it and its
// follow-ups. A report of a team the viewer does not see is not found,
// like one that does not exist.
func (h *handlers) report(c echo.Context) error {
	v := viewerOf(c)
	id, err := strconv.ParseInt(c.Param("id"), 10, 64)
	if err != nil || id <= 0 {
		return echo.NewHTTPError(http.StatusNotFound, "no such report")
	}
	r, err := h.cfg.Accounts.TeamReportByID(c.Request().Context(), id)
	if errors.Is(err, store.ErrUnknownReport) {
		return echo.NewHTTPError(http.StatusNotFound, "no such report")
	}
	if err != nil {
		return err
	}
	if !sees(v, r.TeamID) {
		return echo.NewHTTPError(http.StatusNotFound, "no such report")
	}
	w := words(v.Language)
	loc := viewerZone(v)
	at := func(t *time.Time) string {
		if t == nil {
			return ""
		}
		return formatTime(*t, loc, v.Language)
	}
	thanked := ""
	if r.Thanked != nil {
		thanked = map[bool]string{true: w["yes"], false: w["no"]}[*r.Thanked]
	}
	commitments := make([]string, len(r.Commitments))
	for i, cm := range r.Commitments {
		commitments[i] = word(w, "c_", string(cm))
	}
	reporter := r.VolunteerName
	if reporter == "" {
		reporter = r.VolunteerPhone
	} else {
		reporter += " (" + r.VolunteerPhone + ")"
	}
	data := reportPage{Report: r, Answers: []answer{
		{w["a_person"], r.PersonName}, {w["a_phone"], r.PersonPhone}, {w["a_email"], r.PersonEmail},
		{w["a_issue"], r.Issue}, {w["a_commitments"], strings.Join(commitments, ", ")},
		{w["a_commitment_text"], r.CommitmentText}, {w["a_next"], r.NextSteps}, {w["a_next_at"], at(r.NextContactAt)},
		{w["a_enjoy"], r.Enjoy}, {w["a_notes"], r.Notes}, {w["a_thanked"], thanked},
		{w["a_reporter"], reporter}, {w["a_team"], r.TeamName}, {w["status"], w[string(r.Status)]},
		{w["a_started"], at(&r.StartedAt)}, {w["a_completed"], at(r.CompletedAt)},
	}}
	if data.Own, err = h.ownAnswers(c.Request().Context(), r.Extra, v.Language); err != nil {
		return err
	}
	for _, f := range r.Followups {
		data.Followups = append(data.Followups, followupItem{Kind: word(w, "k_", f.Kind), Status: word(w, "s_", f.Status),
			Due: at(&f.DueAt), Sent: at(f.SentAt), Closed: at(f.ClosedAt)})
	}
	title := r.PersonName
	if title == "" {
		title = w["report"]
	}
	return h.pages.render(c, http.StatusOK, "report", page{Lang: v.Language, Viewer: v, Title: title, Data: data})
}

// teamAndPage reads the ?team= (0: every team the viewer sees) and ?page=
// (from 1) that the list pages share; a malformed one is a 400.
func teamAndPage(c echo.Context) (teamID int64, page int, err error) {
	if s := c.QueryParam("team"); s != "" {
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil || n <= 0 {
			return 0, 0, echo.NewHTTPError(http.StatusBadRequest, "team: want a team's number")
		}
		teamID = n
	}
	page = 1
	if s := c.QueryParam("page"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 || n > 100_000 {
			return 0, 0, echo.NewHTTPError(http.StatusBadRequest, "page: want a page number")
		}
		page = n
	}
	return teamID, page, nil
}
