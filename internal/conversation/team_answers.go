package conversation

import (
	"strconv"
	"strings"

	"github.com/debrief-sms/debrief/internal/dates"
	"github.com/debrief-sms/debrief/internal/intent"
	"github.com/debrief-sms/debrief/internal/texts"
)

// answerOwn reads the answer to question i, a team's own, by its kind and
// stores it in the draft's Extra; answered false when it was asked again
// (the answer does not fit the kind), with why.
func (r *run) answerOwn(i int, stored, w string) (answered bool) {
	q := &r.qs[i]
	var value string
	switch q.Kind {
	case KindYesNo:
		yes, ok := yesNo(w)
		if !ok {
			yes, ok = intent.YesNo(stored)
		}
		if !ok {
			r.say("yesno_retry", nil)
			r.ask(i)
			return false
		}
		value = "no"
		if yes {
			value = "yes"
		}
	case KindChoice:
		value, _ = choose(q, stored)
		if value == "" {
			r.say("pick_retry", &texts.Vars{texts.Total: strconv.Itoa(len(q.Choices))})
			r.ask(i)
			return false
		}
	case KindNumber:
		n, ok := readNumber(stored)
		if !ok {
			r.say("number_retry", nil)
			r.ask(i)
			return false
		}
		value = n
	case KindDate:
		rd, ok := dates.Read(stored, r.env.Now, r.env.Location, r.lang())
		if !ok {
			r.say("day_retry", nil)
			r.ask(i)
			return false
		}
		value = rd.At.In(r.env.Location).Format("2006-01-02")
	default:
		value = stored
	}
	setText(r.draft(), q.Key, value)
	return true
}

// numberWords are the small numbers people spell out, in English and
// Spanish, folded.
var numberWords = map[string]string{
	"ZERO": "0", "NONE": "0", "ONE": "1", "TWO": "2", "THREE": "3", "FOUR": "4", "FIVE": "5", "SIX": "6",
	"SEVEN": "7", "EIGHT": "8", "NINE": "9", "TEN": "10", "TWELVE": "12", "TWENTY": "20",
	"CERO": "0", "NINGUNO": "0", "UNO": "1", "UNA": "1", "DOS": "2", "TRES": "3", "CUATRO": "4",
	"CINCO": "5", "SEIS": "6", "SIETE": "7", "OCHO": "8", "NUEVE": "9", "DIEZ": "10", "DOCE": "12", "VEINTE": "20",
}

// readNumber finds the first number in s: digits ("3", "2.5", "1,000",
// "about 4 hours") or a small number in words ("five", "cinco"). A
// decimal comma ("2,5") is read as a point; a thousands comma is dropped.
func readNumber(s string) (string, bool) {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			continue
		}
		j := i
		for j < len(s) && (s[j] >= '0' && s[j] <= '9' || (s[j] == '.' || s[j] == ',') && j+1 < len(s) && s[j+1] >= '0' && s[j+1] <= '9') {
			j++
		}
		n := s[i:j]
		if k := strings.LastIndexByte(n, ','); k >= 0 && len(n)-k-1 == 3 && !strings.Contains(n, ".") {
			n = strings.ReplaceAll(n, ",", "") // 1,000
		} else {
			n = strings.ReplaceAll(n, ",", ".") // 2,5
		}
		if strings.Count(n, ".") > 1 {
			return "", false
		}
		if i > 0 && s[i-1] == '-' {
			n = "-" + n
		}
		return n, true
	}
	for _, f := range strings.Fields(foldWords(s)) {
		if n, ok := numberWords[f]; ok {
			return n, true
		}
	}
	return "", false
}
