package twilio

import (
	"bytes"
	"encoding/xml"
)

// ContentType is the media type of a TwiML answer.
const ContentType = "text/xml; charset=utf-8"

const (
	twimlHeader = `<?xml version="1.0" encoding="UTF-8"?>`
	twimlEmpty  = twimlHeader + `<Response/>`
)

// TwiML returns the answer to a webhook that texts each reply back, in
// order, or says nothing (<Response/>) when there are none.
func TwiML(replies []string) []byte {
	if len(replies) == 0 {
		return []byte(twimlEmpty)
	}
	var b bytes.Buffer
	b.WriteString(twimlHeader)
	b.WriteString("<Response>")
	for _, r := range replies {
		b.WriteString("<Message>")
		// EscapeText writes to a bytes.Buffer, which never fails.
		_ = xml.EscapeText(&b, []byte(r))
		b.WriteString("</Message>")
	}
	b.WriteString("</Response>")
	return b.Bytes()
}
