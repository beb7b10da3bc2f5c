package scheduler

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/debrief-sms/debrief/internal/store"
	"github.com/debrief-sms/debrief/internal/texts"
)

// planMonthly makes sure every coordinator who can be texted has the
// next monthly report's text scheduled (followup.Rules.MonthlyDue): one per
// coordinator and month, however often it is planned. Without a
// MonthlyLink it plans none.
func (s *Scheduler) planMonthly(ctx context.Context, now time.Time) error {
	if s.cfg.MonthlyLink == nil {
		return nil
	}
	coordinators, err := s.cfg.Store.Coordinators(ctx)
	if err != nil {
		return fmt.Errorf("plan monthly texts: %w", err)
	}
	months := s.cfg.MonthlyZone
	if months == nil {
		months = s.cfg.DefaultLocation
	}
	plans := make([]store.MonthlyPlan, len(coordinators))
	for i, c := range coordinators {
		due, month := s.cfg.Rules.MonthlyDue(now, s.location(c.TimeZone), months)
		plans[i] = store.MonthlyPlan{CoordinatorID: c.ID, Month: month, DueAt: due}
	}
	if _, err := s.cfg.Store.EnsureMonthly(ctx, plans, now); err != nil {
		return fmt.Errorf("plan monthly texts: %w", err)
	}
	return nil
}

// monthlyLink is the link a monthly text about d's month carries.
func (s *Scheduler) monthlyLink(d store.DueFollowup) (string, error) {
	if s.cfg.MonthlyLink == nil {
		return "", errors.New("no link to the monthly report (PUBLIC_URL) in this process")
	}
	link := s.cfg.MonthlyLink(d.DigestWeek)
	if len(link) > texts.MaxLink {
		return "", fmt.Errorf("the monthly report's link is over %d characters: shorten PUBLIC_URL", texts.MaxLink)
	}
	return link, nil
}
