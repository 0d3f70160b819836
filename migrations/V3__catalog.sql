-- catalog: clinic settings, specialties, doctors, weekly schedules and time off.
-- Money in integer céntimos. Clock times are clinic wall-clock "HH:MM"; dates "YYYY-MM-DD";
-- wall-clock instants "YYYY-MM-DD HH:MM" (text order is time order). Audit timestamps UTC.

CREATE TABLE catalog_settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) STRICT;

CREATE TABLE catalog_specialties (
    id          TEXT PRIMARY KEY,                  -- UUID v7
    name        TEXT NOT NULL UNIQUE,
    search_name TEXT NOT NULL UNIQUE,              -- folded name, for accent-insensitive lookup
    description TEXT NOT NULL
) STRICT;

CREATE TABLE catalog_doctors (
    id               TEXT PRIMARY KEY,              -- UUID v7
    first_name       TEXT NOT NULL,
    last_name        TEXT NOT NULL,
    search_name      TEXT NOT NULL,                 -- folded "first last", for name lookup
    specialty_id     TEXT NOT NULL REFERENCES catalog_specialties (id),
    cmp              TEXT UNIQUE,                   -- Colegio Médico del Perú registration
    rating           REAL NOT NULL CHECK (rating BETWEEN 0 AND 5),   -- one decimal
    years_experience INTEGER NOT NULL CHECK (years_experience BETWEEN 0 AND 70),
    price_cents      INTEGER NOT NULL CHECK (price_cents > 0),
    photo_url        TEXT,
    active           INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    created_at       TEXT NOT NULL,
    updated_at       TEXT NOT NULL
) STRICT;
-- serves: doctors of a specialty (doctor list --specialty, slots --specialty)
CREATE INDEX catalog_doctors_specialty ON catalog_doctors (specialty_id, active);

-- A doctor's weekly schedule: on ISO weekday (1 = Monday), from start to end ("HH:MM"), in slots
-- of slot_minutes. Replaced as a whole by `doctor schedule --set`.
CREATE TABLE catalog_schedules (
    id           TEXT PRIMARY KEY,
    doctor_id    TEXT NOT NULL REFERENCES catalog_doctors (id),
    weekday      INTEGER NOT NULL CHECK (weekday BETWEEN 1 AND 7),
    start_time   TEXT NOT NULL,
    end_time     TEXT NOT NULL CHECK (end_time > start_time),
    slot_minutes INTEGER NOT NULL CHECK (slot_minutes BETWEEN 5 AND 240)
) STRICT;
-- serves: a doctor's weekly schedule (doctor show, booking checks)
CREATE INDEX catalog_schedules_doctor ON catalog_schedules (doctor_id, weekday);

-- Time off: [starts_at, ends_at) in clinic wall-clock "YYYY-MM-DD HH:MM".
CREATE TABLE catalog_time_off (
    id         TEXT PRIMARY KEY,
    doctor_id  TEXT NOT NULL REFERENCES catalog_doctors (id),
    starts_at  TEXT NOT NULL,
    ends_at    TEXT NOT NULL CHECK (ends_at > starts_at),
    reason     TEXT NOT NULL DEFAULT '',
    created_by TEXT REFERENCES auth_staff (id),
    created_at TEXT NOT NULL
) STRICT;
-- serves: a doctor's time off overlapping a range (slots, booking checks)
CREATE INDEX catalog_time_off_doctor ON catalog_time_off (doctor_id, starts_at);
-- serves: time off ending after now (doctor time-off-list, slot search over all doctors)
CREATE INDEX catalog_time_off_ends_at ON catalog_time_off (ends_at);

-- Changes to doctors (activation, price, rating, schedule), kept as history.
CREATE TABLE catalog_doctor_changes (
    id         INTEGER PRIMARY KEY,
    doctor_id  TEXT NOT NULL REFERENCES catalog_doctors (id),
    field      TEXT NOT NULL,                       -- price_cents, rating, active, schedule, ...
    old_value  TEXT,
    new_value  TEXT,
    by_staff   TEXT REFERENCES auth_staff (id),
    at         TEXT NOT NULL                        -- UTC
) STRICT;
-- serves: a doctor's change history (doctor show)
CREATE INDEX catalog_doctor_changes_doctor ON catalog_doctor_changes (doctor_id, id);
