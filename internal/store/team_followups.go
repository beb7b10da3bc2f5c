package store

import (
	"context"
	"fmt"
	"time"
)

// Follow-ups page filters, besides a FollowupStatus: FollowupsDue is a
// pending follow-up due at TeamFollowupsQuery.Now or earlier.
const FollowupsDue = "due"

// TeamFollowupsQuery says which follow-ups to volunteers (thanks, next
// step, nudge) TeamFollowups lists.
type TeamFollowupsQuery struct {
	// Teams limits the list to follow-ups to volunteers of these teams;
	// AllTeams lists every one (a coordinator), Teams empty otherwise
	// lists none.
	Teams    []int64
	AllTeams bool
	TeamID   int64     // 0, or only this team (within Teams)
	Status   string    // "", FollowupsDue, or overdue, done, failed
	Now      time.Time // what FollowupsDue is due by
	Offset   int
	Limit    int
}

// TeamFollowup is a follow-up to a volunteer as organizers see it.
type TeamFollowup struct {
	ID            int64
	ReportID      int64
	PersonName    string // the person met, from the report
	VolunteerName string
	Kind          string
	Status        string
	DueAt         time.Time
	SentAt        *time.Time
	ClosedAt      *time.Time
	ErrorCode     *int   // Twilio's, of the last failed try
	LastError     string // why the last try failed, or why it was cancelled
}

// TeamFollowups lists the follow-ups q asks for, the latest due first.
func (s *Store) TeamFollowups(ctx context.Context, q TeamFollowupsQuery) ([]TeamFollowup, error) {
	if !q.AllTeams && len(q.Teams) == 0 {
		return nil, nil
	}
	db := s.gdb.WithContext(ctx).Table("followups f").
		Select(`f.id, f.report_id, coalesce(r.person_name, '') AS person_name, v.name AS volunteer_name, f.kind,
			f.status, f.due_at, f.sent_at, f.closed_at, f.error_code, f.last_error`).
		Joins("JOIN volunteers v ON v.id = f.volunteer_id").Joins("JOIN reports r ON r.id = f.report_id").
		Where("f.kind IN ?", []string{"thanks", "next_step", "nudge"})
	if !q.AllTeams {
		db = db.Where("v.team_id IN ?", q.Teams)
	}
	if q.TeamID != 0 {
		db = db.Where("v.team_id = ?", q.TeamID)
	}
	switch q.Status {
	case "":
	case FollowupsDue:
		db = db.Where("f.status = 'pending' AND f.due_at <= ?", s.stored(q.Now))
	case string(StatusOverdue), string(StatusDone), string(StatusFailed):
		db = db.Where("f.status = ?", q.Status)
	default:
		return nil, fmt.Errorf("list team follow-ups: no status %q", q.Status)
	}
	var rows []TeamFollowup
	if err := db.Order("f.due_at DESC, f.id DESC").Offset(q.Offset).Limit(q.Limit).Scan(&rows).Error; err != nil {
		return nil, fmt.Errorf("list team follow-ups: %w", err)
	}
	for i := range rows {
		rows[i].DueAt = rows[i].DueAt.UTC()
		rows[i].SentAt, rows[i].ClosedAt = utcPtr(rows[i].SentAt), utcPtr(rows[i].ClosedAt)
	}
	return rows, nil
}
