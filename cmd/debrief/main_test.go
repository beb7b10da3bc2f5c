package main

import (
	"bytes"
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"
)

func TestRunRefusesUnsafeServe(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		env  map[string]string
	}{
		{name: "no token", env: map[string]string{"PUBLIC_URL": "https://debrief.fly.dev"}},
		{name: "no public URL", env: map[string]string{"TWILIO_AUTH_TOKEN": "tok"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			tc.env["DATABASE_URL"] = filepath.Join(t.TempDir(), "debrief.db")
			var out, errOut bytes.Buffer
			err := run(context.Background(), []string{"serve"}, func(k string) string { return tc.env[k] }, nil, &out, &errOut)
			if err == nil || !strings.Contains(err.Error(), "TWILIO_AUTH_TOKEN") {
				t.Errorf("serve = %v, want a refusal naming TWILIO_AUTH_TOKEN", err)
			}
		})
	}
}

func TestRunUsage(t *testing.T) {
	t.Parallel()
	for _, args := range [][]string{nil, {"frobnicate"}, {"serve", "--verbose"}} {
		var out, errOut bytes.Buffer
		err := run(context.Background(), args, func(string) string { return "" }, nil, &out, &errOut)
		if !errors.Is(err, errUsage) {
			t.Errorf("run(%q) = %v, want usage", args, err)
		}
	}
}

func TestWarnDevIsLoud(t *testing.T) {
	t.Parallel()
	var b bytes.Buffer
	warnDev(&b, "127.0.0.1:8080")
	s := b.String()
	if strings.Count(s, "\n") < 4 || !strings.Contains(s, "NOT checked") || !strings.Contains(s, "127.0.0.1") {
		t.Errorf("warning is not loud enough:\n%s", s)
	}
}
