package conversation

import (
	"fmt"
	"time"

	"github.com/debrief-sms/debrief"
	"github.com/debrief-sms/debrief/internal/followup"
)

// FollowupText is what a scheduled text says: the follow-up's kind and
// the values it names.
type FollowupText struct {
	Kind           followup.Kind
	Person         string             // the person met
	Commitment     debrief.Commitment // what they agreed to, for next-step reminders
	CommitmentText string             // the volunteer's words, for "something else"
	Volunteer      string             // organizer texts: the volunteer, by name or masked phone
	// Digest figures.
	Reports, Commitments, Overdue, Failed int
	// The monthly report's text: the month it is about and its page.
	Month time.Time
	Link  string
}

// RenderFollowup returns the text of a scheduled follow-up in lang, one
// GSM-7 segment like every template. Overdue checks are not texts: asking
// for one is an error.
func RenderFollowup(lang debrief.Language, f FollowupText) (string, error) {
	x := textsFor(lang)
	var v vars
	v[sPerson] = f.Person
	if v[sPerson] == "" {
		v[sPerson] = x.get("someone", nil)
	}
	v[sName] = f.Volunteer
	switch f.Kind {
	case followup.Thanks:
		return x.get("fu_thanks", &v), nil
	case followup.NextStep:
		about := f.commitmentPhrase(x)
		if about == "" {
			return x.get("fu_next_step_plain", &v), nil
		}
		v[sCommitment] = about
		return x.get("fu_next_step", &v), nil
	case followup.Nudge:
		return x.get("fu_nudge", &v), nil
	case followup.OrganizerCommitment:
		return x.get("org_commitment", &v), nil
	case followup.OrganizerOverdue:
		return x.get("org_overdue", &v), nil
	case followup.OrganizerBadNumber:
		return x.get("org_bad_number", &v), nil
	case followup.Digest:
		v[sN], v[sCount], v[sTotal] = fmt.Sprint(f.Reports), fmt.Sprint(f.Commitments), fmt.Sprint(f.Overdue)
		if f.Failed > 0 {
			// Texts that failed for good reach the organizer here; the
			// list is in `debrief followups --status failed`.
			v[sMax] = fmt.Sprint(f.Failed)
			return x.get("digest_failed", &v), nil
		}
		return x.get("digest", &v), nil
	case followup.Monthly:
		v[sDate], v[sLink] = f.Month.Format("2006"), f.Link
		if ms := x.words("months_long"); len(ms) == 12 {
			v[sDate] = ms[f.Month.Month()-1] + " " + v[sDate]
		}
		return x.get("monthly", &v), nil
	}
	return "", fmt.Errorf("render follow-up: kind %q is not a text", f.Kind)
}

// commitmentPhrase is what a next-step reminder checks in about: the
// commitment in a few words, the volunteer's own words for "something
// else", nothing when none was made.
func (f FollowupText) commitmentPhrase(x texts) string {
	switch f.Commitment {
	case debrief.CommitHouseParty, debrief.CommitAction, debrief.CommitMeetAgain:
		return x.get("fu_about_"+string(f.Commitment), nil)
	case debrief.CommitOther:
		return f.CommitmentText
	}
	return ""
}
