package web

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/debrief-sms/debrief/internal/store"
)

// followupsPerPage is how many follow-ups a page lists.
const followupsPerPage = 50

type followupsPage struct {
	Teams            []teamOption
	Statuses         []statusOption
	Followups        []followupRow
	PrevURL, NextURL string
}

type teamOption struct {
	ID       int64
	Name     string
	Selected bool
}

type followupRow struct {
	ReportID                             int64
	PersonName, VolunteerName            string
	Kind, Status, Due, Sent, Closed, Why string
}

// followups lists the follow-ups to volunteers of the teams the viewer
// sees, the latest due first, filtered by ?team= and ?status= (due: pending
// and due by now), a page (?page=, from 1) at a time.
func (h *handlers) followups(c echo.Context) error {
	v := viewerOf(c)
	w := words(v.Language)
	sc := scope(v)
	q := store.TeamFollowupsQuery{Teams: sc.Teams, AllTeams: sc.AllTeams, Now: h.cfg.Now()}
	teamID, pageNo, err := teamAndPage(c)
	if err != nil {
		return err
	}
	q.TeamID = teamID
	statuses := []string{store.FollowupsDue, string(store.StatusOverdue), string(store.StatusDone), string(store.StatusFailed)}
	q.Status = c.QueryParam("status")
	if q.Status != "" && !slices.Contains(statuses, q.Status) {
		return echo.NewHTTPError(http.StatusBadRequest, "status: want due, overdue, done or failed")
	}
	q.Offset, q.Limit = (pageNo-1)*followupsPerPage, followupsPerPage+1
	ctx := c.Request().Context()
	rows, err := h.cfg.Accounts.TeamFollowups(ctx, q)
	if err != nil {
		return err
	}
	all, err := h.cfg.Accounts.Teams(ctx)
	if err != nil {
		return err
	}
	var data followupsPage
	for _, t := range all {
		if sees(v, &t.ID) {
			data.Teams = append(data.Teams, teamOption{ID: t.ID, Name: t.Name, Selected: t.ID == q.TeamID})
		}
	}
	for _, s := range statuses {
		data.Statuses = append(data.Statuses, statusOption{Value: s, Label: word(w, "f_", s), Selected: s == q.Status})
	}
	loc := viewerZone(v)
	for i, f := range rows {
		if i == followupsPerPage {
			break
		}
		r := followupRow{ReportID: f.ReportID, PersonName: f.PersonName, VolunteerName: f.VolunteerName,
			Kind: word(w, "k_", f.Kind), Status: word(w, "s_", f.Status), Due: formatTime(f.DueAt, loc, v.Language)}
		if f.SentAt != nil {
			r.Sent = formatTime(*f.SentAt, loc, v.Language)
		}
		if f.ClosedAt != nil {
			r.Closed = formatTime(*f.ClosedAt, loc, v.Language)
		}
		if f.Status == string(store.StatusFailed) {
			var why []string
			if f.ErrorCode != nil {
				why = append(why, strconv.Itoa(*f.ErrorCode))
			}
			if f.LastError != "" {
				why = append(why, f.LastError)
			}
			r.Why = strings.Join(why, ": ")
		}
		data.Followups = append(data.Followups, r)
	}
	link := func(n int) string {
		vals := url.Values{}
		if q.TeamID != 0 {
			vals.Set("team", strconv.FormatInt(q.TeamID, 10))
		}
		if q.Status != "" {
			vals.Set("status", q.Status)
		}
		if n > 1 {
			vals.Set("page", strconv.Itoa(n))
		}
		if len(vals) == 0 {
			return FollowupsPath
		}
		return FollowupsPath + "?" + vals.Encode()
	}
	if pageNo > 1 {
		data.PrevURL = link(pageNo - 1)
	}
	if len(rows) > followupsPerPage {
		data.NextURL = link(pageNo + 1)
	}
	return h.pages.render(c, http.StatusOK, "followups", page{Lang: v.Language, Viewer: v, Data: data})
}
