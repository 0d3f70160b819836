//! The use cases both front ends run, each one function that owns its transaction: the CLI and
//! the TUI call these, never `Db::write` around a domain writer of their own. (Paying, cancelling
//! with its refund and logging in are the same kind: [`super::pay::pay`],
//! [`super::cancel::cancel`], [`crate::domain::auth::login`].)

use chrono::{DateTime, NaiveDateTime, Utc};
use chrono_tz::Tz;

use crate::db::Db;
use crate::domain::appointments::{
    self, Appointment, AppointmentError, BookingRequest, Series, SeriesRequest, SlotSearch, Status,
};
use crate::domain::catalog::slots::Slot;
use crate::domain::orientation::{Orientation, Query, store};
use crate::domain::patients::{self, NewPatient, Saved};
use crate::domain::waitlist::{self, Entry as WaitlistEntry};
use crate::error::AppResult;
use crate::ids::{AppointmentId, PatientId, StaffId};
use crate::wall_time::WallTime;

/// The free slots a booking would accept, earliest first: the appointments domain's free slots
/// for `patient` (see `appointments::find_slots_for_patient`; `except` is the appointment being
/// moved), without those held for another patient's waiting-list offer. What the CLI's `slots`
/// and the TUI's booking screen list.
pub fn free_slots(
    db: &Db,
    search: &SlotSearch,
    patient: Option<&PatientId>,
    except: Option<&AppointmentId>,
    now: DateTime<Utc>,
    tz: Tz,
) -> AppResult<Vec<Slot>> {
    let held: Vec<_> = waitlist::held_slots(db, now)?
        .into_iter()
        .filter(|hold| patient != Some(&hold.patient_id))
        .collect();
    if held.is_empty() {
        return Ok(appointments::find_slots_for_patient(
            db, search, patient, except, now, tz,
        )?);
    }
    // Enough more to fill the limit once the held ones are left out (there are few).
    let wider = SlotSearch {
        limit: if search.limit == 0 {
            0
        } else {
            search.limit + held.len()
        },
        ..search.clone()
    };
    let mut free = appointments::find_slots_for_patient(db, &wider, patient, except, now, tz)?;
    free.retain(|s| {
        !held
            .iter()
            .any(|h| h.doctor_id == s.doctor_id && h.start == s.start)
    });
    if search.limit > 0 {
        free.truncate(search.limit);
    }
    Ok(free)
}

/// Books `req` after every check (slot free, doctor active, patient free, not an emergency, not
/// held for another patient's waiting-list offer).
pub fn book(
    db: &Db,
    req: &BookingRequest,
    by: Option<&StaffId>,
    now: DateTime<Utc>,
) -> Result<Appointment, AppointmentError> {
    book_leaving_waitlist(db, req, by, now).map(|(appt, _)| appt)
}

/// [`book`], also saying which waiting-list entries of the patient the booking took off the
/// list (same specialty, and same doctor when the entry names one): in the same transaction.
pub fn book_leaving_waitlist(
    db: &Db,
    req: &BookingRequest,
    by: Option<&StaffId>,
    now: DateTime<Utc>,
) -> Result<(Appointment, Vec<WaitlistEntry>), AppointmentError> {
    db.write(|tx| {
        let appt = appointments::book(tx, req, by, now)?;
        waitlist::refuse_held(tx, std::slice::from_ref(&appt), now)?;
        let left = waitlist::left_by_booking(tx, &appt, by, now)?;
        Ok((appt, left))
    })
}

/// Books a whole series (recurring visits), all or nothing: every occurrence is checked first
/// and any conflict lists them all with their alternatives (see `appointments::book_series`).
/// Like [`book_leaving_waitlist`], the patient's matching waiting-list entries leave the list
/// (the series' first appointment is the booking they waited for), in the same transaction.
pub fn book_series(
    db: &Db,
    req: &SeriesRequest,
    by: Option<&StaffId>,
    now: DateTime<Utc>,
) -> Result<(Series, Vec<WaitlistEntry>), AppointmentError> {
    db.write(|tx| {
        let series = appointments::book_series(tx, req, by, now)?;
        waitlist::refuse_held(tx, &series.appointments, now)?;
        let left = match series.appointments.first() {
            Some(first) => waitlist::left_by_booking(tx, first, by, now)?,
            None => Vec::new(),
        };
        Ok((series, left))
    })
}

/// Moves an appointment of a series to `at` and its following ones by the same shift, all or
/// nothing; `seen` is the start the desk saw (another desk's move meanwhile stops it).
pub fn reschedule_following(
    db: &Db,
    id: &AppointmentId,
    at: NaiveDateTime,
    seen: Option<WallTime>,
    by: Option<&StaffId>,
    reason: Option<&str>,
    now: DateTime<Utc>,
) -> Result<Vec<Appointment>, AppointmentError> {
    db.write(|tx| {
        let moved = appointments::reschedule_following(tx, id, at, seen, by, reason, now)?;
        waitlist::refuse_held(tx, &moved, now)?;
        Ok(moved)
    })
}

/// Moves an appointment to `at`, with the same checks as a booking (a slot held for another
/// patient's waiting-list offer included).
pub fn reschedule(
    db: &Db,
    id: &AppointmentId,
    at: NaiveDateTime,
    by: Option<&StaffId>,
    reason: Option<&str>,
    now: DateTime<Utc>,
) -> Result<Appointment, AppointmentError> {
    db.write(|tx| {
        let moved = appointments::reschedule(tx, id, at, by, reason, now)?;
        waitlist::refuse_held(tx, std::slice::from_ref(&moved), now)?;
        Ok(moved)
    })
}

/// Checks in, completes or marks a no-show (the transition table decides what is allowed).
pub fn set_status(
    db: &Db,
    id: &AppointmentId,
    to: Status,
    by: Option<&StaffId>,
    now: DateTime<Utc>,
) -> Result<Appointment, AppointmentError> {
    db.write(|tx| appointments::change_status(tx, id, to, by, None, now))
}

/// Undoes a slip at the desk (see [`super::undo::undo`]).
pub fn undo(
    db: &Db,
    id: &AppointmentId,
    status: Status,
    by: Option<&StaffId>,
    now: DateTime<Utc>,
) -> Result<Appointment, AppointmentError> {
    db.write(|tx| super::undo::undo(tx, id, status, by, now))
}

/// Registers a patient (`existing` is `None`) or replaces one's data with `new`.
pub fn save_patient(
    db: &Db,
    existing: Option<&PatientId>,
    new: &NewPatient,
    by: Option<&StaffId>,
    now: DateTime<Utc>,
) -> AppResult<Saved> {
    db.write(|tx| match existing {
        Some(id) => patients::update(tx, id, new, by, now),
        None => patients::add(tx, new, by, now),
    })
}

/// Keeps an orientation (the complaint, the result, who asked, for which patient); its id.
pub fn store_orientation(
    db: &Db,
    by: Option<&StaffId>,
    patient: Option<&str>,
    query: &Query<'_>,
    result: &Orientation,
    now: DateTime<Utc>,
) -> AppResult<String> {
    db.write(|tx| store::save(tx, by, patient, query, result, now))
}
