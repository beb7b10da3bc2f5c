package conversation

import (
	"strings"
	"time"

	"github.com/debrief-sms/debrief"
	"github.com/debrief-sms/debrief/internal/dates"
	"github.com/debrief-sms/debrief/internal/names"
)

// planWord is what the first words of a text say about plans.
type planWord int

const (
	notPlanWord planWord = iota
	planAdd              // PLAN Maria Friday 3pm, PLANEAR ...
	planList             // PLANS, PLANES
	planCancel           // CANCEL PLAN [n | name], CANCELAR PLAN ...
)

// Plan keywords, folded like commands (upper case, no accents, letters
// and digits only).
var (
	planAddWords    = map[string]bool{"PLAN": true, "PLANEAR": true, "PLANIFICAR": true}
	planSpanish     = map[string]bool{"PLANEAR": true, "PLANIFICAR": true, "PLANES": true, "CANCELAR": true, "CANCELA": true}
	planListWords   = map[string]bool{"PLANS": true, "PLANES": true, "MYPLANS": true, "MISPLANES": true}
	planCancelWords = map[string]bool{"CANCEL": true, "CANCELAR": true, "CANCELA": true}
)

// keywordLanguage is the language a plan keyword is in, lang when it is
// the same in both (PLAN).
func keywordLanguage(text string, lang debrief.Language) debrief.Language {
	if fields := strings.Fields(text); len(fields) > 0 && planSpanish[foldToken(fields[0])] {
		return debrief.Spanish
	}
	return lang
}

// planKeyword reads a plan keyword at the start of text and returns the
// text after it. A keyword must be written in capitals when strict (a
// question is waiting: "plan to call her Friday" answers the next-steps
// question), in any case otherwise.
func planKeyword(text string, strict bool) (planWord, string) {
	fields := strings.Fields(text)
	if len(fields) == 0 {
		return notPlanWord, ""
	}
	typed := func(i int) bool { return !strict || fields[i] == strings.ToUpper(fields[i]) }
	first := foldToken(fields[0])
	rest := func(n int) string { return strings.Join(fields[n:], " ") }
	switch {
	case planAddWords[first] && typed(0):
		return planAdd, rest(1)
	case planListWords[first] && len(fields) == 1 && typed(0):
		return planList, ""
	case len(fields) >= 2 && planListWords[first+foldToken(fields[1])] && len(fields) == 2:
		return planList, ""
	case planCancelWords[first] && len(fields) >= 2 && foldToken(fields[1]) == "PLAN" && typed(0) && typed(1):
		return planCancel, rest(2)
	}
	return notPlanWord, ""
}

// foldToken is one word folded for comparison: upper case ASCII letters
// and digits, accents dropped, everything else left out ("I'm" is IM,
// "1:1" is 11).
func foldToken(s string) string {
	var b strings.Builder
	for _, r := range s {
		if c := foldUpper(r); c != ' ' {
			b.WriteByte(c)
		}
	}
	return b.String()
}

// planLeadIns are how volunteers say they will meet someone, folded word
// by word, each with the language of the dates after it. Only a future
// form: "I met with Maria Friday" is a report, not a plan. The corpus
// (testdata/plans.tsv) holds the texts they come from.
var planLeadIns = func() []planLeadIn {
	en := []string{
		"MEETING WITH", "MEETING W", "MEETING", "IM MEETING WITH", "IM MEETING", "I AM MEETING WITH", "I AM MEETING",
		"ILL MEET WITH", "ILL MEET", "I WILL MEET WITH", "I WILL MEET", "WILL MEET WITH", "WILL MEET",
		"IM GOING TO MEET WITH", "IM GOING TO MEET", "GOING TO MEET WITH", "GOING TO MEET", "GONNA MEET WITH", "GONNA MEET",
		"IM GONNA MEET WITH", "IM GONNA MEET", "PLANNING TO MEET WITH", "PLANNING TO MEET", "I PLAN TO MEET WITH", "I PLAN TO MEET",
		"IM SEEING", "SEEING", "ILL SEE", "I WILL SEE", "IM GOING TO SEE", "GOING TO SEE",
		"HAVING COFFEE WITH", "IM HAVING COFFEE WITH", "COFFEE WITH", "HAVING LUNCH WITH", "LUNCH WITH",
		"11 WITH", "I HAVE A 11 WITH", "HAVE A 11 WITH", "MY 11 WITH", "ONE ON ONE WITH", "I HAVE A ONE ON ONE WITH",
		"SCHEDULED A 11 WITH", "I SCHEDULED A 11 WITH", "SET UP A 11 WITH", "I SET UP A 11 WITH",
		"SET UP A MEETING WITH", "I SET UP A MEETING WITH", "I HAVE A MEETING WITH", "MEETING UP WITH", "IM MEETING UP WITH",
	}
	es := []string{
		"VOY A VER A", "VOY A VER", "VOY A REUNIRME CON", "ME VOY A REUNIR CON", "ME REUNO CON", "ME VOY A VER CON",
		"VOY A HABLAR CON", "VOY A TOMAR CAFE CON", "TENGO UN 11 CON", "TENGO UNA REUNION CON", "TENGO CITA CON",
		"CITA CON", "QUEDE CON", "VERE A", "ME VEO CON", "VEO A", "NOS VEMOS CON", "REUNION CON", "11 CON",
	}
	var out []planLeadIn
	for _, set := range []struct {
		lang  debrief.Language
		words []string
	}{{debrief.English, en}, {debrief.Spanish, es}} {
		for _, w := range set.words {
			out = append(out, planLeadIn{words: strings.Fields(w), lang: set.lang})
		}
	}
	// Longest first, so that "MEETING WITH" wins over "MEETING".
	for i := 1; i < len(out); i++ {
		for j := i; j > 0 && len(out[j].words) > len(out[j-1].words); j-- {
			out[j], out[j-1] = out[j-1], out[j]
		}
	}
	return out
}()

type planLeadIn struct {
	words []string
	lang  debrief.Language
}

// naturalPlan finds a lead-in of a plan at the start of text ("meeting
// Maria friday at 3", "voy a ver a Maria el viernes") and returns what
// follows it, with the language its dates are read in.
func naturalPlan(text string) (rest string, lang debrief.Language, ok bool) {
	fields := strings.Fields(text)
	folded := make([]string, len(fields))
	for i, f := range fields {
		folded[i] = foldToken(f)
	}
	for _, l := range planLeadIns {
		if len(folded) <= len(l.words) {
			continue
		}
		match := true
		for i, w := range l.words {
			if folded[i] != w {
				match = false
				break
			}
		}
		if match {
			return strings.Join(fields[len(l.words):], " "), l.lang, true
		}
	}
	return "", "", false
}

// planRead is what the text of a plan names.
type planRead struct {
	person  string
	at      time.Time // in the volunteer's zone; midnight when !hasTime
	hasTime bool
	day     bool // a day was read (a week or a month is not one)
	past    bool // that day, or that time, is gone
}

// readPlan reads the person and the day of a plan's text ("Maria Friday
// 3pm"), in lang first, then in the other language.
func readPlan(text string, now time.Time, loc *time.Location, lang debrief.Language) planRead {
	p := planRead{person: names.Met(text).Name}
	rd, ok := dates.Read(text, now, loc, lang)
	if !ok {
		other := debrief.Spanish
		if lang == debrief.Spanish {
			other = debrief.English
		}
		rd, ok = dates.Read(text, now, loc, other)
	}
	if !ok || rd.Span != dates.Day {
		return p
	}
	p.day, p.at, p.hasTime = true, rd.At, rd.HasTime
	p.past = pastIn(rd.At, rd.HasTime, now, loc)
	return p
}

// pastIn reports whether t is gone at now: a day before today, or a time
// of day already past, in loc.
func pastIn(t time.Time, hasTime bool, now time.Time, loc *time.Location) bool {
	if hasTime {
		return t.Before(now)
	}
	y, m, d := now.In(loc).Date()
	return t.In(loc).Before(time.Date(y, m, d, 0, 0, 0, 0, loc))
}

// PersonKey is a name folded for matching a report with a plan: lower
// case, accents dropped, single spaces ("María  López" is "maria lopez").
func PersonKey(name string) string {
	var words []string
	for _, f := range strings.Fields(name) {
		if k := foldToken(f); k != "" {
			words = append(words, strings.ToLower(k))
		}
	}
	return strings.Join(words, " ")
}

// samePerson reports whether a report on reported is about the person
// planned: the same name folded, or one name given as a first name only
// ("Maria" planned, "Maria Lopez" reported).
func samePerson(planned, reported string) bool {
	a, b := PersonKey(planned), PersonKey(reported)
	if a == "" || b == "" {
		return false
	}
	if a == b {
		return true
	}
	af, _, aOne := strings.Cut(a, " ")
	bf, _, bOne := strings.Cut(b, " ")
	return (!aOne && af == bf) || (!bOne && af == bf)
}
