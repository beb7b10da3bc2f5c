package main

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"github.com/debrief-sms/debrief/internal/nationbuilder/nbtest"
	"github.com/debrief-sms/debrief/internal/store"
	"github.com/debrief-sms/debrief/internal/twilio/twiliotest"
)

// TestNationBuilderCommands connects to the fake NationBuilder with the
// code pasted as NationBuilder's redirect shows it, pushes a report from
// the command line and reads the status.
func TestNationBuilderCommands(t *testing.T) {
	t.Parallel()
	fake := nbtest.New(t)
	e := sqliteEnv(t, env{"NATIONBUILDER_API_URL": fake.URL, "NATIONBUILDER_CLIENT_ID": nbtest.ClientID,
		"NATIONBUILDER_CLIENT_SECRET": nbtest.ClientSecret, "NATIONBUILDER_TOKEN_KEY": strings.Repeat("5a", 32),
		"PUBLIC_URL": "https://debrief.example"})

	if out := mustRun(t, e, "nationbuilder", "status"); !strings.Contains(out, "NOT connected") {
		t.Errorf("status before connect:\n%s", out)
	}
	var out bytes.Buffer
	err := run(context.Background(), []string{"nationbuilder", "connect"}, e.lookup,
		strings.NewReader("https://debrief.example/nationbuilder/callback?code="+nbtest.GoodCode+"&state=x\n"), &out, &out)
	if err != nil {
		t.Fatalf("connect: %v\n%s", err, out.String())
	}
	if s := out.String(); !strings.Contains(s, fake.URL+"/oauth/authorize?client_id="+nbtest.ClientID) ||
		!strings.Contains(s, "redirect_uri=https%3A%2F%2Fdebrief.example%2Fnationbuilder%2Fcallback") || !strings.Contains(s, "Connected") {
		t.Errorf("connect printed:\n%s", s)
	}
	for _, r := range fake.Requests() {
		if r.Path == "/oauth/token" && strings.Contains(out.String(), "access-") {
			t.Errorf("connect printed the token:\n%s", out.String())
		}
	}
	withTestStore(t, e, func(st *store.Store) {
		sealed, err := st.LoadNBToken(context.Background())
		if err != nil || sealed == "" || strings.Contains(sealed, "access-") || strings.Contains(sealed, "refresh-") {
			t.Errorf("stored token %q (%v), want it sealed", sealed, err)
		}
	})

	mustRun(t, e, "users", "add", "--phone", "+16175550101", "--name", "Ana Ruiz", "--role", "volunteer", "--team", "Riverside Moms")
	// A fixed instant in the past, not clocktest.Start (which
	// DEBRIEF_TEST_CLOCK may move ahead): the command pushes what is due
	// by the wall clock.
	filed := time.Date(2026, 11, 24, 17, 0, 0, 0, time.UTC)
	withTestStore(t, e, func(st *store.Store) { fileReport(t, st, "+16175550101", filed) })
	got := mustRun(t, e, "nationbuilder", "push", "--since", "2026-11-01", "--wait")
	if !strings.Contains(got, "1 pushed") || !strings.Contains(got, "0 waiting, 1 done, 0 failed") {
		t.Errorf("push --wait:\n%s", got)
	}
	if n := len(fake.Contacts()); n != 1 {
		t.Errorf("%d contacts in NationBuilder, want 1", n)
	}
	if _, _, err := runCmd(t, e, "nationbuilder", "retry", "99"); err == nil || !strings.Contains(err.Error(), "not failed") {
		t.Errorf("retry of a push not failed: %v", err)
	}
	if _, _, err := runCmd(t, e, "nationbuilder", "push", "--since", "last week"); err == nil {
		t.Error("push --since 'last week' succeeded")
	}
	if _, _, err := runCmd(t, sqliteEnv(t, nil), "nationbuilder", "status"); err == nil || !strings.Contains(err.Error(), "not configured") {
		t.Errorf("status unconfigured: %v", err)
	}
}

// TestWorkerPushesToNationBuilder runs a real `debrief worker` with the
// sync configured: a report filed before it started reaches the fake
// NationBuilder, and the token is never logged.
func TestWorkerPushesToNationBuilder(t *testing.T) {
	t.Parallel()
	tw := twiliotest.New(t)
	nb := nbtest.New(t)
	e := sqliteEnv(t, env{
		"TWILIO_ACCOUNT_SID": tw.AccountSID, "TWILIO_AUTH_TOKEN": tw.AuthToken, "TWILIO_FROM": "+16175550000",
		"TWILIO_API_URL": tw.URL, "PUBLIC_URL": "https://debrief.example.org",
		"NATIONBUILDER_API_URL": nb.URL, "NATIONBUILDER_ACCESS_TOKEN": "test-token",
	})
	mustRun(t, e, "users", "add", "--phone", "+16175550101", "--name", "Ana Ruiz", "--role", "volunteer")
	withTestStore(t, e, func(st *store.Store) {
		fileReport(t, st, "+16175550101", time.Date(2026, 11, 24, 17, 0, 0, 0, time.UTC))
	})
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	logs := &syncBuffer{}
	done := make(chan error, 1)
	go func() { done <- run(ctx, []string{"worker"}, e.lookup, nil, logs, logs) }()
	// The contact reaches the fake a moment before the worker records the
	// push done: wait for the record, not the contact.
	waitFor(t, "the push recorded done", func() bool {
		return len(nb.Contacts()) == 1 && strings.Contains(mustRun(t, e, "nationbuilder", "status"), "0 waiting, 1 done")
	})
	cancel()
	if err := <-done; err != nil {
		t.Fatalf("worker: %v\n%s", err, logs)
	}
	if !strings.Contains(logs.String(), `"msg":"nationbuilder sync on"`) || strings.Contains(logs.String(), "test-token") {
		t.Errorf("worker logs:\n%s", logs)
	}
	if got := len(nb.Contacts()); got != 1 {
		t.Errorf("%d contacts in NationBuilder, want 1", got)
	}
}
