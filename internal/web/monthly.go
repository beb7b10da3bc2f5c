package web

import (
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"sync"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/debrief-sms/debrief"
	"github.com/debrief-sms/debrief/internal/store"
	"github.com/debrief-sms/debrief/internal/tally"
)

// MonthlyPath is the monthly report's page.
const MonthlyPath = "/monthly"

// monthlyMonths is how many months the charts show, the report's last.
const monthlyMonths = 12

type monthlyPage struct {
	Month, Name      string // 2026-11, November 2026
	SoFar            bool   // the month is not over
	Zone             string
	PrevURL, NextURL string
	Teams            []teamOption
	Summary          string
	Rows             []monthlyRow
	Total            monthlyRow
	Answers          []answersTable
	Charts           []barChart
	History          []historyRow
}

// answersTable is a section of grouped answers: the issues, the wishes,
// or one of a team's own questions.
type answersTable struct {
	ID, Heading, Head string
	Counts            []tally.Count
}

type monthlyRow struct {
	Name string
	store.MonthlyTeam
}

type historyRow struct {
	Month                             string
	Reports                           int
	NextSteps, NextStepsDone, Overdue int
	DonePct                           string
}

// monthlyZone is the zone months are counted in.
func (h *handlers) monthlyZone() *time.Location {
	if h.cfg.ReportZone != nil {
		return h.cfg.ReportZone
	}
	return time.UTC
}

// MonthlyURL is the path of the monthly report of the month that starts
// at from: /monthly?month=2026-11.
func MonthlyURL(from time.Time) string {
	return MonthlyPath + "?month=" + from.Format("2006-01")
}

// monthly shows the month ?month= (YYYY-MM; the last full month in the
// viewer's zone by default) of the teams the viewer sees, or of ?team=
// alone: per team and in total, and the 12 months up to it as charts.
func (h *handlers) monthly(c echo.Context) error {
	v := viewerOf(c)
	w := words(v.Language)
	loc := h.monthlyZone()
	now := h.cfg.Now()
	teamID, _, err := teamAndPage(c)
	if err != nil {
		return err
	}
	var from time.Time
	if s := c.QueryParam("month"); s != "" {
		m, err := time.ParseInLocation("2006-01", s, loc)
		if err != nil || m.Year() < 2000 || m.Year() > 2999 {
			return echo.NewHTTPError(http.StatusBadRequest, "month: want a month such as 2026-11")
		}
		from = m
	} else {
		y, m, _ := now.In(viewerZone(v)).Date()
		from = time.Date(y, m-1, 1, 0, 0, 0, 0, loc)
	}
	to := from.AddDate(0, 1, 0)
	sc := scope(v)
	q := store.MonthlyQuery{Teams: sc.Teams, AllTeams: sc.AllTeams, TeamID: teamID, From: from, To: to}
	bounds := make([]time.Time, monthlyMonths+1)
	for i := range bounds {
		bounds[i] = from.AddDate(0, i+1-monthlyMonths, 0)
	}
	// The month, the year up to it and the teams, read side by side.
	ctx := c.Request().Context()
	var (
		figures store.Monthly
		history []store.MonthlyPoint
		all     []debrief.Team
		errs    [3]error
		wg      sync.WaitGroup
	)
	wg.Go(func() { figures, errs[0] = h.cfg.Accounts.Monthly(ctx, q) })
	wg.Go(func() { history, errs[1] = h.history.history(ctx, q, bounds, now) })
	wg.Go(func() { all, errs[2] = h.cfg.Accounts.Teams(ctx) })
	wg.Wait()
	if err := errors.Join(errs[:]...); err != nil {
		return err
	}

	data := monthlyPage{Month: from.Format("2006-01"), Name: monthName(from, v.Language), SoFar: now.Before(to),
		Zone: loc.String(), Answers: []answersTable{
			{ID: "m-issues", Heading: w["m_issues"], Head: w["m_issue"], Counts: figures.Issues},
			{ID: "m-enjoy", Heading: w["m_enjoy"], Head: w["m_wish"], Counts: figures.Enjoy},
		}}
	for i, q := range figures.Questions {
		data.Answers = append(data.Answers, answersTable{ID: "m-question-" + strconv.Itoa(i+1),
			Heading: w["m_questions"] + ": " + q.Key, Head: q.Question, Counts: q.Answers})
	}
	link := func(m time.Time) string {
		vals := url.Values{"month": {m.Format("2006-01")}}
		if teamID != 0 {
			vals.Set("team", strconv.FormatInt(teamID, 10))
		}
		return MonthlyPath + "?" + vals.Encode()
	}
	data.PrevURL = link(from.AddDate(0, -1, 0))
	if !now.Before(to) {
		data.NextURL = link(to)
	}
	byTeam := map[int64]store.MonthlyTeam{}
	for _, t := range figures.Teams {
		byTeam[t.TeamID] = t
	}
	reporting := 0
	for _, t := range all {
		if !sees(v, &t.ID) {
			continue
		}
		data.Teams = append(data.Teams, teamOption{ID: t.ID, Name: t.Name, Selected: t.ID == teamID})
		if teamID != 0 && t.ID != teamID {
			continue
		}
		f := byTeam[t.ID]
		f.TeamID = t.ID
		data.Rows = append(data.Rows, monthlyRow{Name: t.Name, MonthlyTeam: f})
		if f.Reports > 0 {
			reporting++
		}
	}
	if f, ok := byTeam[0]; ok {
		data.Rows = append(data.Rows, monthlyRow{Name: w["m_no_team"], MonthlyTeam: f})
	}
	data.Total.Name = w["m_total"]
	for _, r := range data.Rows {
		data.Total.Add(r.MonthlyTeam)
	}
	data.Summary = monthlySummary(v.Language, data.Total.Reports, data.Total.Volunteers, reporting)

	labels := make([]string, len(history))
	reports := make([]float64, len(history))
	done := make([]float64, len(history))
	reportTexts := make([]string, len(history))
	doneTexts := make([]string, len(history))
	for i, p := range history {
		labels[i] = monthShort(p.From.In(loc), v.Language)
		reports[i] = float64(p.Reports)
		row := historyRow{Month: monthName(p.From.In(loc), v.Language), Reports: p.Reports, NextSteps: p.NextSteps,
			NextStepsDone: p.NextStepsDone, Overdue: p.Overdue, DonePct: "-"}
		if p.NextSteps > 0 {
			done[i] = 100 * float64(p.NextStepsDone) / float64(p.NextSteps)
			row.DonePct = percent(done[i])
		}
		reportTexts[i], doneTexts[i] = strconv.Itoa(p.Reports), row.DonePct
		data.History = append(data.History, row)
	}
	span := monthName(history[0].From.In(loc), v.Language) + " - " + data.Name + ". " + w["m_chart_desc"]
	data.Charts = []barChart{
		newBarChart("chart-reports", w["m_chart_reports"], span, labels, reportTexts, reports, 0),
		newBarChart("chart-done", w["m_chart_done"], span, labels, doneTexts, done, 100),
	}
	return h.pages.render(c, http.StatusOK, "monthly", page{Lang: v.Language, Viewer: v,
		Title: w["monthly"] + ": " + data.Name, Data: data})
}
