package intent

// YesNo reads a yes or a no in the usual ways people say them; ok false
// when it is neither.
//
// The rules, on the tags of the text's phrases:
//   - a negation (no, not, haven't, todavía no, no he podido) is a no, and
//     makes any deed named with it undone ("I did not", "not done");
//   - a time to come (later, will, tonight, mañana, voy a) is a no, unless a
//     deed is also named ("texted her, will call tomorrow" is a yes);
//     "ya" (already) is a deed only when no time to come is named;
//   - an affirmative (yes, sure, sí, claro, por supuesto) or a deed (did,
//     thanked, texted her already, listo, ya le escribí) is a yes;
//   - "will do" with nothing but acknowledgements is a yes, as Done reads it;
//   - after someone else as a subject ("she", "they", "ella"), deeds and
//     negations up to the end of the clause (a mark such as a comma, or
//     and, but, y, pero) are theirs, not the volunteer's: "yes but she
//     didn't answer" is a yes, "she texted me already" is not ok;
//   - a text of one letter is "y" or "s" for yes, "n" for no;
//   - acknowledgements alone ("ok", "k", "👍", "gracias") are neither;
//   - a text that reads as both ("yes and no", "sí, mañana le escribo"),
//     or neither, or that asks a question back, or is longer than 12
//     words or holds more than 4 words the lexicon does not know, is not
//     ok.
func YesNo(text string) (yes, ok bool) {
	return read(text).yesNo()
}

func (r reading) yesNo() (yes, ok bool) {
	if r.long || len(r.words) == 0 || len(r.words) > maxYesNoWords || r.unknown > maxYesNoUnknown || r.has(tAsk) {
		return false, false
	}
	if r.willDo() {
		return true, true
	}
	negated := r.has(tNo)
	later := r.has(tLater)
	did := (r.has(tDid) || r.has(tYa) && !later) && !negated
	y := r.has(tYes) || did
	n := negated || later && !did
	if y == n {
		return false, false
	}
	return y, true
}
