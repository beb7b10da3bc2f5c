package names

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// nameWord reports whether token i may be part of a name.
func (rd *reader) nameWord(i int) bool {
	t := &rd.toks[i]
	if !t.word || t.num {
		return false
	}
	if particles[t.key] && (rd.lower(i) || rd.caps) && (i == 0 || !rd.toks[i-1].word || rd.stop(i-1)) {
		return false // "de" starts no name, but Van Jones and Del Harvey do
	}
	return !rd.stop(i)
}

// stop reports whether token i is a word that is not a name.
func (rd *reader) stop(i int) bool {
	t := &rd.toks[i]
	if !t.word || t.num {
		return true
	}
	if !rd.relations && relations[t.key] && rd.lower(i) {
		return true // "soy voluntaria": the volunteer's own name is no relation
	}
	if !sureStops[t.key] && !softStops[t.key] {
		return false
	}
	return !(nameWords[t.key] && !rd.caps && !rd.lower(i))
}

// lower reports whether token i starts with a lower-case letter.
func (rd *reader) lower(i int) bool {
	for _, r := range rd.toks[i].text {
		return unicode.IsLower(r)
	}
	return false
}

// acronym reports a word in capitals in a text that is not: PTA, SEIU.
func (rd *reader) acronym(i int) bool {
	t := &rd.toks[i]
	if rd.caps || len(t.text) < 2 || len(t.text) > 6 {
		return false
	}
	for _, r := range t.text {
		if !unicode.IsUpper(r) {
			return false
		}
	}
	return true
}

// soft reports a mark that may stand between a lead-in and a name
// ("Met with: Maria", "con 😊 Ana"): a comma, a colon, a dash, an emoji;
// not the end of a sentence.
func (rd *reader) soft(i int) bool {
	t := &rd.toks[i]
	if t.word {
		return false
	}
	if t.key != "" && t.key[0] >= utf8.RuneSelf {
		return true // emoji, ¿ and ¡
	}
	switch t.key {
	case ",", ":", "-", "", "/", "=", ">", "*", "~", "@", "#", "\"", "'":
		return true
	}
	return false
}

func (rd *reader) skipSoft(i int) int {
	for i < len(rd.toks) && rd.soft(i) {
		i++
	}
	return i
}

func isPossessive(key string) bool {
	n := len(key)
	return n > 2 && key[n-2] == '\'' && key[n-1] == 's'
}

// isTitle reports a title written with or without its dot: "Sra.", "Dr".
func isTitle(key string) bool {
	return titles[strings.TrimSuffix(key, ".")]
}
