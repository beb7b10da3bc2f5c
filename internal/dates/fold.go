package dates

import (
	"strings"
	"unicode/utf8"

	"github.com/debrief-sms/debrief/internal/accent"
)

// feature is a set of kinds of words found in a text; a rule runs only
// when the text has every feature it needs.
type feature uint32

const (
	fDigit feature = 1 << iota
	fSlash
	fWeekdayEN
	fCasualEN
	fDayPartEN
	fUnitEN
	fMonthEN
	fMonthsUnit
	fWeekdayES
	fCasualES
	fUnitES
	fMonthES
	fLas
	fWeekEN
	fDayPartES
	fFew
	fWeekAbbr
)

// words maps a folded word to the features it brings.
var words = func() map[string]feature {
	m := map[string]feature{}
	add := func(f feature, list string) {
		for _, w := range strings.Fields(list) {
			m[w] |= f
		}
	}
	add(fWeekdayEN, "sunday sun monday mon tuesday tue tues wednesday wed weds thursday thur thu thurs friday fri saturday sat")
	add(fCasualEN, "today tomorrow tmr tmrw tomorow tommorow tommorrow yesterday")
	add(fDayPartEN, "morning afternoon evening noon midday night tonight tonite")
	add(fWeekEN, "week weekend")
	add(fFew, "couple few par unos unas")
	add(fWeekAbbr, "wk wks")
	add(fUnitEN, "second seconds sec secs min mins minute minutes hour hours day days week weeks")
	add(fMonthsUnit, "month months mes meses")
	add(fMonthEN, "january jan february feb march mar april apr may june jun july jul august aug september sep sept october oct november nov december dec")
	add(fWeekdayES, "lunes martes miercoles jueves viernes sabado domingo lun mar mie mier jue vie sab dom")
	add(fCasualES, "hoy manana ayer anteayer")
	add(fDayPartES, "manana tarde noche mediodia")
	add(fUnitES, "dia dias semana semanas finde")
	add(fMonthES, "enero ene febrero feb marzo mar abril abr mayo may junio jun julio jul agosto ago septiembre setiembre sep sept set octubre oct noviembre nov diciembre dic")
	add(fLas, "la las")
	return m
}()

// fold returns text in lower case ASCII, accents dropped (mañana is
// manana) and other characters turned into spaces, with the features of
// its words. It allocates once.
func fold(text string) (string, feature) {
	var b strings.Builder
	b.Grow(len(text))
	var feats feature
	start := -1 // start of the current word in b
	endWord := func() {
		if start >= 0 {
			feats |= words[b.String()[start:]]
			start = -1
		}
	}
	for _, r := range text {
		c := foldRune(r)
		switch {
		case c >= '0' && c <= '9':
			feats |= fDigit
		case c == '/' || c == '\\':
			feats |= fSlash
		}
		if c >= 'a' && c <= 'z' {
			if start < 0 {
				start = b.Len()
			}
		} else {
			endWord()
		}
		b.WriteByte(c)
	}
	endWord()
	return b.String(), feats
}

// foldRune maps r to one ASCII byte: lower case, accents dropped, anything
// else that is not ASCII a space.
func foldRune(r rune) byte {
	switch {
	case r >= 'A' && r <= 'Z':
		return byte(r) + 'a' - 'A'
	case r < utf8.RuneSelf:
		return byte(r)
	}
	if c, ok := accent.Plain(r); ok {
		return c
	}
	switch r {
	case '：':
		return ':'
	}
	return ' '
}

// wordSet is a set of folded words.
func wordSet(list string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(list) {
		m[w] = true
	}
	return m
}

// isWordByte reports whether c is part of a word in folded text, for
// the words around a match: "c'mon" is one word.
func isWordByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '\''
}

// nextWords returns the two words after position i of folded text,
// skipping spaces only: punctuation ends the phrase, so "sat, then" has
// no next word.
func nextWords(text string, i int) (next, after string) {
	next, i = wordAt(text, i)
	if next != "" {
		after, _ = wordAt(text, i)
	}
	return next, after
}

func wordAt(text string, i int) (string, int) {
	for i < len(text) && text[i] == ' ' {
		i++
	}
	start := i
	for i < len(text) && isWordByte(text[i]) {
		i++
	}
	return text[start:i], i
}

// prevWord returns the word before position i of folded text, skipping
// spaces only.
func prevWord(text string, i int) string {
	for i > 0 && text[i-1] == ' ' {
		i--
	}
	end := i
	for i > 0 && isWordByte(text[i-1]) {
		i--
	}
	return text[i:end]
}
