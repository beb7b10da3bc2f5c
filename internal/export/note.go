package export

import (
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/debrief-sms/debrief"
	"github.com/debrief-sms/debrief/internal/conversation"
	"github.com/debrief-sms/debrief/internal/store"
)

// noteLayout is how the note writes a time.
const noteLayout = "2006-01-02 15:04 MST"

// Note is the report in plain words, one answer a line, for the person's
// Background in NationBuilder: who reported it and when, the issue, the
// commitments, next steps and date, what they would enjoy, notes, whether
// they were thanked, then the extra answers by key (by the words of
// their question in an export with Options.Columns). Unanswered questions
// are left out. Times are loc's; a next contact day without a time is the
// volunteer's day.
func Note(l store.ReportListing, loc *time.Location) string {
	return note(l, zones{}.of(l, loc), nil)
}

// note writes the extra answers of cols first, in their order and named by
// their heads (a question's words), then any other by its key.
func note(l store.ReportListing, z zoned, cols []store.AnswerColumn) string {
	r := &l.Report
	loc := z.coordinator
	var b strings.Builder
	by := strings.TrimSpace(l.Volunteer.Name)
	if by == "" {
		by = "a volunteer"
	}
	if l.Volunteer.TeamName != "" {
		by += " (" + l.Volunteer.TeamName + ")"
	}
	verb := "1:1 reported by "
	if r.Status != "" && r.Status != debrief.ReportComplete {
		verb = "1:1 report (" + string(r.Status) + ") by "
	}
	b.WriteString(verb + by)
	if at := reportDate(r); !at.IsZero() {
		b.WriteString(" on " + at.In(loc).Format(noteLayout))
	}
	line := func(label, value string) {
		if value = strings.TrimSpace(value); value != "" {
			b.WriteString("\n" + label + ": " + value)
		}
	}
	line("Met", r.PersonName)
	line("Issue", r.Issue)
	line("Agreed", conversation.CommitmentPhrase(debrief.English, r))
	line("Next steps", r.NextSteps)
	line("Next contact", nextContact(r, z))
	line("Would enjoy", r.Enjoy)
	line("Notes", r.Notes)
	line("Thanked", yesNo(r.Thanked))
	written := map[string]bool{}
	for _, c := range cols {
		for _, k := range c.Keys {
			if v := r.Extra[k]; v != "" && !written[k] {
				line(c.Head, v)
			}
			written[k] = true
		}
	}
	for _, k := range slices.Sorted(maps.Keys(r.Extra)) {
		if !written[k] {
			line(k, r.Extra[k])
		}
	}
	return b.String()
}

// nextContact is when they will talk again: a day, the volunteer's, or a
// time in the coordinator's zone when the volunteer gave one.
func nextContact(r *debrief.Report, z zoned) string {
	if r.NextContactAt == nil {
		return ""
	}
	if r.NextContactHasTime {
		return r.NextContactAt.In(z.coordinator).Format(noteLayout)
	}
	return r.NextContactAt.In(z.volunteer).Format(time.DateOnly)
}

func yesNo(b *bool) string {
	switch {
	case b == nil:
		return ""
	case *b:
		return "yes"
	}
	return "no"
}
