package main

import (
	"encoding/csv"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/debrief-sms/debrief/internal/clocktest"
	"github.com/debrief-sms/debrief/internal/store"
	"github.com/debrief-sms/debrief/internal/store/storetest"
)

// TestExportOut exports, on each database, the reports of a team in the
// days around one, to a file, and to stdout.
func TestExportOut(t *testing.T) {
	t.Parallel()
	storetest.EachOf(t, backends, func(t *testing.T, b storetest.Backend) {
		e := env{"DATABASE_URL": b.NewURL(t), "DEFAULT_TIMEZONE": "America/New_York"}
		mustRun(t, e, "users", "add", "--phone", "+16175550101", "--name", "Ana Ruiz", "--role", "volunteer", "--team", "Riverside Moms")
		mustRun(t, e, "users", "add", "--phone", "+16175550102", "--name", "Bo Chen", "--role", "volunteer", "--team", "Eastside")
		at := clocktest.Start()
		withTestStore(t, e, func(st *store.Store) {
			fileReport(t, st, "+16175550101", at)
			fileReport(t, st, "+16175550102", at)
		})
		day := at.In(clocktest.NewYork)
		from, to := day.AddDate(0, 0, -1).Format("2006-01-02"), day.Format("2006-01-02")

		out := filepath.Join(t.TempDir(), "nationbuilder.csv")
		_, stderr, err := runCmd(t, e, "export", "--from", from, "--to", to, "--team", "riverside moms", "--out", out)
		if err != nil {
			t.Fatalf("debrief export: %v\n%s", err, stderr)
		}
		if stderr != "exported 1 report to "+out+"\n" {
			t.Errorf("stderr = %q", stderr)
		}
		f, err := os.Open(out)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		rows, err := csv.NewReader(f).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		if len(rows) != 2 {
			t.Fatalf("%d rows, want a header and Ana's report: %q", len(rows), rows)
		}
		if got := strings.Join(rows[0][:8], ","); got != "first_name,last_name,email,mobile_number,mobile_opt_in,tag_list,note,external_id" {
			t.Errorf("header starts %s", got)
		}
		row := rows[1]
		wantTags := "1:1,1:1 " + day.Format("2006-01") + ",commitment: house party,team: Riverside Moms"
		if row[0] != "Maria" || row[5] != wantTags || !strings.HasPrefix(row[6], "1:1 reported by Ana Ruiz (Riverside Moms) on ") {
			t.Errorf("row = %q", row)
		}
		if entries, _ := os.ReadDir(filepath.Dir(out)); len(entries) != 1 {
			t.Errorf("the export left %d files, want 1", len(entries))
		}

		// Both reports on stdout, the day after them excluded.
		stdout := mustRun(t, e, "export", "--to", to)
		if n := strings.Count(stdout, "\n1:1 reported by") + strings.Count(stdout, ",\"1:1 reported by"); n != 2 {
			t.Errorf("stdout holds %d reports, want 2:\n%s", n, stdout)
		}
		if stdout := mustRun(t, e, "export", "--from", day.AddDate(0, 0, 1).Format("2006-01-02")); strings.Count(stdout, "\n") != 1 {
			t.Errorf("the day after: %q, want the header alone", stdout)
		}
	})
}

// TestExportErrors checks that a mistyped filter says what to type and
// writes no file.
func TestExportErrors(t *testing.T) {
	t.Parallel()
	e := sqliteEnv(t, nil)
	out := filepath.Join(t.TempDir(), "x.csv")
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"--from", "11/01/2026"}, `--from "11/01/2026": want YYYY-MM-DD`},
		{[]string{"--from", "2026-12-01", "--to", "2026-11-01"}, "is after"},
		{[]string{"--status", "done"}, `--status "done": want complete, draft or abandoned`},
		{[]string{"--commitment", "party"}, `--commitment "party"`},
		{[]string{"--volunteer", "12"}, "--volunteer"},
	} {
		_, _, err := runCmd(t, e, append(append([]string{"export"}, tc.args...), "--out", out)...)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("debrief export %s: %v, want %q", strings.Join(tc.args, " "), err, tc.want)
		}
		if _, err := os.Stat(out); !os.IsNotExist(err) {
			t.Errorf("debrief export %s left %s", strings.Join(tc.args, " "), out)
		}
	}
}
