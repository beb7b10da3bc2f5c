package store

import (
	"context"
	"database/sql"
	"fmt"
	"maps"
	"slices"
	"strings"

	"gorm.io/gorm"

	"github.com/debrief-sms/debrief"
	"github.com/debrief-sms/debrief/internal/accent"
)

// The reports search folds case and accents the same way on both
// databases because Go folds (accent.Fold) and the databases only
// compare: reports.search_text and volunteers.search_name (migration
// 00015) hold the folded text, written with the row, and the search
// matches them with a plain LIKE against the folded pattern. Neither
// column is read by Load, so writing them bumps no conversation's
// version (migration 00003's rule).

// foldBatch is how many rows FoldSearch folds a statement.
const foldBatch = 500

// reportSearchText is what the search looks into of r, folded: the person
// met's name, every answer in words and the extra answers' values (not
// their keys), by key, a line each. A search has no line break (the web
// refuses control characters), so it never matches across two answers.
func reportSearchText(r *debrief.Report) string {
	parts := []string{r.PersonName, r.Issue, r.NextSteps, r.Enjoy, r.Notes, r.CommitmentText}
	for _, k := range slices.Sorted(maps.Keys(r.Extra)) {
		parts = append(parts, r.Extra[k])
	}
	return accent.Fold(strings.Join(parts, "\n"))
}

// textCondition finds text, as typed (LIKE's wildcards are escaped),
// folded, in the report's search text or its volunteer's folded name.
// One LIKE on one column a row: faster than ILIKE over the seven columns
// and a set function over the extra answers it replaces.
func (s *Store) textCondition(text string) (string, []any) {
	pattern := "%" + escapeLike(accent.Fold(text)) + "%"
	return `(r.search_text LIKE ? ESCAPE '\' OR v.search_name LIKE ? ESCAPE '\')`, []any{pattern, pattern}
}

// FoldSearch writes the folded search text of the reports and volunteers
// that have none (NULL): those stored before migration 00015 and those an
// older binary saved during a rolling deploy. Migrate runs it, so every
// start folds what is left; a writer that inserts reports or volunteers
// in SQL rather than through the store (a seed, a test fixture) runs it
// after. It works in batches of foldBatch rows by ID, each its own
// statement on PostgreSQL: it holds no long transaction, may run on
// several instances at once (a row already folded is left alone), and
// through a transaction pooler. With nothing to fold it scans each table
// once (no index names the columns, see migration 00015). It returns how
// many rows it folded.
func (s *Store) FoldSearch(ctx context.Context) (int, error) {
	reports, err := s.foldReports(ctx)
	if err != nil {
		return reports, fmt.Errorf("fold reports for search: %w", err)
	}
	volunteers, err := s.foldVolunteers(ctx)
	if err != nil {
		return reports + volunteers, fmt.Errorf("fold volunteers for search: %w", err)
	}
	return reports + volunteers, nil
}

type unfoldedReport struct {
	ID                                                         int64
	Unfolded                                                   bool
	PersonName, Issue, NextSteps, Enjoy, Notes, CommitmentText string
	Extra                                                      string
}

// firstUnfolded is the lowest ID of table's rows whose column is NULL; ok
// is false when there is none. One scan of the table.
func (s *Store) firstUnfolded(ctx context.Context, table, column string) (id int64, ok bool, err error) {
	var first sql.NullInt64
	if err := s.gdb.WithContext(ctx).Raw(`SELECT min(id) FROM ` + table + ` WHERE ` + column + ` IS NULL`).Row().Scan(&first); err != nil {
		return 0, false, err
	}
	return first.Int64, first.Valid, nil
}

// foldReports walks the reports by ID from the first unfolded one, a
// batch at a time (the primary key's order: a filter on search_text would
// be planned from its statistics, and a scan of every report for each
// batch is what came of it), and folds those still NULL.
func (s *Store) foldReports(ctx context.Context) (int, error) {
	first, ok, err := s.firstUnfolded(ctx, "reports", "search_text")
	if err != nil || !ok {
		return 0, err
	}
	n, after := 0, first-1
	for {
		var rows []unfoldedReport
		if err := s.gdb.WithContext(ctx).Raw(`SELECT id, search_text IS NULL AS unfolded, person_name, issue, next_steps, enjoy,
			notes, commitment_text, CAST(extra AS TEXT) AS extra FROM reports WHERE id > ? ORDER BY id LIMIT ?`, after, foldBatch).
			Scan(&rows).Error; err != nil {
			return n, err
		}
		if len(rows) == 0 {
			return n, nil
		}
		after = rows[len(rows)-1].ID
		var ids []int64
		var texts []string
		for _, r := range rows {
			if !r.Unfolded {
				continue
			}
			extra, err := decodeExtra(r.Extra)
			if err != nil {
				return n, fmt.Errorf("report %d: %w", r.ID, err)
			}
			ids = append(ids, r.ID)
			texts = append(texts, reportSearchText(&debrief.Report{PersonName: r.PersonName, Issue: r.Issue,
				NextSteps: r.NextSteps, Enjoy: r.Enjoy, Notes: r.Notes, CommitmentText: r.CommitmentText, Extra: extra}))
		}
		if err := s.setFolded(ctx, "reports", "search_text", ids, texts); err != nil {
			return n, err
		}
		n += len(ids)
	}
}

// foldVolunteers folds the volunteers' names as foldReports the reports.
func (s *Store) foldVolunteers(ctx context.Context) (int, error) {
	first, ok, err := s.firstUnfolded(ctx, "volunteers", "search_name")
	if err != nil || !ok {
		return 0, err
	}
	n, after := 0, first-1
	for {
		var rows []struct {
			ID       int64
			Unfolded bool
			Name     string
		}
		if err := s.gdb.WithContext(ctx).Raw(`SELECT id, search_name IS NULL AS unfolded, name FROM volunteers
			WHERE id > ? ORDER BY id LIMIT ?`, after, foldBatch).Scan(&rows).Error; err != nil {
			return n, err
		}
		if len(rows) == 0 {
			return n, nil
		}
		after = rows[len(rows)-1].ID
		var ids []int64
		var names []string
		for _, r := range rows {
			if r.Unfolded {
				ids, names = append(ids, r.ID), append(names, accent.Fold(r.Name))
			}
		}
		if err := s.setFolded(ctx, "volunteers", "search_name", ids, names); err != nil {
			return n, err
		}
		n += len(ids)
	}
}

// setFolded sets column of table's rows ids to values, where it is still
// NULL: one statement on PostgreSQL (unnest of two arrays), one
// transaction of small updates on SQLite, which has no arrays and no
// round trips. table and column are this file's constants, never input.
func (s *Store) setFolded(ctx context.Context, table, column string, ids []int64, values []string) error {
	if len(ids) == 0 {
		return nil
	}
	if s.pg != nil {
		// COALESCE rather than a condition on the column: the planner
		// guessed such a condition's selectivity and joined the array to
		// a scan of the table for it (70 ms a batch of 500 at 100,000
		// reports); this way each row is read by the primary key (7 ms).
		_, err := s.pg.Exec(ctx, `UPDATE `+table+` t SET `+column+` = COALESCE(t.`+column+`, u.value)
			FROM unnest($1::bigint[], $2::text[]) AS u(id, value)
			WHERE t.id = u.id`, ids, values)
		return err
	}
	return s.gdb.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		for i, id := range ids {
			if err := tx.Exec(`UPDATE `+table+` SET `+column+` = ? WHERE id = ? AND `+column+` IS NULL`, values[i], id).Error; err != nil {
				return err
			}
		}
		return nil
	})
}
