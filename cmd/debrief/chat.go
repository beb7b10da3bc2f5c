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
	"github.com/debrief-sms/debrief/internal/inbox"
	"github.com/debrief-sms/debrief/internal/phone"
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
	ib := inbox.New(st, inbox.Options{Now: time.Now, DefaultLocation: cfg.Location})

	fmt.Fprintf(out, "Texting Debrief as %s (database %s). Type a text and press Enter; Ctrl-D to quit.\n",
		from, databaseKind(cfg.DatabaseURL))
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
		if optedOut {
			fmt.Fprintln(out, replyPrefix+"(no reply: you opted out)")
		}
		for _, r := range replies {
			fmt.Fprintln(out, replyPrefix+strings.ReplaceAll(r, "\n", "\n"+strings.Repeat(" ", len(replyPrefix))))
		}
	}
	if err := lines.Err(); err != nil && !errors.Is(err, io.EOF) {
		return fmt.Errorf("chat: read input: %w", err)
	}
	return nil
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
