//! Status changes, validated against the transition table and kept in the history.

use crate::db::{OptionalExt, Tx};
use crate::params;
use chrono::{DateTime, Utc};

use super::store::{HistoryEntry, audited, get_appointment, record};
use super::{Appointment, AppointmentError, Status};
use crate::clock::utc_string;
use crate::domain::catalog::{self, local_now};
use crate::error::AppResult;
use crate::ids::{AppointmentId, StaffId};
use crate::text::has_unsafe_chars;

/// Who cancelled.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CancelledBy {
    Patient,
    Clinic,
}

impl CancelledBy {
    pub fn as_str(self) -> &'static str {
        match self {
            CancelledBy::Patient => "patient",
            CancelledBy::Clinic => "clinic",
        }
    }

    pub fn parse(s: &str) -> AppResult<CancelledBy> {
        match crate::text::fold(s).as_str() {
            "patient" | "paciente" => Ok(CancelledBy::Patient),
            "clinic" | "clinica" => Ok(CancelledBy::Clinic),
            _ => Err(AppointmentError::UnknownCancelledBy.into()),
        }
    }
}

/// A reason for the history: trimmed, empty = none, at most 200 characters, no control
/// characters. Also used by [`super::booking::reschedule`].
pub(super) fn check_reason(reason: Option<&str>) -> Result<Option<String>, AppointmentError> {
    let r = reason.map(str::trim).filter(|r| !r.is_empty());
    if let Some(r) = r
        && (r.chars().count() > 200 || has_unsafe_chars(r))
    {
        return Err(AppointmentError::ReasonInvalid);
    }
    Ok(r.map(String::from))
}

fn transition(
    conn: &Tx<'_>,
    id: &AppointmentId,
    to: Status,
    cancelled_by: Option<CancelledBy>,
    by_staff: Option<&StaffId>,
    reason: Option<&str>,
    now: DateTime<Utc>,
) -> Result<Appointment, AppointmentError> {
    let reason = check_reason(reason)?;
    let appt = get_appointment(conn, id)?;
    if !appt.status.allowed_next().contains(&to) {
        return Err(AppointmentError::IllegalTransition {
            id: appt.id,
            from: appt.status,
            to,
        });
    }
    if to == Status::NoShow {
        let tz = catalog::settings::load(conn)?.time_zone;
        if local_now(now, tz) < appt.start.naive() {
            return Err(AppointmentError::NoShowBeforeStart { start: appt.start });
        }
    }
    let cancelled_by = (to == Status::Cancelled).then(|| cancelled_by.unwrap_or(CancelledBy::Clinic));
    conn.prepare_cached(
        "UPDATE appointment_appointments
         SET status = $2, updated_at = $3,
             cancelled_by = COALESCE($4, cancelled_by), cancel_reason = COALESCE($5, cancel_reason)
         WHERE id = $1",
    )?
    .execute(params![
        appt.id,
        to.as_str(),
        utc_string(now),
        cancelled_by.map(CancelledBy::as_str),
        cancelled_by.and(reason.as_deref())
    ])?;
    record(
        conn,
        &HistoryEntry {
            appointment: &appt.id,
            from: Some(appt.status),
            to,
            moved: None,
            reason: reason.as_deref(),
            by_staff,
            at: now,
        },
    )?;
    let action = match to {
        Status::Booked => "unconfirm",
        Status::Confirmed => "confirm",
        Status::CheckedIn => "check_in",
        Status::Completed => "complete",
        Status::NoShow => "no_show",
        Status::Cancelled => "cancel",
    };
    Ok(audited(conn, &appt.id, action, Some(&appt), by_staff, now)?)
}

/// Changes an appointment's status if the transition table allows it (exit 5 otherwise, saying
/// what is allowed), and records who, when and why. `no_show` only after the start time.
/// Moving to `cancelled` this way records the clinic as the canceller (see [`cancel`]).
/// Run inside `crate::db::write`; the payments flow calls it with `Status::Confirmed`.
pub fn change_status(
    conn: &Tx<'_>,
    id: &AppointmentId,
    to: Status,
    by_staff: Option<&StaffId>,
    reason: Option<&str>,
    now: DateTime<Utc>,
) -> Result<Appointment, AppointmentError> {
    transition(conn, id, to, None, by_staff, reason, now)
}

/// Cancels a booked or confirmed appointment, freeing its slot. The reason is required.
/// Refunds are not this function's business: the cancel + refund flow wraps it in one transaction.
pub fn cancel(
    conn: &Tx<'_>,
    id: &AppointmentId,
    by: CancelledBy,
    reason: &str,
    by_staff: Option<&StaffId>,
    now: DateTime<Utc>,
) -> Result<Appointment, AppointmentError> {
    if reason.trim().is_empty() {
        return Err(AppointmentError::ReasonRequired);
    }
    transition(conn, id, Status::Cancelled, Some(by), by_staff, Some(reason), now)
}

/// The patient arrived.
pub fn check_in(
    conn: &Tx<'_>,
    id: &AppointmentId,
    by_staff: Option<&StaffId>,
    now: DateTime<Utc>,
) -> Result<Appointment, AppointmentError> {
    transition(conn, id, Status::CheckedIn, None, by_staff, None, now)
}

/// The consultation ended.
pub fn complete(
    conn: &Tx<'_>,
    id: &AppointmentId,
    by_staff: Option<&StaffId>,
    now: DateTime<Utc>,
) -> Result<Appointment, AppointmentError> {
    transition(conn, id, Status::Completed, None, by_staff, None, now)
}

/// The patient did not come (only after the start time).
pub fn no_show(
    conn: &Tx<'_>,
    id: &AppointmentId,
    by_staff: Option<&StaffId>,
    now: DateTime<Utc>,
) -> Result<Appointment, AppointmentError> {
    transition(conn, id, Status::NoShow, None, by_staff, None, now)
}

/// How long a check-in, completion or no-show can be undone (a slip at the desk).
pub const UNDO_MINUTES: i64 = 5;

/// Undoes a check-in, completion or no-show made by mistake: when the appointment's last
/// change was that step forward to `status` (it still is), within [`UNDO_MINUTES`], it goes back
/// to the status before, and the history records the undo (reason `undo`). An undo is not itself
/// undone. The status before is taken as the money stands now: `paid` (the appointment holds a
/// payment that was not refunded; the caller reads it from the payments domain, see
/// `flows::undo`) makes a booked one confirmed and an unpaid one booked, since a payment or a
/// refund taken after the check-in writes no history row. Anything else is a conflict (exit 5)
/// that says why. Run inside `crate::db::write`.
pub fn undo(
    conn: &Tx<'_>,
    id: &AppointmentId,
    status: Status,
    paid: bool,
    by_staff: Option<&StaffId>,
    now: DateTime<Utc>,
) -> Result<Appointment, AppointmentError> {
    let appt = get_appointment(conn, id)?;
    let last: Option<(Option<String>, String, String, Option<String>)> = conn
        .prepare_cached(
            "SELECT from_status, to_status, at, reason FROM appointment_status_history
             WHERE appointment_id = $1 ORDER BY id DESC LIMIT 1",
        )?
        .query_row([&appt.id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
        .optional()?;
    // Within the window either way: a history row may be dated after "now" when the clock was
    // set back (rows are never dated before the one before them), and that must not hold the
    // undo open until the clock catches up.
    let window = chrono::Duration::minutes(UNDO_MINUTES);
    let recent = |at: &str| {
        DateTime::parse_from_rfc3339(at).is_ok_and(|t| {
            let age = now - t.with_timezone(&Utc);
            -window <= age && age <= window
        })
    };
    let step_back = |from: &str| {
        Status::parse(from)
            .ok()
            .filter(|f| f.allowed_next().contains(&status))
    };
    let before = match last {
        Some((Some(from), to, at, reason))
            if matches!(status, Status::CheckedIn | Status::Completed | Status::NoShow)
                && appt.status == status
                && to == status.as_str()
                && reason.as_deref() != Some("undo")
                && recent(&at)
                && step_back(&from).is_some() =>
        {
            match Status::parse(&from)? {
                Status::Booked | Status::Confirmed if paid => Status::Confirmed,
                Status::Booked | Status::Confirmed => Status::Booked,
                other => other,
            }
        }
        _ => {
            return Err(AppointmentError::NothingToUndo {
                status: appt.status,
                minutes: UNDO_MINUTES,
            });
        }
    };
    conn.prepare_cached("UPDATE appointment_appointments SET status = $2, updated_at = $3 WHERE id = $1")?
        .execute(params![appt.id, before.as_str(), utc_string(now)])
        .map_err(|e| match e.kind {
            crate::db::ErrorKind::Unique | crate::db::ErrorKind::Constraint => {
                AppointmentError::UndoSlotTaken { start: appt.start }
            }
            _ => e.into(),
        })?;
    record(
        conn,
        &HistoryEntry {
            appointment: &appt.id,
            from: Some(status),
            to: before,
            moved: None,
            reason: Some("undo"),
            by_staff,
            at: now,
        },
    )?;
    Ok(audited(conn, &appt.id, "undo", Some(&appt), by_staff, now)?)
}
