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
	"encoding/csv"
	"errors"
	"fmt"
	"io"
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
	return header(Options{ExtraKeys: extraKeys}.columns())
}

func header(cols []store.AnswerColumn) []string {
	h := append([]string{}, Columns...)
	for _, a := range answers {
		h = append(h, conversation.QuestionText(debrief.English, a.template))
	}
	for _, c := range cols {
		h = append(h, c.Head)
	}
	return h
}

// Options are what a file is written with.
type Options struct {
	// Location is the coordinator's zone: the dates in the note and the
	// month tag are its days.
	Location *time.Location
	// ExtraKeys are the extra answers' columns, in order
	// (store.ReportExtraKeys); other extra answers are left out.
	ExtraKeys []string
	// Columns, when set, are the extra answers' columns instead of
	// ExtraKeys (store.AnswerColumns): a team question's answers under
	// the words it asked, every version asked in the same words in one
	// column. The note names those answers by the same words.
	Columns []store.AnswerColumn
}

// columns are the extra answers' columns opts asks for.
func (opts Options) columns() []store.AnswerColumn {
	if opts.Columns != nil {
		return opts.Columns
	}
	cs := make([]store.AnswerColumn, len(opts.ExtraKeys))
	for i, k := range opts.ExtraKeys {
		cs[i] = store.AnswerColumn{Head: k, Keys: []string{k}}
	}
	return cs
}

// CSV writes the header, then a row for each report rows gives it: rows
// calls each with every report in turn (store.ListReports with its filter
// does) and returns each's error, or its own.
//
// Reading and writing run side by side: rows runs in a goroutine of its
// own and hands the reports over in batches of pipeBatch, at most
// pipeDepth batches ahead, so the database's rows are decoded while the
// previous ones are formatted, and memory stays bounded however many
// there are.
func CSV(w io.Writer, opts Options, rows func(each func(store.ReportListing) error) error) error {
	if opts.Location == nil {
		opts.Location = time.UTC
	}
	zs := zones{}
	cw := csv.NewWriter(w)
	cols := opts.columns()
	opts.Columns = cols
	if err := cw.Write(header(cols)); err != nil {
		return fmt.Errorf("write export: %w", err)
	}
	batches := make(chan []store.ReportListing, pipeDepth)
	stop := make(chan struct{}) // closed when writing failed: reading stops
	var readErr error
	go func() {
		defer close(batches)
		batch := make([]store.ReportListing, 0, pipeBatch)
		send := func() bool {
			select {
			case batches <- batch:
				batch = make([]store.ReportListing, 0, pipeBatch)
				return true
			case <-stop:
				return false
			}
		}
		readErr = rows(func(l store.ReportListing) error {
			if batch = append(batch, l); len(batch) == pipeBatch && !send() {
				return errWriteStopped
			}
			return nil
		})
		if readErr == nil && len(batch) > 0 {
			send()
		}
	}()
	var writeErr error
	for batch := range batches {
		for _, l := range batch {
			if writeErr != nil {
				break
			}
			// csv.Writer buffers 4 KB: a writer's error shows here once
			// the buffer fills, at the final Flush otherwise.
			if err := cw.Write(row(l, opts, zs.of(l, opts.Location))); err != nil {
				writeErr = fmt.Errorf("write export: %w", err)
				close(stop)
			}
		}
	}
	// batches is closed: the goroutine is done and readErr set.
	if writeErr != nil {
		return writeErr
	}
	cw.Flush()
	if readErr != nil {
		return readErr
	}
	if err := cw.Error(); err != nil {
		return fmt.Errorf("write export: %w", err)
	}
	return nil
}

// pipeBatch and pipeDepth size CSV's hand-over: 64 reports a batch, 4
// batches ahead, a few hundred kilobytes at most.
const (
	pipeBatch = 64
	pipeDepth = 4
)

// errWriteStopped stops the reading of rows once writing has failed; CSV
// returns the writing's error.
var errWriteStopped = errors.New("export: writing stopped")

// Row is the CSV row of one report, in Header's order.
func Row(l store.ReportListing, opts Options) []string {
	if opts.Location == nil {
		opts.Location = time.UTC
	}
	opts.Columns = opts.columns()
	return row(l, opts, zones{}.of(l, opts.Location))
}

func row(l store.ReportListing, opts Options, z zoned) []string {
	r := &l.Report
	loc := opts.Location
	first, last := names.Split(r.PersonName)
	row := []string{first, last, strings.TrimSpace(r.PersonEmail), r.PersonPhone, "", strings.Join(Tags(l, loc), ","), note(l, z, opts.Columns), ExternalID(l)}
	for _, a := range answers {
		row = append(row, a.value(r, z))
	}
	for _, c := range opts.Columns {
		v := ""
		for _, k := range c.Keys {
			if v = r.Extra[k]; v != "" {
				break
			}
		}
		row = append(row, v)
	}
	return row
}
