package export_test

import (
	"context"
	"io"
	"runtime"
	"testing"
	"time"

	"github.com/debrief-sms/debrief"
	"github.com/debrief-sms/debrief/internal/clocktest"
	"github.com/debrief-sms/debrief/internal/export"
	"github.com/debrief-sms/debrief/internal/store"
	"github.com/debrief-sms/debrief/internal/store/storetest"
)

// streamRows is how many reports TestCSVStreams exports.
const streamRows = 100_000

// maxHeapGrowth bounds the live heap an export may add, whatever the
// number of rows.
const maxHeapGrowth = 16 << 20

// TestCSVStreams exports 100,000 reports from PostgreSQL, seeded with one
// INSERT ... SELECT generate_series, and checks that the live heap stays
// within maxHeapGrowth of where it started: it is sampled after a
// collection every 10,000 rows. It logs the rate, in rows a second.
func TestCSVStreams(t *testing.T) {
	if testing.Short() {
		t.Skip("exports 100,000 rows")
	}
	s, db := storetest.PostgresBackends(t)[0].OpenWithDB(t)
	ctx := context.Background()
	v, err := s.AddVolunteer(ctx, debrief.Volunteer{Phone: "+16175550101", Name: "Ana Ruiz", TeamName: "Riverside Moms"})
	if err != nil {
		t.Fatal(err)
	}
	start := clocktest.Start().UTC()
	if _, err := db.ExecContext(ctx, `INSERT INTO reports (volunteer_id, seq, person_name, person_phone, person_email, issue,
		commitment, commitments, next_steps, enjoy, notes, thanked, extra, status, started_at, updated_at, completed_at)
		SELECT $1, n, 'Person ' || n, '+1617' || lpad(n::text, 7, '0'), 'p' || n || '@example.org',
			'heat waves, "clean air" and the bus lines', 'house_party', 'house_party,action', 'send the host guide',
			'canvassing', 'nurse, knows the union', TRUE, '{"ward":"7"}', 'complete',
			$2::timestamptz, $2::timestamptz, $2::timestamptz + n * interval '1 second'
		FROM generate_series(1, $3::int) n`, v.ID, start, streamRows); err != nil {
		t.Fatal(err)
	}

	var m runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&m)
	base, peak := m.HeapAlloc, m.HeapAlloc
	n := 0
	began := time.Now()
	rows := func(each func(store.ReportListing) error) error {
		return s.ListReports(ctx, store.ReportFilter{}, func(l store.ReportListing) error {
			n++
			if n%10_000 == 0 {
				runtime.GC()
				runtime.ReadMemStats(&m)
				peak = max(peak, m.HeapAlloc)
			}
			return each(l)
		})
	}
	if err := export.CSV(io.Discard, export.Options{Location: clocktest.NewYork, ExtraKeys: []string{"ward"}}, rows); err != nil {
		t.Fatal(err)
	}
	elapsed := time.Since(began) // measured, not a clock the export reads
	if n != streamRows {
		t.Fatalf("exported %d rows, want %d", n, streamRows)
	}
	growth := int64(peak) - int64(base)
	t.Logf("%d rows in %v: %.0f rows/s; live heap grew at most %.1f MB", n, elapsed.Round(time.Millisecond),
		float64(n)/elapsed.Seconds(), float64(growth)/(1<<20))
	if growth > maxHeapGrowth {
		t.Errorf("live heap grew %d bytes exporting %d rows, want at most %d", growth, n, maxHeapGrowth)
	}
}
