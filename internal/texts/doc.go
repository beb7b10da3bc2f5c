// Package texts holds the texts Debrief sends by SMS: the catalog of templates
// in each language (templates/messages), the slots they insert and the
// bounds that keep each text to one GSM-7 segment, the rendering of
// scheduled follow-ups and sign-in codes, and GSM-7 and segment counting.
//
// Both the conversation and the scheduler render their texts here, so
// that there is one source of each. It performs no I/O (the templates are
// embedded) and knows nothing of the conversation's state: callers pass
// the values a text names.
package texts
