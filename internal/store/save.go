package store

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/debrief-sms/debrief"
	"github.com/debrief-sms/debrief/internal/accent"
	"github.com/debrief-sms/debrief/internal/conversation"
	"github.com/debrief-sms/debrief/internal/phone"
)

// Save stores one step atomically: the inbound text, the conversation's new
// state (version+1), the replies, and the volunteer and reports when the
// effects say so. It stores nothing and returns ErrConflict when the stored
// version is no longer res.State.Version (the caller loads again and re-runs
// the step), and ErrDuplicate when in.SID is already stored. A stored SID
// with a stale version may be reported either way on PostgreSQL; the
// caller's next Load then finds the SID.
//
// Once saved, next is the state Load would now return for in.From, when
// known is true: the caller may step the phone's next text from it without
// a Load (see saved for when only the database knows).
func (s *Store) Save(ctx context.Context, in debrief.Inbound, res conversation.Result) (next conversation.State, known bool, err error) {
	st, err := newStep(in, res)
	if err != nil {
		return conversation.State{}, false, fmt.Errorf("save step: %w", err)
	}
	var ids savedIDs
	if s.pg != nil {
		ids, err = s.savePostgres(ctx, st)
	} else {
		ids, err = s.saveSQLite(ctx, st)
	}
	if err != nil {
		return conversation.State{}, false, fmt.Errorf("save step for %s: %w", phone.Mask(in.From), err)
	}
	next, known = s.saved(in, res, ids)
	return next, known, nil
}

// savedIDs are the IDs the database gave what a step created: the
// volunteer on a newcomer's first text, the report it started. Each is
// also set when the step only changed it; draft is 0 when the step wrote
// no draft. adopted reports a newcomer's text saved for a volunteer stored
// without a conversation: the stored volunteer is not the one stepped.
type savedIDs struct {
	volunteer, draft int64
	adopted          bool
}

// step is one Save's values, converted for the database: times in UTC,
// JSON encoded, absent values nil.
type step struct {
	volunteerID int64
	version     int64 // the version Load returned
	at          time.Time

	convStep  string
	lastSeq   int
	stateJSON string

	sid       any // nil when the text has no MessageSid
	from      string
	body      string
	numMedia  int
	mediaURLs string
	replies   []string

	volunteer *volunteerChange // nil unless Effects.SaveVolunteer or a newcomer's first text
	reports   []reportRow      // the draft and an abandoned one, as the effects say
	draft     bool             // reports[0] is the draft, whose ID Save returns
	followups *followupChange  // nil when the step touches no follow-up
	plans     *planChange      // nil when the step touches no plan
}

// volunteerChange is what a step may change of a volunteer, or, on a
// newcomer's first text, the volunteer to create. Its team is, in this
// order: the team created for createTeam, teamID, the team named teamName,
// none.
type volunteerChange struct {
	role       string    // only when created
	createdAt  time.Time // only when created
	name       string
	searchName string // name folded for the reports search (migration 00015)
	language   string
	timeZone   string
	optedOut   bool
	optedOutAt any
	createTeam string
	teamID     any
	teamName   string
}

// reportRow is a report's seq and its values in reportColumns' order.
type reportRow struct {
	id     int64 // 0 for a report not stored yet
	seq    int
	values []any
}

// reportColumns are the columns a step writes of a report, with their
// PostgreSQL types (parameters in INSERT ... SELECT need them).
var reportColumns = []struct{ name, pgType string }{
	{"person_name", "text"},
	{"person_phone", "text"},
	{"person_email", "text"},
	{"issue", "text"},
	{"commitment", "text"},
	{"commitment_text", "text"},
	{"commitments", "text"},
	{"next_steps", "text"},
	{"next_contact_at", "timestamptz"},
	{"next_contact_has_time", "boolean"},
	{"enjoy", "text"},
	{"notes", "text"},
	{"thanked", "boolean"},
	{"extra", "jsonb"},
	{"status", "text"},
	{"started_at", "timestamptz"},
	{"updated_at", "timestamptz"},
	{"completed_at", "timestamptz"},
	{"search_text", "text"},
}

// reportColumnList and reportExcludedList are reportColumns as an INSERT
// names them and as its ON CONFLICT DO UPDATE sets them.
var reportColumnList, reportExcludedList = func() (string, string) {
	cols := make([]string, len(reportColumns))
	sets := make([]string, len(reportColumns))
	for i, c := range reportColumns {
		cols[i] = c.name
		sets[i] = c.name + " = EXCLUDED." + c.name
	}
	return strings.Join(cols, ", "), strings.Join(sets, ", ")
}()

func newStep(in debrief.Inbound, res conversation.Result) (step, error) {
	state, err := json.Marshal(res.State)
	if err != nil {
		return step{}, fmt.Errorf("encode state: %w", err)
	}
	urls := in.MediaURLs
	if urls == nil {
		urls = []string{}
	}
	media, err := json.Marshal(urls)
	if err != nil {
		return step{}, fmt.Errorf("encode media URLs: %w", err)
	}
	at := in.ReceivedAt.UTC()
	st := step{
		volunteerID: res.State.Volunteer.ID,
		version:     res.State.Version,
		at:          at,
		convStep:    res.State.Step,
		lastSeq:     res.State.LastSeq,
		stateJSON:   string(state),
		sid:         nullString(in.SID),
		from:        in.From,
		body:        in.Body,
		numMedia:    in.NumMedia,
		mediaURLs:   string(media),
		replies:     res.Replies,
	}
	if st.replies == nil {
		st.replies = []string{}
	}
	st.followups = newFollowupChange(res)
	st.plans = newPlanChange(res.Effects)
	if v := res.State.Volunteer; res.Effects.SaveVolunteer || v.ID == 0 {
		st.volunteer = &volunteerChange{
			role:       string(v.Role),
			createdAt:  v.CreatedAt.UTC(),
			name:       v.Name,
			searchName: accent.Fold(v.Name),
			language:   string(v.Language),
			timeZone:   v.TimeZone,
			optedOut:   v.OptedOut,
			optedOutAt: nullTime(v.OptedOutAt),
			createTeam: res.Effects.CreateTeam,
			teamName:   v.TeamName,
		}
		if v.TeamID != nil {
			st.volunteer.teamID = *v.TeamID
		}
	}
	if res.Effects.SaveDraft && res.State.Draft != nil {
		row, err := newReportRow(res.State.Draft, at)
		if err != nil {
			return step{}, err
		}
		st.reports = append(st.reports, row)
		st.draft = true
	}
	if a := res.Effects.Abandoned; a != nil {
		if len(st.reports) > 0 && a.Seq == st.reports[0].seq {
			return step{}, fmt.Errorf("abandoned report and draft share seq %d", a.Seq)
		}
		abandoned := *a
		abandoned.Status = debrief.ReportAbandoned
		row, err := newReportRow(&abandoned, at)
		if err != nil {
			return step{}, err
		}
		st.reports = append(st.reports, row)
	}
	return st, nil
}

// newReportRow converts r; a report without a start or update time gets
// the step's time, so a draft is never "stale" from birth.
func newReportRow(r *debrief.Report, at time.Time) (reportRow, error) {
	if r.Seq <= 0 {
		return reportRow{}, fmt.Errorf("report has seq %d", r.Seq)
	}
	extra, err := encodeExtra(r.Extra)
	if err != nil {
		return reportRow{}, err
	}
	status := r.Status
	if status == "" {
		status = debrief.ReportDraft
	}
	started, updated := r.StartedAt, r.UpdatedAt
	if started.IsZero() {
		started = at
	}
	if updated.IsZero() {
		updated = at
	}
	var thanked any
	if r.Thanked != nil {
		thanked = *r.Thanked
	}
	return reportRow{id: r.ID, seq: r.Seq, values: []any{
		r.PersonName,
		r.PersonPhone,
		r.PersonEmail,
		r.Issue,
		string(r.Commitment),
		r.CommitmentText,
		joinCommitments(r.Commitments),
		r.NextSteps,
		nullTime(r.NextContactAt),
		r.NextContactHasTime,
		r.Enjoy,
		r.Notes,
		thanked,
		extra,
		string(status),
		started.UTC(),
		updated.UTC(),
		nullTime(r.CompletedAt),
		reportSearchText(r),
	}}, nil
}
