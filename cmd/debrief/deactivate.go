package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/debrief-sms/debrief"
	"github.com/debrief-sms/debrief/internal/phone"
	"github.com/debrief-sms/debrief/internal/store"
)

// phoneArg reads the one argument of `debrief users deactivate PHONE` and
// `users reactivate PHONE`: a missing or extra one is a usage error.
func phoneArg(verb string, args []string) (typed string, err error) {
	switch {
	case len(args) == 0 || strings.HasPrefix(args[0], "-"):
		return "", usageErrorf("users %s needs the person's phone number", verb)
	case len(args) > 1:
		return "", usageErrorf("users %s: unexpected %q after the phone number", verb, args[1])
	}
	return args[0], nil
}

// findPerson returns the person signed up with the phone typed, for the
// command cmd, or an error an operator can act on.
func findPerson(ctx context.Context, st *store.Store, cmd, typed string) (debrief.Volunteer, error) {
	number, err := normalizePhone("phone", typed)
	if err != nil {
		return debrief.Volunteer{}, fmt.Errorf("%s: %w", cmd, err)
	}
	v, err := st.Volunteer(ctx, number)
	if errors.Is(err, store.ErrNoVolunteer) {
		return debrief.Volunteer{}, fmt.Errorf("%s: %s is not signed up (debrief users add signs a person up)", cmd, phone.Mask(number))
	}
	if err != nil {
		return debrief.Volunteer{}, fmt.Errorf("%s: %w", cmd, err)
	}
	return v, nil
}

// deactivateUser deactivates the person signed up with the phone typed, at
// the instant now, as the people page's button does (store.SetDeactivated):
// their web sessions end, they organize no team and their pending
// organizer texts are cancelled. Their own texts are still answered.
func deactivateUser(ctx context.Context, st *store.Store, typed string, now time.Time, out io.Writer) error {
	const cmd = "users deactivate"
	v, err := findPerson(ctx, st, cmd, typed)
	if err != nil {
		return err
	}
	who := fmt.Sprintf("%s (%s)", orDash(v.Name), phone.Mask(v.Phone))
	if v.DeactivatedAt != nil {
		fmt.Fprintf(out, "%s is deactivated already, since %s\n", who, v.DeactivatedAt.UTC().Format(time.DateOnly))
		return nil
	}
	organized, err := organizedTeams(ctx, st, v.ID)
	if err != nil {
		return fmt.Errorf("%s: %w", cmd, err)
	}
	if err := st.SetDeactivated(ctx, v.ID, true, now); err != nil {
		return fmt.Errorf("%s: %w", cmd, err)
	}
	fmt.Fprintf(out, "deactivated %s: their web sessions are ended and their organizer texts cancelled\n", who)
	if len(organized) > 0 {
		fmt.Fprintf(out, "they no longer organize %s (debrief teams set-organizer names another)\n", strings.Join(organized, ", "))
	}
	fmt.Fprintln(out, "their own texts are still answered; only STOP stops them")
	return nil
}

// reactivateUser makes the person signed up with the phone typed active
// again: they may sign in; they organize no team until named again.
func reactivateUser(ctx context.Context, st *store.Store, typed string, now time.Time, out io.Writer) error {
	const cmd = "users reactivate"
	v, err := findPerson(ctx, st, cmd, typed)
	if err != nil {
		return err
	}
	who := fmt.Sprintf("%s (%s)", orDash(v.Name), phone.Mask(v.Phone))
	if v.DeactivatedAt == nil {
		fmt.Fprintf(out, "%s is active already\n", who)
		return nil
	}
	if err := st.SetDeactivated(ctx, v.ID, false, now); err != nil {
		return fmt.Errorf("%s: %w", cmd, err)
	}
	fmt.Fprintf(out, "reactivated %s: they may sign in again; they organize no team until named (debrief teams set-organizer)\n", who)
	return nil
}

// organizedTeams are the names of the teams the person organizes.
func organizedTeams(ctx context.Context, st *store.Store, id int64) ([]string, error) {
	p, err := st.Person(ctx, id)
	if err != nil || len(p.Organizes) == 0 {
		return nil, err
	}
	teams, err := st.Teams(ctx)
	if err != nil {
		return nil, err
	}
	names := map[int64]string{}
	for _, t := range teams {
		names[t.ID] = t.Name
	}
	out := make([]string, len(p.Organizes))
	for i, id := range p.Organizes {
		out[i] = names[id]
	}
	return out, nil
}
