-- A reminder reaches a person once (issue 13). Before the scheduler asks
-- Twilio to send a follow-up it stamps the row with when the attempt
-- started and the text it sends, in a statement of its own, committed
-- before the request leaves. A row whose outcome is unknown (its lease ran
-- out with a stamp, a timeout, a connection lost after the request was
-- written) is never sent again blindly: the scheduler first lists what
-- Twilio sent to the recipient since the stamp and records a match as
-- sent. A known outcome (recorded sent, refused by Twilio) clears the stamp.

-- +goose Up
ALTER TABLE followups ADD COLUMN attempt_started_at timestamptz;
ALTER TABLE followups ADD COLUMN attempt_body       text;

-- +goose Down
ALTER TABLE followups DROP COLUMN attempt_body;
ALTER TABLE followups DROP COLUMN attempt_started_at;
