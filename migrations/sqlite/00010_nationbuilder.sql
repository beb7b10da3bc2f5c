-- NationBuilder sync (issue 12); see the PostgreSQL migration. SQLite's
-- triggers run in the statement that writes the report, as PostgreSQL's do.

-- +goose Up
CREATE TABLE nb_pushes (
    id                 INTEGER  PRIMARY KEY,
    report_id          INTEGER  NOT NULL UNIQUE REFERENCES reports (id) ON DELETE CASCADE,
    status             TEXT     NOT NULL DEFAULT 'pending'
                                CHECK (status IN ('pending', 'sending', 'done', 'failed')),
    revision           INTEGER  NOT NULL DEFAULT 1,
    attempts           INTEGER  NOT NULL DEFAULT 0,
    due_at             DATETIME NOT NULL,
    claimed_until      DATETIME,
    person_id          TEXT     NOT NULL DEFAULT '',
    author_id          TEXT     NOT NULL DEFAULT '',
    contact_id         TEXT     NOT NULL DEFAULT '',
    contact_logged     BOOLEAN  NOT NULL DEFAULT FALSE,
    contact_started_at DATETIME,
    tags               TEXT     NOT NULL DEFAULT '',
    last_error         TEXT     NOT NULL DEFAULT '',
    pushed_at          DATETIME,
    created_at         DATETIME NOT NULL,
    updated_at         DATETIME NOT NULL
);
CREATE INDEX nb_pushes_due ON nb_pushes (due_at) WHERE status IN ('pending', 'sending');

CREATE TABLE nb_people (
    external_id TEXT     PRIMARY KEY,
    person_id   TEXT     NOT NULL,
    updated_at  DATETIME NOT NULL
);

CREATE TABLE nb_connection (
    id         INTEGER  PRIMARY KEY CHECK (id = 1),
    token      TEXT     NOT NULL,
    expires_at DATETIME,
    problem    TEXT     NOT NULL DEFAULT '',
    updated_at DATETIME NOT NULL
);

-- +goose StatementBegin
CREATE TRIGGER reports_nb_push_insert AFTER INSERT ON reports
WHEN NEW.status = 'complete'
BEGIN
    INSERT INTO nb_pushes (report_id, due_at, created_at, updated_at)
    VALUES (NEW.id, NEW.updated_at, NEW.updated_at, NEW.updated_at)
    ON CONFLICT (report_id) DO UPDATE SET
        revision = revision + 1,
        status = CASE WHEN status = 'sending' THEN 'sending' ELSE 'pending' END,
        due_at = excluded.due_at, attempts = 0, last_error = '', updated_at = excluded.updated_at;
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER reports_nb_push_update AFTER UPDATE ON reports
WHEN NEW.status = 'complete' AND (
    OLD.status IS NOT NEW.status OR OLD.person_name IS NOT NEW.person_name OR
    OLD.person_phone IS NOT NEW.person_phone OR OLD.person_email IS NOT NEW.person_email OR
    OLD.issue IS NOT NEW.issue OR OLD.commitment IS NOT NEW.commitment OR
    OLD.commitments IS NOT NEW.commitments OR OLD.commitment_text IS NOT NEW.commitment_text OR
    OLD.next_steps IS NOT NEW.next_steps OR OLD.next_contact_at IS NOT NEW.next_contact_at OR
    OLD.next_contact_has_time IS NOT NEW.next_contact_has_time OR OLD.enjoy IS NOT NEW.enjoy OR
    OLD.notes IS NOT NEW.notes OR OLD.thanked IS NOT NEW.thanked OR OLD.extra IS NOT NEW.extra)
BEGIN
    INSERT INTO nb_pushes (report_id, due_at, created_at, updated_at)
    VALUES (NEW.id, NEW.updated_at, NEW.updated_at, NEW.updated_at)
    ON CONFLICT (report_id) DO UPDATE SET
        revision = revision + 1,
        status = CASE WHEN status = 'sending' THEN 'sending' ELSE 'pending' END,
        due_at = excluded.due_at, attempts = 0, last_error = '', updated_at = excluded.updated_at;
END;
-- +goose StatementEnd

-- +goose Down
DROP TRIGGER reports_nb_push_update;
DROP TRIGGER reports_nb_push_insert;
DROP TABLE nb_connection;
DROP TABLE nb_people;
DROP TABLE nb_pushes;
