package twilio_test

import (
	"errors"
	"net/url"
	"reflect"
	"testing"
	"time"

	"github.com/debrief-sms/debrief"
	"github.com/debrief-sms/debrief/internal/twilio"
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
				"MessageSid": {"SM123"}, "SmsSid": {"SM123"}, "AccountSid": {"AC1"},
				"MessagingServiceSid": {"MG1"}, "From": {"+16175551234"}, "To": {"+18005551212"},
				"Body": {"Maria Lopez 617 253 1000"}, "NumMedia": {"0"}, "NumSegments": {"1"},
				"FromCity": {"BOSTON"}, "FromState": {"MA"}, "FromZip": {"02108"}, "FromCountry": {"US"},
				"ApiVersion": {"2010-04-01"}, "SomeFieldTwilioAddsLater": {"x"},
			},
			want: debrief.Inbound{
				SID: "SM123", From: "+16175551234", To: "+18005551212", Body: "Maria Lopez 617 253 1000",
				FromState: "MA", FromZip: "02108", ReceivedAt: at,
			},
		},
		{
			name: "photos",
			form: url.Values{
				"MessageSid": {"MM9"}, "From": {"+16175551234"}, "NumMedia": {"2"},
				"MediaUrl0": {"https://api.twilio.com/m/0"}, "MediaUrl1": {"https://api.twilio.com/m/1"},
				"MediaContentType0": {"image/jpeg"},
			},
			want: debrief.Inbound{
				SID: "MM9", From: "+16175551234", NumMedia: 2, ReceivedAt: at,
				MediaURLs: []string{"https://api.twilio.com/m/0", "https://api.twilio.com/m/1"},
			},
		},
		{
			name: "SmsSid only",
			form: url.Values{"SmsSid": {"SM7"}, "From": {"+16175551234"}, "Body": {"hi"}},
			want: debrief.Inbound{SID: "SM7", From: "+16175551234", Body: "hi", ReceivedAt: at},
		},
		{name: "no sid", form: url.Values{"From": {"+16175551234"}}, wantErr: twilio.ErrMissingField},
		{name: "no from", form: url.Values{"MessageSid": {"SM1"}}, wantErr: twilio.ErrMissingField},
		{name: "bad NumMedia", form: url.Values{"MessageSid": {"SM1"}, "From": {"+1"}, "NumMedia": {"two"}}, wantErr: twilio.ErrBadField},
		{name: "negative NumMedia", form: url.Values{"MessageSid": {"SM1"}, "From": {"+1"}, "NumMedia": {"-1"}}, wantErr: twilio.ErrBadField},
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
	f.Add("MessageSid=SM1&From=%2B16175551234&Body=hi&NumMedia=0")
	f.Add("MessageSid=MM1&From=%2B16175551234&NumMedia=3&MediaUrl0=a&MediaUrl2=c")
	f.Add("MessageSid=SM1&From=x&NumMedia=99999999999999999999")
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
		if in.Body != form.Get("Body") {
			t.Errorf("body of %q changed: %q", raw, in.Body)
		}
	})
}
