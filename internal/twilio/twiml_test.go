package twilio_test

import (
	"encoding/xml"
	"reflect"
	"testing"

	"github.com/debrief-sms/debrief/internal/twilio"
)

func TestTwiML(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		replies []string
		want    string
	}{
		{name: "none", want: `<?xml version="1.0" encoding="UTF-8"?><Response/>`},
		{name: "one", replies: []string{"Hi! What's your name?"},
			want: `<?xml version="1.0" encoding="UTF-8"?><Response><Message>Hi! What&#39;s your name?</Message></Response>`},
		{name: "escaped", replies: []string{"a < b & c > \"d\"", "two"},
			want: `<?xml version="1.0" encoding="UTF-8"?><Response><Message>a &lt; b &amp; c &gt; &#34;d&#34;</Message><Message>two</Message></Response>`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			if got := string(twilio.TwiML(tc.replies)); got != tc.want {
				t.Errorf("TwiML =\n%s\nwant\n%s", got, tc.want)
			}
		})
	}
}

func TestTwiMLRoundTrip(t *testing.T) {
	t.Parallel()
	replies := []string{"Línea 1\nline 2 — ok 👍", "<Message>not a tag</Message>", "]]>&amp;"}
	var doc struct {
		Messages []string `xml:"Message"`
	}
	if err := xml.Unmarshal(twilio.TwiML(replies), &doc); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(doc.Messages, replies) {
		t.Errorf("round trip = %q, want %q", doc.Messages, replies)
	}
}
