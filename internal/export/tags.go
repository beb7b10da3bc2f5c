package export

import (
	"strings"
	"time"

	"github.com/debrief-sms/debrief"
	"github.com/debrief-sms/debrief/internal/store"
)

// Tags are the person's tags for the report: "1:1", "1:1 2026-12" (the
// month it was completed, in loc), "commitment: house party" for each
// commitment but none, and "team: Riverside Moms" for the volunteer's
// team. NationBuilder splits tag_list at commas, so a comma inside a tag
// becomes a space.
func Tags(l store.ReportListing, loc *time.Location) []string {
	r := &l.Report
	tags := []string{"1:1"}
	if at := reportDate(r); !at.IsZero() {
		tags = append(tags, "1:1 "+at.In(loc).Format("2006-01"))
	}
	cs := r.Commitments
	if len(cs) == 0 && r.Commitment != "" {
		cs = []debrief.Commitment{r.Commitment}
	}
	for _, c := range cs {
		if c != debrief.CommitNone {
			tags = append(tags, "commitment: "+strings.ReplaceAll(string(c), "_", " "))
		}
	}
	if team := tagSafe(l.Volunteer.TeamName); team != "" {
		tags = append(tags, "team: "+team)
	}
	return tags
}

// tagSafe is s with commas and runs of spaces made single spaces.
func tagSafe(s string) string {
	return strings.Join(strings.Fields(strings.ReplaceAll(s, ",", " ")), " ")
}

// reportDate is when the report was completed, or started when it was
// not (a draft or an abandoned report exported on purpose).
func reportDate(r *debrief.Report) time.Time {
	if r.CompletedAt != nil {
		return *r.CompletedAt
	}
	return r.StartedAt
}
