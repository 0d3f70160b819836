-- auth: staff who operate the desk (not patients) and their sessions.
-- Timestamps in this file are UTC, RFC 3339 ("2026-11-26T14:00:00Z"), so text order is time order.

CREATE TABLE auth_staff (
    id            TEXT PRIMARY KEY,                 -- UUID v7
    email         TEXT NOT NULL COLLATE NOCASE UNIQUE,
    full_name     TEXT NOT NULL DEFAULT '',
    password_hash TEXT NOT NULL,                    -- argon2id PHC string, never the password
    role          TEXT NOT NULL CHECK (role IN ('admin', 'receptionist')),
    disabled      INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
    created_at    TEXT NOT NULL,
    last_login_at TEXT
) STRICT;

CREATE TABLE auth_sessions (
    id          TEXT PRIMARY KEY,
    staff_id    TEXT NOT NULL REFERENCES auth_staff (id),
    token_hash  TEXT NOT NULL UNIQUE,               -- hex SHA-256 of the 256-bit token
    created_at  TEXT NOT NULL,
    expires_at  TEXT NOT NULL,
    revoked_at  TEXT
) STRICT;

-- Every login attempt, by the e-mail as typed (lower-cased), whether or not an account exists:
-- throttling works the same for unknown e-mails, so the wait reveals nothing.
CREATE TABLE auth_login_attempts (
    id      INTEGER PRIMARY KEY,
    email   TEXT NOT NULL,
    at      TEXT NOT NULL,
    success INTEGER NOT NULL CHECK (success IN (0, 1))
) STRICT;
-- serves: the recent failures of one e-mail (throttle)
CREATE INDEX auth_login_attempts_email_at ON auth_login_attempts (email, at);
