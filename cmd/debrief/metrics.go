package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"time"

	"github.com/debrief-sms/debrief/internal/metrics"
	"github.com/debrief-sms/debrief/internal/store"
	"github.com/debrief-sms/debrief/internal/web"
)

// metricsGrace bounds how long stopping the metrics listener waits for a
// scrape in progress.
const metricsGrace = 5 * time.Second

// minMetricsToken is the shortest METRICS_TOKEN accepted: it guards
// /metrics on the public port.
const minMetricsToken = 16

// checkMetrics checks METRICS_ADDR and METRICS_TOKEN.
func checkMetrics(addr, token string) []error {
	var errs []error
	if addr != "" {
		if _, port, err := net.SplitHostPort(addr); err != nil || port == "" {
			errs = append(errs, fmt.Errorf("METRICS_ADDR %q: want host:port, such as 127.0.0.1:9090 or :9091", addr))
		}
	}
	if token != "" && (len(token) < minMetricsToken || strings.TrimSpace(token) != token) {
		errs = append(errs, fmt.Errorf("METRICS_TOKEN: want at least %d characters and no spaces around them (openssl rand -hex 32)", minMetricsToken))
	}
	return errs
}

// newMetrics returns the process's metrics, the backlog read from st.
// They count whether or not anything serves them.
func newMetrics(st *store.Store, logger *slog.Logger) *metrics.Metrics {
	return metrics.New(metrics.Options{Backlog: st, Now: time.Now, Logger: logger})
}

// publicMetrics is what the public server serves at /metrics: nothing,
// unless METRICS_TOKEN is set and no METRICS_ADDR takes them elsewhere.
func publicMetrics(cfg Config, m *metrics.Metrics) http.Handler {
	if cfg.MetricsAddr != "" || cfg.MetricsToken == "" {
		return nil
	}
	return m.Handler(cfg.MetricsToken)
}

// serveMetrics serves /metrics alone on METRICS_ADDR, if set, until the
// returned stop is called. It listens before returning, so a taken
// address fails the start.
func serveMetrics(cfg Config, m *metrics.Metrics, logger *slog.Logger) (stop func(), err error) {
	if cfg.MetricsAddr == "" {
		return func() {}, nil
	}
	ln, err := net.Listen("tcp", cfg.MetricsAddr)
	if err != nil {
		return nil, fmt.Errorf("metrics: %w", err)
	}
	mux := http.NewServeMux()
	mux.Handle("GET "+web.MetricsPath, m.Handler(cfg.MetricsToken))
	srv := &http.Server{
		Handler:           mux,
		ReadHeaderTimeout: 5 * time.Second,
		WriteTimeout:      30 * time.Second,
		ErrorLog:          slog.NewLogLogger(logger.Handler(), slog.LevelWarn),
	}
	served := make(chan struct{})
	go func() {
		defer close(served)
		if err := srv.Serve(ln); !errors.Is(err, http.ErrServerClosed) {
			logger.Error("metrics server stopped", "error", err.Error())
		}
	}()
	logger.Info("metrics listening", "addr", ln.Addr().String(), "token", cfg.MetricsToken != "")
	return func() {
		ctx, cancel := context.WithTimeout(context.Background(), metricsGrace)
		defer cancel()
		if err := srv.Shutdown(ctx); err != nil {
			logger.Warn("metrics server shutdown", "error", err.Error())
		}
		<-served
	}, nil
}
