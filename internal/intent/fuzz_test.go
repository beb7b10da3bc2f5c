package intent

import "testing"

// seed adds the corpus's texts and a few hard ones to f.
func seed(f *testing.F) {
	for _, c := range readCorpus(f) {
		f.Add(c.text)
	}
	for _, s := range []string{"", " ", "\xff", "\xff\xfe", "'", "’", "y", "n", "2.", ".2", "#", "&&", "99999999999999999999999",
		"✅✅", "👍", "\uFE0F", "2\u20e3", "ÿ", "ß", "Ⅻ", "١٢", "yes no yes no"} {
		f.Add(s)
	}
}

func FuzzYesNo(f *testing.F) {
	seed(f)
	f.Fuzz(func(t *testing.T, s string) {
		if yes, ok := YesNo(s); yes && !ok {
			t.Fatalf("YesNo(%q) = yes, not ok", s)
		}
	})
}

func FuzzOptOut(f *testing.F) {
	seed(f)
	f.Fuzz(func(t *testing.T, s string) {
		if OptOut(s) && (Done(s) || Later(s)) {
			t.Fatalf("%q: OptOut and Done or Later", s)
		}
	})
}

func FuzzDone(f *testing.F) {
	seed(f)
	f.Fuzz(func(t *testing.T, s string) {
		if !Done(s) {
			return
		}
		if yes, ok := YesNo(s); !yes || !ok {
			t.Fatalf("Done(%q) but YesNo = %v, %v", s, yes, ok)
		}
		if Later(s) {
			t.Fatalf("Done(%q) and Later", s)
		}
	})
}

func FuzzLater(f *testing.F) {
	seed(f)
	f.Fuzz(func(t *testing.T, s string) {
		if !Later(s) {
			return
		}
		if yes, ok := YesNo(s); yes && ok {
			t.Fatalf("Later(%q) but YesNo yes", s)
		}
	})
}

func FuzzChoices(f *testing.F) {
	seed(f)
	f.Fuzz(func(t *testing.T, s string) {
		checkAgrees(t, s)
	})
}
