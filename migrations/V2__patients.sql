-- patients (the original "user" service): patient profiles.

CREATE TABLE user_patients (
    id          TEXT PRIMARY KEY,                   -- UUID v7
    doc_type    TEXT NOT NULL CHECK (doc_type IN ('dni', 'ce', 'passport')),
    doc_number  TEXT NOT NULL,
    first_name  TEXT NOT NULL,
    last_name   TEXT NOT NULL,
    -- folded (lower case, no accents) "last first" and "first last", for prefix search
    search_last_first TEXT NOT NULL,
    search_first_last TEXT NOT NULL,
    email       TEXT,
    phone       TEXT,                               -- E.164
    birth_date  TEXT,                               -- YYYY-MM-DD
    sex         TEXT CHECK (sex IN ('f', 'm')),
    created_at  TEXT NOT NULL,                      -- UTC
    updated_at  TEXT NOT NULL,
    UNIQUE (doc_type, doc_number)
) STRICT;
-- serves: "email unique when present"
CREATE UNIQUE INDEX user_patients_email ON user_patients (email COLLATE NOCASE) WHERE email IS NOT NULL;
-- serves: DNI prefix search (range scan)
CREATE INDEX user_patients_doc_number ON user_patients (doc_number);
-- serves: name prefix search (range scans)
CREATE INDEX user_patients_search_last_first ON user_patients (search_last_first);
CREATE INDEX user_patients_search_first_last ON user_patients (search_first_last);
