package export

import (
	"time"

	"github.com/debrief-sms/debrief/internal/store"
)

// zoned are the zones a row's dates are written in: the coordinator's,
// and the reporting volunteer's for a day named without a time (stored as
// its midnight in their zone, which may be the day before in the
// coordinator's).
type zoned struct{ coordinator, volunteer *time.Location }

// zones loads volunteers' zones once each, for one file.
type zones map[string]*time.Location

// of is the row's zones; an empty or unknown volunteer zone is the
// coordinator's.
func (zs zones) of(l store.ReportListing, coordinator *time.Location) zoned {
	name := l.Volunteer.TimeZone
	loc, ok := zs[name]
	if !ok {
		var err error
		if loc, err = time.LoadLocation(name); err != nil || name == "" {
			loc = nil
		}
		zs[name] = loc
	}
	if loc == nil {
		loc = coordinator
	}
	return zoned{coordinator, loc}
}
