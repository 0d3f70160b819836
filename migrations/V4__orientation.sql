-- orientation (the original "AI" service): stored orientation queries. The engine is code + embedded data.

CREATE TABLE ai_queries (
    id             TEXT PRIMARY KEY,
    staff_id       TEXT REFERENCES auth_staff (id),
    patient_id     TEXT REFERENCES user_patients (id),
    text           TEXT NOT NULL,
    age            INTEGER,
    sex            TEXT CHECK (sex IN ('f', 'm')),
    specialty      TEXT,
    emergency      INTEGER NOT NULL CHECK (emergency IN (0, 1)),
    urgency        TEXT NOT NULL,
    confidence     REAL NOT NULL,
    result_json    TEXT NOT NULL,
    engine_version TEXT NOT NULL,
    created_at     TEXT NOT NULL
) STRICT;
CREATE INDEX ai_queries_patient ON ai_queries (patient_id, created_at);
