-- appointments: bookings and their status history. Doctor name, specialty and price are
-- snapshots taken from the catalog at booking time; the caller never sends the price.
-- Clinic wall-clock instants are "YYYY-MM-DD HH:MM" (text order is time order); audit times UTC.

CREATE TABLE appointment_appointments (
    id             TEXT PRIMARY KEY,                -- UUID v7
    patient_id     TEXT NOT NULL REFERENCES user_patients (id),
    doctor_id      TEXT NOT NULL REFERENCES catalog_doctors (id),
    starts_at      TEXT NOT NULL,                   -- clinic wall-clock "YYYY-MM-DD HH:MM"
    ends_at        TEXT NOT NULL,
    status         TEXT NOT NULL CHECK (status IN
                     ('booked', 'confirmed', 'checked_in', 'completed', 'no_show', 'cancelled')),
    doctor_name    TEXT NOT NULL,
    specialty      TEXT NOT NULL,
    price_cents    INTEGER NOT NULL CHECK (price_cents > 0),
    currency       TEXT NOT NULL,
    notes          TEXT,
    orientation_id TEXT REFERENCES ai_queries (id),
    cancelled_by   TEXT CHECK (cancelled_by IN ('patient', 'clinic')),
    cancel_reason  TEXT,
    created_by     TEXT REFERENCES auth_staff (id),
    created_at     TEXT NOT NULL,                   -- UTC
    updated_at     TEXT NOT NULL
) STRICT;
-- No double booking, enforced by the database: one active appointment per doctor and start
-- (the last line of defence behind the checks done inside BEGIN IMMEDIATE).
-- serves also: a doctor's active appointments in a range (slot search, booking checks).
CREATE UNIQUE INDEX appointment_doctor_start_active ON appointment_appointments (doctor_id, starts_at)
    WHERE status IN ('booked', 'confirmed', 'checked_in', 'completed');
-- serves: the agenda of a day / range (appointment list, export)
CREATE INDEX appointment_starts_at ON appointment_appointments (starts_at);
-- serves: a patient's history and the patient-overlap check
CREATE INDEX appointment_patient_starts_at ON appointment_appointments (patient_id, starts_at);

-- Every status change and every reschedule: who, when, why.
CREATE TABLE appointment_status_history (
    id             INTEGER PRIMARY KEY,
    appointment_id TEXT NOT NULL REFERENCES appointment_appointments (id),
    from_status    TEXT,                            -- NULL when booked
    to_status      TEXT NOT NULL,
    old_start      TEXT,                            -- reschedules: the time given up
    new_start      TEXT,                            -- reschedules: the new time
    reason         TEXT,
    by_staff       TEXT REFERENCES auth_staff (id),
    at             TEXT NOT NULL                    -- UTC
) STRICT;
-- serves: an appointment's history (appointment show)
CREATE INDEX appointment_status_history_appt ON appointment_status_history (appointment_id, id);
