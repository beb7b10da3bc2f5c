package texts

import (
	"fmt"
	"strings"
	"time"

	"github.com/debrief-sms/debrief"
	"github.com/debrief-sms/debrief/internal/followup"
)

// Followup is what a scheduled text says: the follow-up's kind and
// the values it names.
type Followup struct {
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

	// Plans in the digest's week: how many were planned and reported,
	// and those asked about twice and still not reported.
	Planned, PlanReported int
	PlanCounts            []PlanCount // by team, then volunteer
	Unreported            []Unreported

	// A planned 1:1's time, for its reminder: At in Location, with a
	// time of day when HasTime.
	At       time.Time
	HasTime  bool
	Location *time.Location
}

// PlanCount is one volunteer's planned and reported 1:1s in a digest's
// week.
type PlanCount struct {
	Volunteer, Team   string // the volunteer by name or masked phone
	Planned, Reported int
}

// Unreported is a planned 1:1 its volunteer was asked about twice and did
// not report, as the organizer's digest lists it.
type Unreported struct {
	Volunteer string // by name or masked phone
	Person    string
}

// RenderFollowup returns the text of a scheduled follow-up in lang, one
// GSM-7 segment like every template. Overdue checks are not texts: asking
// for one is an error.
func RenderFollowup(lang debrief.Language, f Followup) (string, error) {
	x := For(lang)
	var v Vars
	v[Person] = f.Person
	if v[Person] == "" {
		v[Person] = x.Get("someone", nil)
	}
	v[Name] = f.Volunteer
	switch f.Kind {
	case followup.Thanks:
		return x.Get("fu_thanks", &v), nil
	case followup.NextStep:
		about := f.commitmentPhrase(x)
		if about == "" {
			return x.Get("fu_next_step_plain", &v), nil
		}
		v[Commitment] = about
		return x.Get("fu_next_step", &v), nil
	case followup.Nudge:
		return x.Get("fu_nudge", &v), nil
	case followup.OrganizerCommitment:
		return x.Get("org_commitment", &v), nil
	case followup.OrganizerOverdue:
		return x.Get("org_overdue", &v), nil
	case followup.OrganizerBadNumber:
		return x.Get("org_bad_number", &v), nil
	case followup.Digest:
		v[N], v[Count], v[Total] = fmt.Sprint(f.Reports), fmt.Sprint(f.Commitments), fmt.Sprint(f.Overdue)
		name := "digest"
		if f.Failed > 0 {
			// Texts that failed for good reach the organizer here; the
			// list is in `debrief followups --status failed`.
			v[Max] = fmt.Sprint(f.Failed)
			name = "digest_failed"
		}
		return x.Get(name, &v) + f.digestPlans(x), nil
	case followup.PlanReminder:
		loc := f.Location
		if loc == nil {
			loc = time.UTC
		}
		v[Date] = x.Date(f.At, loc, f.HasTime)
		return x.Get("fu_plan_reminder", &v), nil
	case followup.PlanAsk:
		return x.Get("fu_plan_ask", &v), nil
	case followup.PlanAskAgain:
		return x.Get("fu_plan_ask_again", &v), nil
	case followup.Monthly:
		v[Date], v[Link] = f.Month.Format("2006"), f.Link
		if ms := x.Words("months_long"); len(ms) == 12 {
			v[Date] = ms[f.Month.Month()-1] + " " + v[Date]
		}
		return x.Get("monthly", &v), nil
	}
	return "", fmt.Errorf("render follow-up: kind %q is not a text", f.Kind)
}

// commitmentPhrase is what a next-step reminder checks in about: the
// commitment in a few words, the volunteer's own words for "something
// else", nothing when none was made.
func (f Followup) commitmentPhrase(x Catalog) string {
	switch f.Commitment {
	case debrief.CommitHouseParty, debrief.CommitAction, debrief.CommitMeetAgain:
		return x.Get("fu_about_"+string(f.Commitment), nil)
	case debrief.CommitOther:
		return f.CommitmentText
	}
	return ""
}

// Budgets of the digest's plan text, so that it fits one segment in both
// languages whatever the names: the reported-of-planned counts, and the
// plans not reported.
const (
	digestCountsMax     = 40
	digestUnreportedMax = 50
)

// digestPlans is the digest's second text, after a line break, when the
// week had plans: planned against reported, per volunteer for one team
// and per team for several ("Ana 1 of 2, Bo 1 of 1"), and who has not
// reported whom, as many as fit one segment.
func (f Followup) digestPlans(x Catalog) string {
	if f.Planned == 0 && len(f.Unreported) == 0 {
		return ""
	}
	v := Vars{N: fmt.Sprint(f.Planned), Count: fmt.Sprint(f.PlanReported), Issue: planCounts(x, f.PlanCounts, digestCountsMax)}
	name := "digest_plans_all"
	if len(f.Unreported) > 0 {
		name = "digest_plans"
		v[Next] = unreportedList(f.Unreported, digestUnreportedMax)
	}
	return "\n" + x.Get(name, &v)
}

// planCounts writes "Ana 1 of 2, Bo 0 of 1" (per team when the counts are
// of several) in at most max characters, "+2" for those left out.
func planCounts(x Catalog, cs []PlanCount, max int) string {
	type row struct {
		name              string
		planned, reported int
	}
	var rows []row
	teams := map[string]int{}
	for _, c := range cs {
		if _, ok := teams[c.Team]; !ok {
			teams[c.Team] = len(teams)
		}
	}
	for _, c := range cs {
		if len(teams) == 1 {
			rows = append(rows, row{c.Volunteer, c.Planned, c.Reported})
			continue
		}
		i := teams[c.Team]
		for len(rows) <= i {
			rows = append(rows, row{})
		}
		rows[i].name = c.Team
		rows[i].planned += c.Planned
		rows[i].reported += c.Reported
	}
	var b strings.Builder
	for i, r := range rows {
		item := GSMSafe(r.name, 14) + " " + x.Get("digest_share", &Vars{Count: fmt.Sprint(r.reported), N: fmt.Sprint(r.planned)})
		if i > 0 {
			item = ", " + item
		}
		room := len(item)
		if i < len(rows)-1 {
			room += len(" +999")
		}
		if b.Len()+room > max {
			b.WriteString(" +" + fmt.Sprint(len(rows)-i))
			break
		}
		b.WriteString(item)
	}
	return b.String()
}

// unreportedList writes "Ana: Maria, Sam; Bo: Lee" in at most max
// characters, "+2" at the end for the plans left out.
func unreportedList(us []Unreported, max int) string {
	var b strings.Builder
	last := ""
	for i, u := range us {
		item := GSMSafe(u.Person, 20)
		switch {
		case i == 0:
			item = GSMSafe(u.Volunteer, 20) + ": " + item
		case u.Volunteer == last:
			item = ", " + item
		default:
			item = "; " + GSMSafe(u.Volunteer, 20) + ": " + item
		}
		room := len(item)
		if i < len(us)-1 {
			room += len(" +999") // what is left out must still be said
		}
		if b.Len()+room > max {
			b.WriteString(" +" + fmt.Sprint(len(us)-i))
			break
		}
		b.WriteString(item)
		last = u.Volunteer
	}
	return b.String()
}
