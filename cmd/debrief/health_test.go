package main

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"net"
	"net/http"
	"regexp"
	"sync/atomic"
	"testing"
	"time"
)

// pinger is a database whose answer the test sets.
type pinger struct{ down atomic.Bool }

func (p *pinger) Ping(context.Context) error {
	if p.down.Load() {
		return errors.New("connection refused")
	}
	return nil
}

// TestServeHealth checks the worker's health listener: /healthz while it
// runs, /readyz as the database answers, nothing else, and a clean stop.
func TestServeHealth(t *testing.T) {
	t.Parallel()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	db := &pinger{}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- serveHealth(ctx, ln, db, slog.New(slog.DiscardHandler)) }()
	base := "http://" + ln.Addr().String()

	tests := []struct {
		name, method, path string
		down               bool
		want               int
	}{
		{"healthz", "GET", "/healthz", false, 200},
		{"readyz", "GET", "/readyz", false, 200},
		{"healthz, database down", "GET", "/healthz", true, 200},
		{"readyz, database down", "GET", "/readyz", true, 503},
		{"another path", "GET", "/twilio/sms", false, 404},
		{"POST", "POST", "/readyz", false, 405},
	}
	for _, tc := range tests { // in order: they share the database
		db.down.Store(tc.down)
		req, _ := http.NewRequest(tc.method, base+tc.path, nil)
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		io.Copy(io.Discard, res.Body)
		res.Body.Close()
		if res.StatusCode != tc.want {
			t.Errorf("%s: %s %s = %d, want %d", tc.name, tc.method, tc.path, res.StatusCode, tc.want)
		}
	}

	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("serveHealth: %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("serveHealth did not stop")
	}
}

// healthAddr finds the health listener's address in a worker's logs.
func healthAddr(logs string) string {
	m := regexp.MustCompile(`"health":"([^"]+)"`).FindStringSubmatch(logs)
	if m == nil {
		return ""
	}
	return m[1]
}
