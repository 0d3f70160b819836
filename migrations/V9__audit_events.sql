-- audit: the tamper-evident trail of every change to patients, appointments, payments, staff,
-- the catalog (specialties, doctors, schedules, time off) and the settings: who (actor, NULL for
-- the system: init, demo, fixtures), when (UTC, RFC 3339), what (entity kind, id, action) and
-- the entity's business fields before and after (canonical JSON text written by the program,
-- NULL when not applicable). Never a secret: no password or its hash, no session token, no card
-- number (src/domain/audit refuses such keys).
--
-- Rows are hash-chained: `hash` is the SHA-256 (hex) of `prev_hash` and a canonical encoding of
-- the row's own fields, computed in Rust from the stored text (src/domain/audit/chain.rs), so it
-- is the same on both engines. `id` is the chain position (1, 2, 3... with no gap); the first
-- row's `prev_hash` is 64 zeros. The UNIQUE constraint on `prev_hash` makes a fork impossible:
-- two desks appending at once cannot both follow the same row (one waits or runs again).
-- Append-only: the triggers below refuse UPDATE and DELETE. `saludya audit verify` recomputes
-- the chain and names the first row edited, inserted or deleted outside the program.

CREATE TABLE audit_events (
    id         INTEGER PRIMARY KEY CHECK (id >= 1),
    at         TEXT NOT NULL,
    actor      TEXT REFERENCES auth_staff (id),
    entity     TEXT NOT NULL,
    entity_id  TEXT NOT NULL,
    action     TEXT NOT NULL,
    before     TEXT,
    after      TEXT,
    prev_hash  TEXT NOT NULL UNIQUE CHECK (length(prev_hash) = 64),
    hash       TEXT NOT NULL UNIQUE CHECK (length(hash) = 64),
    CHECK ((id = 1) = (prev_hash = '0000000000000000000000000000000000000000000000000000000000000000'))
) STRICT;
-- serves: `audit log --patient/--appointment/--staff` (the events of one entity)
CREATE INDEX audit_events_entity ON audit_events (entity_id, id);
-- serves: `audit log --staff` (what one member did)
CREATE INDEX audit_events_actor ON audit_events (actor, id);

CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events
BEGIN
    SELECT RAISE(ABORT, 'audit_events is append-only');
END;

CREATE TRIGGER audit_events_no_delete BEFORE DELETE ON audit_events
BEGIN
    SELECT RAISE(ABORT, 'audit_events is append-only');
END;
