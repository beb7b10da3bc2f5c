package store

import (
	"context"
	"fmt"
	"time"

	"github.com/debrief-sms/debrief"
)

// TeamReport is a report as organizers see it: its answers, who reported
// it, their team, and (from TeamReportByID) its follow-ups.
type TeamReport struct {
	debrief.Report
	VolunteerName  string
	VolunteerPhone string
	TeamID         *int64
	TeamName       string
	Followups      []ReportFollowup
}

// ReportFollowup is one follow-up of a report, for its page.
type ReportFollowup struct {
	Kind     string
	Status   string
	DueAt    time.Time
	SentAt   *time.Time
	ClosedAt *time.Time
}

type teamReportRow struct {
	ID                                                 int64
	Seq                                                int
	PersonName, PersonPhone, PersonEmail, Issue        string
	Commitment, Commitments, CommitmentText, NextSteps string
	NextContactAt                                      *time.Time
	Enjoy, Notes                                       string
	Thanked                                            *bool
	Status                                             string
	StartedAt                                          time.Time
	CompletedAt                                        *time.Time
	VolunteerName, VolunteerPhone                      string
	TeamID                                             *int64
	TeamName                                           *string
	Extra                                              string // read by TeamReportByID only
}

const teamReportColumns = `r.id, r.seq, r.person_name, r.person_phone, r.person_email, r.issue, r.commitment,
	r.commitments, r.commitment_text, r.next_steps, r.next_contact_at, r.enjoy, r.notes, r.thanked, r.status,
	r.started_at, r.completed_at, v.name AS volunteer_name, v.phone AS volunteer_phone, v.team_id, t.name AS team_name`

func (r teamReportRow) report() TeamReport {
	out := TeamReport{
		Report: debrief.Report{
			ID: r.ID, Seq: r.Seq, PersonName: r.PersonName, PersonPhone: r.PersonPhone, PersonEmail: r.PersonEmail,
			Issue: r.Issue, Commitment: debrief.Commitment(r.Commitment), Commitments: splitCommitments(r.Commitments),
			CommitmentText: r.CommitmentText, NextSteps: r.NextSteps, NextContactAt: utcPtr(r.NextContactAt),
			Enjoy: r.Enjoy, Notes: r.Notes, Thanked: r.Thanked, Status: debrief.ReportStatus(r.Status),
			StartedAt: r.StartedAt.UTC(), CompletedAt: utcPtr(r.CompletedAt),
		},
		VolunteerName: r.VolunteerName, VolunteerPhone: r.VolunteerPhone, TeamID: r.TeamID,
	}
	if r.TeamName != nil {
		out.TeamName = *r.TeamName
	}
	return out
}

// TeamReports lists a page of the reports f selects, newest first (by
// their date, as ReportFilter bounds it, then ID): limit of them after
// skipping offset. Set f.Scope to the viewer's teams. GORM binds the
// ? placeholders for either database.
//
// The page's IDs are chosen first, then its rows read by ID: unfiltered
// or by team, the choice is an index-only scan of a covering date index
// (migration 00017) that skips offset entries without reading a report.
func (s *Store) TeamReports(ctx context.Context, f ReportFilter, offset, limit int) ([]TeamReport, error) {
	where, args := s.where(f)
	from := ` FROM reports r`
	if f.needsVolunteers() {
		from = reportsFrom
	}
	q := `SELECT ` + teamReportColumns + ` FROM (SELECT r.id, ` + reportDate + ` AS listed` + from + where +
		` ORDER BY ` + reportDate + ` DESC, r.id DESC LIMIT ? OFFSET ?) page
		JOIN reports r ON r.id = page.id JOIN volunteers v ON v.id = r.volunteer_id LEFT JOIN teams t ON t.id = v.team_id
		ORDER BY page.listed DESC, page.id DESC`
	var rows []teamReportRow
	if err := s.gdb.WithContext(ctx).Raw(q, append(args, limit, offset)...).Scan(&rows).Error; err != nil {
		return nil, fmt.Errorf("list team reports: %w", err)
	}
	out := make([]TeamReport, len(rows))
	for i, r := range rows {
		out[i] = r.report()
	}
	return out, nil
}

// TeamReportByID reads the report id with its follow-ups; ErrUnknownReport
// when there is none. The caller checks the viewer may see its team.
func (s *Store) TeamReportByID(ctx context.Context, id int64) (TeamReport, error) {
	var row teamReportRow
	res := s.gdb.WithContext(ctx).Raw(`SELECT `+teamReportColumns+`, r.extra
		FROM reports r JOIN volunteers v ON v.id = r.volunteer_id LEFT JOIN teams t ON t.id = v.team_id
		WHERE r.id = ?`, id).Scan(&row)
	if res.Error != nil {
		return TeamReport{}, fmt.Errorf("read report %d: %w", id, res.Error)
	}
	if res.RowsAffected == 0 {
		return TeamReport{}, fmt.Errorf("read report %d: %w", id, ErrUnknownReport)
	}
	rep := row.report()
	extra, err := decodeExtra(row.Extra)
	if err != nil {
		return TeamReport{}, fmt.Errorf("read report %d: %w", id, err)
	}
	rep.Extra = extra
	var fus []ReportFollowup
	if err := s.gdb.WithContext(ctx).Raw(`SELECT kind, status, due_at, sent_at, closed_at FROM followups
		WHERE report_id = ? ORDER BY due_at, id`, id).Scan(&fus).Error; err != nil {
		return TeamReport{}, fmt.Errorf("read follow-ups of report %d: %w", id, err)
	}
	for i := range fus {
		fus[i].DueAt = fus[i].DueAt.UTC()
		fus[i].SentAt, fus[i].ClosedAt = utcPtr(fus[i].SentAt), utcPtr(fus[i].ClosedAt)
	}
	rep.Followups = fus
	return rep, nil
}
