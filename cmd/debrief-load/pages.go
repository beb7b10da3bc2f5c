package main

import (
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/url"
	"os"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/debrief-sms/debrief"
	"github.com/debrief-sms/debrief/internal/store"
)

// pagesConfig is what -pages measures: the organizers' pages of a running
// `debrief serve` over the data -seed-reports made.
type pagesConfig struct {
	target, databaseURL string
	requests            int // per viewer and kind of page
	concurrency         int
	serverPID           int
}

// pageKind is one kind of request -pages makes, its URLs drawn at random.
type pageKind struct {
	name string
	url  func(r *rand.Rand) string
}

// viewerRun is a signed-in viewer and the pages they ask for.
type viewerRun struct {
	who    string
	cookie string
	kinds  []pageKind
}

// measurePages signs in (a session made in the database, as the sign-in
// code would) the organizer of the first seeded team and a coordinator,
// asks each kind of page c.requests times, c.concurrency at a time, and
// prints p50 and p99 per kind; then downloads the CSV of every report, and
// of the organizer's, and prints the rows a second; and the server's
// resident memory, sampled every 20 ms throughout, at its highest.
func measurePages(ctx context.Context, c pagesConfig, out io.Writer) error {
	if c.databaseURL == "" {
		return errors.New("-pages needs -database-url (to make the sessions and find the reports)")
	}
	st, err := store.Open(ctx, c.databaseURL, store.Options{})
	if err != nil {
		return err
	}
	defer st.Close()
	organizer, err := st.Volunteer(ctx, reportsPhonePrefix+"0000001")
	if err != nil {
		return fmt.Errorf("the first seeded organizer (run -seed-reports first): %w", err)
	}
	coordinator, err := st.Volunteer(ctx, reportsPhonePrefix+"9999999")
	if errors.Is(err, store.ErrNoVolunteer) {
		coordinator, err = st.AddVolunteer(ctx, debrief.Volunteer{Phone: reportsPhonePrefix + "9999999", Name: "Load coordinator",
			Role: debrief.RoleCoordinator})
	}
	if err != nil {
		return fmt.Errorf("coordinator: %w", err)
	}
	now := time.Now()
	var orgToken, coordToken string
	if orgToken, err = st.NewSession(ctx, organizer.ID, now); err != nil {
		return err
	}
	if coordToken, err = st.NewSession(ctx, coordinator.ID, now); err != nil {
		return err
	}
	teams, err := st.Teams(ctx)
	if err != nil {
		return err
	}
	var teamIDs []int64
	for _, t := range teams {
		if strings.HasPrefix(t.Name, "Load team ") {
			teamIDs = append(teamIDs, t.ID)
		}
	}
	orgScope := store.TeamScope{Teams: []int64{*organizer.TeamID}}
	members, err := st.TeamMembers(ctx, orgScope, 0, 1000)
	if err != nil {
		return err
	}
	orgReports, err := st.TeamReports(ctx, store.ReportFilter{Scope: &orgScope, AnyStatus: true}, 0, 100_000)
	if err != nil {
		return err
	}
	if len(members) == 0 || len(orgReports) == 0 || len(teamIDs) == 0 {
		return errors.New("no seeded team, member or report found (run -seed-reports first)")
	}
	everyone, err := st.TeamMembers(ctx, store.TeamScope{AllTeams: true}, 0, 100_000)
	if err != nil {
		return err
	}
	pick := func(r *rand.Rand, xs []string) string { return xs[r.IntN(len(xs))] }
	words := []string{"lopez", "union hall", "Teacher", "maria", "ward", "la calidad", "nobody-matches-this"}
	month := func(r *rand.Rand) string {
		d := now.AddDate(0, -r.IntN(12), 0)
		from := time.Date(d.Year(), d.Month(), 1, 0, 0, 0, 0, time.UTC)
		return "from=" + from.Format(time.DateOnly) + "&to=" + from.AddDate(0, 1, -1).Format(time.DateOnly)
	}
	common := func(pages int, volunteer func(r *rand.Rand) int64) []pageKind {
		return []pageKind{
			{"reports", func(*rand.Rand) string { return "/reports" }},
			{"a later page", func(r *rand.Rand) string { return "/reports?page=" + strconv.Itoa(2+r.IntN(pages-1)) }},
			{"filtered", func(r *rand.Rand) string {
				return "/reports?status=complete&commitment=" + pick(r, []string{"house_party", "action", "meet_again", "other", "none"}) +
					"&" + month(r)
			}},
			{"a volunteer", func(r *rand.Rand) string { return "/reports?volunteer=" + strconv.FormatInt(volunteer(r), 10) }},
			{"text search", func(r *rand.Rand) string { return "/reports?q=" + url.QueryEscape(pick(r, words)) }},
			{"text and month", func(r *rand.Rand) string { return "/reports?q=" + url.QueryEscape(pick(r, words)) + "&" + month(r) }},
		}
	}
	orgKinds := append(common(len(orgReports)/50, func(r *rand.Rand) int64 { return members[r.IntN(len(members))].ID }),
		pageKind{"a report", func(r *rand.Rand) string {
			return "/reports/" + strconv.FormatInt(orgReports[r.IntN(len(orgReports))].ID, 10)
		}})
	coordKinds := append(common(100_000/50, func(r *rand.Rand) int64 { return everyone[r.IntN(len(everyone))].ID }),
		pageKind{"a team", func(r *rand.Rand) string {
			return "/reports?team=" + strconv.FormatInt(teamIDs[r.IntN(len(teamIDs))], 10)
		}},
		pageKind{"a report", func(r *rand.Rand) string {
			return "/reports/" + strconv.FormatInt(1+r.Int64N(100_000), 10)
		}})

	rss := startRSS(c.serverPID)
	client := &http.Client{Timeout: time.Minute, Transport: &http.Transport{MaxIdleConnsPerHost: c.concurrency * 2},
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	get := func(path, token string) (*http.Response, error) {
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, c.target+path, nil)
		if err != nil {
			return nil, err
		}
		req.AddCookie(&http.Cookie{Name: "debrief_session", Value: token})
		resp, err := client.Do(req)
		if err == nil && resp.StatusCode != http.StatusOK {
			resp.Body.Close()
			return nil, fmt.Errorf("GET %s: %s", path, resp.Status)
		}
		return resp, err
	}
	for _, v := range []viewerRun{{"organizer", orgToken, orgKinds}, {"coordinator", coordToken, coordKinds}} {
		for _, k := range v.kinds {
			lat, err := measureKind(ctx, c, k, func(path string) error {
				resp, err := get(path, v.cookie)
				if err != nil {
					return err
				}
				defer resp.Body.Close()
				_, err = io.Copy(io.Discard, resp.Body)
				return err
			})
			if err != nil {
				return fmt.Errorf("%s, %s: %w", v.who, k.name, err)
			}
			fmt.Fprintf(out, "%-11s %-14s %5d requests, p50 %6.2f ms, p99 %6.2f ms\n", v.who, k.name, len(lat),
				ms(percentile(lat, 0.50)), ms(percentile(lat, 0.99)))
		}
	}
	for _, v := range []struct{ who, token string }{{"organizer", orgToken}, {"coordinator", coordToken}} {
		if err := measureDownload(c, v.who, func() (*http.Response, error) { return get("/reports.csv", v.token) }, out); err != nil {
			return err
		}
	}
	if c.serverPID > 0 {
		peak := rss()
		hwm, _ := peakRSS(c.serverPID)
		fmt.Fprintf(out, "server      pid %d: RSS at most %.1f MB while measured (sampled every 20 ms); VmHWM %.1f MB since it started\n",
			c.serverPID, float64(peak)/1024, float64(hwm)/1024)
	}
	return nil
}

// measureKind asks c.requests pages of kind k, c.concurrency at a time,
// after a few to warm up, and returns their latencies, sorted.
func measureKind(ctx context.Context, c pagesConfig, k pageKind, get func(path string) error) ([]time.Duration, error) {
	var (
		mu   sync.Mutex
		lat  []time.Duration
		next atomic.Int64
		wg   sync.WaitGroup
		errs = make(chan error, c.concurrency)
	)
	warm := rand.New(rand.NewPCG(1, 2))
	for range 5 {
		if err := get(k.url(warm)); err != nil {
			return nil, err
		}
	}
	for w := range c.concurrency {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r := rand.New(rand.NewPCG(uint64(w), 7))
			for next.Add(1) <= int64(c.requests) && ctx.Err() == nil {
				path := k.url(r)
				t0 := time.Now()
				if err := get(path); err != nil {
					errs <- err
					return
				}
				d := time.Since(t0)
				mu.Lock()
				lat = append(lat, d)
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	close(errs)
	if err := <-errs; err != nil {
		return nil, err
	}
	sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
	return lat, nil
}

// measureDownload downloads a CSV file to a temporary file and prints the
// time to its first byte (the server writes the whole export before it
// answers), the whole download, and the rows a second of each.
func measureDownload(c pagesConfig, who string, get func() (*http.Response, error), out io.Writer) error {
	f, err := os.CreateTemp("", "debrief-load-*.csv")
	if err != nil {
		return err
	}
	defer os.Remove(f.Name())
	defer f.Close()
	t0 := time.Now()
	resp, err := get()
	if err != nil {
		return fmt.Errorf("%s download: %w", who, err)
	}
	first := time.Since(t0)
	size, err := io.Copy(f, resp.Body)
	resp.Body.Close()
	if err != nil {
		return fmt.Errorf("%s download: %w", who, err)
	}
	total := time.Since(t0)
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return err
	}
	r := csv.NewReader(f)
	r.FieldsPerRecord = -1
	rows := -1 // the header
	for {
		if _, err := r.Read(); err == io.EOF {
			break
		} else if err != nil {
			return fmt.Errorf("%s download: %w", who, err)
		}
		rows++
	}
	fmt.Fprintf(out, "%-11s %-14s %d rows, %.1f MB: written in %s (%.0f rows/s), downloaded in %s (%.0f rows/s)\n", who, "csv download",
		rows, float64(size)/(1<<20), first.Round(time.Millisecond), float64(rows)/first.Seconds(),
		total.Round(time.Millisecond), float64(rows)/total.Seconds())
	return nil
}

// startRSS samples pid's resident set size every 20 ms until the returned
// function is called, which returns the largest sample, in KiB.
func startRSS(pid int) func() int {
	if pid <= 0 {
		return func() int { return 0 }
	}
	var peak atomic.Int64
	done := make(chan struct{})
	stopped := make(chan struct{})
	go func() {
		defer close(stopped)
		t := time.NewTicker(20 * time.Millisecond)
		defer t.Stop()
		for {
			if kb, err := currentRSS(pid); err == nil && int64(kb) > peak.Load() {
				peak.Store(int64(kb))
			}
			select {
			case <-done:
				return
			case <-t.C:
			}
		}
	}()
	return func() int {
		close(done)
		<-stopped
		return int(peak.Load())
	}
}

// currentRSS reads a process's resident set size now, in KiB.
func currentRSS(pid int) (int, error) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0, err
	}
	for _, line := range strings.Split(string(b), "\n") {
		if rest, ok := strings.CutPrefix(line, "VmRSS:"); ok {
			return strconv.Atoi(strings.TrimSuffix(strings.TrimSpace(rest), " kB"))
		}
	}
	return 0, fmt.Errorf("no VmRSS for pid %d", pid)
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }
