-- The conversation's version covers everything Load reads for a phone.
--
-- The inbox keeps, for a few minutes, the state each phone's last text was
-- saved with and steps the phone's next text from it without calling Load;
-- Save's check on conversations.version is what makes that safe. So every
-- write that changes what Load returns for a volunteer (their volunteers
-- row, their conversation, their latest report, their open reminder: the
-- thanks / next_step follow-ups in 'sent', 'delivered', 'overdue' and the
-- order of their reminded_at) must bump that volunteer's
-- conversations.version in the same statement or transaction, and should
-- do it first, locking the conversation row before the others as Save
-- does. Writers that do: Save; RecordSent for thanks, next_step and nudge;
-- OptOut; AbandonStale; UpdateDelivery
-- when a reminder fails. Writers that need not: MarkOverdue (an overdue
-- reminder stays open with the same reminded_at), MarkPhoneBad and the
-- claim, defer, retry, fail and cancel of follow-ups (they touch only
-- pending or sending rows, never an open reminder, and phone_bad is not
-- read), AddFollowups and EnsureDigests (pending rows),
-- SetTeamOrganizer (Load reads no organizer), CreateTeam (a team keeps its
-- name), AddVolunteer (a new phone). A new writer must decide, and say so.

-- +goose Up
COMMENT ON COLUMN conversations.version IS
    'Bumped by every write that changes what store.Load returns for the volunteer (see migration 00003).';

-- +goose Down
COMMENT ON COLUMN conversations.version IS NULL;
