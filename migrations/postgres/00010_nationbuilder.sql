-- NationBuilder sync (issue 12): every completed report is pushed to the
-- nation, once per revision, by the scheduler process (internal/nbsync).
--
-- nb_pushes is the durable work: one row per report, written by a trigger
-- on reports in the same statement that completes or edits the report, so
-- the push is exactly as durable as the report, whichever writer made it
-- (the webhook's Save CTE, chat, a DONE that marks a report thanked), and
-- the hot path's statement texts do not change. The trigger fires only
-- for a complete report whose pushed values changed: a draft (saved or
-- discarded) is never pushed, and a text that re-saves a report unchanged
-- queues nothing. An edit while a push is under way bumps revision: the
-- push is marked done only if revision is still the one it claimed, else
-- it goes again.
--
-- NationBuilder's ids are stored as they are learned (person_id,
-- author_id, contact_id; contact_started_at stamps a contact request
-- before it leaves), so a push retried after a crash continues. nb_people
-- keeps the person id of each of Debrief's external ids, for every report
-- about the same person and for volunteers.
--
-- nb_connection (one row) keeps the OAuth token, sealed with AES-GCM
-- (NATIONBUILDER_TOKEN_KEY), and why it stopped working, if it did.
--
-- None of these writes changes what store.Load reads: no version bump
-- (see 00003).

-- +goose Up
CREATE TABLE nb_pushes (
    id                 bigserial   PRIMARY KEY,
    report_id          bigint      NOT NULL UNIQUE REFERENCES reports (id) ON DELETE CASCADE,
    status             text        NOT NULL DEFAULT 'pending'
                                   CHECK (status IN ('pending', 'sending', 'done', 'failed')),
    revision           integer     NOT NULL DEFAULT 1,
    attempts           integer     NOT NULL DEFAULT 0,
    due_at             timestamptz NOT NULL,
    claimed_until      timestamptz,
    person_id          text        NOT NULL DEFAULT '',
    author_id          text        NOT NULL DEFAULT '',
    contact_id         text        NOT NULL DEFAULT '',
    contact_logged     boolean     NOT NULL DEFAULT FALSE,
    contact_started_at timestamptz,
    tags               text        NOT NULL DEFAULT '', -- the tags applied, one a line
    last_error         text        NOT NULL DEFAULT '',
    pushed_at          timestamptz,
    created_at         timestamptz NOT NULL,
    updated_at         timestamptz NOT NULL
);
-- The claim's index: only rows that wait.
CREATE INDEX nb_pushes_due ON nb_pushes (due_at) WHERE status IN ('pending', 'sending');

CREATE TABLE nb_people (
    external_id text        PRIMARY KEY,
    person_id   text        NOT NULL,
    updated_at  timestamptz NOT NULL
);

CREATE TABLE nb_connection (
    id         integer     PRIMARY KEY CHECK (id = 1),
    token      text        NOT NULL,
    expires_at timestamptz,
    problem    text        NOT NULL DEFAULT '',
    updated_at timestamptz NOT NULL
);

-- +goose StatementBegin
CREATE FUNCTION nb_push_report() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO nb_pushes (report_id, due_at, created_at, updated_at)
    VALUES (NEW.id, NEW.updated_at, NEW.updated_at, NEW.updated_at)
    ON CONFLICT (report_id) DO UPDATE SET
        revision   = nb_pushes.revision + 1,
        status     = CASE WHEN nb_pushes.status = 'sending' THEN 'sending' ELSE 'pending' END,
        due_at     = EXCLUDED.due_at,
        attempts   = 0,
        last_error = '',
        updated_at = EXCLUDED.updated_at;
    RETURN NULL;
END
$$;
-- +goose StatementEnd

CREATE TRIGGER reports_nb_push_insert AFTER INSERT ON reports
    FOR EACH ROW WHEN (NEW.status = 'complete')
    EXECUTE FUNCTION nb_push_report();

CREATE TRIGGER reports_nb_push_update AFTER UPDATE ON reports
    FOR EACH ROW WHEN (NEW.status = 'complete' AND (
        OLD.status IS DISTINCT FROM NEW.status OR
        (OLD.person_name, OLD.person_phone, OLD.person_email, OLD.issue, OLD.commitment, OLD.commitments,
         OLD.commitment_text, OLD.next_steps, OLD.next_contact_at, OLD.next_contact_has_time, OLD.enjoy,
         OLD.notes, OLD.thanked, OLD.extra)
        IS DISTINCT FROM
        (NEW.person_name, NEW.person_phone, NEW.person_email, NEW.issue, NEW.commitment, NEW.commitments,
         NEW.commitment_text, NEW.next_steps, NEW.next_contact_at, NEW.next_contact_has_time, NEW.enjoy,
         NEW.notes, NEW.thanked, NEW.extra)))
    EXECUTE FUNCTION nb_push_report();

-- +goose Down
DROP TRIGGER reports_nb_push_update ON reports;
DROP TRIGGER reports_nb_push_insert ON reports;
DROP FUNCTION nb_push_report();
DROP TABLE nb_connection;
DROP TABLE nb_people;
DROP TABLE nb_pushes;
