package scheduler

import "github.com/debrief-sms/debrief/internal/followup"

// Observer is told how each send ended, for metrics; cmd/debrief gives the
// scheduler one that counts. The workers call it concurrently, so it must
// be safe for that, and cheap: it is called on the send path.
type Observer interface {
	// Sent: the provider accepted a follow-up of this kind.
	Sent(kind followup.Kind)
	// SendFailed: the provider refused it or did not answer; code is the
	// provider's error code, 0 when it gave none (a network error).
	SendFailed(kind followup.Kind, code int)
}

// noObserver is the Observer of a scheduler given none.
type noObserver struct{}

func (noObserver) Sent(followup.Kind)            {}
func (noObserver) SendFailed(followup.Kind, int) {}
