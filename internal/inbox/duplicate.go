package inbox

import (
	"context"
	"sync/atomic"
)

// A text Twilio delivered twice is answered like the first time, with the
// replies stored for it, so Handle's results do not tell it apart. The edge
// that counts texts asks for it with WatchDuplicate.

type duplicateKey struct{}

// WatchDuplicate returns a context for Handle and a function that reports,
// once Handle has returned, whether the text had been handled before.
func WatchDuplicate(ctx context.Context) (context.Context, func() bool) {
	var seen atomic.Bool
	return context.WithValue(ctx, duplicateKey{}, &seen), seen.Load
}

// noteDuplicate tells the caller's WatchDuplicate, if any, that the text
// was handled before.
func noteDuplicate(ctx context.Context) {
	if seen, ok := ctx.Value(duplicateKey{}).(*atomic.Bool); ok {
		seen.Store(true)
	}
}
