-- The monthly report's text (issue 10); see the PostgreSQL migration of
-- the same number. SQLite cannot change a CHECK constraint, so the table
-- is built anew with 'monthly' among the kinds (SQLite's documented
-- procedure: a new table, the rows copied, the old one dropped, the new
-- one renamed, its indexes made again). The new table's parent_id names
-- followups_new, which the rename makes followups: dropping the old table
-- (its rows deleted, with foreign keys on) cascades to nothing but itself.
--
-- It rebuilds the table as migration 00009 (plans) left it: plan_id,
-- overdue_at and the plan kinds are kept. Another migration that rebuilds
-- followups must keep 'monthly' and followups_monthly_key.

-- +goose Up
CREATE TABLE followups_new (
    id                 INTEGER  PRIMARY KEY,
    report_id          INTEGER  REFERENCES reports (id) ON DELETE CASCADE,
    volunteer_id       INTEGER  NOT NULL REFERENCES volunteers (id) ON DELETE CASCADE,
    subject_id         INTEGER  REFERENCES volunteers (id) ON DELETE CASCADE,
    parent_id          INTEGER  REFERENCES followups_new (id) ON DELETE CASCADE,
    kind               TEXT     NOT NULL CHECK (kind IN ('thanks', 'next_step', 'nudge', 'overdue',
                                    'organizer_commitment', 'organizer_overdue', 'organizer_bad_number', 'digest',
                                    'plan_reminder', 'plan_ask', 'plan_ask_again', 'monthly')),
    due_at             DATETIME NOT NULL,
    status             TEXT     NOT NULL DEFAULT 'pending'
                                CHECK (status IN ('pending', 'sending', 'sent', 'delivered', 'failed',
                                    'done', 'cancelled', 'overdue')),
    attempts           INTEGER  NOT NULL DEFAULT 0,
    claimed_until      DATETIME,
    message_sid        TEXT     UNIQUE,
    segments           INTEGER,
    last_error         TEXT     NOT NULL DEFAULT '',
    error_code         INTEGER,
    sent_at            DATETIME,
    reminded_at        DATETIME,
    closed_at          DATETIME,
    digest_week        TEXT,     -- YYYY-MM-DD: a digest's Monday; a monthly text's month, its 1st
    created_at         DATETIME NOT NULL,
    updated_at         DATETIME NOT NULL,
    attempt_started_at DATETIME,
    attempt_body       TEXT,
    plan_id            INTEGER  REFERENCES plans (id) ON DELETE CASCADE,
    overdue_at         DATETIME
);
INSERT INTO followups_new (id, report_id, volunteer_id, subject_id, parent_id, kind, due_at, status, attempts, claimed_until, message_sid, segments, last_error, error_code, sent_at, reminded_at, closed_at, digest_week, created_at, updated_at, attempt_started_at, attempt_body, plan_id, overdue_at)
    SELECT id, report_id, volunteer_id, subject_id, parent_id, kind, due_at, status, attempts, claimed_until, message_sid, segments, last_error, error_code, sent_at, reminded_at, closed_at, digest_week, created_at, updated_at, attempt_started_at, attempt_body, plan_id, overdue_at FROM followups ORDER BY id;
DROP TABLE followups;
ALTER TABLE followups_new RENAME TO followups;
CREATE INDEX followups_due ON followups (due_at) WHERE status = 'pending';
CREATE INDEX followups_leased ON followups (claimed_until) WHERE status = 'sending';
CREATE INDEX followups_open ON followups (volunteer_id, reminded_at DESC)
    WHERE kind IN ('thanks', 'next_step', 'plan_ask', 'plan_ask_again') AND status IN ('sent', 'delivered', 'overdue');
CREATE INDEX followups_volunteer_status ON followups (volunteer_id, status);
CREATE INDEX followups_report_id ON followups (report_id) WHERE report_id IS NOT NULL;
CREATE INDEX followups_parent_id ON followups (parent_id) WHERE parent_id IS NOT NULL;
CREATE UNIQUE INDEX followups_chain_key ON followups (parent_id, kind)
    WHERE status = 'pending' AND kind IN ('nudge', 'overdue', 'organizer_overdue');
CREATE UNIQUE INDEX followups_digest_key ON followups (volunteer_id, digest_week) WHERE kind = 'digest';
CREATE INDEX followups_plan_id ON followups (plan_id) WHERE plan_id IS NOT NULL;
CREATE UNIQUE INDEX followups_monthly_key ON followups (volunteer_id, digest_week) WHERE kind = 'monthly';
-- The monthly report's indexes (see the PostgreSQL migration); SQLite has
-- no INCLUDE, the columns are part of the key.
CREATE INDEX reports_completed ON reports (completed_at, volunteer_id) WHERE status = 'complete';
CREATE INDEX followups_next_step ON followups (created_at, volunteer_id, status) WHERE kind = 'next_step';
CREATE INDEX reports_volunteer_completed ON reports (volunteer_id, completed_at) WHERE status = 'complete';
CREATE INDEX followups_next_step_volunteer ON followups (volunteer_id, created_at, status) WHERE kind = 'next_step';

-- +goose Down
DROP INDEX reports_volunteer_completed;
DROP INDEX reports_completed;
CREATE TABLE followups_new (
    id                 INTEGER  PRIMARY KEY,
    report_id          INTEGER  REFERENCES reports (id) ON DELETE CASCADE,
    volunteer_id       INTEGER  NOT NULL REFERENCES volunteers (id) ON DELETE CASCADE,
    subject_id         INTEGER  REFERENCES volunteers (id) ON DELETE CASCADE,
    parent_id          INTEGER  REFERENCES followups_new (id) ON DELETE CASCADE,
    kind               TEXT     NOT NULL CHECK (kind IN ('thanks', 'next_step', 'nudge', 'overdue',
                                    'organizer_commitment', 'organizer_overdue', 'organizer_bad_number', 'digest',
                                    'plan_reminder', 'plan_ask', 'plan_ask_again')),
    due_at             DATETIME NOT NULL,
    status             TEXT     NOT NULL DEFAULT 'pending'
                                CHECK (status IN ('pending', 'sending', 'sent', 'delivered', 'failed',
                                    'done', 'cancelled', 'overdue')),
    attempts           INTEGER  NOT NULL DEFAULT 0,
    claimed_until      DATETIME,
    message_sid        TEXT     UNIQUE,
    segments           INTEGER,
    last_error         TEXT     NOT NULL DEFAULT '',
    error_code         INTEGER,
    sent_at            DATETIME,
    reminded_at        DATETIME,
    closed_at          DATETIME,
    digest_week        TEXT,     -- YYYY-MM-DD: a digest's Monday; a monthly text's month, its 1st
    created_at         DATETIME NOT NULL,
    updated_at         DATETIME NOT NULL,
    attempt_started_at DATETIME,
    attempt_body       TEXT,
    plan_id            INTEGER  REFERENCES plans (id) ON DELETE CASCADE,
    overdue_at         DATETIME
);
INSERT INTO followups_new (id, report_id, volunteer_id, subject_id, parent_id, kind, due_at, status, attempts, claimed_until, message_sid, segments, last_error, error_code, sent_at, reminded_at, closed_at, digest_week, created_at, updated_at, attempt_started_at, attempt_body, plan_id, overdue_at)
    SELECT id, report_id, volunteer_id, subject_id, parent_id, kind, due_at, status, attempts, claimed_until, message_sid, segments, last_error, error_code, sent_at, reminded_at, closed_at, digest_week, created_at, updated_at, attempt_started_at, attempt_body, plan_id, overdue_at FROM followups WHERE kind <> 'monthly' ORDER BY id;
DROP TABLE followups;
ALTER TABLE followups_new RENAME TO followups;
CREATE INDEX followups_due ON followups (due_at) WHERE status = 'pending';
CREATE INDEX followups_leased ON followups (claimed_until) WHERE status = 'sending';
CREATE INDEX followups_open ON followups (volunteer_id, reminded_at DESC)
    WHERE kind IN ('thanks', 'next_step', 'plan_ask', 'plan_ask_again') AND status IN ('sent', 'delivered', 'overdue');
CREATE INDEX followups_volunteer_status ON followups (volunteer_id, status);
CREATE INDEX followups_report_id ON followups (report_id) WHERE report_id IS NOT NULL;
CREATE INDEX followups_parent_id ON followups (parent_id) WHERE parent_id IS NOT NULL;
CREATE UNIQUE INDEX followups_chain_key ON followups (parent_id, kind)
    WHERE status = 'pending' AND kind IN ('nudge', 'overdue', 'organizer_overdue');
CREATE UNIQUE INDEX followups_digest_key ON followups (volunteer_id, digest_week) WHERE kind = 'digest';
CREATE INDEX followups_plan_id ON followups (plan_id) WHERE plan_id IS NOT NULL;
