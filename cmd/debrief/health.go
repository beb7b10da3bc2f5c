package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"time"

	"github.com/debrief-sms/debrief/internal/web"
)

// serveHealth answers a platform's health checks for `debrief worker
// --health ADDR`, which has no web server of its own: GET /healthz is 200
// while the process runs, GET /readyz is 200 when the database answers and
// 503 when not, the same paths and meaning as serve's. It serves ln until
// ctx is done.
func serveHealth(ctx context.Context, ln net.Listener, db web.Pinger, logger *slog.Logger) error {
	mux := http.NewServeMux()
	mux.HandleFunc("GET "+web.HealthPath, func(w http.ResponseWriter, _ *http.Request) {
		fmt.Fprintln(w, "ok")
	})
	mux.HandleFunc("GET "+web.ReadyPath, func(w http.ResponseWriter, r *http.Request) {
		pingCtx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
		defer cancel()
		if err := db.Ping(pingCtx); err != nil {
			logger.Warn("readyz: database unreachable", "error", err.Error())
			http.Error(w, "database unreachable", http.StatusServiceUnavailable)
			return
		}
		fmt.Fprintln(w, "ok")
	})
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 5 * time.Second,
		ErrorLog: slog.NewLogLogger(logger.Handler(), slog.LevelWarn)}
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	select {
	case err := <-served:
		return fmt.Errorf("health listener: %w", err)
	case <-ctx.Done():
	}
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdownCtx); err != nil && !errors.Is(err, context.DeadlineExceeded) {
		return fmt.Errorf("health listener: shutdown: %w", err)
	}
	return nil
}
