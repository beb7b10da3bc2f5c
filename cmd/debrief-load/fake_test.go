package main

import (
	"bytes"
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/debrief-sms/debrief/internal/twilio/twiliotest"
)

// TestServeFakeTwilio runs the fake Twilio as debrief-load serves it to
// another process, on a real listener: it answers a send as Twilio does,
// and at the end counts what it accepted per recipient, a recipient
// texted twice being a duplicate.
func TestServeFakeTwilio(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	urls := make(chan string, 1)
	var out bytes.Buffer
	done := make(chan error, 1)
	go func() {
		done <- serveFakeTwilio(ctx, "127.0.0.1:0", &out, func(u string) { urls <- u })
	}()
	var base string
	select {
	case base = <-urls:
	case err := <-done:
		t.Fatal(err)
	}

	for _, to := range []string{"+16175550101", "+16175550102", "+16175550101"} {
		form := url.Values{"To": {to}, "From": {"+16175550100"}, "Body": {"Thanks for talking with Sam"}}
		req, err := http.NewRequest(http.MethodPost, base+"/2010-04-01/Accounts/"+twiliotest.AccountSID+"/Messages.json", strings.NewReader(form.Encode()))
		if err != nil {
			t.Fatal(err)
		}
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.SetBasicAuth(twiliotest.AccountSID, twiliotest.AuthToken)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusCreated {
			t.Fatalf("send to %s: status %d, want 201", to, resp.StatusCode)
		}
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	want := "fake-twilio accepted 3 texts (3 requests) to 2 recipients, duplicates 1 (most to one recipient 2)"
	if !strings.HasPrefix(out.String(), want) {
		t.Errorf("summary:\n%s\nwant it to start %q", out.String(), want)
	}
}
