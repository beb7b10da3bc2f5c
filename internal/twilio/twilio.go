// Package twilio is Debrief's adapter to Twilio: it checks the
// X-Twilio-Signature of inbound webhooks, parses their form into a
// debrief.Inbound (refusing what Twilio would not send, a From as E.164),
// writes TwiML answers, sends texts through the Messages REST API (Sender,
// the scheduler's Sender as it is) and lists what was sent to a number
// (SentTo), classes Twilio's errors into debrief's send-failure classes
// (SendError matches debrief.ErrOptedOut, ErrBadNumber, ErrTemporary,
// ErrUnknown) and parses status callbacks (ParseStatus). It is
// the only package that imports twilio-go; it decides nothing about the
// conversation or follow-ups and stores nothing.
package twilio
