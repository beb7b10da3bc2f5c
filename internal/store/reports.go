package store

import (
	"context"
	"fmt"
	"time"

	"github.com/debrief-sms/debrief"
)

// reportsTable is where reports are, for GORM's plain updates.
const reportsTable = "reports"

// AbandonStale marks as abandoned the drafts not updated since before,
// keeping their answers, and returns how many it marked.
func (s *Store) AbandonStale(ctx context.Context, before time.Time) (int64, error) {
	res := s.gdb.WithContext(ctx).Table(reportsTable).
		Where("status = ? AND updated_at < ?", debrief.ReportDraft, before.UTC()).
		Update("status", debrief.ReportAbandoned)
	if res.Error != nil {
		return 0, fmt.Errorf("abandon stale drafts: %w", res.Error)
	}
	return res.RowsAffected, nil
}
