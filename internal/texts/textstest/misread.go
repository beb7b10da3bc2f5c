// Package textstest checks how texts read, for the tests of the packages
// that write them (texts, and conversation for a team's own questions).
package textstest

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// accentless are Spanish words that, written without an accent GSM-7
// lacks (á í ó ú), say something else or read as a slip. The Spanish
// texts use other words: "Guardé tu reporte", not "esta guardado".
var accentless = map[string]string{
	"acepto": "aceptó (acepto: I accept)", "paso": "pasó (paso: I pass)", "quedo": "quedó (quedo: I stay)",
	"llego": "llegó (llego: I arrive)", "reunio": "reunió", "guardo": "guardó (guardo: I keep)",
	"termino": "terminó (termino: I finish)", "hablo": "habló (hablo: I speak)", "llamo": "llamó (llamo: I call)",
	"mas": "más (mas: but)", "numero": "número (numero: I number)", "proximo": "próximo (proximo: I near)",
	"proximos": "próximos", "vacio": "vacío (vacio: I empty)", "invalido": "inválido (invalido: I annul)",
	"aun": "aún (aun: even)", "estas": "estás (estas: these)", "cual": "cuál", "cuales": "cuáles",
	"todavia": "todavía", "dia": "día", "dias": "días", "accion": "acción", "reunion": "reunión",
	"gustaria": "gustaría", "atras": "atrás", "movil": "móvil", "verificalo": "verifícalo",
	"telefono": "teléfono", "despues": "después", "tambien": "también", "aqui": "aquí", "asi": "así",
	"podria": "podría", "habia": "había", "pagina": "página", "ultimo": "último", "ultima": "última",
}

// pronouns are words whose accent marks the pronoun: without it they are
// an article or a possessive, which a word must follow.
var pronouns = map[string]string{"el": "él", "tu": "tú", "mi": "mí", "si": "sí (si: if)"}

// questionWords need their accent after ¿; qué and quién have it in GSM-7.
var questionWords = map[string]bool{"como": true, "cuando": true, "donde": true, "quien": true,
	"que": true, "cual": true, "cuanto": true, "cuantos": true, "cuantas": true}

// Misread lists how a Spanish text reads wrong without accents GSM-7 lacks.
func Misread(s string) []string {
	var found []string
	prevWord := ""
	for i := 0; i < len(s); {
		r, w := utf8.DecodeRuneInString(s[i:])
		if !unicode.IsLetter(r) {
			i += w
			continue
		}
		end := i + strings.IndexFunc(s[i:], func(r rune) bool { return !unicode.IsLetter(r) })
		if end < i {
			end = len(s)
		}
		word, lower := s[i:end], strings.ToLower(s[i:end])
		before := strings.TrimRight(s[:i], " ")
		rest := strings.TrimLeft(s[end:], " ")
		next, _ := utf8.DecodeRuneInString(rest)
		wordFollows := rest != "" && (unicode.IsLetter(next) || unicode.IsDigit(next) || next == '#') // "el 3 de dic", "tu 1:1"
		question := strings.HasSuffix(before, "¿") || strings.HasSuffix(before, "¿Y") || strings.HasSuffix(before, "¿y")
		switch {
		case accentless[lower] != "":
			found = append(found, word+": "+accentless[lower])
		case question && questionWords[lower] && !strings.ContainsAny(lower, "éá"):
			found = append(found, word+": an accent after ¿")
		case word == "SI":
			// The word a volunteer replies, as in "Responde SI o NO".
			if !strings.EqualFold(prevWord, "responde") {
				found = append(found, word+": sí, outside a reply keyword")
			}
		case pronouns[lower] != "" && !wordFollows:
			found = append(found, word+": "+pronouns[lower])
		case lower == "esta" && (!wordFollows || strings.HasSuffix(nextWord(rest), "ado") ||
			strings.HasSuffix(nextWord(rest), "ido") || nextWord(rest) == "bien" || nextWord(rest) == "en"):
			found = append(found, word+": está")
		}
		prevWord = word
		i = end
	}
	return found
}

func nextWord(s string) string {
	end := strings.IndexFunc(s, func(r rune) bool { return !unicode.IsLetter(r) })
	if end < 0 {
		end = len(s)
	}
	return strings.ToLower(s[:end])
}
