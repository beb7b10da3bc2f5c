package debrief

import (
	"errors"
	"time"
)

// Sent is what a text provider answered to an accepted text, or lists of
// one it holds.
type Sent struct {
	SID      string // the provider's id of the text (Twilio: SM…)
	Status   string // queued, accepted, sent...
	Segments int    // billed segments; 0 until the provider knows
	// To, Body and Created (the provider's clock, to the second) are set
	// when the provider lists what it sent.
	To      string
	Body    string
	Created time.Time
}

// Classes of send failure, declared once for every provider: a provider's
// error matches one of them with errors.Is (Twilio's SendError does); an
// error that matches none fails the text for good.
var (
	// ErrOptedOut: the recipient replied STOP (Twilio 21610). Never
	// retried; the person is opted out.
	ErrOptedOut = errors.New("recipient opted out")
	// ErrBadNumber: not a valid or not a mobile number (Twilio 21211,
	// 21614). The number is marked bad and the organizer told.
	ErrBadNumber = errors.New("recipient number cannot receive texts")
	// ErrTemporary: worth trying again later (Twilio 20429, HTTP 429 and
	// 5xx, a request that never left).
	ErrTemporary = errors.New("temporary send failure")
	// ErrUnknown: the request left and no answer came back (a timeout, a
	// connection lost): the provider may have accepted the text. Look it
	// up before any new try; never count it as a failure.
	ErrUnknown = errors.New("send outcome unknown")
)

// CodedError is a send failure that carries the provider's error code
// (Twilio's 21610, say), for the records and the organizer's digest.
type CodedError interface {
	error
	ErrorCode() int
}
