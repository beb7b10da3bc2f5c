-- Follow-ups (issue 3) for the embedded database; the same table as
-- postgres/00002_followups.sql. One instance sends, in short write
-- transactions; the lease (claimed_until) still returns rows a dead
-- process left in 'sending' to 'pending'.

-- +goose Up
ALTER TABLE volunteers ADD COLUMN phone_bad    BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE volunteers ADD COLUMN phone_bad_at DATETIME;

ALTER TABLE messages ADD COLUMN segments   INTEGER;
ALTER TABLE messages ADD COLUMN error_code INTEGER;

CREATE TABLE followups (
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
    updated_at    DATETIME NOT NULL
);
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

-- +goose Down
DROP TABLE followups;
ALTER TABLE messages DROP COLUMN error_code;
ALTER TABLE messages DROP COLUMN segments;
ALTER TABLE volunteers DROP COLUMN phone_bad_at;
ALTER TABLE volunteers DROP COLUMN phone_bad;
