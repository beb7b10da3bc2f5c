package main

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	_ "github.com/glebarez/go-sqlite"  // registers "sqlite"
	_ "github.com/jackc/pgx/v5/stdlib" // registers "pgx"
)

// verify counts what the server stored for this run's phones against what
// was sent: every inbound text exactly once, every report complete with the
// answers the script gave, and reports of them.
func verify(ctx context.Context, c config, phonePrefix string, sent, reports int) error {
	driver, dsn := "pgx", c.databaseURL
	if !strings.HasPrefix(dsn, "postgres") {
		driver = "sqlite"
	}
	db, err := sql.Open(driver, dsn)
	if err != nil {
		return err
	}
	defer db.Close()

	var texts, distinct int
	if err := db.QueryRowContext(ctx,
		`SELECT count(*), count(DISTINCT message_sid) FROM messages WHERE direction = 'in' AND phone LIKE $1`,
		phonePrefix+"%").Scan(&texts, &distinct); err != nil {
		return fmt.Errorf("count texts: %w", err)
	}
	if texts != sent || distinct != sent {
		return fmt.Errorf("sent %d texts, stored %d (%d distinct)", sent, texts, distinct)
	}

	rows, err := db.QueryContext(ctx, `
		SELECT v.phone, r.seq, r.person_name, r.person_phone, r.issue, r.commitment,
		       r.next_steps, r.next_contact_at IS NOT NULL, r.enjoy, r.notes, r.thanked
		FROM reports r JOIN volunteers v ON v.id = r.volunteer_id
		WHERE v.phone LIKE $1 AND r.status = 'complete'`, phonePrefix+"%")
	if err != nil {
		return fmt.Errorf("read reports: %w", err)
	}
	defer rows.Close()
	complete := 0
	for rows.Next() {
		var (
			phone, name, personPhone, issue, commitment, next, enjoy, notes string
			seq                                                             int
			hasDate, thanked                                                bool
		)
		if err := rows.Scan(&phone, &seq, &name, &personPhone, &issue, &commitment, &next, &hasDate, &enjoy, &notes, &thanked); err != nil {
			return fmt.Errorf("scan report: %w", err)
		}
		v, err := strconv.Atoi(strings.TrimPrefix(phone, phonePrefix))
		if err != nil {
			return fmt.Errorf("unexpected phone %s", phone)
		}
		if name != personName(v, seq) || personPhone != "+16172531000" || issue == "" ||
			commitment != "house_party" || next == "" || !hasDate || enjoy == "" || notes == "" || !thanked {
			return fmt.Errorf("report %d of volunteer %d stored wrong: %q %q %q %q %q %v %q %q %v",
				seq, v, name, personPhone, issue, commitment, next, hasDate, enjoy, notes, thanked)
		}
		complete++
	}
	if err := rows.Err(); err != nil {
		return err
	}
	if complete != reports {
		return fmt.Errorf("want %d complete reports, stored %d", reports, complete)
	}
	return nil
}

// serverPID is -server-pid, or the one process running `debrief serve`.
func serverPID(c config) int {
	if c.serverPID > 0 {
		return c.serverPID
	}
	dirs, _ := filepath.Glob("/proc/[0-9]*")
	for _, d := range dirs {
		b, err := os.ReadFile(filepath.Join(d, "cmdline"))
		if err != nil {
			continue
		}
		args := strings.Split(strings.TrimRight(string(b), "\x00"), "\x00")
		if len(args) >= 2 && filepath.Base(args[0]) == "debrief" && args[1] == "serve" {
			pid, _ := strconv.Atoi(filepath.Base(d))
			return pid
		}
	}
	return 0
}

// peakRSS reads a process's high-water resident set size, in KiB.
func peakRSS(pid int) (int, error) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0, err
	}
	for _, line := range strings.Split(string(b), "\n") {
		if rest, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			return strconv.Atoi(strings.TrimSuffix(strings.TrimSpace(rest), " kB"))
		}
	}
	return 0, fmt.Errorf("no VmHWM for pid %d", pid)
}
