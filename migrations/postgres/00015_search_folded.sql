-- The reports search (issue 10) folds case and accents alike on both
-- databases: "Jose" finds "José", "MARÍA" finds "maría". Neither database
-- folds the same way on its own (PostgreSQL's ILIKE follows the
-- collation and has no accent folding without the unaccent extension;
-- SQLite's LIKE folds ASCII letters only), so Go writes the folded text
-- (internal/accent.Fold) and the search matches the folded pattern with
-- a plain LIKE:
--
--   reports.search_text    the person met's name and every answer in words,
--                          extra answers' values included, a line each;
--                          written by Save with the report
--   volunteers.search_name the volunteer's name; written wherever the name is
--
-- NULL is "not folded yet": the rows before this migration, and those an
-- older binary writes during a rolling deploy. store.FoldSearch folds them
-- in batches when the store migrates (every start, the pooled ones too).
-- A backfill in SQL is impossible (the folding is Go's) and a goose Go
-- migration would fold only the rows present when it runs, in one long
-- transaction; see store.FoldSearch.
--
-- No index names search_text, not even a partial one WHERE search_text IS
-- NULL: every answer a volunteer texts changes it, and an update that
-- changes an indexed column (a partial index's predicate included) is not
-- HOT, which the webhook's speed rests on (migration 00001's fillfactor).

-- +goose Up
ALTER TABLE reports ADD COLUMN search_text text;
ALTER TABLE volunteers ADD COLUMN search_name text;

-- +goose Down
ALTER TABLE volunteers DROP COLUMN search_name;
ALTER TABLE reports DROP COLUMN search_text;
