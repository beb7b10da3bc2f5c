-- A reminder reaches a person once (issue 13). The claim that leases a
-- follow-up for sending also stamps attempt_started_at, in the same
-- statement, committed before any request leaves: from then on Twilio may
-- have the text. A row whose outcome is unknown (its lease ran out with a
-- stamp: the process died before recording; a timeout or a connection
-- lost after the request was written) is never sent again blindly: the
-- scheduler first lists what Twilio sent to the recipient since the stamp
-- and records a match as sent. attempt_body is the text a timed-out send
-- carried. A known outcome (recorded sent, refused by Twilio) clears the
-- stamp; a row given back unsent (a stop, quiet hours) gets back the one it
-- had before its claim.

-- +goose Up
ALTER TABLE followups ADD COLUMN attempt_started_at timestamptz;
ALTER TABLE followups ADD COLUMN attempt_body       text;

-- +goose Down
ALTER TABLE followups DROP COLUMN attempt_body;
ALTER TABLE followups DROP COLUMN attempt_started_at;
