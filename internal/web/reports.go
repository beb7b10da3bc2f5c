package web

import (
	"errors"
	"net/http"
	"net/url"
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
	Teams            []debrief.Team
	TeamID           int64
	Statuses         []statusOption
	Reports          []reportItem
	PrevURL, NextURL string
}

type statusOption struct {
	Value, Label string
	Selected     bool
}

type reportItem struct {
	ID                                  int64
	PersonName, VolunteerName, TeamName string
	Started, StatusLabel                string
}

// viewerZone is the viewer's time zone, UTC when theirs does not load.
func viewerZone(v *store.Viewer) *time.Location {
	if loc, err := time.LoadLocation(v.TimeZone); err == nil {
		return loc
	}
	return time.UTC
}

// scope is the part of TeamReportsQuery that says which teams v sees.
func scope(v *store.Viewer) store.TeamReportsQuery {
	if v.Role == debrief.RoleCoordinator {
		return store.TeamReportsQuery{AllTeams: true}
	}
	return store.TeamReportsQuery{Teams: v.TeamIDs}
}

// sees reports whether v may see the reports of teamID (nil: a volunteer
// with no team, whom only coordinators see).
func sees(v *store.Viewer, teamID *int64) bool {
	if v.Role == debrief.RoleCoordinator {
		return true
	}
	return teamID != nil && slices.Contains(v.TeamIDs, *teamID)
}

// reports lists the reports the viewer may see, newest first, filtered by
// ?team= and ?status=, a page (?page=, from 1) at a time.
func (h *handlers) reports(c echo.Context) error {
	v := viewerOf(c)
	w := words(v.Language)
	q := scope(v)
	teamID, pageNo, err := teamAndPage(c)
	if err != nil {
		return err
	}
	q.TeamID = teamID
	status := debrief.ReportStatus(c.QueryParam("status"))
	switch status {
	case "", debrief.ReportDraft, debrief.ReportComplete, debrief.ReportAbandoned:
	default:
		return echo.NewHTTPError(http.StatusBadRequest, "status: want draft, complete or abandoned")
	}
	q.Status = status
	q.Offset, q.Limit = (pageNo-1)*reportsPerPage, reportsPerPage+1
	ctx := c.Request().Context()
	rows, err := h.cfg.Accounts.TeamReports(ctx, q)
	if err != nil {
		return err
	}
	all, err := h.cfg.Accounts.Teams(ctx)
	if err != nil {
		return err
	}
	data := reportsPage{TeamID: teamID}
	for _, t := range all {
		if sees(v, &t.ID) {
			data.Teams = append(data.Teams, t)
		}
	}
	for _, s := range []debrief.ReportStatus{debrief.ReportComplete, debrief.ReportDraft, debrief.ReportAbandoned} {
		data.Statuses = append(data.Statuses, statusOption{Value: string(s), Label: w[string(s)], Selected: s == status})
	}
	loc := viewerZone(v)
	for i, r := range rows {
		if i == reportsPerPage {
			break
		}
		data.Reports = append(data.Reports, reportItem{ID: r.ID, PersonName: r.PersonName, VolunteerName: r.VolunteerName,
			TeamName: r.TeamName, Started: formatTime(r.StartedAt, loc, v.Language), StatusLabel: w[string(r.Status)]})
	}
	link := func(n int) string {
		vals := url.Values{}
		if teamID != 0 {
			vals.Set("team", strconv.FormatInt(teamID, 10))
		}
		if status != "" {
			vals.Set("status", string(status))
		}
		if n > 1 {
			vals.Set("page", strconv.Itoa(n))
		}
		if len(vals) == 0 {
			return ReportsPath
		}
		return ReportsPath + "?" + vals.Encode()
	}
	if pageNo > 1 {
		data.PrevURL = link(pageNo - 1)
	}
	if len(rows) > reportsPerPage {
		data.NextURL = link(pageNo + 1)
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
