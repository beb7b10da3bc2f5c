package main

import (
	"bufio"
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strings"
	"time"

	"github.com/debrief-sms/debrief"
	"github.com/debrief-sms/debrief/internal/followup"
	"github.com/debrief-sms/debrief/internal/inbox"
	"github.com/debrief-sms/debrief/internal/phone"
	"github.com/debrief-sms/debrief/internal/store"
)

// defaultChatPhone is a fictional number, so a first chat never collides
// with a real volunteer.
const defaultChatPhone = "+15555550100"

const (
	replyPrefix = "debrief> "
	chatTo      = "+15550000000" // the Debrief number, as Twilio would send it
)

// e164 matches a number already written in E.164, for fictional numbers
// that libphonenumber rightly calls invalid.
var e164 = regexp.MustCompile(`^\+[1-9][0-9]{7,14}$`)

// chat runs the inbox of `serve` on the same database, with lines of in as
// texts from number and the replies written to out.
func chat(ctx context.Context, cfg Config, number string, in io.Reader, out io.Writer) error {
	from, err := chatPhone(number)
	if err != nil {
		return err
	}
	st, err := openStore(ctx, cfg)
	if err != nil {
		return err
	}
	defer st.Close()
	ib := inbox.New(st, inbox.Options{Now: time.Now, DefaultLocation: cfg.Location, FollowUps: &cfg.Rules})

	fmt.Fprintf(out, "Texting Debrief as %s (database %s). Type a text and press Enter; Ctrl-D to quit.\n",
		from, databaseKind(cfg.DatabaseURL))
	sched := newScheduled(st, from, cfg.Location)
	if err := sched.since(ctx, io.Discard); err != nil {
		return fmt.Errorf("chat: %w", err)
	}
	session := rand.Text()[:8]
	lines := bufio.NewScanner(in)
	for n := 1; lines.Scan(); n++ {
		msg := debrief.Inbound{
			SID:  fmt.Sprintf("SMchat%s%06d", session, n),
			From: from,
			To:   chatTo,
			Body: lines.Text(),
		}
		replies, optedOut, err := ib.Handle(ctx, msg)
		if err != nil {
			return fmt.Errorf("chat: %w", err)
		}
		switch {
		case optedOut && len(replies) == 0:
			fmt.Fprintln(out, replyPrefix+"(no reply: you opted out)")
		case len(replies) == 0:
			fmt.Fprintln(out, replyPrefix+"(no reply: opted out; START rejoins)")
		}
		for _, r := range replies {
			fmt.Fprintln(out, replyPrefix+strings.ReplaceAll(r, "\n", "\n"+strings.Repeat(" ", len(replyPrefix))))
		}
		if err := sched.since(ctx, out); err != nil {
			return fmt.Errorf("chat: %w", err)
		}
	}
	if err := lines.Err(); err != nil && !errors.Is(err, io.EOF) {
		return fmt.Errorf("chat: read input: %w", err)
	}
	return nil
}

// scheduled tells the chat what its texts scheduled: follow-ups for or
// about the chat's phone that are new, or pending at a new time, since it
// last looked.
type scheduled struct {
	st    *store.Store
	phone string
	zones *zones
	seen  map[int64]time.Time // due time by follow-up
}

func newScheduled(st *store.Store, phone string, def *time.Location) *scheduled {
	return &scheduled{st: st, phone: phone, zones: newZones(st, def), seen: map[int64]time.Time{}}
}

// scheduledPrefix starts the line that lists what a text scheduled.
const scheduledPrefix = "scheduled: "

// since writes one line naming the follow-ups scheduled since the last
// call, with their due times in the recipient's zone, if there are any.
func (s *scheduled) since(ctx context.Context, out io.Writer) error {
	ls, err := s.st.Followups(ctx, store.FollowupFilter{VolunteerPhone: s.phone})
	if err != nil {
		return err
	}
	var parts []string
	for _, l := range ls {
		prev, known := s.seen[l.ID]
		s.seen[l.ID] = l.DueAt
		if l.Status != store.StatusPending || (known && prev.Equal(l.DueAt)) {
			continue
		}
		loc, err := s.zones.of(ctx, l.Phone)
		if err != nil {
			return err
		}
		parts = append(parts, kindLabel(l.Kind)+" "+l.DueAt.In(loc).Format(dueLayout))
	}
	if len(parts) > 0 {
		fmt.Fprintln(out, scheduledPrefix+strings.Join(parts, "; "))
	}
	return nil
}

// kindLabel names a follow-up kind for the chat.
func kindLabel(k followup.Kind) string {
	switch k {
	case followup.Thanks:
		return "thanks reminder"
	case followup.NextStep:
		return "next step"
	case followup.Nudge:
		return "second nudge"
	case followup.OrganizerCommitment:
		return "text to your organizer"
	default:
		return strings.ReplaceAll(string(k), "_", " ")
	}
}

// chatPhone returns number as E.164.
func chatPhone(number string) (string, error) {
	if e164.MatchString(number) {
		return number, nil
	}
	n, err := phone.Normalize(number, "US")
	if err != nil {
		return "", fmt.Errorf("chat: --phone %q: %w", number, err)
	}
	return n, nil
}
