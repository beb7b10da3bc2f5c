-- Organizers on the web (issue 10). A person signs in with a six-digit
-- code texted to their phone: signin_codes keeps it hashed with a salt of
-- its own, with its expiry, the wrong guesses made and when it was used.
-- signin_requests counts requests per number and per client address over
-- the last hour, for every number typed, signed up or not, so that the
-- limits hold across instances and say nothing about who is signed up.
-- web_sessions holds the sessions: the cookie carries a random token, the
-- table its SHA-256 only. Changing a person's role deletes their sessions
-- (store.SetRole), in the same transaction.

-- +goose Up
CREATE TABLE signin_requests (
    id           INTEGER PRIMARY KEY,
    phone        TEXT        NOT NULL, -- E.164 as typed and normalized
    client       TEXT        NOT NULL, -- the client's IP address
    requested_at DATETIME    NOT NULL
);
CREATE INDEX signin_requests_phone ON signin_requests (phone, requested_at);
CREATE INDEX signin_requests_client ON signin_requests (client, requested_at);

CREATE TABLE signin_codes (
    id           INTEGER PRIMARY KEY,
    volunteer_id INTEGER     NOT NULL REFERENCES volunteers (id) ON DELETE CASCADE,
    salt         TEXT        NOT NULL,
    code_hash    TEXT        NOT NULL, -- hex SHA-256 of salt and code
    attempts     INTEGER     NOT NULL DEFAULT 0,
    expires_at   DATETIME    NOT NULL,
    used_at      DATETIME   ,
    created_at   DATETIME    NOT NULL
);
CREATE INDEX signin_codes_volunteer ON signin_codes (volunteer_id, created_at);

CREATE TABLE web_sessions (
    token_hash   TEXT        PRIMARY KEY, -- hex SHA-256 of the cookie's token
    volunteer_id INTEGER     NOT NULL REFERENCES volunteers (id) ON DELETE CASCADE,
    created_at   DATETIME    NOT NULL,
    seen_at      DATETIME    NOT NULL
);
CREATE INDEX web_sessions_volunteer ON web_sessions (volunteer_id);

-- +goose Down
DROP TABLE web_sessions;
DROP TABLE signin_codes;
DROP TABLE signin_requests;
