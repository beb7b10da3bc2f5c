-- The monthly report's text (issue 10): on the 1st of each month at
-- FOLLOWUP_AT, each coordinator who can be texted is told, once, that the
-- month's report is ready, with its link. It is a follow-up of its own
-- kind, 'monthly', planned like the weekly digest: one row per coordinator
-- and month, whatever the number of instances planning it, which
-- followups_monthly_key makes sure of. digest_week holds, for it, the
-- first day of the month the report covers.
--
-- Merging: another migration that widens this CHECK must list 'monthly'
-- too (the last one applied wins).

-- +goose Up
ALTER TABLE followups DROP CONSTRAINT followups_kind_check;
ALTER TABLE followups ADD CONSTRAINT followups_kind_check CHECK (kind IN ('thanks', 'next_step', 'nudge', 'overdue',
    'organizer_commitment', 'organizer_overdue', 'organizer_bad_number', 'digest', 'monthly'));
CREATE UNIQUE INDEX followups_monthly_key ON followups (volunteer_id, digest_week) WHERE kind = 'monthly';

-- +goose Down
DROP INDEX followups_monthly_key;
DELETE FROM followups WHERE kind = 'monthly';
ALTER TABLE followups DROP CONSTRAINT followups_kind_check;
ALTER TABLE followups ADD CONSTRAINT followups_kind_check CHECK (kind IN ('thanks', 'next_step', 'nudge', 'overdue',
    'organizer_commitment', 'organizer_overdue', 'organizer_bad_number', 'digest'));
