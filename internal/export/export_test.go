package export_test

import (
	"bytes"
	"encoding/csv"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/debrief-sms/debrief"
	"github.com/debrief-sms/debrief/internal/clocktest"
	"github.com/debrief-sms/debrief/internal/export"
	"github.com/debrief-sms/debrief/internal/store"
)

var update = flag.Bool("update", false, "rewrite testdata/*.csv with what the export writes")

// fixture is reports in English and Spanish, with accents, a comma, a
// quote and a line break in one answer, several commitments, a person
// with no phone, one with an email only, a single name and a title.
func fixture() []store.ReportListing {
	ny := clocktest.NewYork
	at := func(month time.Month, day, hour, min int) *time.Time {
		t := time.Date(2026, month, day, hour, min, 0, 0, ny).UTC()
		return &t
	}
	yes, no := true, false
	ana := debrief.Volunteer{ID: 7, Phone: "+16175550101", Name: "Ana Ruiz", TeamName: "Riverside Moms"}
	lucia := debrief.Volunteer{ID: 8, Phone: "+16175550102", Name: "Lucía Gómez", TeamName: "Mamás del Río", TimeZone: "America/Puerto_Rico"}
	// A day without a time is its midnight in the volunteer's zone: in
	// Puerto Rico, an hour ahead of New York in December.
	pr, err := time.LoadLocation("America/Puerto_Rico")
	if err != nil {
		panic(err)
	}
	monday := time.Date(2026, 12, 7, 0, 0, 0, 0, pr)
	cy := debrief.Volunteer{ID: 9, Phone: "+16175550103", Name: "Cy", TeamName: "Moms, Dads  & Kids"}
	return []store.ReportListing{
		{Volunteer: ana, Report: debrief.Report{Seq: 1, PersonName: "Sam Park", PersonPhone: "+16175550199",
			PersonEmail: "sam@example.org", Issue: "heat waves, \"clean air\"\nand the bus lines",
			Commitment: debrief.CommitHouseParty, Commitments: []debrief.Commitment{debrief.CommitHouseParty, debrief.CommitAction},
			NextSteps: "send the host guide", NextContactAt: at(12, 3, 15, 0), NextContactHasTime: true,
			Enjoy: "canvassing", Notes: "nurse, knows the tenants' union", Thanked: &yes,
			Extra: map[string]string{"ward": "7"}, Status: debrief.ReportComplete, CompletedAt: at(11, 30, 23, 30)}},
		{Volunteer: lucia, Report: debrief.Report{Seq: 4, PersonName: "María José de la Cruz", PersonPhone: "+13055550123",
			Issue: "el calor extremo y la contaminación del río", Commitment: debrief.CommitOther,
			Commitments: []debrief.Commitment{debrief.CommitOther, debrief.CommitMeetAgain}, CommitmentText: "organizar una charla",
			NextSteps: "llamarla el lunes", NextContactAt: &monday, Enjoy: "cocinar para las reuniones",
			Thanked: &no, Status: debrief.ReportComplete, CompletedAt: at(12, 1, 9, 5)}},
		{Volunteer: cy, Report: debrief.Report{Seq: 2, PersonName: "Jordan Lee", PersonEmail: " Jordan.Lee@Example.org ",
			Issue: "flooding", Commitment: debrief.CommitNone, Commitments: []debrief.Commitment{debrief.CommitNone},
			Enjoy: "data entry", Status: debrief.ReportComplete, CompletedAt: at(12, 2, 18, 45)}},
		{Volunteer: cy, Report: debrief.Report{Seq: 3, PersonName: "Cher", Issue: "solar on the school roof",
			Commitment: debrief.CommitMeetAgain, Commitments: []debrief.Commitment{debrief.CommitMeetAgain},
			Extra: map[string]string{"union": "SEIU 1199"}, Status: debrief.ReportComplete, CompletedAt: at(12, 2, 19, 0)}},
		{Volunteer: debrief.Volunteer{ID: 10, Phone: "+16175550104"}, Report: debrief.Report{Seq: 1, PersonName: "Sra. López",
			PersonPhone: "+17875550100", Issue: "agua", Status: debrief.ReportComplete, CompletedAt: at(12, 2, 20, 0)}},
	}
}

func each(ls []store.ReportListing) func(func(store.ReportListing) error) error {
	return func(do func(store.ReportListing) error) error {
		for _, l := range ls {
			if err := do(l); err != nil {
				return err
			}
		}
		return nil
	}
}

// TestCSVGolden compares the file written for the fixture with
// testdata/nationbuilder.csv; go test -update rewrites it.
func TestCSVGolden(t *testing.T) {
	t.Parallel()
	var buf bytes.Buffer
	opts := export.Options{Location: clocktest.NewYork, ExtraKeys: []string{"union", "ward"}}
	if err := export.CSV(&buf, opts, each(fixture())); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join("testdata", "nationbuilder.csv")
	if *update {
		if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to write it)", err)
	}
	if !bytes.Equal(buf.Bytes(), want) {
		t.Errorf("export differs from %s (go test -update rewrites it):\n%s", path, buf.String())
	}
}

// TestCSVReadsBack reads the file as NationBuilder would, with a CSV
// reader, and finds every answer as it was typed.
func TestCSVReadsBack(t *testing.T) {
	t.Parallel()
	var buf bytes.Buffer
	ls := fixture()
	if err := export.CSV(&buf, export.Options{Location: clocktest.NewYork}, each(ls)); err != nil {
		t.Fatal(err)
	}
	if bytes.HasPrefix(buf.Bytes(), []byte("\uFEFF")) {
		t.Error("the file starts with a byte order mark")
	}
	rows, err := csv.NewReader(&buf).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != len(ls)+1 {
		t.Fatalf("%d rows, want a header and %d", len(rows), len(ls))
	}
	header := rows[0]
	col := func(name string) int {
		i := slices.Index(header, name)
		if i < 0 {
			t.Fatalf("no column %q in %q", name, header)
		}
		return i
	}
	issue := col("What climate issue is this person most concerned about?")
	for i, l := range ls {
		if got := rows[i+1][issue]; got != l.Report.Issue {
			t.Errorf("row %d: issue %q, want %q", i+1, got, l.Report.Issue)
		}
	}
	sam, jordan, cher := rows[1], rows[3], rows[4]
	if got := sam[col("tag_list")]; got != "1:1,1:1 2026-11,commitment: house party,commitment: action,team: Riverside Moms" {
		t.Errorf("tag_list = %q", got)
	}
	if jordan[col("external_id")] != export.ExternalID(store.ReportListing{Report: debrief.Report{PersonEmail: "jordan.lee@example.org"}}) {
		t.Errorf("an email's external_id depends on its case or spaces: %q", jordan[col("external_id")])
	}
	if got := cher[col("external_id")]; got != "debrief-r-9-3" {
		t.Errorf("a report with neither phone nor email: external_id %q, want debrief-r-9-3", got)
	}
	if cher[col("first_name")] != "Cher" || cher[col("last_name")] != "" {
		t.Errorf("a single name: first %q, last %q", cher[col("first_name")], cher[col("last_name")])
	}
}

// TestExternalIDStable checks that the same person gets the same ID from
// any report, and that a phone wins over an email.
func TestExternalIDStable(t *testing.T) {
	t.Parallel()
	a := store.ReportListing{Volunteer: debrief.Volunteer{ID: 1}, Report: debrief.Report{Seq: 1, PersonPhone: "+16175550199"}}
	b := store.ReportListing{Volunteer: debrief.Volunteer{ID: 2}, Report: debrief.Report{Seq: 9, PersonPhone: "+16175550199", PersonEmail: "x@y.org"}}
	if export.ExternalID(a) != export.ExternalID(b) {
		t.Errorf("the same phone: %s and %s", export.ExternalID(a), export.ExternalID(b))
	}
	if got := export.ExternalID(a); len(got) != len("debrief-p-")+16 {
		t.Errorf("ExternalID = %q, want debrief-p- and 16 hex digits", got)
	}
}

// TestCSVStopsOnError checks that an error from the rows is returned.
func TestCSVStopsOnError(t *testing.T) {
	t.Parallel()
	boom := errors.New("database went away")
	err := export.CSV(&bytes.Buffer{}, export.Options{}, func(func(store.ReportListing) error) error { return boom })
	if !errors.Is(err, boom) {
		t.Errorf("CSV = %v, want %v", err, boom)
	}
}
