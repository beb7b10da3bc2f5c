package texts

// Slot is a value a template may insert, written {name} in the template:
// Vars{Person: "Maria"} fills {person}.
type Slot int

// The slots, by the name a template writes them with.
const (
	Name Slot = iota
	Team
	Teams
	Person
	Seq
	Date
	N
	Total
	List
	Issue
	Commitment
	Next
	Thanked
	Count
	Max
	Weekday
	Month
	Day
	Time
	Code
	Link
	numSlots
)

// slotInfo names each slot and bounds, in GSM-7 characters, what it
// inserts, so that every text fits its segment whatever volunteers type.
// A text still over one segment with every value at its max has its
// longest values shortened, none below its min (a slot whose min is its
// max is never shortened: numbers, dates, lists built to their bound).
var slotInfo = [numSlots]struct {
	name     string
	max, min int
}{
	Name: {"name", 20, 20}, Team: {"team", 40, 20}, Teams: {"teams", 60, 60}, Person: {"person", 40, 20},
	Seq: {"seq", 5, 5}, Date: {"date", 20, 20}, N: {"n", 3, 3}, Total: {"total", 3, 3}, List: {"list", 100, 100},
	Issue: {"issue", 60, 12}, Commitment: {"commitment", 40, 12}, Next: {"next", 60, 12}, Thanked: {"thanked", 3, 3},
	Count: {"count", 5, 5}, Max: {"max", 5, 5}, Weekday: {"weekday", 3, 3}, Month: {"month", 3, 3},
	Day: {"day", 2, 2}, Time: {"time", 7, 7}, Code: {"code", 6, 6}, Link: {"link", MaxLink, MaxLink},
}

// MaxLink bounds a link a text carries (the monthly report's: PUBLIC_URL
// and its path). A link is never shortened; a longer one is cut, so the
// caller checks it fits.
const MaxLink = 90

// Max is how many GSM-7 characters s inserts at most, for a caller that
// builds a value to fit it (a list of teams, say).
func (s Slot) Max() int { return slotInfo[s].max }

// Vars are the values one text inserts, by slot.
type Vars [numSlots]string
