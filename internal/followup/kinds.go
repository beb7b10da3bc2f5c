package followup

import (
	"time"

	"github.com/debrief-sms/debrief"
)

// Reminder reports whether k is a reminder a volunteer answers with DONE or
// LATER and that stays open until then (a nudge is about its reminder).
func (k Kind) Reminder() bool { return k == Thanks || k == NextStep }

// BigCommitment reports whether a commitment is worth telling the
// organizer about at once.
func BigCommitment(c debrief.Commitment) bool { return c == debrief.CommitHouseParty }

// OverdueDue is when a reminder whose nudge went out at sent is checked and,
// if still open, becomes overdue. It is a check, not a text, so quiet hours
// do not move it; the organizer's text waits for their morning on its own.
func (r Rules) OverdueDue(sent time.Time) time.Time { return sent.Add(r.NudgeAfter) }

// DigestDue returns when the weekly digest after now falls due: the next
// Monday at FOLLOWUP_AT in loc (today, if it is Monday before that time),
// and that Monday's date, which names the digest's week.
func (r Rules) DigestDue(now time.Time, loc *time.Location) (due time.Time, monday time.Time) {
	local := now.In(loc)
	days := (int(time.Monday) - int(local.Weekday()) + 7) % 7
	y, m, d := local.Date()
	day := time.Date(y, m, d+days, 12, 0, 0, 0, loc)
	due = r.At.On(day, loc)
	if due.Before(now) {
		day = time.Date(y, m, d+days+7, 12, 0, 0, 0, loc)
		due = r.At.On(day, loc)
	}
	y, m, d = day.Date()
	return due, time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// DigestWeek returns the span a digest sent on the Monday whose date is
// monday covers: the seven days before that Monday, midnight to midnight
// in loc.
func DigestWeek(monday time.Time, loc *time.Location) (from, to time.Time) {
	y, m, d := monday.Date()
	to = time.Date(y, m, d, 0, 0, 0, 0, loc)
	from = time.Date(y, m, d-7, 0, 0, 0, 0, loc)
	return from, to
}

// Texts returns the kinds that are sent as texts: every kind but Overdue,
// which is a check.
func Texts() []Kind {
	return []Kind{Thanks, NextStep, Nudge, OrganizerCommitment, OrganizerOverdue, OrganizerBadNumber, Digest,
		PlanReminder, PlanAsk, PlanAskAgain, Monthly}
}
