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
	"time"

	"github.com/debrief-sms/debrief/internal/inbox"
	"github.com/debrief-sms/debrief/internal/store"
	"github.com/debrief-sms/debrief/internal/twilio"
	"github.com/debrief-sms/debrief/internal/web"
)

const (
	// staleAfter is how long a draft may sit unanswered before it is
	// stored as abandoned.
	staleAfter    = 7 * 24 * time.Hour
	staleInterval = time.Hour
	shutdownGrace = 10 * time.Second
)

// serve runs the webhook server until ctx is done, then drains it.
func serve(ctx context.Context, cfg Config, dev bool, logger *slog.Logger, stderr io.Writer) error {
	var validator *twilio.Validator
	if !dev {
		if cfg.TwilioAuthToken == "" || cfg.PublicURL == "" {
			return errors.New("serve needs TWILIO_AUTH_TOKEN and PUBLIC_URL to check Twilio's signatures (or --dev on your own machine)")
		}
		v, err := twilio.NewValidator(cfg.TwilioAuthToken, cfg.PublicURL)
		if err != nil {
			return fmt.Errorf("serve: %w", err)
		}
		validator = v
	}
	host := ""
	if dev {
		host = "127.0.0.1"
	}
	ln, err := net.Listen("tcp", net.JoinHostPort(host, strconv.Itoa(cfg.Port)))
	if err != nil {
		return fmt.Errorf("serve: %w", err)
	}
	defer ln.Close()
	if dev {
		warnDev(stderr, ln.Addr().String())
	}

	st, err := openStore(ctx, cfg)
	if err != nil {
		return err
	}
	defer st.Close()

	handler, err := web.New(web.Config{
		Inbox:         inbox.New(st, inbox.Options{Now: time.Now, DefaultLocation: cfg.Location}),
		DB:            st,
		Validator:     validator,
		SkipSignature: dev,
		Logger:        logger,
		Now:           time.Now,
	})
	if err != nil {
		return fmt.Errorf("serve: %w", err)
	}
	srv := &http.Server{
		Handler:           handler,
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       10 * time.Second,
		WriteTimeout:      20 * time.Second,
		IdleTimeout:       2 * time.Minute,
		ErrorLog:          slog.NewLogLogger(logger.Handler(), slog.LevelWarn),
	}

	bgCtx, stopBackground := context.WithCancel(ctx)
	background := make(chan struct{})
	go func() {
		defer close(background)
		abandonStale(bgCtx, st, time.Now, logger)
	}()
	defer func() {
		stopBackground()
		<-background
	}()

	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	logger.Info("listening", "addr", ln.Addr().String(), "dev", dev, "database", databaseKind(cfg.DatabaseURL))

	select {
	case err := <-served:
		return fmt.Errorf("serve: %w", err)
	case <-ctx.Done():
	}
	logger.Info("shutting down")
	shutdownCtx, cancel := context.WithTimeout(context.Background(), shutdownGrace)
	defer cancel()
	if err := srv.Shutdown(shutdownCtx); err != nil {
		return fmt.Errorf("serve: shutdown: %w", err)
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

// warnDev says loudly that the server accepts unsigned webhooks.
func warnDev(w io.Writer, addr string) {
	lines := []string{
		"DEVELOPMENT MODE (--dev)",
		"Twilio signatures are NOT checked: anyone who can reach",
		"http://" + addr + web.SMSPath + " can text as any phone.",
		"Listening on 127.0.0.1 only. NEVER use --dev in production.",
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
