//! Status changes, validated against the transition table and kept in the history.

use chrono::{DateTime, Utc};
use rusqlite::{Connection, OptionalExtension, params};

use super::store::{get_appointment, record};
use super::{Appointment, Status};
use crate::clock::utc_string;
use crate::domain::catalog::{self, local_now, parse_wall};
use crate::error::{AppError, AppResult};
use crate::i18n::Text;
use crate::text::has_control_chars;
use crate::tr;

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
            _ => Err(AppError::invalid(Text::new(
                "--by es patient o clinic.",
                "--by is patient or clinic.",
            ))),
        }
    }
}

fn illegal(appt: &Appointment, to: Status) -> AppError {
    let from = appt.status;
    let allowed: Vec<&str> = from.allowed_next().iter().map(|s| s.as_str()).collect();
    let (es, en) = if allowed.is_empty() {
        (
            format!(
                "desde {} no se permite ningún cambio (es un estado final)",
                from.as_str()
            ),
            format!("no change is allowed from {} (it is final)", from.as_str()),
        )
    } else {
        let list = allowed.join(", ");
        (
            format!("desde {} solo se permite: {list}", from.as_str()),
            format!("from {} only these are allowed: {list}", from.as_str()),
        )
    };
    let (id, from_s, label, to_s) = (&appt.id, from.as_str(), from.label_es(), to.as_str());
    AppError::conflict(tr!(
        "La cita {id} está en estado {from_s} ({label}) y no puede pasar a {to_s}: {es}.",
        "Appointment {id} is {from_s} and cannot become {to_s}: {en}."
    ))
}

/// A reason for the history: trimmed, empty = none, at most 200 characters, no control
/// characters. Also used by [`super::booking::reschedule`].
pub(super) fn check_reason(reason: Option<&str>) -> AppResult<Option<String>> {
    let r = reason.map(str::trim).filter(|r| !r.is_empty());
    if let Some(r) = r
        && (r.chars().count() > 200 || has_control_chars(r))
    {
        return Err(AppError::invalid(Text::new(
            "El motivo tiene hasta 200 caracteres, sin caracteres de control.",
            "The reason has up to 200 characters, without control characters.",
        )));
    }
    Ok(r.map(String::from))
}

fn transition(
    conn: &Connection,
    id: &str,
    to: Status,
    cancelled_by: Option<CancelledBy>,
    by_staff: Option<&str>,
    reason: Option<&str>,
    now: DateTime<Utc>,
) -> AppResult<Appointment> {
    let reason = check_reason(reason)?;
    let appt = get_appointment(conn, id)?;
    if !appt.status.allowed_next().contains(&to) {
        return Err(illegal(&appt, to));
    }
    if to == Status::NoShow {
        let tz = catalog::settings::load(conn)?.time_zone;
        if local_now(now, tz) < parse_wall(&appt.start)? {
            return Err(AppError::conflict(tr!(
                "La cita empieza el {}: solo se marca «no asistió» después de esa hora.",
                "The appointment starts at {}: it can be marked no-show only after that.",
                appt.start
            )));
        }
    }
    let cancelled_by = (to == Status::Cancelled).then(|| cancelled_by.unwrap_or(CancelledBy::Clinic));
    conn.prepare_cached(
        "UPDATE appointment_appointments
         SET status = ?2, updated_at = ?3,
             cancelled_by = COALESCE(?4, cancelled_by), cancel_reason = COALESCE(?5, cancel_reason)
         WHERE id = ?1",
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
        &appt.id,
        Some(appt.status),
        to,
        None,
        reason.as_deref(),
        by_staff,
        now,
    )?;
    get_appointment(conn, &appt.id)
}

/// Changes an appointment's status if the transition table allows it (exit 5 otherwise, saying
/// what is allowed), and records who, when and why. `no_show` only after the start time.
/// Moving to `cancelled` this way records the clinic as the canceller (see [`cancel`]).
/// Run inside `crate::db::write`; the payments flow calls it with `Status::Confirmed`.
pub fn change_status(
    conn: &Connection,
    id: &str,
    to: Status,
    by_staff: Option<&str>,
    reason: Option<&str>,
    now: DateTime<Utc>,
) -> AppResult<Appointment> {
    transition(conn, id, to, None, by_staff, reason, now)
}

/// Cancels a booked or confirmed appointment, freeing its slot. The reason is required.
/// Refunds are not this function's business: the cancel + refund flow wraps it in one transaction.
pub fn cancel(
    conn: &Connection,
    id: &str,
    by: CancelledBy,
    reason: &str,
    by_staff: Option<&str>,
    now: DateTime<Utc>,
) -> AppResult<Appointment> {
    if reason.trim().is_empty() {
        return Err(AppError::invalid(Text::new(
            "Indique el motivo de la cancelación (--reason).",
            "Give the reason for the cancellation (--reason).",
        )));
    }
    transition(conn, id, Status::Cancelled, Some(by), by_staff, Some(reason), now)
}

/// The patient arrived.
pub fn check_in(
    conn: &Connection,
    id: &str,
    by_staff: Option<&str>,
    now: DateTime<Utc>,
) -> AppResult<Appointment> {
    transition(conn, id, Status::CheckedIn, None, by_staff, None, now)
}

/// The consultation ended.
pub fn complete(
    conn: &Connection,
    id: &str,
    by_staff: Option<&str>,
    now: DateTime<Utc>,
) -> AppResult<Appointment> {
    transition(conn, id, Status::Completed, None, by_staff, None, now)
}

/// The patient did not come (only after the start time).
pub fn no_show(
    conn: &Connection,
    id: &str,
    by_staff: Option<&str>,
    now: DateTime<Utc>,
) -> AppResult<Appointment> {
    transition(conn, id, Status::NoShow, None, by_staff, None, now)
}

/// How long a check-in, completion or no-show can be undone (a slip at the desk).
pub const UNDO_MINUTES: i64 = 5;

/// Undoes a check-in, completion or no-show made by mistake: when the appointment's last
/// change was to `status` (it still is) less than [`UNDO_MINUTES`] ago, it goes back to the
/// status before, and the history records the undo (reason `undo`). Anything else is a conflict
/// (exit 5) that says why. Run inside `crate::db::write`.
pub fn undo(
    conn: &Connection,
    id: &str,
    status: Status,
    by_staff: Option<&str>,
    now: DateTime<Utc>,
) -> AppResult<Appointment> {
    let appt = get_appointment(conn, id)?;
    let last: Option<(Option<String>, String, String)> = conn
        .prepare_cached(
            "SELECT from_status, to_status, at FROM appointment_status_history
             WHERE appointment_id = ?1 ORDER BY id DESC LIMIT 1",
        )?
        .query_row([&appt.id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .optional()?;
    let recent = |at: &str| {
        DateTime::parse_from_rfc3339(at)
            .is_ok_and(|t| now - t.with_timezone(&Utc) <= chrono::Duration::minutes(UNDO_MINUTES))
    };
    let before = match last {
        Some((Some(from), to, at))
            if matches!(status, Status::CheckedIn | Status::Completed | Status::NoShow)
                && appt.status == status
                && to == status.as_str()
                && recent(&at) =>
        {
            Status::parse(&from)?
        }
        _ => {
            let (now_s, label, minutes) = (appt.status.as_str(), appt.status.label_es(), UNDO_MINUTES);
            return Err(AppError::conflict(tr!(
                "La cita está en estado {label}: no hay un cambio de los últimos {minutes} min que deshacer.",
                "The appointment is {now_s}: there is no change of the last {minutes} min to undo."
            )));
        }
    };
    conn.prepare_cached("UPDATE appointment_appointments SET status = ?2, updated_at = ?3 WHERE id = ?1")?
        .execute(params![appt.id, before.as_str(), utc_string(now)])
        .map_err(|e| match &e {
            rusqlite::Error::SqliteFailure(f, _) if f.code == rusqlite::ErrorCode::ConstraintViolation => {
                AppError::conflict(tr!(
                    "No se puede deshacer: el turno de las {} ya se reservó para otro paciente.",
                    "Cannot undo: the {} slot has been booked for another patient since.",
                    appt.start
                ))
            }
            _ => e.into(),
        })?;
    record(
        conn,
        &appt.id,
        Some(status),
        before,
        None,
        Some("undo"),
        by_staff,
        now,
    )?;
    get_appointment(conn, &appt.id)
}
