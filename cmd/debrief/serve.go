package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/debrief-sms/debrief/internal/inbox"
	"github.com/debrief-sms/debrief/internal/scheduler"
	"github.com/debrief-sms/debrief/internal/store"
	"github.com/debrief-sms/debrief/internal/twilio"
	"github.com/debrief-sms/debrief/internal/web"
)

const (
	// staleAfter is how long a draft may sit unanswered before it is
	// stored as abandoned.
	staleAfter    = 7 * 24 * time.Hour
	staleInterval = time.Hour
)

// serveOptions are the flags of `debrief serve`.
type serveOptions struct {
	// Dev listens on 127.0.0.1 only, skips Twilio's signatures and,
	// without Twilio credentials, prints follow-ups instead of sending.
	Dev bool
	// NoScheduler leaves sending follow-ups to `debrief worker`.
	NoScheduler bool

	// wrapInbox, when set, wraps the inbox the webhook calls: tests hold
	// a text in flight with it.
	wrapInbox func(web.Inbox) web.Inbox
}

// sendMode says how serve sends follow-ups, for the dev warning.
type sendMode int

const (
	sendNone    sendMode = iota // --no-scheduler
	sendTwilio                  // through Twilio's API
	sendPrinted                 // printed to stdout, not sent
)

// serve runs the webhook server, and unless opts.NoScheduler the
// scheduler, until ctx is done, then drains them.
// monthlyHistoryCache is how long the monthly report's charts keep a
// closed month (web.Config.HistoryCache): the bars of past months may lag
// a DONE by this much, and a coordinator's view reads one month, not 12.
const monthlyHistoryCache = 5 * time.Minute

func serve(ctx context.Context, cfg Config, opts serveOptions, logger *slog.Logger, stdout, stderr io.Writer) error {
	var validator *twilio.Validator
	if !opts.Dev {
		if cfg.TwilioAuthToken == "" || cfg.PublicURL == "" {
			return errors.New("serve needs TWILIO_AUTH_TOKEN and PUBLIC_URL to check Twilio's signatures (or --dev on your own machine)")
		}
		v, err := twilio.NewValidator(cfg.TwilioAuthToken, cfg.PublicURL)
		if err != nil {
			return fmt.Errorf("serve: %w", err)
		}
		validator = v
	}
	sender, mode, err := serveSender(cfg, opts, stdout)
	if err != nil {
		return fmt.Errorf("serve: %w", err)
	}
	host := ""
	if opts.Dev {
		host = "127.0.0.1"
	}
	ln, err := net.Listen("tcp", net.JoinHostPort(host, strconv.Itoa(cfg.Port)))
	if err != nil {
		return fmt.Errorf("serve: %w", err)
	}
	defer ln.Close()
	if opts.Dev {
		warnDev(stderr, ln.Addr().String(), mode)
	}

	st, err := openStore(ctx, cfg)
	if err != nil {
		return err
	}
	storeOpen := true
	defer func() {
		if storeOpen {
			st.Close()
		}
	}()

	met := newMetrics(st, logger)
	stopMetrics, err := serveMetrics(cfg, met, logger)
	if err != nil {
		return fmt.Errorf("serve: %w", err)
	}
	defer stopMetrics()

	var sch *scheduler.Scheduler
	if sender != nil {
		if sch, err = newScheduler(cfg, st, sender, met, logger); err != nil {
			return fmt.Errorf("serve: %w", err)
		}
	}
	var ib web.Inbox = inbox.New(st, inbox.Options{Now: time.Now, DefaultLocation: cfg.Location, FollowUps: &cfg.Rules,
		InboundLimit: cfg.InboundLimit, Limits: st})
	if opts.wrapInbox != nil {
		ib = opts.wrapInbox(ib)
	}
	var accounts web.Accounts
	var people web.People
	codes := codeSender(cfg, opts, sender, stdout)
	if codes != nil {
		accounts, people = st, st
	} else {
		logger.Warn("organizers' pages off: no way to text sign-in codes (set Twilio's credentials, or --dev)")
	}
	// Sign-in codes go out after their page is answered; a stop waits
	// for those under way (bounded by the sender's timeout) before the
	// store closes.
	var codeSends sync.WaitGroup
	nbp, err := nbPage(cfg, st)
	if err != nil {
		return fmt.Errorf("serve: nationbuilder: %w", err)
	}
	handler, err := web.New(web.Config{
		Inbox:         ib,
		DB:            st,
		Deliveries:    st,
		Validator:     validator,
		SkipSignature: opts.Dev,
		Logger:        logger,
		Now:           time.Now,
		Observer:      met,
		Metrics:       publicMetrics(cfg, met),
		Accounts:      accounts,
		People:        people,
		Questions:     st,
		Plans:         st,
		NationBuilder: nbp,
		Codes:         codes,
		SecureCookies: strings.HasPrefix(cfg.PublicURL, "https://"),
		Background:    codeSends.Go,
		ReportZone:    cfg.Location,
		HistoryCache:  monthlyHistoryCache,
	})
	if err != nil {
		return fmt.Errorf("serve: %w", err)
	}
	requests := &inFlight{next: handler}
	srv := &http.Server{
		Handler:           requests,
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       10 * time.Second,
		WriteTimeout:      20 * time.Second,
		IdleTimeout:       2 * time.Minute,
		ErrorLog:          slog.NewLogLogger(logger.Handler(), slog.LevelWarn),
	}

	bgCtx, stopBackground := context.WithCancel(ctx)
	var background sync.WaitGroup
	background.Go(func() { abandonStale(bgCtx, st, time.Now, logger) })
	if sch != nil {
		background.Go(func() { runScheduler(bgCtx, sch, logger) })
		// The NationBuilder sync runs where the scheduler does.
		nbs, err := newNBSyncer(cfg, st, met, logger)
		if err != nil {
			stopBackground()
			background.Wait()
			return fmt.Errorf("serve: %w", err)
		}
		if nbs != nil {
			background.Go(func() { runNBSync(bgCtx, nbs, logger) })
		}
	}
	// Stop the background work before the store closes.
	defer func() {
		stopBackground()
		background.Wait()
	}()

	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	logger.Info("listening", "addr", ln.Addr().String(), "dev", opts.Dev, "scheduler", sch != nil,
		"database", databaseKind(cfg.DatabaseURL))

	select {
	case err := <-served:
		return fmt.Errorf("serve: %w", err)
	case <-ctx.Done():
	}

	// A deploy: stop taking requests, let those in flight finish (the
	// grace is longer than a text's timeout, so each gets its answer),
	// let the scheduler record what it holds, then release the database.
	start := time.Now()
	finishedBefore := requests.finished()
	logger.Info("shutting down", "requests_in_flight", requests.active(), "grace", cfg.ShutdownGrace.String())
	stopBackground()
	graceCtx, cancel := context.WithTimeout(context.Background(), cfg.ShutdownGrace)
	defer cancel()
	shutdownErr := srv.Shutdown(graceCtx)
	cut := requests.active()
	if shutdownErr != nil {
		// Past the grace: cut what is left rather than hang the deploy.
		srv.Close()
	}
	background.Wait()
	codeSends.Wait()
	storeOpen = false
	closeErr := st.Close()
	logger.Info("shut down", "requests_drained", requests.finished()-finishedBefore, "requests_cut", cut,
		"scheduler_stopped", sch != nil, "released", "listener, database connections",
		"took_ms", time.Since(start).Milliseconds())
	switch {
	case shutdownErr != nil:
		return fmt.Errorf("serve: shutdown: %d requests still running after SHUTDOWN_GRACE %s: %w", cut, cfg.ShutdownGrace, shutdownErr)
	case closeErr != nil:
		return fmt.Errorf("serve: shutdown: %w", closeErr)
	}
	return nil
}

// inFlight counts the requests being served and those finished, for the
// shutdown log line.
type inFlight struct {
	next        http.Handler
	n, finishes atomic.Int64
}

func (f *inFlight) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	f.n.Add(1)
	defer func() {
		f.finishes.Add(1)
		f.n.Add(-1)
	}()
	f.next.ServeHTTP(w, r)
}

func (f *inFlight) active() int64   { return f.n.Load() }
func (f *inFlight) finished() int64 { return f.finishes.Load() }

// serveSender picks how serve sends follow-ups: not at all with
// --no-scheduler; printed to stdout with --dev and no Twilio credentials;
// through Twilio otherwise, which needs its credentials.
func serveSender(cfg Config, opts serveOptions, stdout io.Writer) (scheduler.Sender, sendMode, error) {
	if opts.NoScheduler {
		return nil, sendNone, nil
	}
	if ok, _ := cfg.canSend(); !ok && opts.Dev {
		return &printSender{w: stdout}, sendPrinted, nil
	}
	s, err := twilioSender(cfg)
	if err != nil {
		return nil, sendNone, fmt.Errorf("%w (serve --no-scheduler answers texts and sends no follow-ups)", err)
	}
	return s, sendTwilio, nil
}

// codeSender is how sign-in codes are texted: through the follow-ups'
// sender when there is one, else printed to stdout with --dev and no
// Twilio credentials, else through Twilio (serve --no-scheduler still
// texts codes); nil when none can be.
func codeSender(cfg Config, opts serveOptions, followups scheduler.Sender, stdout io.Writer) web.CodeSender {
	if followups != nil {
		return followups
	}
	if ok, _ := cfg.canSend(); !ok && opts.Dev {
		return &printSender{w: stdout}
	}
	if s, err := twilioSender(cfg); err == nil {
		return s
	}
	return nil
}

// abandonStale stores drafts untouched for a week as abandoned, at start
// and then hourly, until ctx is done.
func abandonStale(ctx context.Context, st *store.Store, now func() time.Time, logger *slog.Logger) {
	tick := time.NewTicker(staleInterval)
	defer tick.Stop()
	for {
		n, err := st.AbandonStale(ctx, now().Add(-staleAfter))
		switch {
		case err != nil && ctx.Err() == nil:
			logger.Error("abandon stale drafts", "error", err.Error())
		case n > 0:
			logger.Info("abandoned stale drafts", "count", n)
		}
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
	}
}

// warnDev says loudly that the server accepts unsigned webhooks, and how
// follow-ups go out.
func warnDev(w io.Writer, addr string, mode sendMode) {
	lines := []string{
		"DEVELOPMENT MODE (--dev)",
		"Twilio signatures are NOT checked: anyone who can reach",
		"http://" + addr + web.SMSPath + " can text as any phone.",
		"Listening on 127.0.0.1 only. NEVER use --dev in production.",
	}
	switch mode {
	case sendPrinted:
		lines = append(lines, "No Twilio credentials: follow-ups are NOT sent, they are",
			"printed to stdout (phone masked) when they fall due.")
	case sendTwilio:
		lines = append(lines, "Follow-ups ARE sent through Twilio: real texts to real phones.")
	case sendNone:
		lines = append(lines, "--no-scheduler: no follow-ups are sent by this process.")
	}
	width := 0
	for _, l := range lines {
		width = max(width, len(l))
	}
	bar := strings.Repeat("!", width+6)
	fmt.Fprintln(w, bar)
	for _, l := range lines {
		fmt.Fprintf(w, "!! %-*s !!\n", width, l)
	}
	fmt.Fprintln(w, bar)
}

// databaseKind names the database for the start-up log without its
// credentials.
func databaseKind(databaseURL string) string {
	switch {
	case strings.HasPrefix(databaseURL, "postgres://"), strings.HasPrefix(databaseURL, "postgresql://"):
		return "postgres"
	case databaseURL == "":
		return "sqlite:" + store.DefaultSQLitePath
	default:
		return "sqlite"
	}
}
