package conversation

import (
	"strconv"
	"strings"

	"github.com/debrief-sms/debrief/internal/names"
	"github.com/debrief-sms/debrief/internal/texts"
)

// Texts after a saved report (StepDone). Volunteers rarely text NEW: days
// later they text "Hi", "another one" or straight away the next person's
// name. Those start the next report; a thank-you or an OK is answered
// with where things stand.
var (
	anotherWords = map[string]bool{
		"ANOTHER": true, "ANOTHER ONE": true, "NEW ONE": true, "ONE MORE": true, "NEXT": true, "NEXT ONE": true,
		"I HAVE ANOTHER": true, "I HAVE ANOTHER ONE": true, "ANOTHER REPORT": true, "NEW REPORT": true,
		"OTRO": true, "OTRA": true, "OTRO MAS": true, "OTRA MAS": true, "UNO MAS": true, "UNA MAS": true,
		"TENGO OTRO": true, "TENGO OTRA": true, "OTRO REPORTE": true, "NUEVO REPORTE": true,
	}
	ackWords = map[string]bool{
		"THANKS": true, "THANK YOU": true, "THX": true, "TY": true, "OK": true, "OKAY": true, "K": true,
		"GREAT": true, "COOL": true, "PERFECT": true, "AWESOME": true, "GOT IT": true, "SOUNDS GOOD": true,
		"GRACIAS": true, "MUCHAS GRACIAS": true, "PERFECTO": true, "VALE": true, "BIEN": true, "GENIAL": true,
		"OK GRACIAS": true, "OK THANKS": true, "THANKS SO MUCH": true, "DE NADA": true,
	}
	// notNames are short words people text that are no one's name.
	notNames = map[string]bool{
		"WHAT": true, "WHY": true, "HOW": true, "WHO": true, "WHEN": true, "HUH": true, "HMM": true,
		"QUE": true, "COMO": true, "QUIEN": true, "CUANDO": true, "NADA": true, "NOTHING": true,
		"TEST": true, "TESTING": true, "PRUEBA": true, "LOL": true, "WOW": true, "NICE": true, "SORRY": true,
		"PERDON": true, "OOPS": true, "WAIT": true, "ESPERA": true, "HELP ME": true,
	}
)

// afterSaved reads a text sent once the latest report is saved.
func (r *run) afterSaved(text, w string) {
	switch {
	case greetings[w] || anotherWords[w]:
		r.say("new_report_next", &texts.Vars{texts.Seq: strconv.Itoa(r.st.LastSeq + 1)})
		r.startReport()
	case r.looksLikeNextPerson(text, w):
		r.say("new_report_next", &texts.Vars{texts.Seq: strconv.Itoa(r.st.LastSeq + 1)})
		r.openReport()
		r.answerQuestion(0, text, w)
	default:
		r.prompt()
	}
}

// looksLikeNextPerson reports whether a text after a saved report is the
// name of the next person met: a short name, or one said as a meeting
// ("I met with Jen").
func (r *run) looksLikeNextPerson(text, w string) bool {
	if ackWords[w] || notNames[w] || doneWords[w] || laterWords[w] || strings.ContainsRune(text, '?') {
		return false
	}
	if _, ok := yesNo(w); ok {
		return false
	}
	if len(r.qs) == 0 || r.qs[0].Kind != KindPerson {
		return false
	}
	m := names.Met(text)
	return m.Name != "" && !m.Unsure && len(strings.Fields(m.Name)) <= 4
}
