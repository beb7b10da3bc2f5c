// Package phone normalizes phone numbers to E.164 and masks them for logs.
// It wraps nyaruka/phonenumbers (a port of Google's libphonenumber) so the
// rest of Debrief never handles number formats itself.
package phone

import (
	"errors"
	"strings"

	"github.com/nyaruka/phonenumbers"
)

// ErrInvalid reports text that is not a valid phone number.
var ErrInvalid = errors.New("not a valid phone number")

// Normalize returns raw as E.164 (+16175551234). Numbers without a country
// code are read in region (an ISO 3166 code such as "US").
func Normalize(raw, region string) (string, error) {
	if region == "US" {
		if e164, ok := nanp(raw); ok {
			return e164, nil
		}
	}
	num, err := phonenumbers.Parse(raw, region)
	if err != nil {
		return "", errors.Join(ErrInvalid, err)
	}
	if !phonenumbers.IsValidNumber(num) {
		return "", ErrInvalid
	}
	return phonenumbers.Format(num, phonenumbers.E164), nil
}

// nanp reads a plainly written North American number (617-555-0123,
// (617) 555 0123, +1 617.555.0123) without phonenumbers.Parse, whose
// regular expressions cost ten times the validity check; ok is false when
// raw is written otherwise or is not valid, and Parse then decides.
func nanp(raw string) (e164 string, ok bool) {
	if len(raw) > 250 {
		return "", false // Parse's limit
	}
	var digits [11]byte
	n := 0
	plus := false
	for i := 0; i < len(raw); i++ {
		switch c := raw[i]; {
		case c >= '0' && c <= '9':
			if n == len(digits) {
				return "", false
			}
			digits[n] = c
			n++
		case c == '+' && i == 0:
			plus = true
		case c == ' ' || c == '(' || c == ')' || c == '-' || c == '.':
		default:
			return "", false
		}
	}
	d := digits[:n]
	switch {
	case n == 11 && d[0] == '1':
		d = d[1:]
	case n == 10 && !plus:
	default:
		return "", false
	}
	if d[0] < '2' || d[3] < '2' {
		return "", false
	}
	var national uint64
	for _, c := range d {
		national = national*10 + uint64(c-'0')
	}
	cc := int32(1)
	num := &phonenumbers.PhoneNumber{CountryCode: &cc, NationalNumber: &national}
	// The US is the first region of +1, so a number valid there is what
	// IsValidNumber would find, at half the cost; others go to Parse.
	if !phonenumbers.IsValidNumberForRegion(num, "US") {
		return "", false
	}
	return "+1" + string(d), true
}

// Find returns the first valid phone number written inside text, as E.164,
// and the text it was written as; ok is false when there is none.
func Find(text, region string) (e164, written string, ok bool) {
	for i := 0; i < len(text); i++ {
		c := text[i]
		if c != '+' && c != '(' && (c < '0' || c > '9') {
			continue
		}
		j := i
		digits := 0
		for j < len(text) && strings.IndexByte("+0123456789 ()-.", text[j]) >= 0 {
			if text[j] >= '0' && text[j] <= '9' {
				digits++
			}
			j++
		}
		if digits >= 7 && digits <= 15 {
			candidate := strings.TrimRight(text[i:j], " -.(")
			if n, err := Normalize(candidate, region); err == nil {
				return n, candidate, true
			}
		}
		if j > i {
			i = j - 1
		}
	}
	return "", "", false
}

// Mask hides the middle of a phone number for logs: +1617***4567.
func Mask(e164 string) string {
	if len(e164) <= 8 {
		return strings.Repeat("*", len(e164))
	}
	return e164[:5] + "***" + e164[len(e164)-4:]
}

// MaskAny hides, for logs, what was offered as a phone number but may not
// be one (6175550199, whatsapp:+1..., a name): every letter and digit but
// the last two of a long one becomes *, anything but ASCII punctuation ?,
// and it is cut to 24 characters.
func MaskAny(raw string) string {
	const keep, max = 2, 24
	alnum := 0
	for _, r := range raw {
		if isAlnum(r) {
			alnum++
		}
	}
	var b strings.Builder
	seen, n := 0, 0
	for _, r := range raw {
		if n == max {
			b.WriteString("…")
			break
		}
		switch {
		case isAlnum(r):
			seen++
			if alnum >= 6 && seen > alnum-keep {
				b.WriteRune(r)
			} else {
				b.WriteByte('*')
			}
		case r > ' ' && r < 0x7f:
			b.WriteRune(r)
		default:
			b.WriteByte('?')
		}
		n++
	}
	return b.String()
}

func isAlnum(r rune) bool {
	return r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z'
}
