-- Debrief's first schema for the embedded SQLite database; the same tables
-- as postgres/00001_schema.sql. Timestamps are DATETIME so the driver reads
-- them back as times; they are always written in UTC.
-- Follow-ups (issue 3) come in a later migration: they will reference
-- reports(id) and messages(id), and read reports.next_contact_at.

-- +goose Up
CREATE TABLE teams (
    id           INTEGER  PRIMARY KEY,
    name         TEXT     NOT NULL CHECK (trim(name) <> ''),
    organizer_id INTEGER  REFERENCES volunteers (id) ON DELETE SET NULL,
    created_at   DATETIME NOT NULL
);
-- "Eastside" and "eastside" are the same team.
CREATE UNIQUE INDEX teams_name_key ON teams (lower(name));

CREATE TABLE volunteers (
    id           INTEGER  PRIMARY KEY,
    phone        TEXT     NOT NULL UNIQUE CHECK (phone GLOB '+[1-9]*' AND length(phone) BETWEEN 3 AND 16), -- E.164
    name         TEXT     NOT NULL DEFAULT '',
    team_id      INTEGER  REFERENCES teams (id) ON DELETE SET NULL,
    language     TEXT     NOT NULL,
    time_zone    TEXT     NOT NULL,
    role         TEXT     NOT NULL DEFAULT 'volunteer'
                          CHECK (role IN ('volunteer', 'organizer', 'coordinator')),
    opted_out    BOOLEAN  NOT NULL DEFAULT FALSE,
    opted_out_at DATETIME,
    created_at   DATETIME NOT NULL,
    updated_at   DATETIME NOT NULL
);
CREATE INDEX volunteers_team_id ON volunteers (team_id);

-- One row per volunteer. version guards against two texts from the same
-- phone being processed at once: a step is saved only if version is still
-- what it was when the step was loaded.
CREATE TABLE conversations (
    volunteer_id     INTEGER  PRIMARY KEY REFERENCES volunteers (id) ON DELETE CASCADE,
    step             TEXT     NOT NULL DEFAULT '',
    last_seq         INTEGER  NOT NULL DEFAULT 0,
    state            TEXT     NOT NULL DEFAULT '{}' CHECK (json_valid(state)), -- conversation.State's JSON fields
    version          INTEGER  NOT NULL DEFAULT 0,
    last_activity_at DATETIME,
    updated_at       DATETIME NOT NULL
);

CREATE TABLE reports (
    id                    INTEGER  PRIMARY KEY,
    volunteer_id          INTEGER  NOT NULL REFERENCES volunteers (id) ON DELETE CASCADE,
    seq                   INTEGER  NOT NULL CHECK (seq > 0),
    person_name           TEXT     NOT NULL DEFAULT '',
    person_phone          TEXT     NOT NULL DEFAULT '',
    person_email          TEXT     NOT NULL DEFAULT '',
    issue                 TEXT     NOT NULL DEFAULT '',
    commitment            TEXT     NOT NULL DEFAULT ''
                                   CHECK (commitment IN ('', 'house_party', 'action', 'meet_again', 'other', 'none')),
    commitment_text       TEXT     NOT NULL DEFAULT '',
    next_steps            TEXT     NOT NULL DEFAULT '',
    next_contact_at       DATETIME,
    next_contact_has_time BOOLEAN  NOT NULL DEFAULT FALSE,
    enjoy                 TEXT     NOT NULL DEFAULT '',
    notes                 TEXT     NOT NULL DEFAULT '',
    thanked               BOOLEAN,
    extra                 TEXT     NOT NULL DEFAULT '{}' CHECK (json_valid(extra)), -- a team's own questions: {"key": "answer"}
    status                TEXT     NOT NULL DEFAULT 'draft'
                                   CHECK (status IN ('draft', 'complete', 'abandoned')),
    started_at            DATETIME NOT NULL,
    updated_at            DATETIME NOT NULL,
    completed_at          DATETIME,
    UNIQUE (volunteer_id, seq)
);
-- AbandonStale looks for drafts nobody has touched for a while.
CREATE INDEX reports_draft_updated_at ON reports (updated_at) WHERE status = 'draft';

-- Every text in and out; see the PostgreSQL schema. Replies sent as TwiML
-- are stored on the text they answer, a JSON array in replies.
CREATE TABLE messages (
    id           INTEGER  PRIMARY KEY,
    message_sid  TEXT     UNIQUE,
    direction    TEXT     NOT NULL CHECK (direction IN ('in', 'out')),
    volunteer_id INTEGER  REFERENCES volunteers (id) ON DELETE CASCADE,
    phone        TEXT     NOT NULL, -- the volunteer's side of the exchange, E.164
    body         TEXT     NOT NULL,
    num_media    INTEGER  NOT NULL DEFAULT 0,
    media_urls   TEXT     NOT NULL DEFAULT '[]' CHECK (json_valid(media_urls)),
    replies      TEXT     NOT NULL DEFAULT '[]' CHECK (json_valid(replies)), -- TwiML answer, in order
    status       TEXT     NOT NULL, -- received, or Twilio's queued/sent/delivered/failed...
    created_at   DATETIME NOT NULL
);
CREATE INDEX messages_volunteer_id_created_at ON messages (volunteer_id, created_at);

-- +goose Down
DROP TABLE messages;
DROP TABLE reports;
DROP TABLE conversations;
DROP TABLE volunteers;
DROP TABLE teams;
