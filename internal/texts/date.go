package texts

import (
	"strconv"
	"time"
)

// Date writes t in loc as the catalog writes dates ("Tue Dec 1"), with
// its time of day when hasTime ("Tue Dec 1, 3pm").
func (x Catalog) Date(t time.Time, loc *time.Location, hasTime bool) string {
	t = t.In(loc)
	v := Vars{Day: strconv.Itoa(t.Day())}
	if wd := x.Words("weekdays"); len(wd) == 7 {
		v[Weekday] = wd[t.Weekday()]
	}
	if ms := x.Words("months"); len(ms) == 12 {
		v[Month] = ms[t.Month()-1]
	}
	if !hasTime {
		return x.Get("date", &v)
	}
	if x.Get("clock", nil) == "24" {
		v[Time] = t.Format("15:04")
	} else if t.Minute() == 0 {
		v[Time] = t.Format("3pm")
	} else {
		v[Time] = t.Format("3:04pm")
	}
	return x.Get("date_time", &v)
}
