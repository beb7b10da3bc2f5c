package twiliotest_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/debrief-sms/debrief/internal/twilio/twiliotest"
)

const (
	to   = "+16175551234"
	from = "+16175550100"
	mg   = "MG0123456789abcdef0123456789abcdef"
)

// call sends a request to the fake as Twilio's clients do and decodes the
// JSON answer.
func call(t *testing.T, s *twiliotest.Server, method, path string, form url.Values, user, pass string) (int, map[string]any) {
	t.Helper()
	var body *strings.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	} else {
		body = strings.NewReader("")
	}
	req, err := http.NewRequestWithContext(t.Context(), method, s.URL+path, body)
	if err != nil {
		t.Fatal(err)
	}
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	if user != "" {
		req.SetBasicAuth(user, pass)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if ct := resp.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		t.Errorf("Content-Type = %q", ct)
	}
	var v map[string]any
	if err := json.NewDecoder(resp.Body).Decode(&v); err != nil {
		t.Fatalf("decode answer: %v", err)
	}
	return resp.StatusCode, v
}

func send(t *testing.T, s *twiliotest.Server, form url.Values) (int, map[string]any) {
	t.Helper()
	return call(t, s, http.MethodPost, s.MessagesPath(), form, s.AccountSID, s.AuthToken)
}

func TestCreateAnswersLikeTwilio(t *testing.T) {
	t.Parallel()
	s := twiliotest.New(t)
	at := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	s.SetClock(func() time.Time { return at })
	status, m := send(t, s, url.Values{"To": {to}, "From": {from}, "Body": {"hello"}, "StatusCallback": {"https://x.org/twilio/status"}})
	if status != http.StatusCreated {
		t.Fatalf("status %d: %v", status, m)
	}
	sid, _ := m["sid"].(string)
	if !regexp.MustCompile(`^SM[0-9a-f]{32}$`).MatchString(sid) {
		t.Errorf("sid = %q", sid)
	}
	want := map[string]any{
		"account_sid": s.AccountSID, "to": to, "from": from, "body": "hello", "status": "queued",
		"num_segments": "1", "num_media": "0", "direction": "outbound-api", "api_version": "2010-04-01",
		"date_created": "Sun, 01 Mar 2026 12:00:00 +0000", "messaging_service_sid": nil,
		"error_code": nil, "error_message": nil, "price": nil, "date_sent": nil, // queued: not yet sent
		"uri": "/2010-04-01/Accounts/" + s.AccountSID + "/Messages/" + sid + ".json",
	}
	for k, v := range want {
		got, ok := m[k]
		if !ok || got != v {
			t.Errorf("%s = %#v (present %v), want %#v", k, got, ok, v)
		}
	}
	sent := s.Sent()
	if len(sent) != 1 || sent[0].SID != sid || sent[0].StatusCallback != "https://x.org/twilio/status" || !sent[0].DateCreated.Equal(at) {
		t.Errorf("Sent = %+v", sent)
	}

	status, got := call(t, s, http.MethodGet, "/2010-04-01/Accounts/"+s.AccountSID+"/Messages/"+sid+".json", nil, s.AccountSID, s.AuthToken)
	if status != http.StatusOK || got["sid"] != sid || got["body"] != "hello" {
		t.Errorf("fetch = %d %v", status, got)
	}
}

func TestCreateThroughMessagingService(t *testing.T) {
	t.Parallel()
	s := twiliotest.New(t)
	status, m := send(t, s, url.Values{"To": {to}, "MessagingServiceSid": {mg}, "Body": {"hello"}})
	if status != http.StatusCreated || m["status"] != "accepted" || m["from"] != nil ||
		m["messaging_service_sid"] != mg || m["num_segments"] != "0" {
		t.Errorf("answer %d %v", status, m)
	}
	if got := s.Sent()[0]; got.Segments != 1 || got.From != "" {
		t.Errorf("Sent = %+v", got)
	}
}

func TestRefusals(t *testing.T) {
	t.Parallel()
	ok := url.Values{"To": {to}, "From": {from}, "Body": {"hi"}}
	with := func(k, v string) url.Values {
		f := url.Values{}
		for key, vs := range ok {
			f[key] = vs
		}
		if v == "" {
			f.Del(k)
		} else {
			f.Set(k, v)
		}
		return f
	}
	other := "AC" + strings.Repeat("f", 32)
	tests := []struct {
		name       string
		method     string
		path       string // the server's Messages path when empty
		form       url.Values
		user, pass string
		script     func(*twiliotest.Server)
		status     int
		code       int
	}{
		{name: "no auth", form: ok, status: 401, code: 20003},
		{name: "wrong token", form: ok, user: twiliotest.AccountSID, pass: "nope", status: 401, code: 20003},
		{name: "other account", path: "/2010-04-01/Accounts/" + other + "/Messages.json", form: ok, status: 404, code: 20404},
		{name: "unknown path", path: "/2010-04-01/Calls.json", form: ok, status: 404, code: 20404},
		{name: "DELETE the list", method: http.MethodDelete, status: 405, code: 20004},
		{name: "no To", form: with("To", ""), status: 400, code: 21604},
		{name: "no From nor service", form: with("From", ""), status: 400, code: 21603},
		{name: "bad service", form: url.Values{"To": {to}, "MessagingServiceSid": {"MG1"}, "Body": {"hi"}}, status: 400, code: 21701},
		{name: "no Body", form: with("Body", ""), status: 400, code: 21602},
		{name: "Body over 1600", form: with("Body", strings.Repeat("a", 1601)), status: 400, code: 21617},
		{name: "To not E.164", form: with("To", "617-555-1234"), status: 400, code: 21211},
		{name: "opted out", form: ok, script: func(s *twiliotest.Server) { s.OptOut(to) }, status: 400, code: 21610},
		{name: "bad number", form: ok, script: func(s *twiliotest.Server) { s.BadNumber(to) }, status: 400, code: 21211},
		{name: "scripted 500", form: ok, script: func(s *twiliotest.Server) { s.FailNext("", 20500, 500, 1) }, status: 500, code: 20500},
		{name: "unknown message", method: http.MethodGet, path: "/2010-04-01/Accounts/" + twiliotest.AccountSID + "/Messages/SM" + strings.Repeat("0", 32) + ".json", status: 404, code: 20404},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			s := twiliotest.New(t)
			if tc.script != nil {
				tc.script(s)
			}
			method, path, user, pass := tc.method, tc.path, tc.user, tc.pass
			if method == "" {
				method = http.MethodPost
			}
			if path == "" {
				path = s.MessagesPath()
			}
			if user == "" && tc.name != "no auth" {
				user, pass = s.AccountSID, s.AuthToken
			}
			status, body := call(t, s, method, path, tc.form, user, pass)
			if status != tc.status {
				t.Errorf("status = %d, want %d", status, tc.status)
			}
			code, _ := body["code"].(float64)
			st, _ := body["status"].(float64)
			more, _ := body["more_info"].(string)
			msg, _ := body["message"].(string)
			if int(code) != tc.code || int(st) != tc.status || msg == "" || more != "https://www.twilio.com/docs/errors/"+strconv.Itoa(tc.code) {
				t.Errorf("error body = %v, want code %d status %d", body, tc.code, tc.status)
			}
			if len(s.Sent()) != 0 {
				t.Errorf("accepted %v", s.Sent())
			}
		})
	}
}

func TestFailNextCountsDown(t *testing.T) {
	t.Parallel()
	s := twiliotest.New(t)
	s.FailNext(to, 20429, 429, 2)
	form := url.Values{"To": {to}, "From": {from}, "Body": {"hi"}}
	var got []int
	for range 3 {
		status, _ := send(t, s, form)
		got = append(got, status)
	}
	other := url.Values{"To": {"+16175559999"}, "From": {from}, "Body": {"hi"}}
	if status, _ := send(t, s, other); status != http.StatusCreated {
		t.Errorf("other number: status %d", status)
	}
	if want := []int{429, 429, 201}; !slices.Equal(got, want) {
		t.Errorf("statuses = %v, want %v", got, want)
	}
	if s.Attempts(to) != 3 || s.Requests() != 4 || len(s.Sent()) != 2 {
		t.Errorf("Attempts %d, Requests %d, Sent %d", s.Attempts(to), s.Requests(), len(s.Sent()))
	}
}

func TestWaitSent(t *testing.T) {
	t.Parallel()
	s := twiliotest.New(t)
	const n = 20
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			form := url.Values{"To": {to}, "From": {from}, "Body": {"text " + strconv.Itoa(i)}}
			req, _ := http.NewRequest(http.MethodPost, s.URL+s.MessagesPath(), strings.NewReader(form.Encode()))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			req.SetBasicAuth(s.AccountSID, s.AuthToken)
			if resp, err := http.DefaultClient.Do(req); err == nil {
				resp.Body.Close()
			}
		})
	}
	ctx, cancel := context.WithTimeout(t.Context(), 10*time.Second)
	defer cancel()
	sent, err := s.WaitSent(ctx, n)
	if err != nil || len(sent) != n {
		t.Fatalf("WaitSent = %d texts, %v", len(sent), err)
	}
	seen := map[string]bool{}
	for _, m := range sent {
		seen[m.SID] = true
	}
	if len(seen) != n {
		t.Errorf("%d distinct SIDs for %d texts", len(seen), n)
	}
	wg.Wait()

	short, cancelShort := context.WithCancel(t.Context())
	cancelShort()
	if _, err := s.WaitSent(short, n+1); err == nil {
		t.Error("WaitSent for a text never sent returned no error")
	}
}

func TestSegments(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		body string
		want int
	}{
		{"empty", "", 1},
		{"160 GSM-7", strings.Repeat("a", 160), 1},
		{"161 GSM-7", strings.Repeat("a", 161), 2},
		{"306 GSM-7", strings.Repeat("a", 306), 2},
		{"307 GSM-7", strings.Repeat("a", 307), 3},
		{"GSM-7 accents", strings.Repeat("é", 160), 1},
		{"extension chars take two", strings.Repeat("€", 80), 1},
		{"extension chars over", strings.Repeat("€", 81), 2},
		{"70 UCS-2", strings.Repeat("á", 70), 1},
		{"71 UCS-2", strings.Repeat("á", 71), 2},
		{"134 UCS-2", strings.Repeat("á", 134), 2},
		{"135 UCS-2", strings.Repeat("á", 135), 3},
		{"one curly quote", strings.Repeat("a", 69) + "’", 1},
		{"emoji is two code units", strings.Repeat("a", 69) + "👍", 2},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			if got := twiliotest.Segments(tc.body); got != tc.want {
				t.Errorf("Segments = %d, want %d", got, tc.want)
			}
		})
	}
}

// TestListFiltersLikeTwilio lists texts by To and by sent day, most recent
// first, in pages linked by next_page_uri.
func TestListFiltersLikeTwilio(t *testing.T) {
	t.Parallel()
	s := twiliotest.New(t)
	day1 := time.Date(2026, 3, 1, 23, 0, 0, 0, time.UTC)
	at := day1
	s.SetClock(func() time.Time { return at })
	for i := range 3 {
		send(t, s, url.Values{"To": {to}, "From": {from}, "Body": {"day 1 #" + strconv.Itoa(i)}})
	}
	send(t, s, url.Values{"To": {"+16175559999"}, "From": {from}, "Body": {"someone else"}})
	at = day1.Add(2 * time.Hour) // the next GMT day
	send(t, s, url.Values{"To": {to}, "From": {from}, "Body": {"day 2"}})

	list := func(q url.Values) (int, map[string]any) {
		return call(t, s, http.MethodGet, s.MessagesPath()+"?"+q.Encode(), nil, s.AccountSID, s.AuthToken)
	}
	bodies := func(page map[string]any) []string {
		var out []string
		for _, m := range page["messages"].([]any) {
			out = append(out, m.(map[string]any)["body"].(string))
		}
		return out
	}
	tests := []struct {
		name string
		q    url.Values
		want []string
	}{
		{"To", url.Values{"To": {to}}, []string{"day 2", "day 1 #2", "day 1 #1", "day 1 #0"}},
		{"on or after a day, twilio-go's form", url.Values{"To": {to}, "DateSent>": {"2026-03-02T00:00:00Z"}}, []string{"day 2"}},
		{"on or before a day", url.Values{"To": {to}, "DateSent<": {"2026-03-01"}}, []string{"day 1 #2", "day 1 #1", "day 1 #0"}},
		{"on a day", url.Values{"DateSent": {"2026-03-01"}}, []string{"someone else", "day 1 #2", "day 1 #1", "day 1 #0"}},
		{"none", url.Values{"To": {to}, "DateSent>": {"2026-03-03"}}, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			status, page := list(tc.q)
			if got := bodies(page); status != http.StatusOK || !slices.Equal(got, tc.want) {
				t.Errorf("list %v = %d %q, want %q", tc.q, status, got, tc.want)
			}
		})
	}

	_, first := list(url.Values{"To": {to}, "PageSize": {"3"}})
	next, _ := first["next_page_uri"].(string)
	if got := bodies(first); len(got) != 3 || next == "" || first["previous_page_uri"] != nil {
		t.Fatalf("first page %q, next %q", got, next)
	}
	status, second := call(t, s, http.MethodGet, next, nil, s.AccountSID, s.AuthToken)
	if got := bodies(second); status != http.StatusOK || !slices.Equal(got, []string{"day 1 #0"}) || second["next_page_uri"] != nil {
		t.Errorf("second page %d %q, next %v", status, got, second["next_page_uri"])
	}
	if s.Lists() != len(tests)+2 {
		t.Errorf("Lists = %d", s.Lists())
	}
}

// TestSlowAnswersAfterAccepting accepts a text at once and answers only
// when the client gives up.
func TestSlowAnswersAfterAccepting(t *testing.T) {
	t.Parallel()
	s := twiliotest.New(t)
	s.Slow(time.Hour)
	form := url.Values{"To": {to}, "From": {from}, "Body": {"hi"}}
	ctx, cancel := context.WithCancel(t.Context())
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, s.URL+s.MessagesPath(), strings.NewReader(form.Encode()))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.SetBasicAuth(s.AccountSID, s.AuthToken)
	go func() {
		_, _ = s.WaitSent(t.Context(), 1)
		cancel() // accepted: the client gives up
	}()
	if resp, err := http.DefaultClient.Do(req); err == nil {
		resp.Body.Close()
		t.Fatalf("answered %s, want no answer before the client gave up", resp.Status)
	}
	if got := s.Sent(); len(got) != 1 || got[0].Body != "hi" {
		t.Errorf("Sent = %+v", got)
	}
}

// TestHoldKeepsTextsQueued holds texts in the queue as a busy long code
// does: listed with status queued and a null date_sent, missed by every
// DateSent filter, until Dispatch hands them on.
func TestHoldKeepsTextsQueued(t *testing.T) {
	t.Parallel()
	s := twiliotest.New(t)
	at := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	s.SetClock(func() time.Time { return at })
	s.Hold()
	send(t, s, url.Values{"To": {to}, "From": {from}, "Body": {"held"}})
	list := func(q url.Values) []any {
		status, page := call(t, s, http.MethodGet, s.MessagesPath()+"?"+q.Encode(), nil, s.AccountSID, s.AuthToken)
		if status != http.StatusOK {
			t.Fatalf("list %v: %d", q, status)
		}
		return page["messages"].([]any)
	}
	day := url.Values{"To": {to}, "DateSent>": {"2026-03-01"}}
	if got := list(day); len(got) != 0 {
		t.Errorf("a held text matched DateSent>: %v", got)
	}
	got := list(url.Values{"To": {to}})
	if len(got) != 1 {
		t.Fatalf("listed %v, want the held text", got)
	}
	if m := got[0].(map[string]any); m["status"] != "queued" || m["date_sent"] != nil {
		t.Errorf("held text listed as status %v, date_sent %v; want queued and null", m["status"], m["date_sent"])
	}
	at = at.Add(time.Minute)
	s.Dispatch()
	got = list(day)
	if len(got) != 1 {
		t.Fatalf("after Dispatch listed %v", got)
	}
	if m := got[0].(map[string]any); m["status"] != "sent" || m["date_sent"] != at.Format(time.RFC1123Z) {
		t.Errorf("dispatched text listed as status %v, date_sent %v", m["status"], m["date_sent"])
	}
}
