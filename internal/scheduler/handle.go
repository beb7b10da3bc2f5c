package scheduler

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"time"

	"github.com/debrief-sms/debrief"
	"github.com/debrief-sms/debrief/internal/followup"
	"github.com/debrief-sms/debrief/internal/store"
	"github.com/debrief-sms/debrief/internal/texts"
)

// handle decides what to do with one claimed follow-up and does it. It
// returns the sent follow-up to record with its batch, or nil when the
// outcome was recorded already (deferred, cancelled, failed...), and
// errNotStarted (perhaps wrapping why) when ctx ended, or the last check
// failed, before the send started. checks is d's batch's.
func (s *Scheduler) handle(ctx context.Context, d store.DueFollowup, checks *sendChecks) (*store.SentFollowup, error) {
	if ctx.Err() != nil {
		return nil, errNotStarted
	}
	now := s.cfg.Now()
	if d.Kind == followup.Overdue {
		_, err := s.cfg.Store.MarkOverdue(ctx, d.ID, d.ParentID, now, now)
		return nil, err
	}
	loc := s.location(d.TimeZone)
	if s.cfg.Rules.Quiet.Contains(now, loc) {
		return nil, s.cfg.Store.DeferFollowup(ctx, d, s.cfg.Rules.Quiet.Next(now, loc), now)
	}
	body, err := s.render(ctx, d, loc)
	if err != nil {
		if ctx.Err() != nil {
			return nil, errNotStarted
		}
		return nil, errors.Join(err, s.cfg.Store.FailFollowup(ctx, d.ID, 0, err.Error(), now))
	}
	if s.limiter != nil {
		if err := s.limiter.Wait(ctx); err != nil {
			return nil, errNotStarted
		}
	}
	if ctx.Err() != nil {
		return nil, errNotStarted
	}
	// From here the send is started: it runs to its end whatever happens
	// to ctx (the sender's own timeout bounds it), since a text Twilio
	// accepted must be recorded, not abandoned.
	ctx = context.WithoutCancel(ctx)
	// A STOP or DONE may have arrived since the claim: read last, for
	// the batch (see sendChecks). Nothing has left yet: a connection cut
	// by a restart is retried once on a fresh one, then the follow-up is
	// given back at once rather than held until its lease ends.
	check, err := s.check(ctx, checks, d.ID)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", errNotStarted, err)
	}
	switch {
	case !check.Claimed:
		return nil, nil
	case check.OptedOut:
		return nil, s.cfg.Store.CancelFollowup(ctx, d.ID, "opted out", s.cfg.Now())
	case check.PhoneBad:
		return nil, s.cfg.Store.CancelFollowup(ctx, d.ID, "number is bad", s.cfg.Now())
	case check.ParentClosed && (d.Kind == followup.Nudge || d.Kind == followup.OrganizerOverdue):
		return nil, s.cfg.Store.CancelFollowup(ctx, d.ID, "reminder closed", s.cfg.Now())
	}
	if !d.AttemptStartedAt.IsZero() {
		// An earlier send may have gone: ask before sending again.
		res, found, err := s.lookUp(ctx, d, body)
		switch {
		case err != nil:
			return nil, s.unsettled(ctx, d, err)
		case found:
			return s.sentFollowup(d, body, res, loc), nil
		case d.Attempts >= s.cfg.MaxAttempts:
			msg := "no answer from the provider, and the text is not in its list"
			s.cfg.Logger.Warn("follow-up failed for good", "followup", d.ID, "kind", string(d.Kind), "attempts", d.Attempts)
			return nil, s.cfg.Store.FailFollowup(ctx, d.ID, 0, msg, s.cfg.Now())
		}
	}
	res, err := s.cfg.Sender.Send(ctx, d.Phone, body)
	if err != nil {
		if errors.Is(err, debrief.ErrOptedOut) || errors.Is(err, debrief.ErrBadNumber) {
			// What failed will cancel the recipient's other follow-ups,
			// perhaps of this batch: its check no longer holds.
			checks.invalidate()
		}
		return nil, s.failed(ctx, d, body, err)
	}
	return s.sentFollowup(d, body, res, loc), nil
}

// sentFollowup is what to record of a text the provider accepted.
func (s *Scheduler) sentFollowup(d store.DueFollowup, body string, res debrief.Sent, loc *time.Location) *store.SentFollowup {
	sent := &store.SentFollowup{
		ID: d.ID, VolunteerID: d.VolunteerID, Phone: d.Phone, Body: body,
		SID: res.SID, Status: res.Status, Segments: res.Segments, At: s.cfg.Now(),
	}
	s.cfg.Observer.Sent(d.Kind)
	switch d.Kind {
	case followup.NextStep:
		sent.NudgeDue = s.cfg.Rules.NudgeDue(sent.At, loc)
	case followup.Nudge:
		sent.OverdueDue = s.cfg.Rules.OverdueDue(sent.At)
	}
	return sent
}

// lookUp asks the provider whether an earlier attempt at d, started at
// d.AttemptStartedAt, sent it: a text to d.Phone with the body that
// attempt sent (when known) or this try's, created at or after the
// attempt's second, and not already recorded or being settled for another
// follow-up (two identical texts to one person, both in doubt). The
// earliest match wins.
// clockSkew is how far behind ours Twilio's clock may run for lookUp to
// still find a text it took: far more than two servers kept by NTP drift.
// Looking back further costs no wrong match: a match must have the
// follow-up's phone and body and no record yet (RecordedSIDs), and twins
// in doubt each take a SID of their own (settle).
const clockSkew = 5 * time.Minute

func (s *Scheduler) lookUp(ctx context.Context, d store.DueFollowup, body string) (debrief.Sent, bool, error) {
	// Twilio dates a text by its own clock: one behind ours dates a text
	// it took after our send began before it, and near midnight on the
	// day before. Look from clockSkew earlier; an older twin already
	// recorded is skipped below, so the margin costs no wrong match.
	since := d.AttemptStartedAt.Add(-clockSkew).Truncate(time.Second)
	listed, err := s.cfg.Sender.SentTo(ctx, d.Phone, since)
	if err != nil {
		return debrief.Sent{}, false, err
	}
	var matches []debrief.Sent
	for _, m := range listed {
		if m.SID == "" || (m.Body != body && m.Body != d.AttemptBody) || m.Created.Before(since) {
			continue
		}
		matches = append(matches, m)
	}
	if len(matches) == 0 {
		return debrief.Sent{}, false, nil
	}
	// Take a SID first, then ask whether it is recorded: a twin recorded
	// in between is then seen recorded, never taken twice. Matches are
	// few (texts in doubt to one phone), so one question each.
	slices.SortStableFunc(matches, func(a, b debrief.Sent) int { return a.Created.Compare(b.Created) })
	for _, m := range matches {
		if !s.settle(m.SID, d.ID) {
			continue
		}
		recorded, err := s.cfg.Store.RecordedSIDs(ctx, []string{m.SID})
		if err != nil {
			s.unsettle(m.SID, d.ID)
			return debrief.Sent{}, false, err
		}
		if !recorded[m.SID] {
			return m, true, nil
		}
		s.unsettle(m.SID, d.ID)
	}
	return debrief.Sent{}, false, nil
}

// unsettled puts back a follow-up whose earlier send's outcome is still
// unknown (the provider could not be asked), to ask again later; after
// MaxAttempts it fails, saying so.
func (s *Scheduler) unsettled(ctx context.Context, d store.DueFollowup, err error) error {
	now := s.cfg.Now()
	msg := "outcome unknown: " + err.Error()
	if d.Attempts+1 >= s.cfg.MaxAttempts {
		s.cfg.Logger.Warn("follow-up failed for good", "followup", d.ID, "kind", string(d.Kind), "attempts", d.Attempts+1, "outcome", "unknown")
		return s.cfg.Store.FailFollowup(ctx, d.ID, 0, msg, now)
	}
	return s.cfg.Store.RetryUnknown(ctx, d.ID, now.Add(s.backoff(d.Attempts)), d.AttemptBody, msg, now)
}

// failed records a failed send of body as its class says.
func (s *Scheduler) failed(ctx context.Context, d store.DueFollowup, body string, err error) error {
	code := 0
	var coded debrief.CodedError
	if errors.As(err, &coded) {
		code = coded.ErrorCode()
	}
	s.cfg.Observer.SendFailed(d.Kind, code)
	msg := err.Error()
	now := s.cfg.Now()
	switch {
	case errors.Is(err, debrief.ErrUnknown):
		// Perhaps sent: the next claim asks before trying again, and
		// settles it then, whatever the count of tries.
		return s.cfg.Store.RetryUnknown(ctx, d.ID, now.Add(s.backoff(d.Attempts)), body, msg, now)
	case errors.Is(err, debrief.ErrOptedOut):
		return s.cfg.Store.OptOut(ctx, d.VolunteerID, d.ID, code, msg, now)
	case errors.Is(err, debrief.ErrBadNumber):
		return s.cfg.Store.MarkPhoneBad(ctx, d.VolunteerID, d.ID, code, msg, now, now)
	case errors.Is(err, debrief.ErrTemporary) && d.Attempts+1 < s.cfg.MaxAttempts:
		return s.cfg.Store.RetryFollowup(ctx, d.ID, now.Add(s.backoff(d.Attempts)), code, msg, now)
	default:
		s.cfg.Logger.Warn("follow-up failed for good", "followup", d.ID, "kind", string(d.Kind), "code", code, "attempts", d.Attempts+1)
		return s.cfg.Store.FailFollowup(ctx, d.ID, code, msg, now)
	}
}

// backoff is the wait before try attempts+2: BackoffBase doubled per
// failed try, with full jitter over its upper half so that instances
// retrying together spread out.
func (s *Scheduler) backoff(attempts int) time.Duration {
	d := s.cfg.BackoffBase << min(attempts, 16)
	return d/2 + rand.N(d/2+1)
}

// render writes the follow-up's text in the recipient's language.
func (s *Scheduler) render(ctx context.Context, d store.DueFollowup, loc *time.Location) (string, error) {
	f := texts.Followup{
		Kind: d.Kind, Person: d.PersonName, Commitment: d.Commitment, CommitmentText: d.CommitmentText,
		Volunteer: d.SubjectLabel(), At: d.PlanAt, HasTime: d.PlanHasTime, Location: loc,
	}
	if d.Kind == followup.Digest {
		from, to := followup.DigestWeek(d.DigestWeek, loc)
		fig, err := s.cfg.Store.Digest(ctx, d.VolunteerID, from, to)
		if err != nil {
			return "", err
		}
		f.Reports, f.Commitments, f.Overdue, f.Failed = fig.Reports, fig.Commitments, fig.Overdue, fig.Failed
		plans, err := s.cfg.Store.DigestPlans(ctx, d.VolunteerID, from, to)
		if err != nil {
			return "", err
		}
		f.Planned, f.PlanReported = plans.Planned, plans.Reported
		for _, c := range plans.Volunteers {
			f.PlanCounts = append(f.PlanCounts, texts.PlanCount{Volunteer: c.Volunteer, Team: c.Team, Planned: c.Planned, Reported: c.Reported})
		}
		for _, u := range plans.Unreported {
			f.Unreported = append(f.Unreported, texts.Unreported{Volunteer: u.Volunteer, Person: u.Person})
		}
	}
	if d.Kind == followup.Monthly {
		link, err := s.monthlyLink(d)
		if err != nil {
			return "", err
		}
		f.Month, f.Link = d.DigestWeek, link
	}
	body, err := texts.RenderFollowup(d.Language, f)
	if err != nil {
		return "", fmt.Errorf("render: %w", err)
	}
	return body, nil
}

// digestEvery is how often RunOnce plans the coming digests.
const digestEvery = time.Hour

// planDigests makes sure every organizer's next digest is scheduled, at
// most once per digestEvery.
func (s *Scheduler) planDigests(ctx context.Context, now time.Time) error {
	s.mu.Lock()
	recent := !s.digestsDone.IsZero() && now.Sub(s.digestsDone) < digestEvery && !now.Before(s.digestsDone)
	s.mu.Unlock()
	if recent {
		return nil
	}
	orgs, err := s.cfg.Store.Organizers(ctx)
	if err != nil {
		return fmt.Errorf("plan digests: %w", err)
	}
	plans := make([]store.DigestPlan, len(orgs))
	for i, o := range orgs {
		due, monday := s.cfg.Rules.DigestDue(now, s.location(o.TimeZone))
		plans[i] = store.DigestPlan{OrganizerID: o.ID, Week: monday, DueAt: due}
	}
	if _, err := s.cfg.Store.EnsureDigests(ctx, plans, now); err != nil {
		return fmt.Errorf("plan digests: %w", err)
	}
	if err := s.planMonthly(ctx, now); err != nil {
		return err
	}
	s.mu.Lock()
	s.digestsDone = now
	s.mu.Unlock()
	return nil
}
