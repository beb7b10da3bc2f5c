-- The plans page (issue 11): a team's plans and reports of a month, by
-- its volunteers. Without these, both are read from every team's rows of
-- the month (plans by planned_at) or of all time (reports, no index on
-- completed_at): a scan that grows with every team's history.

-- +goose Up
CREATE INDEX plans_volunteer_planned_at ON plans (volunteer_id, planned_at);
CREATE INDEX reports_volunteer_completed_at ON reports (volunteer_id, completed_at) WHERE status = 'complete';

-- +goose Down
DROP INDEX reports_volunteer_completed_at;
DROP INDEX plans_volunteer_planned_at;
