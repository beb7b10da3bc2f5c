// Package export writes 1:1 reports as a CSV file for NationBuilder's
// people import (People > Import): one row per report, about the person
// met, in NationBuilder's own column names, then a column per answer
// headed by its question. The command line and the web download both use
// it. It performs no I/O besides the io.Writer it is given, and reads no
// clock: every date it writes comes from the reports.
//
// The file is UTF-8 without a byte order mark: NationBuilder's importer
// reads UTF-8, and a mark would become part of the first column's name
// for readers that do not expect one.
package export

import (
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/debrief-sms/debrief"
	"github.com/debrief-sms/debrief/internal/conversation"
	"github.com/debrief-sms/debrief/internal/names"
	"github.com/debrief-sms/debrief/internal/store"
)

// Columns NationBuilder maps to its people fields, in this order.
var Columns = []string{"first_name", "last_name", "email", "mobile_number", "mobile_opt_in", "tag_list", "note", "external_id"}

// answers are the answer columns after Columns: the question's template
// heads each (see conversation.QuestionText), in the order asked.
var answers = []struct {
	template string
	value    func(r *debrief.Report, z zoned) string
}{
	{"q_issue", func(r *debrief.Report, _ zoned) string { return r.Issue }},
	{"q_commitment", func(r *debrief.Report, _ zoned) string {
		return conversation.CommitmentPhrase(debrief.English, r)
	}},
	{"q_next_steps", func(r *debrief.Report, _ zoned) string { return r.NextSteps }},
	{"q_next_date", nextContact},
	{"q_enjoy", func(r *debrief.Report, _ zoned) string { return r.Enjoy }},
	{"q_notes", func(r *debrief.Report, _ zoned) string { return r.Notes }},
	{"q_thanked", func(r *debrief.Report, _ zoned) string { return yesNo(r.Thanked) }},
}

// Header is the file's first row: Columns, a column per answer headed by
// its English question, then one per extra answer key (a team's own
// question, headed by its key for now).
func Header(extraKeys []string) []string {
	h := append([]string{}, Columns...)
	for _, a := range answers {
		h = append(h, conversation.QuestionText(debrief.English, a.template))
	}
	return append(h, extraKeys...)
}

// Options are what a file is written with.
type Options struct {
	// Location is the coordinator's zone: the dates in the note and the
	// month tag are its days.
	Location *time.Location
	// ExtraKeys are the extra answers' columns, in order
	// (store.ReportExtraKeys); other extra answers are left out.
	ExtraKeys []string
}

// CSV writes the header, then a row for each report rows gives it: rows
// calls each with every report in turn (store.ListReports with its filter
// does) and returns each's error, or its own.
func CSV(w io.Writer, opts Options, rows func(each func(store.ReportListing) error) error) error {
	if opts.Location == nil {
		opts.Location = time.UTC
	}
	zs := zones{}
	cw := csv.NewWriter(w)
	if err := cw.Write(Header(opts.ExtraKeys)); err != nil {
		return fmt.Errorf("write export: %w", err)
	}
	err := rows(func(l store.ReportListing) error {
		// csv.Writer buffers 4 KB: a writer's error shows here once
		// the buffer fills, at the final Flush otherwise.
		if err := cw.Write(row(l, opts, zs.of(l, opts.Location))); err != nil {
			return fmt.Errorf("write export: %w", err)
		}
		return nil
	})
	cw.Flush()
	if err != nil {
		return err
	}
	if err := cw.Error(); err != nil {
		return fmt.Errorf("write export: %w", err)
	}
	return nil
}

// zoned are the zones a row's dates are written in: the coordinator's,
// and the reporting volunteer's for a day named without a time (stored as
// its midnight in their zone, which may be the day before in the
// coordinator's).
type zoned struct{ coordinator, volunteer *time.Location }

// zones loads volunteers' zones once each, for one file.
type zones map[string]*time.Location

// of is the row's zones; an empty or unknown volunteer zone is the
// coordinator's.
func (zs zones) of(l store.ReportListing, coordinator *time.Location) zoned {
	name := l.Volunteer.TimeZone
	loc, ok := zs[name]
	if !ok {
		var err error
		if loc, err = time.LoadLocation(name); err != nil || name == "" {
			loc = nil
		}
		zs[name] = loc
	}
	if loc == nil {
		loc = coordinator
	}
	return zoned{coordinator, loc}
}

// Row is the CSV row of one report, in Header's order.
func Row(l store.ReportListing, opts Options) []string {
	if opts.Location == nil {
		opts.Location = time.UTC
	}
	return row(l, opts, zones{}.of(l, opts.Location))
}

func row(l store.ReportListing, opts Options, z zoned) []string {
	r := &l.Report
	loc := opts.Location
	first, last := names.Split(r.PersonName)
	row := []string{first, last, strings.TrimSpace(r.PersonEmail), r.PersonPhone, "", strings.Join(Tags(l, loc), ","), note(l, z), ExternalID(l)}
	for _, a := range answers {
		row = append(row, a.value(r, z))
	}
	for _, k := range opts.ExtraKeys {
		row = append(row, r.Extra[k])
	}
	return row
}

// ExternalID identifies the person met across imports, so that a second
// import updates them instead of adding them again: from their phone
// (E.164) when the report has one, else their email (trimmed, lower
// case), "debrief-p-" and the first 16 hex digits of the SHA-256 of
// "phone:" or "email:" and it. A report with neither names someone
// Debrief cannot recognise again: the ID is the report's own,
// "debrief-r-<volunteer id>-<seq>".
func ExternalID(l store.ReportListing) string {
	r := &l.Report
	key := ""
	switch {
	case r.PersonPhone != "":
		key = "phone:" + r.PersonPhone
	case strings.TrimSpace(r.PersonEmail) != "":
		key = "email:" + strings.ToLower(strings.TrimSpace(r.PersonEmail))
	default:
		return fmt.Sprintf("debrief-r-%d-%d", l.Volunteer.ID, r.Seq)
	}
	sum := sha256.Sum256([]byte(key))
	return "debrief-p-" + hex.EncodeToString(sum[:8])
}

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

// noteLayout is how the note writes a time.
const noteLayout = "2006-01-02 15:04 MST"

// Note is the report in plain words, one answer a line, for the person's
// Background in NationBuilder: who reported it and when, the issue, the
// commitments, next steps and date, what they would enjoy, notes, whether
// they were thanked, then the extra answers by key. Unanswered questions
// are left out. Times are loc's; a next contact day without a time is the
// volunteer's day.
func Note(l store.ReportListing, loc *time.Location) string {
	return note(l, zones{}.of(l, loc))
}

func note(l store.ReportListing, z zoned) string {
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
	for _, k := range slices.Sorted(maps.Keys(r.Extra)) {
		line(k, r.Extra[k])
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
