package export_test

import (
	"encoding/csv"
	"errors"
	"strings"
	"testing"

	"github.com/debrief-sms/debrief"
	"github.com/debrief-sms/debrief/internal/clocktest"
	"github.com/debrief-sms/debrief/internal/export"
	"github.com/debrief-sms/debrief/internal/store"
)

// failingWriter accepts n bytes, then fails every write.
type failingWriter struct{ n int }

var errDiskFull = errors.New("disk full")

func (w *failingWriter) Write(p []byte) (int, error) {
	if len(p) > w.n {
		return 0, errDiskFull
	}
	w.n -= len(p)
	return len(p), nil
}

// TestCSVHandOver: CSV's reading and writing run side by side; a failed
// write stops the reading and is returned, a failed reading is returned,
// and every report read is written, in order.
func TestCSVHandOver(t *testing.T) {
	t.Parallel()
	at := clocktest.Start()
	listings := func(n int, fail error, read *int) func(func(store.ReportListing) error) error {
		return func(each func(store.ReportListing) error) error {
			for i := range n {
				*read = i + 1
				l := store.ReportListing{Report: debrief.Report{ID: int64(i + 1), PersonName: "Person " + strings.Repeat("x", i%7),
					Status: debrief.ReportComplete, StartedAt: at, CompletedAt: &at}}
				if err := each(l); err != nil {
					return err
				}
			}
			return fail
		}
	}
	opts := export.Options{Location: clocktest.NewYork}

	var read int
	var b strings.Builder
	if err := export.CSV(&b, opts, listings(1000, nil, &read)); err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(strings.NewReader(b.String())).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != 1001 {
		t.Fatalf("1,000 reports: %d records, want a header and 1,000", len(recs))
	}
	// Names are Person, Person x, ... Person xxxxxx, in the order read.
	for i, rec := range recs[1:] {
		if want := strings.Repeat("x", i%7); rec[0] != "Person" || rec[1] != want {
			t.Fatalf("row %d: name %q %q, want Person %q", i+1, rec[0], rec[1], want)
		}
	}

	read = 0
	err = export.CSV(&failingWriter{n: 10_000}, opts, listings(100_000, nil, &read))
	if !errors.Is(err, errDiskFull) || !strings.Contains(err.Error(), "write export") {
		t.Errorf("writer fails: %v, want write export: disk full", err)
	}
	if read == 100_000 {
		t.Error("writer failed: the reading went on to the last report")
	}

	errDown := errors.New("database down")
	read = 0
	b.Reset()
	if err := export.CSV(&b, opts, listings(300, errDown, &read)); !errors.Is(err, errDown) {
		t.Errorf("reading fails: %v, want %v", err, errDown)
	}
}
