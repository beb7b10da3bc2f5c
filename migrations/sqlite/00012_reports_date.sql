-- The organizers' reports page (issue 10) lists reports newest first by
-- their date, COALESCE(completed_at, started_at), the date its filters and
-- the CSV export bound: reports_date serves every team's (a coordinator),
-- reports_volunteer_date one team's, volunteer by volunteer. See the
-- PostgreSQL migration of the same number.

-- +goose Up
CREATE INDEX reports_date ON reports (COALESCE(completed_at, started_at) DESC, id DESC);
CREATE INDEX reports_volunteer_date ON reports (volunteer_id, COALESCE(completed_at, started_at) DESC, id DESC);

-- +goose Down
DROP INDEX reports_volunteer_date;
DROP INDEX reports_date;
