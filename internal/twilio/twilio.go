// Package twilio is Debrief's adapter to Twilio: it checks the
// X-Twilio-Signature of inbound webhooks, parses their form into a
// debrief.Inbound and writes TwiML answers. It is the only package that
// imports twilio-go; it decides nothing about the conversation and stores
// nothing.
package twilio
