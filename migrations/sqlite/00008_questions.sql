-- A team's own questions, and the national campaign's set (issue 11).
-- See migrations/postgres/00008_questions.sql: the same tables. Answers
-- stay in reports.extra, keyed "q" || question_versions.id; the monthly
-- counts read it with json_each.

-- +goose Up
CREATE TABLE questions (
    id         INTEGER  PRIMARY KEY,
    team_id    INTEGER  REFERENCES teams (id) ON DELETE CASCADE, -- NULL: every team
    position   INTEGER  NOT NULL,
    national   TEXT     NOT NULL DEFAULT '',
    retired_at DATETIME,
    created_at DATETIME NOT NULL,
    updated_at DATETIME NOT NULL
);
CREATE INDEX questions_team_id ON questions (team_id, position);
CREATE UNIQUE INDEX questions_national_key ON questions (COALESCE(team_id, 0), national) WHERE national <> '';

CREATE TABLE question_versions (
    id          INTEGER  PRIMARY KEY,
    question_id INTEGER  NOT NULL REFERENCES questions (id) ON DELETE CASCADE,
    version     INTEGER  NOT NULL CHECK (version > 0),
    kind        TEXT     NOT NULL CHECK (kind IN ('text', 'yesno', 'choice', 'number', 'date')),
    text_en     TEXT     NOT NULL CHECK (trim(text_en) <> ''),
    text_es     TEXT     NOT NULL DEFAULT '',
    choices     TEXT     NOT NULL DEFAULT '[]',
    optional    BOOLEAN  NOT NULL DEFAULT 0,
    created_at  DATETIME NOT NULL,
    UNIQUE (question_id, version)
);

-- +goose Down
DROP TABLE question_versions;
DROP TABLE questions;
