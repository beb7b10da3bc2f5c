package twilio_test

import (
	"errors"
	"net/url"
	"reflect"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/debrief-sms/debrief"
	"github.com/debrief-sms/debrief/internal/twilio"
)

// Message SIDs shaped like Twilio's.
const (
	sidA  = "SM0123456789abcdef0123456789abcdef"
	sidMM = "MM0123456789ABCDEF0123456789ABCDEF"
)

func TestParseInbound(t *testing.T) {
	t.Parallel()
	at := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	tests := []struct {
		name    string
		form    url.Values
		want    debrief.Inbound
		wantErr error
	}{
		{
			name: "text with every field Twilio sends",
			form: url.Values{
				"MessageSid": {sidA}, "SmsSid": {sidA}, "AccountSid": {"AC1"},
				"MessagingServiceSid": {"MG1"}, "From": {"+16175551234"}, "To": {"+18005551212"},
				"Body": {"Maria Lopez 617 253 1000"}, "NumMedia": {"0"}, "NumSegments": {"1"},
				"FromCity": {"BOSTON"}, "FromState": {"MA"}, "FromZip": {"02108"}, "FromCountry": {"US"},
				"ApiVersion": {"2010-04-01"}, "SomeFieldTwilioAddsLater": {"x"},
			},
			want: debrief.Inbound{
				SID: sidA, From: "+16175551234", To: "+18005551212", Body: "Maria Lopez 617 253 1000",
				FromState: "MA", FromZip: "02108", ReceivedAt: at,
			},
		},
		{
			name: "photos",
			form: url.Values{
				"MessageSid": {sidMM}, "From": {"+16175551234"}, "NumMedia": {"2"},
				"MediaUrl0": {"https://api.twilio.com/m/0"}, "MediaUrl1": {"https://api.twilio.com/m/1"},
				"MediaContentType0": {"image/jpeg"},
			},
			want: debrief.Inbound{
				SID: sidMM, From: "+16175551234", NumMedia: 2, ReceivedAt: at,
				MediaURLs: []string{"https://api.twilio.com/m/0", "https://api.twilio.com/m/1"},
			},
		},
		{
			name: "SmsSid only",
			form: url.Values{"SmsSid": {sidA}, "From": {"+16175551234"}, "Body": {"hi"}},
			want: debrief.Inbound{SID: sidA, From: "+16175551234", Body: "hi", ReceivedAt: at},
		},
		{
			name: "10-digit From becomes E.164",
			form: url.Values{"MessageSid": {sidA}, "From": {"6175550199"}, "Body": {"hi"}},
			want: debrief.Inbound{SID: sidA, From: "+16175550199", Body: "hi", ReceivedAt: at},
		},
		{
			name: "From with punctuation becomes E.164",
			form: url.Values{"MessageSid": {sidA}, "From": {"+1 (617) 555-0199"}},
			want: debrief.Inbound{SID: sidA, From: "+16175550199", ReceivedAt: at},
		},
		{
			name: "From with a leading 1 becomes E.164",
			form: url.Values{"MessageSid": {sidA}, "From": {"1-617-555-0199"}},
			want: debrief.Inbound{SID: sidA, From: "+16175550199", ReceivedAt: at},
		},
		{
			name: "another country in E.164",
			form: url.Values{"MessageSid": {sidA}, "From": {"+525512345678"}},
			want: debrief.Inbound{SID: sidA, From: "+525512345678", ReceivedAt: at},
		},
		{
			name: "NUL and invalid UTF-8 dropped from the text, text kept",
			form: url.Values{"MessageSid": {sidA}, "From": {"+16175551234"}, "Body": {"Ma\x00ria \xff\xfeLópez"},
				"NumMedia": {"1"}, "MediaUrl0": {"https://x/\x00m"}, "FromState": {"M\xffA"}},
			want: debrief.Inbound{SID: sidA, From: "+16175551234", Body: "Maria López", NumMedia: 1,
				MediaURLs: []string{"https://x/m"}, FromState: "MA", ReceivedAt: at},
		},
		{name: "no sid", form: url.Values{"From": {"+16175551234"}}, wantErr: twilio.ErrMissingField},
		{name: "sid not Twilio's", form: url.Values{"MessageSid": {"SM1"}, "From": {"+16175551234"}}, wantErr: twilio.ErrBadField},
		{name: "sid not hex", form: url.Values{"MessageSid": {"SM0123456789abcdef0123456789abcdeg"}, "From": {"+16175551234"}}, wantErr: twilio.ErrBadField},
		{name: "sid of a call", form: url.Values{"MessageSid": {"CA0123456789abcdef0123456789abcdef"}, "From": {"+16175551234"}}, wantErr: twilio.ErrBadField},
		{name: "sid with NUL", form: url.Values{"MessageSid": {sidA[:33] + "\x00"}, "From": {"+16175551234"}}, wantErr: twilio.ErrBadField},
		{name: "blank from", form: url.Values{"MessageSid": {sidA}, "From": {"  "}}, wantErr: twilio.ErrMissingField},
		{name: "from a name", form: url.Values{"MessageSid": {sidA}, "From": {"ACME"}}, wantErr: twilio.ErrBadField},
		{name: "from +1", form: url.Values{"MessageSid": {sidA}, "From": {"+1"}}, wantErr: twilio.ErrBadField},
		{name: "from area code 555", form: url.Values{"MessageSid": {sidA}, "From": {"5551234567"}}, wantErr: twilio.ErrBadField},
		{name: "from a vanity number", form: url.Values{"MessageSid": {sidA}, "From": {"1-800-FLOWERS"}}, wantErr: twilio.ErrBadField},
		{name: "from with an extension", form: url.Values{"MessageSid": {sidA}, "From": {"+16175550199 ext 2"}}, wantErr: twilio.ErrBadField},
		{name: "from full-width digits", form: url.Values{"MessageSid": {sidA}, "From": {"＋16175550199"}}, wantErr: twilio.ErrBadField},
		{name: "from WhatsApp", form: url.Values{"MessageSid": {sidA}, "From": {"whatsapp:+16175550199"}}, wantErr: twilio.ErrNotSMS},
		{name: "from Messenger", form: url.Values{"MessageSid": {sidA}, "From": {"messenger:1234567890"}}, wantErr: twilio.ErrNotSMS},
		{name: "from with NUL", form: url.Values{"MessageSid": {sidA}, "From": {"+16175551234\x00"}}, wantErr: twilio.ErrBadField},
		{name: "from invalid UTF-8", form: url.Values{"MessageSid": {sidA}, "From": {"+1617555\xff1234"}}, wantErr: twilio.ErrBadField},
		{name: "to with NUL", form: url.Values{"MessageSid": {sidA}, "From": {"+16175551234"}, "To": {"+1800\x005551212"}}, wantErr: twilio.ErrBadField},
		{name: "no from", form: url.Values{"MessageSid": {sidA}}, wantErr: twilio.ErrMissingField},
		{name: "bad NumMedia", form: url.Values{"MessageSid": {sidA}, "From": {"+16175551234"}, "NumMedia": {"two"}}, wantErr: twilio.ErrBadField},
		{name: "NumMedia beyond any text", form: url.Values{"MessageSid": {sidA}, "From": {"+16175551234"}, "NumMedia": {"99999999999"}}, wantErr: twilio.ErrBadField},
		{name: "negative NumMedia", form: url.Values{"MessageSid": {sidA}, "From": {"+16175551234"}, "NumMedia": {"-1"}}, wantErr: twilio.ErrBadField},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got, err := twilio.ParseInbound(tc.form, at)
			if !errors.Is(err, tc.wantErr) || (tc.wantErr == nil && err != nil) {
				t.Fatalf("ParseInbound error = %v, want %v", err, tc.wantErr)
			}
			if tc.wantErr == nil && !reflect.DeepEqual(got, tc.want) {
				t.Errorf("ParseInbound =\n%+v\nwant\n%+v", got, tc.want)
			}
		})
	}
}

func FuzzParseInbound(f *testing.F) {
	f.Add("MessageSid=SM0123456789abcdef0123456789abcdef&From=%2B16175551234&Body=hi&NumMedia=0")
	f.Add("MessageSid=MM0123456789abcdef0123456789abcdef&From=%2B16175551234&NumMedia=3&MediaUrl0=a&MediaUrl2=c")
	f.Add("MessageSid=SM0123456789abcdef0123456789abcdef&From=x&NumMedia=99999999999999999999")
	f.Add("MessageSid=SM0123456789abcdef0123456789abcdef&From=617-555-0199&Body=a%00b%FF")
	f.Add("MessageSid=SM0123456789abcdef0123456789abcdef&From=whatsapp%3A%2B16175550199")
	f.Add("Body=%ZZ&&=;")
	f.Fuzz(func(t *testing.T, raw string) {
		form, err := url.ParseQuery(raw)
		if err != nil {
			return
		}
		in, err := twilio.ParseInbound(form, time.Time{})
		if err != nil {
			return
		}
		if in.SID == "" || in.From == "" {
			t.Errorf("accepted %q without SID or From: %+v", raw, in)
		}
		if in.NumMedia < 0 || len(in.MediaURLs) > in.NumMedia || len(in.MediaURLs) > 10 {
			t.Errorf("media of %q: NumMedia %d, %d URLs", raw, in.NumMedia, len(in.MediaURLs))
		}
		if !strings.HasPrefix(in.From, "+") || !plain(in.From) || !plain(in.SID) || !plain(in.To) {
			t.Errorf("accepted %q with From %q, SID %q, To %q", raw, in.From, in.SID, in.To)
		}
		if !plain(in.Body) || (plain(form.Get("Body")) && in.Body != form.Get("Body")) {
			t.Errorf("body of %q read as %q", raw, in.Body)
		}
		for _, u := range in.MediaURLs {
			if !plain(u) {
				t.Errorf("media URL of %q read as %q", raw, u)
			}
		}
	})
}

// plain reports whether s is valid UTF-8 without NUL.
func plain(s string) bool { return utf8.ValidString(s) && !strings.ContainsRune(s, 0) }
