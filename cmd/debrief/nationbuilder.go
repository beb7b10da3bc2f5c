package main

import (
	"bufio"
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"strconv"
	"strings"
	"time"

	"golang.org/x/time/rate"

	"github.com/debrief-sms/debrief/internal/nationbuilder"
	"github.com/debrief-sms/debrief/internal/nbsync"
	"github.com/debrief-sms/debrief/internal/store"
)

// nbOAuth is the nation's OAuth flow; redirect is where NationBuilder
// sends the coordinator back with the code.
func nbOAuth(c NationBuilderConfig, redirect string) nationbuilder.OAuth {
	return nationbuilder.OAuth{BaseURL: c.APIURL, ClientID: c.ClientID, ClientSecret: c.ClientSecret, RedirectURI: redirect}
}

// nbClient is a client for the configured nation, paced at
// NATIONBUILDER_RATE, with the direct token or the stored OAuth one.
func nbClient(cfg Config, st *store.Store) (*nationbuilder.Client, error) {
	c := cfg.NationBuilder
	var tokens nationbuilder.TokenSource
	if c.OAuth() {
		sealer, err := nationbuilder.NewSealer(c.TokenKey)
		if err != nil {
			return nil, err
		}
		tokens = &nationbuilder.Tokens{OAuth: nbOAuth(c, ""), Vault: st, Sealer: sealer, Now: time.Now}
	} else {
		tokens = nationbuilder.NewStaticToken(c.AccessToken)
	}
	return nationbuilder.New(nationbuilder.Config{BaseURL: c.APIURL, Tokens: tokens,
		Limiter: rate.NewLimiter(rate.Limit(c.Rate), 1)})
}

// newNBSyncer is the NationBuilder sync the scheduler process runs, nil
// when it is not configured.
func newNBSyncer(cfg Config, st *store.Store, obs nbsync.Observer, logger *slog.Logger) (*nbsync.Syncer, error) {
	if !cfg.NationBuilder.On() {
		return nil, nil
	}
	client, err := nbClient(cfg, st)
	if err != nil {
		return nil, fmt.Errorf("nationbuilder: %w", err)
	}
	mode := "oauth"
	if !cfg.NationBuilder.OAuth() {
		mode = "direct token"
	}
	logger.Info("nationbuilder sync on", "api", cfg.NationBuilder.APIURL, "rate", cfg.NationBuilder.Rate, "auth", mode)
	return nbsync.New(nbsync.Config{Store: st, Nation: client, Location: cfg.Location, Now: time.Now,
		Logger: logger.With("component", "nationbuilder"), Observer: obs})
}

// runNBSync pushes reports until ctx is done.
func runNBSync(ctx context.Context, s *nbsync.Syncer, logger *slog.Logger) {
	if err := s.Run(ctx); err != nil {
		logger.Error("nationbuilder sync stopped", "error", err.Error())
	}
}

const nbUsage = `debrief nationbuilder connect [--redirect-uri URI] [--code CODE]
debrief nationbuilder status
debrief nationbuilder retry ID|--failed
debrief nationbuilder push --since YYYY-MM-DD [--wait]`

// runNationBuilder runs `debrief nationbuilder ...`.
func runNationBuilder(ctx context.Context, cfg Config, args []string, stdin io.Reader, stdout io.Writer) error {
	if len(args) == 0 {
		return usageErrorf("%s", nbUsage)
	}
	nb := cfg.NationBuilder
	if !nb.On() {
		return errors.New("NationBuilder is not configured: set NATIONBUILDER_SLUG and NATIONBUILDER_CLIENT_ID, NATIONBUILDER_CLIENT_SECRET, NATIONBUILDER_TOKEN_KEY (or NATIONBUILDER_ACCESS_TOKEN)")
	}
	sub, args := args[0], args[1:]
	fs := newFlagSet("nationbuilder " + sub)
	switch sub {
	case "connect":
		redirect := fs.String("redirect-uri", "", "")
		code := fs.String("code", "", "")
		if err := parse(fs, args); err != nil {
			return err
		}
		if !nb.OAuth() {
			return errors.New("nationbuilder connect: NATIONBUILDER_ACCESS_TOKEN is set, and used instead of a connection; unset it to connect with OAuth")
		}
		uri := *redirect
		if uri == "" && cfg.PublicURL != "" {
			uri = nbRedirectURI(cfg.PublicURL)
		}
		if uri == "" {
			return usageErrorf("nationbuilder connect: --redirect-uri, the OAuth app's redirect URI in NationBuilder (or set PUBLIC_URL)")
		}
		return withStore(ctx, cfg, func(st *store.Store) error {
			return nbConnect(ctx, nb, uri, *code, st, stdin, stdout)
		})
	case "status":
		if err := parse(fs, args); err != nil {
			return err
		}
		return withStore(ctx, cfg, func(st *store.Store) error { return nbStatus(ctx, cfg, st, stdout) })
	case "retry":
		failed := fs.Bool("failed", false, "")
		var idArg string
		if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
			idArg, args = args[0], args[1:]
		}
		if err := parse(fs, args); err != nil {
			return err
		}
		var id int64
		switch {
		case *failed && idArg == "":
		case !*failed && idArg != "":
			n, err := strconv.ParseInt(idArg, 10, 64)
			if err != nil || n <= 0 {
				return usageErrorf("nationbuilder retry: %q is not a push ID (see debrief nationbuilder status)", idArg)
			}
			id = n
		default:
			return usageErrorf("nationbuilder retry ID, or --failed for every failed push")
		}
		return withStore(ctx, cfg, func(st *store.Store) error {
			n, err := st.RetryNBPushes(ctx, id, time.Now())
			if err != nil {
				return err
			}
			if id != 0 && n == 0 {
				return fmt.Errorf("nationbuilder retry: push %d is not failed (see debrief nationbuilder status)", id)
			}
			fmt.Fprintf(stdout, "%d push(es) queued again; the scheduler (serve or worker) sends them.\n", n)
			return nil
		})
	case "push":
		since := fs.String("since", "", "")
		wait := fs.Bool("wait", false, "")
		if err := parse(fs, args); err != nil {
			return err
		}
		day, err := time.ParseInLocation(time.DateOnly, strings.TrimSpace(*since), cfg.Location)
		if err != nil {
			return usageErrorf("nationbuilder push --since %q: want YYYY-MM-DD (a day of DEFAULT_TIMEZONE)", *since)
		}
		return withStore(ctx, cfg, func(st *store.Store) error { return nbPush(ctx, cfg, st, day, *wait, stdout) })
	}
	return usageErrorf("nationbuilder %q: want connect, status, retry or push\n%s", sub, nbUsage)
}

// nbConnect prints the authorize URL, reads the code the coordinator
// brings back (or takes --code), exchanges it and stores the token, sealed.
func nbConnect(ctx context.Context, nb NationBuilderConfig, redirect, code string, st *store.Store, stdin io.Reader, stdout io.Writer) error {
	o := nbOAuth(nb, redirect)
	if code == "" {
		state := make([]byte, 8)
		_, _ = rand.Read(state)
		fmt.Fprintf(stdout, "Open this address as a NationBuilder admin of the nation, and approve Debrief:\n\n  %s\n\n", o.AuthorizeURL(hex.EncodeToString(state)))
		fmt.Fprint(stdout, "NationBuilder then sends you to the redirect URI with ?code=... in the address. Paste the code here: ")
		line, err := bufio.NewReader(stdin).ReadString('\n')
		if err != nil && line == "" {
			return fmt.Errorf("nationbuilder connect: no code read: %w", err)
		}
		code = strings.TrimSpace(line)
		if i := strings.Index(code, "code="); i >= 0 { // a whole URL pasted
			code = strings.SplitN(code[i+len("code="):], "&", 2)[0]
		}
	}
	if code == "" {
		return errors.New("nationbuilder connect: empty code")
	}
	conn, err := nbConnection(nb, redirect, st)
	if err != nil {
		return err
	}
	exp, err := conn.Connect(ctx, code, time.Now())
	if err != nil {
		return fmt.Errorf("nationbuilder connect: %w", err)
	}
	fmt.Fprintf(stdout, "\nConnected to %s. The token is stored encrypted and refreshed before it expires (%s).\n",
		nb.APIURL, exp.Local().Format(time.RFC1123))
	return nil
}

// nbConnection connects the nation with the OAuth app's redirect URI,
// storing the token in st.
func nbConnection(nb NationBuilderConfig, redirect string, st *store.Store) (nationbuilder.Connection, error) {
	sealer, err := nationbuilder.NewSealer(nb.TokenKey)
	if err != nil {
		return nationbuilder.Connection{}, err
	}
	return nationbuilder.Connection{OAuth: nbOAuth(nb, redirect), Vault: st, Sealer: sealer}, nil
}

// nbStatus prints what is connected, waiting and failed.
func nbStatus(ctx context.Context, cfg Config, st *store.Store, stdout io.Writer) error {
	sum, err := st.NBStatus(ctx)
	if err != nil {
		return err
	}
	nb, loc := cfg.NationBuilder, cfg.Location
	at := func(t time.Time) string { return t.In(loc).Format("2006-01-02 15:04 MST") }
	switch {
	case !nb.OAuth():
		fmt.Fprintf(stdout, "NationBuilder: %s, with NATIONBUILDER_ACCESS_TOKEN (a direct token; it expires within 24 hours)\n", nb.APIURL)
	case sum.Connected:
		exp := ""
		if sum.ExpiresAt != nil {
			exp = ", token refreshed before " + at(*sum.ExpiresAt)
		}
		fmt.Fprintf(stdout, "NationBuilder: %s, connected%s\n", nb.APIURL, exp)
	default:
		fmt.Fprintf(stdout, "NationBuilder: %s, NOT connected: run debrief nationbuilder connect\n", nb.APIURL)
	}
	if sum.Problem != "" {
		fmt.Fprintf(stdout, "STOPPED: %s\n", sum.Problem)
	}
	oldest := ""
	if sum.OldestDue != nil {
		oldest = ", the oldest due " + at(*sum.OldestDue)
	}
	fmt.Fprintf(stdout, "Pushes: %d waiting%s, %d done, %d failed\n", sum.Waiting, oldest, sum.Done, len(sum.Failed))
	print := func(title string, fs []store.NBFailure) {
		if len(fs) == 0 {
			return
		}
		fmt.Fprintf(stdout, "\n%s (push ID, report, person met, by, tries, when, why):\n", title)
		for _, f := range fs {
			fmt.Fprintf(stdout, "%d\t#%d\t%s\t%s\t%d\t%s\t%s\n", f.ID, f.Seq, f.PersonName, f.Volunteer, f.Attempts, at(f.UpdatedAt), f.Reason)
		}
	}
	print("Failed: fix the cause, then debrief nationbuilder retry ID (or --failed)", sum.Failed)
	print("Retrying", sum.Retrying)
	return nil
}

// nbPush queues the reports completed since day that were never pushed,
// and with wait pushes everything due from this process.
func nbPush(ctx context.Context, cfg Config, st *store.Store, day time.Time, wait bool, stdout io.Writer) error {
	n, err := st.QueueNBPushes(ctx, day, time.Now())
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "%d report(s) completed since %s queued for NationBuilder.\n", n, day.Format(time.DateOnly))
	if !wait {
		fmt.Fprintln(stdout, "The scheduler (serve or worker) pushes them; debrief nationbuilder status shows progress.")
		return nil
	}
	s, err := newNBSyncer(cfg, st, nil, slog.New(slog.DiscardHandler))
	if err != nil {
		return err
	}
	done, err := s.Drain(ctx)
	fmt.Fprintf(stdout, "%d pushed or settled from here.\n", done)
	if err != nil {
		return fmt.Errorf("nationbuilder push: %w", err)
	}
	return nbStatus(ctx, cfg, st, stdout)
}
