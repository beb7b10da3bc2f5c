// Command debrief is Debrief's one binary: `debrief serve` answers Twilio's
// webhooks, `debrief migrate` applies the database migrations and
// `debrief chat` talks to Debrief in the terminal, without Twilio. It is the
// only place that reads the environment and wires the packages together.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"syscall"
	_ "time/tzdata" // time zones on images without /usr/share/zoneinfo

	"github.com/debrief-sms/debrief"
	"github.com/debrief-sms/debrief/internal/store"
)

const usage = `Debrief: report a one-to-one meeting by text.

Usage:
  debrief serve [--dev]                  answer Twilio's webhooks (migrates first)
  debrief migrate                        apply database migrations and exit
  debrief chat [--phone +15555550100]    text Debrief from this terminal, no Twilio needed

Configuration (environment): PORT, DATABASE_URL, PUBLIC_URL, TWILIO_ACCOUNT_SID,
TWILIO_AUTH_TOKEN, TWILIO_FROM or TWILIO_MESSAGING_SERVICE_SID, TWILIO_API_URL,
DEFAULT_TIMEZONE, GOMEMLIMIT (Go's soft heap limit, default 24MiB).
DATABASE_URL "" is the embedded SQLite file debrief.db.
`

// errUsage reports a command line that asks for nothing Debrief does.
var errUsage = errors.New("usage")

func main() {
	limitMemory(os.Getenv)
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Getenv, os.Stdin, os.Stdout, os.Stderr)
	stop()
	switch {
	case errors.Is(err, errUsage):
		fmt.Fprint(os.Stderr, usage)
		os.Exit(2)
	case err != nil:
		fmt.Fprintln(os.Stderr, "debrief:", err)
		os.Exit(1)
	}
}

// run executes the command line args.
func run(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		return errUsage
	}
	cfg, err := configFromEnv(getenv)
	if err != nil {
		return err
	}
	cmd, args := args[0], args[1:]
	fs := flag.NewFlagSet("debrief "+cmd, flag.ContinueOnError)
	fs.SetOutput(stderr)
	switch cmd {
	case "serve":
		dev := fs.Bool("dev", false, "local development: listen on 127.0.0.1 only and skip Twilio signature checks")
		if err := fs.Parse(args); err != nil {
			return errUsage
		}
		logger := slog.New(slog.NewJSONHandler(stdout, nil))
		return serve(ctx, cfg, *dev, logger, stderr)
	case "migrate":
		if err := fs.Parse(args); err != nil {
			return errUsage
		}
		return migrate(ctx, cfg, stdout)
	case "chat":
		number := fs.String("phone", defaultChatPhone, "the phone number you text from")
		if err := fs.Parse(args); err != nil {
			return errUsage
		}
		return chat(ctx, cfg, *number, stdin, stdout)
	default:
		return errUsage
	}
}

// openStore opens and migrates the database.
func openStore(ctx context.Context, cfg Config) (*store.Store, error) {
	st, err := store.Open(ctx, cfg.DatabaseURL, store.Options{
		DefaultTimeZone: cfg.DefaultTimeZone,
		DefaultLanguage: debrief.English,
	})
	if err != nil {
		return nil, fmt.Errorf("open database: %w", err)
	}
	if err := st.Migrate(ctx); err != nil {
		return nil, errors.Join(fmt.Errorf("migrate database: %w", err), st.Close())
	}
	return st, nil
}

func migrate(ctx context.Context, cfg Config, stdout io.Writer) error {
	st, err := openStore(ctx, cfg)
	if err != nil {
		return err
	}
	if err := st.Close(); err != nil {
		return fmt.Errorf("close database: %w", err)
	}
	fmt.Fprintln(stdout, "debrief: database migrated")
	return nil
}
