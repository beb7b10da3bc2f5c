package web_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/debrief-sms/debrief/internal/web"
)

// browsePeople is TestBrowser's part for the people and teams pages, as
// the coordinator signed in there: the people page and its state filter, a person added
// through the form (a bad number first, refused with the form kept), the
// person's page, the teams page and a team's form, each checked by axe.
func browsePeople(t *testing.T, s *site, ctx context.Context, run func(string, ...chromedp.Action[chromedp.Void]),
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
	run("open the people", chromedp.Click(chromedp.CSS(`header a[href="/people"]`)),
		chromedp.WaitVisible(chromedp.CSS("main table")))
	if got := text("people"); !strings.Contains(got, "Vic") || !strings.Contains(got, "Wes") {
		t.Fatalf("the people page, want Vic and Wes:\n%s", got)
	}
	check("8-people")
	// The state filter is a plain form: no script needed.
	run("filter the opted out", chromedp.SetValue(chromedp.ID("#state"), "opted_out"),
		chromedp.Click(chromedp.CSS(`form.filters button[type="submit"]`)),
		chromedp.WaitReady(chromedp.CSS(`#state option[value="opted_out"][selected]`)))
	if got := text("opted out"); !strings.Contains(got, "People: Opted out") || strings.Contains(got, "Vic") {
		t.Fatalf("the opted out, want none of the fixture's people:\n%s", got)
	}
	check("8-people-opted-out")

	run("open the form", chromedp.Click(chromedp.CSS(`main a[href="/people/new"]`)), chromedp.WaitVisible(chromedp.ID("#phone")))
	check("9-person-new")
	run("type a bad number", chromedp.SendKeys(chromedp.ID("#phone"), "555 01"),
		chromedp.SendKeys(chromedp.ID("#name"), "Nia Núñez"),
		chromedp.SetValue(chromedp.ID("#team"), fmt.Sprint(s.teamB)),
		chromedp.SetValue(chromedp.ID("#role"), "organizer"),
		chromedp.SetValue(chromedp.ID("#language"), "es"),
		chromedp.Click(chromedp.CSS(`main form button[type="submit"]`)),
		chromedp.WaitVisible(chromedp.CSS(`#phone[aria-invalid="true"]`)))
	if got := text("bad number"); !strings.Contains(got, "not a phone number we can text") {
		t.Fatalf("a bad number, want it said:\n%s", got)
	}
	name, err := chromedp.Run(ctx, chromedp.Value(chromedp.ID("#name")))
	if err != nil || name != "Nia Núñez" {
		t.Fatalf("the name after a bad number: %q, %v", name, err)
	}
	check("10-person-bad-phone")
	run("fix the number", chromedp.Clear(chromedp.ID("#phone")),
		chromedp.SendKeys(chromedp.ID("#phone"), "617 555 0150"),
		chromedp.Click(chromedp.CSS(`main form button[type="submit"]`)),
		chromedp.WaitVisible(chromedp.CSS(".saved")))
	p := s.person(t, "+16175550150")
	if p.Name != "Nia Núñez" || p.TeamID == nil || *p.TeamID != s.teamB || p.Role != "organizer" || p.Language != "es" {
		t.Fatalf("added through the browser: %+v", p)
	}
	check("11-person")

	run("open the teams", chromedp.Click(chromedp.CSS(`header a[href="/teams"]`)), chromedp.WaitVisible(chromedp.CSS("main table")))
	check("12-teams")
	run("open team B", chromedp.Click(chromedp.CSS(fmt.Sprintf(`main a[href="%s/%d"]`, web.TeamsPath, s.teamB))),
		chromedp.WaitVisible(chromedp.ID("#organizer")))
	if got := text("team"); !strings.Contains(got, "Nia Núñez (Team B)") {
		t.Fatalf("team B's form, want Nia among the organizers:\n%s", got)
	}
	check("13-team")
}
