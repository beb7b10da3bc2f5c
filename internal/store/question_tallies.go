package store

import (
	"cmp"
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/debrief-sms/debrief/internal/conversation"
)

// TallyFilter selects the completed reports whose team questions are
// counted: by date (Since included, Until not; zero leaves a side open,
// as ReportFilter's) and by the reporting volunteer's team (none: every
// team).
type TallyFilter struct {
	Since, Until time.Time
	Teams        []int64
}

// QuestionTally is what one team's reports answered to one question, over
// all its versions: choices and yes or no counted, the other kinds listed.
type QuestionTally struct {
	Question int64  // the question's ID
	National string // its key in the national campaign's set, "" for a team's own
	TeamID   *int64 // the reporting volunteers' team; nil for volunteers without one
	TeamName string
	Current  conversation.TeamQuestion // its latest words
	Answered int                       // reports that answered it
	// Counts are the answers to a choice (by its English words, in the
	// order of the latest choices, then any older ones) or a yes/no
	// question (yes, then no), zero counts included.
	Counts []AnswerCount
	// Answers are the answers of the other kinds (free text, numbers,
	// days as 2006-01-02), oldest report first.
	Answers []string
}

// AnswerCount is how many reports gave one answer.
type AnswerCount struct {
	Answer string
	N      int
}

// QuestionTallies counts the answers to the team questions of the
// completed reports f selects, per question and reporting team: the
// figures the monthly report shows, ordered by team name, then by the
// question's place in its scope (every team's questions first).
func (s *Store) QuestionTallies(ctx context.Context, f TallyFilter) ([]QuestionTally, error) {
	answers, err := s.teamAnswers(ctx, f)
	if err != nil {
		return nil, fmt.Errorf("question tallies: %w", err)
	}
	var ids []int64
	for _, a := range answers {
		ids = append(ids, a.version)
	}
	versions, err := s.QuestionVersions(ctx, ids)
	if err != nil {
		return nil, fmt.Errorf("question tallies: %w", err)
	}
	questions, err := s.Questions(ctx, QuestionFilter{Retired: true})
	if err != nil {
		return nil, fmt.Errorf("question tallies: %w", err)
	}
	byID := map[int64]StoredQuestion{}
	for _, q := range questions {
		byID[q.ID] = q
	}
	type key struct{ question, team int64 }
	tallies := map[key]*QuestionTally{}
	for _, a := range answers {
		v, ok := versions[a.version]
		if !ok {
			continue
		}
		q := byID[v.Question]
		k := key{q.ID, a.team.Int64}
		t := tallies[k]
		if t == nil {
			t = &QuestionTally{Question: q.ID, National: q.National, TeamName: a.teamName.String, Current: q.Current}
			if a.team.Valid {
				t.TeamID = &a.team.Int64
			}
			t.Counts = startCounts(q.Current)
			tallies[k] = t
		}
		t.Answered++
		switch q.Current.Kind {
		case conversation.AskChoice, conversation.AskYesNo:
			t.Counts = addCount(t.Counts, a.answer)
		default:
			t.Answers = append(t.Answers, a.answer)
		}
	}
	out := make([]QuestionTally, 0, len(tallies))
	for _, t := range tallies {
		out = append(out, *t)
	}
	slices.SortFunc(out, func(a, b QuestionTally) int {
		qa, qb := byID[a.Question], byID[b.Question]
		return cmp.Or(
			cmp.Compare(a.TeamName, b.TeamName),
			cmp.Compare(teamOrder(qa.TeamID), teamOrder(qb.TeamID)),
			cmp.Compare(qa.Position, qb.Position),
			cmp.Compare(a.Question, b.Question))
	})
	return out, nil
}

// teamOrder puts every team's questions before a team's own.
func teamOrder(team *int64) int {
	if team == nil {
		return 0
	}
	return 1
}

func startCounts(q conversation.TeamQuestion) []AnswerCount {
	switch q.Kind {
	case conversation.AskYesNo:
		return []AnswerCount{{Answer: "yes"}, {Answer: "no"}}
	case conversation.AskChoice:
		out := make([]AnswerCount, len(q.Choices))
		for i, c := range q.Choices {
			out[i].Answer = c.EN
		}
		return out
	}
	return nil
}

func addCount(cs []AnswerCount, answer string) []AnswerCount {
	for i := range cs {
		if cs[i].Answer == answer {
			cs[i].N++
			return cs
		}
	}
	return append(cs, AnswerCount{Answer: answer, N: 1})
}

// teamAnswer is one answer to a team question, with the reporting team.
type teamAnswer struct {
	version  int64
	answer   string
	team     sql.NullInt64
	teamName sql.NullString
}

// teamAnswers reads the answers to team questions of the reports f
// selects, oldest report first.
func (s *Store) teamAnswers(ctx context.Context, f TallyFilter) ([]teamAnswer, error) {
	q := `SELECT r.extra, v.team_id, t.name` + reportsFrom + ` WHERE r.status = 'complete'`
	if s.pg != nil {
		q += ` AND r.extra <> '{}'::jsonb`
	} else {
		q += ` AND r.extra <> '{}'`
	}
	var args []any
	if !f.Since.IsZero() {
		q += ` AND ` + reportDate + ` >= ?`
		args = append(args, s.stored(f.Since))
	}
	if !f.Until.IsZero() {
		q += ` AND ` + reportDate + ` < ?`
		args = append(args, s.stored(f.Until))
	}
	if len(f.Teams) > 0 {
		q += ` AND v.team_id IN (?` + strings.Repeat(", ?", len(f.Teams)-1) + `)`
		for _, t := range f.Teams {
			args = append(args, t)
		}
	}
	q += ` ORDER BY ` + reportDate + `, r.id`
	rows, err := s.sql.QueryContext(ctx, s.rebind(q), args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []teamAnswer
	for rows.Next() {
		var extraJSON string
		var a teamAnswer
		if err := rows.Scan(&extraJSON, &a.team, &a.teamName); err != nil {
			return nil, err
		}
		extra, err := decodeExtra(extraJSON)
		if err != nil {
			return nil, err
		}
		keys := make([]string, 0, len(extra))
		for k := range extra {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		for _, k := range keys {
			if id, ok := conversation.AnswerVersion(k); ok && extra[k] != "" {
				a.version, a.answer = id, extra[k]
				out = append(out, a)
			}
		}
	}
	return out, rows.Err()
}
