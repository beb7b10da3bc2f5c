package inbox

import (
	"context"
	"sync/atomic"
)

// A text Twilio delivered twice is answered like the first time, with the
// replies stored for it, and a text over the inbound limit is answered with
// the pause text or nothing, so Handle's results tell neither apart from an
// ordinary answer. The edge that counts and logs texts asks with Watch.

// Seen is what Handle noticed about a text besides its replies.
type Seen struct {
	Duplicate bool // its MessageSid was handled before: answered as then
	Limited   bool // over the inbound limit: stored unstepped
}

type watchKey struct{}

type watched struct{ duplicate, limited atomic.Bool }

// Watch returns a context for Handle and a function that reports, once
// Handle has returned, what it saw of the text.
func Watch(ctx context.Context) (context.Context, func() Seen) {
	w := new(watched)
	return context.WithValue(ctx, watchKey{}, w), func() Seen {
		return Seen{Duplicate: w.duplicate.Load(), Limited: w.limited.Load()}
	}
}

// noteDuplicate tells the caller's Watch, if any, that the text was handled
// before.
func noteDuplicate(ctx context.Context) {
	if w, ok := ctx.Value(watchKey{}).(*watched); ok {
		w.duplicate.Store(true)
	}
}

// noteLimited tells the caller's Watch, if any, that the text was over the
// inbound limit.
func noteLimited(ctx context.Context) {
	if w, ok := ctx.Value(watchKey{}).(*watched); ok {
		w.limited.Store(true)
	}
}
