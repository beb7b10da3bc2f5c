package main

import (
	"strings"
	"testing"

	"github.com/debrief-sms/debrief/internal/store/storetest"
)

// TestQuestionsCommands adds, lists, edits, moves and retires questions
// and enables the national set through the command line, on each
// database; a question that cannot be one text is refused with the reason.
func TestQuestionsCommands(t *testing.T) {
	t.Parallel()
	storetest.EachOf(t, backends, func(t *testing.T, b storetest.Backend) {
		e := env{"DATABASE_URL": b.NewURL(t)}
		mustRun(t, e, "teams", "add", "--name", "Riverside Moms")
		steps := []struct {
			args []string
			want string // the output, exactly; an error's text after "error: "
		}{
			{[]string{"questions", "list"}, "no questions (debrief questions add, or debrief questions enable national)\n"},
			{[]string{"questions", "add", "--team", "riverside moms", "--text", "Which school do their kids go to?", "--text-es", "¿A qué escuela van sus hijos?"},
				"added question 1 for team Riverside Moms, asked 1st: Which school do their kids go to? / ¿A qué escuela van sus hijos?\n"},
			{[]string{"questions", "add", "--team", "Riverside Moms", "--text", "How much time?", "--choices", "An hour;A day", "--optional"},
				"added question 2 for team Riverside Moms, asked 2nd: How much time? [1 An hour; 2 A day]\n"},
			{[]string{"questions", "add", "--text", "First 1:1 with them?", "--kind", "yesno"},
				"added question 3 for every team, asked 1st: First 1:1 with them?\n"},
			{[]string{"questions", "add", "--team", "Riverside Moms", "--text", strings.Repeat("Long words ", 16)},
				"error: questions add: In English the question as texted, with its hint and choices, is 175 characters: one text holds 160. Shorten it by 15."},
			{[]string{"questions", "add", "--team", "Nowhere", "--text", "Hi?"},
				"error: questions add: team \"Nowhere\": no such team (create it with debrief teams add --name)"},
			{[]string{"questions", "add", "--text", "Pick", "--kind", "choice", "--choices", "one"},
				"error: questions add: A choice question needs 2 to 9 choices; it has 1."},
			{[]string{"questions", "edit", "2", "--choices", "An hour;A few hours;A day"},
				"question 2 is now version 2: How much time? [1 An hour; 2 A few hours; 3 A day]\nreports already answered, and those under way, keep the words they were asked\n"},
			{[]string{"questions", "edit", "2", "--optional=false"},
				"question 2 is now version 3: How much time? [1 An hour; 2 A few hours; 3 A day]\nreports already answered, and those under way, keep the words they were asked\n"},
			{[]string{"questions", "move", "2", "--to", "1"}, "question 2 is asked 1st\n"},
			{[]string{"questions", "retire", "1"}, "question 1 is retired: reports that start from now on do not ask it; its answers stay\n"},
			{[]string{"questions", "edit", "1", "--text", "Again?"}, "error: questions edit: edit question 1: question is retired"},
			{[]string{"questions", "enable", "national", "--team", "Riverside Moms"},
				"enabled 5 national questions for team Riverside Moms (debrief questions list shows them)\n"},
			{[]string{"questions", "enable", "national", "--team", "Riverside Moms"},
				"the national questions are already asked for team Riverside Moms\n"},
			{[]string{"questions", "disable", "national", "--team", "Riverside Moms"},
				"disabled 5 national questions for team Riverside Moms; their answers stay\n"},
			{[]string{"questions", "list", "--retired"}, "" +
				"ID  FOR             #        KIND    OPTIONAL  VERSION  QUESTION\n" +
				"3   every team      1        yesno   no        1        First 1:1 with them?\n" +
				"2   Riverside Moms  1        choice  no        3        How much time? [1 An hour; 2 A few hours; 3 A day]\n" +
				"1   Riverside Moms  retired  text    no        1        Which school do their kids go to? / ¿A qué escuela van sus hijos?\n" +
				"4   Riverside Moms  retired  choice  yes       1        (national) How much time could they give the group each month? / ¿Qué tiempo puede dar al grupo cada mes? [1 An hour or two / Una o dos horas; 2 A few hours / Unas horas; 3 A day or more / Una jornada o varias; 4 Not right now / Ahora no]\n" +
				"5   Riverside Moms  retired  text    yes       1        (national) What strengths do they bring, and what limits them (time, health, family)? / ¿Qué fortalezas trae, y qué le pone freno (tiempo, salud, familia)?\n" +
				"6   Riverside Moms  retired  text    yes       1        (national) What skills could they share? Like speaking, writing, languages, social media. / ¿Qué habilidades puede compartir? Ej: hablar, escribir, idiomas, redes sociales.\n" +
				"7   Riverside Moms  retired  choice  yes       1        (national) Would they reach out to and welcome new members across race and class? / ¿Quiere invitar y dar la bienvenida a miembros nuevos de otras razas y clases sociales? [1 Gladly / Con gusto; 2 Maybe, with support / Tal vez, con apoyo; 3 Not now / Ahora no]\n" +
				"8   Riverside Moms  retired  yesno   yes       1        (national) Would they like support or training to do that well? / ¿Quiere apoyo o un taller para hacerlo bien?\n"},
			{[]string{"questions", "list", "--team", "riverside moms"}, "" +
				"ID  FOR             #  KIND    OPTIONAL  VERSION  QUESTION\n" +
				"2   Riverside Moms  1  choice  no        3        How much time? [1 An hour; 2 A few hours; 3 A day]\n"},
			{[]string{"questions", "move", "--to", "1"}, "error: usage: questions move needs the question's ID (debrief questions list shows it)"},
			{[]string{"questions", "enable", "regional"}, "error: usage: questions enable: the set to enable is \"national\""},
		}
		for _, s := range steps {
			out, _, err := runCmd(t, e, s.args...)
			if err != nil {
				out = "error: " + err.Error()
			}
			if out != s.want {
				t.Errorf("debrief %s:\ngot  %q\nwant %q", strings.Join(s.args, " "), out, s.want)
			}
		}
	})
}
