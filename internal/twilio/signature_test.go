package twilio_test

import (
	"errors"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/debrief-sms/debrief/internal/twilio"
)

// The test vector of Twilio's own SDKs (twilio-python
// tests/unit/test_request_validator.py).
const (
	vectorToken   = "12345"
	vectorURL     = "https://mycompany.com/myapp.php?foo=1&bar=2"
	vectorPortURL = "https://mycompany.com:443/myapp.php?foo=1&bar=2"
	vectorSig     = "RSOYDt4T1cUTdK1PDd93/VVr8B8="
	vectorPortSig = "kvajT1Ptam85bY51eRf/AJRuM3w="
)

func vectorForm() url.Values {
	return url.Values{
		"CallSid": {"CA1234567890ABCDE"},
		"Caller":  {"+14158675309"},
		"Digits":  {"1234"},
		"From":    {"+14158675309"},
		"To":      {"+18005551212"},
	}
}

func TestSignVector(t *testing.T) {
	t.Parallel()
	if got := twilio.Sign(vectorToken, vectorURL, vectorForm()); got != vectorSig {
		t.Errorf("Sign(url) = %q, want %q", got, vectorSig)
	}
	if got := twilio.Sign(vectorToken, vectorPortURL, vectorForm()); got != vectorPortSig {
		t.Errorf("Sign(url with :443) = %q, want %q", got, vectorPortSig)
	}
}

// post builds a webhook request as it reaches Debrief: target is the URL
// the server sees, which behind a proxy differs from the public one.
func post(target string, form url.Values, sig string, header map[string]string) *http.Request {
	r := httptest.NewRequest(http.MethodPost, target, strings.NewReader(form.Encode()))
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if sig != "" {
		r.Header.Set(twilio.SignatureHeader, sig)
	}
	for k, v := range header {
		r.Header.Set(k, v)
	}
	return r
}

func TestValidatorCheck(t *testing.T) {
	t.Parallel()
	proxied := map[string]string{"X-Forwarded-Proto": "https", "X-Forwarded-For": "203.0.113.9"}
	tests := []struct {
		name      string
		publicURL string
		target    string // URL the request arrives at
		form      url.Values
		sig       string
		header    map[string]string
		want      error
	}{
		{name: "twilio vector", publicURL: "https://mycompany.com", target: vectorURL, form: vectorForm(), sig: vectorSig},
		{name: "twilio vector signed with :443", publicURL: "https://mycompany.com", target: vectorURL, form: vectorForm(), sig: vectorPortSig},
		{name: "public URL with :443", publicURL: "https://mycompany.com:443/", target: vectorURL, form: vectorForm(), sig: vectorSig},
		{
			name:      "behind a proxy: plain http, internal host",
			publicURL: "https://mycompany.com",
			target:    "http://10.0.0.7:8080/myapp.php?foo=1&bar=2",
			form:      vectorForm(),
			sig:       vectorSig,
			header:    proxied,
		},
		{
			name:      "signed for the internal URL is refused",
			publicURL: "https://mycompany.com",
			target:    "http://10.0.0.7:8080/myapp.php?foo=1&bar=2",
			form:      vectorForm(),
			sig:       twilio.Sign(vectorToken, "http://10.0.0.7:8080/myapp.php?foo=1&bar=2", vectorForm()),
			header:    proxied,
			want:      twilio.ErrBadSignature,
		},
		{name: "missing", publicURL: "https://mycompany.com", target: vectorURL, form: vectorForm(), want: twilio.ErrNoSignature},
		{name: "wrong", publicURL: "https://mycompany.com", target: vectorURL, form: vectorForm(), sig: "AAAADt4T1cUTdK1PDd93/VVr8B8=", want: twilio.ErrBadSignature},
		{
			name:      "field changed",
			publicURL: "https://mycompany.com",
			target:    vectorURL,
			form: func() url.Values {
				f := vectorForm()
				f.Set("Digits", "9999")
				return f
			}(),
			sig:  vectorSig,
			want: twilio.ErrBadSignature,
		},
		{name: "query changed", publicURL: "https://mycompany.com", target: "https://mycompany.com/myapp.php?foo=1&bar=3", form: vectorForm(), sig: vectorSig, want: twilio.ErrBadSignature},
		{
			name:      "repeated field",
			publicURL: "https://mycompany.com",
			target:    vectorURL,
			form: func() url.Values {
				f := vectorForm()
				f.Add("Digits", "1234")
				return f
			}(),
			sig:  vectorSig,
			want: twilio.ErrBadSignature,
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			v, err := twilio.NewValidator(vectorToken, tc.publicURL)
			if err != nil {
				t.Fatal(err)
			}
			err = v.Check(post(tc.target, tc.form, tc.sig, tc.header))
			if !errors.Is(err, tc.want) || (tc.want == nil && err != nil) {
				t.Errorf("Check = %v, want %v", err, tc.want)
			}
		})
	}
}

func TestSignedRequestValidates(t *testing.T) {
	t.Parallel()
	const public = "https://debrief.example.org"
	form := url.Values{"MessageSid": {"SM1"}, "From": {"+16175551234"}, "Body": {"Héllo & <bye>"}}
	sig := twilio.Sign("secret", public+"/twilio/sms", form)
	v, err := twilio.NewValidator("secret", public+"/")
	if err != nil {
		t.Fatal(err)
	}
	r := post("http://debrief.internal:8080/twilio/sms", form, sig, map[string]string{"X-Forwarded-Proto": "https"})
	if err := v.Check(r); err != nil {
		t.Fatalf("Check = %v, want nil", err)
	}
}

func TestNewValidatorRejects(t *testing.T) {
	t.Parallel()
	tests := []struct{ name, token, url string }{
		{"no token", "", "https://x.org"},
		{"relative URL", "t", "/twilio"},
		{"no scheme", "t", "debrief.fly.dev"},
		{"other scheme", "t", "ftp://debrief.fly.dev"},
		{"query", "t", "https://debrief.fly.dev?x=1"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			if _, err := twilio.NewValidator(tc.token, tc.url); err == nil {
				t.Errorf("NewValidator(%q, %q) = nil error", tc.token, tc.url)
			}
		})
	}
}
