package web

import (
	"context"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/debrief-sms/debrief"
	"github.com/debrief-sms/debrief/internal/store"
)

// PlansPath is the planned 1:1s page.
const PlansPath = "/plans"

// plansPerPage is how many plans a page lists.
const plansPerPage = 50

// monthLayout is how ?month= writes a month.
const monthLayout = "2006-01"

// Plans is what the plans page needs of the database; *store.Store
// implements it.
type Plans interface {
	TeamPlans(ctx context.Context, q store.TeamPlansQuery) ([]store.TeamPlan, error)
	FollowThroughs(ctx context.Context, f store.FollowThroughFilter) ([]store.FollowThrough, error)
	VolunteerFollowThroughs(ctx context.Context, f store.FollowThroughFilter) ([]store.VolunteerFollowThrough, error)
}

type plansPage struct {
	Teams                []teamOption
	States               []statusOption
	Month, MonthName     string // 2026-11, and as the viewer reads it
	PrevMonth, NextMonth string // links to the months around
	Plans                []planRow
	TeamFigures          []figuresRow
	VolunteerFigures     []figuresRow
	PickTeam             bool // a coordinator over all teams: volunteers' figures by team only
	ShowTeam             bool // the viewer looks at more than one team
	PrevURL, NextURL     string
}

type planRow struct {
	Volunteer, Team, Person, When, State string
	ReportID                             int64 // 0: no report to link
}

type figuresRow struct {
	Name, Team string
	store.FollowThrough
}

// plansQuery is what ?team=, ?state=, ?month= and ?page= ask for.
type plansQuery struct {
	teamID int64
	state  store.PlanState
	month  time.Time // its first instant in the viewer's zone
	page   int
}

func readPlansQuery(c echo.Context, loc *time.Location, now time.Time) (plansQuery, error) {
	var q plansQuery
	var err error
	if q.teamID, q.page, err = teamAndPage(c); err != nil {
		return q, err
	}
	q.state = store.PlanState(c.QueryParam("state"))
	if q.state != "" && !slices.Contains(store.PlanStates, q.state) {
		return q, echo.NewHTTPError(http.StatusBadRequest, "state: want upcoming, asked, unreported, reported or cancelled")
	}
	now = now.In(loc)
	q.month = time.Date(now.Year(), now.Month(), 1, 0, 0, 0, 0, loc)
	if s := c.QueryParam("month"); s != "" {
		m, err := time.ParseInLocation(monthLayout, s, loc)
		if err != nil || m.Year() < 2000 || m.Year() > 2999 {
			return q, echo.NewHTTPError(http.StatusBadRequest, "month: want a month such as 2026-11")
		}
		q.month = m
	}
	return q, nil
}

// url is the page's address for q on page n of month m.
func (q plansQuery) url(m time.Time, n int) string {
	vals := url.Values{}
	if q.teamID != 0 {
		vals.Set("team", strconv.FormatInt(q.teamID, 10))
	}
	if q.state != "" {
		vals.Set("state", string(q.state))
	}
	vals.Set("month", m.Format(monthLayout))
	if n > 1 {
		vals.Set("page", strconv.Itoa(n))
	}
	return PlansPath + "?" + vals.Encode()
}

// figureTeams are the teams whose follow-through v sees for teamID (0:
// all v sees); nil with ok for a coordinator over every team, !ok when v
// sees none of them.
func figureTeams(v *store.Viewer, teamID int64) (teams []int64, ok bool) {
	switch {
	case v.Role == debrief.RoleCoordinator && teamID == 0:
		return nil, true
	case v.Role == debrief.RoleCoordinator, slices.Contains(v.TeamIDs, teamID):
		return []int64{teamID}, true
	case teamID == 0 && len(v.TeamIDs) > 0:
		return v.TeamIDs, true
	}
	return nil, false
}

// plans lists the 1:1s planned in a month (?month=, this month in the
// viewer's zone by default) by the volunteers of the teams the viewer
// sees, by planned time, filtered by ?team= and ?state=, a page (?page=,
// from 1) at a time; above them, the month's planned vs reported per team
// and per volunteer.
func (h *handlers) plans(c echo.Context) error {
	v := viewerOf(c)
	w := words(v.Language)
	loc := viewerZone(v)
	pq, err := readPlansQuery(c, loc, h.cfg.Now())
	if err != nil {
		return err
	}
	sc := scope(v)
	next := pq.month.AddDate(0, 1, 0)
	q := store.TeamPlansQuery{Teams: sc.Teams, AllTeams: sc.AllTeams, TeamID: pq.teamID, From: pq.month, To: next,
		State: pq.state, Offset: (pq.page - 1) * plansPerPage, Limit: plansPerPage + 1}
	ctx := c.Request().Context()
	rows, err := h.cfg.Plans.TeamPlans(ctx, q)
	if err != nil {
		return err
	}
	all, err := h.cfg.Accounts.Teams(ctx)
	if err != nil {
		return err
	}
	data := plansPage{Month: pq.month.Format(monthLayout), MonthName: monthName(pq.month, v.Language),
		PrevMonth: pq.url(pq.month.AddDate(0, -1, 0), 1), NextMonth: pq.url(next, 1)}
	for _, t := range all {
		if sees(v, &t.ID) {
			data.Teams = append(data.Teams, teamOption{ID: t.ID, Name: t.Name, Selected: t.ID == pq.teamID})
		}
	}
	data.ShowTeam = pq.teamID == 0 && len(data.Teams) > 1
	for _, s := range store.PlanStates {
		data.States = append(data.States, statusOption{Value: string(s), Label: word(w, "pl_", string(s)), Selected: s == pq.state})
	}
	for i, p := range rows {
		if i == plansPerPage {
			break
		}
		r := planRow{Volunteer: p.Volunteer, Team: p.Team, Person: p.Person, When: planTime(p, loc, v.Language),
			State: word(w, "pl_", string(p.State))}
		if p.ReportID != nil && p.State == store.PlanReported {
			r.ReportID = *p.ReportID
		}
		data.Plans = append(data.Plans, r)
	}
	if err := h.planFigures(ctx, v, pq, loc, &data); err != nil {
		return err
	}
	if pq.page > 1 {
		data.PrevURL = pq.url(pq.month, pq.page-1)
	}
	if len(rows) > plansPerPage {
		data.NextURL = pq.url(pq.month, pq.page+1)
	}
	return h.pages.render(c, http.StatusOK, "plans", page{Lang: v.Language, Viewer: v, Data: data})
}

// planFigures fills the month's follow-through, per team and, unless a
// coordinator looks at every team, per volunteer.
func (h *handlers) planFigures(ctx context.Context, v *store.Viewer, pq plansQuery, loc *time.Location, data *plansPage) error {
	teams, ok := figureTeams(v, pq.teamID)
	if !ok {
		return nil
	}
	f := store.FollowThroughFilter{TeamIDs: teams, Year: pq.month.Year(), Month: pq.month.Month(), Location: loc}
	fts, err := h.cfg.Plans.FollowThroughs(ctx, f)
	if err != nil {
		return err
	}
	noTeam := words(v.Language)["no_team"]
	for _, ft := range fts {
		data.TeamFigures = append(data.TeamFigures, figuresRow{Name: orWord(ft.Team, noTeam), FollowThrough: ft})
	}
	if teams == nil {
		data.PickTeam = len(fts) > 0
		return nil
	}
	vols, err := h.cfg.Plans.VolunteerFollowThroughs(ctx, f)
	if err != nil {
		return err
	}
	for _, vf := range vols {
		data.VolunteerFigures = append(data.VolunteerFigures, figuresRow{Name: vf.Volunteer, Team: orWord(vf.Team, noTeam), FollowThrough: vf.FollowThrough})
	}
	return nil
}

// planTime is when p is planned, in loc. A plan for a day and no time is
// stored at the start of that day in the volunteer's zone; twelve hours
// later falls on that day in UTC for every zone within twelve hours of
// it, so the day shown is the volunteer's, whatever the viewer's zone.
func planTime(p store.TeamPlan, loc *time.Location, lang debrief.Language) string {
	if !p.HasTime {
		return formatDay(p.PlannedAt.Add(12*time.Hour), time.UTC, lang)
	}
	return formatTime(p.PlannedAt, loc, lang)
}

func orWord(s, otherwise string) string {
	if s == "" {
		return otherwise
	}
	return s
}
