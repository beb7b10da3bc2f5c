package store

import (
	"cmp"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
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
	// Plans (issue #11): 1:1s planned by text whose time falls in the
	// month, and the month's reports completed within 24 hours of the
	// meeting (FollowThroughs' figures).
	Planned, Within24h int
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
	t.Planned += o.Planned
	t.Within24h += o.Within24h
}

// Monthly is the monthly report's figures for one month.
type Monthly struct {
	Teams  []MonthlyTeam // teams with at least one report in the month, by team ID
	Issues []tally.Count // the climate issues most cared about, grouped, at most MonthlyTop
	Enjoy  []tally.Count // what people would enjoy doing as volunteers, grouped, at most MonthlyTop
	// Questions are the answers to teams' own questions and the national
	// campaign's (reports.extra), per team and question.
	Questions []QuestionCounts
}

// QuestionCounts are the grouped answers to one of a team's own
// questions.
type QuestionCounts struct {
	Key      string // the team and the question's latest English words
	Question string // the question's latest English words
	Answers  []tally.Count
}

// MonthlyPoint is one month of the monthly report's charts.
type MonthlyPoint struct {
	From                              time.Time // the month's first instant
	Reports                           int
	NextSteps, NextStepsDone, Overdue int
}

// monthlyScope is the condition, and its arguments, that keeps the
// reports (r) or follow-ups (f, by their volunteer) of the teams q sees;
// ok is false when q sees no team. A coordinator's whole view needs no
// condition, so no join to volunteers.
func monthlyScope(alias string, q MonthlyQuery) (where string, args []any, ok bool) {
	switch {
	case q.TeamID != 0 && !q.AllTeams && !slices.Contains(q.Teams, q.TeamID):
		return "", nil, false
	case q.TeamID == 0 && !q.AllTeams && len(q.Teams) == 0:
		return "", nil, false
	}
	teams := monthlyTeamIDs(q)
	if teams == nil {
		return "", nil, true
	}
	where = " AND " + alias + ".volunteer_id IN (SELECT id FROM volunteers WHERE team_id IN (?" + strings.Repeat(", ?", len(teams)-1) + "))"
	for _, id := range teams {
		args = append(args, id)
	}
	return where, args, true
}

// monthlyFiguresSQL counts each team's month. A report has one next-step
// reminder (scheduled when it is completed, moved by edits), so the join
// repeats no report.
const monthlyFiguresSQL = `
SELECT coalesce(v.team_id, 0), count(*), count(DISTINCT r.volunteer_id),
	sum(CASE WHEN ',' || r.commitments || ',' LIKE '%,house_party,%' THEN 1 ELSE 0 END),
	sum(CASE WHEN ',' || r.commitments || ',' LIKE '%,action,%' THEN 1 ELSE 0 END),
	sum(CASE WHEN ',' || r.commitments || ',' LIKE '%,meet_again,%' THEN 1 ELSE 0 END),
	sum(CASE WHEN ',' || r.commitments || ',' LIKE '%,other,%' THEN 1 ELSE 0 END),
	sum(CASE WHEN ',' || r.commitments || ',' LIKE '%,none,%' THEN 1 ELSE 0 END),
	sum(CASE WHEN r.thanked THEN 1 ELSE 0 END),
	count(f.report_id),
	sum(CASE WHEN f.status = 'done' THEN 1 ELSE 0 END),
	sum(CASE WHEN f.status = 'overdue' THEN 1 ELSE 0 END)
FROM reports r
JOIN volunteers v ON v.id = r.volunteer_id
LEFT JOIN followups f ON f.report_id = r.id AND f.kind = 'next_step'
WHERE r.status = 'complete' AND r.completed_at >= ? AND r.completed_at < ?`

// parallel runs each f at once (PostgreSQL's pool serves them side by
// side; SQLite's one connection takes them in turn) and returns their
// errors joined.
func parallel(fs ...func() error) error {
	errs := make([]error, len(fs))
	var wg sync.WaitGroup
	for i, f := range fs {
		wg.Go(func() { errs[i] = f() })
	}
	wg.Wait()
	return errors.Join(errs...)
}

// Monthly counts the month q selects: per team, the issues and what
// people would enjoy, grouped (tally.Top). Its queries run side by side.
func (s *Store) Monthly(ctx context.Context, q MonthlyQuery) (Monthly, error) {
	var out Monthly
	var plans []FollowThrough
	where, scopeArgs, ok := monthlyScope("r", q)
	if !ok {
		return out, nil
	}
	args := append([]any{s.stored(q.From), s.stored(q.To)}, scopeArgs...)
	err := parallel(
		func() error {
			var err error
			out.Teams, err = s.monthlyTeams(ctx, where, args)
			return err
		},
		func() error {
			var err error
			out.Issues, err = s.monthlyAnswers(ctx, "issue", where, args)
			return err
		},
		func() error {
			var err error
			out.Enjoy, err = s.monthlyAnswers(ctx, "enjoy", where, args)
			return err
		},
		func() error {
			var err error
			out.Questions, err = s.monthlyQuestions(ctx, q)
			return err
		},
		func() error {
			var err error
			plans, err = s.PlanFigures(ctx, FollowThroughFilter{TeamIDs: monthlyTeamIDs(q),
				Year: q.From.Year(), Month: q.From.Month(), Location: q.From.Location()})
			return err
		},
	)
	if err != nil {
		return Monthly{}, err
	}
	out.Teams = withPlans(out.Teams, plans)
	return out, nil
}

// withPlans adds the plans' figures to the teams', and a team that planned
// 1:1s and reported none.
func withPlans(teams []MonthlyTeam, plans []FollowThrough) []MonthlyTeam {
	for _, p := range plans {
		i := slices.IndexFunc(teams, func(t MonthlyTeam) bool { return t.TeamID == p.TeamID })
		if i < 0 {
			if p.Planned == 0 {
				continue
			}
			teams = append(teams, MonthlyTeam{TeamID: p.TeamID})
			i = len(teams) - 1
		}
		teams[i].Planned, teams[i].Within24h = p.Planned, p.Within24h
	}
	slices.SortFunc(teams, func(a, b MonthlyTeam) int { return cmp.Compare(a.TeamID, b.TeamID) })
	return teams
}

// monthlyTeamIDs are the teams q selects for the queries that take a list
// (nil: every team, those of no team included); q selects some (monthlyScope
// said so).
func monthlyTeamIDs(q MonthlyQuery) []int64 {
	switch {
	case q.TeamID != 0:
		return []int64{q.TeamID}
	case q.AllTeams:
		return nil
	default:
		return q.Teams
	}
}

// monthlyTeams counts the month of the reports where and args select, by
// team.
func (s *Store) monthlyTeams(ctx context.Context, where string, args []any) ([]MonthlyTeam, error) {
	rows, err := s.sql.QueryContext(ctx, s.rebind(monthlyFiguresSQL+where+" GROUP BY coalesce(v.team_id, 0) ORDER BY 1"), args...)
	if err != nil {
		return nil, fmt.Errorf("monthly figures: %w", err)
	}
	defer rows.Close()
	var out []MonthlyTeam
	for rows.Next() {
		var t MonthlyTeam
		var house, action, again, other, none, thanked, done, overdue sql.NullInt64
		if err := rows.Scan(&t.TeamID, &t.Reports, &t.Volunteers, &house, &action, &again, &other, &none,
			&thanked, &t.NextSteps, &done, &overdue); err != nil {
			return nil, fmt.Errorf("monthly figures: %w", err)
		}
		t.HouseParty, t.Action, t.MeetAgain, t.Other, t.None = int(house.Int64), int(action.Int64), int(again.Int64), int(other.Int64), int(none.Int64)
		t.Thanked, t.NextStepsDone, t.Overdue = int(thanked.Int64), int(done.Int64), int(overdue.Int64)
		out = append(out, t)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("monthly figures: %w", err)
	}
	return out, nil
}

// monthlyAnswers counts the answers in column (issue or enjoy) of the
// reports where and args select, grouped by tally.Top. The database groups
// the exact texts; tally merges those that read the same.
func (s *Store) monthlyAnswers(ctx context.Context, column, where string, args []any) ([]tally.Count, error) {
	q := `SELECT r.` + column + `, count(*) FROM reports r
		WHERE r.status = 'complete' AND r.completed_at >= ? AND r.completed_at < ? AND r.` + column + ` <> ''` + where + ` GROUP BY r.` + column
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

// monthlyQuestions counts the answers to the team questions (a team's
// own and the national campaign's) of the month's reports, per team and
// question (QuestionTallies): choices and yes or no as counted, the other
// kinds grouped as the issues are (tally.Top).
func (s *Store) monthlyQuestions(ctx context.Context, q MonthlyQuery) ([]QuestionCounts, error) {
	tallies, err := s.QuestionTallies(ctx, TallyFilter{Since: q.From, Until: q.To, Teams: monthlyTeamIDs(q)})
	if err != nil {
		return nil, fmt.Errorf("monthly questions: %w", err)
	}
	out := make([]QuestionCounts, 0, len(tallies))
	for _, t := range tallies {
		qc := QuestionCounts{Key: t.Current.Text, Question: t.Current.Text}
		if t.TeamName != "" {
			qc.Key = t.TeamName + ": " + t.Current.Text
		}
		if len(t.Counts) > 0 {
			for _, c := range t.Counts {
				qc.Answers = append(qc.Answers, tally.Count{Text: c.Answer, N: c.N})
			}
		} else {
			texts := make([]tally.Count, len(t.Answers))
			for i, a := range t.Answers {
				texts[i] = tally.Count{Text: a, N: 1}
			}
			qc.Answers = tally.Top(texts, MonthlyTop)
		}
		out = append(out, qc)
	}
	return out, nil
}

// perMonth is one SELECT per month that bounds delimits, joined by UNION
// ALL: "SELECT i, " and columns, then from and where (the month's range
// on column, then the condition and arguments of scope), each a range
// scan of an index. Measured at 100,000 reports, it counted a year in a
// fifth of the time of one scan placing every row in its month with a
// CASE.
func (s *Store) perMonth(columns, from, column, scope string, scopeArgs []any, bounds []time.Time) (string, []any) {
	var b strings.Builder
	var args []any
	for i := 0; i+1 < len(bounds); i++ {
		if i > 0 {
			b.WriteString(" UNION ALL ")
		}
		fmt.Fprintf(&b, "SELECT %d, %s FROM %s AND %s >= ? AND %s < ?%s", i, columns, from, column, column, scope)
		args = append(args, s.stored(bounds[i]), s.stored(bounds[i+1]))
		args = append(args, scopeArgs...)
	}
	return b.String(), args
}

// MonthlyHistory counts the reports and next steps of each month that
// bounds delimits (len(bounds)-1 months: month i is [bounds[i],
// bounds[i+1])), in the scope of q (its From and To are not read). A
// month's reports are those completed in it; its next steps are the
// next-step reminders created in it, which is when their report was
// completed (one statement writes both, at the step's time), so that each
// month's count is a range scan of an index (reports_completed,
// followups_next_step, or by volunteer for an organizer's teams) with no
// join.
func (s *Store) MonthlyHistory(ctx context.Context, q MonthlyQuery, bounds []time.Time) ([]MonthlyPoint, error) {
	if len(bounds) < 2 {
		return nil, nil
	}
	out := make([]MonthlyPoint, len(bounds)-1)
	for i := range out {
		out[i].From = bounds[i]
	}
	rwhere, rargs, ok := monthlyScope("r", q)
	if !ok {
		return out, nil
	}
	fwhere, fargs, _ := monthlyScope("f", q)
	month := func(m int) (*MonthlyPoint, error) {
		if m < 0 || m >= len(out) {
			return nil, fmt.Errorf("monthly history: month %d of %d", m, len(out))
		}
		return &out[m], nil
	}
	err := parallel(
		func() error {
			q, args := s.perMonth("count(*)", "reports r WHERE r.status = 'complete'", "r.completed_at", rwhere, rargs, bounds)
			rows, err := s.sql.QueryContext(ctx, s.rebind(q), args...)
			if err != nil {
				return fmt.Errorf("monthly history: %w", err)
			}
			defer rows.Close()
			for rows.Next() {
				var m, n int
				if err := rows.Scan(&m, &n); err != nil {
					return fmt.Errorf("monthly history: %w", err)
				}
				p, err := month(m)
				if err != nil {
					return err
				}
				p.Reports = n
			}
			return rows.Err()
		},
		func() error {
			q, args := s.perMonth(`count(*), coalesce(sum(CASE WHEN f.status = 'done' THEN 1 ELSE 0 END), 0),
				coalesce(sum(CASE WHEN f.status = 'overdue' THEN 1 ELSE 0 END), 0)`,
				"followups f WHERE f.kind = 'next_step'", "f.created_at", fwhere, fargs, bounds)
			rows, err := s.sql.QueryContext(ctx, s.rebind(q), args...)
			if err != nil {
				return fmt.Errorf("monthly history: %w", err)
			}
			defer rows.Close()
			for rows.Next() {
				var m, n, done, overdue int
				if err := rows.Scan(&m, &n, &done, &overdue); err != nil {
					return fmt.Errorf("monthly history: %w", err)
				}
				p, err := month(m)
				if err != nil {
					return err
				}
				p.NextSteps, p.NextStepsDone, p.Overdue = n, done, overdue
			}
			return rows.Err()
		},
	)
	if err != nil {
		return nil, err
	}
	return out, nil
}
