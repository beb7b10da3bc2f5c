package conversation

import (
	"github.com/debrief-sms/debrief"
	"github.com/debrief-sms/debrief/internal/intent"
	"github.com/debrief-sms/debrief/internal/texts"
)

// PauseText is the one text a phone gets when it goes over the inbound
// limit (an auto-responder, a stuck phone): after it, Debrief stays silent
// until the phone calms down.
func PauseText(lang debrief.Language) string {
	return texts.For(lang).Get("paused", nil)
}

// Honored reports whether a text must be stepped even from a phone over
// the inbound limit: an opt-out (a carrier word or plain words) or an
// opt-in, which Debrief honors at once whatever else the phone sends.
func Honored(body string) bool {
	w := word(body)
	return optOutWords[w] || optInWords[w] || intent.OptOut(body)
}
