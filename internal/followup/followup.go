// Package followup decides when Debrief's follow-up texts fall due: the
// thank-you reminder, the next-step reminder on the agreed day, the second
// nudge, all kept out of the recipient's quiet hours. It is pure: it
// performs no I/O and reads no clock; sending is the scheduler's job.
package followup

import (
	"time"

	"github.com/debrief-sms/debrief"
)

// Rules are the follow-up settings, read once from the configuration.
type Rules struct {
	ThanksAfter time.Duration // FOLLOWUP_THANKS_AFTER: thank-you reminder after the report
	At          Clock         // FOLLOWUP_AT: time of day for date-only reminders and digests
	NoDateAfter time.Duration // FOLLOWUP_NO_DATE_AFTER: next-step reminder when no date was agreed
	NudgeAfter  time.Duration // FOLLOWUP_NUDGE_AFTER: second nudge after an unanswered reminder
	Quiet       QuietHours    // QUIET_HOURS
}

// DefaultRules are the defaults documented in the README.
func DefaultRules() Rules {
	q, _ := ParseQuietHours("20:00-09:00")
	return Rules{
		ThanksAfter: 2 * time.Hour,
		At:          9 * 60,
		NoDateAfter: 168 * time.Hour,
		NudgeAfter:  72 * time.Hour,
		Quiet:       q,
	}
}

// Kind is what a follow-up text is for.
type Kind string

// Follow-up kinds.
const (
	Thanks   Kind = "thanks"    // have you thanked them?
	NextStep Kind = "next_step" // today: check in on their commitment
	Nudge    Kind = "nudge"     // second nudge, no DONE after the next-step reminder

	// Overdue checks, NudgeAfter after the nudge, whether the reminder was
	// done; if not it is overdue and the organizer hears of it.
	Overdue Kind = "overdue"

	// Texts to the team's organizer.
	OrganizerCommitment Kind = "organizer_commitment" // a 1:1 ended in a big commitment
	OrganizerOverdue    Kind = "organizer_overdue"    // a volunteer's follow-up is overdue
	OrganizerBadNumber  Kind = "organizer_bad_number" // a volunteer's number cannot get texts
	Digest              Kind = "digest"               // the weekly digest
)

// ToOrganizer reports whether texts of kind k go to the team's organizer
// rather than to the volunteer who filed the report.
func (k Kind) ToOrganizer() bool {
	switch k {
	case OrganizerCommitment, OrganizerOverdue, OrganizerBadNumber, Digest:
		return true
	}
	return false
}

// Answerable reports whether the volunteer answers texts of kind k with
// DONE or LATER.
func (k Kind) Answerable() bool {
	return k == Thanks || k == NextStep || k == Nudge
}

// Planned is a follow-up to schedule.
type Planned struct {
	Kind  Kind
	DueAt time.Time
}

// ForReport returns the follow-ups a just-completed report schedules: the
// volunteer's reminders in due order, with due times outside quiet hours in
// loc (the volunteer's time zone), then, for a big commitment, the text to
// the team's organizer.
func (r Rules) ForReport(rep debrief.Report, completed time.Time, loc *time.Location) []Planned {
	var out []Planned
	if rep.Thanked != nil && !*rep.Thanked {
		out = append(out, Planned{Kind: Thanks, DueAt: r.Quiet.Next(completed.Add(r.ThanksAfter), loc)})
	}
	out = append(out, Planned{Kind: NextStep, DueAt: r.nextStepDue(rep, completed, loc)})
	if BigCommitment(rep.Commitment) {
		// Due at once; the scheduler keeps it out of the organizer's own
		// quiet hours when it sends.
		out = append(out, Planned{Kind: OrganizerCommitment, DueAt: completed})
	}
	return out
}

func (r Rules) nextStepDue(rep debrief.Report, completed time.Time, loc *time.Location) time.Time {
	if rep.NextContactAt == nil {
		return r.Quiet.Next(completed.Add(r.NoDateAfter), loc)
	}
	due := *rep.NextContactAt
	if !rep.NextContactHasTime {
		due = r.At.On(due, loc)
	}
	if due.Before(completed) {
		// The agreed moment already passed (a date typed for today after
		// FOLLOWUP_AT): remind right away rather than never.
		due = completed
	}
	return r.Quiet.Next(due, loc)
}

// NudgeDue is when the second nudge falls due after a reminder sent at sent.
func (r Rules) NudgeDue(sent time.Time, loc *time.Location) time.Time {
	return r.Quiet.Next(sent.Add(r.NudgeAfter), loc)
}

// Later is when a reminder answered LATER comes back: tomorrow, same time,
// outside quiet hours.
func (r Rules) Later(now time.Time, loc *time.Location) time.Time {
	return r.Quiet.Next(now.In(loc).AddDate(0, 0, 1), loc)
}
