package main

import (
	"context"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/debrief-sms/debrief/internal/store"
)

// statsQuery is what `debrief stats` was asked for.
type statsQuery struct {
	Team, Month string
}

// filter checks q and turns it into the store's filter: the month typed
// (YYYY-MM), or now's, in loc.
func (q statsQuery) filter(ctx context.Context, st *store.Store, loc *time.Location, now time.Time) (store.FollowThroughFilter, error) {
	f := store.FollowThroughFilter{Location: loc}
	month := strings.TrimSpace(q.Month)
	if month == "" {
		n := now.In(loc)
		f.Year, f.Month = n.Year(), n.Month()
	} else {
		m, err := time.Parse("2006-01", month)
		if err != nil {
			return f, fmt.Errorf("--month %q: want a month such as 2026-11", q.Month)
		}
		f.Year, f.Month = m.Year(), m.Month()
	}
	if q.Team != "" {
		t, err := findTeam(ctx, st, q.Team)
		if err != nil {
			return f, fmt.Errorf("--team: %w", err)
		}
		f.TeamIDs = []int64{t.ID}
	}
	return f, nil
}

// printStats writes the follow-through of each team in the month, one
// line a team, then the total; the shares are of the reports.
func printStats(ctx context.Context, st *store.Store, loc *time.Location, q statsQuery, now time.Time, out io.Writer) error {
	f, err := q.filter(ctx, st, loc, now)
	if err != nil {
		return fmt.Errorf("stats: %w", err)
	}
	fts, err := st.FollowThroughs(ctx, f)
	if err != nil {
		return fmt.Errorf("stats: %w", err)
	}
	fmt.Fprintf(out, "1:1 follow-through, %s %d (%s)\n", f.Month, f.Year, loc)
	if len(fts) == 0 {
		fmt.Fprintln(out, "no 1:1 planned or reported")
		return nil
	}
	tw := tabwriter.NewWriter(out, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "TEAM\tPLANNED\tREPORTED\tWITHIN 24H\tTHANKED\tNEXT STEP DONE\tOVERDUE")
	var all store.FollowThrough
	row := func(name string, ft store.FollowThrough) {
		share := func(n int) string {
			if ft.Reported == 0 {
				return "-"
			}
			return fmt.Sprintf("%d (%d%%)", n, (200*n+ft.Reported)/(2*ft.Reported))
		}
		fmt.Fprintf(tw, "%s\t%d\t%d\t%s\t%s\t%s\t%s\n", name, ft.Planned, ft.Reported,
			share(ft.Within24h), share(ft.Thanked), share(ft.NextStepDone), share(ft.Overdue))
	}
	for _, ft := range fts {
		name := ft.Team
		if ft.TeamID == 0 {
			name = "(no team)"
		}
		row(name, ft)
		all.Planned += ft.Planned
		all.Reported += ft.Reported
		all.Within24h += ft.Within24h
		all.Thanked += ft.Thanked
		all.NextStepDone += ft.NextStepDone
		all.Overdue += ft.Overdue
	}
	if len(fts) > 1 {
		row("all", all)
	}
	return tw.Flush()
}
