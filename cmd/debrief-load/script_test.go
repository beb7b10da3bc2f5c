package main

import (
	"testing"

	"github.com/debrief-sms/debrief/internal/names"
)

// TestPersonNamesReadWhole reads back every name a load run can send, as
// the conversation does: a name whose letters spell a word ("Maria Very",
// volunteer 3,170 once) loses it, and the run's verification fails on a
// fault of the tool's. Every volunteer's first report, and the first 1,000
// reports of one volunteer (a long soak's), cover each word of the name.
func TestPersonNamesReadWhole(t *testing.T) {
	t.Parallel()
	check := func(v, r int) {
		want := personName(v, r)
		if got := names.Met(want + " 617 253 1000").Name; got != want {
			t.Fatalf("volunteer %d report %d: %q read as %q", v, r, want, got)
		}
	}
	for v := range 10000 {
		check(v, 1)
	}
	for r := 1; r <= 1000; r++ {
		check(0, r)
	}
}
