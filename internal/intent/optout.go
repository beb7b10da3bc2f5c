package intent

import "strings"

// carrierKeywords are the opt-out words the carrier (Twilio, by default)
// acts on when one is the whole text; the caller handles them already.
var carrierKeywords = []string{"STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT", "REVOKE", "OPTOUT"}

// maxOptOutWords bounds a text read as a plain stop ("please stop", "basta
// ya"); a longer one must hold a strong opt-out phrase.
const maxOptOutWords = 10

// strongOptOuts are phrases that ask Debrief to stop wherever they stand
// in a text of up to maxWords words, folded and separated by '|'. Each
// names the sender ("me", "my number", "escribirme") or the texts, so
// that a report about stopping a pipeline or a gas plant holds none.
const strongOptOuts = "stop texting me|stop txting me|stop texting us|stop texting this number|stop messaging me|" +
	"stop sending me|stop sending these|stop sending texts|stop sending messages|stop contacting me|stop spamming me|" +
	"stop bugging me|stop emailing me|stop calling me|stop the texts|stop these texts|stop all texts|stop all the texts|" +
	"stop all messages|stop these messages|stop the messages|stop getting these|stop receiving|" +
	"quit texting me|quit messaging me|" +
	"dont text me|do not text me|dont txt me|dont message me|do not message me|dont contact me|do not contact me|" +
	"never text me|dont send me|do not send me|dont want these texts|dont want these messages|dont want your texts|" +
	"dont want any more|do not want any more|dont want texts|dont want messages|dont want to get these|" +
	"no more texts|no more text|no more txts|no more messages|no more msgs|no more texting|no more text messages|" +
	"take me off|remove me|remove my number|delete my number|delete me from|lose my number|unsubscribe me|" +
	"i want to unsubscribe|want to unsubscribe|how do i unsubscribe|how do i stop|how to unsubscribe|" +
	"opt me out|leave me alone|" +
	"no me escriban|no me escribas|no me escriba|no me manden|no me mandes|no me mande|no me envien|no me envies|" +
	"no escribirme|no mandarme|no enviarme|no contactarme|no me contacten|no me contactes|no me molesten|no me molestes|no me llamen|no me texteen|no me textees|" +
	"dejen de escribirme|deja de escribirme|deje de escribirme|dejen de mandarme|deja de mandarme|" +
	"dejen de enviarme|deja de enviarme|dejen de molestarme|deja de molestarme|dejen de mandar mensajes|" +
	"dejen de enviar mensajes|dejen de llamarme|dejar de recibir|paren de escribirme|paren de mandarme|" +
	"para de escribirme|paren los mensajes|paren de enviar|" +
	"no mas mensajes|no mas textos|no mas msjs|no mas mensajitos|no quiero mas mensajes|no quiero recibir|" +
	"no quiero mensajes|no quiero sus mensajes|no quiero que me escriban|" +
	"sacame de|sacarme de|saquenme de|saqueme de|quitame de|quitenme de|quiteme de|borrame de|borrenme de|" +
	"eliminame de|eliminenme|eliminen mi numero|borren mi numero|dame de baja|darme de baja|denme de baja|" +
	"deme de baja|me quiero dar de baja|cancelar suscripcion|cancelar mi suscripcion|dejenme en paz|dejame en paz|" +
	"basta de mensajes"

// strong holds strongOptOuts by first word.
var strong = func() map[string][][]string {
	m := map[string][][]string{}
	for _, p := range strings.Split(strongOptOuts, "|") {
		ws := strings.Fields(p)
		m[ws[0]] = append(m[ws[0]], ws)
	}
	return m
}()

// OptOut reports a text that asks Debrief to stop texting, in plain words:
// "stop texting me", "please stop", "STOP!!", "unsubscribe me", "take me
// off this list", "basta", "no más mensajes", "ya no me escriban".
//
// The carrier's keywords alone (STOP, UNSUBSCRIBE, CANCEL, END, QUIT,
// STOPALL, REVOKE, OPTOUT, any case, spaces around) are false: the caller
// handles them already. Otherwise a text is an opt-out when
//   - it holds a strong phrase, one that names the sender or the texts
//     ("stop texting me", "take me off", "no more texts", "no me manden",
//     "dejen de escribirme", "no más mensajes"), in at most 40 words, or
//   - it is a word for stopping (stop, quit, unsubscribe, opt out, basta,
//     parar, para, alto) with nothing around it but politeness, "me",
//     "now", "ya" and words for texts, in at most 10 words: "stop please",
//     "pls stop", "STOP!!", "stop texting", "basta ya", "para por favor".
//
// So a report that mentions stopping is not: "she wants to stop the
// pipeline", "quiere parar el gasoducto", "stop by her house friday". Nor
// are "no more" and "no más" alone ("that's all" as often as "stop"),
// "cancel please" (in Debrief, more likely the report), "not interested"
// and "wrong number".
func OptOut(text string) bool {
	return read(text).optOut(text)
}

func (r reading) optOut(text string) bool {
	if r.long || len(r.words) == 0 {
		return false
	}
	t := strings.TrimSpace(text)
	for _, k := range carrierKeywords {
		if strings.EqualFold(t, k) {
			return false
		}
	}
	for i, w := range r.words {
		for _, p := range strong[w] {
			if hasPrefix(r.words[i:], p) {
				return true
			}
		}
	}
	return len(r.words) <= maxOptOutWords && r.has(tStop) && r.every(tStop|tContact|tOptFill)
}
