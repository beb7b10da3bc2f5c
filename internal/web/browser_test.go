package web_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	cdpbrowser "github.com/chromedp/cdproto/browser"
	"github.com/chromedp/chromedp"

	"github.com/debrief-sms/debrief/internal/store/storetest"
	"github.com/debrief-sms/debrief/internal/web"
)

// axeViolation is one rule axe-core found broken, with the elements that
// break it.
type axeViolation struct {
	ID     string `json:"id"`
	Impact string `json:"impact"`
	Help   string `json:"help"`
	URL    string `json:"helpUrl"`
	Nodes  []struct {
		Target  []any  `json:"target"`
		HTML    string `json:"html"`
		Summary string `json:"failureSummary"`
	} `json:"nodes"`
}

type axeResult struct {
	Violations []axeViolation `json:"violations"`
	Passes     int            `json:"passes"`
}

// browserNeeds returns the Chromium binary and axe.min.js the browser test
// runs with, or skips the test (fails it under DEBRIEF_TEST_BROWSER=require)
// when either is missing.
func browserNeeds(t *testing.T) (chromium, axe string) {
	t.Helper()
	missing := func(format string, args ...any) {
		t.Helper()
		msg := fmt.Sprintf(format, args...)
		if os.Getenv("DEBRIEF_TEST_BROWSER") == "require" {
			t.Fatalf("%s (DEBRIEF_TEST_BROWSER=require)", msg)
		}
		t.Skipf("%s; skipping the browser test (DEBRIEF_TEST_BROWSER=require fails instead)", msg)
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			chromium = p
			break
		}
	}
	if chromium == "" {
		missing("no chromium on PATH (apt-get install -y chromium)")
	}
	axe = os.Getenv("DEBRIEF_TEST_AXE")
	if axe == "" {
		missing("DEBRIEF_TEST_AXE is not set (npm install --prefix DIR axe-core@4; DEBRIEF_TEST_AXE=DIR/node_modules/axe-core/axe.min.js)")
	}
	if _, err := os.Stat(axe); err != nil {
		missing("DEBRIEF_TEST_AXE: %v", err)
	}
	return chromium, axe
}

// TestBrowser signs the coordinator in through the pages in headless
// Chromium, filters the reports by team and text, downloads them as CSV
// (downloadCSV) and opens one, saving a
// screenshot of every page and checking each with axe-core: any violation
// of impact serious or critical fails the test.
func TestBrowser(t *testing.T) {
	t.Parallel()
	chromium, axePath := browserNeeds(t)
	axeJS, err := os.ReadFile(axePath)
	if err != nil {
		t.Fatal(err)
	}
	s := newSite(t, storetest.Backend{Name: "sqlite", NewURL: storetest.SQLiteURL}, false)

	// The pages forbid every script; axe goes in through the DevTools
	// protocol (Runtime.evaluate), which the page's CSP does not govern.
	resp, err := http.Get(s.srv.URL + web.SigninPath)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if csp := resp.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "default-src 'none'") || strings.Contains(csp, "script-src") {
		t.Fatalf("Content-Security-Policy %q: want default-src 'none' and no script-src", csp)
	}

	shotDirs := []string{t.TempDir()}
	if d := os.Getenv("DEBRIEF_TEST_SCREENSHOTS"); d != "" {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
		shotDirs = append(shotDirs, d)
	}

	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(chromium),
		chromedp.Headless,
		chromedp.NoSandbox, // CI runs as root
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.UserDataDir(t.TempDir()),
	}
	ctx, cancel := context.WithTimeout(t.Context(), 90*time.Second)
	defer cancel()
	ctx, cancelAlloc := chromedp.NewExecAllocator(ctx, opts...)
	defer cancelAlloc()
	ctx, cancelTab := chromedp.NewContext(ctx, chromedp.WithLogf(t.Logf))
	defer cancelTab()

	run := func(step string, steps ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		if err := chromedp.Do(ctx, steps...); err != nil {
			t.Fatalf("%s: %v", step, err)
		}
	}
	// check screenshots the page as name.png and runs axe on it.
	check := func(name string) {
		t.Helper()
		png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
		if err != nil {
			t.Fatalf("%s: screenshot: %v", name, err)
		}
		for _, d := range shotDirs {
			if err := os.WriteFile(filepath.Join(d, name+".png"), png, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		loaded, err := chromedp.Run(ctx, chromedp.Evaluate[bool](string(axeJS)+"\n;typeof axe === 'object'"))
		if err != nil || !loaded {
			t.Fatalf("%s: axe did not load: %v", name, err)
		}
		result, err := chromedp.Run(ctx, chromedp.Evaluate[axeResult](
			`axe.run(document).then(r => ({violations: r.violations, passes: r.passes.length}))`, chromedp.EvalAwaitPromise))
		if err != nil {
			t.Fatalf("%s: axe.run: %v", name, err)
		}
		if result.Passes == 0 {
			t.Fatalf("%s: axe checked nothing", name)
		}
		violations := result.Violations
		var bad int
		for _, v := range violations {
			serious := v.Impact == "serious" || v.Impact == "critical"
			if serious {
				bad++
			}
			var b strings.Builder
			fmt.Fprintf(&b, "%s: axe %s (%s): %s\n    %s", name, v.ID, v.Impact, v.Help, v.URL)
			for _, n := range v.Nodes {
				fmt.Fprintf(&b, "\n    at %v: %s\n      %s", n.Target, n.HTML, strings.ReplaceAll(n.Summary, "\n", "\n      "))
			}
			if serious {
				t.Error(b.String())
			} else {
				t.Log(b.String())
			}
		}
		t.Logf("%s: axe: %d rules passed, %d violated, %d of them serious or critical", name, result.Passes, len(violations), bad)
	}
	var location, text string
	page := func(step string) {
		t.Helper()
		var err error
		if location, err = chromedp.Run(ctx, chromedp.Location()); err != nil {
			t.Fatalf("%s: %v", step, err)
		}
		if text, err = chromedp.Run(ctx, chromedp.Text(chromedp.CSS("main"))); err != nil {
			t.Fatalf("%s: %v", step, err)
		}
	}

	run("open /signin", chromedp.EmulateViewport(390, 844), // a phone
		chromedp.Navigate(s.srv.URL+web.SigninPath), chromedp.WaitVisible(chromedp.ID("#phone")))
	// The browser enforces the page's CSP: a script element added to the
	// page does not run. Runtime.evaluate, which injects axe below, is not
	// subject to it.
	ran, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`(() => {
		const s = document.createElement("script");
		s.textContent = "window.debriefScriptRan = true";
		document.head.appendChild(s);
		s.remove();
		return window.debriefScriptRan === true;
	})()`))
	if err != nil {
		t.Fatal(err)
	}
	if ran {
		t.Fatal("a script added to /signin ran: the browser did not apply the page's Content-Security-Policy")
	}
	check("1-signin")

	run("ask a code", chromedp.SendKeys(chromedp.ID("#phone"), "617 555 0104"),
		chromedp.Click(chromedp.CSS(`form[action="/signin"] button[type="submit"]`)),
		chromedp.WaitVisible(chromedp.ID("#code")))
	code := s.codes.last(coordinator)
	if code == "" {
		t.Fatalf("no code texted to %s", coordinator)
	}
	check("2-code")

	run("type the code", chromedp.SendKeys(chromedp.ID("#code"), code),
		chromedp.Click(chromedp.CSS(`form[action="/signin/code"] button[type="submit"]`)),
		chromedp.WaitVisible(chromedp.ID("#team")))
	page("reports")
	if !strings.HasSuffix(location, web.ReportsPath) || !strings.Contains(text, "Maria Lopez") || !strings.Contains(text, "Lee Chan") {
		t.Fatalf("after the code: %s, want /reports with both reports:\n%s", location, text)
	}
	check("3-reports")

	run("filter by team B", chromedp.SetValue(chromedp.ID("#team"), fmt.Sprint(s.teamB)),
		chromedp.Click(chromedp.CSS(`form.filters button[type="submit"]`)),
		chromedp.WaitReady(chromedp.CSS(fmt.Sprintf(`#team option[value="%d"][selected]`, s.teamB))))
	page("filtered")
	if !strings.Contains(location, fmt.Sprintf("team=%d", s.teamB)) || !strings.Contains(text, "Lee Chan") || strings.Contains(text, "Maria Lopez") {
		t.Fatalf("filtered by team B: %s, want team=%d and Lee Chan alone:\n%s", location, s.teamB, text)
	}
	check("4-reports-team-b")

	run("search within team B", chromedp.SendKeys(chromedp.ID("#q"), "CHAN"),
		chromedp.Click(chromedp.CSS(`form.filters button[type="submit"]`)),
		chromedp.WaitReady(chromedp.CSS(`#q[value="CHAN"]`)))
	page("searched")
	if !strings.Contains(location, "q=CHAN") || !strings.Contains(location, fmt.Sprintf("team=%d", s.teamB)) ||
		!strings.Contains(text, "Lee Chan") {
		t.Fatalf("searched: %s, want team=%d and q=CHAN, and Lee Chan:\n%s", location, s.teamB, text)
	}
	check("4b-reports-searched")
	rows := downloadCSV(t, ctx, `p.download a`)
	if len(rows) != 2 || rows[0][0] != "first_name" || rows[1][0] != "Lee" || rows[1][1] != "Chan" {
		t.Fatalf("the download: %q, want the header and Lee Chan's row alone", rows)
	}

	run("open Lee Chan's report", chromedp.Click(chromedp.CSS(fmt.Sprintf(`a[href="/reports/%d"]`, s.reportB))),
		chromedp.WaitVisible(chromedp.CSS("main dl")))
	page("report")
	if !strings.HasSuffix(location, fmt.Sprintf("/reports/%d", s.reportB)) || !strings.Contains(text, "Lee Chan") {
		t.Fatalf("the report: %s, want /reports/%d:\n%s", location, s.reportB, text)
	}
	check("5-report")

	// Maria Lopez's report has a follow-up, so a table.
	run("open Maria Lopez's report", chromedp.Navigate(fmt.Sprintf("%s/reports/%d", s.srv.URL, s.reportA)),
		chromedp.WaitVisible(chromedp.CSS("main table")))
	check("6-report-followups")

	run("open the follow-ups", chromedp.Click(chromedp.CSS(`header a[href="/followups"]`)),
		chromedp.WaitVisible(chromedp.CSS("main table")))
	page("followups")
	if !strings.HasSuffix(location, web.FollowupsPath) || !strings.Contains(text, "Maria Lopez") || !strings.Contains(text, "Lee Chan") {
		t.Fatalf("the follow-ups: %s, want /followups with both teams':\n%s", location, text)
	}
	check("7-followups")
	browsePeople(t, s, ctx, run, check)

	run("open team A's questions", chromedp.Navigate(fmt.Sprintf("%s/questions?team=%d", s.srv.URL, s.teamA)),
		chromedp.WaitVisible(chromedp.CSS("main ol.questions")))
	page("questions")
	if !strings.Contains(text, "Which school do their kids go to?") || !strings.Contains(text, "Is this their first 1:1?") {
		t.Fatalf("team A's questions: %s:\n%s", location, text)
	}
	check("14-questions")

	run("edit one", chromedp.Click(chromedp.CSS(fmt.Sprintf(`a[href="/questions/%d"]`, s.questionA))),
		chromedp.WaitVisible(chromedp.ID("#text")))
	check("15-question-edit")
	browsePlans(t, s, ctx, run, check)
	browseNationBuilder(t, s, ctx, run, check)

	// The monthly report, with a year of 1:1s: from the nav (the last
	// full month), then the month under way, printed too.
	last := s.seedYear(t, s.clock.Now())
	run("open the monthly report", chromedp.Click(chromedp.CSS(`header a[href="/monthly"]`)),
		chromedp.WaitVisible(chromedp.CSS("main svg.chart")))
	page("monthly")
	if !strings.HasSuffix(location, web.MonthlyPath) || !strings.Contains(text, monthName(last)) ||
		!strings.Contains(text, "Team A") || !strings.Contains(text, "Team B") || !strings.Contains(strings.ToLower(text), "clean air near school") {
		t.Fatalf("the monthly report: %s, want %s with both teams and the issues:\n%s", location, monthName(last), text)
	}
	check("16-monthly")
	run("the monthly report, wide", chromedp.EmulateViewport(1200, 900), chromedp.Reload(),
		chromedp.WaitVisible(chromedp.CSS("main svg.chart")))
	check("17-monthly-wide")
	for _, paper := range []struct {
		name string
		size chromedp.PaperSize
	}{{"a4", chromedp.PaperA4}, {"letter", chromedp.PaperLetter}} {
		pdf, err := chromedp.Run(ctx, chromedp.PrintToPDF(chromedp.PDFPaper(paper.size)))
		if err != nil {
			t.Fatalf("print the monthly report on %s: %v", paper.name, err)
		}
		for _, d := range shotDirs {
			if err := os.WriteFile(filepath.Join(d, "18-monthly-"+paper.name+".pdf"), pdf, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
}

// monthName is how the English page names the month that starts at m.
func monthName(m time.Time) string { return "Monthly report: " + m.Format("January 2006") }

// downloadCSV clicks the link sel in the tab of ctx, as a person would,
// waits for the browser to save the file, and returns its rows.
func downloadCSV(t *testing.T, ctx context.Context, sel string) [][]string {
	t.Helper()
	dir := t.TempDir()
	progress := chromedp.Events(ctx, cdpbrowser.DownloadProgress)
	events := true
	if err := chromedp.Do(ctx,
		chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
			_, err := chromedp.Call(ctx, cdpbrowser.SetDownloadBehavior, cdpbrowser.SetDownloadBehaviorParams{
				Behavior:      cdpbrowser.SetDownloadBehaviorBehaviorAllowAndName,
				DownloadPath:  dir,
				EventsEnabled: &events,
			})
			return err
		}),
		chromedp.Click(chromedp.CSS(sel)),
	); err != nil {
		t.Fatalf("download: %v", err)
	}
	for ev, err := range progress {
		if err != nil {
			t.Fatalf("download: %v", err)
		}
		switch ev.State {
		case cdpbrowser.DownloadProgressStateCanceled:
			t.Fatal("download: cancelled by the browser")
		case cdpbrowser.DownloadProgressStateCompleted:
			data, err := os.ReadFile(filepath.Join(dir, ev.GUID))
			if err != nil {
				t.Fatal(err)
			}
			rows, err := csv.NewReader(bytes.NewReader(data)).ReadAll()
			if err != nil {
				t.Fatalf("download: not a CSV file: %v\n%s", err, data)
			}
			return rows
		}
	}
	t.Fatal("download: the browser stopped before the file was saved")
	return nil
}
