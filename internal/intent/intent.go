// Package intent reads what a volunteer's short text means: a yes or a
// no, a wish to stop being texted, a reminder done or put off, numbered
// choices. It reads English and Spanish as people type them on a phone:
// any case, accents or none, typos of doubled letters ("yesss", "siii"),
// punctuation and emoji around the words.
//
// Every reading is word-based. A text is folded into words (see words),
// the words are matched against a small lexicon of phrases, each carrying
// tags (see tag), and each function decides from the tags it finds. Long
// texts are new reports, not replies, and read as nothing. No regular
// expression runs and a text costs one pass.
//
// It performs no I/O and reads no clock; it holds no state beyond its
// read-only tables, so every function is safe for concurrent use.
//
// Callers that ask more than one question of a text should ask OptOut
// first: Done and Later are false for an opt-out, and YesNo does not look
// for one.
package intent
