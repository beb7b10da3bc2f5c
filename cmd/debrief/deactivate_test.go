package main

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/debrief-sms/debrief/internal/clocktest"
	"github.com/debrief-sms/debrief/internal/store"
	"github.com/debrief-sms/debrief/internal/store/storetest"
)

// TestUsersDeactivate deactivates an organizer from the command line, on
// each database, as the people page does: signed out, off their team,
// then active again; a second time says so and changes nothing.
func TestUsersDeactivate(t *testing.T) {
	t.Parallel()
	storetest.EachOf(t, backends, func(t *testing.T, b storetest.Backend) {
		e := env{"DATABASE_URL": b.NewURL(t), "DEFAULT_TIMEZONE": "America/New_York"}
		mustRun(t, e, "users", "add", "--phone", "+16175550101", "--name", "Olga Ruiz", "--role", "organizer", "--team", "Eastside")
		mustRun(t, e, "teams", "add", "--name", "Eastside", "--organizer", "+16175550101")
		var token string
		withTestStore(t, e, func(st *store.Store) {
			var err error
			if token, err = st.NewSession(context.Background(), 1, clocktest.Start()); err != nil {
				t.Fatal(err)
			}
		})

		want := "deactivated Olga Ruiz (+1617***0101): their web sessions are ended and their organizer texts cancelled\n" +
			"they no longer organize Eastside (debrief teams set-organizer names another)\n" +
			"their own texts are still answered; only STOP stops them\n"
		if got := mustRun(t, e, "users", "deactivate", "(617) 555-0101"); got != want {
			t.Errorf("users deactivate:\ngot  %q\nwant %q", got, want)
		}
		withTestStore(t, e, func(st *store.Store) {
			ctx := context.Background()
			if _, err := st.Session(ctx, token, clocktest.Start()); !errors.Is(err, store.ErrNoSession) {
				t.Errorf("Olga's session after deactivate: %v", err)
			}
			if p, err := st.Person(ctx, 1); err != nil || p.DeactivatedAt == nil || len(p.Organizes) != 0 {
				t.Errorf("Olga after deactivate: %+v, %v", p, err)
			}
		})
		if got := mustRun(t, e, "users", "deactivate", "+16175550101"); !strings.HasPrefix(got, "Olga Ruiz (+1617***0101) is deactivated already, since ") {
			t.Errorf("users deactivate twice: %q", got)
		}

		want = "reactivated Olga Ruiz (+1617***0101): they may sign in again; they organize no team until named (debrief teams set-organizer)\n"
		if got := mustRun(t, e, "users", "reactivate", "6175550101"); got != want {
			t.Errorf("users reactivate:\ngot  %q\nwant %q", got, want)
		}
		withTestStore(t, e, func(st *store.Store) {
			if p, err := st.Person(context.Background(), 1); err != nil || p.DeactivatedAt != nil || len(p.Organizes) != 0 {
				t.Errorf("Olga after reactivate: %+v, %v", p, err)
			}
		})
		if got := mustRun(t, e, "users", "reactivate", "+16175550101"); got != "Olga Ruiz (+1617***0101) is active already\n" {
			t.Errorf("users reactivate twice: %q", got)
		}
	})
}

// TestUsersDeactivateErrors: a number nobody has and one that is no
// number fail with a message saying so, not a usage error, and change
// nothing.
func TestUsersDeactivateErrors(t *testing.T) {
	t.Parallel()
	e := sqliteEnv(t, nil)
	mustRun(t, e, "users", "add", "--phone", "+16175550101", "--name", "Olga", "--role", "organizer")
	for _, tc := range []struct {
		name string
		args []string
		want []string
	}{
		{"unknown number", []string{"users", "deactivate", "617-555-0199"},
			[]string{"users deactivate: +1617***0199 is not signed up", "debrief users add"}},
		{"unknown number, reactivate", []string{"users", "reactivate", "+16175550199"},
			[]string{"users reactivate: +1617***0199 is not signed up"}},
		{"not a number", []string{"users", "deactivate", "555-01"}, []string{`users deactivate: phone "555-01"`, "not a valid phone number"}},
		{"letters", []string{"users", "reactivate", "Olga"}, []string{`users reactivate: phone "Olga"`, "not a valid phone number"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out, _, err := runCmd(t, e, tc.args...)
			if err == nil {
				t.Fatalf("succeeded, printing %q", out)
			}
			if errors.Is(err, errUsage) {
				t.Errorf("error %q is a usage error; want one naming the bad input", err)
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not say %q", err, w)
				}
			}
			if strings.Contains(err.Error(), "+16175550199") {
				t.Errorf("error %q shows the whole number", err)
			}
		})
	}
	withTestStore(t, e, func(st *store.Store) {
		if p, err := st.Person(context.Background(), 1); err != nil || p.DeactivatedAt != nil {
			t.Errorf("Olga after failed commands: %+v, %v", p, err)
		}
	})
}
