package store

import (
	"context"
	"database/sql"
	"fmt"
	"slices"

	"github.com/debrief-sms/debrief"
	"github.com/debrief-sms/debrief/internal/conversation"
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

// SaveTogether saves each step as Save would, all in one batch, as the
// batcher does with steps that reach the database at the same moment, and
// returns each Save's error. PostgreSQL only.
func (s *Store) SaveTogether(ctx context.Context, ins []debrief.Inbound, results []conversation.Result) []error {
	calls := make([]*saveCall, len(ins))
	for i := range ins {
		st, err := newStep(ins[i], results[i])
		if err != nil {
			panic(err)
		}
		sql, args := st.postgres()
		calls[i] = newSaveCall(ctx, sql, args)
	}
	s.saves.run(slices.Clone(calls))
	errs := make([]error, len(calls))
	for i, call := range calls {
		_, errs[i] = s.saves.await(call).ids()
	}
	return errs
}

// DeliveryRank is deliveryRank, for tests to check the order covers every
// status Twilio reports.
func DeliveryRank(status string) int { return deliveryRank(status) }
