package names

// relation returns the end of a relation starting at i ("my neighbor",
// "a mom from school", "mi compañera de trabajo"), or i if none.
func (rd *reader) relation(i int) int {
	toks := rd.toks
	j := i
	det := j < len(toks) && determiners[toks[j].key]
	if det {
		j++
	}
	// "my new neighbor", "my super nice downstairs neighbor", "the Lee family"
	for k := j; k < len(toks) && k < j+3 && toks[k].word && !toks[k].num && !sureStops[toks[k].key] &&
		(relationAdjectives[toks[k].key] || det && (rd.lower(k) || k+1 < len(toks) && families[toks[k+1].key])); k++ {
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
	case families[toks[j].key] && named:
		if det {
			return i + 1 // "la familia Pérez" is familia Pérez
		}
		return i
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
	for k < len(toks) && toks[k].word && !toks[k].num &&
		(places[toks[k].key] || relations[toks[k].key] || rd.acronym(k) || isPossessive(toks[k].key)) {
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
