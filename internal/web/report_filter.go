package web

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/labstack/echo/v4"

	"github.com/debrief-sms/debrief"
	"github.com/debrief-sms/debrief/internal/store"
)

// commitmentChoices are the commitments the reports page filters by, in
// the order the texts offer them.
var commitmentChoices = []debrief.Commitment{
	debrief.CommitHouseParty, debrief.CommitAction, debrief.CommitMeetAgain, debrief.CommitOther, debrief.CommitNone,
}

// reportStatuses are the statuses the reports page filters by.
var reportStatuses = []debrief.ReportStatus{debrief.ReportComplete, debrief.ReportDraft, debrief.ReportAbandoned}

// reportQuery is the reports page's filter as the query string says it:
// ?team=ID&volunteer=ID&from=YYYY-MM-DD&to=YYYY-MM-DD&commitment=C&status=S&q=TEXT.
// The page and its CSV download read it alike, through readReportQuery.
type reportQuery struct {
	TeamID, VolunteerID int64
	From, To            string
	Commitment          debrief.Commitment
	Status              debrief.ReportStatus
	Text                string
	Filter              store.ReportFilter // what the store is asked: v's teams and the above
}

// readReportQuery reads the filter of the reports page and its download
// for the viewer v: days in v's zone, only v's teams. A malformed value is
// a 400 that names it.
func readReportQuery(c echo.Context, v *store.Viewer) (reportQuery, error) {
	var q reportQuery
	bad := func(msg string) (reportQuery, error) {
		return reportQuery{}, echo.NewHTTPError(http.StatusBadRequest, msg)
	}
	id := func(name string) (int64, bool) {
		s := c.QueryParam(name)
		if s == "" {
			return 0, true
		}
		n, err := strconv.ParseInt(s, 10, 64)
		return n, err == nil && n > 0
	}
	var ok bool
	if q.TeamID, ok = id("team"); !ok {
		return bad("team: want a team's number")
	}
	if q.VolunteerID, ok = id("volunteer"); !ok {
		return bad("volunteer: want a volunteer's number")
	}
	q.From, q.To = strings.TrimSpace(c.QueryParam("from")), strings.TrimSpace(c.QueryParam("to"))
	sc := scope(v)
	f := store.ReportFilter{Scope: &sc, TeamID: q.TeamID, VolunteerID: q.VolunteerID}
	if err := f.SetDays(q.From, q.To, viewerZone(v)); err != nil {
		return bad(err.Error())
	}
	if s := c.QueryParam("commitment"); s != "" {
		q.Commitment = debrief.Commitment(s)
		if !slices.Contains(commitmentChoices, q.Commitment) {
			return bad("commitment: want house_party, action, meet_again, other or none")
		}
		f.Commitment = q.Commitment
	}
	q.Status = debrief.ReportStatus(c.QueryParam("status"))
	switch {
	case q.Status == "":
		f.AnyStatus = true
	case slices.Contains(reportStatuses, q.Status):
		f.Status = q.Status
	default:
		return bad("status: want draft, complete or abandoned")
	}
	q.Text = strings.TrimSpace(c.QueryParam("q"))
	switch {
	case len(q.Text) > store.MaxSearchText:
		return bad("q: at most " + strconv.Itoa(store.MaxSearchText) + " characters")
	case !utf8.ValidString(q.Text) || strings.ContainsFunc(q.Text, unicode.IsControl):
		// The store searches the answers as lines of one string.
		return bad("q: not text")
	}
	f.Text = q.Text
	q.Filter = f
	return q, nil
}

// values is q as a query string's values, empty ones left out, for links
// that keep the filter (pages, the download).
func (q reportQuery) values() url.Values {
	vals := url.Values{}
	set := func(k, v string) {
		if v != "" {
			vals.Set(k, v)
		}
	}
	if q.TeamID != 0 {
		vals.Set("team", strconv.FormatInt(q.TeamID, 10))
	}
	if q.VolunteerID != 0 {
		vals.Set("volunteer", strconv.FormatInt(q.VolunteerID, 10))
	}
	set("from", q.From)
	set("to", q.To)
	set("commitment", string(q.Commitment))
	set("status", string(q.Status))
	set("q", q.Text)
	return vals
}

// link is path with q's values and, past the first, the page number.
func (q reportQuery) link(path string, page int) string {
	vals := q.values()
	if page > 1 {
		vals.Set("page", strconv.Itoa(page))
	}
	if len(vals) == 0 {
		return path
	}
	return path + "?" + vals.Encode()
}
