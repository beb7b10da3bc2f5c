package main

import (
	"context"
	"fmt"
	"log/slog"
	"net"
	"sync"
	"time"

	"github.com/debrief-sms/debrief/internal/scheduler"
	"github.com/debrief-sms/debrief/internal/store"
)

// worker runs the scheduler alone, without a web server, until ctx is
// done (SIGINT or SIGTERM): the batch in hand is recorded, then it
// returns. It refuses to start without Twilio credentials, since a worker
// that cannot send would only lease follow-ups and let them lapse. With a
// healthAddr it also answers health checks there (serveHealth).
func worker(ctx context.Context, cfg Config, healthAddr string, logger *slog.Logger) error {
	sender, err := twilioSender(cfg)
	if err != nil {
		return fmt.Errorf("worker: %w", err)
	}
	var health net.Listener
	if healthAddr != "" {
		if health, err = net.Listen("tcp", healthAddr); err != nil {
			return fmt.Errorf("worker: %w", err)
		}
		defer health.Close()
	}
	st, err := openStore(ctx, cfg)
	if err != nil {
		return err
	}
	defer st.Close()
	met := newMetrics(st, logger)
	if cfg.MetricsAddr == "" && cfg.MetricsToken != "" {
		logger.Warn("METRICS_TOKEN without METRICS_ADDR: a worker has no public port, its metrics are not served")
	}
	stopMetrics, err := serveMetrics(cfg, met, logger)
	if err != nil {
		return fmt.Errorf("worker: %w", err)
	}
	defer stopMetrics()
	sch, err := newScheduler(cfg, st, sender, met, logger)
	if err != nil {
		return fmt.Errorf("worker: %w", err)
	}
	attrs := []any{"database", databaseKind(cfg.DatabaseURL), "send_rate", cfg.SendRate, "send_workers", cfg.SendWorkers,
		"quiet_hours", cfg.Rules.Quiet.String()}
	var background sync.WaitGroup
	if health != nil {
		attrs = append(attrs, "health", health.Addr().String())
		background.Go(func() {
			if err := serveHealth(ctx, health, st, logger); err != nil {
				logger.Error("health listener stopped", "error", err.Error())
			}
		})
	}
	nbs, err := newNBSyncer(cfg, st, met, logger)
	if err != nil {
		return fmt.Errorf("worker: %w", err)
	}
	if nbs != nil {
		attrs = append(attrs, "nationbuilder", cfg.NationBuilder.APIURL, "nationbuilder_rate", cfg.NationBuilder.Rate)
		background.Go(func() { runNBSync(ctx, nbs, logger) })
	}
	logger.Info("worker started", attrs...)
	runScheduler(ctx, sch, logger)
	background.Wait() // before the store closes
	logger.Info("worker stopped")
	return nil
}

// newScheduler builds the scheduler both serve and worker run.
func newScheduler(cfg Config, st *store.Store, sender scheduler.Sender, obs scheduler.Observer, logger *slog.Logger) (*scheduler.Scheduler, error) {
	sch, err := scheduler.New(scheduler.Config{
		Store:           st,
		Sender:          sender,
		Rules:           cfg.Rules,
		DefaultLocation: cfg.Location,
		SendRate:        cfg.SendRate,
		Workers:         cfg.SendWorkers,
		Now:             time.Now,
		Logger:          logger,
		Observer:        obs,
		MonthlyLink:     monthlyLink(cfg.PublicURL, logger),
		MonthlyZone:     cfg.Location,
	})
	if err != nil {
		return nil, fmt.Errorf("start scheduler: %w", err)
	}
	return sch, nil
}

// runScheduler sends follow-ups until ctx is done. Run logs its own
// failures and keeps going; it returns only when ctx ends.
func runScheduler(ctx context.Context, sch *scheduler.Scheduler, logger *slog.Logger) {
	if err := sch.Run(ctx); err != nil {
		logger.Error("scheduler stopped", "error", err.Error())
	}
}
