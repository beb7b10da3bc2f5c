// Package conversation is Debrief's reporting conversation as a pure state
// machine: Step(state, inbound text, env) returns the new state, the replies
// to text back and the effects to persist. It performs no I/O: no database,
// no network, no clock of its own (env.Now is the clock).
package conversation

import (
	"time"

	"github.com/debrief-sms/debrief"
	"github.com/debrief-sms/debrief/internal/followup"
)

// State is everything Step needs to know about one phone's conversation.
// Volunteer and Draft are stored in their own tables; Step, LastSeq and
// LastActivity in columns of the conversation's row (queries need them);
// the remaining fields, tagged for JSON, in its "state" JSON column.
type State struct {
	Volunteer    debrief.Volunteer `json:"-"`
	Draft        *debrief.Report   `json:"-"` // the volunteer's latest report (Seq == LastSeq, any status), nil when none
	Version      int64             `json:"-"` // optimistic-concurrency version of the stored conversation
	LastActivity time.Time         `json:"-"` // when the previous inbound text arrived; zero for a new phone
	OpenReminder *Reminder         `json:"-"` // the follow-up sent last and not yet done, nil when none

	Step    string `json:"-"`                 // current question or onboarding step; "" when idle
	Pending string `json:"pending,omitempty"` // a yes/no or choice awaited on top of Step (resume, discard, date retry, edit)
	Editing bool   `json:"editing,omitempty"` // answering Step changes one answer of a finished report, then back to the summary
	// Held is a text that arrived after a long pause, kept while the
	// volunteer is asked whether to continue: YES applies it.
	Held string `json:"held,omitempty"`
	// DateDoubt is why the next contact kept is questioned (a
	// dates.Doubt) while Pending is PendingDateCheck.
	DateDoubt int `json:"date_doubt,omitempty"`
	LastSeq   int `json:"-"` // Seq of the volunteer's latest report
	// Asked are the team's own questions the latest report started with,
	// kept with it to its end (and for EDIT once saved): an edit or a
	// retirement made meanwhile never changes a report under way.
	Asked []TeamQuestion `json:"asked,omitempty"`
	// Plans are the volunteer's planned 1:1s (see plan.go); nil when none.
	Plans *Plans `json:"plans,omitempty"`
}

// Inbound is what Step reads of one received text.
type Inbound struct {
	Body     string
	NumMedia int
}

// Env is the world around one step, supplied by the caller.
type Env struct {
	Now      time.Time
	Location *time.Location // the volunteer's time zone, for dates
	// TimeZone is the sender's time zone as guessed from the webhook
	// (Twilio's FromState, the area code); a newcomer's profile takes it.
	TimeZone string
	Teams    []debrief.Team // existing teams, needed while onboarding (State.NeedsTeams)
	// FollowUps are the follow-up rules; nil schedules nothing and leaves
	// replies to reminders to the reporting conversation.
	FollowUps *followup.Rules
	// Questions are the report's questions in order; nil means
	// DefaultQuestions. A team's own questions are answered into
	// Report.Extra.
	Questions []Question
	// QuestionSet is every team's own questions; a report that starts
	// takes its team's (State.Asked). The caller loads it only when
	// State.NeedsQuestions; nil asks none.
	QuestionSet *QuestionSet
}

// Result is what one step decided.
type Result struct {
	State   State
	Replies []string // texts to send back, in order; usually one, none after an opt-out
	Effects Effects
}

// Effects are the changes the caller must persist along with the new state,
// in the same transaction.
type Effects struct {
	SaveVolunteer bool            // State.Volunteer changed (name, team, language, opt-out)
	CreateTeam    string          // a team name typed while onboarding that matched no existing team
	SaveDraft     bool            // State.Draft (or Abandoned) changed and must be upserted by (volunteer, Seq)
	Abandoned     *debrief.Report // an older draft to store as abandoned, answers kept
	OptedOut      bool            // the volunteer opted out: after the carrier's word, reply with nothing
	// FollowUps are due for the report just completed (State.Draft) and
	// must be stored with it.
	FollowUps     []followup.Planned
	CloseReminder int64 // ID of the reminder answered DONE
	// ThankedSeq is a report other than State.Draft (by Seq) whose
	// thank-you reminder was answered DONE: it must be marked thanked.
	ThankedSeq int
	// An edit of a saved report: its next-step reminder moves here, and
	// a thank-you reminder still pending is cancelled.
	MoveNextStep *time.Time
	CancelThanks bool
	Reschedule   *Rescheduled // the reminder answered LATER or with a day
	Plan         PlanChange   // a plan added, cancelled or closed by a report (see plan.go)
}
