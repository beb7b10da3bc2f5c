package intent

// Done reports a reply to a reminder saying it is done: "done", "DONE ✅",
// "yes I thanked her", "texted her already", "ok will do", "listo",
// "ya", "ya le escribí", "sí ya".
//
// It is a yes from YesNo that names the deed (did, thanked, sent, ya,
// lo hice) or is "will do" with acknowledgements only, in a reply of at
// most 10 words holding at most 2 words of its own (names, a report's
// words, "stop", someone else as a subject: "she sent me her schedule" is
// news, not done). A question back ("did you get it?") is not a reply. A bare "yes" or "sí" is not done: it answers the question a
// report has open, and after STOP the carrier reads YES as rejoining.
// An opt-out is never done.
func Done(text string) bool {
	r := read(text)
	if !r.reply() || r.optOut(text) {
		return false
	}
	if yes, ok := r.yesNo(); !ok || !yes {
		return false
	}
	return r.willDo() || r.has(tDid|tYa)
}

// Later reports a reply asking to be reminded later: "later", "not yet",
// "remind me tomorrow", "not now", "will do tomorrow", "luego",
// "más tarde", "todavía no", "aún no", "mañana".
//
// It is a reply (as for Done) that is not a yes from YesNo and names a
// time to come, a not-yet (a negation with yet, todavía or aún, or
// "haven't", "no he podido", "forgot"), or a day ("Friday", "el lunes",
// "hoy") with no word of its own beside it ("para el viernes tenemos la
// reunión" is news, and "texted her monday" a yes). A bare "no" is not
// later: it answers the question a report has open. An opt-out is never
// later.
func Later(text string) bool {
	r := read(text)
	if !r.reply() || r.optOut(text) {
		return false
	}
	if yes, ok := r.yesNo(); ok && yes {
		return false
	}
	notYet := r.has(tNo) && r.has(tYet)
	onlyDay := r.has(tDay) && r.unknown+r.own == 0
	return r.has(tLater) || notYet || onlyDay
}
