// Package intent reads what a volunteer's short text means: a yes or a
// no, a wish to stop being texted, a reminder done or put off, numbered
// choices. It reads English and Spanish as people type them on a phone:
// any case, accents or none, typos of doubled letters ("yesss", "siii"),
// punctuation and emoji around the words.
//
// Every reading is word-based. A text is folded into words, the words are
// matched against a small lexicon of phrases, the longest first, each
// phrase carrying tags (a yes, a negation, a deed done, a time to come, a
// word for stopping...), and each function decides from the tags it
// finds; the rules are in each function's documentation. Long texts are
// new reports, not replies, and read as nothing. No regular expression
// runs, and a text costs one pass and a map look-up a word.
//
// It performs no I/O and reads no clock; it holds no state beyond its
// read-only tables, so every function is safe for concurrent use.
//
// Callers that ask more than one question of a text should ask OptOut
// first: Done and Later are false for an opt-out, and YesNo does not look
// for one.
package intent
