-- The organizers' reports page (issue 10) lists reports newest first by
-- their date, COALESCE(completed_at, started_at), the date its filters and
-- the CSV export bound: reports_date serves every team's (a coordinator),
-- reports_volunteer_date one team's, read volunteer by volunteer (the
-- store asks for volunteer_id = ANY(ARRAY(the team's volunteers))).
-- Measured with cmd/debrief-load/pages.sh at 100,000 reports: a team's
-- first page 126 ms -> 2 ms, its 30th 221 -> 27 ms, every team's first
-- 180 -> 2 ms (EXPLAIN ANALYZE; README, "Speed of the organizers' pages").
--
-- Neither column changes while a draft is answered (started_at never,
-- completed_at once, on completion), so the answers' updates stay HOT.
-- Built in the migration's transaction: under a second at 100,000 rows,
-- writes to reports wait that long.

-- +goose Up
CREATE INDEX reports_date ON reports ((COALESCE(completed_at, started_at)) DESC, id DESC);
CREATE INDEX reports_volunteer_date ON reports (volunteer_id, (COALESCE(completed_at, started_at)) DESC, id DESC);

-- +goose Down
DROP INDEX reports_volunteer_date;
DROP INDEX reports_date;
