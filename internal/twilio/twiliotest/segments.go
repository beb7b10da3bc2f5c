package twiliotest

import (
	"strings"
	"unicode/utf16"
)

// SMS segment sizes: a text that fits one segment, and each part of a
// split text, whose header takes the difference.
const (
	gsmSingle = 160 // GSM-7 septets
	gsmMulti  = 153
	ucsSingle = 70 // UCS-2 code units
	ucsMulti  = 67
)

// gsmBasic is the GSM 03.38 basic character set; each takes one septet.
// gsmExtension characters take two (an escape and the character).
const (
	gsmBasic = "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?" +
		"¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
	gsmExtension = "\f^{}\\[~]|€"
)

// Segments returns how many SMS segments Twilio bills for body: GSM-7 when
// every character is in that alphabet (160 septets, 153 per part when
// split), UCS-2 otherwise (70 code units, 67 per part; an emoji takes two).
func Segments(body string) int {
	if septets, ok := gsmSeptets(body); ok {
		return parts(septets, gsmSingle, gsmMulti)
	}
	return parts(len(utf16.Encode([]rune(body))), ucsSingle, ucsMulti)
}

func parts(n, single, multi int) int {
	if n <= single {
		return 1
	}
	return (n + multi - 1) / multi
}

// gsmSeptets returns the septets body takes in GSM-7, ok false when some
// character is not in GSM-7.
func gsmSeptets(body string) (n int, ok bool) {
	for _, r := range body {
		switch {
		case strings.ContainsRune(gsmBasic, r):
			n++
		case strings.ContainsRune(gsmExtension, r):
			n += 2
		default:
			return 0, false
		}
	}
	return n, true
}
