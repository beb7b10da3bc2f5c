package dates

import (
	"testing"
	"time"

	"github.com/debrief-sms/debrief"
)

func newYork(t testing.TB) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation("America/New_York")
	if err != nil {
		t.Fatalf("load time zone: %v", err)
	}
	return loc
}

func TestParse(t *testing.T) {
	t.Parallel()
	loc := newYork(t)
	// Saturday evening, hours before daylight saving time ends (Sun Nov 1
	// 2026, 2am), and hours before it starts (Sun Mar 14 2027, 2am).
	fall := time.Date(2026, 10, 31, 22, 30, 0, 0, loc)
	spring := time.Date(2027, 3, 13, 23, 30, 0, 0, loc)
	day := func(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, loc) }
	at := func(y int, m time.Month, d, h, min int) time.Time { return time.Date(y, m, d, h, min, 0, 0, loc) }
	cases := []struct {
		name    string
		text    string
		now     time.Time
		lang    debrief.Language
		want    time.Time
		hasTime bool
		ok      bool
	}{
		{"tomorrow across the fall change", "tomorrow", fall, debrief.English, day(2026, 11, 1), false, true},
		{"tomorrow with a time", "Tomorrow 5pm", fall, debrief.English, at(2026, 11, 1, 17, 0), true, true},
		{"tomorrow at 5", "tomorrow at 5", fall, debrief.English, at(2026, 11, 1, 17, 0), true, true},
		{"next weekday", "Call her about the house party next Tuesday", fall, debrief.English, day(2026, 11, 3), false, true},
		{"bare weekday", "see you tuesday!", fall, debrief.English, day(2026, 11, 3), false, true},
		{"this weekday is the coming one", "this Friday", fall, debrief.English, day(2026, 11, 6), false, true},
		{"same weekday is next week", "Saturday at 10am", fall, debrief.English, at(2026, 11, 7, 10, 0), true, true},
		{"in two weeks", "in 2 weeks", fall, debrief.English, day(2026, 11, 14), false, true},
		{"in three days", "we talk again in three days", fall, debrief.English, day(2026, 11, 3), false, true},
		{"in a month", "in a month", fall, debrief.English, day(2026, 11, 30), false, true},
		{"in two months wraps the year", "in 2 months", fall, debrief.English, day(2026, 12, 31), false, true},
		{"month and day", "Dec 3", fall, debrief.English, day(2026, 12, 3), false, true},
		{"ordinal", "december 3rd at 6:30pm", fall, debrief.English, at(2026, 12, 3, 18, 30), true, true},
		{"passed date is next year", "Oct 3", fall, debrief.English, day(2027, 10, 3), false, true},
		{"US slashes", "12/3", fall, debrief.English, day(2026, 12, 3), false, true},
		{"US slashes with year", "1/15/27", fall, debrief.English, day(2027, 1, 15), false, true},
		{"today", "today", fall, debrief.English, day(2026, 10, 31), false, true},
		{"date after the change with time", "nov 2 at 9am", fall, debrief.English, at(2026, 11, 2, 9, 0), true, true},
		{"tomorrow across the spring change", "tomorrow", spring, debrief.English, day(2027, 3, 14), false, true},
		{"tomorrow afternoon across spring", "tomorrow 3pm", spring, debrief.English, at(2027, 3, 14, 15, 0), true, true},
		{"no date", "she will bring her neighbor", fall, debrief.English, time.Time{}, false, false},
		{"sat is a verb", "we sat down for coffee", fall, debrief.English, time.Time{}, false, false},
		{"may is a verb", "she may come along", fall, debrief.English, time.Time{}, false, false},
		{"twice a week", "meet 2 a week", fall, debrief.English, time.Time{}, false, false},
		{"range is not a time", "10-15 people", fall, debrief.English, time.Time{}, false, false},
		{"impossible day", "Feb 30", fall, debrief.English, time.Time{}, false, false},
		{"empty", "", fall, debrief.English, time.Time{}, false, false},

		{"manana", "mañana", fall, debrief.Spanish, day(2026, 11, 1), false, true},
		{"MANANA capitals", "MAÑANA", fall, debrief.Spanish, day(2026, 11, 1), false, true},
		{"pasado manana", "pasado mañana", fall, debrief.Spanish, day(2026, 11, 2), false, true},
		{"hoy", "hoy", fall, debrief.Spanish, day(2026, 10, 31), false, true},
		{"ayer", "la llamé ayer", fall, debrief.Spanish, day(2026, 10, 30), false, true},
		{"anteayer", "anteayer", fall, debrief.Spanish, day(2026, 10, 29), false, true},
		{"el martes pasado", "hablamos el martes pasado", fall, debrief.Spanish, day(2026, 10, 27), false, true},
		{"el sabado pasado on a Saturday", "el sábado pasado", fall, debrief.Spanish, day(2026, 10, 24), false, true},
		{"pasado manana after a weekday is not past", "el martes, pasado mañana", fall, debrief.Spanish, day(2026, 11, 2), false, true},
		{"el martes", "la llamo el martes", fall, debrief.Spanish, day(2026, 11, 3), false, true},
		{"el proximo martes", "el próximo martes", fall, debrief.Spanish, day(2026, 11, 3), false, true},
		{"el sabado is next week", "el sábado", fall, debrief.Spanish, day(2026, 11, 7), false, true},
		{"en 2 semanas", "en 2 semanas", fall, debrief.Spanish, day(2026, 11, 14), false, true},
		{"en tres dias", "en tres días", fall, debrief.Spanish, day(2026, 11, 3), false, true},
		{"en un mes", "en un mes", fall, debrief.Spanish, day(2026, 11, 30), false, true},
		{"3 de diciembre", "3 de diciembre", fall, debrief.Spanish, day(2026, 12, 3), false, true},
		{"diciembre 3 de 2027", "diciembre 3 de 2027", fall, debrief.Spanish, day(2027, 12, 3), false, true},
		{"manana a las 5", "mañana a las 5", fall, debrief.Spanish, at(2026, 11, 1, 17, 0), true, true},
		{"martes de la manana", "el martes a las 10 de la mañana", fall, debrief.Spanish, at(2026, 11, 3, 10, 0), true, true},
		{"a la 1", "el lunes a la 1", fall, debrief.Spanish, at(2026, 11, 2, 13, 0), true, true},
		{"la manana is the morning", "mañana por la mañana", fall, debrief.Spanish, at(2026, 11, 1, 9, 0), true, true},
		{"5pm in Spanish", "el jueves 5pm", fall, debrief.Spanish, at(2026, 11, 5, 17, 0), true, true},
		{"day first slashes", "3/12", fall, debrief.Spanish, day(2026, 12, 3), false, true},
		{"manana across spring", "mañana 3pm", spring, debrief.Spanish, at(2027, 3, 14, 15, 0), true, true},
		{"sin fecha", "le mando un correo", fall, debrief.Spanish, time.Time{}, false, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got, hasTime, ok := Parse(tc.text, tc.now, loc, tc.lang)
			if ok != tc.ok || hasTime != tc.hasTime || !got.Equal(tc.want) {
				t.Errorf("Parse(%q) = %v, %v, %v; want %v, %v, %v", tc.text, got, hasTime, ok, tc.want, tc.hasTime, tc.ok)
			}
			if ok && got.Location() != loc {
				t.Errorf("Parse(%q) location = %v, want %v", tc.text, got.Location(), loc)
			}
		})
	}
}

func TestParseNilLocation(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 11, 24, 12, 0, 0, 0, time.UTC)
	got, _, ok := Parse("tomorrow", now, nil, debrief.English)
	if !ok || !got.Equal(time.Date(2026, 11, 25, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("Parse with nil location = %v, %v", got, ok)
	}
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{"next Tuesday", "in 2 weeks", "Dec 3", "tomorrow 5pm", "el martes",
		"mañana a las 5", "en 2 semanas", "3 de diciembre", "12/3/2026", "in 99 months", "a las 99:99",
		"31/2", "2/31", "in 999 days", "\xff\xfe", "at 23:59pm"} {
		f.Add(s, false)
		f.Add(s, true)
	}
	now := time.Date(2026, 10, 31, 22, 30, 0, 0, time.UTC)
	loc := newYork(f)
	f.Fuzz(func(t *testing.T, text string, spanish bool) {
		lang := debrief.English
		if spanish {
			lang = debrief.Spanish
		}
		got, hasTime, ok := Parse(text, now, loc, lang)
		if !ok && (hasTime || !got.IsZero()) {
			t.Errorf("Parse(%q) not ok but returned %v, %v", text, got, hasTime)
		}
		if ok && !hasTime && (got.Hour() != 0 || got.Minute() != 0) {
			t.Errorf("Parse(%q) date-only result %v is not midnight", text, got)
		}
	})
}

func BenchmarkParse(b *testing.B) {
	loc := newYork(b)
	now := time.Date(2026, 10, 31, 22, 30, 0, 0, loc)
	b.ReportAllocs()
	for b.Loop() {
		Parse("Call her about the house party next Tuesday", now, loc, debrief.English)
	}
}
