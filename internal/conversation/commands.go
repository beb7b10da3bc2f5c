package conversation

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/debrief-sms/debrief/internal/accent"
)

// command is a word a volunteer may text at any point.
type command int

const (
	cmdNone command = iota
	cmdHelp
	cmdBack
	cmdSkip
	cmdNew
	cmdDiscard
	cmdEdit
	cmdStatus
	cmdSpanish
	cmdEnglish
)

// commands are Debrief's command words, folded (upper case, no accents).
// None of them is an opt-out word: those belong to the carrier.
var commands = map[string]command{
	"HELP": cmdHelp, "INFO": cmdHelp, "AYUDA": cmdHelp,
	"BACK": cmdBack, "ATRAS": cmdBack, "VOLVER": cmdBack,
	"SKIP": cmdSkip, "SALTAR": cmdSkip,
	"NEW": cmdNew, "NUEVO": cmdNew, "NUEVA": cmdNew,
	"DISCARD": cmdDiscard, "BORRAR": cmdDiscard, "DESCARTAR": cmdDiscard,
	"EDIT": cmdEdit, "EDITAR": cmdEdit, "CAMBIAR": cmdEdit,
	"STATUS": cmdStatus, "ESTADO": cmdStatus,
	"ESPANOL": cmdSpanish, "SPANISH": cmdSpanish,
	"ENGLISH": cmdEnglish, "INGLES": cmdEnglish,
}

// optOutWords and optInWords are the carrier's (Twilio's defaults).
var (
	optOutWords = map[string]bool{
		"STOP": true, "STOPALL": true, "UNSUBSCRIBE": true, "CANCEL": true,
		"END": true, "QUIT": true, "REVOKE": true, "OPTOUT": true,
	}
	optInWords = map[string]bool{"START": true, "UNSTOP": true, "YES": true}
	yesWords   = map[string]bool{
		"YES": true, "Y": true, "YEAH": true, "YEP": true, "YUP": true, "YA": true, "SURE": true,
		"SI": true, "S": true, "CLARO": true, "YES I DID": true, "SI YA": true, "YA LO HICE": true,
	}
	noWords = map[string]bool{
		"NO": true, "N": true, "NOPE": true, "NAH": true, "NOT YET": true,
		"TODAVIA NO": true, "AUN NO": true, "NO TODAVIA": true, "NO AUN": true,
	}
)

// maxWord bounds the texts read as a word: a command or a yes is short.
const maxWord = 24

// word returns body folded for comparison with command and answer words:
// upper case, accents dropped, punctuation and spaces around it removed
// and spaces inside it single. It is "" for a text too long to be a word.
func word(body string) string {
	body = strings.TrimFunc(body, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
	if body == "" || len(body) > 2*maxWord {
		return ""
	}
	var buf [2 * maxWord]byte
	n := 0
	space := false
	for _, r := range body {
		c := foldUpper(r)
		if c == ' ' {
			space = true
			continue
		}
		if space && n > 0 {
			buf[n] = ' '
			n++
		}
		space = false
		if n >= maxWord {
			return ""
		}
		buf[n] = c
		n++
	}
	return string(buf[:n])
}

// foldUpper maps r to one upper-case ASCII letter or digit, or to a space.
func foldUpper(r rune) byte {
	switch {
	case r >= 'a' && r <= 'z':
		return byte(r) - 'a' + 'A'
	case r >= 'A' && r <= 'Z', r >= '0' && r <= '9':
		return byte(r)
	case r < utf8.RuneSelf:
		return ' '
	}
	if c, ok := accent.Plain(r); ok {
		return c - 'a' + 'A'
	}
	return ' '
}

// yesNo reads a yes or a no; ok is false for anything else.
func yesNo(w string) (yes, ok bool) {
	switch {
	case yesWords[w]:
		return true, true
	case noWords[w]:
		return false, true
	}
	first, _, _ := strings.Cut(w, " ")
	switch {
	case first == "YES" || first == "SI" || first == "YEAH" || first == "YEP":
		return true, true
	case first == "NO" || first == "NOPE":
		return false, true
	}
	return false, false
}
