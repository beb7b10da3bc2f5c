package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/debrief-sms/debrief"
	"github.com/debrief-sms/debrief/internal/export"
	"github.com/debrief-sms/debrief/internal/store"
)

// exportQuery is what `debrief export` was asked for.
type exportQuery struct {
	From, To, Team, Volunteer, Commitment, Status, Out string
}

// commitments are the commitments --commitment accepts.
var commitments = []debrief.Commitment{
	debrief.CommitHouseParty, debrief.CommitAction, debrief.CommitMeetAgain, debrief.CommitOther, debrief.CommitNone,
}

// filter checks q and turns it into the store's filter, days read in loc.
func (q exportQuery) filter(loc *time.Location) (store.ReportFilter, error) {
	var f store.ReportFilter
	var errs []error
	if err := f.SetDays(strings.TrimSpace(q.From), strings.TrimSpace(q.To), loc); err != nil {
		errs = append(errs, fmt.Errorf("--%w", err))
	}
	f.Team = strings.TrimSpace(q.Team)
	if q.Volunteer != "" {
		n, err := normalizePhone("--volunteer", q.Volunteer)
		errs = append(errs, err)
		f.VolunteerPhone = n
	}
	if q.Commitment != "" {
		c := debrief.Commitment(strings.ReplaceAll(strings.ToLower(strings.TrimSpace(q.Commitment)), " ", "_"))
		if !containsCommitment(c) {
			errs = append(errs, fmt.Errorf("--commitment %q: want house_party, action, meet_again, other or none", q.Commitment))
		}
		f.Commitment = c
	}
	switch s := debrief.ReportStatus(strings.ToLower(strings.TrimSpace(q.Status))); s {
	case "", debrief.ReportComplete, debrief.ReportDraft, debrief.ReportAbandoned:
		f.Status = s
	default:
		errs = append(errs, fmt.Errorf("--status %q: want complete, draft or abandoned", q.Status))
	}
	return f, errors.Join(errs...)
}

func containsCommitment(c debrief.Commitment) bool {
	for _, k := range commitments {
		if k == c {
			return true
		}
	}
	return false
}

// exportReports writes the reports q selects as a NationBuilder import
// file: to q.Out, or to stdout when it is empty. A file is written beside
// its final name and renamed into place once complete, so a failed export
// leaves no half file to import.
func exportReports(ctx context.Context, st *store.Store, loc *time.Location, q exportQuery, stdout, stderr io.Writer) error {
	f, err := q.filter(loc)
	if err != nil {
		return fmt.Errorf("export: %w", err)
	}
	cols, err := st.AnswerColumns(ctx, f)
	if err != nil {
		return fmt.Errorf("export: %w", err)
	}
	n := 0
	write := func(w io.Writer) error {
		return export.CSV(w, export.Options{Location: loc, Columns: cols}, func(each func(store.ReportListing) error) error {
			return st.ListReports(ctx, f, func(l store.ReportListing) error { n++; return each(l) })
		})
	}
	if q.Out == "" {
		if err := write(stdout); err != nil {
			return fmt.Errorf("export: %w", err)
		}
		return nil
	}
	if err := writeFile(q.Out, write); err != nil {
		return fmt.Errorf("export: %w", err)
	}
	fmt.Fprintf(stderr, "exported %d %s to %s\n", n, plural(n, "report", "reports"), q.Out)
	return nil
}

// writeFile writes path through a temporary file in its directory, renamed
// to path once write succeeded.
func writeFile(path string, write func(io.Writer) error) (err error) {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*")
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			os.Remove(tmp.Name())
		}
	}()
	if err := write(tmp); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	if err := os.Chmod(tmp.Name(), 0o644); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
