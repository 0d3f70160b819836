//! Booking and rescheduling: every rule checked inside the caller's `BEGIN IMMEDIATE`
//! transaction, the partial unique index behind them; and the free-slot search.

use crate::db::{Db, Tx};
use crate::ids::{AppointmentId, DoctorId, OrientationQueryId, PatientId, SeriesId, SpecialtyId, StaffId};
use crate::params;
use crate::wall_time::WallTime;
use chrono::{DateTime, Duration, NaiveDate, NaiveDateTime, Utc};
use chrono_tz::Tz;

use super::store::{HistoryEntry, audited, busy_intervals, doctor_busy, get_appointment, record};
use super::{ACTIVE_SQL, Appointment, AppointmentError, DoctorRef, Status};
use crate::clock::utc_string;
use crate::domain::catalog::slots::{Interval, Slot, SlotInputs, SlotProblem, check_slot, free_slots};
use crate::domain::catalog::{
    self, Doctor, DoctorFilter, local_now, parse_wall, schedules_for_doctors, time_off_by_doctor, wall,
};
use crate::error::AppResult;
use crate::text::has_unsafe_chars;

/// A validated booking request. The price, doctor name and specialty are not part of it: they
/// come from the catalog.
#[derive(Debug, Clone)]
pub struct BookingRequest {
    pub patient_id: PatientId,
    pub doctor_id: DoctorId,
    pub at: NaiveDateTime,
    pub notes: Option<String>,
    pub orientation_id: Option<String>,
    /// The patient's orientation flagged an emergency and the desk books anyway (after a
    /// second confirmation): that orientation's id, recorded with the booking.
    pub emergency_override: Option<String>,
    /// A member of a series being booked (`series::book_series`): its series and position.
    pub(crate) series: Option<(SeriesId, u32)>,
}

impl BookingRequest {
    /// Parses `at` ("YYYY-MM-DD HH:MM") and checks the notes (≤ 500 characters, no control
    /// characters other than line breaks).
    pub fn new(
        patient_id: &PatientId,
        doctor_id: &DoctorId,
        at: &str,
        notes: Option<&str>,
        orientation_id: Option<&str>,
    ) -> Result<BookingRequest, AppointmentError> {
        let notes = notes.map(str::trim).filter(|n| !n.is_empty());
        if let Some(n) = notes
            && (n.chars().count() > 500 || crate::text::has_unsafe_chars_in_note(n))
        {
            return Err(AppointmentError::NotesInvalid);
        }
        let orientation_id = orientation_id.map(str::trim).filter(|o| !o.is_empty());
        if let Some(o) = orientation_id
            && (o.len() > 64 || has_unsafe_chars(o))
        {
            return Err(AppointmentError::OrientationIdInvalid);
        }
        Ok(BookingRequest {
            patient_id: patient_id.clone(),
            doctor_id: doctor_id.clone(),
            at: parse_wall(at)?,
            notes: notes.map(String::from),
            orientation_id: orientation_id.map(String::from),
            emergency_override: None,
            series: None,
        })
    }
}

pub(super) fn slot_error(problem: SlotProblem, doctor: &Doctor, at: NaiveDateTime) -> AppointmentError {
    AppointmentError::Slot {
        problem,
        doctor: DoctorRef::of(doctor),
        at: WallTime::new(at),
    }
}

/// Maps the partial unique index's refusal (a racing or buggy writer) to "slot taken".
fn unique_violation(e: crate::db::Error, doctor: &Doctor, at: NaiveDateTime) -> AppointmentError {
    // SQLite names the columns, PostgreSQL the index.
    if e.is_unique_on("appointment_appointments.doctor_id")
        || e.is_unique_on("appointment_doctor_start_active")
    {
        return slot_error(SlotProblem::Taken, doctor, at);
    }
    e.into()
}

pub(super) fn active_doctor(conn: &Db, doctor_id: &DoctorId) -> Result<Doctor, AppointmentError> {
    let doctor = catalog::get_doctor(conn, doctor_id)?;
    if !doctor.active {
        return Err(AppointmentError::DoctorInactive {
            doctor: DoctorRef::of(&doctor),
        });
    }
    Ok(doctor)
}

/// Every doctor-side rule for a slot starting at `at`; `except` are the appointments being
/// moved (one for a reschedule, the following ones of a series for a series' shift).
pub(super) fn check_doctor_slot(
    conn: &Db,
    doctor: &Doctor,
    at: NaiveDateTime,
    now: NaiveDateTime,
    tz: Tz,
    except: &[&AppointmentId],
) -> Result<Interval, AppointmentError> {
    let blocks = catalog::weekly_schedule(conn, &doctor.id)?;
    let (lo, hi) = (at - Duration::days(1), at + Duration::days(1));
    let off = time_off_by_doctor(conn, None, Some(&doctor.id), lo, hi)?;
    let busy = doctor_busy(conn, &doctor.id, lo, hi, except)?;
    let empty = Default::default();
    check_slot(
        &blocks,
        off.get(doctor.id.as_str()).unwrap_or(&empty),
        &busy,
        at,
        now,
        tz,
    )
    .map_err(|p| slot_error(p, doctor, at))
}

/// The patient must not have another active appointment overlapping the slot (`except`: the
/// appointments being moved).
pub(super) fn check_patient_free(
    conn: &Db,
    patient_id: &str,
    slot: &Interval,
    except: &[&AppointmentId],
) -> Result<(), AppointmentError> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT id, doctor_name, starts_at FROM appointment_appointments
         WHERE patient_id = $1 AND starts_at < $3 AND ends_at > $2 AND starts_at >= $4
           AND status IN {ACTIVE_SQL}
         ORDER BY starts_at"
    ))?;
    let others = stmt
        .query_map(
            params![
                patient_id,
                wall(slot.start),
                wall(slot.end),
                wall(slot.start - Duration::days(1))
            ],
            |r| Ok((r.get::<_, AppointmentId>(0)?, r.get(1)?, r.get(2)?)),
        )?
        .collect::<Result<Vec<(AppointmentId, String, WallTime)>, _>>()?;
    let other = others.into_iter().find(|(id, _, _)| !except.contains(&id));
    if let Some((other, doctor_name, start)) = other {
        return Err(AppointmentError::PatientBusy {
            other,
            doctor_name,
            start,
        });
    }
    Ok(())
}

/// The stored orientation query a booking links to (id or unique prefix), through the
/// orientation domain. An emergency result offers no booking, and nothing downstream overrules it.
fn linked_orientation(conn: &Db, input: &str) -> Result<OrientationQueryId, AppointmentError> {
    let q = crate::domain::orientation::store::resolve_query(conn, input)?;
    if q.emergency {
        return Err(AppointmentError::EmergencyOrientation { query: q.id });
    }
    Ok(q.id)
}

impl BookingRequest {
    /// The same request, booked although orientation `query_id` (of this patient) flagged an
    /// emergency: the desk showed the emergency and confirmed twice. Recorded with the booking.
    pub fn overriding_emergency(mut self, query_id: &str) -> BookingRequest {
        self.emergency_override = Some(query_id.to_string());
        self
    }
}

/// The emergency orientation a booking overrides: it must exist, be an emergency, and be this
/// patient's.
fn overridden_emergency(
    conn: &Db,
    input: &str,
    patient_id: &PatientId,
) -> Result<OrientationQueryId, AppointmentError> {
    let q = crate::domain::orientation::store::resolve_query(conn, input)?;
    // An emergency of nobody in particular cannot stand for this patient's either.
    if !q.emergency || q.patient_id.as_ref() != Some(patient_id) {
        return Err(AppointmentError::NotAnEmergency { query: q.id });
    }
    Ok(q.id)
}

/// Whether `doctor_id` can be booked at `at` now (active, inside the schedule, aligned, not past,
/// not in time off, free): the booking's own doctor-side checks, for a caller that holds a slot
/// before booking it (the waiting list's offer).
pub fn check_bookable(
    conn: &Db,
    doctor_id: &DoctorId,
    at: NaiveDateTime,
    now: DateTime<Utc>,
) -> Result<(), AppointmentError> {
    let tz = catalog::settings::load(conn)?.time_zone;
    let doctor = active_doctor(conn, doctor_id)?;
    check_doctor_slot(conn, &doctor, at, local_now(now, tz), tz, &[]).map(|_| ())
}

/// Books a slot: inside the doctor's schedule, aligned, not past, not in time off, doctor
/// active and free, patient without another overlapping active appointment. Name, specialty and
/// price are snapshotted from the catalog. Status `booked`. Run inside `crate::db::write`
/// (BEGIN IMMEDIATE) so the checks and the insert cannot interleave with another desk.
pub fn book(
    conn: &Tx<'_>,
    req: &BookingRequest,
    by_staff: Option<&StaffId>,
    now: DateTime<Utc>,
) -> Result<Appointment, AppointmentError> {
    let settings = catalog::settings::load(conn)?;
    let doctor = active_doctor(conn, &req.doctor_id)?;
    crate::domain::patients::get(conn, &req.patient_id)?;
    let orientation_id = req
        .orientation_id
        .as_deref()
        .map(|o| linked_orientation(conn, o))
        .transpose()?;
    let emergency_override = req
        .emergency_override
        .as_deref()
        .map(|o| overridden_emergency(conn, o, &req.patient_id))
        .transpose()?;
    let now_local = local_now(now, settings.time_zone);
    let slot = check_doctor_slot(conn, &doctor, req.at, now_local, settings.time_zone, &[])?;
    check_patient_free(conn, &req.patient_id, &slot, &[])?;
    let id = AppointmentId::from_string(crate::ids::new_id());
    let at = utc_string(now);
    conn.prepare_cached(
        "INSERT INTO appointment_appointments (id, patient_id, doctor_id, starts_at, ends_at, status,
             doctor_name, specialty, price_cents, currency, notes, orientation_id, created_by,
             created_at, updated_at, emergency_override, series_id, series_position)
         VALUES ($1, $2, $3, $4, $5, 'booked', $6, $7, $8, $9, $10, $11, $12, $13, $13, $14, $15, $16)",
    )?
    .execute(params![
        id,
        req.patient_id,
        doctor.id,
        wall(slot.start),
        wall(slot.end),
        doctor.full_name,
        doctor.specialty,
        doctor.price.0,
        settings.currency,
        req.notes,
        orientation_id,
        by_staff,
        at,
        emergency_override,
        req.series.as_ref().map(|s| &s.0),
        req.series.as_ref().map(|s| i64::from(s.1))
    ])
    .map_err(|e| unique_violation(e, &doctor, req.at))?;
    record(
        conn,
        &HistoryEntry {
            appointment: &id,
            from: None,
            to: Status::Booked,
            moved: None,
            // The history says it too, where `appointment history` shows it.
            reason: emergency_override.as_ref().map(|_| "emergency override"),
            by_staff,
            at: now,
        },
    )?;
    let action = if emergency_override.is_some() {
        "book_emergency_override"
    } else {
        "book"
    };
    Ok(audited(conn, &id, action, None, by_staff, now)?)
}

/// Moves an appointment to another time with the same doctor: same row and id (so a payment
/// stays with it), same checks as booking, the old slot freed. Only booked or confirmed
/// appointments move. Run inside `crate::db::write`.
pub fn reschedule(
    conn: &Tx<'_>,
    appointment_id: &AppointmentId,
    new_at: NaiveDateTime,
    by_staff: Option<&StaffId>,
    reason: Option<&str>,
    now: DateTime<Utc>,
) -> Result<Appointment, AppointmentError> {
    let reason = super::lifecycle::check_reason(reason)?;
    let appt = get_appointment(conn, appointment_id)?;
    if !appt.status.can_reschedule() {
        return Err(AppointmentError::CannotReschedule { status: appt.status });
    }
    if WallTime::new(new_at) == appt.start {
        return Err(AppointmentError::AlreadyAt { start: appt.start });
    }
    let settings = catalog::settings::load(conn)?;
    let doctor = active_doctor(conn, &appt.doctor_id)?;
    let now_local = local_now(now, settings.time_zone);
    let slot = check_doctor_slot(conn, &doctor, new_at, now_local, settings.time_zone, &[&appt.id])?;
    check_patient_free(conn, &appt.patient_id, &slot, &[&appt.id])?;
    conn.prepare_cached(
        "UPDATE appointment_appointments SET starts_at = $2, ends_at = $3, updated_at = $4 WHERE id = $1",
    )?
    .execute(params![
        appt.id,
        wall(slot.start),
        wall(slot.end),
        utc_string(now)
    ])
    .map_err(|e| unique_violation(e, &doctor, new_at))?;
    record(
        conn,
        &HistoryEntry {
            appointment: &appt.id,
            from: Some(appt.status),
            to: appt.status,
            moved: Some((appt.start, WallTime::new(slot.start))),
            reason: reason.as_deref(),
            by_staff,
            at: now,
        },
    )?;
    Ok(audited(conn, &appt.id, "reschedule", Some(&appt), by_staff, now)?)
}

/// A free-slot search: one doctor or every active doctor of a specialty.
#[derive(Debug, Clone)]
pub struct SlotSearch {
    pub doctor_id: Option<DoctorId>,
    pub specialty_id: Option<SpecialtyId>,
    /// First clinic date (default: today).
    pub from: Option<NaiveDate>,
    /// Days to search, 1–366.
    pub days: u32,
    /// At most this many slots (0 = all).
    pub limit: usize,
}

/// Free slots, earliest first: the schedules, the time off and the active appointments of the
/// range are loaded in one query each, then combined in memory.
pub fn find_slots(
    conn: &Db,
    search: &SlotSearch,
    now: DateTime<Utc>,
    tz: Tz,
) -> Result<Vec<Slot>, AppointmentError> {
    if !(1..=366).contains(&search.days) {
        return Err(AppointmentError::DaysOutOfRange);
    }
    let now_local = local_now(now, tz);
    let from = search.from.unwrap_or(now_local.date());
    let doctors = match (&search.doctor_id, &search.specialty_id) {
        (Some(d), _) => vec![active_doctor(conn, d)?],
        (None, Some(s)) => catalog::list_doctors(
            conn,
            &DoctorFilter {
                specialty_id: Some(s.clone()),
                ..DoctorFilter::default()
            },
        )?,
        (None, None) => return Err(AppointmentError::NoDoctorOrSpecialty),
    };
    let (spec, doc) = (search.specialty_id.as_deref(), search.doctor_id.as_deref());
    let start = from.and_hms_opt(0, 0, 0).unwrap_or_default();
    let end = start + Duration::days(i64::from(search.days));
    let schedules = schedules_for_doctors(conn, spec.filter(|_| doc.is_none()), doc)?;
    let (lo, hi) = (start - Duration::days(1), end + Duration::days(1));
    let time_off = time_off_by_doctor(conn, spec.filter(|_| doc.is_none()), doc, lo, hi)?;
    let busy = busy_intervals(conn, spec.filter(|_| doc.is_none()), doc, lo, hi, None)?;
    let inputs = SlotInputs {
        doctors: &doctors,
        schedules: &schedules,
        time_off: &time_off,
        busy: &busy,
    };
    Ok(free_slots(
        &inputs,
        from,
        search.days,
        now_local,
        tz,
        search.limit,
    ))
}

/// The patient's active appointments overlapping `[from, to)` (clinic wall-clock), earliest
/// first; `except` leaves one out (the appointment being moved). One search of the
/// (patient_id, starts_at) index.
pub fn patient_busy(
    conn: &Db,
    patient_id: &PatientId,
    from: NaiveDateTime,
    to: NaiveDateTime,
    except: Option<&AppointmentId>,
) -> AppResult<Vec<Interval>> {
    patient_busy_except(conn, patient_id, from, to, except.as_slice())
}

/// [`patient_busy`] leaving out several appointments (a series' following ones being moved).
pub(super) fn patient_busy_except(
    conn: &Db,
    patient_id: &PatientId,
    from: NaiveDateTime,
    to: NaiveDateTime,
    except: &[&AppointmentId],
) -> AppResult<Vec<Interval>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT id, starts_at, ends_at FROM appointment_appointments
         WHERE patient_id = $1 AND starts_at >= $2 AND starts_at < $3 AND ends_at > $4
           AND status IN {ACTIVE_SQL}
         ORDER BY starts_at"
    ))?;
    let rows = stmt
        .query_map(
            params![
                patient_id,
                // An appointment overlapping `from` started at most a day before it.
                wall(from - Duration::days(1)),
                wall(to),
                wall(from)
            ],
            |r| {
                Ok((
                    r.get::<_, AppointmentId>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                ))
            },
        )?
        .collect::<Result<Vec<_>, _>>()?;
    rows.into_iter()
        .filter(|(id, _, _)| !except.contains(&id))
        .map(|(_, s, e)| Ok(Interval::new(parse_wall(&s)?, parse_wall(&e)?)))
        .collect()
}

/// [`find_slots`] for a patient: the free slots the patient can actually take, i.e. without
/// those overlapping one of the patient's active appointments (booking would refuse them).
/// `except` is the patient's appointment being moved (its own time stays offered). Without a
/// patient it is [`find_slots`].
pub fn find_slots_for_patient(
    conn: &Db,
    search: &SlotSearch,
    patient_id: Option<&PatientId>,
    except: Option<&AppointmentId>,
    now: DateTime<Utc>,
    tz: Tz,
) -> Result<Vec<Slot>, AppointmentError> {
    let Some(patient_id) = patient_id else {
        return find_slots(conn, search, now, tz);
    };
    let all = SlotSearch {
        limit: 0,
        ..search.clone()
    };
    let mut slots = find_slots(conn, &all, now, tz)?;
    let (Some(first), Some(last)) = (slots.first(), slots.last()) else {
        return Ok(slots);
    };
    let (from, to) = (first.start.naive(), last.end.naive());
    let busy = patient_busy(conn, patient_id, from, to, except)?;
    if !busy.is_empty() {
        slots.retain(|s| {
            let slot = Interval::new(s.start.naive(), s.end.naive());
            !busy.iter().any(|b| b.overlaps(&slot))
        });
    }
    if search.limit > 0 {
        slots.truncate(search.limit);
    }
    Ok(slots)
}
