package dates

import (
	"strings"
	"time"

	"github.com/olebedev/when/rules"
	"github.com/olebedev/when/rules/en"
)

// esWeek reads "la semana que viene", "la próxima semana", "esta semana",
// "la semana pasada", "este fin de semana", "el finde", "el próximo fin
// de semana", "el fin de semana que viene".
var esWeek = re(`(?:\W|^)(?:(esta|este|la|el)\s+)?(?:(proxima|proximo|siguiente|otra)\s+)?` +
	`(semana|fin\s+de\s+semana|finde)(?:\s+(que\s+viene|proxima|proximo|entrante|pasada|pasado|siguiente))?(?:\W|$)`)

func readWeekES(m *rules.Match, f *found, ref time.Time) bool {
	article, pre, unit, post := m.Captures[0], m.Captures[1], m.Captures[2], m.Captures[3]
	weeks := 0
	switch {
	case post == "pasada" || post == "pasado":
		weeks = -1
	case pre != "" || post != "":
		weeks = 1
	case unit == "semana" && article != "esta":
		return false // "toda la semana", "una semana"
	case unit != "finde" && article == "":
		return false // "cada fin de semana"
	}
	if unit == "semana" {
		f.setSpan(Week, weekAt(ref, weeks, partStart), Sure)
	} else {
		f.setSpan(Week, weekendAt(ref, weeks), Sure)
	}
	return true
}

// esNamedMonth reads a month said as a time: "en enero", "para marzo",
// "a principios de enero", "a mediados de junio", "a fines de mayo",
// "en el mes de julio".
var esNamedMonth = re(`(?:\W|^)((?:(?:en|para|durante|hasta|a|por|de|del|el|mes|principios|comienzos|inicios|` +
	`mediados|fines|finales|fin|algun|momento)\s+)+)(enero|febrero|marzo|abril|mayo|junio|julio|agosto|` +
	`septiembre|setiembre|octubre|noviembre|diciembre)(?:\W|$)`)

func readNamedMonthES(m *rules.Match, f *found, ref time.Time) bool {
	p, ok := monthPartES(m.Captures[0])
	if !ok {
		return false
	}
	at, doubt := namedMonthAt(ref, time.Month(esMonths[m.Captures[1]]), p)
	f.setSpan(Month, at, doubt)
	return true
}

// monthPartES reads the words before a month: which part of it, and
// whether they name a time at all ("de" alone is "3 de enero").
func monthPartES(words string) (part, bool) {
	p, timed := partStart, false
	for _, w := range strings.Fields(words) {
		switch w {
		case "principios", "comienzos", "inicios":
			p, timed = partStart, true
		case "mediados":
			p, timed = partMid, true
		case "fines", "finales", "fin":
			p, timed = partEnd, true
		case "en", "para", "durante", "hasta", "algun":
			timed = true
		}
	}
	return p, timed
}

// esMonth reads "el mes que viene", "el próximo mes", "este mes", "a fin
// de mes", "a finales del mes que viene", "a mediados de mes", "el mes
// pasado".
var esMonth = re(`(?:\W|^)(?:(principios|comienzos|inicios|mediados|fines|finales|fin)\s+(?:de|del)\s+)?` +
	`(?:(este|el)\s+)?(?:(proximo|siguiente)\s+)?(mes)(?:\s+(que\s+viene|proximo|entrante|siguiente|pasado))?(?:\W|$)`)

func readMonthES(m *rules.Match, f *found, ref time.Time) bool {
	p, timed := monthPartES(m.Captures[0])
	months := 0
	switch {
	case m.Captures[4] == "pasado":
		months, timed = -1, true
	case m.Captures[2] != "" || m.Captures[4] != "":
		months, timed = 1, true
	case m.Captures[1] == "este":
		timed = true
	}
	if !timed {
		return false // "un mes", "el mes"
	}
	f.setSpan(Month, monthAt(ref, months, p), Sure)
	return true
}

// enWeek reads "next week", "this weekend", "the week after next", "end
// of the week", "over the weekend", "last week".
var enWeek = re(`(?:\W|^)(?:(end|middle|mid)\s+of\s+)?(this\s+coming|this|next|last|the\s+following|the)\s+` +
	`(week\s+after\s+next|weekend|week)(?:\W|$)`)

func readWeekEN(m *rules.Match, f *found, ref time.Time) bool {
	p := partStart
	switch m.Captures[0] {
	case "end":
		p = partEnd
	case "middle", "mid":
		p = partMid
	}
	rel, unit := m.Captures[1], m.Captures[2]
	weeks := 0
	switch {
	case unit == "week after next":
		weeks = 2
	case rel == "next" || rel == "the following":
		weeks = 1
	case rel == "last":
		weeks = -1
	case unit == "week" && rel == "the" && m.Captures[0] == "":
		return false // "how was the week"
	}
	if unit == "weekend" {
		f.setSpan(Week, weekendAt(ref, weeks), Sure)
	} else {
		f.setSpan(Week, weekAt(ref, weeks, p), Sure)
	}
	return true
}

// enNamedMonth reads a month said with a word that makes it a time ("in
// January", "sometime in jan", "early March", "end of June", "by may",
// "first week of January"); a bare month name is often another word
// ("may", "march").
var enNamedMonth = re(`(?:\W|^)((?:(?:sometime|some|time|in|by|during|until|till|around|early|late|mid|middle|` +
	`end|start|beginning|first|week|the|of)[\s-]+)+)(january|jan|february|feb|march|mar|april|apr|may|june|jun|july|jul|` +
	`august|aug|september|sept|sep|october|oct|november|nov|december|dec)\.?(?:\W|$)`)

func readNamedMonthEN(m *rules.Match, f *found, ref time.Time) bool {
	mo, ok := en.MONTH_OFFSET[m.Captures[1]]
	if !ok {
		return false
	}
	p, ok := monthPartEN(m.Captures[0])
	if !ok {
		return false
	}
	at, doubt := namedMonthAt(ref, time.Month(mo), p)
	f.setSpan(Month, at, doubt)
	return true
}

// monthPartEN reads the words before a month: which part of it, and
// whether they name a time at all ("of" alone is "the 5th of May").
func monthPartEN(words string) (part, bool) {
	p, timed := partStart, false
	for _, w := range strings.FieldsFunc(words, func(r rune) bool { return r == ' ' || r == '-' || r == '\t' || r == '\n' }) {
		switch w {
		case "early", "start", "beginning", "first":
			p, timed = partStart, true
		case "mid", "middle":
			p, timed = partMid, true
		case "late", "end":
			p, timed = partEnd, true
		case "sometime", "in", "by", "during", "until", "till", "around":
			timed = true
		}
	}
	return p, timed
}

// enMonth reads "next month", "this month", "end of the month", "early
// next month", "mid-month", "last month".
var enMonth = re(`(?:\W|^)(?:(early|late|mid|middle\s+of|end\s+of|start\s+of|beginning\s+of|the\s+end\s+of|` +
	`the\s+start\s+of|the\s+beginning\s+of|the\s+middle\s+of)[\s-]*)?(?:(this|next|last|the\s+following|the)\s+)?` +
	`(month)(?:\W|$)`)

func readMonthEN(m *rules.Match, f *found, ref time.Time) bool {
	p, timed := monthPartEN(m.Captures[0])
	timed = timed || m.Captures[0] != ""
	months := 0
	switch m.Captures[1] {
	case "next", "the following":
		months, timed = 1, true
	case "last":
		months, timed = -1, true
	case "this":
		timed = true
	}
	if !timed {
		return false // "a month", "the month"
	}
	f.setSpan(Month, monthAt(ref, months, p), Sure)
	return true
}
