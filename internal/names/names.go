// Package names reads a person's name out of how volunteers write it by
// text, in English and Spanish: "I met with my neighbor Sam Park, his cell
// is 617 555 0166" is Sam Park and +16175550166; "soy Ana de Mamás del
// Río" is Ana of the team Mamás del Río. It keeps lead-ins, relations,
// places and contact details out of the name, and says when its reading
// is a guess worth confirming.
//
// It performs no I/O and keeps no state: every function is pure.
package names

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// MaxName is the most characters of a name, or a team, read.
const MaxName = 100

// Person is who a volunteer met, as read from their answer.
type Person struct {
	Name   string // clean name, e.g. "Maria Lopez"; "" when none found
	Phone  string // E.164 (read as a US number) if present anywhere
	Email  string
	Unsure bool // the text held more than a name and the reading is a guess worth confirming
}

// Met reads who the volunteer met, from an answer to "Who did you meet
// with? Their name, plus phone or email if you have it."
func Met(text string) Person {
	rest, e164, email := contacts(text)
	rd := reader{toks: tokenize(rest), leadIns: metLeadIns, relations: true, caps: allCaps(text)}
	r := rd.read()
	p := Person{Phone: e164, Email: email, Unsure: r.unsure}
	if r.end > r.start {
		p.Name = rd.write(r.start, r.end, true)
	} else if r.relEnd > r.relStart {
		p.Name = rd.join(r.relStart, r.relEnd) // "my neighbor": better than nothing
	}
	var cut bool
	p.Name, cut = clip(p.Name)
	p.Unsure = p.Unsure || cut
	return p
}

// Self reads the volunteer's own name from an answer to "What's your
// name?" or a first text: "Hi I'm Ana", "I'm Ana from Riverside Moms",
// "Ana here", "me llamo Ana", "soy Ana de Mamás del Río", "This is Ana
// Ruiz". Team is what followed "from"/"with"/"de"/"con" when it looks like
// a group name ("Riverside Moms"), else "".
func Self(text string) (name, team string) {
	rest, _, _ := contacts(text)
	rd := reader{toks: tokenize(rest), leadIns: selfLeadIns, caps: allCaps(text)}
	r := rd.read()
	if r.end > r.start {
		name, _ = clip(rd.write(r.start, r.end, true))
	}
	if name != "" {
		team = rd.teamAfter(r.stop)
	}
	return name, team
}

// write joins tokens [start, end) as a name. Words the volunteer wrote
// in lower case get their capital ("maria lopez", "doña Mari"); a name in
// capitals is written in title case when the whole text is ("MARIA
// LOPEZ") or when it has a word too long to be initials ("Met with MARIA",
// not "Met with AJ"). Capitals written inside a word stay: McDonald.
func (rd *reader) write(start, end int, person bool) string {
	s := strings.TrimRight(rd.join(start, end), ".")
	shouting := rd.caps || person && !strings.ContainsFunc(s, unicode.IsLower) && hasLongWord(s)
	return titleCase(s, !shouting)
}

// hasLongWord reports a word of four letters or more.
func hasLongWord(s string) bool {
	for _, w := range strings.Fields(s) {
		if utf8.RuneCountInString(w) >= 4 {
			return true
		}
	}
	return false
}

// join joins the words of tokens [start, end) and the & of "Tash &
// Renee"; other marks go: "my neighbor, the lady" is my neighbor the lady.
func (rd *reader) join(start, end int) string {
	var b strings.Builder
	for i := start; i < end; i++ {
		t := &rd.toks[i]
		if !t.word && t.key != "&" || t.num {
			continue
		}
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(t.text)
	}
	return b.String()
}

// allCaps reports a text with capitals and no lower-case letter.
func allCaps(text string) bool {
	upper := false
	for _, r := range text {
		if unicode.IsLower(r) {
			return false
		}
		upper = upper || unicode.IsUpper(r)
	}
	return upper
}

// clip cuts s to MaxName characters on a word; cut reports a cut.
func clip(s string) (out string, cut bool) {
	n := 0
	last := 0 // the last space seen within the limit
	for i, r := range s {
		if n == MaxName {
			if last == 0 {
				return s[:i], true
			}
			return s[:last], true
		}
		if r == ' ' {
			last = i
		}
		n++
	}
	return s, false
}
