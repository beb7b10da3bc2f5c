package nbsync_test

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/debrief-sms/debrief"
	"github.com/debrief-sms/debrief/internal/clocktest"
	"github.com/debrief-sms/debrief/internal/conversation"
	"github.com/debrief-sms/debrief/internal/nationbuilder/nbtest"
	"github.com/debrief-sms/debrief/internal/store/storetest"
)

const (
	ana = "+16175550101" // a volunteer
	ben = "+16175550102"
)

// TestMatching: each case files reports one after the other, pushed
// after each, and counts who NationBuilder then holds: never a second
// person for someone already pushed, and one contact per report.
func TestMatching(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		existing []nbtest.Person // in the nation before Debrief
		reports  []struct {
			by string
			r  debrief.Report
		}
		people, total int
	}{
		{name: "same email twice", reports: rs(
			ana, debrief.Report{PersonName: "Maria Lopez", PersonEmail: "maria@example.org"},
			ben, debrief.Report{PersonName: "María López", PersonEmail: " MARIA@example.org "}),
			people: 1, total: 3},
		{name: "same phone without then with email, then the email alone", reports: rs(
			ana, debrief.Report{PersonName: "Sam Park", PersonPhone: "+16175550166"},
			ben, debrief.Report{PersonName: "Sam Park", PersonPhone: "+16175550166", PersonEmail: "sam@example.org"},
			ana, debrief.Report{PersonName: "Sam", PersonEmail: "sam@example.org"}),
			people: 1, total: 3},
		{name: "same phone with then without email", reports: rs(
			ana, debrief.Report{PersonName: "Sam Park", PersonPhone: "+16175550166", PersonEmail: "sam@example.org"},
			ben, debrief.Report{PersonName: "Sam Park", PersonPhone: "+16175550166"}),
			people: 1, total: 3},
		{name: "a name only is someone each time", reports: rs(
			ana, debrief.Report{PersonName: "Lee"},
			ana, debrief.Report{PersonName: "Lee"}),
			people: 2, total: 3},
		{name: "a phone already in the nation", existing: []nbtest.Person{
			{FirstName: "Rosa", LastName: "Diaz", MobileNumber: "+16175550177"},
			{FirstName: "Ana", LastName: "Reyes", MobileNumber: ana}},
			reports: rs(ana, debrief.Report{PersonName: "Rosa Diaz", PersonPhone: "+16175550177"}),
			people:  1, total: 2},
		{name: "the same phone with another name is matched by the external id", reports: rs(
			ana, debrief.Report{PersonName: "Rosa Diaz", PersonPhone: "+16175550177"},
			ben, debrief.Report{PersonName: "Rosie", PersonPhone: "+16175550177"}),
			people: 1, total: 3},
	}
	storetest.Each(t, func(t *testing.T, b storetest.Backend) {
		for _, tc := range tests {
			t.Run(tc.name, func(t *testing.T) {
				t.Parallel()
				f := newFixture(t, b.Open(t))
				for _, p := range tc.existing {
					f.fake.AddPerson(p)
				}
				f.volunteer(ana, "Ana Reyes", "Riverside Moms")
				f.volunteer(ben, "Ben Ortiz", "Riverside Moms")
				s := f.syncer(f.client(20, nil))
				for _, r := range tc.reports {
					f.report(r.by, r.r)
					if n := f.drain(s); n != 1 {
						t.Fatalf("pushed %d, want 1", n)
					}
				}
				if got := len(f.met()); got != tc.people {
					t.Errorf("%d people met in NationBuilder, want %d: %+v", got, tc.people, f.fake.People())
				}
				if got := len(f.fake.People()); got != tc.total {
					t.Errorf("%d people in NationBuilder, want %d (the volunteers too): %+v", got, tc.total, f.fake.People())
				}
				if got := len(f.fake.Contacts()); got != len(tc.reports) {
					t.Errorf("%d contacts, want one a report", got)
				}
				if sum := f.status(); sum.Waiting != 0 || len(sum.Failed) != 0 || sum.Done != len(tc.reports) {
					t.Errorf("status %+v", sum)
				}
			})
		}
	})
}

func rs(args ...any) []struct {
	by string
	r  debrief.Report
} {
	var out []struct {
		by string
		r  debrief.Report
	}
	for i := 0; i < len(args); i += 2 {
		out = append(out, struct {
			by string
			r  debrief.Report
		}{args[i].(string), args[i+1].(debrief.Report)})
	}
	return out
}

// TestWhatIsPushed: the person's name split, phone, note and tags, and
// the contact by the volunteer with the type "1:1"; an edit updates the
// profile and the contact's note and logs no second contact.
func TestWhatIsPushed(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, b storetest.Backend) {
		f := newFixture(t, b.Open(t))
		f.volunteer(ana, "Ana Reyes", "Riverside Moms")
		s := f.syncer(f.client(20, nil))
		r := debrief.Report{PersonName: "María José de la Cruz", PersonPhone: "+16175550199", Issue: "clean air near schools",
			Commitment: debrief.CommitHouseParty, Commitments: []debrief.Commitment{debrief.CommitHouseParty},
			NextSteps: "call her", Notes: "teacher"}
		r.Seq = f.report(ana, r)
		f.drain(s)
		met := f.met()
		if len(met) != 1 {
			t.Fatalf("people met %+v", met)
		}
		p := met[0]
		if p.FirstName != "María José" || p.LastName != "de la Cruz" || p.MobileNumber != "+16175550199" ||
			!strings.Contains(p.Note, "Issue: clean air near schools") || !strings.HasPrefix(p.ExternalID, "debrief-p-") {
			t.Errorf("person %+v", p)
		}
		tags := slices.Sorted(slices.Values(p.Tags))
		month := "1:1 " + f.clock.Now().In(clocktest.NewYork).Format("2006-01")
		want := []string{"1:1", month, "commitment: house party", "team: Riverside Moms"}
		if !slices.Equal(tags, want) {
			t.Errorf("tags %q, want %q", tags, want)
		}
		cs := f.fake.Contacts()
		var author string
		for _, q := range f.fake.People() {
			if q.MobileNumber == ana {
				author = q.ID
			}
		}
		if len(cs) != 1 || cs[0].SignupID != p.ID || cs[0].AuthorID != author || author == "" || cs[0].Status != "meaningful_interaction" ||
			cs[0].Method != "meeting" || f.fake.ContactTypes()[cs[0].TypeID] != "1:1" || !strings.Contains(cs[0].Note, "Agreed: host a house party") {
			t.Fatalf("contacts %+v (author %s), types %v", cs, author, f.fake.ContactTypes())
		}

		r.Notes = "teacher, knows the PTA"
		f.save(ana, r)
		if n := f.drain(s); n != 1 {
			t.Fatalf("edit pushed %d", n)
		}
		cs = f.fake.Contacts()
		if len(cs) != 1 || !strings.Contains(cs[0].Note, "knows the PTA") {
			t.Errorf("after the edit, contacts %+v", cs)
		}
		if met := f.met(); len(met) != 1 || !strings.Contains(met[0].Note, "knows the PTA") {
			t.Errorf("after the edit, people %+v", met)
		}
		if sum := f.status(); sum.Done != 1 || sum.Waiting != 0 {
			t.Errorf("status %+v", sum)
		}
	})
}

// TestNoV1: a nation without v1 gets the contact through v2, face to
// face, no type.
func TestNoV1(t *testing.T) {
	t.Parallel()
	f := newFixture(t, storetest.OpenSQLite(t))
	f.fake.NoV1 = true
	f.volunteer(ana, "Ana Reyes", "")
	s := f.syncer(f.client(20, nil))
	f.report(ana, debrief.Report{PersonName: "Lee Chan", PersonEmail: "lee@example.org"})
	f.drain(s)
	cs := f.fake.Contacts()
	if len(cs) != 1 || cs[0].V1 || cs[0].Method != "face_to_face" || cs[0].AuthorID == "" {
		t.Errorf("contacts %+v", cs)
	}
}

// TestDraftNeverPushed: a draft, saved or discarded, reaches no one.
func TestDraftNeverPushed(t *testing.T) {
	t.Parallel()
	f := newFixture(t, storetest.OpenSQLite(t))
	f.volunteer(ana, "Ana Reyes", "")
	s := f.syncer(f.client(20, nil))
	f.seq[ana] = 1
	f.save(ana, debrief.Report{Seq: 1, PersonName: "Lee", Status: debrief.ReportDraft})
	f.save(ana, debrief.Report{Seq: 1, PersonName: "Lee", Status: debrief.ReportAbandoned})
	if n := f.drain(s); n != 0 || len(f.fake.Requests()) != 0 {
		t.Errorf("pushed %d, %d requests", n, len(f.fake.Requests()))
	}
}

// TestOptedOutStillPushed: a volunteer who texted STOP gets no more
// texts, but the reports they made still reach NationBuilder.
func TestOptedOutStillPushed(t *testing.T) {
	t.Parallel()
	f := newFixture(t, storetest.OpenSQLite(t))
	f.volunteer(ana, "Ana Reyes", "")
	f.report(ana, debrief.Report{PersonName: "Lee Chan", PersonEmail: "lee@example.org"})
	// STOP, saved as the webhook saves it.
	st, _, _, err := f.st.Load(context.Background(), ana, "SMstop")
	if err != nil {
		t.Fatal(err)
	}
	at := f.clock.Now()
	next := st
	next.Volunteer.OptedOut, next.Volunteer.OptedOutAt = true, &at
	if _, _, err := f.st.Save(context.Background(), debrief.Inbound{SID: "SMstop", From: ana, Body: "STOP", ReceivedAt: at},
		conversation.Result{State: next, Effects: conversation.Effects{SaveVolunteer: true, OptedOut: true}}); err != nil {
		t.Fatal(err)
	}
	if v, err := f.st.Volunteer(context.Background(), ana); err != nil || !v.OptedOut {
		t.Fatalf("volunteer %+v %v, want opted out", v, err)
	}
	if n := f.drain(f.syncer(f.client(20, nil))); n != 1 || len(f.fake.Contacts()) != 1 {
		t.Errorf("pushed %d, %d contacts; want 1 and 1", n, len(f.fake.Contacts()))
	}
}
