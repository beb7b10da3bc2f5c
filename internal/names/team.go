package names

// A need says how surely words must look like a group to be a team.
type need int

const (
	anyTeam    need = iota // "with Sunrise": a word with a capital will do
	namedTeam              // "from Riverside Moms": a group's word, an acronym or two capitals
	surelyTeam             // "Dee - Riverside Moms": a group's word or an acronym
)

// teamAfter finds the volunteer's team after their name, which ended at
// token i: "Ana from Riverside Moms", "Sam here, with the PTA", "Dee -
// Riverside Moms", "Luis. I'm with the union", "Ana y soy de Mamás Unidas".
func (rd *reader) teamAfter(i int) string {
	toks := rd.toks
	gap := true // only joining words since the name: "Sam here, with"
	for j := i; j < len(toks); j++ {
		t := &toks[j]
		switch {
		case teamWords[t.key] && (gap || j > 0 && selfTeam[toks[j-1].key]):
			sure := namedTeam
			if t.key == "with" || t.key == "w" || t.key == "w/" || t.key == "con" {
				sure = anyTeam // one joins a group "with", one comes "from" a town
			}
			if team := rd.team(j+1, sure); team != "" {
				return team
			}
		case j == i && !t.word && rd.soft(j) && j+1 < len(toks) && !teamWords[toks[j+1].key]:
			if team := rd.team(j+1, surelyTeam); team != "" {
				return team
			}
		}
		gap = gap && (t.word && teamGap[t.key] || !t.word && rd.soft(j))
	}
	return ""
}

// team reads a group's name starting at token i: "the Riverside Moms",
// "las Mamás del Río", "Jobs with Justice". It returns "" when the words
// do not look like a group as surely as sure says.
func (rd *reader) team(i int, sure need) string {
	toks := rd.toks
	for i < len(toks) && toks[i].word && determiners[toks[i].key] && (rd.lower(i) || rd.caps) {
		i++
	}
	start, end := i, i
	group, capitals, words := false, true, 0
	for ; i < len(toks) && toks[i].word && !toks[i].num && words < 8; i++ {
		k := toks[i].key
		if words > 0 && teamJoins[k] {
			if i+1 < len(toks) && toks[i+1].word && !toks[i+1].num && (!rd.lower(i+1) || !capitals || groups[toks[i+1].key]) {
				continue // "Jobs with Justice", "Mamás del Río"
			}
			break
		}
		if rd.stop(i) && !groups[k] && !places[k] && (sureStops[k] || rd.lower(i)) {
			break
		}
		if words > 0 && capitals && rd.lower(i) && !rd.groupAhead(i) {
			break // "Riverside Moms captain", not "Oak St block club"
		}
		group = group || groups[k] || rd.acronym(i)
		capitals = capitals && !rd.lower(i)
		words++
		end = i + 1
	}
	switch {
	case end == start:
		return ""
	case group:
	case sure == anyTeam && capitals:
	case sure == namedTeam && capitals && words >= 2:
	default:
		return ""
	}
	t, _ := clip(rd.write(start, end, false))
	return t
}

// groupAhead reports a group's word from token i on, before a stop.
func (rd *reader) groupAhead(i int) bool {
	for ; i < len(rd.toks) && rd.toks[i].word && !sureStops[rd.toks[i].key]; i++ {
		if groups[rd.toks[i].key] {
			return true
		}
	}
	return false
}
