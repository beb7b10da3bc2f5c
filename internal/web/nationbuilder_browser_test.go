package web_test

import (
	"context"
	"net/url"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/debrief-sms/debrief/internal/nationbuilder/nbtest"
	"github.com/debrief-sms/debrief/internal/web"
)

// browseNationBuilder is TestBrowser's part for the NationBuilder page,
// as the coordinator signed in there: the page from the nav with a
// failed push, its retry, the connect button to the fake nation's
// authorize page, and the nation's way back with a code, each page
// checked by axe.
func browseNationBuilder(t *testing.T, s *site, ctx context.Context, run func(string, ...chromedp.Action[chromedp.Void]),
	check func(string)) {
	t.Helper()
	text := func(step string) string {
		t.Helper()
		got, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("main")))
		if err != nil {
			t.Fatalf("%s: %v", step, err)
		}
		return got
	}
	s.failPush(t, s.reportB, "422 mobile_number: is invalid")
	run("open NationBuilder", chromedp.Click(chromedp.CSS(`header a[href="/nationbuilder"]`)),
		chromedp.WaitVisible(chromedp.CSS("main table")))
	if got := text("nationbuilder"); !strings.Contains(got, "Not connected yet") || !strings.Contains(got, "422 mobile_number") {
		t.Fatalf("the NationBuilder page, want not connected and the failed push:\n%s", got)
	}
	check("21-nationbuilder")
	run("retry every failed push", chromedp.Click(chromedp.CSS(`main > form[action="/nationbuilder/retry"] button`)),
		chromedp.WaitVisible(chromedp.CSS(".saved")))
	if got := text("retried"); !strings.Contains(got, "Queued again") || !strings.Contains(got, "0 failed") {
		t.Fatalf("after the retry:\n%s", got)
	}
	run("connect", chromedp.Click(chromedp.CSS(`main a[href="/nationbuilder/connect"]`)),
		chromedp.WaitReady(chromedp.CSS("body")))
	at, err := chromedp.Run(ctx, chromedp.Location())
	if err != nil {
		t.Fatal(err)
	}
	to, err := url.Parse(at)
	if err != nil || !strings.HasPrefix(at, s.nb.URL+"/oauth/authorize?") || to.Query().Get("state") == "" {
		t.Fatalf("the connect button went to %q, want the nation's authorize page", at)
	}
	// The nation sends the coordinator back with a code.
	back := web.NationBuilderCallbackPath + "?" + url.Values{"code": {nbtest.GoodCode}, "state": {to.Query().Get("state")}}.Encode()
	run("come back with the code", chromedp.Navigate(s.srv.URL+back), chromedp.WaitVisible(chromedp.CSS(".saved")))
	if got := text("connected"); !strings.Contains(got, "NationBuilder is connected") || !strings.Contains(got, "Connected.") {
		t.Fatalf("after the nation's code:\n%s", got)
	}
	check("22-nationbuilder-connected")
}
