package store

import (
	"context"
	"fmt"
	"time"

	"gorm.io/gorm"
)

// Organizer is a volunteer who organizes at least one team, as the weekly
// digest needs them.
type Organizer struct {
	ID       int64
	TimeZone string
}

// Organizers returns every volunteer named organizer of a team, but a
// deactivated one (whom deactivating takes off their teams anyway).
func (s *Store) Organizers(ctx context.Context) ([]Organizer, error) {
	var out []Organizer
	err := s.gdb.WithContext(ctx).Raw(`SELECT v.id, v.time_zone FROM volunteers v
		WHERE EXISTS (SELECT 1 FROM teams t WHERE t.organizer_id = v.id) AND v.deactivated_at IS NULL
		ORDER BY v.id`).Scan(&out).Error
	if err != nil {
		return nil, fmt.Errorf("list organizers: %w", err)
	}
	return out, nil
}

// DigestPlan is an organizer's weekly digest: Week is the date of the
// Monday it goes out (midnight UTC), DueAt the moment.
type DigestPlan struct {
	OrganizerID int64
	Week        time.Time
	DueAt       time.Time
}

// EnsureDigests schedules the digests not scheduled yet; a digest for an
// organizer and week is inserted once, however many instances plan it.
// It returns how many it inserted.
func (s *Store) EnsureDigests(ctx context.Context, plans []DigestPlan, at time.Time) (int64, error) {
	now := at.UTC()
	var n int64
	err := s.gdb.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		for _, p := range plans {
			res := tx.Exec(`INSERT INTO followups (volunteer_id, kind, due_at, digest_week, created_at, updated_at)
				VALUES (?, 'digest', ?, ?, ?, ?)
				ON CONFLICT (volunteer_id, digest_week) WHERE kind = 'digest' DO NOTHING`,
				p.OrganizerID, p.DueAt.UTC(), s.weekValue(p.Week), now, now)
			if res.Error != nil {
				return res.Error
			}
			n += res.RowsAffected
		}
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("ensure digests: %w", err)
	}
	return n, nil
}

// weekValue is a digest's week as its column stores it: YYYY-MM-DD, a
// date on PostgreSQL, text on SQLite.
func (s *Store) weekValue(week time.Time) string {
	return week.Format(time.DateOnly)
}

// DigestFigures are an organizer's week, across the teams they organize.
type DigestFigures struct {
	Reports     int // 1:1 reports completed in the week
	Commitments int // of which the person agreed to something
	Overdue     int // follow-ups overdue now
	Failed      int // texts to the organizer's team that failed for good in the week
}

// Digest counts the figures of the organizer's weekly digest for reports
// completed in [from, to).
func (s *Store) Digest(ctx context.Context, organizerID int64, from, to time.Time) (DigestFigures, error) {
	var f DigestFigures
	err := s.sql.QueryRowContext(ctx, s.rebind(`
		SELECT
			(SELECT count(*) FROM reports r JOIN volunteers v ON v.id = r.volunteer_id JOIN teams t ON t.id = v.team_id
				WHERE t.organizer_id = ? AND r.status = 'complete' AND r.completed_at >= ? AND r.completed_at < ?),
			(SELECT count(*) FROM reports r JOIN volunteers v ON v.id = r.volunteer_id JOIN teams t ON t.id = v.team_id
				WHERE t.organizer_id = ? AND r.status = 'complete' AND r.completed_at >= ? AND r.completed_at < ?
					AND r.commitment NOT IN ('', 'none')),
			(SELECT count(*) FROM followups f JOIN volunteers v ON v.id = f.volunteer_id JOIN teams t ON t.id = v.team_id
				WHERE t.organizer_id = ? AND f.status = 'overdue'),
			(SELECT count(*) FROM followups f JOIN volunteers v ON v.id = f.volunteer_id JOIN teams t ON t.id = v.team_id
				WHERE t.organizer_id = ? AND f.status = 'failed' AND f.updated_at >= ? AND f.updated_at < ?)`),
		organizerID, from.UTC(), to.UTC(), organizerID, from.UTC(), to.UTC(), organizerID, organizerID, from.UTC(), to.UTC()).
		Scan(&f.Reports, &f.Commitments, &f.Overdue, &f.Failed)
	if err != nil {
		return DigestFigures{}, fmt.Errorf("digest of organizer %d: %w", organizerID, err)
	}
	return f, nil
}

// SetTeamOrganizer makes the volunteer with the given ID the organizer of
// the team; ErrDeactivated when they are deactivated.
func (s *Store) SetTeamOrganizer(ctx context.Context, teamID, organizerID int64) error {
	res := s.gdb.WithContext(ctx).Exec(`UPDATE teams SET organizer_id = ? WHERE id = ?
		AND NOT EXISTS (SELECT 1 FROM volunteers WHERE id = ? AND deactivated_at IS NOT NULL)`, organizerID, teamID, organizerID)
	if res.Error != nil {
		return fmt.Errorf("set organizer of team %d: %w", teamID, res.Error)
	}
	if res.RowsAffected == 0 {
		var deactivated int64
		if err := s.gdb.WithContext(ctx).Raw(`SELECT count(*) FROM volunteers WHERE id = ? AND deactivated_at IS NOT NULL`,
			organizerID).Scan(&deactivated).Error; err != nil {
			return fmt.Errorf("set organizer of team %d: %w", teamID, err)
		}
		if deactivated > 0 {
			return fmt.Errorf("set organizer of team %d: %w", teamID, ErrDeactivated)
		}
	}
	return nil
}

// VolunteerID returns the ID of the volunteer with the E.164 phone, or
// gorm's ErrRecordNotFound wrapped.
func (s *Store) VolunteerID(ctx context.Context, e164 string) (int64, error) {
	var row volunteerRow
	if err := s.gdb.WithContext(ctx).Select("id").Where("phone = ?", e164).Take(&row).Error; err != nil {
		return 0, fmt.Errorf("volunteer %s: %w", maskedOrName("", e164), err)
	}
	return row.ID, nil
}
