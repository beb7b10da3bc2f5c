-- The reports search folds case and accents alike on both databases:
-- Go writes the folded text (reports.search_text, volunteers.search_name)
-- and the search matches it with LIKE. NULL is "not folded yet",
-- store.FoldSearch folds such rows when the store migrates. No index
-- names either column. See the PostgreSQL migration of the same number.

-- +goose Up
ALTER TABLE reports ADD COLUMN search_text TEXT;
ALTER TABLE volunteers ADD COLUMN search_name TEXT;

-- +goose Down
ALTER TABLE volunteers DROP COLUMN search_name;
ALTER TABLE reports DROP COLUMN search_text;
