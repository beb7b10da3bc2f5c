package names

import (
	"strings"
	"unicode"
)

// maxWords bounds the words of a name read; "Juan Carlos Pérez Gómez" has
// four and is sure, more make a guess.
const maxWords = 6

// A reading is where a name was found among the tokens.
type reading struct {
	start, end       int  // the name's tokens; start == end when none
	relStart, relEnd int  // a relation before it ("my neighbor"), if any
	stop             int  // the token that ended the name
	words            int  // words of the name, particles aside
	unsure           bool // the end or the start of the name is a guess
}

func (r reading) found() bool { return r.end > r.start || r.relEnd > r.relStart }

// A reader reads one kind of answer.
type reader struct {
	toks      []token
	leadIns   phraseBook
	relations bool // "my neighbor Sam" is Sam (false for the volunteer's own name)
	caps      bool // the volunteer writes in capitals: a capital is no sign of a name
}

// A find is what a clause says of the name, worst first.
type find int

const (
	nothing      find = iota
	relationOnly      // a relation and no name: "met with my neighbor"
	plainName         // a name with no lead-in: "Maria Lopez"
	ledName           // a name after a lead-in: "met with Maria"
)

// read finds the name. A name after a lead-in wins ("Hey Debrief! I met
// with Shawna"); else the first clause that starts with a name; else a
// relation alone ("my neighbor").
func (rd *reader) read() reading {
	var best reading
	found := nothing
	skipped := false // clauses of words went by before the name
	for start := 0; start < len(rd.toks); {
		r, f, end, words := rd.clause(start, found == plainName)
		r.unsure = r.unsure || skipped && f != relationOnly
		if f == ledName {
			return r
		}
		if f > found {
			best, found = r, f
		}
		// "hablé con mi vecina. Se llama Carmen" is sure of Carmen.
		skipped = skipped || words && f != relationOnly
		start = end + 1
	}
	if found == nothing {
		return reading{stop: len(rd.toks)}
	}
	return best
}

// clause reads the clause starting at token start, up to the next mark of
// punctuation, its end. With named, an earlier clause held a name, and
// only a lead-in at the start of this one may say otherwise: "Maria. Her
// husband talked with José" is Maria. words reports a clause with words.
func (rd *reader) clause(start int, named bool) (r reading, f find, end int, words bool) {
	toks := rd.toks
	var relation reading
	related, ledIn := false, false
	keep := func(r reading) {
		if r.found() && !related {
			relation, related = r, true
		}
	}
	i := start
	for ; i < len(toks); i++ {
		if n := rd.leadIns.match(toks, i); n > 0 {
			ledIn = true // "Hablé con la vecina" is not Hablé
			if r := rd.name(i + n); r.end > r.start {
				return r, ledName, rd.clauseEnd(i), true
			} else {
				keep(r)
			}
		}
		if toks[i].word && !fillers[toks[i].key] {
			break
		}
	}
	end = rd.clauseEnd(i)
	// "Great 1:1 with Ana": a lead-in inside the clause. After a relation
	// ("met with the woman who runs the daycare") the rest describes it.
	guess := false
	for j := i + 1; j < end && !named && !related; j++ {
		guess = guess || !rd.stop(j-1)
		if n := rd.leadIns.match(toks, j); n > 0 {
			r := rd.name(j + n)
			if r.end > r.start {
				r.unsure = r.unsure || guess
				return r, ledName, end, true
			}
			keep(r)
		}
	}
	if !ledIn && !named {
		if r := rd.name(i); r.end > r.start {
			return r, plainName, end, true
		} else {
			keep(r)
		}
	}
	if related {
		return relation, relationOnly, end, true
	}
	return reading{}, nothing, end, end > i
}

// clauseEnd returns the first mark of punctuation from token i.
func (rd *reader) clauseEnd(i int) int {
	for i < len(rd.toks) && rd.toks[i].word {
		i++
	}
	return i
}

// name reads a name starting at token i, after a relation if any.
func (rd *reader) name(i int) reading {
	toks := rd.toks
	i = rd.skipSoft(i)
	r := reading{start: i, end: i, relStart: i, relEnd: i}
	if rd.relations {
		if j := rd.relation(i); j > i {
			r.relEnd = j
			for j < len(toks) && (namedBy[toks[j].key] || rd.soft(j)) {
				j++
			}
			i = j
			r.start, r.end = i, i
		}
	}
	if i+1 < len(toks) && articles[toks[i].key] && isTitle(toks[i+1].key) {
		i++ // "la sra. Ortiz"
		r.start, r.end = i, i
	}
	joined := false // "Sarah and José"
	lower, upper := false, false
	for i < len(toks) {
		t := &toks[i]
		switch {
		case r.words == 0 && particles[t.key]:
			r.stop = i // "la vecina del 3er piso"
			return rd.finish(r, joined, lower && upper)
		case r.words > 0 && particles[t.key]:
			j := i
			for j < len(toks) && particles[toks[j].key] && toks[j].word {
				j++
			}
			if j == len(toks) || !rd.nameWord(j) || rd.placeAhead(j) {
				r.stop = i
				return rd.finish(r, joined, lower && upper)
			}
			i = j
			continue
		case r.words > 0 && connect[t.key] && i+1 < len(toks) && rd.nameWord(i+1) && !rd.placeAhead(i+1):
			joined = true
			i++
			continue
		case !rd.nameWord(i):
			r.stop = i
			if t.word && !sureStops[t.key] && !t.num {
				r.unsure = true // "Maria great talk": the name may go on
			}
			return rd.finish(r, joined, lower && upper)
		}
		if isPossessive(t.key) && i+1 < len(toks) && relations[toks[i+1].key] {
			// "my friend Ana's husband Carlos", "Lucy's mom": a relation.
			if r.relEnd == r.relStart {
				r.relStart = r.start
			}
			i = rd.relationPlace(i + 2)
			r.relEnd = i
			for i < len(toks) && (namedBy[toks[i].key] || rd.soft(i)) {
				i++
			}
			r.start, r.end, r.words = i, i, 0
			continue
		}
		if rd.lower(i) {
			lower = true
		} else {
			upper = true
		}
		r.words++
		i++
		r.end = i
		if r.words == maxWords {
			break
		}
	}
	r.stop = i
	return rd.finish(r, joined, lower && upper)
}

// finish settles how sure a reading is. mixed reports a name with words
// in lower case beside words with capitals: "Maria lopez" is a name, but
// "Maria organizes with us" is a sentence, so mixed is sure only at the
// end of the clause.
func (rd *reader) finish(r reading, joined, mixed bool) reading {
	if r.end == r.start {
		r.unsure = r.relEnd > r.relStart // a relation and no name: "my neighbor"
		return r
	}
	more := r.stop < len(rd.toks) && rd.toks[r.stop].word
	r.unsure = r.unsure || joined || r.words > 4 || mixed && (more || r.words > 2)
	return r
}

// relation returns the end of a relation starting at i ("my neighbor",
// "a mom from school", "mi compañera de trabajo"), or i if none.
func (rd *reader) relation(i int) int {
	toks := rd.toks
	j := i
	det := j < len(toks) && determiners[toks[j].key]
	if det {
		j++
	}
	// "my new neighbor", "my super nice downstairs neighbor"
	for k := j; k < len(toks) && k < j+3 && toks[k].word && !sureStops[toks[k].key] &&
		(relationAdjectives[toks[k].key] || det && rd.lower(k)); k++ {
		if relations[toks[k].key] {
			break
		}
		if k+1 < len(toks) && relations[toks[k+1].key] {
			j = k + 1
			break
		}
	}
	// "my neighbor's son"
	for j+1 < len(toks) && isPossessive(toks[j].key) && relations[toks[j].key[:len(toks[j].key)-2]] {
		j++
	}
	if j >= len(toks) || !relations[toks[j].key] {
		return i
	}
	named := j+1 < len(toks) && rd.nameWord(j+1)
	switch {
	case !det && titleRelations[toks[j].key] && named:
		return i // "Pastor Dan", "Doña Carmen": a title, part of the name
	case !det && !rd.lower(j) && !named:
		return i // "Guy", "Nurse": a name
	}
	j++
	return rd.relationPlace(j)
}

// relationPlace returns the end of the place or person that follows a
// relation at j: "from school", "de trabajo", "at church", "from my
// kid's school", "de Diego".
func (rd *reader) relationPlace(j int) int {
	toks := rd.toks
	if j+1 < len(toks) && toks[j].key == "in" && toks[j+1].key == "law" {
		j += 2 // "my mother in law"
	}
	if j+1 >= len(toks) || !teamWords[toks[j].key] && toks[j].key != "at" && toks[j].key != "en" {
		return j
	}
	k := j + 1
	for k < len(toks) && determiners[toks[k].key] {
		k++
	}
	if k == j+1 && (toks[j].key == "de" || toks[j].key == "of") && k < len(toks) &&
		rd.nameWord(k) && !rd.lower(k) && !particles[toks[k].key] && !places[toks[k].key] {
		return k + 1 // "el papá de Diego"
	}
	for k < len(toks) && toks[k].word && (places[toks[k].key] || relations[toks[k].key] || rd.acronym(k) || isPossessive(toks[k].key)) {
		k++
		j = k
	}
	return j
}

// placeAhead reports whether the words from i, up to the next stop, name
// a place or a group: "de la iglesia", "del PTA", not "de la Cruz".
func (rd *reader) placeAhead(i int) bool {
	toks := rd.toks
	for j := i; j < len(toks) && toks[j].word; j++ {
		if places[toks[j].key] || rd.acronym(j) {
			return true
		}
		if j == i && determiners[toks[j].key] && !particles[toks[j].key] {
			return true // "de mi trabajo"
		}
		if rd.stop(j) && !particles[toks[j].key] {
			break
		}
	}
	return false
}

// nameWord reports whether token i may be part of a name.
func (rd *reader) nameWord(i int) bool {
	t := &rd.toks[i]
	if !t.word || t.num || particles[t.key] && (i == 0 || !rd.toks[i-1].word || rd.stop(i-1)) {
		return false // a particle starts no name
	}
	return !rd.stop(i)
}

// stop reports whether token i is a word that is not a name.
func (rd *reader) stop(i int) bool {
	t := &rd.toks[i]
	if !t.word || t.num {
		return true
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

// soft reports a comma, colon or dash: marks that may stand between a
// lead-in and a name ("Met with: Maria").
func (rd *reader) soft(i int) bool {
	t := &rd.toks[i]
	if t.word {
		return false
	}
	switch t.key {
	case ",", ":", "-", "–", "—", "", "/", "=", ">", "*", "~", "@", "#", "\"", "'", "“", "”":
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
