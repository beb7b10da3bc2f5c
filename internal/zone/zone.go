// Package zone guesses a texter's time zone from what Twilio's webhook says
// of them: the state or province of their number (FromState) or, failing
// that, the number itself. The guess stands in only until the volunteer
// sets a time zone of their own; it keeps scheduled texts out of their
// night, nothing more.
//
// It is pure: it reads no files, environment or network, only the tables
// below and the time zone data embedded in nyaruka/phonenumbers.
package zone

import (
	"strconv"
	"strings"

	"github.com/nyaruka/phonenumbers"
)

// Guess returns the IANA name of the time zone a texter most likely lives
// in: from fromState, Twilio's FromState (a US state or Canadian province
// code such as "MA" or "ON"), else from e164, their number, through
// libphonenumber's prefix-to-time-zone data (the first zone when the data
// gives several). ok is false when neither says anything.
//
// fromZip, Twilio's FromZip, is not used yet: the state decides, and
// ZIP-level data is not embedded. It is in the signature so callers pass
// everything Twilio says, and a finer guess needs no change to them.
func Guess(fromState, fromZip, e164 string) (name string, ok bool) {
	if strings.HasPrefix(e164, "+1") {
		// The common case, and parsing a number costs far more than a
		// map lookup.
		if name, ok := byState[strings.ToUpper(strings.TrimSpace(fromState))]; ok {
			return name, true
		}
	}
	num, numErr := phonenumbers.Parse(e164, "")
	// State codes are North American: for a number of another country,
	// Twilio's FromState is that country's region ("BC" is Baja
	// California for a +52 number, not British Columbia).
	northAmerican := numErr != nil || num.GetCountryCode() == 1
	if northAmerican {
		if name, ok := byState[strings.ToUpper(strings.TrimSpace(fromState))]; ok {
			return name, true
		}
	}
	if numErr != nil || !phonenumbers.IsValidNumber(num) {
		return "", false
	}
	return byNumber(num)
}

// byNumber looks num up in libphonenumber's time zone data.
func byNumber(num *phonenumbers.PhoneNumber) (string, bool) {
	zones, err := phonenumbers.GetTimezonesForNumber(num)
	if err != nil || len(zones) == 0 || zones[0] == phonenumbers.UNKNOWN_TIMEZONE {
		return "", false
	}
	if len(zones) > 1 {
		// A list as long as the whole country code's says nothing of
		// where the texter is (a toll-free +1 800 number lists every
		// zone of North America, Adak first): no guess beats a wrong one.
		country, err := phonenumbers.GetTimezonesForPrefix("+" + strconv.Itoa(int(num.GetCountryCode())))
		if err == nil && len(country) == len(zones) {
			return "", false
		}
	}
	return zones[0], true
}

// byState maps US state, district and territory codes and Canadian
// province and territory codes to a time zone. A state that spans zones
// maps to the zone most of its people live in: Florida to Eastern (not
// the western panhandle), Texas to Central (not El Paso), Tennessee to
// Central (Nashville and Memphis, not Knoxville), Kentucky, Indiana and
// Michigan to Eastern, Kansas, Nebraska and the Dakotas to Central, Idaho
// to Mountain (Boise, not the panhandle), Oregon to Pacific, Alaska to
// Anchorage (not the Aleutians), British Columbia to Pacific, Ontario and
// Quebec to Eastern, Newfoundland and Labrador to Newfoundland time,
// Nunavut to Iqaluit. Arizona (outside the Navajo Nation) and
// Saskatchewan keep standard time all year, which their zones encode.
var byState = map[string]string{
	// United States.
	"AL": "America/Chicago",
	"AK": "America/Anchorage",
	"AZ": "America/Phoenix",
	"AR": "America/Chicago",
	"CA": "America/Los_Angeles",
	"CO": "America/Denver",
	"CT": "America/New_York",
	"DE": "America/New_York",
	"DC": "America/New_York",
	"FL": "America/New_York",
	"GA": "America/New_York",
	"HI": "Pacific/Honolulu",
	"ID": "America/Boise",
	"IL": "America/Chicago",
	"IN": "America/Indiana/Indianapolis",
	"IA": "America/Chicago",
	"KS": "America/Chicago",
	"KY": "America/New_York",
	"LA": "America/Chicago",
	"ME": "America/New_York",
	"MD": "America/New_York",
	"MA": "America/New_York",
	"MI": "America/Detroit",
	"MN": "America/Chicago",
	"MS": "America/Chicago",
	"MO": "America/Chicago",
	"MT": "America/Denver",
	"NE": "America/Chicago",
	"NV": "America/Los_Angeles",
	"NH": "America/New_York",
	"NJ": "America/New_York",
	"NM": "America/Denver",
	"NY": "America/New_York",
	"NC": "America/New_York",
	"ND": "America/Chicago",
	"OH": "America/New_York",
	"OK": "America/Chicago",
	"OR": "America/Los_Angeles",
	"PA": "America/New_York",
	"RI": "America/New_York",
	"SC": "America/New_York",
	"SD": "America/Chicago",
	"TN": "America/Chicago",
	"TX": "America/Chicago",
	"UT": "America/Denver",
	"VT": "America/New_York",
	"VA": "America/New_York",
	"WA": "America/Los_Angeles",
	"WV": "America/New_York",
	"WI": "America/Chicago",
	"WY": "America/Denver",
	// US territories.
	"PR": "America/Puerto_Rico",
	"VI": "America/St_Thomas",
	"GU": "Pacific/Guam",
	"MP": "Pacific/Saipan",
	"AS": "Pacific/Pago_Pago",
	// Canada.
	"AB": "America/Edmonton",
	"BC": "America/Vancouver",
	"MB": "America/Winnipeg",
	"NB": "America/Moncton",
	"NL": "America/St_Johns",
	"NS": "America/Halifax",
	"NT": "America/Edmonton", // Yellowknife is now a link to it
	"NU": "America/Iqaluit",
	"ON": "America/Toronto",
	"PE": "America/Halifax",
	"QC": "America/Toronto",
	"SK": "America/Regina",
	"YT": "America/Whitehorse",
}
