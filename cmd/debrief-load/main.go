// Command debrief-load plays many volunteers filing whole reports against a
// running `debrief serve`: signed webhooks, unique MessageSids, realistic
// answers, every reply checked, and afterwards every stored answer counted
// against what was sent. It prints steps/s, p50/p99 latency, errors and the
// server's peak memory. With -reference it first loads a minimal in-process
// handler (signature check plus one INSERT ... ON CONFLICT) with the same
// settings and database, and prints Debrief's throughput as a ratio of it.
// With -rate and -duration it plays volunteers filing report after report
// at a steady pace, for a soak.
//
// Two more modes serve load runs at scale (see scale.sh): -fake-twilio
// ADDR serves the tests' fake Twilio API as a process of its own until
// interrupted, then prints what it accepted per recipient; and
// -seed-followups N inserts N due follow-ups into -database-url and exits.
//
// For the organizers' pages (issue #10, see pages.sh): -seed-reports N
// inserts N reports by -seed-volunteers in -seed-teams, and -pages
// measures the reports pages and the CSV download of a running server
// over them, as a signed-in organizer and coordinator, and its memory.
package main

import (
	"context"
	"crypto/md5"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"os/signal"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"golang.org/x/time/rate"

	"github.com/debrief-sms/debrief/internal/twilio"
	"github.com/debrief-sms/debrief/internal/twilio/twiliotest"
)

type config struct {
	target      string // base URL of the server under load
	publicURL   string // the PUBLIC_URL the server signs against
	authToken   string
	databaseURL string
	volunteers  int
	reports     int
	concurrency int
	reference   bool
	serverPID   int
	runID       string
	rate        float64       // texts per second, all senders together; 0: as fast as replies come
	duration    time.Duration // 0: each volunteer files -reports reports; else report after report for this long
}

func main() {
	var c config
	flag.StringVar(&c.target, "url", "http://127.0.0.1:8080", "base URL of the running debrief serve")
	flag.StringVar(&c.publicURL, "public-url", "", "PUBLIC_URL the server was started with (default: -url)")
	flag.StringVar(&c.authToken, "token", os.Getenv("TWILIO_AUTH_TOKEN"), "TWILIO_AUTH_TOKEN the server was started with")
	flag.StringVar(&c.databaseURL, "database-url", os.Getenv("DATABASE_URL"), "the server's DATABASE_URL, to count stored answers (and for -reference)")
	flag.IntVar(&c.volunteers, "volunteers", 400, "simulated volunteers, each a new phone")
	flag.IntVar(&c.reports, "reports", 1, "reports each volunteer files")
	flag.IntVar(&c.concurrency, "c", 16, "concurrent senders")
	flag.BoolVar(&c.reference, "reference", false, "first load a minimal reference handler and print the ratio")
	flag.IntVar(&c.serverPID, "server-pid", 0, "PID of the server, for its peak memory (default: found by name)")
	flag.Float64Var(&c.rate, "rate", 0, "at most this many texts per second, all senders together (0: no limit)")
	flag.DurationVar(&c.duration, "duration", 0, "file report after report for this long instead of -reports each (a soak)")
	fakeTwilio := flag.String("fake-twilio", "", "serve a fake Twilio API on this address (such as 127.0.0.1:18090) until interrupted, then print what it accepted per recipient")
	seed := flag.Int("seed-followups", 0, "insert this many due follow-ups into -database-url (PostgreSQL) and exit")
	var rs reportsSeed
	flag.IntVar(&rs.Reports, "seed-reports", 0, "insert this many reports into -database-url (PostgreSQL), by -seed-volunteers in -seed-teams, and exit")
	flag.IntVar(&rs.Volunteers, "seed-volunteers", 2000, "volunteers of -seed-reports")
	flag.IntVar(&rs.Teams, "seed-teams", 50, "teams of -seed-reports")
	pages := flag.Bool("pages", false, "measure the organizers' pages and the CSV download of -url over -seed-reports' data, -requests of each kind")
	requests := flag.Int("requests", 1000, "with -pages: requests of each kind of page, for each viewer")
	flag.Parse()
	if c.publicURL == "" {
		c.publicURL = c.target
	}
	c.runID = strconv.FormatInt(time.Now().UnixNano()%1e6, 10)

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	var err error
	switch {
	case *fakeTwilio != "":
		err = serveFakeTwilio(ctx, *fakeTwilio, os.Stdout, func(url string) {
			fmt.Printf("fake-twilio listening on %s (account %s, token %s)\n", url, twiliotest.AccountSID, twiliotest.AuthToken)
		})
	case *seed > 0:
		var n int64
		t0 := time.Now()
		if n, err = seedFollowups(ctx, c.databaseURL, *seed); err == nil {
			fmt.Printf("seeded     %d follow-ups due in %s\n", n, time.Since(t0).Round(time.Millisecond))
		}
	case rs.Reports > 0:
		t0 := time.Now()
		if err = seedReports(ctx, c.databaseURL, rs, t0); err == nil {
			fmt.Printf("seeded     %d reports from %d volunteers in %d teams in %s\n", rs.Reports, rs.Volunteers, rs.Teams,
				time.Since(t0).Round(time.Millisecond))
		}
	case *pages:
		err = measurePages(ctx, pagesConfig{target: c.target, databaseURL: c.databaseURL, requests: *requests,
			concurrency: c.concurrency, serverPID: c.serverPID}, os.Stdout)
	default:
		err = run(ctx, c, os.Stdout)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "debrief-load:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, c config, out io.Writer) error {
	if c.authToken == "" {
		return errors.New("need -token (the server's TWILIO_AUTH_TOKEN)")
	}
	var ref *result
	if c.reference {
		if c.databaseURL == "" {
			return errors.New("-reference needs -database-url")
		}
		r, err := loadReference(ctx, c)
		if err != nil {
			return fmt.Errorf("reference: %w", err)
		}
		ref = &r
		fmt.Fprintf(out, "reference  %s\n", r)
	}

	if c.volunteers > 10000 {
		return errors.New("at most 10000 -volunteers: each gets a number of one exchange")
	}
	if c.duration > 0 && c.volunteers < c.concurrency {
		return errors.New("-duration needs at least as many -volunteers as senders (-c): each sender has volunteers of its own")
	}
	phonePrefix := runPrefix(c.runID)
	pid := serverPID(c)
	before := sampleCPU(pid)
	res := load(ctx, c, c.target, c.publicURL, phonePrefix, checkReply)
	server, postgres := perText(before, sampleCPU(pid), res.sent)
	fmt.Fprintf(out, "debrief    %s\n", res)
	if pid > 0 {
		if hwm, err := peakRSS(pid); err == nil {
			fmt.Fprintf(out, "server     pid %d peak RSS %.1f MB\n", pid, float64(hwm)/1024)
		}
	}
	if server > 0 || postgres > 0 {
		line := fmt.Sprintf("cpu/text   server %s, postgres %s", formatCPU(server), formatCPU(postgres))
		if ref != nil && ref.postgresCPU > 0 {
			line += fmt.Sprintf(" (reference: postgres %s)", formatCPU(ref.postgresCPU))
		}
		fmt.Fprintln(out, line)
	}
	if ref != nil && ref.stepsPerSec > 0 {
		fmt.Fprintf(out, "ratio      %.2f of the reference\n", res.stepsPerSec/ref.stepsPerSec)
	}
	if c.databaseURL != "" {
		if err := verify(ctx, c, phonePrefix, res.sent, res.reports); err != nil {
			return fmt.Errorf("verify: %w", err)
		}
		fmt.Fprintf(out, "verified   every answer stored once (%d texts, %d reports)\n", res.sent, res.reports)
	}
	if res.errors > 0 {
		return fmt.Errorf("%d errors, first: %v", res.errors, res.firstErr)
	}
	return nil
}

type result struct {
	sent        int
	reports     int // reports whose every text was sent
	errors      int
	firstErr    error
	elapsed     time.Duration
	stepsPerSec float64
	p50, p99    time.Duration
	postgresCPU time.Duration // per text, when PostgreSQL runs on this machine
}

func (r result) String() string {
	return fmt.Sprintf("%d steps in %s: %.0f steps/s, p50 %s, p99 %s, %d errors",
		r.sent, r.elapsed.Round(time.Millisecond), r.stepsPerSec,
		r.p50.Round(10*time.Microsecond), r.p99.Round(10*time.Microsecond), r.errors)
}

// A job is a stretch of one volunteer's script: turns, the first being
// text number first of all the volunteer sends, filing reports reports.
type job struct {
	volunteer, first, reports int
	turns                     []turn
}

// load runs volunteers' scripts against base; each volunteer's texts go
// one after another (a person waits for the reply), volunteers run
// c.concurrency at a time, at most c.rate texts a second when set. check,
// if not nil, judges each reply.
func load(ctx context.Context, c config, base, publicURL, phonePrefix string, check func(turn, string) error) result {
	client := &http.Client{
		Timeout:   15 * time.Second, // Twilio's own limit
		Transport: &http.Transport{MaxIdleConnsPerHost: c.concurrency * 2},
	}
	var limiter *rate.Limiter
	if c.rate > 0 {
		limiter = rate.NewLimiter(rate.Limit(c.rate), 1)
	}
	var (
		mu        sync.Mutex
		latencies = make([]time.Duration, 0, c.volunteers*len(script(0, c.reports)))
		errs      int
		firstErr  error
		sent      atomic.Int64
		reports   atomic.Int64
	)
	fail := func(err error) {
		mu.Lock()
		defer mu.Unlock()
		errs++
		if firstErr == nil {
			firstErr = err
		}
	}
	start := time.Now()
	feeding, stopFeeding := context.WithCancel(ctx)
	defer stopFeeding()
	jobs := feed(feeding, c)
	var wg sync.WaitGroup
	for w := 0; w < c.concurrency; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			own := make([]time.Duration, 0, 256)
		jobs:
			for j := range jobs[w%len(jobs)] {
				if c.duration > 0 && time.Since(start) >= c.duration {
					break
				}
				from := fmt.Sprintf("%s%04d", phonePrefix, j.volunteer)
				for i, t := range j.turns {
					if limiter != nil && limiter.Wait(ctx) != nil {
						break jobs
					}
					sid := messageSID(phonePrefix, j.volunteer, j.first+i)
					t0 := time.Now()
					body, err := post(ctx, client, base, publicURL, c.authToken, from, sid, t.body)
					own = append(own, time.Since(t0))
					sent.Add(1)
					if err == nil && check != nil {
						err = check(t, body)
					}
					if err != nil {
						fail(fmt.Errorf("volunteer %d text %d: %w", j.volunteer, j.first+i, err))
						continue jobs
					}
				}
				reports.Add(int64(j.reports))
			}
			mu.Lock()
			latencies = append(latencies, own...)
			mu.Unlock()
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)
	sort.Slice(latencies, func(i, j int) bool { return latencies[i] < latencies[j] })
	return result{
		sent:        int(sent.Load()),
		reports:     int(reports.Load()),
		errors:      errs,
		firstErr:    firstErr,
		elapsed:     elapsed,
		stepsPerSec: float64(sent.Load()) / elapsed.Seconds(),
		p50:         percentile(latencies, 0.50),
		p99:         percentile(latencies, 0.99),
	}
}

// feed hands out the jobs, until ctx ends. Without c.duration every
// volunteer files c.reports reports, taken by whichever sender is free:
// one channel. With it, sender w files report after report for the
// volunteers w, w+c, w+2c...: a channel each, so that a volunteer's next
// report never starts before their last one ended; the senders stop
// taking jobs after the duration (finishing the one in hand), and ctx
// stops the feed.
func feed(ctx context.Context, c config) []chan job {
	if c.duration <= 0 {
		ch := make(chan job)
		go func() {
			defer close(ch)
			for v := 0; v < c.volunteers; v++ {
				select {
				case ch <- job{volunteer: v, reports: c.reports, turns: script(v, c.reports)}:
				case <-ctx.Done():
					return
				}
			}
		}()
		return []chan job{ch}
	}
	chans := make([]chan job, c.concurrency)
	for w := range chans {
		chans[w] = make(chan job)
		go func(ch chan job) {
			defer close(ch)
			for round := 0; ; round++ {
				for v := w; v < c.volunteers; v += c.concurrency {
					// Round k is report k+1: after the first, NEW and its answers.
					first := 0
					if round > 0 {
						first = len(script(v, round))
					}
					select {
					case ch <- job{volunteer: v, first: first, reports: 1, turns: script(v, round+1)[first:]}:
					case <-ctx.Done():
						return
					}
				}
			}
		}(chans[w])
	}
	return chans
}

func percentile(sorted []time.Duration, p float64) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	return sorted[int(float64(len(sorted)-1)*p)]
}

// runPrefix is the first eight characters of this run's phone numbers: a
// Boston exchange of the run's own, so that numbers are valid (Debrief
// refuses a From that is not, such as area code 555) and runs against one
// database do not mix, mostly; the volunteer's number adds four digits.
func runPrefix(runID string) string {
	n, _ := strconv.Atoi(runID)
	return fmt.Sprintf("+1617%03d", 200+n%800)
}

// messageSID is the MessageSid of volunteer v's text i: shaped like
// Twilio's (SM and 32 hex digits, or Debrief refuses it) and unique to the
// run's phone numbers.
func messageSID(phonePrefix string, v, i int) string {
	sum := md5.Sum(fmt.Appendf(nil, "%s/%d/%d", phonePrefix, v, i))
	return "SM" + hex.EncodeToString(sum[:])
}

// post sends one signed inbound-message webhook, shaped like Twilio's.
func post(ctx context.Context, client *http.Client, base, publicURL, token, from, sid, body string) (string, error) {
	form := url.Values{
		"MessageSid": {sid}, "SmsSid": {sid}, "AccountSid": {"ACload"},
		"From": {from}, "To": {"+15550000000"}, "Body": {body},
		"NumMedia": {"0"}, "NumSegments": {"1"}, "ApiVersion": {"2010-04-01"},
		"FromCity": {"CAMBRIDGE"}, "FromState": {"MA"}, "FromZip": {"02139"}, "FromCountry": {"US"},
	}
	const path = "/twilio/sms"
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, base+path, strings.NewReader(form.Encode()))
	if err != nil {
		return "", err
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("X-Twilio-Signature", twilio.Sign(token, strings.TrimRight(publicURL, "/")+path, form))
	resp, err := client.Do(req)
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		return "", err
	}
	if resp.StatusCode != http.StatusOK {
		return "", fmt.Errorf("status %d: %.200s", resp.StatusCode, b)
	}
	return string(b), nil
}
