package store

import (
	"time"

	"github.com/debrief-sms/debrief"
	"github.com/debrief-sms/debrief/internal/conversation"
)

// saved returns the state Load would return for in.From right after Save
// stored res, without reading it, so that the inbox can step the phone's
// next text from memory; ids are what the database gave the volunteer and
// the draft. It reports false when only the database
// knows: a team the step created (its ID), a team matched by name, a
// reminder the step closed or moved or an edit moved (the next open one), a
// time zone left to the stored one.
//
// The copy stays true only while nothing else changes what Load reads for
// the phone without bumping conversations.version; every writer of
// volunteers, conversations, reports and followups keeps that invariant
// (see migrations 00003), so a stale copy fails Save's version check.
func (s *Store) saved(in debrief.Inbound, res conversation.Result, ids savedIDs) (conversation.State, bool) {
	st, e := res.State, res.Effects
	v := st.Volunteer
	switch {
	case ids.adopted:
		return conversation.State{}, false
	case e.CreateTeam != "", e.CloseReminder != 0, e.Reschedule != nil, e.MoveNextStep != nil,
		e.Plan.Cancel != 0, e.Plan.Close != 0, e.Plan.Answered != 0:
		return conversation.State{}, false
	case e.SaveVolunteer && (v.TimeZone == "" || v.TeamID == nil && v.TeamName != ""):
		return conversation.State{}, false
	case st.Draft != nil && st.Draft.ID == 0 && ids.draft == 0:
		return conversation.State{}, false
	}
	at := s.stored(in.ReceivedAt)
	st.Version++
	st.Volunteer.ID = ids.volunteer
	st.LastActivity = at
	st.Volunteer.CreatedAt = s.stored(v.CreatedAt)
	st.Volunteer.OptedOutAt = s.storedPtr(v.OptedOutAt)
	if st.Draft != nil {
		d := *st.Draft
		if d.ID == 0 {
			d.ID = ids.draft
		}
		if d.Status == "" {
			d.Status = debrief.ReportDraft
		}
		if d.StartedAt.IsZero() {
			d.StartedAt = at
		}
		if d.UpdatedAt.IsZero() {
			d.UpdatedAt = at
		}
		d.StartedAt, d.UpdatedAt = s.stored(d.StartedAt), s.stored(d.UpdatedAt)
		d.NextContactAt, d.CompletedAt = s.storedPtr(d.NextContactAt), s.storedPtr(d.CompletedAt)
		if len(d.Extra) == 0 {
			d.Extra = nil
		}
		st.Draft = &d
	}
	return st, true
}

// stored is t as the database gives it back: in UTC, and to the
// microsecond on PostgreSQL (pgx truncates; SQLite keeps nanoseconds).
func (s *Store) stored(t time.Time) time.Time {
	t = t.UTC()
	if s.pg != nil {
		t = t.Truncate(time.Microsecond)
	}
	return t
}

func (s *Store) storedPtr(t *time.Time) *time.Time {
	if t == nil {
		return nil
	}
	u := s.stored(*t)
	return &u
}
