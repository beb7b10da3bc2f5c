package store

import (
	"fmt"
	"strings"
	"time"

	"github.com/debrief-sms/debrief"
)

// ReportFilter selects reports to list or export; empty fields select all.
// The CSV export (command line and web) and the web reports page all take
// it, so a download holds exactly the reports of the page it came from.
type ReportFilter struct {
	// Since and Until bound the report's date, Since included, Until
	// not; a zero time leaves that side open. A report's date is its
	// completed_at, or its started_at while it has none (drafts,
	// abandoned reports). SetDays sets both from calendar days.
	Since, Until   time.Time
	Team           string               // the reporting volunteer's team, by name in any case
	VolunteerPhone string               // the reporting volunteer, E.164
	Commitment     debrief.Commitment   // one of the report's commitments
	Status         debrief.ReportStatus // "" is complete, unless AnyStatus
	// AnyStatus selects reports of every status (the web page without a
	// status chosen); Status is then ignored.
	AnyStatus bool

	// Scope, when not nil, limits the reports to those a viewer may see:
	// the command line leaves it nil, the web pages always set it.
	Scope       *TeamScope
	TeamID      int64  // 0, or only the reports of this team's volunteers
	VolunteerID int64  // 0, or only this volunteer's reports
	Text        string // "", or words found in a name or an answer, case and accents folded (see search.go)
}

// TeamScope is the teams a viewer sees: an organizer's (those they
// organize and their own), or every team for a coordinator. The zero
// TeamScope sees none.
type TeamScope struct {
	Teams    []int64
	AllTeams bool
}

// MaxSearchText is the longest Text a filter searches for, in bytes.
const MaxSearchText = 200

// SetDays sets Since and Until to the calendar days from and to
// (YYYY-MM-DD, both included) in loc, the coordinator's zone: from's
// midnight to the midnight after to. An empty day leaves its side open.
func (f *ReportFilter) SetDays(from, to string, loc *time.Location) error {
	if from != "" {
		d, err := time.ParseInLocation(time.DateOnly, from, loc)
		if err != nil {
			return fmt.Errorf("from %q: want YYYY-MM-DD", from)
		}
		f.Since = d
	}
	if to != "" {
		d, err := time.ParseInLocation(time.DateOnly, to, loc)
		if err != nil {
			return fmt.Errorf("to %q: want YYYY-MM-DD", to)
		}
		// time.Date, not Add(24h): a day is 23 or 25 hours across a
		// daylight-saving change.
		f.Until = time.Date(d.Year(), d.Month(), d.Day()+1, 0, 0, 0, 0, loc)
	}
	if !f.Since.IsZero() && !f.Until.IsZero() && !f.Since.Before(f.Until) {
		return fmt.Errorf("from %s is after to %s", from, to)
	}
	return nil
}

// needsVolunteers says whether f's conditions (where) read the reporting
// volunteer (v) or their team (t), so that its query must join them.
func (f ReportFilter) needsVolunteers() bool {
	return f.Team != "" || f.VolunteerPhone != "" || strings.TrimSpace(f.Text) != ""
}

// reportDate is the date ReportFilter bounds and the listings' order.
const reportDate = `COALESCE(r.completed_at, r.started_at)`

// where is the filter's WHERE clause, ? placeholders, and its arguments.
// Every value is an argument, never SQL text.
func (s *Store) where(f ReportFilter) (string, []any) {
	var conds []string
	var args []any
	add := func(cond string, a ...any) {
		conds = append(conds, cond)
		args = append(args, a...)
	}
	if !f.AnyStatus {
		status := f.Status
		if status == "" {
			status = debrief.ReportComplete
		}
		add(`r.status = ?`, string(status))
	}
	if cond, a, ok := s.teamCondition(f); ok {
		add(cond, a...)
	}
	if f.VolunteerID != 0 {
		add(`r.volunteer_id = ?`, f.VolunteerID)
	}
	if !f.Since.IsZero() {
		add(reportDate+` >= ?`, s.stored(f.Since))
	}
	if !f.Until.IsZero() {
		add(reportDate+` < ?`, s.stored(f.Until))
	}
	if f.Team != "" {
		add(`lower(t.name) = lower(?)`, strings.TrimSpace(f.Team))
	}
	if f.VolunteerPhone != "" {
		add(`v.phone = ?`, f.VolunteerPhone)
	}
	if f.Commitment != "" {
		// commitments is comma-separated: match a whole entry.
		add(`(',' || r.commitments || ',') LIKE ? ESCAPE '\'`, "%,"+escapeLike(string(f.Commitment))+",%")
	}
	if text := strings.TrimSpace(f.Text); text != "" {
		cond, a := s.textCondition(text)
		add(cond, a...)
	}
	if len(conds) == 0 {
		return "", nil
	}
	return ` WHERE ` + strings.Join(conds, ` AND `), args
}

// teamCondition limits the reports to the volunteers of f's scope and
// team, if f has either: through the reports' volunteer_id, so that
// PostgreSQL reads one team's reports from reports_volunteer_date (40
// volunteers' index ranges) rather than scanning them all to join each
// with its volunteer. It is written ANY(ARRAY(subquery)) there: the
// planner then runs the subquery first and uses its IDs as index keys;
// a join on v.team_id alone was planned as a scan of every report (a
// team's first and 30th pages: 126 and 221 ms against 2 and 27 ms at
// 100,000 reports), and IN (subquery) as a nested loop that took 24 ms
// for the 30th page where ANY(ARRAY) took 8 (EXPLAIN ANALYZE; see the
// README's "Speed of the organizers' pages"). SQLite has no arrays.
func (s *Store) teamCondition(f ReportFilter) (string, []any, bool) {
	var conds []string
	var args []any
	if f.Scope != nil && !f.Scope.AllTeams {
		if len(f.Scope.Teams) == 0 {
			return `FALSE`, nil, true
		}
		conds = append(conds, `team_id IN (`+strings.TrimSuffix(strings.Repeat("?,", len(f.Scope.Teams)), ",")+`)`)
		for _, id := range f.Scope.Teams {
			args = append(args, id)
		}
	}
	if f.TeamID != 0 {
		conds = append(conds, `team_id = ?`)
		args = append(args, f.TeamID)
	}
	if len(conds) == 0 {
		return "", nil, false
	}
	members := `SELECT id FROM volunteers WHERE ` + strings.Join(conds, ` AND `)
	if s.pg != nil {
		return `r.volunteer_id = ANY (ARRAY(` + members + `))`, args, true
	}
	return `r.volunteer_id IN (` + members + `)`, args, true
}

// escapeLike makes s match itself in a LIKE pattern with ESCAPE '\'.
func escapeLike(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
}
