package store

import (
	"context"
	"fmt"
	"strings"
)

// RecordedSIDs returns which of sids are already stored as a message's
// MessageSid. A text in doubt is looked up in what Twilio sent; a SID
// recorded for another follow-up (two identical texts to one person) is
// not this one's.
func (s *Store) RecordedSIDs(ctx context.Context, sids []string) (map[string]bool, error) {
	known := make(map[string]bool)
	if len(sids) == 0 {
		return known, nil
	}
	args := make([]any, len(sids))
	for i, sid := range sids {
		args[i] = sid
	}
	q := `SELECT message_sid FROM messages WHERE message_sid IN (?` + strings.Repeat(", ?", len(sids)-1) + `)`
	rows, err := s.sql.QueryContext(ctx, s.rebind(q), args...)
	if err != nil {
		return nil, fmt.Errorf("look up %d message SIDs: %w", len(sids), err)
	}
	defer rows.Close()
	for rows.Next() {
		var sid string
		if err := rows.Scan(&sid); err != nil {
			return nil, fmt.Errorf("look up message SIDs: %w", err)
		}
		known[sid] = true
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("look up message SIDs: %w", err)
	}
	return known, nil
}
