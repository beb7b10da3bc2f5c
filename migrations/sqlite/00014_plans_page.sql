-- The plans page (issue 11): a team's plans and reports of a month, by
-- its volunteers. Without these, both are read from every team's rows of
-- the month (plans by planned_at) or of all time (reports, no index on
-- completed_at): a scan that grows with every team's history.

-- Reports by volunteer and completion are read through migration 00011's
-- reports_volunteer_completed, the same index.

-- +goose Up
CREATE INDEX plans_volunteer_planned_at ON plans (volunteer_id, planned_at);

-- +goose Down
DROP INDEX plans_volunteer_planned_at;
