package followup

import "time"

// Follow-ups of a planned 1:1 (PLAN Maria Friday 3pm).
const (
	PlanReminder Kind = "plan_reminder"  // an hour before: the seed's advice in one line
	PlanAsk      Kind = "plan_ask"       // an hour after: how did it go? reply to report it
	PlanAskAgain Kind = "plan_ask_again" // the next day, when the first ask got no report
)

// Timing of a plan's follow-ups.
const (
	// PlanRemindBefore is how long before a planned 1:1 its reminder goes.
	PlanRemindBefore = time.Hour
	// PlanAskAfter is how long after the planned time the volunteer is
	// asked how it went.
	PlanAskAfter = time.Hour
	// PlanAskAgainAfter is how long after the first ask the second goes.
	PlanAskAgainAfter = 24 * time.Hour
	// PlanAskNoTime is the time of day, the volunteer's, of the ask after
	// a 1:1 planned for a day without a time: the evening of that day.
	PlanAskNoTime Clock = 18 * 60
)

// PlanKinds are the kinds a plan schedules, in due order.
func PlanKinds() []Kind { return []Kind{PlanReminder, PlanAsk, PlanAskAgain} }

// Plan reports whether k is a follow-up of a planned 1:1.
func (k Kind) Plan() bool { return k == PlanReminder || k == PlanAsk || k == PlanAskAgain }

// AsksReport reports whether k asks the volunteer to report a planned 1:1:
// their reply starts the report, with the person filled in.
func (k Kind) AsksReport() bool { return k == PlanAsk || k == PlanAskAgain }

// ForPlan returns the follow-ups of a 1:1 planned at at (with a time of day
// when hasTime; else at is the day, midnight in loc), made at now, in due
// order and outside quiet hours in loc, the volunteer's zone:
//   - the reminder PlanRemindBefore before the time; for a day without a
//     time, at FOLLOWUP_AT that day. None when that moment is past, or
//     when quiet hours would move it to the meeting or after (a 7am 1:1).
//   - the ask PlanAskAfter after the time; for a day without a time, at
//     PlanAskNoTime that day, or at FOLLOWUP_AT the next morning when the
//     plan is made later than that.
//   - the second ask PlanAskAgainAfter after the first.
func (r Rules) ForPlan(at time.Time, hasTime bool, now time.Time, loc *time.Location) []Planned {
	var before, ask time.Time
	if hasTime {
		before, ask = at.Add(-PlanRemindBefore), at.Add(PlanAskAfter)
	} else {
		before, ask = r.At.On(at, loc), PlanAskNoTime.On(at, loc)
		at = ask // the reminder must come before the evening's ask
	}
	var out []Planned
	if before.After(now) {
		if due := r.Quiet.Next(before, loc); due.Before(at) {
			out = append(out, Planned{Kind: PlanReminder, DueAt: due})
		}
	}
	if ask.Before(now) {
		// A day without a time planned in its evening: the meeting may be
		// tonight; ask the next morning.
		ask = r.At.On(now.In(loc).AddDate(0, 0, 1), loc)
	}
	ask = r.Quiet.Next(ask, loc)
	out = append(out, Planned{Kind: PlanAsk, DueAt: ask})
	out = append(out, Planned{Kind: PlanAskAgain, DueAt: r.Quiet.Next(ask.Add(PlanAskAgainAfter), loc)})
	return out
}
