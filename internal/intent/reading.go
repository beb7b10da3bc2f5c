package intent

// reading is a text as the lexicon reads it.
type reading struct {
	words   []string
	items   []tag // one per phrase read, 0 for a word the lexicon does not know
	all     tag   // the union of items
	unknown int   // words the lexicon does not know: names, places, a report's words
	own     int   // words known but foreign to a reply: "stop" in "stop the pipeline", "she"
	long    bool  // more than maxWords words or maxBytes bytes: not a reply
}

// Bounds on a reply. YesNo is asked a question and may hear a longer
// answer ("yes I thanked Cora for meeting with me at the cafe"); Done and
// Later read replies to a reminder, where anything longer or with more
// words of its own is more likely a new report.
const (
	maxYesNoWords   = 12
	maxYesNoUnknown = 4
	maxReplyWords   = 10
	maxReplyOwn     = 2 // words unknown to the lexicon, words for stopping, someone else as a subject
)

// clauseWords start a new clause, as a comma does.
var clauseWords = map[string]bool{"and": true, "but": true, "then": true, "y": true, "pero": true}

// read folds text and tags its words, the longest phrase first at each
// word. After someone else as a subject ("she", "they", "ella"), deeds,
// negations and times to come are theirs and read as nothing, up to the
// end of the clause. A text that is one letter reads as the letter's answer: "y" and
// "s" yes, "n" no (as words they are Spanish "and", or nothing).
func read(text string) reading {
	ws, clauses, long := words(text)
	r := reading{words: ws, long: long, items: make([]tag, 0, len(ws))}
	if len(ws) == 1 {
		switch ws[0] {
		case "y", "s":
			r.add(tYes)
			return r
		case "n":
			r.add(tNo)
			return r
		}
	}
	theirs := false // in a clause whose subject is someone else
	for i := 0; i < len(ws); {
		if clauses&(1<<i) != 0 || clauseWords[ws[i]] {
			theirs = false
		}
		n := 1
		var t tag
		for _, e := range lexicon[ws[i]] {
			if hasPrefix(ws[i:], e.words) {
				n, t = len(e.words), e.tags
				break
			}
		}
		if theirs {
			// What someone else did or will do is not the volunteer's:
			// "she texted me already", "she hasn't replied".
			t &^= tDid | tYa | tNo | tYet | tLater | tWillDo
		}
		theirs = theirs || t&tThird != 0
		switch {
		case t == 0:
			r.unknown++
		case t&tThird != 0, t&tStop != 0 && t&tFill == 0:
			r.own++
		}
		r.add(t)
		i += n
	}
	return r
}

func (r *reading) add(t tag) {
	r.items = append(r.items, t)
	r.all |= t
}

func (r reading) has(t tag) bool { return r.all&t != 0 }

// every reports whether each item carries one of the tags in t.
func (r reading) every(t tag) bool {
	for _, it := range r.items {
		if it&t == 0 {
			return false
		}
	}
	return len(r.items) > 0
}

// reply reports whether the text is short enough, and its own enough, to
// be a reply to a reminder rather than a new report or a question. A word
// for stopping counts as a word of its own, for a reply that is not an
// opt-out has no business with one ("we need to stop the pipeline"), and
// so does someone else as a subject ("she wants to meet again").
func (r reading) reply() bool {
	return !r.long && len(r.words) > 0 && len(r.words) <= maxReplyWords &&
		r.unknown+r.own <= maxReplyOwn && !r.has(tAsk)
}

// willDo reports a text that is "will do" and acknowledgements only
// ("ok will do", "will do, thanks!").
func (r reading) willDo() bool {
	return r.has(tWillDo) && r.every(tWillDo|tAck|tYes)
}
