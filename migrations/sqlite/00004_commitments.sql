-- A person met may agree to several things at once ("2 and 3"): every
-- commitment, in the order given, comma-separated. reports.commitment
-- stays the first, which the follow-ups and the digest read.

-- +goose Up
ALTER TABLE reports ADD COLUMN commitments TEXT NOT NULL DEFAULT '';
UPDATE reports SET commitments = commitment WHERE commitment <> '';

-- +goose Down
ALTER TABLE reports DROP COLUMN commitments;
