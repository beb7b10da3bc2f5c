// Package metrics counts what Debrief does, for Prometheus: texts in by
// outcome, texts out by kind, failed sends by Twilio's error code, webhook
// durations, and the follow-up backlog, read from the database when
// scraped. It is an adapter at the edge: the web server and the scheduler
// report to it through interfaces they declare (web.Observer,
// scheduler.Observer), cmd/debrief wires it, and no other package imports
// Prometheus. Every Metrics has a registry of its own, never Prometheus's
// global one, so servers and tests do not share counters. It never labels
// a series with a phone number or a message.
package metrics

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/debrief-sms/debrief/internal/followup"
	"github.com/debrief-sms/debrief/internal/store"
	"github.com/debrief-sms/debrief/internal/web"
)

// Backlog reads what the scheduler has yet to send; *store.Store
// implements it.
type Backlog interface {
	FollowupBacklog(ctx context.Context, now time.Time) (store.Backlog, error)
}

// Options configure Metrics.
type Options struct {
	// Backlog is read at every scrape; nil leaves the backlog out.
	Backlog Backlog
	// Now is the clock the backlog's lag is measured with; time.Now when
	// nil.
	Now func() time.Time
	// Logger logs failed scrapes; discarded when nil.
	Logger *slog.Logger
}

// backlogTimeout bounds the backlog's query at a scrape: a slow database
// must not hold up the rest of the metrics.
const backlogTimeout = 2 * time.Second

// ReplyKind is the kind of texts out that answer a text, beside the
// follow-up kinds.
const ReplyKind = "reply"

// Metrics holds Debrief's counters and serves them. It is safe for
// concurrent use.
type Metrics struct {
	reg          *prometheus.Registry
	logger       *slog.Logger
	textsIn      *prometheus.CounterVec
	textsOut     *prometheus.CounterVec
	sendFailures *prometheus.CounterVec
	webhooks     *prometheus.HistogramVec
	nbPushes     *prometheus.CounterVec
}

// New returns Metrics on a registry of their own, with the Go runtime's
// and the process's metrics beside Debrief's.
func New(opts Options) *Metrics {
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	m := &Metrics{
		reg:    prometheus.NewRegistry(),
		logger: opts.Logger,
		textsIn: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "debrief_texts_in_total",
			Help: "Inbound text webhooks, by outcome: answered, duplicate (a MessageSid handled before), limited (over the phone's inbound limit, stored unstepped), refused (4xx), error (5xx).",
		}, []string{"outcome"}),
		textsOut: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "debrief_texts_out_total",
			Help: "Texts sent, by kind: reply (in a webhook's answer) or the follow-up's kind (accepted by Twilio).",
		}, []string{"kind"}),
		sendFailures: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "debrief_send_failures_total",
			Help: "Follow-up sends Twilio refused or did not answer, by Twilio error code (none: no answer or no code).",
		}, []string{"code"}),
		webhooks: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "debrief_webhook_duration_seconds",
			Help:    "Time to answer Twilio's webhooks, by path.",
			Buckets: prometheus.DefBuckets,
		}, []string{"path"}),
		nbPushes: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "debrief_nationbuilder_pushes_total",
			Help: "Reports pushed to NationBuilder, by outcome: pushed, retry (a temporary failure or a 429), failed (for good), waiting (the connection needs a coordinator).",
		}, []string{"outcome"}),
	}
	m.reg.MustRegister(m.textsIn, m.textsOut, m.sendFailures, m.webhooks, m.nbPushes,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	if opts.Backlog != nil {
		m.reg.MustRegister(newBacklogCollector(opts.Backlog, opts.Now))
	}
	// Every series that a dashboard or an alert reads exists from the
	// start, at 0, so that a rate over it is defined before its first text.
	for _, o := range web.Outcomes() {
		m.textsIn.WithLabelValues(string(o))
	}
	m.textsOut.WithLabelValues(ReplyKind)
	for _, k := range followup.Texts() {
		m.textsOut.WithLabelValues(string(k))
	}
	for _, p := range []string{web.SMSPath, web.StatusPath} {
		m.webhooks.WithLabelValues(p)
	}
	for _, o := range NBOutcomes {
		m.nbPushes.WithLabelValues(o)
	}
	return m
}

// NBOutcomes are the outcomes of a NationBuilder push nbsync reports.
var NBOutcomes = []string{"pushed", "retry", "failed", "waiting"}

// NBPush counts a NationBuilder push's outcome; it implements
// nbsync.Observer.
func (m *Metrics) NBPush(outcome string) { m.nbPushes.WithLabelValues(outcome).Inc() }

// TextIn counts an inbound text webhook; it implements web.Observer.
func (m *Metrics) TextIn(outcome web.Outcome) { m.textsIn.WithLabelValues(string(outcome)).Inc() }

// Replied counts the replies of a webhook's answer; it implements
// web.Observer.
func (m *Metrics) Replied(n int) { m.textsOut.WithLabelValues(ReplyKind).Add(float64(n)) }

// Webhook records how long a webhook took; it implements web.Observer.
func (m *Metrics) Webhook(path string, d time.Duration) {
	m.webhooks.WithLabelValues(path).Observe(d.Seconds())
}

// Sent counts a follow-up Twilio accepted; it implements
// scheduler.Observer.
func (m *Metrics) Sent(kind followup.Kind) { m.textsOut.WithLabelValues(string(kind)).Inc() }

// SendFailed counts a follow-up send that failed; it implements
// scheduler.Observer.
func (m *Metrics) SendFailed(_ followup.Kind, code int) {
	label := "none"
	if code != 0 {
		label = strconv.Itoa(code)
	}
	m.sendFailures.WithLabelValues(label).Inc()
}

// Handler serves the metrics in Prometheus's text format. With a token,
// only to requests that carry it as a bearer token; without one, to
// anyone who can reach it, so only on a private listener.
func (m *Metrics) Handler(token string) http.Handler {
	h := promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{
		// A failed backlog query leaves the backlog out of the scrape,
		// not the counters.
		ErrorHandling: promhttp.ContinueOnError,
		ErrorLog:      errorLog{m.logger},
		Registry:      m.reg,
	})
	if token == "" {
		return h
	}
	return requireToken(token, h)
}

// errorLog is promhttp's error logger, on slog.
type errorLog struct{ logger *slog.Logger }

func (l errorLog) Println(v ...any) {
	l.logger.Error("metrics scrape", "error", strings.TrimSuffix(fmt.Sprintln(v...), "\n"))
}
