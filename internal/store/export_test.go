package store

import (
	"context"
	"database/sql"
	"fmt"
)

// SQL gives tests the database handle, to check what was stored.
func (s *Store) SQL() *sql.DB { return s.sql }

// PrepareSaveStatements has PostgreSQL parse and check the Save statement of
// every kind of step (see stepsOfEveryShape), without running them, and
// returns how many it checked.
func (s *Store) PrepareSaveStatements(ctx context.Context) (int, error) {
	conn, err := s.pg.Acquire(ctx)
	if err != nil {
		return 0, err
	}
	defer conn.Release()
	texts := make(map[string]bool)
	for _, st := range stepsOfEveryShape() {
		text, _ := st.postgres()
		if texts[text] {
			continue
		}
		texts[text] = true
		if _, err := conn.Conn().Prepare(ctx, "", text); err != nil {
			return len(texts), fmt.Errorf("%w in\n%s", err, text)
		}
	}
	return len(texts), nil
}
