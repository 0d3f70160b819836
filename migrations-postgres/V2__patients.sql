-- PostgreSQL twin of migrations/V2__patients.sql: the same tables, columns and indexes. Text is
-- COLLATE "C" (byte order, as SQLite compares), integers are BIGINT, booleans 0/1 as in SQLite.
-- patients (the original "user" service): patient profiles.
-- Validation lives in src/domain/patients/validate.rs; the CHECKs below are the last line of defence.

CREATE TABLE user_patients (
    id          TEXT COLLATE "C" PRIMARY KEY,                   -- UUID v7
    doc_type    TEXT COLLATE "C" NOT NULL CHECK (doc_type IN ('dni', 'ce', 'passport')),
    doc_number  TEXT COLLATE "C" NOT NULL CHECK (doc_number <> ''),  -- DNI 8 digits, CE 9 digits, passport 6-12 A-Z0-9
    first_name  TEXT COLLATE "C" NOT NULL CHECK (first_name <> ''),
    last_name   TEXT COLLATE "C" NOT NULL CHECK (last_name <> ''),
    -- folded (lower case, no accents) "last first": list order and the probable-duplicate check
    search_name TEXT COLLATE "C" NOT NULL,
    email       TEXT COLLATE "C",                               -- lower case
    phone       TEXT COLLATE "C",                               -- E.164, "+51987654321"
    birth_date  TEXT COLLATE "C",                               -- YYYY-MM-DD
    sex         TEXT COLLATE "C" CHECK (sex IN ('f', 'm')),
    created_by  TEXT COLLATE "C" REFERENCES auth_staff (id),
    created_at  TEXT COLLATE "C" NOT NULL,                      -- UTC
    updated_at  TEXT COLLATE "C" NOT NULL,                      -- UTC
    UNIQUE (doc_type, doc_number)
);
-- serves: "email unique when present"
CREATE UNIQUE INDEX user_patients_email ON user_patients (email) WHERE email IS NOT NULL;
-- serves: document prefix search (range scan) and lookup by DNI
CREATE INDEX user_patients_doc_number ON user_patients (doc_number);
-- serves: `patient list` in name order, and the probable-duplicate check (same name and birth date)
CREATE INDEX user_patients_search_name ON user_patients (search_name, birth_date);

-- Every word of a patient's names, folded ("maría-josé de la cruz" → maria, jose, de, la, cruz),
-- so that a name search matches word prefixes in any order with index range scans only: the
-- range of one query word drives; the row carries the patient's sort key and all their words,
-- so the other query words are checked and the results sorted without another lookup, and
-- only the page shown is read from user_patients.
CREATE TABLE user_patient_words (
    word        TEXT COLLATE "C" NOT NULL,
    patient_id  TEXT COLLATE "C" NOT NULL REFERENCES user_patients (id),
    search_name TEXT COLLATE "C" NOT NULL,                      -- = user_patients.search_name
    all_words   TEXT COLLATE "C" NOT NULL,                      -- " " before each word: " cruz de jose la maria"
    PRIMARY KEY (word, patient_id)                  -- serves: one query word's prefix range (covering)
);
-- serves: a search whose first word is a very common prefix ("m"): walk the names in list order
-- and stop at the first page of matches, instead of sorting every word that starts with "m"
CREATE INDEX user_patient_words_by_name ON user_patient_words (search_name, patient_id);

-- SQLite's instr(haystack, needle) (the patient search's "every other word" test), so that the
-- search's SQL is the same text on both engines.
CREATE FUNCTION instr(text, text) RETURNS integer
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    AS 'SELECT strpos($1, $2)';
