package web_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// browsePlans is TestBrowser's part for the plans page, as the
// coordinator signed in there: the month's plans of every team from the
// menu, then team A's with its volunteers' figures, each checked by axe.
func browsePlans(t *testing.T, s *site, ctx context.Context, run func(string, ...chromedp.Action[chromedp.Void]),
	check func(string)) {
	t.Helper()
	s.addPlans(t)
	text := func(step string) string {
		t.Helper()
		got, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("main")))
		if err != nil {
			t.Fatalf("%s: %v", step, err)
		}
		return got
	}
	// The fixtures' month, named: the menu's link opens the month of the
	// server's clock, which DEBRIEF_TEST_CLOCK moves and the fixtures do
	// not follow.
	run("open the plans", chromedp.Navigate(s.srv.URL+"/plans?month=2026-11"),
		chromedp.WaitVisible(chromedp.ID("#pl-caption")))
	if got := text("plans"); !strings.Contains(got, "Ana Ruiz") || !strings.Contains(got, "Pat Kim") ||
		!strings.Contains(got, "not reported after the second ask") {
		t.Fatalf("the plans page, want both teams' plans:\n%s", got)
	}
	check("19-plans")
	run("filter by team A", chromedp.SetValue(chromedp.ID("#team"), fmt.Sprint(s.teamA)),
		chromedp.Click(chromedp.CSS(`form.filters button[type="submit"]`)),
		chromedp.WaitVisible(chromedp.ID("#pl-vols-caption")))
	if got := text("team A"); !strings.Contains(got, "Ana Ruiz") || strings.Contains(got, "Pat Kim") {
		t.Fatalf("team A's plans, want Vic's alone:\n%s", got)
	}
	check("20-plans-team-a")
}
