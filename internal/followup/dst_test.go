package followup

import (
	"testing"
	"time"

	"github.com/debrief-sms/debrief"
)

// US daylight saving in the weeks these tests use: spring forward on
// Sunday 2027-03-14 (2:00 -> 3:00), fall back on Sunday 2026-11-01
// (2:00 -> 1:00). Europe changes on 2027-03-28, Sydney falls back on
// 2027-04-04.

func TestDigestDue(t *testing.T) {
	t.Parallel()
	ny := mustLoc(t, "America/New_York")
	london := mustLoc(t, "Europe/London")
	sydney := mustLoc(t, "Australia/Sydney")
	phoenix := mustLoc(t, "America/Phoenix")
	tokyo := mustLoc(t, "Asia/Tokyo")
	kolkata := mustLoc(t, "Asia/Kolkata")
	r := DefaultRules()
	tests := []struct {
		name string
		now  time.Time
		loc  *time.Location
		want time.Time // in loc
	}{
		{"Tuesday: next Monday", time.Date(2026, 11, 24, 12, 0, 0, 0, ny), ny, time.Date(2026, 11, 30, 9, 0, 0, 0, ny)},
		{"Monday before FOLLOWUP_AT: today", time.Date(2026, 11, 30, 8, 59, 0, 0, ny), ny, time.Date(2026, 11, 30, 9, 0, 0, 0, ny)},
		{"Monday at FOLLOWUP_AT: today", time.Date(2026, 11, 30, 9, 0, 0, 0, ny), ny, time.Date(2026, 11, 30, 9, 0, 0, 0, ny)},
		{"Monday after FOLLOWUP_AT: a week later", time.Date(2026, 11, 30, 9, 1, 0, 0, ny), ny, time.Date(2026, 12, 7, 9, 0, 0, 0, ny)},
		{"Sunday night: tomorrow", time.Date(2026, 11, 29, 23, 59, 0, 0, ny), ny, time.Date(2026, 11, 30, 9, 0, 0, 0, ny)},

		// Spring forward: the Monday after the change is 9:00 EDT, 167 h
		// after the Monday before it.
		{"spring-forward week, Monday before FOLLOWUP_AT", time.Date(2027, 3, 8, 8, 0, 0, 0, ny), ny, time.Date(2027, 3, 8, 9, 0, 0, 0, ny)},
		{"spring-forward week, Monday after FOLLOWUP_AT", time.Date(2027, 3, 8, 9, 30, 0, 0, ny), ny, time.Date(2027, 3, 15, 9, 0, 0, 0, ny)},
		{"spring-forward Sunday, in the gap", time.Date(2027, 3, 14, 7, 30, 0, 0, time.UTC), ny, time.Date(2027, 3, 15, 9, 0, 0, 0, ny)},
		{"Monday after spring forward, before FOLLOWUP_AT", time.Date(2027, 3, 15, 8, 59, 0, 0, ny), ny, time.Date(2027, 3, 15, 9, 0, 0, 0, ny)},
		{"Monday after spring forward, after FOLLOWUP_AT", time.Date(2027, 3, 15, 9, 1, 0, 0, ny), ny, time.Date(2027, 3, 22, 9, 0, 0, 0, ny)},

		// Fall back: the Monday after the change is 9:00 EST, 169 h after
		// the Monday before it.
		{"fall-back week, Monday after FOLLOWUP_AT", time.Date(2026, 10, 26, 9, 30, 0, 0, ny), ny, time.Date(2026, 11, 2, 9, 0, 0, 0, ny)},
		{"fall-back Sunday, repeated hour", time.Date(2026, 11, 1, 6, 30, 0, 0, time.UTC), ny, time.Date(2026, 11, 2, 9, 0, 0, 0, ny)},
		{"fall-back Sunday, second 1:30", time.Date(2026, 11, 1, 5, 30, 0, 0, time.UTC).Add(time.Hour), ny, time.Date(2026, 11, 2, 9, 0, 0, 0, ny)},
		{"Monday after fall back, before FOLLOWUP_AT", time.Date(2026, 11, 2, 8, 59, 0, 0, ny), ny, time.Date(2026, 11, 2, 9, 0, 0, 0, ny)},
		{"Monday after fall back, after FOLLOWUP_AT", time.Date(2026, 11, 2, 9, 1, 0, 0, ny), ny, time.Date(2026, 11, 9, 9, 0, 0, 0, ny)},

		// The organizer's zone decides the day, not UTC's.
		{"Monday in UTC, Sunday in New York", time.Date(2026, 11, 30, 3, 0, 0, 0, time.UTC), ny, time.Date(2026, 11, 30, 9, 0, 0, 0, ny)},
		{"Sunday in UTC, Monday morning in Tokyo", time.Date(2026, 11, 29, 20, 0, 0, 0, time.UTC), tokyo, time.Date(2026, 11, 30, 9, 0, 0, 0, tokyo)},
		{"Monday noon in Tokyo is past it", time.Date(2026, 11, 30, 3, 0, 0, 0, time.UTC), tokyo, time.Date(2026, 12, 7, 9, 0, 0, 0, tokyo)},
		{"half-hour offset", time.Date(2026, 11, 30, 3, 0, 0, 0, time.UTC), kolkata, time.Date(2026, 11, 30, 9, 0, 0, 0, kolkata)},
		{"London across its spring forward", time.Date(2027, 3, 22, 10, 0, 0, 0, london), london, time.Date(2027, 3, 29, 9, 0, 0, 0, london)},
		{"Sydney across its fall back", time.Date(2027, 3, 29, 10, 0, 0, 0, sydney), sydney, time.Date(2027, 4, 5, 9, 0, 0, 0, sydney)},
		{"Phoenix keeps MST through the US change", time.Date(2027, 3, 8, 10, 0, 0, 0, phoenix), phoenix, time.Date(2027, 3, 15, 16, 0, 0, 0, time.UTC)},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			due, monday := r.DigestDue(tc.now, tc.loc)
			if !due.Equal(tc.want) {
				t.Errorf("DigestDue(%s) = %s, want %s", tc.now.In(tc.loc), due.In(tc.loc), tc.want.In(tc.loc))
			}
			if local := due.In(tc.loc); local.Weekday() != time.Monday || Clock(local.Hour()*60+local.Minute()) != r.At {
				t.Errorf("due %s is not Monday at %s in %s", local, r.At, tc.loc)
			}
			if due.Before(tc.now) {
				t.Errorf("due %s before now %s", due, tc.now)
			}
			y, m, d := tc.want.In(tc.loc).Date()
			if want := time.Date(y, m, d, 0, 0, 0, 0, time.UTC); !monday.Equal(want) || monday.Location() != time.UTC {
				t.Errorf("monday = %s, want %s", monday, want)
			}
		})
	}
}

// TestDigestDueWeeks follows one organizer's digests week by week across
// both changes: each falls at 9:00 local, so the gaps are 168 h but for
// the two weeks that lose or gain an hour.
func TestDigestDueWeeks(t *testing.T) {
	t.Parallel()
	ny := mustLoc(t, "America/New_York")
	r := DefaultRules()
	for _, tc := range []struct {
		name  string
		start time.Time
		gaps  []time.Duration
	}{
		{"spring forward", time.Date(2027, 3, 1, 9, 0, 0, 0, ny), []time.Duration{168 * time.Hour, 167 * time.Hour, 168 * time.Hour}},
		{"fall back", time.Date(2026, 10, 19, 9, 0, 0, 0, ny), []time.Duration{168 * time.Hour, 169 * time.Hour, 168 * time.Hour}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			prev, _ := r.DigestDue(tc.start, ny)
			if !prev.Equal(tc.start) {
				t.Fatalf("first digest %s, want %s", prev, tc.start)
			}
			for i, gap := range tc.gaps {
				// Sent a minute late, as a scheduler polling would.
				next, _ := r.DigestDue(prev.Add(time.Minute), ny)
				if got := next.Sub(prev); got != gap {
					t.Errorf("week %d: %s after the last digest (%s), want %s", i+1, got, next.In(ny), gap)
				}
				prev = next
			}
		})
	}
}

func TestDigestWeek(t *testing.T) {
	t.Parallel()
	ny := mustLoc(t, "America/New_York")
	tokyo := mustLoc(t, "Asia/Tokyo")
	sydney := mustLoc(t, "Australia/Sydney")
	day := func(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }
	tests := []struct {
		name     string
		monday   time.Time
		loc      *time.Location
		from, to time.Time
		span     time.Duration
	}{
		{"ordinary week", day(2026, 11, 30), ny, time.Date(2026, 11, 23, 0, 0, 0, 0, ny), time.Date(2026, 11, 30, 0, 0, 0, 0, ny), 168 * time.Hour},
		{"week that springs forward", day(2027, 3, 15), ny, time.Date(2027, 3, 8, 0, 0, 0, 0, ny), time.Date(2027, 3, 15, 0, 0, 0, 0, ny), 167 * time.Hour},
		{"week that falls back", day(2026, 11, 2), ny, time.Date(2026, 10, 26, 0, 0, 0, 0, ny), time.Date(2026, 11, 2, 0, 0, 0, 0, ny), 169 * time.Hour},
		{"east of UTC: midnight in Tokyo", day(2026, 11, 30), tokyo, time.Date(2026, 11, 23, 0, 0, 0, 0, tokyo), time.Date(2026, 11, 30, 0, 0, 0, 0, tokyo), 168 * time.Hour},
		{"southern fall back", day(2027, 4, 5), sydney, time.Date(2027, 3, 29, 0, 0, 0, 0, sydney), time.Date(2027, 4, 5, 0, 0, 0, 0, sydney), 169 * time.Hour},
		{"across a month and year", day(2027, 1, 4), ny, time.Date(2026, 12, 28, 0, 0, 0, 0, ny), time.Date(2027, 1, 4, 0, 0, 0, 0, ny), 168 * time.Hour},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			from, to := DigestWeek(tc.monday, tc.loc)
			if !from.Equal(tc.from) || !to.Equal(tc.to) {
				t.Errorf("DigestWeek = [%s, %s), want [%s, %s)", from, to, tc.from, tc.to)
			}
			if got := to.Sub(from); got != tc.span {
				t.Errorf("week spans %s, want %s", got, tc.span)
			}
		})
	}
}

// TestDigestDueAndWeekAgree checks that the week DigestDue names ends
// where the digest is sent, in every zone, DST weeks included: a digest
// never covers days after it or misses the day before.
func TestDigestDueAndWeekAgree(t *testing.T) {
	t.Parallel()
	r := DefaultRules()
	for _, name := range []string{"America/New_York", "America/Los_Angeles", "America/Phoenix", "Pacific/Honolulu", "Europe/London", "Asia/Tokyo", "Australia/Sydney", "Pacific/Chatham"} {
		loc := mustLoc(t, name)
		for now := time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC); now.Before(time.Date(2027, 4, 30, 0, 0, 0, 0, time.UTC)); now = now.Add(7 * time.Hour) {
			due, monday := r.DigestDue(now, loc)
			_, to := DigestWeek(monday, loc)
			if y, m, d := due.In(loc).Date(); !to.Equal(time.Date(y, m, d, 0, 0, 0, 0, loc)) {
				t.Fatalf("%s at %s: digest due %s covers a week ending %s", name, now, due.In(loc), to)
			}
			if due.Before(now) || due.Sub(now) > 7*24*time.Hour+time.Hour {
				t.Fatalf("%s at %s: digest due %s", name, now, due.In(loc))
			}
		}
	}
}

// TestForReportAcrossZones covers schedules that TestForReport leaves out:
// reminders across daylight-saving changes and in zones far from the
// server's.
func TestForReportAcrossZones(t *testing.T) {
	t.Parallel()
	ny := mustLoc(t, "America/New_York")
	phoenix := mustLoc(t, "America/Phoenix")
	sydney := mustLoc(t, "Australia/Sydney")
	kolkata := mustLoc(t, "Asia/Kolkata")
	honolulu := mustLoc(t, "Pacific/Honolulu")
	no, yes := false, true
	date := func(y int, m time.Month, d int, loc *time.Location) *time.Time {
		t := time.Date(y, m, d, 0, 0, 0, 0, loc)
		return &t
	}
	at := func(y int, m time.Month, d, h, min int, loc *time.Location) *time.Time {
		t := time.Date(y, m, d, h, min, 0, 0, loc)
		return &t
	}
	noQuiet := DefaultRules()
	noQuiet.Quiet = QuietHours{}
	tests := []struct {
		name      string
		rules     Rules
		rep       debrief.Report
		completed time.Time
		loc       *time.Location
		want      []Planned
	}{
		{
			name:      "thank-you due the night before spring forward waits for 9:00 EDT",
			rules:     DefaultRules(),
			rep:       debrief.Report{Thanked: &no, NextContactAt: date(2027, 3, 16, ny)},
			completed: time.Date(2027, 3, 13, 19, 0, 0, 0, ny),
			loc:       ny,
			want: []Planned{
				{Thanks, time.Date(2027, 3, 14, 9, 0, 0, 0, ny)},
				{NextStep, time.Date(2027, 3, 16, 9, 0, 0, 0, ny)},
			},
		},
		{
			name:      "thank-you delay is elapsed time across the repeated hour",
			rules:     noQuiet,
			rep:       debrief.Report{Thanked: &no, NextContactAt: date(2026, 11, 3, ny)},
			completed: time.Date(2026, 11, 1, 0, 30, 0, 0, ny),
			loc:       ny,
			want: []Planned{
				{Thanks, time.Date(2026, 11, 1, 6, 30, 0, 0, time.UTC)}, // the second 1:30, EST
				{NextStep, time.Date(2026, 11, 3, 9, 0, 0, 0, ny)},
			},
		},
		{
			name:      "date across fall back keeps 9:00 local",
			rules:     DefaultRules(),
			rep:       debrief.Report{Thanked: &yes, NextContactAt: date(2026, 11, 2, ny)},
			completed: time.Date(2026, 10, 30, 10, 0, 0, 0, ny),
			loc:       ny,
			want:      []Planned{{NextStep, time.Date(2026, 11, 2, 14, 0, 0, 0, time.UTC)}},
		},
		{
			name:      "no date: a week of elapsed time across spring forward",
			rules:     DefaultRules(),
			rep:       debrief.Report{Thanked: &yes},
			completed: time.Date(2027, 3, 10, 12, 0, 0, 0, ny),
			loc:       ny,
			want:      []Planned{{NextStep, time.Date(2027, 3, 17, 13, 0, 0, 0, ny)}},
		},
		{
			name:      "no date landing in quiet hours after fall back",
			rules:     DefaultRules(),
			rep:       debrief.Report{Thanked: &yes},
			completed: time.Date(2026, 10, 28, 9, 30, 0, 0, ny),
			loc:       ny,
			want:      []Planned{{NextStep, time.Date(2026, 11, 4, 9, 0, 0, 0, ny)}}, // 8:30 EST waits
		},
		{
			name:      "Phoenix keeps 9:00 MST while New York springs forward",
			rules:     DefaultRules(),
			rep:       debrief.Report{Thanked: &yes, NextContactAt: date(2027, 3, 15, phoenix)},
			completed: time.Date(2027, 3, 12, 10, 0, 0, 0, phoenix),
			loc:       phoenix,
			want:      []Planned{{NextStep, time.Date(2027, 3, 15, 16, 0, 0, 0, time.UTC)}},
		},
		{
			name:      "Sydney across its fall back",
			rules:     DefaultRules(),
			rep:       debrief.Report{Thanked: &no, NextContactAt: date(2027, 4, 5, sydney)},
			completed: time.Date(2027, 4, 2, 19, 30, 0, 0, sydney),
			loc:       sydney,
			want: []Planned{
				{Thanks, time.Date(2027, 4, 3, 9, 0, 0, 0, sydney)},
				{NextStep, time.Date(2027, 4, 4, 23, 0, 0, 0, time.UTC)}, // 9:00 AEST
			},
		},
		{
			name:      "half-hour zone",
			rules:     DefaultRules(),
			rep:       debrief.Report{Thanked: &yes, NextContactAt: at(2026, 12, 1, 18, 45, kolkata), NextContactHasTime: true},
			completed: time.Date(2026, 11, 24, 12, 0, 0, 0, kolkata),
			loc:       kolkata,
			want:      []Planned{{NextStep, time.Date(2026, 12, 1, 13, 15, 0, 0, time.UTC)}},
		},
		{
			name:      "Honolulu evening is New York's night, and counts as day",
			rules:     DefaultRules(),
			rep:       debrief.Report{Thanked: &no, NextContactAt: date(2026, 11, 26, honolulu)},
			completed: time.Date(2026, 11, 24, 17, 0, 0, 0, honolulu),
			loc:       honolulu,
			want: []Planned{
				{Thanks, time.Date(2026, 11, 24, 19, 0, 0, 0, honolulu)},
				{NextStep, time.Date(2026, 11, 26, 9, 0, 0, 0, honolulu)},
			},
		},
		{
			name:      "big commitment tells the organizer at once",
			rules:     DefaultRules(),
			rep:       debrief.Report{Thanked: &yes, Commitment: debrief.CommitHouseParty, NextContactAt: date(2026, 11, 26, ny)},
			completed: time.Date(2026, 11, 24, 22, 0, 0, 0, ny),
			loc:       ny,
			want: []Planned{
				{NextStep, time.Date(2026, 11, 26, 9, 0, 0, 0, ny)},
				{OrganizerCommitment, time.Date(2026, 11, 24, 22, 0, 0, 0, ny)},
			},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got := tc.rules.ForReport(tc.rep, tc.completed, tc.loc)
			if len(got) != len(tc.want) {
				t.Fatalf("got %v, want %v", got, tc.want)
			}
			for i := range got {
				if got[i].Kind != tc.want[i].Kind || !got[i].DueAt.Equal(tc.want[i].DueAt) {
					t.Errorf("[%d] got %s at %s, want %s at %s", i, got[i].Kind, got[i].DueAt.In(tc.loc), tc.want[i].Kind, tc.want[i].DueAt.In(tc.loc))
				}
			}
		})
	}
}

func TestLaterAndNudgeAcrossDST(t *testing.T) {
	t.Parallel()
	ny := mustLoc(t, "America/New_York")
	la := mustLoc(t, "America/Los_Angeles")
	r := DefaultRules()
	tests := []struct {
		name string
		got  time.Time
		want time.Time
	}{
		{"LATER before spring forward: same wall time tomorrow", r.Later(time.Date(2027, 3, 13, 10, 15, 0, 0, ny), ny), time.Date(2027, 3, 14, 10, 15, 0, 0, ny)},
		{"LATER before fall back: same wall time tomorrow", r.Later(time.Date(2026, 10, 31, 10, 15, 0, 0, ny), ny), time.Date(2026, 11, 1, 10, 15, 0, 0, ny)},
		{"LATER at night waits for the morning after", r.Later(time.Date(2026, 11, 24, 22, 0, 0, 0, ny), ny), time.Date(2026, 11, 26, 9, 0, 0, 0, ny)},
		{"LATER in the recipient's zone: 19:00 in LA is day", r.Later(time.Date(2026, 11, 25, 3, 0, 0, 0, time.UTC), la), time.Date(2026, 11, 25, 19, 0, 0, 0, la)},
		{"LATER in the recipient's zone: 21:00 in New York is night", r.Later(time.Date(2026, 11, 25, 2, 0, 0, 0, time.UTC), ny), time.Date(2026, 11, 26, 9, 0, 0, 0, ny)},
		{"nudge is 72 h of elapsed time across spring forward", r.NudgeDue(time.Date(2027, 3, 11, 10, 0, 0, 0, ny), ny), time.Date(2027, 3, 14, 11, 0, 0, 0, ny)},
		{"nudge across fall back", r.NudgeDue(time.Date(2026, 10, 29, 10, 0, 0, 0, ny), ny), time.Date(2026, 11, 1, 9, 0, 0, 0, ny)},
		{"overdue check ignores quiet hours", r.OverdueDue(time.Date(2026, 11, 24, 21, 0, 0, 0, ny)), time.Date(2026, 11, 27, 21, 0, 0, 0, ny)},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			if !tc.got.Equal(tc.want) {
				t.Errorf("got %s, want %s", tc.got.In(ny), tc.want.In(ny))
			}
		})
	}
}

// TestReminderTimeInSpringGap: a FOLLOWUP_AT that does not exist on the
// spring-forward day (2:30) still reminds on the agreed day, within an
// hour of it. Which side of the gap is up to time.Date, which does not
// promise one; today it is 1:30 EST.
func TestReminderTimeInSpringGap(t *testing.T) {
	t.Parallel()
	ny := mustLoc(t, "America/New_York")
	r := DefaultRules()
	r.Quiet = QuietHours{}
	r.At = 2*60 + 30
	agreed := time.Date(2027, 3, 14, 0, 0, 0, 0, ny)
	got := r.ForReport(debrief.Report{NextContactAt: &agreed}, time.Date(2027, 3, 12, 10, 0, 0, 0, ny), ny)
	if len(got) != 1 || got[0].Kind != NextStep {
		t.Fatalf("got %v", got)
	}
	local := got[0].DueAt.In(ny)
	if y, m, d := local.Date(); y != 2027 || m != 3 || d != 14 {
		t.Fatalf("reminder on %s, want 2027-03-14", local)
	}
	if gap := time.Date(2027, 3, 14, 7, 30, 0, 0, time.UTC); got[0].DueAt.Sub(gap).Abs() > time.Hour {
		t.Fatalf("reminder at %s, more than an hour from 2:30", local)
	}
}
