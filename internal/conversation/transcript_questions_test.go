package conversation

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// editQuestions applies a team question directive to the volunteer's
// team's questions, as the store would keep them:
//
//	# question: 11 choice optional | English | Spanish | a;b;c | a;b;c
//	# edit: 11 => 12 number | English | Spanish
//	# retire: 11
//
// A question is its version ID, its kind and "optional" if it is, then
// its texts and choices split by "|". An edit replaces version 11 with
// version 12 in place; a retirement drops it.
func (w *world) editQuestions(key, value string) error {
	if w.vol.TeamID == nil {
		return fmt.Errorf("%s: the volunteer has no team (set \"# volunteer:\" first)", key)
	}
	team := *w.vol.TeamID
	if w.own.ByTeam == nil {
		w.own.ByTeam = map[int64][]TeamQuestion{}
	}
	qs := w.own.ByTeam[team]
	at := func(id string) (int, error) {
		n, err := strconv.ParseInt(strings.TrimSpace(id), 10, 64)
		if err != nil {
			return 0, fmt.Errorf("%s: version %q: %w", key, id, err)
		}
		i := slices.IndexFunc(qs, func(q TeamQuestion) bool { return q.ID == n })
		if i < 0 {
			return 0, fmt.Errorf("%s: no question version %d", key, n)
		}
		return i, nil
	}
	// A new slice each time: a report's snapshot (State.Asked) must not
	// see the change.
	qs = slices.Clone(qs)
	switch key {
	case "question":
		q, err := parseQuestion(value)
		if err != nil {
			return err
		}
		qs = append(qs, q)
	case "edit":
		old, spec, ok := strings.Cut(value, "=>")
		if !ok {
			return fmt.Errorf("edit: want OLD => NEW spec")
		}
		i, err := at(old)
		if err != nil {
			return err
		}
		q, err := parseQuestion(spec)
		if err != nil {
			return err
		}
		q.Question = qs[i].Question
		qs[i] = q
	case "retire":
		i, err := at(value)
		if err != nil {
			return err
		}
		qs = slices.Delete(qs, i, i+1)
	}
	w.own.ByTeam[team] = qs
	return nil
}

func parseQuestion(spec string) (TeamQuestion, error) {
	parts := strings.Split(spec, "|")
	for len(parts) < 5 {
		parts = append(parts, "")
	}
	head := strings.Fields(parts[0])
	if len(head) < 2 {
		return TeamQuestion{}, fmt.Errorf("question %q: want ID kind [optional] | text ...", spec)
	}
	id, err := strconv.ParseInt(head[0], 10, 64)
	if err != nil {
		return TeamQuestion{}, fmt.Errorf("question %q: %w", spec, err)
	}
	q := TeamQuestion{ID: id, Question: id, Kind: QuestionKind(head[1]), Optional: slices.Contains(head[2:], "optional"),
		Text: parts[1], TextES: parts[2], Choices: SplitChoices(parts[3], parts[4])}
	if len(q.Choices) == 0 {
		q.Choices = nil
	}
	q, err = CheckQuestion(q)
	if err != nil {
		return TeamQuestion{}, fmt.Errorf("question %q: %w", spec, err)
	}
	return q, nil
}
