-- PostgreSQL twin of migrations/V4__orientation.sql: the same tables, columns and indexes. Text is
-- COLLATE "C" (byte order, as SQLite compares), integers are BIGINT, booleans 0/1 as in SQLite.
-- orientation (the original "AI" service): stored orientation queries. The engine is code + embedded data.

CREATE TABLE ai_queries (
    id             TEXT COLLATE "C" PRIMARY KEY,
    staff_id       TEXT COLLATE "C" REFERENCES auth_staff (id),
    patient_id     TEXT COLLATE "C" REFERENCES user_patients (id),
    text           TEXT COLLATE "C" NOT NULL,
    age            BIGINT,
    sex            TEXT COLLATE "C" CHECK (sex IN ('f', 'm')),
    specialty      TEXT COLLATE "C",
    emergency      BIGINT NOT NULL CHECK (emergency IN (0, 1)),
    urgency        TEXT COLLATE "C" NOT NULL,
    confidence     DOUBLE PRECISION NOT NULL,
    result_json    TEXT COLLATE "C" NOT NULL,
    engine_version TEXT COLLATE "C" NOT NULL,
    created_at     TEXT COLLATE "C" NOT NULL
);
CREATE INDEX ai_queries_patient ON ai_queries (patient_id, created_at);
