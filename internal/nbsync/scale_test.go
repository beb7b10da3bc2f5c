package nbsync_test

import (
	"context"
	"fmt"
	"sync"
	"testing"

	"github.com/debrief-sms/debrief"
	"github.com/debrief-sms/debrief/internal/nationbuilder/nbtest"
	"github.com/debrief-sms/debrief/internal/store/storetest"
)

// TestThousandReportsTwoWorkers: 1,000 reports about 400 people (by
// email, by phone, by both, and some by name only) by 20 volunteers,
// pushed by two workers at once, each with its own client and limiter
// (12 requests a second of the shared virtual clock): each person is in
// NationBuilder once, each meeting is one contact, and no token made more
// than NationBuilder's 250 requests in any 10 seconds.
func TestThousandReportsTwoWorkers(t *testing.T) {
	t.Parallel()
	b := storetest.PostgresBackends(t)[0]
	f := newFixture(t, b.Open(t))
	const volunteers, reports, people = 20, 1000, 400
	for v := range volunteers {
		f.volunteer(fmt.Sprintf("+1617555%04d", v), fmt.Sprintf("Vol %c", 'A'+v), fmt.Sprintf("Team %d", v%3))
	}
	nameOnly := 0
	distinct := map[int]bool{}
	for i := range reports {
		j := i % people
		r := debrief.Report{PersonName: fmt.Sprintf("Person %c%c", 'A'+j/26%26, 'a'+j%26)}
		switch {
		case i%50 == 49:
			nameOnly++
		case j%3 == 0:
			r.PersonEmail = fmt.Sprintf("p%d@example.org", j)
			distinct[j] = true
		case j%3 == 1:
			r.PersonPhone = fmt.Sprintf("+1617556%04d", j)
			distinct[j] = true
		default:
			r.PersonEmail, r.PersonPhone = fmt.Sprintf("p%d@example.org", j), fmt.Sprintf("+1617556%04d", j)
			distinct[j] = true
		}
		f.report(fmt.Sprintf("+1617555%04d", i%volunteers), r)
	}

	var wg sync.WaitGroup
	pushed := make([]int, 2)
	for w := range 2 {
		s := f.syncer(f.client(12, nil))
		wg.Go(func() {
			n, err := s.Drain(context.Background())
			if err != nil {
				t.Errorf("worker %d: %v", w, err)
			}
			pushed[w] = n
		})
	}
	wg.Wait()
	if pushed[0]+pushed[1] != reports || pushed[0] == 0 || pushed[1] == 0 {
		t.Errorf("workers pushed %v, want %d between two", pushed, reports)
	}
	if sum := f.status(); sum.Done != reports || sum.Waiting != 0 || len(sum.Failed) != 0 {
		t.Errorf("status %+v", sum)
	}

	met := f.met()
	if want := len(distinct) + nameOnly; len(met) != want {
		t.Errorf("%d people met, want %d", len(met), want)
	}
	if got, want := len(f.fake.People()), len(met)+volunteers; got != want {
		t.Errorf("%d people in all, want %d", got, want)
	}
	seen := map[string]int{}
	for _, p := range f.fake.People() {
		seen["ext "+p.ExternalID]++
		if p.Email != "" {
			seen["email "+p.Email]++
		}
		if p.MobileNumber != "" {
			seen["mobile "+p.MobileNumber]++
		}
	}
	for k, n := range seen {
		if n > 1 {
			t.Errorf("%s: %d people", k, n)
		}
	}
	contacts := map[string]int{}
	for _, c := range f.fake.Contacts() {
		contacts[c.Note]++
	}
	if len(f.fake.Contacts()) != reports || len(contacts) != reports {
		t.Errorf("%d contacts (%d distinct), want %d", len(f.fake.Contacts()), len(contacts), reports)
	}
	limited := 0
	for _, r := range f.fake.Requests() {
		if r.Status == 429 {
			limited++
		}
	}
	if most := f.fake.MaxInWindow(); most > nbtest.Limit || limited > 0 {
		t.Errorf("at most %d requests in 10 s, %d refused with 429; the limit is %d", most, limited, nbtest.Limit)
	}
	t.Logf("%d requests, at most %d in 10 s of the virtual clock", len(f.fake.Requests()), f.fake.MaxInWindow())
}
