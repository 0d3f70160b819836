-- PostgreSQL twin of migrations/V8__appointment_emergency_override.sql: the same tables, columns and indexes. Text is
-- COLLATE "C" (byte order, as SQLite compares), integers are BIGINT, booleans 0/1 as in SQLite.
-- appointments: a booking made although the patient's orientation at the desk flagged an
-- EMERGENCY keeps that orientation here (the desk saw the warning and confirmed twice).
-- NULL for every ordinary booking. Read by audits (SELECT ... WHERE emergency_override IS NOT NULL).
ALTER TABLE appointment_appointments ADD COLUMN emergency_override TEXT COLLATE "C" REFERENCES ai_queries (id);
