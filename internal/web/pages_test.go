package web_test

import (
	"context"
	"database/sql"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/debrief-sms/debrief"
	"github.com/debrief-sms/debrief/internal/clocktest"
	"github.com/debrief-sms/debrief/internal/conversation"
	"github.com/debrief-sms/debrief/internal/inbox"
	"github.com/debrief-sms/debrief/internal/nationbuilder"
	"github.com/debrief-sms/debrief/internal/nationbuilder/nbtest"
	"github.com/debrief-sms/debrief/internal/store"
	"github.com/debrief-sms/debrief/internal/store/storetest"
	"github.com/debrief-sms/debrief/internal/web"
)

var update = flag.Bool("update", false, "rewrite testdata/*.golden with the pages rendered now")

// Phones of the fixture's people.
const (
	volunteerA   = "+16175550101" // Vic, volunteer of team A
	organizerA   = "+16175550102" // Olga, organizes team A
	organizerB   = "+16175550103" // Bo, organizes team B
	coordinator  = "+16175550104" // Cora, no team
	volunteerB   = "+16175550105" // Wes, volunteer of team B
	unknownPhone = "+16175550199"
)

// codeBox records the sign-in codes texted, by recipient.
type codeBox struct {
	mu    sync.Mutex
	texts map[string][]string
	err   error // every send fails with it, when set
}

func (b *codeBox) Send(_ context.Context, to, body string) (debrief.Sent, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.texts == nil {
		b.texts = map[string][]string{}
	}
	b.texts[to] = append(b.texts[to], body)
	if b.err != nil {
		return debrief.Sent{}, b.err
	}
	return debrief.Sent{SID: "SM" + fmt.Sprint(len(b.texts[to])), Status: "queued", Segments: 1}, nil
}

var codePattern = regexp.MustCompile(`\b\d{6}\b`)

// last returns the last code texted to phone, "" when none was.
func (b *codeBox) last(phone string) string {
	b.mu.Lock()
	defer b.mu.Unlock()
	texts := b.texts[phone]
	if len(texts) == 0 {
		return ""
	}
	return codePattern.FindString(texts[len(texts)-1])
}

func (b *codeBox) count(phone string) int {
	b.mu.Lock()
	defer b.mu.Unlock()
	return len(b.texts[phone])
}

// site is the organizers' pages over a real store, with a fake clock and
// a fake sender.
type site struct {
	secure  bool // behind an https proxy
	st      *store.Store
	db      *sql.DB
	clock   *clocktest.Clock
	codes   *codeBox
	srv     *httptest.Server
	teamA   int64
	teamB   int64
	reportA int64 // Vic's, team A
	reportB int64 // Wes's, team B
	// Questions: team A's, team B's, and one for every team; reportA
	// answered the first version of team A's.
	questionA, questionB, questionAll int64
	versionA                          int64
	// nb is the fake NationBuilder the NationBuilder page connects to;
	// sealer seals its tokens in st.
	nb     *nbtest.Fake
	sealer *nationbuilder.Sealer
}

func newSite(t *testing.T, b storetest.Backend, secure bool) *site {
	t.Helper()
	return newSiteAt(t, b, secure, clocktest.Start())
}

// newSiteAt is newSite with its clock and reports at start.
func newSiteAt(t *testing.T, b storetest.Backend, secure bool, start time.Time) *site {
	t.Helper()
	st, db := b.OpenWithDB(t)
	s := &site{secure: secure, st: st, db: db, clock: clocktest.New(start), codes: &codeBox{}}
	ctx := context.Background()
	add := func(phone, name string, role debrief.Role, team string) debrief.Volunteer {
		lang := debrief.English
		if phone == organizerA {
			lang = debrief.Spanish
		}
		v, err := st.AddVolunteer(ctx, debrief.Volunteer{Phone: phone, Name: name, Role: role, TeamName: team,
			Language: lang, TimeZone: "America/Chicago"})
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	vic := add(volunteerA, "Vic", debrief.RoleVolunteer, "Team A")
	olga := add(organizerA, "Olga", debrief.RoleOrganizer, "") // writes Spanish
	bo := add(organizerB, "Bo", debrief.RoleOrganizer, "")
	add(coordinator, "Cora", debrief.RoleCoordinator, "")
	wes := add(volunteerB, "Wes", debrief.RoleVolunteer, "Team B")
	s.teamA, s.teamB = *vic.TeamID, *wes.TeamID
	for _, o := range []struct{ team, org int64 }{{s.teamA, olga.ID}, {s.teamB, bo.ID}} {
		if err := st.SetTeamOrganizer(ctx, o.team, o.org); err != nil {
			t.Fatal(err)
		}
	}
	for _, q := range []struct {
		id   *int64
		team *int64
		text string
	}{{&s.questionA, &s.teamA, "Which school do their kids go to?"}, {&s.questionB, &s.teamB, "Which union are they in?"},
		{&s.questionAll, nil, "Is this their first 1:1?"}} {
		added, err := st.AddQuestion(ctx, q.team, conversation.TeamQuestion{Text: q.text})
		if err != nil {
			t.Fatal(err)
		}
		*q.id = added.ID
		if q.id == &s.questionA {
			s.versionA = added.Current.ID
		}
	}
	s.reportA = s.addReport(t, vic.ID, 1, "Maria Lopez", debrief.ReportComplete, start.Add(-2*time.Hour))
	s.reportB = s.addReport(t, wes.ID, 1, "Lee Chan", debrief.ReportComplete, start.Add(-time.Hour))
	if _, err := db.Exec(`UPDATE reports SET extra = $1 WHERE id = $2`,
		fmt.Sprintf(`{%q: "Lincoln Elementary"}`, conversation.AnswerKey(s.versionA)), s.reportA); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(`INSERT INTO followups (report_id, volunteer_id, kind, due_at, status, created_at, updated_at)
		VALUES ($1, $2, 'thanks', $3, 'pending', $4, $4)`, s.reportA, vic.ID, start.Add(time.Hour).UTC(), start.UTC()); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(`INSERT INTO followups (report_id, volunteer_id, kind, due_at, status, error_code, last_error, created_at, updated_at)
		VALUES ($1, $2, 'thanks', $3, 'failed', 30006, 'landline or unreachable carrier', $4, $4)`,
		s.reportB, wes.ID, start.Add(-30*time.Minute).UTC(), start.UTC()); err != nil {
		t.Fatal(err)
	}

	s.nb = nbtest.New(t)
	var err error
	if s.sealer, err = nationbuilder.NewSealer([]byte("debrief-web-test-token-key-32byt")); err != nil {
		t.Fatal(err)
	}
	nbOAuth := nationbuilder.OAuth{BaseURL: s.nb.URL, ClientID: nbtest.ClientID, ClientSecret: nbtest.ClientSecret,
		RedirectURI: testPublicURL + web.NationBuilderCallbackPath}
	e, err := web.New(web.Config{
		Inbox:         inbox.New(st, inbox.Options{DefaultLocation: time.UTC}),
		DB:            st,
		SkipSignature: true,
		Logger:        slog.New(slog.NewTextHandler(t.Output(), nil)),
		Now:           s.clock.Now,
		Accounts:      st,
		People:        st,
		Questions:     st,
		Plans:         st,
		NationBuilder: &web.NationBuilderPage{Nation: testNation, Pushes: st,
			OAuth: nationbuilder.Connection{OAuth: nbOAuth, Vault: st, Sealer: s.sealer}},
		Codes:         s.codes,
		SecureCookies: secure,
		Background:    func(f func()) { f() },
		ReportZone:    mustZone(t, "America/New_York"),
		HistoryCache:  5 * time.Minute, // as debrief serve's
	})
	if err != nil {
		t.Fatal(err)
	}
	s.srv = httptest.NewServer(e)
	t.Cleanup(s.srv.Close)
	return s
}

func mustZone(t *testing.T, name string) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(name)
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

func (s *site) addReport(t *testing.T, volunteerID int64, seq int, person string, status debrief.ReportStatus, at time.Time) int64 {
	t.Helper()
	var id int64
	err := s.db.QueryRow(`INSERT INTO reports (volunteer_id, seq, person_name, issue, commitment, commitments, next_steps,
		status, started_at, updated_at, completed_at)
		VALUES ($1, $2, $3, 'clean air near schools', 'house_party', 'house_party', 'Call her next Tuesday', $4, $5, $5, $5)
		RETURNING id`, volunteerID, seq, person, string(status), at.UTC()).Scan(&id)
	if err != nil {
		t.Fatal(err)
	}
	s.foldSearch(t)
	return id
}

// foldSearch folds the search text of the reports and volunteers a
// fixture inserted in SQL, as Migrate does for a database's older rows.
func (s *site) foldSearch(t *testing.T) {
	t.Helper()
	if _, err := s.st.FoldSearch(context.Background()); err != nil {
		t.Fatal(err)
	}
}

// browser is one client of the site: its cookies (whatever their flags,
// so that Secure ones work over the test's http) and the CSRF token of the
// last page with a form. It follows no redirect.
type browser struct {
	t       *testing.T
	s       *site
	cookies map[string]string
	csrf    string
	ip      string // X-Forwarded-For, when set
}

func (s *site) browser(t *testing.T) *browser {
	return &browser{t: t, s: s, cookies: map[string]string{}}
}

var csrfField = regexp.MustCompile(`name="_csrf" value="([^"]+)"`)

type answer struct {
	status   int
	location string
	body     string
	header   http.Header
}

func (b *browser) do(method, path string, form url.Values) answer {
	b.t.Helper()
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req, err := http.NewRequest(method, b.s.srv.URL+path, body)
	if err != nil {
		b.t.Fatal(err)
	}
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	if b.s.secure {
		req.Header.Set("X-Forwarded-Proto", "https")
	}
	if b.ip != "" {
		req.Header.Set("X-Forwarded-For", b.ip)
	}
	for k, v := range b.cookies {
		req.AddCookie(&http.Cookie{Name: k, Value: v})
	}
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := client.Do(req)
	if err != nil {
		b.t.Fatal(err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		b.t.Fatal(err)
	}
	for _, c := range resp.Cookies() {
		if c.MaxAge < 0 || c.Value == "" {
			delete(b.cookies, c.Name)
		} else {
			b.cookies[c.Name] = c.Value
		}
	}
	if m := csrfField.FindSubmatch(data); m != nil {
		b.csrf = string(m[1])
	}
	return answer{status: resp.StatusCode, location: resp.Header.Get("Location"), body: string(data), header: resp.Header}
}

func (b *browser) get(path string) answer { return b.do(http.MethodGet, path, nil) }

// post posts form with the CSRF token of the last page.
func (b *browser) post(path string, form url.Values) answer {
	if form == nil {
		form = url.Values{}
	}
	form.Set("_csrf", b.csrf)
	return b.do(http.MethodPost, path, form)
}

// askCode asks a code for phone from the sign-in page.
func (b *browser) askCode(phone string) answer {
	b.t.Helper()
	if a := b.get(web.SigninPath); a.status != http.StatusOK {
		b.t.Fatalf("GET /signin: %d", a.status)
	}
	return b.post(web.SigninPath, url.Values{"phone": {phone}})
}

func (b *browser) sendCode(phone, code string) answer {
	return b.post(web.CodePath, url.Values{"phone": {phone}, "code": {code}})
}

// signIn signs phone in and fails the test if it cannot.
func (b *browser) signIn(phone string) {
	b.t.Helper()
	if a := b.askCode(phone); a.status != http.StatusOK {
		b.t.Fatalf("POST /signin %s: %d", phone, a.status)
	}
	code := b.s.codes.last(phone)
	if code == "" {
		b.t.Fatalf("no code texted to %s", phone)
	}
	if a := b.sendCode(phone, code); a.status != http.StatusSeeOther || a.location != web.ReportsPath {
		b.t.Fatalf("POST /signin/code %s: %d to %q, want 303 to /reports", phone, a.status, a.location)
	}
}

func TestPagesAuthorization(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, be storetest.Backend) {
		s := newSite(t, be, false)
		s.addPlans(t)
		type want struct {
			status   int
			location string   // of a redirect
			has      []string // on the page
			hasNot   []string
		}
		toSignin := want{status: http.StatusSeeOther, location: web.SigninPath}
		toReports := want{status: http.StatusSeeOther, location: web.ReportsPath}
		ok := want{status: http.StatusOK}
		notFound := want{status: http.StatusNotFound}
		list := func(has, hasNot []string) want { return want{status: http.StatusOK, has: has, hasNot: hasNot} }
		month := clocktest.Start().In(clocktest.NewYork).Format("2006-01") // the fixture's reports'
		routes := []string{
			"/",
			web.SigninPath,
			"/assets/site.css",
			"/reports",
			fmt.Sprintf("/reports/%d", s.reportA),
			fmt.Sprintf("/reports/%d", s.reportB),
			fmt.Sprintf("/reports?team=%d", s.teamB),
			"/reports?status=draft",
			"/reports/999999",
			web.FollowupsPath,
			fmt.Sprintf("/followups?team=%d", s.teamB),
			web.QuestionsPath,
			fmt.Sprintf("/questions?team=%d", s.teamA),
			"/questions?team=all",
			fmt.Sprintf("/questions/%d", s.questionA),
			fmt.Sprintf("/questions/%d", s.questionB),
			fmt.Sprintf("/questions/%d", s.questionAll),
			"/questions/999999",
			"/monthly?month=" + month,
			fmt.Sprintf("/monthly?month=%s&team=%d", month, s.teamB),
			web.ReportsCSVPath,
			fmt.Sprintf("%s?team=%d", web.ReportsCSVPath, s.teamB),
		}
		school, union, first := "Which school do their kids go to?", "Which union are they in?", "Is this their first 1:1?"
		qs := func(has ...string) want {
			var not []string
			for _, q := range []string{school, union, first} {
				if !slices.Contains(has, q) {
					not = append(not, q)
				}
			}
			return list(has, not)
		}
		maria, lee := []string{"Maria Lopez"}, []string{"Lee Chan"}
		both := []string{"Maria Lopez", "Lee Chan"}
		// The monthly report of the fixture's month: the teams seen, and
		// totals of theirs alone.
		total := func(n int) string { return fmt.Sprintf(`<tfoot><tr><th scope="row">Total</th><td>%d</td>`, n) }
		monthA := list([]string{"Team A", "1 1:1 reportado por 1 voluntario de 1 equipo.", total(1)}, []string{"Team B"})
		monthNoneA := list([]string{"0 1:1 reportados por 0 voluntarios de 0 equipos.", total(0)}, []string{"Team B"})
		monthB := list([]string{"Team B", "1 1:1 reported by 1 volunteer of 1 team.", total(1)}, []string{"Team A"})
		monthAll := list([]string{"Team A", "Team B", "2 1:1s reported by 2 volunteers of 2 teams.", total(2)}, nil)
		monthAllB := list([]string{"1 1:1 reported by 1 volunteer of 1 team.", total(1)}, nil)
		for _, tc := range []struct {
			who   string
			phone string // "" for anonymous
			want  []want // by route
		}{
			{"anonymous", "", []want{toReports, ok, ok, toSignin, toSignin, toSignin, toSignin, toSignin, toSignin, toSignin, toSignin,
				toSignin, toSignin, toSignin, toSignin, toSignin, toSignin, toSignin, toSignin, toSignin, toSignin, toSignin}},
			{"volunteer", volunteerA, []want{toReports, ok, ok, toSignin, toSignin, toSignin, toSignin, toSignin, toSignin, toSignin, toSignin,
				toSignin, toSignin, toSignin, toSignin, toSignin, toSignin, toSignin, toSignin, toSignin, toSignin, toSignin}},
			{"organizer of A", organizerA, []want{toReports, toReports, ok, list(maria, lee), list(maria, nil), notFound,
				list(nil, both), list(nil, both), notFound, list(maria, lee), list(nil, both),
				qs(school, first), qs(school, first), notFound, qs(school), notFound, notFound, notFound, monthA, monthNoneA, list(maria, lee), list(nil, both)}},
			{"organizer of B", organizerB, []want{toReports, toReports, ok, list(lee, maria), notFound, list(lee, nil),
				list(lee, maria), list(nil, both), notFound, list(lee, maria), list(lee, maria),
				qs(union, first), notFound, notFound, notFound, qs(union), notFound, notFound, monthB, monthB, list(lee, maria), list(lee, maria)}},
			{"coordinator", coordinator, []want{toReports, toReports, ok, list(both, nil), list(maria, nil), list(lee, nil),
				list(lee, maria), list(nil, both), notFound, list(both, nil), list(lee, maria),
				qs(first), qs(school, first), qs(first), qs(school), qs(union), qs(first), notFound, monthAll, monthAllB, list(both, nil), list(lee, maria)}},
		} {
			t.Run(tc.who, func(t *testing.T) {
				b := s.browser(t)
				if tc.phone == volunteerA {
					if a := b.askCode(volunteerA); a.status != http.StatusOK {
						t.Fatalf("POST /signin: %d", a.status)
					}
					if n := s.codes.count(volunteerA); n != 0 {
						t.Fatalf("a volunteer was texted %d codes", n)
					}
					if a := b.sendCode(volunteerA, "000000"); a.status != http.StatusUnprocessableEntity {
						t.Fatalf("a volunteer's code: %d, want 422", a.status)
					}
				} else if tc.phone != "" {
					b.signIn(tc.phone)
				}
				for i, route := range routes {
					a := b.get(route)
					w := tc.want[i]
					if a.status != w.status || a.location != w.location {
						t.Errorf("GET %s: %d to %q, want %d to %q", route, a.status, a.location, w.status, w.location)
						continue
					}
					for _, s := range w.has {
						if !strings.Contains(a.body, s) {
							t.Errorf("GET %s: no %q on the page", route, s)
						}
					}
					for _, s := range w.hasNot {
						if strings.Contains(a.body, s) {
							t.Errorf("GET %s: %q on the page", route, s)
						}
					}
				}
				checkPeoplePages(t, s, b, tc.who)
				checkPlansPages(t, s, b, tc.who)
				checkNationBuilderPages(t, s, b, tc.who)
				// Sign-out answers everyone alike, and ends a session.
				if a := b.post(web.SignoutPath, nil); a.status != http.StatusSeeOther || a.location != web.SigninPath {
					t.Errorf("POST /signout: %d to %q", a.status, a.location)
				}
				if a := b.get(web.ReportsPath); a.status != http.StatusSeeOther {
					t.Errorf("GET /reports after sign-out: %d, want 303", a.status)
				}
			})
		}
	})
}

func TestSigninCodeExpires(t *testing.T) {
	t.Parallel()
	s := newSite(t, storetest.Backends(t)[0], false)
	b := s.browser(t)
	b.askCode(organizerA)
	code := s.codes.last(organizerA)
	s.clock.Advance(web.CodeTTL)
	if a := b.sendCode(organizerA, code); a.status != http.StatusUnprocessableEntity || b.cookies[web.SessionCookie] != "" {
		t.Errorf("code after 10 minutes: %d, session %v; want 422 and none", a.status, b.cookies[web.SessionCookie] != "")
	}
	b.askCode(organizerA)
	s.clock.Advance(web.CodeTTL - time.Second)
	if a := b.sendCode(organizerA, s.codes.last(organizerA)); a.status != http.StatusSeeOther {
		t.Errorf("code within 10 minutes: %d, want 303", a.status)
	}
}

func TestSigninCodeReuse(t *testing.T) {
	t.Parallel()
	s := newSite(t, storetest.Backends(t)[0], false)
	b := s.browser(t)
	b.signIn(organizerA)
	code := s.codes.last(organizerA)
	other := s.browser(t)
	other.get(web.SigninPath)
	if a := other.sendCode(organizerA, code); a.status != http.StatusUnprocessableEntity || other.cookies[web.SessionCookie] != "" {
		t.Errorf("code used twice: %d, want 422 and no session", a.status)
	}
}

func TestSigninWrongCodeAttempts(t *testing.T) {
	t.Parallel()
	s := newSite(t, storetest.Backends(t)[0], false)
	b := s.browser(t)
	b.askCode(organizerA)
	code := s.codes.last(organizerA)
	wrong := "000000"
	if code == wrong {
		wrong = "111111"
	}
	for i := range web.CodeAttempts {
		if a := b.sendCode(organizerA, wrong); a.status != http.StatusUnprocessableEntity {
			t.Fatalf("wrong code %d: %d, want 422", i+1, a.status)
		}
	}
	if a := b.sendCode(organizerA, code); a.status != http.StatusUnprocessableEntity || b.cookies[web.SessionCookie] != "" {
		t.Errorf("right code after %d wrong: %d, want 422 and no session", web.CodeAttempts, a.status)
	}
}

func TestSigninRequestLimits(t *testing.T) {
	t.Parallel()
	t.Run("per number", func(t *testing.T) {
		t.Parallel()
		s := newSite(t, storetest.Backends(t)[0], false)
		b := s.browser(t)
		for i := range web.CodesPerPhone {
			b.ip = fmt.Sprintf("203.0.113.%d", i+1)
			if a := b.askCode(organizerA); a.status != http.StatusOK {
				t.Fatalf("request %d: %d", i+1, a.status)
			}
		}
		b.ip = "203.0.113.99"
		if a := b.askCode(organizerA); a.status != http.StatusTooManyRequests {
			t.Errorf("request %d for one number: %d, want 429", web.CodesPerPhone+1, a.status)
		}
		if n := s.codes.count(organizerA); n != web.CodesPerPhone {
			t.Errorf("%d codes texted, want %d", n, web.CodesPerPhone)
		}
		s.clock.Advance(time.Hour)
		if a := b.askCode(organizerA); a.status != http.StatusOK {
			t.Errorf("an hour later: %d, want 200", a.status)
		}
	})
	t.Run("per client", func(t *testing.T) {
		t.Parallel()
		s := newSite(t, storetest.Backends(t)[0], false)
		b := s.browser(t)
		b.ip = "198.51.100.7"
		for i := range web.CodesPerClient {
			if a := b.askCode(fmt.Sprintf("+1617555%04d", 2000+i)); a.status != http.StatusOK {
				t.Fatalf("request %d: %d", i+1, a.status)
			}
		}
		if a := b.askCode(organizerA); a.status != http.StatusTooManyRequests {
			t.Errorf("request %d from one address: %d, want 429", web.CodesPerClient+1, a.status)
		}
		if n := s.codes.count(organizerA); n != 0 {
			t.Errorf("texted %d codes over the limit", n)
		}
		b.ip = "198.51.100.8"
		if a := b.askCode(organizerA); a.status != http.StatusOK {
			t.Errorf("another address: %d, want 200", a.status)
		}
	})
}

// TestSigninSameAnswer: the page says nothing of whether the number can
// sign in, is a volunteer's, is nobody's, or could not be texted.
func TestSigninSameAnswer(t *testing.T) {
	t.Parallel()
	s := newSite(t, storetest.Backends(t)[0], false)
	page := func(phone string) answer {
		b := s.browser(t)
		a := b.askCode(phone)
		a.body = strings.NewReplacer("&#43;"+phone[1:], "PHONE", b.csrf, "CSRF").Replace(a.body)
		return a
	}
	want := page(organizerA)
	if want.status != http.StatusOK || s.codes.count(organizerA) != 1 {
		t.Fatalf("organizer: %d, %d codes", want.status, s.codes.count(organizerA))
	}
	s.codes.mu.Lock()
	s.codes.err = debrief.ErrOptedOut
	s.codes.mu.Unlock()
	for name, phone := range map[string]string{"unknown": unknownPhone, "volunteer": volunteerB, "refused by the carrier": organizerB} {
		got := page(phone)
		if got.status != want.status || got.body != want.body {
			t.Errorf("%s: %d %q\nwant %d %q", name, got.status, got.body, want.status, want.body)
		}
	}
	if s.codes.count(unknownPhone)+s.codes.count(volunteerB) != 0 {
		t.Error("a code went to a number that cannot sign in")
	}
}

func TestPagesNeedCSRF(t *testing.T) {
	t.Parallel()
	s := newSite(t, storetest.Backends(t)[0], false)
	b := s.browser(t)
	b.signIn(organizerA)
	for _, path := range []string{web.SigninPath, web.CodePath, web.SignoutPath} {
		for name, token := range map[string]string{"no token": "", "wrong token": "x" + b.csrf} {
			a := b.do(http.MethodPost, path, url.Values{"_csrf": {token}, "phone": {organizerA}, "code": {"123456"}})
			if a.status != http.StatusForbidden {
				t.Errorf("POST %s, %s: %d, want 403", path, name, a.status)
			}
		}
	}
	if a := b.get(web.ReportsPath); a.status != http.StatusOK {
		t.Errorf("signed out by a forged POST: %d", a.status)
	}
}

func TestPagesCookiesAndHeaders(t *testing.T) {
	t.Parallel()
	for _, secure := range []bool{false, true} {
		t.Run(fmt.Sprint("secure=", secure), func(t *testing.T) {
			t.Parallel()
			s := newSite(t, storetest.Backends(t)[0], secure)
			b := s.browser(t)
			signin := b.get(web.SigninPath)
			if csp := signin.header.Get("Content-Security-Policy"); !strings.Contains(csp, "default-src 'none'") ||
				strings.Contains(csp, "unsafe-inline") || strings.Contains(csp, "script-src") {
				t.Errorf("CSP %q: want default-src 'none', no script", csp)
			}
			if got := signin.header.Get("X-Frame-Options"); got != "DENY" {
				t.Errorf("X-Frame-Options %q", got)
			}
			if got := signin.header.Get("Strict-Transport-Security") != ""; got != secure {
				t.Errorf("HSTS sent: %v, want %v", got, secure)
			}
			b.askCode(organizerA)
			a := b.sendCode(organizerA, s.codes.last(organizerA))
			var session *http.Cookie
			for _, c := range (&http.Response{Header: a.header}).Cookies() {
				if c.Name == web.SessionCookie {
					session = c
				}
			}
			if session == nil {
				t.Fatal("no session cookie")
			}
			if !session.HttpOnly || session.SameSite != http.SameSiteLaxMode || session.Secure != secure || session.Path != "/" ||
				session.MaxAge != int(store.SessionMax/time.Second) {
				t.Errorf("session cookie %+v: want HttpOnly, SameSite=Lax, Secure %v, Path /, Max-Age 7 days", session, secure)
			}
			csrfSet := signin.header.Values("Set-Cookie")
			if len(csrfSet) == 0 || !strings.Contains(csrfSet[0], "HttpOnly") || !strings.Contains(csrfSet[0], "SameSite=Lax") ||
				strings.Contains(csrfSet[0], "Secure") != secure {
				t.Errorf("CSRF cookie %q", csrfSet)
			}
		})
	}
}

func TestSessionEnds(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, be storetest.Backend) {
		s := newSite(t, be, false)
		ctx := context.Background()
		stale := func(b *browser) *browser {
			c := s.browser(t)
			c.cookies[web.SessionCookie] = b.cookies[web.SessionCookie]
			return c
		}
		b := s.browser(t)
		b.signIn(organizerA)
		kept := stale(b)
		b.get(web.ReportsPath)
		if a := b.post(web.SignoutPath, nil); a.status != http.StatusSeeOther || a.location != web.SigninPath {
			t.Errorf("sign-out: %d to %q", a.status, a.location)
		}
		if a := kept.get(web.ReportsPath); a.status != http.StatusSeeOther {
			t.Errorf("the session's cookie after sign-out: %d, want 303", a.status)
		}

		for _, role := range []debrief.Role{debrief.RoleCoordinator, debrief.RoleVolunteer} {
			b := s.browser(t)
			b.signIn(organizerB)
			v, err := s.st.Volunteer(ctx, organizerB)
			if err != nil {
				t.Fatal(err)
			}
			if err := s.st.SetRole(ctx, v.ID, role); err != nil {
				t.Fatal(err)
			}
			if a := b.get(web.ReportsPath); a.status != http.StatusSeeOther {
				t.Errorf("after the role became %s: %d, want 303", role, a.status)
			}
			if err := s.st.SetRole(ctx, v.ID, debrief.RoleOrganizer); err != nil {
				t.Fatal(err)
			}
		}

		b = s.browser(t)
		b.signIn(organizerA)
		s.clock.Advance(store.SessionIdle)
		if a := b.get(web.ReportsPath); a.status != http.StatusSeeOther {
			t.Errorf("idle 12h: %d, want 303", a.status)
		}
	})
}

// TestPagesGolden renders the reports page and a report's page as the
// coordinator and an organizer writing Spanish see them. Its instant is
// its own, not clocktest.Start, which DEBRIEF_TEST_CLOCK moves: the pages
// show dates.
func TestPagesGolden(t *testing.T) {
	t.Parallel()
	s := newSiteAt(t, storetest.Backends(t)[0], false, time.Date(2026, 11, 24, 17, 0, 0, 0, time.UTC))
	signedIn := map[string]*browser{}
	for _, tc := range []struct {
		golden, phone, path string
	}{
		{"reports_coordinator", coordinator, "/reports"},
		{"reports_filtered", coordinator, fmt.Sprintf("/reports?team=%d&status=complete", s.teamA)},
		{"report", coordinator, fmt.Sprintf("/reports/%d", s.reportA)},
		{"reports_organizer_es", organizerA, "/reports"},
		{"reports_searched_es", organizerA, "/reports?q=maria&commitment=house_party&from=2026-11-01&to=2026-11-30&status=complete"},
		{"report_es", organizerA, fmt.Sprintf("/reports/%d", s.reportA)},
		{"followups_coordinator", coordinator, "/followups"},
		{"followups_organizer_es", organizerA, "/followups"},
		{"questions_organizer_es", organizerA, "/questions"},
		{"questions_all_coordinator", coordinator, "/questions"},
		{"question_edit", coordinator, fmt.Sprintf("/questions/%d", s.questionA)},
		{"monthly_coordinator", coordinator, "/monthly?month=2026-11"},
		{"monthly_organizer_es", organizerA, "/monthly?month=2026-11"},
	} {
		// One browser a person: each sign-in costs a code, and codes are
		// limited per number.
		b := signedIn[tc.phone]
		if b == nil {
			b = s.browser(t)
			b.signIn(tc.phone)
			signedIn[tc.phone] = b
		}
		a := b.get(tc.path)
		if a.status != http.StatusOK {
			t.Fatalf("%s: %d", tc.path, a.status)
		}
		got := strings.ReplaceAll(a.body, b.csrf, "CSRF")
		got = regexp.MustCompile(`team=\d+|value="\d+"`).ReplaceAllStringFunc(got, func(m string) string {
			return strings.NewReplacer(fmt.Sprint(s.teamA), "A", fmt.Sprint(s.teamB), "B").Replace(m)
		})
		got = strings.ReplaceAll(got, fmt.Sprintf("/reports/%d", s.reportA), "/reports/A")
		got = strings.ReplaceAll(got, fmt.Sprintf("/reports/%d", s.reportB), "/reports/B")
		got = strings.ReplaceAll(got, fmt.Sprintf("/questions/%d\"", s.questionA), "/questions/A\"")
		got = strings.ReplaceAll(got, fmt.Sprintf("/questions/%d/", s.questionA), "/questions/A/")
		path := filepath.Join("testdata", tc.golden+".golden")
		if *update {
			if err := os.MkdirAll("testdata", 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		want, err := os.ReadFile(path)
		if err != nil {
			t.Fatalf("%v (run go test -update)", err)
		}
		if got != string(want) {
			t.Errorf("%s differs from %s (go test -update to accept):\n%s", tc.path, path, got)
		}
	}
}

func TestReportsPaged(t *testing.T) {
	t.Parallel()
	s := newSite(t, storetest.Backends(t)[0], false)
	vic, err := s.st.Volunteer(context.Background(), volunteerA)
	if err != nil {
		t.Fatal(err)
	}
	for i := range 50 {
		s.addReport(t, vic.ID, i+2, fmt.Sprintf("Person %02d", i), debrief.ReportComplete, clocktest.Start().Add(time.Duration(i)*time.Minute))
	}
	b := s.browser(t)
	b.signIn(organizerA)
	first := b.get(web.ReportsPath)
	if n := strings.Count(first.body, "<li>"); n != 50 || !strings.Contains(first.body, "Person 49") ||
		strings.Contains(first.body, "Maria Lopez") || !strings.Contains(first.body, `href="/reports?page=2"`) {
		t.Errorf("page 1: %d reports, want the 50 newest and a link to page 2", n)
	}
	second := b.get(web.ReportsPath + "?page=2")
	if n := strings.Count(second.body, "<li>"); n != 1 || !strings.Contains(second.body, "Maria Lopez") ||
		!strings.Contains(second.body, `href="/reports"`) || strings.Contains(second.body, "page=3") {
		t.Errorf("page 2: %d reports, want Maria's alone and a link back", n)
	}
	for _, q := range []string{"?page=0", "?team=x", "?status=sent"} {
		if a := b.get(web.ReportsPath + q); a.status != http.StatusBadRequest {
			t.Errorf("%s: %d, want 400", q, a.status)
		}
	}
}

// TestFollowupsFilter lists the follow-ups of each status, latest due
// first: due is pending and due by the handler's clock, not later; texts
// to organizers are not listed.
func TestFollowupsFilter(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, be storetest.Backend) {
		start := clocktest.Start()
		s := newSiteAt(t, be, false, start)
		ctx := context.Background()
		vic, err := s.st.Volunteer(ctx, volunteerA)
		if err != nil {
			t.Fatal(err)
		}
		olga, err := s.st.Volunteer(ctx, organizerA)
		if err != nil {
			t.Fatal(err)
		}
		add := func(seq int, person string, recipient int64, kind, status string, due time.Duration) {
			t.Helper()
			id := s.addReport(t, vic.ID, seq, person, debrief.ReportComplete, start.Add(-5*time.Hour))
			at := start.Add(due).UTC()
			if _, err := s.db.Exec(`INSERT INTO followups (report_id, volunteer_id, kind, due_at, status, sent_at, closed_at,
					created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8)`,
				id, recipient, kind, at, status, at, at, start.UTC()); err != nil {
				t.Fatal(err)
			}
		}
		add(2, "Dana Due", vic.ID, "nudge", "pending", -10*time.Minute)
		add(3, "Otto Overdue", vic.ID, "next_step", "overdue", -3*time.Hour)
		add(4, "Don Done", vic.ID, "thanks", "done", -4*time.Hour)
		add(5, "Oscar Organizer", olga.ID, "organizer_commitment", "pending", -20*time.Minute)
		everyone := []string{"Maria Lopez", "Lee Chan", "Dana Due", "Otto Overdue", "Don Done", "Oscar Organizer"}
		b := s.browser(t)
		b.signIn(coordinator)
		for _, tc := range []struct {
			status string
			want   []string // in this order
		}{
			{"", []string{"Maria Lopez", "Dana Due", "Lee Chan", "Otto Overdue", "Don Done"}},
			{"due", []string{"Dana Due"}},
			{"overdue", []string{"Otto Overdue"}},
			{"done", []string{"Don Done"}},
			{"failed", []string{"Lee Chan"}},
		} {
			path := web.FollowupsPath + "?status=" + tc.status
			a := b.get(path)
			if a.status != http.StatusOK {
				t.Fatalf("GET %s: %d", path, a.status)
			}
			last := -1
			for _, name := range everyone {
				i := strings.Index(a.body, name)
				if slices.Contains(tc.want, name) != (i >= 0) {
					t.Errorf("GET %s: %q on the page is %v", path, name, i >= 0)
				}
			}
			for _, name := range tc.want {
				i := strings.Index(a.body, name)
				if i < last {
					t.Errorf("GET %s: %q out of order", path, name)
				}
				last = i
			}
			if tc.status == "failed" && !strings.Contains(a.body, "<td>30006: landline or unreachable carrier</td>") {
				t.Errorf("GET %s: no reason for the failure:\n%s", path, a.body)
			}
		}
		for _, q := range []string{"?page=0", "?team=x", "?status=pending", "?status=sent"} {
			if a := b.get(web.FollowupsPath + q); a.status != http.StatusBadRequest {
				t.Errorf("%s: %d, want 400", q, a.status)
			}
		}
	})
}

func TestFollowupsPaged(t *testing.T) {
	t.Parallel()
	s := newSite(t, storetest.Backends(t)[0], false)
	vic, err := s.st.Volunteer(context.Background(), volunteerA)
	if err != nil {
		t.Fatal(err)
	}
	start := clocktest.Start()
	for i := range 50 {
		id := s.addReport(t, vic.ID, i+2, fmt.Sprintf("Person %02d", i), debrief.ReportComplete, start.Add(-time.Hour))
		if _, err := s.db.Exec(`INSERT INTO followups (report_id, volunteer_id, kind, due_at, status, created_at, updated_at)
			VALUES ($1, $2, 'next_step', $3, 'pending', $4, $4)`, id, vic.ID, start.Add(-time.Duration(i)*time.Minute).UTC(), start.UTC()); err != nil {
			t.Fatal(err)
		}
	}
	b := s.browser(t)
	b.signIn(organizerA)
	all := b.get(web.FollowupsPath)
	if n := strings.Count(all.body, "<tr><td>"); n != 50 || !strings.Contains(all.body, "Maria Lopez") ||
		strings.Contains(all.body, "Person 49") || !strings.Contains(all.body, `href="/followups?page=2"`) {
		t.Errorf("page 1: %d follow-ups, want Maria's (due latest), 49 more and a link to page 2", n)
	}
	// Maria's is due in an hour: the 50 others are due, one page of them.
	due := b.get(web.FollowupsPath + "?status=due")
	if n := strings.Count(due.body, "<tr><td>"); n != 50 || strings.Contains(due.body, "Maria Lopez") || strings.Contains(due.body, "page=2") {
		t.Errorf("due: %d follow-ups, want the 50 due on one page", n)
	}
	second := b.get(web.FollowupsPath + "?page=2")
	if n := strings.Count(second.body, "<tr><td>"); n != 1 || !strings.Contains(second.body, "Person 49") ||
		!strings.Contains(second.body, `href="/followups"`) || strings.Contains(second.body, "page=3") {
		t.Errorf("page 2: %d follow-ups, want Person 49's alone and a link back", n)
	}
}
