package names

// maxWords bounds the words of a name read; "Juan Carlos Pérez Gómez" has
// four and is sure, more make a guess.
const maxWords = 6

// name reads a name starting at token i, after a relation if any; led
// reports a lead-in before it, after which a word with a capital is a
// name even when it is a word too: "met with Ty", "coffee with Joy".
func (rd *reader) name(i int, led bool) reading {
	toks := rd.toks
	i = rd.skipSoft(i)
	r := reading{start: i, end: i, relStart: i, relEnd: i}
	// "mi vecina la señora Juana": relations one after the other.
	for rd.relations {
		j := rd.relation(i)
		if j == i {
			break
		}
		r.relEnd = j
		for j < len(toks) && (namedBy[toks[j].key] || rd.soft(j)) {
			j++
		}
		i = j
		r.start, r.end = i, i
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
		case r.words == 0 && particles[t.key] && (rd.lower(i) || rd.caps):
			r.stop = i // "la vecina del 3er piso"
			return rd.finish(r, joined, lower && upper)
		case r.words > 0 && particles[t.key]:
			j := i
			for j < len(toks) && particles[toks[j].key] && toks[j].word {
				j++
			}
			// "Don Beto de la panadería": in a text with capitals, a
			// particle is followed by one (de la Cruz).
			if j == len(toks) || !rd.nameWord(j) || rd.placeAhead(j) || rd.lower(j) && !rd.lower(r.start) {
				r.stop = i
				return rd.finish(r, joined, lower && upper)
			}
			i = j
			continue
		case r.words > 0 && connect[t.key] && i+1 < len(toks) && rd.nameWord(i+1) && !rd.placeAhead(i+1):
			joined = true
			i++
			continue
		case r.words == 0 && led && t.word && !t.num && softStops[t.key] && !sureStops[t.key] && !rd.lower(i) && !rd.caps:
			// a name, below
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
