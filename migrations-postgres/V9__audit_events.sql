-- PostgreSQL twin of migrations/V9__audit_events.sql: the same tables, columns and indexes. Text is
-- COLLATE "C" (byte order, as SQLite compares), integers are BIGINT.
-- audit: the tamper-evident trail of every change to patients, appointments, payments, staff,
-- the catalog (specialties, doctors, schedules, time off) and the settings: who (actor, NULL for
-- the system: init, demo, fixtures), when (UTC, RFC 3339), what (entity kind, id, action) and
-- the entity's business fields before and after (canonical JSON text written by the program,
-- NULL when not applicable; TEXT, not jsonb, so the stored bytes are the hashed bytes). Never a
-- secret: no password or its hash, no session token, no card number.
--
-- Rows are hash-chained: `hash` is the SHA-256 (hex) of `prev_hash` and a canonical encoding of
-- the row's own fields, computed in Rust from the stored text (src/domain/audit/chain.rs), so it
-- is the same on both engines. `id` is the chain position (1, 2, 3... with no gap; not an
-- identity: the program writes it); the first row's `prev_hash` is 64 zeros. The UNIQUE
-- constraint on `prev_hash` makes a fork impossible: two desks appending at once cannot both
-- follow the same row (the SERIALIZABLE loser runs again).
-- Append-only: the triggers below refuse UPDATE, DELETE and TRUNCATE.

CREATE TABLE audit_events (
    id         BIGINT PRIMARY KEY CHECK (id >= 1),
    at         TEXT COLLATE "C" NOT NULL,
    actor      TEXT COLLATE "C" REFERENCES auth_staff (id),
    entity     TEXT COLLATE "C" NOT NULL,
    entity_id  TEXT COLLATE "C" NOT NULL,
    action     TEXT COLLATE "C" NOT NULL,
    before     TEXT COLLATE "C",
    after      TEXT COLLATE "C",
    prev_hash  TEXT COLLATE "C" NOT NULL UNIQUE CHECK (length(prev_hash) = 64),
    hash       TEXT COLLATE "C" NOT NULL UNIQUE CHECK (length(hash) = 64),
    CHECK ((id = 1) = (prev_hash = '0000000000000000000000000000000000000000000000000000000000000000'))
);
-- serves: `audit log --patient/--appointment/--staff` (the events of one entity)
CREATE INDEX audit_events_entity ON audit_events (entity_id, id);
-- serves: `audit log --staff` (what one member did)
CREATE INDEX audit_events_actor ON audit_events (actor, id);

CREATE FUNCTION audit_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_events is append-only';
END
$$;

CREATE TRIGGER audit_events_no_update_delete BEFORE UPDATE OR DELETE ON audit_events
    FOR EACH ROW EXECUTE FUNCTION audit_events_append_only();

CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events
    FOR EACH STATEMENT EXECUTE FUNCTION audit_events_append_only();
