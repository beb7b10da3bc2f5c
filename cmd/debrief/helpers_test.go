package main

import (
	"bytes"
	"context"
	"maps"
	"strings"
	"testing"
	"time"

	"github.com/debrief-sms/debrief"
	"github.com/debrief-sms/debrief/internal/conversation"
	"github.com/debrief-sms/debrief/internal/store"
	"github.com/debrief-sms/debrief/internal/store/storetest"
)

// backends are the databases a command runs on, SQLite and PostgreSQL,
// for storetest.EachOf: NewURL is the DATABASE_URL of a fresh, empty
// database of the test. The PostgreSQL cases skip when none is reachable
// (storetest says how to require it).
var backends = []storetest.Backend{
	{Name: "sqlite", NewURL: storetest.SQLiteURL},
	{Name: "postgres", NewURL: storetest.PostgresURL},
}

// sqliteEnv is an environment with a fresh SQLite database and extra.
func sqliteEnv(t testing.TB, extra env) env {
	t.Helper()
	e := env{"DATABASE_URL": storetest.SQLiteURL(t)}
	maps.Copy(e, extra)
	return e
}

// runCmd runs debrief with args in e and returns what it printed.
func runCmd(t testing.TB, e env, args ...string) (stdout, stderr string, err error) {
	t.Helper()
	var out, errOut bytes.Buffer
	err = run(context.Background(), args, e.lookup, strings.NewReader(""), &out, &errOut)
	return out.String(), errOut.String(), err
}

// mustRun runs debrief with args in e and fails the test if it fails.
func mustRun(t testing.TB, e env, args ...string) string {
	t.Helper()
	out, errOut, err := runCmd(t, e, args...)
	if err != nil {
		t.Fatalf("debrief %s: %v\n%s", strings.Join(args, " "), err, errOut)
	}
	return out
}

// withTestStore opens e's database, migrated, for the duration of do.
func withTestStore(t testing.TB, e env, do func(st *store.Store)) {
	t.Helper()
	cfg, err := configFromEnv(e.lookup)
	if err != nil {
		t.Fatal(err)
	}
	if err := withStore(context.Background(), cfg, func(st *store.Store) error { do(st); return nil }); err != nil {
		t.Fatal(err)
	}
}

// fileReport stores, through Load and Save as the webhook does, a
// completed report by the volunteer with phone on Maria, house party
// agreed, not thanked yet. It schedules no follow-ups.
func fileReport(t testing.TB, st *store.Store, phone string, at time.Time) {
	t.Helper()
	ctx := context.Background()
	sid := "SMreport" + strings.TrimPrefix(phone, "+")
	state, _, _, err := st.Load(ctx, phone, sid)
	if err != nil {
		t.Fatal(err)
	}
	at = at.UTC()
	no := false
	state.LastSeq = 1
	state.Draft = &debrief.Report{Seq: 1, PersonName: "Maria", Commitment: debrief.CommitHouseParty, Thanked: &no,
		Status: debrief.ReportComplete, StartedAt: at, UpdatedAt: at, CompletedAt: &at}
	res := conversation.Result{State: state, Effects: conversation.Effects{SaveDraft: true}}
	if _, _, err := st.Save(ctx, debrief.Inbound{SID: sid, From: phone, Body: "no", ReceivedAt: at}, res); err != nil {
		t.Fatal(err)
	}
}

// waitFor polls cond until it holds, failing the test after 15 seconds.
func waitFor(t testing.TB, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(10 * time.Millisecond)
	}
}
