package intent

import (
	"slices"
	"unicode"
)

// maxChoiceBytes bounds a text read as choices: a list of a few numbers.
const maxChoiceBytes = 80

// choiceWords may stand between numbered choices: joining words, words
// naming an option, and articles ("la 2 y la 3"). Any other word means the
// text is not a list of choices.
var choiceWords = map[string]bool{
	"and": true, "n": true, "or": true, "plus": true, "also": true, "y": true, "e": true, "o": true, "u": true,
	"tambien": true, "option": true, "options": true, "opt": true, "choice": true, "choices": true,
	"number": true, "numbers": true, "num": true, "nums": true, "opcion": true, "opciones": true,
	"numero": true, "numeros": true, "la": true, "las": true, "el": true, "los": true,
}

// numberWords are numbers written out, read as the digits would be.
var numberWords = map[string]int{
	"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
	"uno": 1, "una": 1, "dos": 2, "tres": 3, "cuatro": 4, "cinco": 5, "seis": 6, "siete": 7, "ocho": 8,
	"nueve": 9, "diez": 10,
}

// bigNumber stands for any number too long to read: out of range.
const bigNumber = 1 << 20

// Choices reads numbered choices from 1..n: "2", "2 and 3", "2 y 3",
// "1, 3", "2&3", "2 3", "#2", "options 1 and 2", "dos y tres". nums are
// the choices in increasing order, each once.
//
// ok is false, and nums nil, when the text is not only numbers (in
// digits, or one to ten and uno to diez in words) and what may stand
// between them: and, or, y, o, u, e, n, plus, also, también; option(s),
// opción(es), choice(s), number(s), número(s); la, las, el, los; spaces,
// emoji and , & + / ; # . ! ? ( ) *. A number written like a decimal
// ("1.5") or a time ("2:30"), a dash ("1-3") or any other word ("2
// people", "3 pls") makes it not choices. When every part is a number but
// one is out of 1..n, ok is false and outOfRange true, so the caller can
// say which numbers to use; a text of more than 80 bytes is not choices.
func Choices(text string, n int) (nums []int, outOfRange, ok bool) {
	if len(text) > maxChoiceBytes {
		return nil, false, false
	}
	num := -1 // the number being read, -1 when none is
	var word []byte
	afterDot := false // the last rune was a '.' right after a digit
	endNumber := func() {
		if num >= 0 {
			nums = append(nums, num)
			num = -1
		}
	}
	endWord := func() bool {
		if len(word) == 0 {
			return true
		}
		// Indexing with string(word) itself does not allocate.
		v, isNum := numberWords[string(word)]
		isChoice := isNum || choiceWords[string(word)]
		word = word[:0]
		if isNum {
			nums = append(nums, v)
		}
		return isChoice
	}
	for _, r := range text {
		dot := false
		switch c := foldRune(r); {
		case c >= '0' && c <= '9':
			if afterDot || !endWord() {
				return nil, false, false
			}
			if num < 0 {
				num = 0
			}
			if num < bigNumber {
				num = num*10 + int(c-'0')
			}
		case c >= 'a' && c <= 'z':
			endNumber()
			word = append(word, c)
		case c == '_':
			return nil, false, false
		case c == 0 || r >= 0x80 && !unicode.IsLetter(r):
			// emoji, a keycap or a variation selector: between words
			endNumber()
			if !endWord() {
				return nil, false, false
			}
		case isChoiceMark(r):
			dot = r == '.' && num >= 0
			endNumber()
			if !endWord() {
				return nil, false, false
			}
		default:
			return nil, false, false
		}
		afterDot = dot
	}
	endNumber()
	if !endWord() || len(nums) == 0 {
		return nil, false, false
	}
	for _, v := range nums {
		if v < 1 || v > n {
			return nil, true, false
		}
	}
	slices.Sort(nums)
	return slices.Compact(nums), false, true
}

// isChoiceMark reports an ASCII mark that may stand between choices.
func isChoiceMark(r rune) bool {
	switch r {
	case ' ', '\t', '\n', '\r', ',', '&', '+', '/', ';', '#', '.', '!', '?', '(', ')', '*':
		return true
	}
	return false
}
