// Package prismtest starts Stoplight Prism for contract tests: a
// validating proxy that checks each request against an OpenAPI
// description before passing it to a fake, and the fake's answer on the
// way back (see the Twilio and NationBuilder contract tests). It is for
// tests only and knows nothing of either API.
//
// Environment: DEBRIEF_TEST_PRISM=require fails a test instead of
// skipping it when prism (or what else it needs) is missing; CI sets it.
package prismtest

import (
	"bytes"
	"context"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"sync"
	"testing"
	"time"
)

// startTimeout bounds prism's start-up: it is a Node program, slow to
// start on a loaded machine.
const startTimeout = 120 * time.Second

// Unavailable skips t, saying why, or fails it under
// DEBRIEF_TEST_PRISM=require.
func Unavailable(t testing.TB, format string, args ...any) {
	t.Helper()
	msg := fmt.Sprintf(format, args...)
	if os.Getenv("DEBRIEF_TEST_PRISM") == "require" {
		t.Fatalf("%s (DEBRIEF_TEST_PRISM=require)", msg)
	}
	t.Skipf("%s; install prism with `npm install -g @stoplight/prism-cli`, or set DEBRIEF_TEST_PRISM=require to fail instead", msg)
}

// Find returns prism's path: on PATH, else in node_modules under the
// repository root at root ("" to look on PATH only). Missing, the test is
// Unavailable.
func Find(t testing.TB, root string) string {
	t.Helper()
	if p, err := exec.LookPath("prism"); err == nil {
		return p
	}
	if root != "" {
		local := filepath.Join(root, "node_modules", ".bin", "prism")
		if _, err := os.Stat(local); err == nil {
			return local
		}
	}
	Unavailable(t, "prism not found on PATH nor in node_modules")
	return ""
}

// Start runs prism at path as a validating proxy for the description
// spec in front of upstream until the test ends, and returns its URL
// once it listens. Its output is logged if the test fails.
func Start(t testing.TB, prism, spec, upstream string) string {
	t.Helper()
	port, err := freePort()
	if err != nil {
		t.Fatal(err)
	}
	var out syncBuffer
	cmd := exec.Command(prism, "proxy", "--errors", "-h", "127.0.0.1", "-p", strconv.Itoa(port), spec, upstream)
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		t.Fatalf("start prism: %v", err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	t.Cleanup(func() {
		_ = cmd.Process.Kill()
		<-exited
		if t.Failed() {
			t.Logf("prism output:\n%s", out.String())
		}
	})

	addr := net.JoinHostPort("127.0.0.1", strconv.Itoa(port))
	ctx, cancel := context.WithTimeout(context.Background(), startTimeout)
	defer cancel()
	tick := time.NewTicker(100 * time.Millisecond)
	defer tick.Stop()
	for {
		var d net.Dialer
		if c, err := d.DialContext(ctx, "tcp", addr); err == nil {
			c.Close()
			return "http://" + addr
		}
		select {
		case err := <-exited:
			exited <- err // for the cleanup
			t.Fatalf("prism exited before listening: %v\n%s", err, out.String())
		case <-ctx.Done():
			t.Fatalf("prism did not listen on %s: %v\n%s", addr, ctx.Err(), out.String())
		case <-tick.C:
		}
	}
}

func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, fmt.Errorf("find a free port: %w", err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

// syncBuffer is a bytes.Buffer prism's stdout and stderr write to at once.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}
