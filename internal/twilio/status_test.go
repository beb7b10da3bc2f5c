package twilio_test

import (
	"errors"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/debrief-sms/debrief"
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
				"MessageSid": {sidA}, "SmsSid": {sidA}, "MessageStatus": {"delivered"}, "SmsStatus": {"delivered"},
				"To": {"+16175551234"}, "From": {"+16175550100"}, "AccountSid": {"AC1"}, "ApiVersion": {"2010-04-01"},
				"RawDlrDoneDate": {"2603011200"},
			},
			want:  twilio.StatusUpdate{SID: sidA, Status: "delivered", To: "+16175551234", From: "+16175550100", AccountSID: "AC1"},
			final: true,
		},
		{
			name: "sent, old field names",
			form: url.Values{"SmsSid": {sidA}, "SmsStatus": {"sent"}},
			want: twilio.StatusUpdate{SID: sidA, Status: "sent"},
		},
		{
			name:      "undelivered: unreachable handset",
			form:      url.Values{"MessageSid": {sidA}, "MessageStatus": {"undelivered"}, "ErrorCode": {"30003"}},
			want:      twilio.StatusUpdate{SID: sidA, Status: "undelivered", ErrorCode: 30003},
			final:     true,
			hasFailed: true,
		},
		{
			name:      "failed: opted out",
			form:      url.Values{"MessageSid": {sidA}, "MessageStatus": {"failed"}, "ErrorCode": {"21610"}},
			want:      twilio.StatusUpdate{SID: sidA, Status: "failed", ErrorCode: 21610},
			final:     true,
			failedIs:  debrief.ErrOptedOut,
			hasFailed: true,
		},
		{
			name:      "failed: not a mobile",
			form:      url.Values{"MessageSid": {sidA}, "MessageStatus": {"failed"}, "ErrorCode": {"21614"}},
			want:      twilio.StatusUpdate{SID: sidA, Status: "failed", ErrorCode: 21614},
			final:     true,
			failedIs:  debrief.ErrBadNumber,
			hasFailed: true,
		},
		{
			name: "empty ErrorCode",
			form: url.Values{"MessageSid": {sidA}, "MessageStatus": {"queued"}, "ErrorCode": {""}},
			want: twilio.StatusUpdate{SID: sidA, Status: "queued"},
		},
		{
			name: "From in another form becomes E.164",
			form: url.Values{"MessageSid": {sidA}, "MessageStatus": {"sent"}, "From": {"(617) 555-0100"}},
			want: twilio.StatusUpdate{SID: sidA, Status: "sent", From: "+16175550100"},
		},
		{
			name: "MMS, accepted",
			form: url.Values{"MessageSid": {sidMM}, "MessageStatus": {"accepted"}},
			want: twilio.StatusUpdate{SID: sidMM, Status: "accepted"},
		},
		{name: "no sid", form: url.Values{"MessageStatus": {"sent"}}, wantErr: twilio.ErrBadStatus},
		{name: "sid not Twilio's", form: url.Values{"MessageSid": {"SM1"}, "MessageStatus": {"sent"}}, wantErr: twilio.ErrBadStatus},
		{name: "sid with invalid UTF-8", form: url.Values{"MessageSid": {sidA[:33] + "\xff"}, "MessageStatus": {"sent"}}, wantErr: twilio.ErrBadStatus},
		{name: "unknown status", form: url.Values{"MessageSid": {sidA}, "MessageStatus": {"pwned"}}, wantErr: twilio.ErrBadStatus},
		{name: "huge status", form: url.Values{"MessageSid": {sidA}, "MessageStatus": {strings.Repeat("x", 5000)}}, wantErr: twilio.ErrBadStatus},
		{name: "status in capitals", form: url.Values{"MessageSid": {sidA}, "MessageStatus": {"DELIVERED"}}, wantErr: twilio.ErrBadStatus},
		{name: "status with NUL", form: url.Values{"MessageSid": {sidA}, "MessageStatus": {"sent\x00"}}, wantErr: twilio.ErrBadStatus},
		{name: "code too large for Twilio", form: url.Values{"MessageSid": {sidA}, "MessageStatus": {"failed"}, "ErrorCode": {"99999999999"}}, wantErr: twilio.ErrBadStatus},
		{name: "code with a sign", form: url.Values{"MessageSid": {sidA}, "MessageStatus": {"failed"}, "ErrorCode": {"+30003"}}, wantErr: twilio.ErrBadStatus},
		{name: "From a name", form: url.Values{"MessageSid": {sidA}, "MessageStatus": {"sent"}, "From": {"ACME"}}, wantErr: twilio.ErrBadStatus},
		{name: "From WhatsApp", form: url.Values{"MessageSid": {sidA}, "MessageStatus": {"sent"}, "From": {"whatsapp:+16175550199"}}, wantErr: twilio.ErrNotSMS},
		{name: "To with NUL", form: url.Values{"MessageSid": {sidA}, "MessageStatus": {"sent"}, "To": {"+1617555\x001234"}}, wantErr: twilio.ErrBadStatus},
		{name: "no status", form: url.Values{"MessageSid": {sidA}}, wantErr: twilio.ErrBadStatus},
		{name: "bad code", form: url.Values{"MessageSid": {sidA}, "MessageStatus": {"failed"}, "ErrorCode": {"x"}}, wantErr: twilio.ErrBadStatus},
		{name: "negative code", form: url.Values{"MessageSid": {sidA}, "MessageStatus": {"failed"}, "ErrorCode": {"-1"}}, wantErr: twilio.ErrBadStatus},
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
			for _, class := range []error{debrief.ErrOptedOut, debrief.ErrBadNumber} {
				if errors.Is(failure, class) != (class == tc.failedIs) {
					t.Errorf("errors.Is(%v, %v) = %v", failure, class, !(class == tc.failedIs))
				}
			}
		})
	}
}

func FuzzParseStatus(f *testing.F) {
	f.Add("MessageSid=SM0123456789abcdef0123456789abcdef&MessageStatus=delivered&To=%2B16175551234&From=%2B16175550100&AccountSid=AC1")
	f.Add("SmsSid=SM0123456789abcdef0123456789abcdef&SmsStatus=failed&ErrorCode=21610")
	f.Add("MessageSid=SM0123456789abcdef0123456789abcdef&MessageStatus=+sent&ErrorCode=99999999999999999999")
	f.Add("MessageSid=SM0123456789abcdef0123456789abcdef&MessageStatus=pwned&From=6175550100")
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
		if u.SID == "" || !slices.Contains(twilio.Statuses(), u.Status) || u.ErrorCode < 0 || (u.From != "" && u.From[0] != '+') {
			t.Errorf("accepted %q as %+v", raw, u)
		}
		if (u.Status == "failed" || u.Status == "undelivered" || u.ErrorCode != 0) != (u.Err() != nil) {
			t.Errorf("%+v: Err = %v", u, u.Err())
		}
	})
}
