package metrics

import (
	"context"
	"time"

	"github.com/prometheus/client_golang/prometheus"
)

// backlogCollector reads the follow-up backlog when scraped: one indexed
// query per scrape, and nothing between scrapes.
type backlogCollector struct {
	read Backlog
	now  func() time.Time
	due  *prometheus.Desc
	lag  *prometheus.Desc
}

func newBacklogCollector(read Backlog, now func() time.Time) *backlogCollector {
	return &backlogCollector{
		read: read,
		now:  now,
		due: prometheus.NewDesc("debrief_followups_due",
			"Pending follow-ups due now: the scheduler's backlog.", nil, nil),
		lag: prometheus.NewDesc("debrief_followups_lag_seconds",
			"How long the oldest pending follow-up due now has waited; 0 when none is due.", nil, nil),
	}
}

// Describe implements prometheus.Collector.
func (c *backlogCollector) Describe(ch chan<- *prometheus.Desc) {
	ch <- c.due
	ch <- c.lag
}

// Collect implements prometheus.Collector.
func (c *backlogCollector) Collect(ch chan<- prometheus.Metric) {
	ctx, cancel := context.WithTimeout(context.Background(), backlogTimeout)
	defer cancel()
	now := c.now()
	b, err := c.read.FollowupBacklog(ctx, now)
	if err != nil {
		ch <- prometheus.NewInvalidMetric(c.due, err)
		return
	}
	ch <- prometheus.MustNewConstMetric(c.due, prometheus.GaugeValue, float64(b.Due))
	ch <- prometheus.MustNewConstMetric(c.lag, prometheus.GaugeValue, b.Lag(now).Seconds())
}
