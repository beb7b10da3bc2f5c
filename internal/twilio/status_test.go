package twilio_test

import (
	"errors"
	"net/url"
	"testing"

	"github.com/debrief-sms/debrief/internal/twilio"
)

func TestParseStatus(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name      string
		form      url.Values
		want      twilio.StatusUpdate
		wantErr   error
		final     bool
		failedIs  error // class of Err(), nil for none
		hasFailed bool
	}{
		{
			name: "delivered, every field Twilio sends",
			form: url.Values{
				"MessageSid": {"SM0123"}, "SmsSid": {"SM0123"}, "MessageStatus": {"delivered"}, "SmsStatus": {"delivered"},
				"To": {"+16175551234"}, "From": {"+16175550100"}, "AccountSid": {"AC1"}, "ApiVersion": {"2010-04-01"},
				"RawDlrDoneDate": {"2603011200"},
			},
			want:  twilio.StatusUpdate{SID: "SM0123", Status: "delivered", To: "+16175551234", From: "+16175550100", AccountSID: "AC1"},
			final: true,
		},
		{
			name: "sent, old field names",
			form: url.Values{"SmsSid": {"SM9"}, "SmsStatus": {"sent"}},
			want: twilio.StatusUpdate{SID: "SM9", Status: "sent"},
		},
		{
			name:      "undelivered: unreachable handset",
			form:      url.Values{"MessageSid": {"SM1"}, "MessageStatus": {"undelivered"}, "ErrorCode": {"30003"}},
			want:      twilio.StatusUpdate{SID: "SM1", Status: "undelivered", ErrorCode: 30003},
			final:     true,
			hasFailed: true,
		},
		{
			name:      "failed: opted out",
			form:      url.Values{"MessageSid": {"SM1"}, "MessageStatus": {"failed"}, "ErrorCode": {"21610"}},
			want:      twilio.StatusUpdate{SID: "SM1", Status: "failed", ErrorCode: 21610},
			final:     true,
			failedIs:  twilio.ErrOptedOut,
			hasFailed: true,
		},
		{
			name:      "failed: not a mobile",
			form:      url.Values{"MessageSid": {"SM1"}, "MessageStatus": {"failed"}, "ErrorCode": {"21614"}},
			want:      twilio.StatusUpdate{SID: "SM1", Status: "failed", ErrorCode: 21614},
			final:     true,
			failedIs:  twilio.ErrBadNumber,
			hasFailed: true,
		},
		{
			name: "empty ErrorCode",
			form: url.Values{"MessageSid": {"SM1"}, "MessageStatus": {"queued"}, "ErrorCode": {""}},
			want: twilio.StatusUpdate{SID: "SM1", Status: "queued"},
		},
		{name: "no sid", form: url.Values{"MessageStatus": {"sent"}}, wantErr: twilio.ErrBadStatus},
		{name: "no status", form: url.Values{"MessageSid": {"SM1"}}, wantErr: twilio.ErrBadStatus},
		{name: "bad code", form: url.Values{"MessageSid": {"SM1"}, "MessageStatus": {"failed"}, "ErrorCode": {"x"}}, wantErr: twilio.ErrBadStatus},
		{name: "negative code", form: url.Values{"MessageSid": {"SM1"}, "MessageStatus": {"failed"}, "ErrorCode": {"-1"}}, wantErr: twilio.ErrBadStatus},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got, err := twilio.ParseStatus(tc.form)
			if !errors.Is(err, tc.wantErr) || (tc.wantErr == nil && err != nil) {
				t.Fatalf("ParseStatus error = %v, want %v", err, tc.wantErr)
			}
			if tc.wantErr != nil {
				return
			}
			if got != tc.want {
				t.Errorf("ParseStatus =\n%+v\nwant\n%+v", got, tc.want)
			}
			if got.Final() != tc.final {
				t.Errorf("Final = %v, want %v", got.Final(), tc.final)
			}
			failure := got.Err()
			if (failure != nil) != tc.hasFailed {
				t.Fatalf("Err = %v, want failure %v", failure, tc.hasFailed)
			}
			if twilio.Retryable(failure) {
				t.Errorf("Retryable(%v) = true", failure)
			}
			for _, class := range []error{twilio.ErrOptedOut, twilio.ErrBadNumber} {
				if errors.Is(failure, class) != (class == tc.failedIs) {
					t.Errorf("errors.Is(%v, %v) = %v", failure, class, !(class == tc.failedIs))
				}
			}
		})
	}
}

func FuzzParseStatus(f *testing.F) {
	f.Add("MessageSid=SM1&MessageStatus=delivered&To=%2B16175551234&From=%2B16175550100&AccountSid=AC1")
	f.Add("SmsSid=SM1&SmsStatus=failed&ErrorCode=21610")
	f.Add("MessageSid=SM1&MessageStatus=+sent&ErrorCode=99999999999999999999")
	f.Add("MessageSid=&&=;%ZZ")
	f.Fuzz(func(t *testing.T, raw string) {
		form, err := url.ParseQuery(raw)
		if err != nil {
			return
		}
		u, err := twilio.ParseStatus(form)
		if err != nil {
			if !errors.Is(err, twilio.ErrBadStatus) {
				t.Errorf("ParseStatus(%q) error %v is not ErrBadStatus", raw, err)
			}
			return
		}
		if u.SID == "" || u.Status == "" || u.ErrorCode < 0 {
			t.Errorf("accepted %q as %+v", raw, u)
		}
		if (u.Status == "failed" || u.Status == "undelivered" || u.ErrorCode != 0) != (u.Err() != nil) {
			t.Errorf("%+v: Err = %v", u, u.Err())
		}
	})
}
