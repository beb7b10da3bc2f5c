-- The conversation's version covers everything Load reads for a phone:
-- every write that changes what Load returns for a volunteer bumps their
-- conversations.version in the same transaction. See the PostgreSQL
-- migration of the same number for why and for the list of writers; SQLite
-- has no COMMENT, so this migration changes nothing.

-- +goose Up
SELECT 1;

-- +goose Down
SELECT 1;
