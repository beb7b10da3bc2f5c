package store

import (
	"context"
	"fmt"
	"time"

	"gorm.io/gorm"

	"github.com/debrief-sms/debrief"
)

// reportsTable is where reports are, for GORM's plain updates.
const reportsTable = "reports"

// AbandonStale marks as abandoned the drafts not updated since before,
// keeping their answers, and returns how many it marked. Load reads the
// latest report's status, so the conversations of the volunteers concerned
// move to a new version in the same transaction (first, locking them in
// Save's order; only their drafts are marked).
func (s *Store) AbandonStale(ctx context.Context, before time.Time) (int64, error) {
	var n int64
	err := s.gdb.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		var ids []int64
		if err := tx.Raw(`UPDATE conversations SET version = version + 1
			WHERE volunteer_id IN (SELECT volunteer_id FROM reports WHERE status = ? AND updated_at < ?)
			RETURNING volunteer_id`, debrief.ReportDraft, before.UTC()).Scan(&ids).Error; err != nil {
			return err
		}
		if len(ids) == 0 {
			return nil
		}
		res := tx.Table(reportsTable).
			Where("status = ? AND updated_at < ? AND volunteer_id IN ?", debrief.ReportDraft, before.UTC(), ids).
			Update("status", debrief.ReportAbandoned)
		n = res.RowsAffected
		return res.Error
	})
	if err != nil {
		return 0, fmt.Errorf("abandon stale drafts: %w", err)
	}
	return n, nil
}
