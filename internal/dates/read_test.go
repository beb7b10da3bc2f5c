package dates

import (
	"testing"
	"time"

	"github.com/debrief-sms/debrief"
)

func TestReadNilLocation(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 12, 1, 15, 0, 0, 0, time.UTC)
	r, ok := Read("next week", now, nil, debrief.English)
	want := Reading{At: time.Date(2026, 12, 7, 0, 0, 0, 0, time.UTC), Span: Week}
	if !ok || r != want {
		t.Errorf("Read with nil location = %+v, %v; want %+v", r, ok, want)
	}
}

func TestParseIsRead(t *testing.T) {
	t.Parallel()
	loc := newYork(t)
	now := time.Date(2026, 12, 1, 10, 0, 0, 0, loc)
	for _, text := range []string{"sat morning", "next week", "end of the month", "she's great"} {
		r, rok := Read(text, now, loc, debrief.English)
		got, hasTime, ok := Parse(text, now, loc, debrief.English)
		if ok != rok || hasTime != r.HasTime || !got.Equal(r.At) {
			t.Errorf("Parse(%q) = %v, %v, %v; Read = %+v, %v", text, got, hasTime, ok, r, rok)
		}
	}
}

func FuzzRead(f *testing.F) {
	for _, s := range []string{"sat morning", "Tues at 3", "the 15th", "next week", "this weekend",
		"end of the month", "sometime in January", "in a couple weeks", "Wednesday the 15th", "Oct 3",
		"la semana que viene", "el 15", "a fin de mes", "el miércoles 15", "en un par de semanas",
		"el mar a las 3", "the 31st", "end of next month", "hace unos días", "c'mon sat", "\xff\xfe"} {
		f.Add(s, false, int64(0))
		f.Add(s, true, int64(86400*30))
	}
	loc := newYork(f)
	base := time.Date(2026, 12, 1, 10, 0, 0, 0, loc).Unix()
	f.Fuzz(func(t *testing.T, text string, spanish bool, shift int64) {
		lang := debrief.English
		if spanish {
			lang = debrief.Spanish
		}
		// Any now within about three years either side of Dec 1 2026.
		now := time.Unix(base+shift%(86400*366*3), 0)
		r, ok := Read(text, now, loc, lang)
		if !ok {
			if r != (Reading{}) {
				t.Errorf("Read(%q) not ok but returned %+v", text, r)
			}
			return
		}
		if r.At.Location() != loc {
			t.Errorf("Read(%q) location %v", text, r.At.Location())
		}
		if !r.HasTime && (r.At.Hour() != 0 || r.At.Minute() != 0) {
			t.Errorf("Read(%q) date-only result %v is not midnight", text, r.At)
		}
		if r.Span != Day && r.HasTime {
			t.Errorf("Read(%q) %v span %d has a time", text, r.At, r.Span)
		}
		if r.Span < Day || r.Span > Month || r.Doubt < Sure || r.Doubt > PastMonth {
			t.Errorf("Read(%q) = %+v: unknown span or doubt", text, r)
		}
		if y := r.At.Year(); y < 1900 || y > 2200 {
			t.Errorf("Read(%q) = %v: year out of range", text, r.At)
		}
	})
}

// BenchmarkRead reads texts of each kind: a weekday and a part of the day,
// a span, Spanish, and no date at all (most answers).
func BenchmarkRead(b *testing.B) {
	loc := newYork(b)
	now := time.Date(2026, 12, 1, 10, 0, 0, 0, loc)
	for _, bc := range []struct {
		name, text string
		lang       debrief.Language
	}{
		{"weekday", "call her sat morning, she said Tues at 3 works too", debrief.English},
		{"span", "prob next week, maybe end of the month", debrief.English},
		{"spanish", "la llamo la semana que viene, el miércoles por la tarde", debrief.Spanish},
		{"none", "she's great, we sat down for coffee and talked about the union drive", debrief.English},
	} {
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				Read(bc.text, now, loc, bc.lang)
			}
		})
	}
}

// BenchmarkCorpus reads every text of testdata/corpus.tsv once a loop.
func BenchmarkCorpus(b *testing.B) {
	cases := loadCorpus(b)
	b.ReportAllocs()
	for b.Loop() {
		for _, tc := range cases {
			Read(tc.text, tc.now, tc.loc, tc.lang)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(cases)), "ns/text")
}
