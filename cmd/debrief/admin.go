package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/debrief-sms/debrief"
	"github.com/debrief-sms/debrief/internal/phone"
	"github.com/debrief-sms/debrief/internal/store"
)

// phoneRegion reads numbers typed without a country code.
const phoneRegion = "US"

// dueLayout is how due times are shown, in the recipient's zone.
const dueLayout = "Mon Jan 2 15:04 MST"

// listLimit is how many follow-ups `debrief followups` shows at most.
const listLimit = 1000

// newUser is what `debrief users add` was given.
type newUser struct {
	Phone, Name, Role, Team, Language, TimeZone string
}

// addUser checks u and stores the person, their team created if need be.
func addUser(ctx context.Context, st *store.Store, u newUser, out io.Writer) error {
	v, err := u.volunteer()
	if err != nil {
		return fmt.Errorf("users add: %w", err)
	}
	switch _, err := st.Volunteer(ctx, v.Phone); {
	case err == nil:
		return fmt.Errorf("users add: %s is already signed up", phone.Mask(v.Phone))
	case !errors.Is(err, store.ErrNoVolunteer):
		return fmt.Errorf("users add: %w", err)
	}
	added, err := st.AddVolunteer(ctx, v)
	if err != nil {
		return fmt.Errorf("users add: %w", err)
	}
	team := "no team"
	if added.TeamName != "" {
		team = "team " + added.TeamName
	}
	fmt.Fprintf(out, "added %s %s (%s), %s, language %s, time zone %s, id %d\n",
		added.Role, added.Name, phone.Mask(added.Phone), team, added.Language, added.TimeZone, added.ID)
	return nil
}

// setRole gives the person signed up with the phone typed a new role,
// which ends their web sessions: what they may see changed.
func setRole(ctx context.Context, st *store.Store, typed, role string, out io.Writer) error {
	number, err := normalizePhone("--phone", typed)
	if err != nil {
		return fmt.Errorf("users set-role: %w", err)
	}
	r := debrief.Role(strings.ToLower(strings.TrimSpace(role)))
	switch r {
	case debrief.RoleVolunteer, debrief.RoleOrganizer, debrief.RoleCoordinator:
	default:
		return fmt.Errorf("users set-role: --role %q: want volunteer, organizer or coordinator", role)
	}
	v, err := st.Volunteer(ctx, number)
	if err != nil {
		return fmt.Errorf("users set-role: %w", err)
	}
	if err := st.SetRole(ctx, v.ID, r); err != nil {
		return fmt.Errorf("users set-role: %w", err)
	}
	fmt.Fprintf(out, "%s (%s) is now %s; their web sessions are ended\n", v.Name, phone.Mask(v.Phone), r)
	return nil
}

// volunteer checks what was typed and turns it into a volunteer to add;
// empty language and time zone get the store's defaults.
func (u newUser) volunteer() (debrief.Volunteer, error) {
	var errs []error
	number, err := normalizePhone("--phone", u.Phone)
	if err != nil {
		errs = append(errs, err)
	}
	name := strings.TrimSpace(u.Name)
	if name == "" {
		errs = append(errs, errors.New("--name is required"))
	}
	role := debrief.Role(strings.ToLower(strings.TrimSpace(u.Role)))
	switch role {
	case debrief.RoleVolunteer, debrief.RoleOrganizer, debrief.RoleCoordinator:
	case "":
		errs = append(errs, errors.New("--role is required: volunteer, organizer or coordinator"))
	default:
		errs = append(errs, fmt.Errorf("--role %q: want volunteer, organizer or coordinator", u.Role))
	}
	lang := debrief.Language(strings.ToLower(strings.TrimSpace(u.Language)))
	switch lang {
	case "", debrief.English, debrief.Spanish:
	default:
		errs = append(errs, fmt.Errorf("--language %q: want en or es", u.Language))
	}
	tz := strings.TrimSpace(u.TimeZone)
	if tz != "" {
		if _, err := time.LoadLocation(tz); err != nil {
			errs = append(errs, fmt.Errorf("--timezone %q: want an IANA name such as America/Chicago", u.TimeZone))
		}
	}
	if err := errors.Join(errs...); err != nil {
		return debrief.Volunteer{}, err
	}
	return debrief.Volunteer{Phone: number, Name: name, Role: role, TeamName: strings.TrimSpace(u.Team),
		Language: lang, TimeZone: tz}, nil
}

// addTeam creates the team called name unless one exists in any case, and
// makes organizerPhone, when given, its organizer. The organizer must be
// signed up already; nothing is created when they are not.
func addTeam(ctx context.Context, st *store.Store, name, organizerPhone string, out io.Writer) error {
	name = strings.TrimSpace(name)
	if name == "" {
		return errors.New("teams add: --name is required")
	}
	var org debrief.Volunteer
	if organizerPhone != "" {
		o, err := findOrganizer(ctx, st, organizerPhone)
		if err != nil {
			return fmt.Errorf("teams add: %w", err)
		}
		org = o
	}
	existing, err := findTeam(ctx, st, name)
	if err != nil && !errors.Is(err, errNoTeam) {
		return fmt.Errorf("teams add: %w", err)
	}
	team, err := st.CreateTeam(ctx, name)
	if err != nil {
		return fmt.Errorf("teams add: %w", err)
	}
	if existing.ID != 0 {
		fmt.Fprintf(out, "team %s exists\n", team.Name)
	} else {
		fmt.Fprintf(out, "added team %s\n", team.Name)
	}
	if org.ID == 0 {
		return nil
	}
	return setOrganizer(ctx, st, team, org, out)
}

// setTeamOrganizer makes organizerPhone the organizer of the existing team
// called name.
func setTeamOrganizer(ctx context.Context, st *store.Store, name, organizerPhone string, out io.Writer) error {
	var errs []error
	if strings.TrimSpace(name) == "" {
		errs = append(errs, errors.New("--name is required"))
	}
	if organizerPhone == "" {
		errs = append(errs, errors.New("--organizer is required"))
	}
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("teams set-organizer: %w", err)
	}
	team, err := findTeam(ctx, st, name)
	if err != nil {
		return fmt.Errorf("teams set-organizer: %w", err)
	}
	org, err := findOrganizer(ctx, st, organizerPhone)
	if err != nil {
		return fmt.Errorf("teams set-organizer: %w", err)
	}
	return setOrganizer(ctx, st, team, org, out)
}

func setOrganizer(ctx context.Context, st *store.Store, team debrief.Team, org debrief.Volunteer, out io.Writer) error {
	if err := st.SetTeamOrganizer(ctx, team.ID, org.ID); err != nil {
		return fmt.Errorf("set organizer: %w", err)
	}
	fmt.Fprintf(out, "%s (%s) organizes team %s\n", org.Name, phone.Mask(org.Phone), team.Name)
	return nil
}

// errNoTeam reports a team name no team has.
var errNoTeam = errors.New("no such team")

// findTeam returns the team called name, in any case.
func findTeam(ctx context.Context, st *store.Store, name string) (debrief.Team, error) {
	name = strings.TrimSpace(name)
	teams, err := st.Teams(ctx)
	if err != nil {
		return debrief.Team{}, err
	}
	for _, t := range teams {
		if strings.EqualFold(t.Name, name) {
			return t, nil
		}
	}
	return debrief.Team{}, fmt.Errorf("team %q: %w (create it with debrief teams add --name)", name, errNoTeam)
}

// findOrganizer returns the person signed up with the phone typed.
func findOrganizer(ctx context.Context, st *store.Store, typed string) (debrief.Volunteer, error) {
	number, err := normalizePhone("--organizer", typed)
	if err != nil {
		return debrief.Volunteer{}, err
	}
	v, err := st.Volunteer(ctx, number)
	if errors.Is(err, store.ErrNoVolunteer) {
		return debrief.Volunteer{}, fmt.Errorf("--organizer %s is not signed up (add them with debrief users add --role organizer)",
			phone.Mask(number))
	}
	return v, err
}

// normalizePhone reads a phone number typed for flag as E.164.
func normalizePhone(flag, typed string) (string, error) {
	if strings.TrimSpace(typed) == "" {
		return "", fmt.Errorf("%s is required", flag)
	}
	n, err := phone.Normalize(typed, phoneRegion)
	if errors.Is(err, phone.ErrInvalid) {
		// The parser's own reason adds nothing an operator can act on.
		return "", fmt.Errorf("%s %q: %w", flag, typed, phone.ErrInvalid)
	}
	if err != nil {
		return "", fmt.Errorf("%s %q: %w", flag, typed, err)
	}
	return n, nil
}

// followupQuery is what `debrief followups` was asked for.
type followupQuery struct {
	Team, Volunteer, Status string
}

// statuses are the follow-up statuses --status accepts.
var statuses = []store.FollowupStatus{
	store.StatusPending, store.StatusSending, store.StatusSent, store.StatusDelivered,
	store.StatusFailed, store.StatusDone, store.StatusCancelled, store.StatusOverdue,
}

// filter checks q and turns it into the store's filter.
func (q followupQuery) filter() (store.FollowupFilter, error) {
	f := store.FollowupFilter{Team: strings.TrimSpace(q.Team), Limit: listLimit}
	if q.Volunteer != "" {
		n, err := normalizePhone("--volunteer", q.Volunteer)
		if err != nil {
			return f, err
		}
		f.VolunteerPhone = n
	}
	if q.Status != "" {
		s := store.FollowupStatus(strings.ToLower(strings.TrimSpace(q.Status)))
		known := false
		for _, k := range statuses {
			known = known || k == s
		}
		if !known {
			names := make([]string, len(statuses))
			for i, k := range statuses {
				names[i] = string(k)
			}
			return f, fmt.Errorf("--status %q: want one of %s", q.Status, strings.Join(names, ", "))
		}
		f.Status = s
	}
	return f, nil
}

// listFollowups writes the follow-ups q selects, one a line, in aligned
// columns, due times in each recipient's zone.
func listFollowups(ctx context.Context, st *store.Store, defaultLoc *time.Location, q followupQuery, out, stderr io.Writer) error {
	f, err := q.filter()
	if err != nil {
		return fmt.Errorf("followups: %w", err)
	}
	ls, err := st.Followups(ctx, f)
	if err != nil {
		return fmt.Errorf("followups: %w", err)
	}
	if len(ls) == 0 {
		fmt.Fprintln(out, "no follow-ups")
		return nil
	}
	zones := newZones(st, defaultLoc)
	tw := tabwriter.NewWriter(out, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tPERSON MET\tVOLUNTEER\tKIND\tDUE\tSTATUS\tERROR")
	for _, l := range ls {
		loc, err := zones.of(ctx, l.Phone)
		if err != nil {
			return fmt.Errorf("followups: %w", err)
		}
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%s\t%s\n", l.ID, orDash(l.PersonName), phone.Mask(l.Phone), l.Kind,
			l.DueAt.In(loc).Format(dueLayout), l.Status, failure(l))
	}
	if err := tw.Flush(); err != nil {
		return fmt.Errorf("followups: %w", err)
	}
	if len(ls) == listLimit {
		fmt.Fprintf(stderr, "showing the first %d; narrow with --team, --volunteer or --status\n", listLimit)
	}
	return nil
}

// failure says why a follow-up's last try failed or why it was cancelled:
// Twilio's error code, then its message, on one line; "-" when nothing
// went wrong. The message is Twilio's or ours, never a text's body.
func failure(l store.FollowupListing) string {
	msg := strings.Join(strings.Fields(l.LastError), " ")
	switch {
	case l.ErrorCode != 0 && msg != "":
		return fmt.Sprintf("%d %s", l.ErrorCode, msg)
	case l.ErrorCode != 0:
		return strconv.Itoa(l.ErrorCode)
	}
	return orDash(msg)
}

func orDash(s string) string {
	if strings.TrimSpace(s) == "" {
		return "-"
	}
	return s
}

// zones finds recipients' time zones, once per phone.
type zones struct {
	st   *store.Store
	def  *time.Location
	seen map[string]*time.Location
}

func newZones(st *store.Store, def *time.Location) *zones {
	return &zones{st: st, def: def, seen: map[string]*time.Location{}}
}

// of returns the zone of the person with the E.164 phone, the default zone
// when theirs is empty or unknown.
func (z *zones) of(ctx context.Context, e164 string) (*time.Location, error) {
	if loc, ok := z.seen[e164]; ok {
		return loc, nil
	}
	v, err := z.st.Volunteer(ctx, e164)
	if err != nil {
		return nil, err
	}
	loc, err := time.LoadLocation(v.TimeZone)
	if err != nil || v.TimeZone == "" {
		loc = z.def
	}
	z.seen[e164] = loc
	return loc, nil
}
