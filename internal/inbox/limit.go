package inbox

import (
	"context"
	"fmt"
	"time"

	"github.com/debrief-sms/debrief"
	"github.com/debrief-sms/debrief/internal/conversation"
	"github.com/debrief-sms/debrief/internal/phone"
	"github.com/debrief-sms/debrief/internal/store"
)

// LimitWindow is the window the inbound limit counts a phone's texts in.
const LimitWindow = time.Minute

// Limits is the storage the inbound limit needs; *store.Store implements
// it. LoadRecent is Load with the phone's texts in the window, counted in
// the texts every instance stores, so instances sharing a database share
// the count. SaveLimited stores a text over the limit, unstepped, and
// returns store.ErrConflict when the conversation's version changed.
type Limits interface {
	LoadRecent(ctx context.Context, phone, messageSID string, since time.Time, max int) (store.Loaded, error)
	SaveLimited(ctx context.Context, in debrief.Inbound, volunteerID, version int64, since time.Time, pause string) ([]string, error)
}

// limit contains a runaway phone (an auto-responder answering every reply,
// a stuck phone): a text that finds max texts or more from its phone in
// the last LimitWindow is stored unstepped, marked limited, and answered
// with the pause text if it is the first such text in the window, else
// with nothing. Replies resume once the phone sends fewer than max texts
// in a window. An opt-out or opt-in is stepped whatever the count.
//
// It costs no statement of its own on the hot path. Load's query counts
// the phone's texts in the window; a phone's next text, stepped from the
// state its last one was saved with, is counted from the times this
// process saw (those Load counted taken as arriving at the load, which can
// only count too many): under max, it is stepped, and if another instance
// stored a text of the phone meanwhile, Save's version check sends it back
// to Load (SaveLimited bumps the version too). Only a phone near the limit
// is counted in the database again, through Load.
type limit struct {
	store Limits
	max   int // texts a phone may send in a window; 0 is no limit
}

func (l limit) on() bool { return l.max > 0 && l.store != nil }

// busy reports whether recent, the times known of a phone's texts, may
// hold max or more in the window before at: only the database can tell.
func (l limit) busy(recent []time.Time, at time.Time) bool {
	return l.on() && inWindow(recent, at) >= l.max
}

// over reports whether a text that finds texts of its phone in its window
// goes unstepped.
func (l limit) over(texts int, in debrief.Inbound) bool {
	return l.on() && texts >= l.max && !conversation.Honored(in.Body)
}

// refuse stores a text over the limit and returns its replies: the pause
// text for the first in the window, unless the phone opted out.
func (l limit) refuse(ctx context.Context, in debrief.Inbound, st conversation.State) ([]string, error) {
	pause := ""
	if !st.Volunteer.OptedOut {
		pause = conversation.PauseText(st.Volunteer.Language)
	}
	replies, err := l.store.SaveLimited(ctx, in, st.Volunteer.ID, st.Version, in.ReceivedAt.Add(-LimitWindow), pause)
	if err != nil {
		return nil, fmt.Errorf("handle text from %s over the limit: %w", phone.Mask(in.From), err)
	}
	return replies, nil
}

// seen returns the times to keep for a phone after its text at at: those
// still in the window, and at, at most max+1 of them, the newest.
func (l limit) seen(recent []time.Time, at time.Time) []time.Time {
	if !l.on() {
		return nil
	}
	kept := make([]time.Time, 0, min(len(recent)+1, l.max+1))
	for _, t := range recent {
		if t.After(at.Add(-LimitWindow)) {
			kept = append(kept, t)
		}
	}
	kept = append(kept, at)
	if len(kept) > l.max+1 {
		kept = kept[len(kept)-l.max-1:]
	}
	return kept
}

// loaded stands for the n texts Load counted, as if they arrived at at.
func loaded(n int, at time.Time) []time.Time {
	out := make([]time.Time, n)
	for i := range out {
		out[i] = at
	}
	return out
}

func inWindow(recent []time.Time, at time.Time) int {
	n := 0
	for _, t := range recent {
		if t.After(at.Add(-LimitWindow)) {
			n++
		}
	}
	return n
}
