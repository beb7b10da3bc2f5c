package main

import (
	"bytes"
	"context"
	"errors"
	"io"
	"path/filepath"
	"strings"
	"testing"
)

func TestRunRefusesUnsafeServe(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		env  env
		want string
	}{
		{name: "no token", env: env{"PUBLIC_URL": "https://debrief.fly.dev"}, want: "TWILIO_AUTH_TOKEN"},
		{name: "no public URL", env: env{"TWILIO_AUTH_TOKEN": "tok"}, want: "TWILIO_AUTH_TOKEN"},
		{
			name: "scheduler without account",
			env:  env{"TWILIO_AUTH_TOKEN": "tok", "PUBLIC_URL": "https://debrief.fly.dev", "TWILIO_FROM": "+16175550100"},
			want: "missing TWILIO_ACCOUNT_SID",
		},
		{
			name: "scheduler without a sender",
			env:  env{"TWILIO_AUTH_TOKEN": "tok", "PUBLIC_URL": "https://debrief.fly.dev", "TWILIO_ACCOUNT_SID": "AC1"},
			want: "missing TWILIO_FROM or TWILIO_MESSAGING_SERVICE_SID",
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			tc.env["DATABASE_URL"] = filepath.Join(t.TempDir(), "debrief.db")
			var out, errOut bytes.Buffer
			err := run(context.Background(), []string{"serve"}, tc.env.lookup, nil, &out, &errOut)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("serve = %v, want a refusal naming %s", err, tc.want)
			}
		})
	}
}

func TestRunUsage(t *testing.T) {
	t.Parallel()
	for _, args := range [][]string{
		nil, {"frobnicate"}, {"serve", "--verbose"}, {"serve", "now"}, {"worker", "--dev"}, {"migrate", "up"},
		{"users"}, {"users", "remove"}, {"teams"}, {"teams", "delete", "--name", "x"},
		{"users", "add", "--phone"}, {"followups", "--team"}, {"followups", "pending"},
		{"users", "deactivate"}, {"users", "reactivate", "--phone", "+16175550101"},
		{"users", "deactivate", "+16175550101", "+16175550102"},
	} {
		var out, errOut bytes.Buffer
		err := run(context.Background(), args, env{}.lookup, nil, &out, &errOut)
		if !errors.Is(err, errUsage) {
			t.Errorf("run(%q) = %v, want usage", args, err)
		}
	}
}

// TestUsageListsEverything checks that help names every subcommand and flag
// run accepts.
func TestUsageListsEverything(t *testing.T) {
	t.Parallel()
	for _, arg := range []string{"help", "-h", "--help"} {
		var out bytes.Buffer
		if err := run(context.Background(), []string{arg}, env{}.lookup, nil, &out, io.Discard); err != nil {
			t.Fatalf("%s: %v", arg, err)
		}
		if out.String() != usage {
			t.Errorf("%s printed %q, want the usage", arg, out.String())
		}
	}
	for _, want := range []string{
		"debrief serve", "--dev", "--no-scheduler", "debrief worker", "debrief migrate", "debrief chat", "--phone",
		"debrief users add", "debrief users deactivate PHONE", "debrief users reactivate PHONE", "--name", "--role", "volunteer|organizer|coordinator", "--team", "--language", "--timezone",
		"debrief teams add", "--organizer", "debrief teams set-organizer", "debrief followups", "--volunteer", "--status",
		"debrief export", "--from", "--to", "--commitment", "--out",
		"FOLLOWUP_THANKS_AFTER", "FOLLOWUP_AT", "FOLLOWUP_NO_DATE_AFTER", "FOLLOWUP_NUDGE_AFTER", "QUIET_HOURS", "SEND_RATE", "SEND_WORKERS",
		"TWILIO_ACCOUNT_SID", "TWILIO_AUTH_TOKEN", "TWILIO_FROM", "TWILIO_MESSAGING_SERVICE_SID", "TWILIO_API_URL",
		"PUBLIC_URL", "DATABASE_URL", "DEFAULT_TIMEZONE", "PORT",
	} {
		if !strings.Contains(usage, want) {
			t.Errorf("usage does not mention %s", want)
		}
	}
}

func TestWarnDevIsLoud(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		mode sendMode
		want string
	}{
		{"printed", sendPrinted, "NOT sent"},
		{"twilio", sendTwilio, "ARE sent through Twilio"},
		{"no scheduler", sendNone, "--no-scheduler"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			var b bytes.Buffer
			warnDev(&b, "127.0.0.1:8080", tc.mode)
			s := b.String()
			if strings.Count(s, "\n") < 4 || !strings.Contains(s, "NOT checked") || !strings.Contains(s, "127.0.0.1") ||
				!strings.Contains(s, tc.want) {
				t.Errorf("warning is not loud or clear enough:\n%s", s)
			}
		})
	}
}
