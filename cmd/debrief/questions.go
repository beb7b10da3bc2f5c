package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/debrief-sms/debrief"
	"github.com/debrief-sms/debrief/internal/conversation"
	"github.com/debrief-sms/debrief/internal/store"
)

// questionFlags are the words of a question as `debrief questions add`
// and `edit` take them; set records the flags given, so that an edit
// keeps what it was not given.
type questionFlags struct {
	Team, Text, TextES, Kind, Choices, ChoicesES string
	Optional                                     bool
	set                                          map[string]bool
}

func (q *questionFlags) bind(fs *flag.FlagSet, team bool) {
	if team {
		fs.StringVar(&q.Team, "team", "", "")
	}
	fs.StringVar(&q.Text, "text", "", "")
	fs.StringVar(&q.TextES, "text-es", "", "")
	fs.StringVar(&q.Kind, "kind", "", "")
	fs.StringVar(&q.Choices, "choices", "", "")
	fs.StringVar(&q.ChoicesES, "choices-es", "", "")
	fs.BoolVar(&q.Optional, "optional", false, "")
}

// apply puts the flags given over q.
func (q questionFlags) apply(to conversation.TeamQuestion) conversation.TeamQuestion {
	if q.set["text"] {
		to.Text = q.Text
	}
	if q.set["text-es"] {
		to.TextES = q.TextES
	}
	if q.set["kind"] {
		to.Kind = conversation.QuestionKind(strings.ToLower(strings.TrimSpace(q.Kind)))
		if to.Kind != conversation.AskChoice && !q.set["choices"] {
			to.Choices = nil
		}
	}
	if q.set["choices"] || q.set["choices-es"] {
		en, es := q.Choices, q.ChoicesES
		if !q.set["choices"] {
			en = joinChoices(to.Choices, debrief.English)
		}
		if !q.set["choices-es"] && q.set["choices"] {
			es = ""
		} else if !q.set["choices-es"] {
			es = joinChoices(to.Choices, debrief.Spanish)
		}
		to.Choices = conversation.SplitChoices(en, es)
		if len(to.Choices) == 0 {
			to.Choices = nil
		}
	}
	if q.set["optional"] {
		to.Optional = q.Optional
	}
	return to
}

func joinChoices(cs []conversation.TeamChoice, lang debrief.Language) string {
	words := make([]string, len(cs))
	for i, c := range cs {
		words[i] = c.EN
		if lang == debrief.Spanish {
			words[i] = c.ES
		}
	}
	return strings.Join(words, ";")
}

// runQuestions runs `debrief questions add|list|edit|move|retire|enable|disable`.
func runQuestions(ctx context.Context, cfg Config, args []string, stdout io.Writer) error {
	if len(args) == 0 {
		return usageErrorf("questions needs a subcommand: add, list, edit, move, retire, enable or disable")
	}
	verb, args := args[0], args[1:]
	fs := newFlagSet("questions " + verb)
	var q questionFlags
	var do func(st *store.Store) error
	switch verb {
	case "add":
		q.bind(fs, true)
		do = func(st *store.Store) error { return addQuestion(ctx, st, q, stdout) }
	case "list":
		team := fs.String("team", "", "")
		retired := fs.Bool("retired", false, "")
		do = func(st *store.Store) error { return listQuestions(ctx, st, *team, *retired, stdout) }
	case "edit", "move", "retire":
		if len(args) == 0 || strings.HasPrefix(args[0], "-") {
			return usageErrorf("questions %s needs the question's ID (debrief questions list shows it)", verb)
		}
		id, err := strconv.ParseInt(args[0], 10, 64)
		if err != nil || id <= 0 {
			return usageErrorf("questions %s: %q is not a question's ID", verb, args[0])
		}
		args = args[1:]
		switch verb {
		case "edit":
			q.bind(fs, false)
			do = func(st *store.Store) error { return editQuestion(ctx, st, id, q, stdout) }
		case "move":
			to := fs.Int("to", 0, "")
			do = func(st *store.Store) error {
				if *to < 1 {
					return errors.New("questions move: --to N is required, 1 for first")
				}
				return moveQuestion(ctx, st, id, *to, stdout)
			}
		case "retire":
			do = func(st *store.Store) error { return retireQuestion(ctx, st, id, stdout) }
		}
	case "enable", "disable":
		if len(args) == 0 || args[0] != conversation.NationalSet {
			return usageErrorf("questions %s: the set to %s is %q", verb, verb, conversation.NationalSet)
		}
		team := fs.String("team", "", "")
		args = args[1:]
		do = func(st *store.Store) error { return nationalQuestions(ctx, st, verb == "enable", *team, stdout) }
	default:
		return usageErrorf("unknown command %q", "questions "+verb)
	}
	if err := parse(fs, args); err != nil {
		return err
	}
	q.set = map[string]bool{}
	fs.Visit(func(f *flag.Flag) { q.set[f.Name] = true })
	return withStore(ctx, cfg, do)
}

// questionScope is the team --team names, nil for every team.
func questionScope(ctx context.Context, st *store.Store, team string) (*int64, string, error) {
	if strings.TrimSpace(team) == "" {
		return nil, "every team", nil
	}
	t, err := findTeam(ctx, st, team)
	if err != nil {
		return nil, "", err
	}
	return &t.ID, "team " + t.Name, nil
}

func addQuestion(ctx context.Context, st *store.Store, f questionFlags, out io.Writer) error {
	team, scope, err := questionScope(ctx, st, f.Team)
	if err != nil {
		return fmt.Errorf("questions add: %w", err)
	}
	if !f.set["kind"] && f.set["choices"] {
		f.Kind, f.set["kind"] = string(conversation.AskChoice), true
	}
	q, err := st.AddQuestion(ctx, team, f.apply(conversation.TeamQuestion{Kind: conversation.AskText}))
	if err != nil {
		return fmt.Errorf("questions add: %s", reason(err))
	}
	fmt.Fprintf(out, "added question %d for %s, asked %s: %s\n", q.ID, scope, ordinal(q.Position), oneLine(q.Current))
	return nil
}

func editQuestion(ctx context.Context, st *store.Store, id int64, f questionFlags, out io.Writer) error {
	old, err := st.Question(ctx, id)
	if err != nil {
		return fmt.Errorf("questions edit: %w", err)
	}
	if len(f.set) == 0 {
		return fmt.Errorf("questions edit %d: nothing to change (give --text, --text-es, --kind, --choices, --choices-es or --optional)", id)
	}
	q, err := st.EditQuestion(ctx, id, f.apply(old.Current))
	if err != nil {
		return fmt.Errorf("questions edit: %s", reason(err))
	}
	fmt.Fprintf(out, "question %d is now version %d: %s\nreports already answered, and those under way, keep the words they were asked\n",
		q.ID, q.Version, oneLine(q.Current))
	return nil
}

func moveQuestion(ctx context.Context, st *store.Store, id int64, to int, out io.Writer) error {
	if err := st.MoveQuestion(ctx, id, to); err != nil {
		return fmt.Errorf("questions move: %w", err)
	}
	q, err := st.Question(ctx, id)
	if err != nil {
		return fmt.Errorf("questions move: %w", err)
	}
	fmt.Fprintf(out, "question %d is asked %s\n", id, ordinal(q.Position))
	return nil
}

func retireQuestion(ctx context.Context, st *store.Store, id int64, out io.Writer) error {
	if err := st.RetireQuestion(ctx, id); err != nil {
		return fmt.Errorf("questions retire: %w", err)
	}
	fmt.Fprintf(out, "question %d is retired: reports that start from now on do not ask it; its answers stay\n", id)
	return nil
}

func nationalQuestions(ctx context.Context, st *store.Store, enable bool, team string, out io.Writer) error {
	verb := "enable"
	if !enable {
		verb = "disable"
	}
	scope, name, err := questionScope(ctx, st, team)
	if err != nil {
		return fmt.Errorf("questions %s: %w", verb, err)
	}
	if enable {
		n, err := st.EnableNational(ctx, scope)
		if err != nil {
			return fmt.Errorf("questions enable: %w", err)
		}
		if n == 0 {
			fmt.Fprintf(out, "the national questions are already asked for %s\n", name)
			return nil
		}
		fmt.Fprintf(out, "enabled %d national questions for %s (debrief questions list shows them)\n", n, name)
		return nil
	}
	n, err := st.DisableNational(ctx, scope)
	if err != nil {
		return fmt.Errorf("questions disable: %w", err)
	}
	fmt.Fprintf(out, "disabled %d national questions for %s; their answers stay\n", n, name)
	return nil
}

func listQuestions(ctx context.Context, st *store.Store, team string, retired bool, out io.Writer) error {
	f := store.QuestionFilter{Retired: retired}
	if strings.TrimSpace(team) != "" {
		id, _, err := questionScope(ctx, st, team)
		if err != nil {
			return fmt.Errorf("questions list: %w", err)
		}
		f.Team = id
	}
	qs, err := st.Questions(ctx, f)
	if err != nil {
		return fmt.Errorf("questions list: %w", err)
	}
	if len(qs) == 0 {
		fmt.Fprintln(out, "no questions (debrief questions add, or debrief questions enable national)")
		return nil
	}
	w := tabwriter.NewWriter(out, 0, 4, 2, ' ', 0)
	fmt.Fprintln(w, "ID\tFOR\t#\tKIND\tOPTIONAL\tVERSION\tQUESTION")
	for _, q := range qs {
		scope := "every team"
		if q.TeamID != nil {
			scope = q.TeamName
		}
		pos := strconv.Itoa(q.Position)
		if q.RetiredAt != nil {
			pos = "retired"
		}
		opt := "no"
		if q.Current.Optional {
			opt = "yes"
		}
		text := oneLine(q.Current)
		if q.National != "" {
			text = "(national) " + text
		}
		fmt.Fprintf(w, "%d\t%s\t%s\t%s\t%s\t%d\t%s\n", q.ID, scope, pos, q.Current.Kind, opt, q.Version, text)
	}
	return w.Flush()
}

// oneLine is a question's words, with its Spanish and its choices.
func oneLine(q conversation.TeamQuestion) string {
	s := q.Text
	if q.TextES != "" {
		s += " / " + q.TextES
	}
	if len(q.Choices) > 0 {
		cs := make([]string, len(q.Choices))
		for i, c := range q.Choices {
			cs[i] = strconv.Itoa(i+1) + " " + c.EN
			if c.ES != "" {
				cs[i] += " / " + c.ES
			}
		}
		s += " [" + strings.Join(cs, "; ") + "]"
	}
	return s
}

// reason is why the editor refused a question, in English, or err.
func reason(err error) string {
	return conversation.QuestionReason(err, debrief.English)
}

// ordinal is "1st", "2nd", "3rd", "4th"...
func ordinal(n int) string {
	suffix := "th"
	switch {
	case n%100 >= 11 && n%100 <= 13:
	case n%10 == 1:
		suffix = "st"
	case n%10 == 2:
		suffix = "nd"
	case n%10 == 3:
		suffix = "rd"
	}
	return strconv.Itoa(n) + suffix
}
