-- PostgreSQL's 00013 moves the NationBuilder push trigger's test of
-- changed values out of its WHEN clause, which PostgreSQL prepares again
-- for every statement. SQLite compiles a trigger into the statement that
-- fires it, prepared once: nothing to change here; the number is kept
-- in step with PostgreSQL's.

-- +goose Up
SELECT 1;

-- +goose Down
SELECT 1;
