package intent

import (
	"sort"
	"strings"
)

// tag is a set of kinds of meaning a phrase carries.
type tag uint16

const (
	tYes     tag = 1 << iota // an affirmative: yes, yeah, sí, claro, of course
	tNo                      // a negative or a negation: no, not, haven't, nunca
	tDid                     // a deed done: did, thanked, texted, already, listo, lo hice
	tYa                      // Spanish "ya" (already): a deed done unless a time to come is named
	tLater                   // a time to come or a wish to wait: later, tomorrow, will, mañana, luego
	tYet                     // "yet", "still", "todavía", "aún": with a negation, a not-yet
	tDay                     // a day that may be ahead or behind: today, Monday, el lunes
	tFill                    // a word that changes nothing: her, it, for, le, lo, de
	tAck                     // an acknowledgement: ok, got it, thanks, gracias, vale
	tAsk                     // a question back: did you, what, who, quién
	tWillDo                  // "will do": alone (with acks), the users meant done
	tStop                    // a word for stopping or leaving: stop, quit, unsubscribe, basta, parar
	tContact                 // texts and the sending of them: texting, messages, escribirme
	tOptFill                 // a word an opt-out may hold around its stop: please, now, me, ya
	tThird                   // someone else as the subject: she, he, they, we, ella
)

// lexiconEntries lists the phrases, folded (lower case, no accents, no
// apostrophes), by the tags they carry; a phrase listed under several
// tags carries them all. Where phrases start alike the longest is read
// first, so "not now" is not read as "not" and "now".
var lexiconEntries = []struct {
	tags    tag
	phrases string // separated by '|'
}{
	{tYes, "yes|yess|yes sir|yessir|yea|yeah|yeh|yah|yep|yup|yuh|yas|ye|sure|sure thing|for sure|affirmative|correct|" +
		"indeed|absolutely|definitely|certainly|of course|ofc|obviously|totally|you bet|bet|" +
		"si|sip|simon|aja|asi es|correcto|efectivamente|por supuesto|claro|obvio|desde luego|seguro|por supuesto que si"},
	{tNo, "no|nope|nop|nopes|nah|naw|na|nay|negative|not|never|nunca|nel|nada|tampoco|dont|didnt|cant|wont|isnt|wasnt|aint|" +
		"no pude|no puedo|of course not|definitely not|absolutely not|claro que no|por supuesto que no|ya no|nope not yet"},
	{tNo | tYet, "havent|hasnt|still havent|not yet|no he|no le he|no lo he|no les he|no he podido|no he tenido tiempo|" +
		"forgot|i forgot|olvide|me olvide|se me olvido|se me paso|not quite|" +
		"nada todavia|todavia no|aun no|no todavia|no aun"},
	{tNo | tYet | tLater, "almost|almost done|casi|ya casi|ya mero|ya merito|not done yet"},
	{tNo | tLater, "not now|not right now|not today|not tonight|cant right now|cant now|cant today|" +
		"ahora no|ahorita no|hoy no|no ahora|no hoy|no puedo ahora|no puedo hoy"},
	{tYet, "yet|still|todavia|aun|aunque"},
	{tDid, "did|did it|done|i did|yes i did|finished|completed|complete|handled|taken care of|took care of it|all set|" +
		"got it done|im done|ive done|i have|i already|thanked|thankd|thnked|thxd|texted|txted|txtd|textd|messaged|msgd|msged|dmd|called|" +
		"emailed|wrote|sent|reached out|gave her a call|gave him a call|gave them a call|left her a|left him a|left them a|left a|talked to|spoke|spoke to|already|" +
		"listo|lista|listos|hecho|echo|hice|lo hice|escribi|mande|envie|agradeci|di las gracias|le di las gracias|" +
		"dije|le dije|llame|hable|marque|ya quedo|escrito|hablado|llamado|mandado|enviado|agradecido|contactado|" +
		"he escrito|he hablado|he llamado|he mandado|he enviado|he agradecido|he dado las gracias|" +
		"ya he|le he|lo he|la he|les he|ya le he|ya lo he|ya la he|ya esta|terminado|terminada|termine|completado|completo"},
	{tYa, "ya"},
	{tLater, "later|ltr|l8r|latr|laterz|tomorrow|tmrw|tmr|tmw|tomoro|tomorow|2morrow|2moro|tonight|tonite|2nite|tnite|" +
		"soon|will|ill|i will|i have to|gonna|going to|gotta|have to|need to|plan to|planning to|about to|on it|" +
		"remind|remind me|snooze|busy|weekend|this weekend|next week|in a bit|in a while|in a few|after work|" +
		"this afternoon|this evening|in an hour|in a few hours|in a day|in a few days|in a couple days|in a couple of days|" +
		"in a week|in two days|in 2 days|in 3 days|next month|" +
		"manana|luego|despues|mas tarde|tarde|esta tarde|al rato|en un rato|ahorita|orita|esta noche|pronto|" +
		"ya voy|voy a|lo hare|hare|recuerdame|recuerdamelo|la proxima semana|la semana que viene|" +
		"fin de semana|el fin de semana"},
	{tWillDo | tLater, "will do|wil do|willdo|wilco"},
	{tDay, "today|hoy|monday|tuesday|tues|wednesday|weds|thursday|thurs|friday|saturday|sunday|this week|" +
		"lunes|martes|miercoles|jueves|viernes|sabado|domingo|esta semana"},
	{tFill, "i|im|ive|me|my|her|him|them|was|is|said|really|reminder|it|that|this|to|for|the|a|an|at|in|on|and|but|with|too|also|just|so|well|" +
		"meeting|for meeting|do|get|again|about|u|you|your|ur|back|before|earlier|yesterday|last night|ago|" +
		"this morning|i have been|ive been|last week|last weekend|last month|last time|" +
		"day|days|week|weeks|hour|hours|min|mins|minutes|day ago|days ago|week ago|weeks ago|hour ago|hours ago|" +
		"min ago|mins ago|minutes ago|a while ago|a bit ago|hi|hey|lol|haha|hahaha|omg|oops|sorry|" +
		"le|la|lo|les|se|que|de|el|los|las|con|por|para|su|y|e|pero|tambien|ahora|ayer|anoche|antes|esta manana|" +
		"en la manana|por la manana|la manana|le he|lo he|la he|les he|hace|hace rato|hace un rato|hace ratito|dia|dias|semana|semanas|horas|hola|jaja|jajaja|perdon|disculpa|a ella|a el|con ella|para ella|de ella|a ellos|con ellos|mensaje|un|una|mi|muy"},
	{tAck, "ok|okay|okey|oki|okie|k|kk|alright|aight|got it|gotcha|sounds good|cool|thanks|thank you|thx|ty|tysm|" +
		"perfect|great|np|no problem|no worries|no prob|maam|sir|man|dude|boss|see ya|thank ya|thanks ya|love ya|" +
		"gracias|va|vale|sale|de acuerdo|ya se|ya lo se|ya veo|perfecto|entendido|no hay problema|no problema|de nada|hasta luego"},
	{tAsk, "did you|did u|did she|did he|did they|do you|do u|have you|are you|is this|who|whos|what|why|how|where|which|huh|" +
		"quien|quienes|cual|donde|por que|que es"},
	{tStop, "stop|stahp|quit|unsubscribe|unsub|unsuscribe|unsubcribe|unsubscibe|unsubsribe|unsubscribe me|optout|opt out|opt me out|" +
		"basta|ya basta|parar|para|paren|pare|alto|detener|detente|detenganse|" +
		"desuscribir|desuscribirme|desuscribanme|dar de baja|darme de baja|dame de baja|denme de baja"},
	{tContact, "text|texts|texting|txt|txts|txting|txtin|textin|message|messages|messaging|msg|msgs|msging|sms|" +
		"sending|contacting|calling|emailing|spam|spamming|bugging|" +
		"voicemail|whatsapp|whatsap|whats|wasap|wsp|mensajes|mensaje|textos|texto|msjs|msj|mensajitos|escribirme|mandarme|enviarme|llamarme|molestarme|" +
		"escribiendo|mandando|enviando"},
	{tThird, "she|he|they|we|shes|hes|theyre|ella|ellas|ellos|nosotros"},
	{tOptFill, "please|pls|plz|plez|plis|pleas|now|right now|already|ok|okay|just|it|that|this|all|the|these|those|" +
		"your|any|more|anymore|me|us|i|i said|i want to|want to|wanna|i would like to|id like to|seriously|omg|" +
		"thanks|thank you|thx|quiero|" +
		"por favor|porfa|porfavor|xfa|favor|ya|ahora|nos|de|los|las|el|la|mas|gracias|en serio|todo|todos|" +
		"estos|esos|sus|este|ese"},
}

// entry is one phrase of the lexicon.
type entry struct {
	words []string
	tags  tag
}

// lexicon holds the entries by their first word, longest first; vocab
// holds every word of every entry.
var lexicon, vocab = buildLexicon()

func buildLexicon() (map[string][]entry, map[string]bool) {
	tags := map[string]tag{}
	for _, e := range lexiconEntries {
		for _, p := range strings.Split(e.phrases, "|") {
			tags[p] |= e.tags
		}
	}
	byFirst := map[string][]entry{}
	vocab := map[string]bool{}
	for p, t := range tags {
		ws := strings.Fields(p)
		byFirst[ws[0]] = append(byFirst[ws[0]], entry{words: ws, tags: t})
		for _, w := range ws {
			vocab[w] = true
		}
	}
	for _, es := range byFirst {
		sort.Slice(es, func(i, j int) bool {
			if len(es[i].words) != len(es[j].words) {
				return len(es[i].words) > len(es[j].words)
			}
			return strings.Join(es[i].words, " ") < strings.Join(es[j].words, " ")
		})
	}
	for _, w := range strings.Fields(strings.ReplaceAll(strongOptOuts, "|", " ")) {
		vocab[w] = true
	}
	return byFirst, vocab
}

// hasPrefix reports whether ws starts with p.
func hasPrefix(ws, p []string) bool {
	if len(ws) < len(p) {
		return false
	}
	for i := range p {
		if ws[i] != p[i] {
			return false
		}
	}
	return true
}
