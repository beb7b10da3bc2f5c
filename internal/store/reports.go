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

// Report reads the volunteer's report seq (their first is 1), answers and
// status; ErrUnknownReport when there is none.
func (s *Store) Report(ctx context.Context, volunteerID int64, seq int) (debrief.Report, error) {
	var row struct {
		ID                                                 int64
		Seq                                                int
		PersonName, PersonPhone, PersonEmail, Issue        string
		Commitment, Commitments, CommitmentText, NextSteps string
		NextContactAt                                      *time.Time
		NextContactHasTime                                 bool
		Enjoy, Notes                                       string
		Thanked                                            *bool
		Status                                             string
		Extra                                              string
	}
	res := s.gdb.WithContext(ctx).Raw(`SELECT id, seq, person_name, person_phone, person_email, issue, commitment,
		commitments, commitment_text, next_steps, next_contact_at, next_contact_has_time, enjoy, notes, thanked, status,
		extra
		FROM reports WHERE volunteer_id = ? AND seq = ?`, volunteerID, seq).Scan(&row)
	if res.Error != nil {
		return debrief.Report{}, fmt.Errorf("read report %d of volunteer %d: %w", seq, volunteerID, res.Error)
	}
	if res.RowsAffected == 0 {
		return debrief.Report{}, fmt.Errorf("read report %d of volunteer %d: %w", seq, volunteerID, ErrUnknownReport)
	}
	extra, err := decodeExtra(row.Extra)
	if err != nil {
		return debrief.Report{}, fmt.Errorf("read report %d of volunteer %d: %w", seq, volunteerID, err)
	}
	return debrief.Report{
		Extra: extra,
		ID:    row.ID, Seq: row.Seq, PersonName: row.PersonName, PersonPhone: row.PersonPhone, PersonEmail: row.PersonEmail,
		Issue: row.Issue, Commitment: debrief.Commitment(row.Commitment), Commitments: splitCommitments(row.Commitments),
		CommitmentText: row.CommitmentText, NextSteps: row.NextSteps, NextContactAt: utcPtr(row.NextContactAt),
		NextContactHasTime: row.NextContactHasTime, Enjoy: row.Enjoy, Notes: row.Notes, Thanked: row.Thanked,
		Status: debrief.ReportStatus(row.Status),
	}, nil
}
