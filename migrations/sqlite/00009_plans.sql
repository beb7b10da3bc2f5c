-- Planned 1:1s (issue 11) for the embedded database; the same tables as
-- postgres/00009_plans.sql (see there). SQLite cannot change a CHECK
-- constraint, so followups is rebuilt with the new kinds and columns (the
-- procedure of https://www.sqlite.org/lang_altertable.html, section 7):
-- foreign keys off for the copy, checked before the commit.

-- +goose NO TRANSACTION
-- +goose Up
PRAGMA foreign_keys = OFF;

-- +goose StatementBegin
BEGIN;
CREATE TABLE plans (
    id           INTEGER  PRIMARY KEY,
    volunteer_id INTEGER  NOT NULL REFERENCES volunteers (id) ON DELETE CASCADE,
    seq          INTEGER  NOT NULL,
    person_name  TEXT     NOT NULL,
    person_key   TEXT     NOT NULL,
    planned_at   DATETIME NOT NULL,
    has_time     BOOLEAN  NOT NULL,
    status       TEXT     NOT NULL DEFAULT 'planned' CHECK (status IN ('planned', 'reported', 'cancelled')),
    report_id    INTEGER  REFERENCES reports (id) ON DELETE SET NULL,
    created_at   DATETIME NOT NULL,
    updated_at   DATETIME NOT NULL,
    closed_at    DATETIME,
    UNIQUE (volunteer_id, seq)
);
CREATE INDEX plans_planned_at ON plans (planned_at);
CREATE INDEX plans_report_id ON plans (report_id) WHERE report_id IS NOT NULL;

CREATE TABLE followups_new (
    id            INTEGER  PRIMARY KEY,
    report_id     INTEGER  REFERENCES reports (id) ON DELETE CASCADE,
    volunteer_id  INTEGER  NOT NULL REFERENCES volunteers (id) ON DELETE CASCADE,
    subject_id    INTEGER  REFERENCES volunteers (id) ON DELETE CASCADE,
    parent_id     INTEGER  REFERENCES followups (id) ON DELETE CASCADE,
    kind          TEXT     NOT NULL CHECK (kind IN ('thanks', 'next_step', 'nudge', 'overdue',
                               'organizer_commitment', 'organizer_overdue', 'organizer_bad_number', 'digest',
                               'plan_reminder', 'plan_ask', 'plan_ask_again')),
    due_at        DATETIME NOT NULL,
    status        TEXT     NOT NULL DEFAULT 'pending'
                           CHECK (status IN ('pending', 'sending', 'sent', 'delivered', 'failed',
                               'done', 'cancelled', 'overdue')),
    attempts      INTEGER  NOT NULL DEFAULT 0,
    claimed_until DATETIME,
    message_sid   TEXT     UNIQUE,
    segments      INTEGER,
    last_error    TEXT     NOT NULL DEFAULT '',
    error_code    INTEGER,
    sent_at       DATETIME,
    reminded_at   DATETIME,
    closed_at     DATETIME,
    digest_week   TEXT,     -- YYYY-MM-DD, the Monday a digest is sent
    created_at    DATETIME NOT NULL,
    updated_at    DATETIME NOT NULL,
    attempt_started_at DATETIME,
    attempt_body  TEXT,
    plan_id       INTEGER  REFERENCES plans (id) ON DELETE CASCADE,
    overdue_at    DATETIME
);
INSERT INTO followups_new (id, report_id, volunteer_id, subject_id, parent_id, kind, due_at, status, attempts, claimed_until, message_sid, segments, last_error, error_code, sent_at, reminded_at, closed_at, digest_week, created_at, updated_at, attempt_started_at, attempt_body, overdue_at)
    SELECT id, report_id, volunteer_id, subject_id, parent_id, kind, due_at, status, attempts, claimed_until, message_sid, segments, last_error, error_code, sent_at, reminded_at, closed_at, digest_week, created_at, updated_at, attempt_started_at, attempt_body, CASE WHEN status = 'overdue' THEN updated_at END FROM followups;
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
COMMIT;
-- +goose StatementEnd

PRAGMA foreign_key_check;
PRAGMA foreign_keys = ON;

-- +goose Down
PRAGMA foreign_keys = OFF;

-- +goose StatementBegin
BEGIN;
DELETE FROM followups WHERE plan_id IS NOT NULL;
CREATE TABLE followups_old (
    id            INTEGER  PRIMARY KEY,
    report_id     INTEGER  REFERENCES reports (id) ON DELETE CASCADE,
    volunteer_id  INTEGER  NOT NULL REFERENCES volunteers (id) ON DELETE CASCADE,
    subject_id    INTEGER  REFERENCES volunteers (id) ON DELETE CASCADE,
    parent_id     INTEGER  REFERENCES followups (id) ON DELETE CASCADE,
    kind          TEXT     NOT NULL CHECK (kind IN ('thanks', 'next_step', 'nudge', 'overdue',
                               'organizer_commitment', 'organizer_overdue', 'organizer_bad_number', 'digest')),
    due_at        DATETIME NOT NULL,
    status        TEXT     NOT NULL DEFAULT 'pending'
                           CHECK (status IN ('pending', 'sending', 'sent', 'delivered', 'failed',
                               'done', 'cancelled', 'overdue')),
    attempts      INTEGER  NOT NULL DEFAULT 0,
    claimed_until DATETIME,
    message_sid   TEXT     UNIQUE,
    segments      INTEGER,
    last_error    TEXT     NOT NULL DEFAULT '',
    error_code    INTEGER,
    sent_at       DATETIME,
    reminded_at   DATETIME,
    closed_at     DATETIME,
    digest_week   TEXT,     -- YYYY-MM-DD, the Monday a digest is sent
    created_at    DATETIME NOT NULL,
    updated_at    DATETIME NOT NULL,
    attempt_started_at DATETIME,
    attempt_body  TEXT
);
INSERT INTO followups_old (id, report_id, volunteer_id, subject_id, parent_id, kind, due_at, status, attempts, claimed_until, message_sid, segments, last_error, error_code, sent_at, reminded_at, closed_at, digest_week, created_at, updated_at, attempt_started_at, attempt_body) SELECT id, report_id, volunteer_id, subject_id, parent_id, kind, due_at, status, attempts, claimed_until, message_sid, segments, last_error, error_code, sent_at, reminded_at, closed_at, digest_week, created_at, updated_at, attempt_started_at, attempt_body FROM followups;
DROP TABLE followups;
ALTER TABLE followups_old RENAME TO followups;
CREATE INDEX followups_due ON followups (due_at) WHERE status = 'pending';
CREATE INDEX followups_leased ON followups (claimed_until) WHERE status = 'sending';
CREATE INDEX followups_open ON followups (volunteer_id, reminded_at DESC)
    WHERE kind IN ('thanks', 'next_step') AND status IN ('sent', 'delivered', 'overdue');
CREATE INDEX followups_volunteer_status ON followups (volunteer_id, status);
CREATE INDEX followups_report_id ON followups (report_id) WHERE report_id IS NOT NULL;
CREATE INDEX followups_parent_id ON followups (parent_id) WHERE parent_id IS NOT NULL;
CREATE UNIQUE INDEX followups_chain_key ON followups (parent_id, kind)
    WHERE status = 'pending' AND kind IN ('nudge', 'overdue', 'organizer_overdue');
CREATE UNIQUE INDEX followups_digest_key ON followups (volunteer_id, digest_week) WHERE kind = 'digest';
DROP TABLE plans;
COMMIT;
-- +goose StatementEnd

PRAGMA foreign_keys = ON;
