package store

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/debrief-sms/debrief/internal/tally"
)

// MonthlyTop is how many issues and wishes the monthly report lists.
const MonthlyTop = 10

// MonthlyQuery says which reports the monthly report counts: complete
// reports whose completed_at falls in [From, To), by volunteers of the
// teams in scope. Teams, AllTeams and TeamID read as in TeamReportsQuery.
type MonthlyQuery struct {
	Teams    []int64
	AllTeams bool
	TeamID   int64 // 0, or only this team (within Teams)
	From, To time.Time
}

// MonthlyTeam is one team's month; TeamID 0 is the volunteers with no
// team (a coordinator sees them).
type MonthlyTeam struct {
	TeamID     int64
	Reports    int // complete 1:1 reports
	Volunteers int // volunteers who completed at least one
	// Reports with each commitment; a report agreeing to two things counts
	// under both.
	HouseParty, Action, MeetAgain, Other, None int
	Thanked                                    int // reports whose person was thanked (said so, or DONE to the thank-you)
	// The reports' next-step reminders (follow-ups of kind next_step):
	// how many reports have one, how many are done, how many are overdue
	// now.
	NextSteps, NextStepsDone, Overdue int
}

// Add adds o's counts to t's (for totals).
func (t *MonthlyTeam) Add(o MonthlyTeam) {
	t.Reports += o.Reports
	t.Volunteers += o.Volunteers
	t.HouseParty += o.HouseParty
	t.Action += o.Action
	t.MeetAgain += o.MeetAgain
	t.Other += o.Other
	t.None += o.None
	t.Thanked += o.Thanked
	t.NextSteps += o.NextSteps
	t.NextStepsDone += o.NextStepsDone
	t.Overdue += o.Overdue
}

// Monthly is the monthly report's figures for one month.
type Monthly struct {
	Teams  []MonthlyTeam // teams with at least one report in the month, by team ID
	Issues []tally.Count // the climate issues most cared about, grouped, at most MonthlyTop
	Enjoy  []tally.Count // what people would enjoy doing as volunteers, grouped, at most MonthlyTop
	// Questions is where the counts of a team's own questions
	// (reports.extra) will go: see monthlyQuestions.
	Questions []QuestionCounts
}

// QuestionCounts are the grouped answers to one of a team's own
// questions.
type QuestionCounts struct {
	Key     string
	Answers []tally.Count
}

// MonthlyPoint is one month of the monthly report's charts.
type MonthlyPoint struct {
	From                              time.Time // the month's first instant
	Reports                           int
	NextSteps, NextStepsDone, Overdue int
}

// monthlyScope is the WHERE clause and arguments that select the reports
// q counts, beside the dates; "" when q sees no team.
func monthlyScope(q MonthlyQuery) (string, []any, bool) {
	where := " AND r.status = 'complete'"
	var args []any
	if !q.AllTeams {
		if len(q.Teams) == 0 {
			return "", nil, false
		}
		where += " AND v.team_id IN (?" + strings.Repeat(", ?", len(q.Teams)-1) + ")"
		for _, id := range q.Teams {
			args = append(args, id)
		}
	}
	if q.TeamID != 0 {
		where += " AND v.team_id = ?"
		args = append(args, q.TeamID)
	}
	return where, args, true
}

// monthlyFiguresSQL counts each team's month. The join to next-step
// follow-ups may repeat a report (a report has one next step, but nothing
// in the schema says so), hence the DISTINCTs.
const monthlyFiguresSQL = `
SELECT coalesce(v.team_id, 0), count(DISTINCT r.id), count(DISTINCT r.volunteer_id),
	count(DISTINCT CASE WHEN ',' || r.commitments || ',' LIKE '%,house_party,%' THEN r.id END),
	count(DISTINCT CASE WHEN ',' || r.commitments || ',' LIKE '%,action,%' THEN r.id END),
	count(DISTINCT CASE WHEN ',' || r.commitments || ',' LIKE '%,meet_again,%' THEN r.id END),
	count(DISTINCT CASE WHEN ',' || r.commitments || ',' LIKE '%,other,%' THEN r.id END),
	count(DISTINCT CASE WHEN ',' || r.commitments || ',' LIKE '%,none,%' THEN r.id END),
	count(DISTINCT CASE WHEN r.thanked THEN r.id END),
	count(DISTINCT f.report_id),
	count(DISTINCT CASE WHEN f.status = 'done' THEN f.report_id END),
	count(DISTINCT CASE WHEN f.status = 'overdue' THEN f.report_id END)
FROM reports r
JOIN volunteers v ON v.id = r.volunteer_id
LEFT JOIN followups f ON f.report_id = r.id AND f.kind = 'next_step'
WHERE r.completed_at >= ? AND r.completed_at < ?`

// Monthly counts the month q selects: per team, the issues and what
// people would enjoy, grouped (tally.Top).
func (s *Store) Monthly(ctx context.Context, q MonthlyQuery) (Monthly, error) {
	var out Monthly
	where, scopeArgs, ok := monthlyScope(q)
	if !ok {
		return out, nil
	}
	args := append([]any{s.stored(q.From), s.stored(q.To)}, scopeArgs...)
	rows, err := s.sql.QueryContext(ctx, s.rebind(monthlyFiguresSQL+where+" GROUP BY coalesce(v.team_id, 0) ORDER BY 1"), args...)
	if err != nil {
		return out, fmt.Errorf("monthly figures: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var t MonthlyTeam
		if err := rows.Scan(&t.TeamID, &t.Reports, &t.Volunteers, &t.HouseParty, &t.Action, &t.MeetAgain, &t.Other, &t.None,
			&t.Thanked, &t.NextSteps, &t.NextStepsDone, &t.Overdue); err != nil {
			return out, fmt.Errorf("monthly figures: %w", err)
		}
		out.Teams = append(out.Teams, t)
	}
	if err := rows.Err(); err != nil {
		return out, fmt.Errorf("monthly figures: %w", err)
	}
	if out.Issues, err = s.monthlyAnswers(ctx, "issue", where, args); err != nil {
		return out, err
	}
	if out.Enjoy, err = s.monthlyAnswers(ctx, "enjoy", where, args); err != nil {
		return out, err
	}
	if out.Questions, err = s.monthlyQuestions(ctx, where, args); err != nil {
		return out, err
	}
	return out, nil
}

// monthlyAnswers counts the answers in column (issue or enjoy) of the
// reports where and args select, grouped by tally.Top. The database groups
// the exact texts; tally merges those that read the same.
func (s *Store) monthlyAnswers(ctx context.Context, column, where string, args []any) ([]tally.Count, error) {
	q := `SELECT r.` + column + `, count(*) FROM reports r JOIN volunteers v ON v.id = r.volunteer_id
		WHERE r.completed_at >= ? AND r.completed_at < ? AND r.` + column + ` <> ''` + where + ` GROUP BY r.` + column
	rows, err := s.sql.QueryContext(ctx, s.rebind(q), args...)
	if err != nil {
		return nil, fmt.Errorf("monthly %s: %w", column, err)
	}
	defer rows.Close()
	var all []tally.Count
	for rows.Next() {
		var c tally.Count
		if err := rows.Scan(&c.Text, &c.N); err != nil {
			return nil, fmt.Errorf("monthly %s: %w", column, err)
		}
		all = append(all, c)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("monthly %s: %w", column, err)
	}
	return tally.Top(all, MonthlyTop), nil
}

// monthlyQuestions is the seam for the counts of teams' own questions
// (answers in reports.extra, by key): it will read the same reports as
// monthlyAnswers, group each question's answers with tally.Top, and return
// them in the questions' order. Until those questions exist it counts
// nothing.
func (s *Store) monthlyQuestions(_ context.Context, _ string, _ []any) ([]QuestionCounts, error) {
	return nil, nil
}

// monthlyHistorySQL counts the reports and next steps of consecutive
// months, each report placed by a CASE over the months' boundaries
// (written in by MonthlyHistory): one scan for them all, on either
// database.
const monthlyHistorySQL = `
SELECT %s AS m, count(DISTINCT r.id), count(DISTINCT f.report_id),
	count(DISTINCT CASE WHEN f.status = 'done' THEN f.report_id END),
	count(DISTINCT CASE WHEN f.status = 'overdue' THEN f.report_id END)
FROM reports r
JOIN volunteers v ON v.id = r.volunteer_id
LEFT JOIN followups f ON f.report_id = r.id AND f.kind = 'next_step'
WHERE r.completed_at >= ? AND r.completed_at < ?`

// MonthlyHistory counts the reports and next steps of each month that
// bounds delimits (len(bounds)-1 months: month i is [bounds[i],
// bounds[i+1])), in the scope of q (its From and To are not read).
func (s *Store) MonthlyHistory(ctx context.Context, q MonthlyQuery, bounds []time.Time) ([]MonthlyPoint, error) {
	if len(bounds) < 2 {
		return nil, nil
	}
	out := make([]MonthlyPoint, len(bounds)-1)
	for i := range out {
		out[i].From = bounds[i]
	}
	where, scopeArgs, ok := monthlyScope(q)
	if !ok {
		return out, nil
	}
	var b strings.Builder
	var args []any
	b.WriteString("CASE")
	for i := 1; i < len(bounds)-1; i++ {
		fmt.Fprintf(&b, " WHEN r.completed_at < ? THEN %d", i-1)
		args = append(args, s.stored(bounds[i]))
	}
	fmt.Fprintf(&b, " ELSE %d END", len(bounds)-2)
	args = append(args, s.stored(bounds[0]), s.stored(bounds[len(bounds)-1]))
	args = append(args, scopeArgs...)
	query := fmt.Sprintf(monthlyHistorySQL, b.String()) + where + " GROUP BY 1"
	rows, err := s.sql.QueryContext(ctx, s.rebind(query), args...)
	if err != nil {
		return nil, fmt.Errorf("monthly history: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var m int
		var p MonthlyPoint
		if err := rows.Scan(&m, &p.Reports, &p.NextSteps, &p.NextStepsDone, &p.Overdue); err != nil {
			return nil, fmt.Errorf("monthly history: %w", err)
		}
		if m >= 0 && m < len(out) {
			p.From = out[m].From
			out[m] = p
		}
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("monthly history: %w", err)
	}
	return out, nil
}
