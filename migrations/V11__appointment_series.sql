-- appointments: recurring visits (issue 14). A series is one patient with one doctor at the same
-- time of day, every week, every two weeks or every month, `count` times; it is booked whole or
-- not at all. Each of its appointments stays an ordinary appointment (pay, check in, cancel...)
-- that also names its series and its position in it (1..count), so that the desk can cancel or
-- move "this one" or "this one and the following ones". NULL for every ordinary booking.
CREATE TABLE appointment_series (
    id          TEXT PRIMARY KEY,                -- UUID v7
    patient_id  TEXT NOT NULL REFERENCES user_patients (id),
    doctor_id   TEXT NOT NULL REFERENCES catalog_doctors (id),
    rule        TEXT NOT NULL CHECK (rule IN ('weekly', 'biweekly', 'monthly')),
    count       INTEGER NOT NULL CHECK (count BETWEEN 2 AND 52),
    first_start TEXT NOT NULL,                   -- clinic wall-clock "YYYY-MM-DD HH:MM" of 1/count
    created_by  TEXT REFERENCES auth_staff (id),
    created_at  TEXT NOT NULL                    -- UTC
) STRICT;

ALTER TABLE appointment_appointments ADD COLUMN series_id TEXT REFERENCES appointment_series (id);
ALTER TABLE appointment_appointments ADD COLUMN series_position INTEGER CHECK (series_position >= 1);
-- One appointment per position of a series.
-- serves: the members of a series from a position on (cancel / reschedule --following).
CREATE UNIQUE INDEX appointment_series_position ON appointment_appointments (series_id, series_position)
    WHERE series_id IS NOT NULL;
