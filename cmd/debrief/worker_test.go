package main

import (
	"context"
	"net/http"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/debrief-sms/debrief/internal/store/storetest"
	"github.com/debrief-sms/debrief/internal/twilio/twiliotest"
	"github.com/debrief-sms/debrief/internal/web"
)

// TestWorkerSends runs `debrief worker --health` against a fake Twilio API
// on each database: it sends a due follow-up, with the status callback
// URL, answers its readiness check, and stops when its context ends, the
// follow-up recorded as sent.
func TestWorkerSends(t *testing.T) {
	t.Parallel()
	storetest.EachOf(t, backends, func(t *testing.T, b storetest.Backend) {
		const public = "https://debrief.example.org/"
		fake := twiliotest.New(t)
		e := env{
			"DATABASE_URL":                 b.NewURL(t),
			"TWILIO_ACCOUNT_SID":           fake.AccountSID,
			"TWILIO_AUTH_TOKEN":            fake.AuthToken,
			"TWILIO_MESSAGING_SERVICE_SID": "MG0123456789abcdef0123456789abcdef",
			"TWILIO_API_URL":               fake.URL,
			"PUBLIC_URL":                   public,
			"QUIET_HOURS":                  "", // the test may run at night
		}
		addDueThanks(t, e, "+16175550104")

		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		done := make(chan error, 1)
		logs := &syncBuffer{}
		go func() { done <- run(ctx, []string{"worker", "--health", "127.0.0.1:0"}, e.lookup, nil, logs, logs) }()

		waitCtx, stopWaiting := context.WithTimeout(ctx, 15*time.Second)
		sent, err := fake.WaitSent(waitCtx, 1)
		stopWaiting()
		if err != nil {
			t.Fatalf("%v\nworker logs:\n%s", err, logs)
		}
		if res, err := http.Get("http://" + healthAddr(logs.String()) + web.ReadyPath); err != nil || res.StatusCode != 200 {
			t.Errorf("worker's /readyz: %v %v\nlogs:\n%s", res, err, logs)
		} else {
			res.Body.Close()
		}
		cancel()
		select {
		case err := <-done:
			if err != nil {
				t.Fatalf("worker: %v", err)
			}
		case <-time.After(15 * time.Second):
			t.Fatal("worker did not stop")
		}

		m := sent[0]
		if m.To != "+16175550104" || m.MessagingServiceSID != e["TWILIO_MESSAGING_SERVICE_SID"] ||
			m.StatusCallback != "https://debrief.example.org"+web.StatusPath {
			t.Errorf("sent %+v", m)
		}
		if !strings.Contains(m.Body, "thanked Maria") {
			t.Errorf("body %q, want the thank-you reminder about Maria", m.Body)
		}
		if len(fake.Sent()) != 1 {
			t.Errorf("%d texts sent, want 1", len(fake.Sent()))
		}
		if got := mustRun(t, e, "followups", "--status", "sent"); !strings.Contains(got, "thanks") {
			t.Errorf("sent follow-ups:\n%s\nall:\n%s\nlogs:\n%s", got, mustRun(t, e, "followups"), logs)
		}
		for _, want := range []string{`"msg":"worker started"`, `"msg":"worker stopped"`} {
			if !strings.Contains(logs.String(), want) {
				t.Errorf("logs lack %s:\n%s", want, logs)
			}
		}
	})
}

// TestWorkerNeedsTwilio checks that a worker without credentials refuses
// to start, naming what is missing, before it touches the database.
func TestWorkerNeedsTwilio(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		env  env
		want string
	}{
		{"nothing", env{}, "missing TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN, TWILIO_FROM or TWILIO_MESSAGING_SERVICE_SID"},
		{"no sender", env{"TWILIO_ACCOUNT_SID": "AC1", "TWILIO_AUTH_TOKEN": "tok"}, "missing TWILIO_FROM or TWILIO_MESSAGING_SERVICE_SID"},
		{"no token", env{"TWILIO_ACCOUNT_SID": "AC1", "TWILIO_FROM": "+16175550000"}, "missing TWILIO_AUTH_TOKEN"},
		{"token twilio-go refuses", env{"TWILIO_ACCOUNT_SID": "AC1", "TWILIO_AUTH_TOKEN": "to-ken", "TWILIO_FROM": "+16175550000"},
			"auth token must be"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			tc.env["DATABASE_URL"] = "/nonexistent/dir/debrief.db"
			_, _, err := runCmd(t, tc.env, "worker")
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("worker = %v, want a refusal saying %s", err, tc.want)
			}
		})
	}
}

// TestPrintSender checks that concurrent texts print whole, one each,
// with unique SIDs of Twilio's shape.
func TestPrintSender(t *testing.T) {
	t.Parallel()
	var out syncBuffer
	p := &printSender{w: &out}
	sids := make(chan string, 20)
	var wg sync.WaitGroup
	for range 20 {
		wg.Go(func() {
			s, err := p.Send(context.Background(), "+16175550104", "Have you thanked Maria?\nReply DONE.")
			if err != nil {
				t.Error(err)
			}
			sids <- s.SID
		})
	}
	wg.Wait()
	close(sids)
	seen := map[string]bool{}
	sidShape := regexp.MustCompile(`^SM[0-9a-f]{32}$`)
	for sid := range sids {
		if seen[sid] || !sidShape.MatchString(sid) {
			t.Errorf("SID %q repeated or malformed", sid)
		}
		seen[sid] = true
	}
	want := strings.Repeat(printPrefix+"+1617***0104: Have you thanked Maria?\n    Reply DONE.\n", 20)
	if out.String() != want {
		t.Errorf("printed:\n%s", out.String())
	}
}

// TestWorkerStopReleasesClaimed stops `debrief worker` (as SIGTERM does)
// while it holds a claimed batch it paces out: the text under way is
// recorded, and the others are pending again the moment the worker has
// stopped, not when their lease ends (issue 13).
func TestWorkerStopReleasesClaimed(t *testing.T) {
	t.Parallel()
	storetest.EachOf(t, backends, func(t *testing.T, b storetest.Backend) {
		fake := twiliotest.New(t)
		e := env{
			"DATABASE_URL":       b.NewURL(t),
			"TWILIO_ACCOUNT_SID": fake.AccountSID,
			"TWILIO_AUTH_TOKEN":  fake.AuthToken,
			"TWILIO_FROM":        "+16175550000",
			"TWILIO_API_URL":     fake.URL,
			"QUIET_HOURS":        "",
			"SEND_RATE":          "0.001", // the first text at once, the next in 1,000 s
		}
		for _, p := range []string{"+16175550121", "+16175550122", "+16175550123"} {
			addDueThanks(t, e, p)
		}
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		done := make(chan error, 1)
		logs := &syncBuffer{}
		go func() { done <- run(ctx, []string{"worker"}, e.lookup, nil, logs, logs) }()
		waitCtx, stopWaiting := context.WithTimeout(ctx, 15*time.Second)
		_, err := fake.WaitSent(waitCtx, 1)
		stopWaiting()
		if err != nil {
			t.Fatalf("%v\nworker logs:\n%s", err, logs)
		}
		cancel()
		select {
		case err := <-done:
			if err != nil {
				t.Fatalf("worker: %v", err)
			}
		case <-time.After(15 * time.Second):
			t.Fatal("worker did not stop")
		}
		count := func(status string) int {
			return strings.Count(mustRun(t, e, "followups", "--status", status), "thanks")
		}
		if sent, pending, sending := count("sent"), count("pending"), count("sending"); sent != 1 || pending != 2 || sending != 0 {
			t.Errorf("after the stop: %d sent, %d pending, %d sending; want 1, 2, 0\n%s\nlogs:\n%s",
				sent, pending, sending, mustRun(t, e, "followups"), logs)
		}
		if n := len(fake.Sent()); n != 1 {
			t.Errorf("%d texts sent, want 1", n)
		}
	})
}

// TestWorkerSendWorkers checks that SEND_WORKERS reaches the scheduler:
// with 2 and a Twilio that holds each answer for 2 s, two texts are in
// flight at once and the third waits for an answer (the default of 8
// would send all three at once).
func TestWorkerSendWorkers(t *testing.T) {
	t.Parallel()
	fake := twiliotest.New(t)
	const hold = 2 * time.Second
	fake.Slow(hold)
	e := sqliteEnv(t, env{
		"TWILIO_ACCOUNT_SID": fake.AccountSID,
		"TWILIO_AUTH_TOKEN":  fake.AuthToken,
		"TWILIO_FROM":        "+16175550000",
		"TWILIO_API_URL":     fake.URL,
		"QUIET_HOURS":        "",
		"SEND_RATE":          "100",
		"SEND_WORKERS":       "2",
	})
	for _, p := range []string{"+16175550131", "+16175550132", "+16175550133"} {
		addDueThanks(t, e, p)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := make(chan error, 1)
	logs := &syncBuffer{}
	go func() { done <- run(ctx, []string{"worker"}, e.lookup, nil, logs, logs) }()
	wait := func(n int, d time.Duration) error {
		waitCtx, stop := context.WithTimeout(ctx, d)
		defer stop()
		_, err := fake.WaitSent(waitCtx, n)
		return err
	}
	if err := wait(2, 15*time.Second); err != nil {
		t.Fatalf("%v\nworker logs:\n%s", err, logs)
	}
	// No answer comes before hold: a third text now had a third sender.
	if err := wait(3, hold/2); err == nil {
		t.Fatal("three texts in flight at once with SEND_WORKERS=2")
	}
	if err := wait(3, 15*time.Second); err != nil {
		t.Fatalf("%v\nworker logs:\n%s", err, logs)
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatalf("worker: %v", err)
	}
	if !strings.Contains(logs.String(), `"send_workers":2`) {
		t.Errorf("the start line does not say send_workers 2:\n%s", logs)
	}
}
