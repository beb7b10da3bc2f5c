// Command debrief is Debrief's one binary: `debrief serve` answers Twilio's
// webhooks and sends follow-ups, `debrief worker` sends follow-ups alone,
// `debrief migrate` applies the database migrations, `debrief chat` talks
// to Debrief in the terminal without Twilio, `debrief users`, `teams`
// and `followups` let an operator sign people up and see what is
// scheduled, `debrief export` writes reports for NationBuilder and
// `debrief stats` prints the month's follow-through. It is
// the only place that reads the environment and wires the packages
// together.
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
	"time"
	_ "time/tzdata" // time zones on images without /usr/share/zoneinfo

	"github.com/debrief-sms/debrief/internal/store"
)

const usage = `Debrief: report a one-to-one meeting by text.

Usage:
  debrief serve [--dev] [--no-scheduler]
        answer Twilio's webhooks and send due follow-ups (migrates first)
        --dev           local development: listen on 127.0.0.1 only, skip Twilio
                        signature checks; without Twilio credentials follow-ups
                        are printed to stdout instead of sent
        --no-scheduler  send no follow-ups from this process (run debrief worker)
  debrief worker [--health ADDR]
        send due follow-ups, no web server (migrates first; stops on SIGINT/SIGTERM)
        --health ADDR   answer health checks on ADDR (such as :8081): GET /healthz
                        while running, GET /readyz while the database answers
  debrief migrate
        apply database migrations and exit
  debrief chat [--phone +15555550100]
        text Debrief from this terminal, no Twilio needed; shows what a report scheduled
  debrief users add --phone PHONE --name NAME --role volunteer|organizer|coordinator
                    [--team TEAM] [--language en|es] [--timezone America/Chicago]
        sign a person up; a new team name creates the team
  debrief users set-role --phone PHONE --role volunteer|organizer|coordinator
        change a signed-up person's role; signs them out of the web pages
  debrief users deactivate PHONE
        set a person apart, as the people page does: their web sessions end,
        they organize no team, their organizer texts are cancelled; their own
        texts are still answered
  debrief users reactivate PHONE
        make a deactivated person active again (they organize no team until named)
  debrief teams add --name TEAM [--organizer PHONE]
        create a team; the organizer must be signed up already
  debrief teams set-organizer --name TEAM --organizer PHONE
        make a signed-up person the organizer of an existing team
  debrief questions add [--team TEAM] --text TEXT [--text-es TEXT]
                        [--kind text|yesno|choice|number|date] [--choices "a;b;c"]
                        [--choices-es "a;b;c"] [--optional]
        add a question asked after the built-in ones, for the team or, without
        --team, for every team; refused, with the reason, unless it fits one text
  debrief questions list [--team TEAM] [--retired]
        list the questions: ID, team, place, kind, optional, version, words
  debrief questions edit ID [--text ...] [--text-es ...] [--kind ...] [--choices ...]
                        [--choices-es ...] [--optional[=false]]
        new words for a question (a new version: old answers keep theirs)
  debrief questions move ID --to N
        ask the question Nth among its team's (1 is first)
  debrief questions retire ID
        stop asking a question; its answers stay
  debrief questions enable|disable national [--team TEAM]
        ask (or stop asking) the national campaign's questions, for the team or
        for every team
  debrief followups [--team TEAM] [--volunteer PHONE] [--status STATUS]
        list follow-ups: id, person met, recipient (masked), kind, due time in
        the recipient's zone, status (pending, sending, sent, delivered, failed,
        done, cancelled, overdue), and why one failed (Twilio's code, message)
  debrief export [--from 2026-11-01] [--to 2026-11-30] [--team TEAM] [--volunteer PHONE]
                 [--commitment house_party|action|meet_again|other|none]
                 [--status complete|draft|abandoned] [--out FILE]
        write completed 1:1 reports as a CSV for NationBuilder's People > Import,
        one row per report (see the README); days are DEFAULT_TIMEZONE's, both
        included; stdout without --out
  debrief stats [--team TEAM] [--month 2026-11]
        1:1 follow-through per team in the month (this one by default, days in
        DEFAULT_TIMEZONE): planned, reported, reported within 24 h of the
        meeting, thanked, next step done, overdue
  debrief nationbuilder connect [--redirect-uri URI] [--code CODE]
        print NationBuilder's authorize address, take the code, store the token
  debrief nationbuilder status
        what is connected, waiting and failed (with NationBuilder's reasons)
  debrief nationbuilder retry ID|--failed
        push a failed report again (after a fix), or every failed one
  debrief nationbuilder push --since YYYY-MM-DD [--wait]
        queue the reports completed since that day that were never pushed
        (the backlog); --wait pushes them from this process
  debrief help
        show this text

Phones without a country code are read as US numbers.

Configuration (environment): PORT, DATABASE_URL, DATABASE_POOLER (transaction
when DATABASE_URL goes through PgBouncer in transaction mode),
DATABASE_DIRECT_URL (migrations bypass the pooler), PUBLIC_URL, TWILIO_ACCOUNT_SID,
TWILIO_AUTH_TOKEN, TWILIO_FROM or TWILIO_MESSAGING_SERVICE_SID, TWILIO_API_URL,
DEFAULT_TIMEZONE, FOLLOWUP_THANKS_AFTER (2h), FOLLOWUP_AT (09:00),
FOLLOWUP_NO_DATE_AFTER (168h), FOLLOWUP_NUDGE_AFTER (72h), QUIET_HOURS
(20:00-09:00; set to "" for none), SEND_RATE (texts per second, 1),
SEND_WORKERS (texts sent at once, 8),
INBOUND_LIMIT (texts a minute from one phone before replies pause, 10; 0 for
none), SHUTDOWN_GRACE (time serve lets requests finish after SIGTERM, 15s),
NATIONBUILDER_SLUG, NATIONBUILDER_CLIENT_ID, NATIONBUILDER_CLIENT_SECRET,
NATIONBUILDER_TOKEN_KEY, NATIONBUILDER_ACCESS_TOKEN, NATIONBUILDER_API_URL,
NATIONBUILDER_RATE (requests per second, 10).
DATABASE_URL "" is the embedded SQLite file debrief.db.
`

// errUsage reports a command line that asks for nothing Debrief does.
var errUsage = errors.New("usage")

// usageErrorf is a command line missing or misusing something; main
// prints the reason and the usage.
func usageErrorf(format string, args ...any) error {
	return fmt.Errorf("%w: "+format, append([]any{errUsage}, args...)...)
}

func main() {
	limitMemory(os.Getenv)
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.LookupEnv, os.Stdin, os.Stdout, os.Stderr)
	stop()
	switch {
	case errors.Is(err, errUsage):
		if err != errUsage {
			fmt.Fprintln(os.Stderr, "debrief:", err)
		}
		fmt.Fprint(os.Stderr, usage)
		os.Exit(2)
	case err != nil:
		fmt.Fprintln(os.Stderr, "debrief:", err)
		os.Exit(1)
	}
}

// run executes the command line args; lookupEnv is os.LookupEnv outside
// tests.
func run(ctx context.Context, args []string, lookupEnv func(string) (string, bool), stdin io.Reader, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		return errUsage
	}
	switch args[0] {
	case "help", "-h", "-help", "--help":
		fmt.Fprint(stdout, usage)
		return nil
	}
	cfg, err := configFromEnv(lookupEnv)
	if err != nil {
		return err
	}
	cmd, args := args[0], args[1:]
	switch cmd {
	case "serve":
		var opts serveOptions
		fs := newFlagSet(cmd)
		fs.BoolVar(&opts.Dev, "dev", false, "")
		fs.BoolVar(&opts.NoScheduler, "no-scheduler", false, "")
		if err := parse(fs, args); err != nil {
			return err
		}
		logger := slog.New(slog.NewJSONHandler(stdout, nil))
		return serve(ctx, cfg, opts, logger, stdout, stderr)
	case "worker":
		fs := newFlagSet(cmd)
		health := fs.String("health", "", "")
		if err := parse(fs, args); err != nil {
			return err
		}
		return worker(ctx, cfg, *health, slog.New(slog.NewJSONHandler(stdout, nil)))
	case "migrate":
		if err := parse(newFlagSet(cmd), args); err != nil {
			return err
		}
		return migrate(ctx, cfg, stdout)
	case "chat":
		fs := newFlagSet(cmd)
		number := fs.String("phone", defaultChatPhone, "")
		if err := parse(fs, args); err != nil {
			return err
		}
		return chat(ctx, cfg, *number, stdin, stdout)
	case "users", "teams":
		return runAdmin(ctx, cfg, cmd, args, stdout)
	case "questions":
		return runQuestions(ctx, cfg, args, stdout)
	case "nationbuilder":
		return runNationBuilder(ctx, cfg, args, stdin, stdout)
	case "followups":
		var q followupQuery
		fs := newFlagSet(cmd)
		fs.StringVar(&q.Team, "team", "", "")
		fs.StringVar(&q.Volunteer, "volunteer", "", "")
		fs.StringVar(&q.Status, "status", "", "")
		if err := parse(fs, args); err != nil {
			return err
		}
		return withStore(ctx, cfg, func(st *store.Store) error {
			return listFollowups(ctx, st, cfg.Location, q, stdout, stderr)
		})
	case "export":
		var q exportQuery
		fs := newFlagSet(cmd)
		fs.StringVar(&q.From, "from", "", "")
		fs.StringVar(&q.To, "to", "", "")
		fs.StringVar(&q.Team, "team", "", "")
		fs.StringVar(&q.Volunteer, "volunteer", "", "")
		fs.StringVar(&q.Commitment, "commitment", "", "")
		fs.StringVar(&q.Status, "status", "", "")
		fs.StringVar(&q.Out, "out", "", "")
		if err := parse(fs, args); err != nil {
			return err
		}
		return withStore(ctx, cfg, func(st *store.Store) error {
			return exportReports(ctx, st, cfg.Location, q, stdout, stderr)
		})
	case "stats":
		var q statsQuery
		fs := newFlagSet(cmd)
		fs.StringVar(&q.Team, "team", "", "")
		fs.StringVar(&q.Month, "month", "", "")
		if err := parse(fs, args); err != nil {
			return err
		}
		return withStore(ctx, cfg, func(st *store.Store) error {
			return printStats(ctx, st, cfg.Location, q, time.Now(), stdout)
		})
	default:
		return usageErrorf("unknown command %q", cmd)
	}
}

// runAdmin runs `debrief users add`, `users set-role`, `users deactivate`,
// `users reactivate`, `debrief teams add` and `debrief teams
// set-organizer`.
func runAdmin(ctx context.Context, cfg Config, noun string, args []string, stdout io.Writer) error {
	if len(args) == 0 {
		return usageErrorf("%s needs a subcommand", noun)
	}
	verb, args := args[0], args[1:]
	fs := newFlagSet(noun + " " + verb)
	var do func(st *store.Store) error
	switch noun + " " + verb {
	case "users add":
		var u newUser
		fs.StringVar(&u.Phone, "phone", "", "")
		fs.StringVar(&u.Name, "name", "", "")
		fs.StringVar(&u.Role, "role", "", "")
		fs.StringVar(&u.Team, "team", "", "")
		fs.StringVar(&u.Language, "language", "", "")
		fs.StringVar(&u.TimeZone, "timezone", "", "")
		do = func(st *store.Store) error { return addUser(ctx, st, u, stdout) }
	case "users set-role":
		number := fs.String("phone", "", "")
		role := fs.String("role", "", "")
		do = func(st *store.Store) error { return setRole(ctx, st, *number, *role, stdout) }
	case "users deactivate", "users reactivate":
		typed, err := phoneArg(verb, args)
		if err != nil {
			return err
		}
		args = nil
		set := deactivateUser
		if verb == "reactivate" {
			set = reactivateUser
		}
		do = func(st *store.Store) error { return set(ctx, st, typed, time.Now(), stdout) }
	case "teams add":
		name := fs.String("name", "", "")
		organizer := fs.String("organizer", "", "")
		do = func(st *store.Store) error { return addTeam(ctx, st, *name, *organizer, stdout) }
	case "teams set-organizer":
		name := fs.String("name", "", "")
		organizer := fs.String("organizer", "", "")
		do = func(st *store.Store) error { return setTeamOrganizer(ctx, st, *name, *organizer, stdout) }
	default:
		return usageErrorf("unknown command %q", noun+" "+verb)
	}
	if err := parse(fs, args); err != nil {
		return err
	}
	return withStore(ctx, cfg, do)
}

// newFlagSet returns an empty flag set for the command. It prints
// nothing: parse returns its error and main prints it with the usage
// text, which documents every flag.
func newFlagSet(cmd string) *flag.FlagSet {
	fs := flag.NewFlagSet("debrief "+cmd, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.Usage = func() {}
	return fs
}

// parse parses args, which must all be flags.
func parse(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		return usageErrorf("%s: %w", fs.Name(), err)
	}
	if fs.NArg() > 0 {
		return usageErrorf("%s: unexpected %q", fs.Name(), fs.Arg(0))
	}
	return nil
}

// withStore runs do on the migrated database and closes it.
func withStore(ctx context.Context, cfg Config, do func(*store.Store) error) error {
	st, err := openStore(ctx, cfg)
	if err != nil {
		return err
	}
	err = do(st)
	if cerr := st.Close(); cerr != nil {
		err = errors.Join(err, fmt.Errorf("close database: %w", cerr))
	}
	return err
}

// openStore opens and migrates the database: through DATABASE_DIRECT_URL
// when it is set, since a transaction pooler cannot hold the migrations'
// session lock; behind one without it, only checks that nothing is pending.
func openStore(ctx context.Context, cfg Config) (*store.Store, error) {
	if cfg.DatabaseDirectURL != "" {
		if err := migrateDirect(ctx, cfg); err != nil {
			return nil, err
		}
	}
	st, err := store.Open(ctx, cfg.DatabaseURL, cfg.storeOptions())
	if err != nil {
		return nil, fmt.Errorf("open database: %w", err)
	}
	if err := st.Migrate(ctx); err != nil {
		if errors.Is(err, store.ErrMigrateThroughPooler) {
			err = fmt.Errorf("%w (DATABASE_POOLER=transaction: set DATABASE_DIRECT_URL to the database's direct URL)", err)
		}
		return nil, errors.Join(fmt.Errorf("migrate database: %w", err), st.Close())
	}
	return st, nil
}

// migrateDirect applies the migrations through DATABASE_DIRECT_URL.
func migrateDirect(ctx context.Context, cfg Config) error {
	opts := cfg.storeOptions()
	opts.TransactionPooler = false
	st, err := store.Open(ctx, cfg.DatabaseDirectURL, opts)
	if err != nil {
		return fmt.Errorf("open database at DATABASE_DIRECT_URL: %w", err)
	}
	err = st.Migrate(ctx)
	if cerr := st.Close(); err == nil && cerr != nil {
		err = fmt.Errorf("close database: %w", cerr)
	}
	if err != nil {
		return fmt.Errorf("migrate database at DATABASE_DIRECT_URL: %w", err)
	}
	return nil
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
