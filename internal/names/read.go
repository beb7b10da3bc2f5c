package names

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
			r := rd.name(i+n, true)
			if r.end > r.start {
				return r, ledName, rd.clauseEnd(i), true
			}
			keep(r)
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
			r := rd.name(j+n, true)
			if r.end > r.start {
				r.unsure = r.unsure || guess
				return r, ledName, end, true
			}
			keep(r)
		}
	}
	if !ledIn && !named {
		r := rd.name(i, false)
		if r.end > r.start {
			return r, plainName, end, true
		}
		keep(r)
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
