-- PostgreSQL twin of migrations/V10__waitlist.sql: the same tables, columns and indexes. Text is
-- COLLATE "C" (byte order, as SQLite compares), integers are BIGINT, booleans 0/1 as in SQLite.
-- waitlist: patients waiting for a specialty or a doctor, with an optional date window and
-- time of day. An entry moves waiting -> offered (a freed slot held for it) -> booked (the
-- appointment made), or ends expired (its window ended) or removed. Open entries are waiting
-- or offered. Times: window dates "YYYY-MM-DD" and offered starts "YYYY-MM-DD HH:MM" are clinic
-- wall-clock; time-of-day bounds "HH:MM" (a slot's start in [from, to)); audit times UTC.

CREATE TABLE waitlist_entries (
    id              TEXT COLLATE "C" PRIMARY KEY,                -- UUID v7
    seq             BIGINT NOT NULL UNIQUE,          -- the waiting order: 1, 2, 3... as put on the list
    patient_id      TEXT COLLATE "C" NOT NULL REFERENCES user_patients (id),
    specialty_id    TEXT COLLATE "C" NOT NULL REFERENCES catalog_specialties (id),  -- a doctor implies it
    doctor_id       TEXT COLLATE "C" REFERENCES catalog_doctors (id),               -- NULL: any doctor
    window_from     TEXT COLLATE "C",                            -- first date, "YYYY-MM-DD" (NULL: today)
    window_to       TEXT COLLATE "C",                            -- last date (NULL: open-ended)
    time_from       TEXT COLLATE "C",                            -- "HH:MM" (NULL: from the start of the day)
    time_to         TEXT COLLATE "C",                            -- "HH:MM", exclusive (NULL: to the end)
    note            TEXT COLLATE "C",
    state           TEXT COLLATE "C" NOT NULL CHECK (state IN ('waiting', 'offered', 'booked', 'expired', 'removed')),
    created_at      TEXT COLLATE "C" NOT NULL,                   -- UTC
    created_by      TEXT COLLATE "C" REFERENCES auth_staff (id),
    offered_doctor_id TEXT COLLATE "C" REFERENCES catalog_doctors (id),
    offered_start   TEXT COLLATE "C",                            -- "YYYY-MM-DD HH:MM"
    offered_at      TEXT COLLATE "C",                            -- UTC
    offered_by      TEXT COLLATE "C" REFERENCES auth_staff (id),
    appointment_id  TEXT COLLATE "C" REFERENCES appointment_appointments (id),
    closed_at       TEXT COLLATE "C",                            -- UTC: booked, expired or removed
    closed_by       TEXT COLLATE "C" REFERENCES auth_staff (id),
    remove_reason   TEXT COLLATE "C",
    CHECK (state <> 'offered' OR (offered_start IS NOT NULL AND offered_doctor_id IS NOT NULL)),
    CHECK (state <> 'booked' OR appointment_id IS NOT NULL)
);
-- Two desks never offer the same freed slot to two patients: one offered entry per doctor and
-- start. serves also: "is this slot offered to someone?" (waitlist book of a slot).
CREATE UNIQUE INDEX waitlist_offered_slot ON waitlist_entries (offered_doctor_id, offered_start)
    WHERE state = 'offered';
-- One open entry per patient and specialty (a duplicate is refused; a doctor implies its
-- specialty). serves also: the patient's open entries (a booking made by other means).
CREATE UNIQUE INDEX waitlist_open_patient_specialty ON waitlist_entries (patient_id, specialty_id)
    WHERE state IN ('waiting', 'offered');
-- serves: who waits for a freed slot of a specialty, longest-waiting first; the list by state.
CREATE INDEX waitlist_state_specialty ON waitlist_entries (state, specialty_id, seq);
