package main

import (
	"fmt"
	"strings"
)

// A turn is one text a simulated volunteer sends and what the reply must say.
type turn struct {
	body   string
	expect string // a word the reply must contain (case-insensitive); "" checks only that there is a reply
}

// script returns the texts one volunteer sends to sign up and file n
// reports, with the replies' expected words. The answers are realistic so
// that the engine does its real work (phone parsing, date parsing).
func script(volunteer, reports int) []turn {
	turns := []turn{
		{body: "Hi", expect: "name"},
		{body: fmt.Sprintf("Load Tester %d", volunteer), expect: "team"},
		{body: "Riverside Moms", expect: "meet"},
	}
	for r := 1; r <= reports; r++ {
		if r > 1 {
			turns = append(turns, turn{body: "NEW", expect: "meet"})
		}
		turns = append(turns,
			turn{body: personName(volunteer, r) + " 617 253 1000", expect: "issue"},
			turn{body: "Clean air near the schools, asthma in her family", expect: ""},
			turn{body: "1", expect: ""},
			turn{body: "Call her about the house party next Tuesday", expect: ""},
			turn{body: "Phone banking and hosting", expect: ""},
			turn{body: "Teacher, knows the PTA president", expect: ""},
			turn{body: "yes", expect: "saved"},
		)
	}
	return turns
}

// personName is a name unique to the volunteer and report, in letters
// only, as a person's name is: Debrief does not keep digits in a name.
// Each word starts "Vz" or "Rz", which no English or Spanish word does, so
// that no number's letters spell a word the name reader drops ("Very").
func personName(volunteer, report int) string {
	return "Maria Vz" + letters(volunteer) + " Rz" + letters(report)
}

// letters writes n >= 0 in base 26 with the letters a to z, at least
// three of them ("aab"): a short one could read as a word ("Va").
func letters(n int) string {
	var b []byte
	for ; n > 0 || len(b) < 3; n /= 26 {
		b = append([]byte{byte('a' + n%26)}, b...)
	}
	return string(b)
}

// checkReply reports whether the TwiML reply fits the turn.
func checkReply(t turn, twiml string) error {
	if !strings.Contains(twiml, "<Message>") {
		return fmt.Errorf("reply to %q has no message", t.body)
	}
	if t.expect != "" && !strings.Contains(strings.ToLower(twiml), t.expect) {
		return fmt.Errorf("reply to %q lacks %q", t.body, t.expect)
	}
	return nil
}
