package store_test

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/debrief-sms/debrief"
	"github.com/debrief-sms/debrief/internal/clocktest"
	"github.com/debrief-sms/debrief/internal/store"
	"github.com/debrief-sms/debrief/internal/store/storetest"
)

// listed is a report the listing test stores, and the person it names.
type listed struct {
	person     string
	volunteer  string // phone
	status     debrief.ReportStatus
	at         time.Time // completed_at, or started_at of a draft or abandoned report
	commitment string    // the commitments column
	extra      string
}

// seedReports stores rs, by volunteers added with the store, and returns
// the person named by each report's ID.
func seedReports(t *testing.T, s *store.Store, db *sql.DB, rs []listed) map[int64]string {
	t.Helper()
	ctx := context.Background()
	vols := map[string]int64{}
	for _, v := range []debrief.Volunteer{
		{Phone: "+16175550101", Name: "Ana Ruiz", TeamName: "Riverside Moms"},
		{Phone: "+16175550102", Name: "Bo Chen", TeamName: "Eastside"},
		{Phone: "+16175550103", Name: "Cy Teamless"},
	} {
		added, err := s.AddVolunteer(ctx, v)
		if err != nil {
			t.Fatal(err)
		}
		vols[v.Phone] = added.ID
	}
	persons := map[int64]string{}
	seqs := map[string]int{}
	for _, r := range rs {
		seqs[r.volunteer]++
		var completed any
		started := r.at.UTC().Add(-time.Hour)
		if r.status == debrief.ReportComplete {
			completed = r.at.UTC()
		} else {
			started = r.at.UTC()
		}
		extra := r.extra
		if extra == "" {
			extra = "{}"
		}
		var id int64
		err := db.QueryRowContext(ctx, `INSERT INTO reports (volunteer_id, seq, person_name, commitment, commitments, extra,
			status, started_at, updated_at, completed_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
			vols[r.volunteer], seqs[r.volunteer], r.person, firstCommitment(r.commitment), r.commitment, extra,
			string(r.status), started, started, completed).Scan(&id)
		if err != nil {
			t.Fatalf("insert report on %s: %v", r.person, err)
		}
		persons[id] = r.person
	}
	return persons
}

func firstCommitment(cs string) string {
	for i := range len(cs) {
		if cs[i] == ',' {
			return cs[:i]
		}
	}
	return cs
}

// TestListReports checks that each filter selects exactly its reports, in
// order of date then ID, with dates read as days in New York across the
// end of November (a report at 23:30 on Nov 30 in New York is December in
// UTC).
func TestListReports(t *testing.T) {
	t.Parallel()
	ny := clocktest.NewYork
	at := func(month time.Month, day, hour, min int) time.Time {
		return time.Date(2026, month, day, hour, min, 0, 0, ny)
	}
	const ana, bo, cy = "+16175550101", "+16175550102", "+16175550103"
	reports := []listed{
		{"Late November", ana, debrief.ReportComplete, at(11, 30, 23, 30), "house_party,action", `{"ward":"7"}`},
		{"Early December", ana, debrief.ReportComplete, at(12, 1, 0, 30), "meet_again", ""},
		{"Mid November", bo, debrief.ReportComplete, at(11, 15, 10, 0), "action", `{"union":"SEIU","ward":"3"}`},
		{"Draft", bo, debrief.ReportDraft, at(11, 20, 9, 0), "", ""},
		{"Abandoned", ana, debrief.ReportAbandoned, at(11, 10, 9, 0), "house_party", ""},
		{"First of November", cy, debrief.ReportComplete, at(11, 1, 0, 0), "house_party", ""},
		{"Halloween", cy, debrief.ReportComplete, at(10, 31, 23, 59), "house_party", ""},
		{"Houseparty lookalike", cy, debrief.ReportComplete, at(10, 1, 12, 0), "other", ""},
	}
	november := func(f store.ReportFilter) store.ReportFilter {
		if err := f.SetDays("2026-11-01", "2026-11-30", ny); err != nil {
			t.Fatal(err)
		}
		return f
	}
	cases := []struct {
		name   string
		filter store.ReportFilter
		want   []string
		keys   []string
	}{
		{"every complete report", store.ReportFilter{},
			[]string{"Houseparty lookalike", "Halloween", "First of November", "Mid November", "Late November", "Early December"},
			[]string{"union", "ward"}},
		{"november in New York", november(store.ReportFilter{}),
			[]string{"First of November", "Mid November", "Late November"}, []string{"union", "ward"}},
		{"team in any case", store.ReportFilter{Team: "riverside MOMS"},
			[]string{"Late November", "Early December"}, []string{"ward"}},
		{"commitment among several", store.ReportFilter{Commitment: debrief.CommitAction},
			[]string{"Mid November", "Late November"}, []string{"union", "ward"}},
		{"house party, not a lookalike", store.ReportFilter{Commitment: debrief.CommitHouseParty},
			[]string{"Halloween", "First of November", "Late November"}, []string{"ward"}},
		{"volunteer", store.ReportFilter{VolunteerPhone: bo}, []string{"Mid November"}, []string{"union", "ward"}},
		{"drafts", store.ReportFilter{Status: debrief.ReportDraft}, []string{"Draft"}, nil},
		{"abandoned in november", november(store.ReportFilter{Status: debrief.ReportAbandoned}), []string{"Abandoned"}, nil},
		{"november, team and commitment", november(store.ReportFilter{Team: "Riverside Moms", Commitment: debrief.CommitHouseParty}),
			[]string{"Late November"}, []string{"ward"}},
		{"no such team", store.ReportFilter{Team: "Nobody"}, nil, nil},
	}
	storetest.Each(t, func(t *testing.T, b storetest.Backend) {
		s, db := b.OpenWithDB(t)
		seedReports(t, s, db, reports)
		ctx := context.Background()
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				var got []string
				err := s.ListReports(ctx, tc.filter, func(l store.ReportListing) error {
					got = append(got, l.Report.PersonName)
					return nil
				})
				if err != nil {
					t.Fatal(err)
				}
				if !slices.Equal(got, tc.want) {
					t.Errorf("ListReports = %q, want %q", got, tc.want)
				}
				keys, err := s.ReportExtraKeys(ctx, tc.filter)
				if err != nil {
					t.Fatal(err)
				}
				if !slices.Equal(keys, tc.keys) {
					t.Errorf("ReportExtraKeys = %q, want %q", keys, tc.keys)
				}
			})
		}
	})
}

// TestListReportsRow checks what a listing reads of a report and its
// volunteer, and that an error from the callback stops it.
func TestListReportsRow(t *testing.T) {
	t.Parallel()
	completed := time.Date(2026, 11, 24, 17, 0, 0, 0, time.UTC)
	contact := time.Date(2026, 12, 3, 15, 0, 0, 0, time.UTC)
	storetest.Each(t, func(t *testing.T, b storetest.Backend) {
		s, db := b.OpenWithDB(t)
		ctx := context.Background()
		v, err := s.AddVolunteer(ctx, debrief.Volunteer{Phone: "+16175550101", Name: "Ana Ruiz", TeamName: "Riverside Moms"})
		if err != nil {
			t.Fatal(err)
		}
		started := completed.Add(-10 * time.Minute)
		for seq := 1; seq <= 2; seq++ {
			if _, err := db.ExecContext(ctx, `INSERT INTO reports (volunteer_id, seq, person_name, person_phone, person_email,
					issue, commitment, commitments, commitment_text, next_steps, next_contact_at, next_contact_has_time, enjoy,
					notes, thanked, extra, status, started_at, updated_at, completed_at)
					VALUES ($1, $2, 'María de la Cruz', '+16175550199', 'maria@example.org', 'heat, "clean air"', 'house_party',
					'house_party,other', 'a teach-in', 'send the guide', $3, TRUE, 'cooking', 'nurse', TRUE, '{"ward":"7"}',
					'complete', $4, $5, $6)`, v.ID, seq, contact, started, completed, completed.Add(time.Duration(seq)*time.Minute)); err != nil {
				t.Fatal(err)
			}
		}
		var got []store.ReportListing
		stop := errors.New("stop")
		err = s.ListReports(ctx, store.ReportFilter{}, func(l store.ReportListing) error {
			got = append(got, l)
			return stop
		})
		if !errors.Is(err, stop) || len(got) != 1 {
			t.Fatalf("ListReports stopped with %v after %d rows, want stop after 1", err, len(got))
		}
		r, lv := got[0].Report, got[0].Volunteer
		thanked := true
		done := completed.Add(time.Minute)
		want := debrief.Report{ID: r.ID, Seq: 1, PersonName: "María de la Cruz", PersonPhone: "+16175550199",
			PersonEmail: "maria@example.org", Issue: `heat, "clean air"`, Commitment: debrief.CommitHouseParty,
			Commitments: []debrief.Commitment{debrief.CommitHouseParty, debrief.CommitOther}, CommitmentText: "a teach-in",
			NextSteps: "send the guide", NextContactAt: &contact, NextContactHasTime: true, Enjoy: "cooking", Notes: "nurse",
			Thanked: &thanked, Extra: map[string]string{"ward": "7"}, Status: debrief.ReportComplete,
			StartedAt: started, UpdatedAt: completed, CompletedAt: &done}
		if d := diffReport(r, want); d != "" {
			t.Errorf("report: %s", d)
		}
		if lv.ID != v.ID || lv.Phone != v.Phone || lv.Name != "Ana Ruiz" || lv.TeamName != "Riverside Moms" ||
			lv.TimeZone != storetest.Options.DefaultTimeZone {
			t.Errorf("volunteer = %+v", lv)
		}
	})
}

// diffReport is "" when got is want, else both, printed.
func diffReport(got, want debrief.Report) string {
	if reflect.DeepEqual(got, want) {
		return ""
	}
	show := func(r debrief.Report) string {
		return fmt.Sprintf("%+v next=%v completed=%v thanked=%v", r, r.NextContactAt, r.CompletedAt, r.Thanked)
	}
	return "got\n" + show(got) + "\nwant\n" + show(want)
}
