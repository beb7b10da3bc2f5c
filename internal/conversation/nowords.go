package conversation

import (
	"strings"
	"unicode"
)

// noWordsReply names the reply to a text without words: "?", "??" or
// "..." is a volunteer unsure what to answer, who is pointed to HELP
// before the question comes again; anything else (emoji, ":)") is told
// that only words are read.
func noWordsReply(text string) string {
	puzzled := strings.IndexFunc(text, func(r rune) bool {
		return !unicode.IsSpace(r) && !strings.ContainsRune("?¿.…", r)
	}) < 0
	if puzzled {
		return "puzzled"
	}
	return "no_words"
}
