//! Cancel → refund, in one `BEGIN IMMEDIATE` transaction: a paid appointment is never left
//! cancelled without its refund, nor refunded without being cancelled.

use crate::db::{Db, Tx};
use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::domain::appointments::{self, Appointment, CancelledBy};
use crate::domain::payments::{self, Payment};
use crate::error::AppResult;
use crate::ids::StaffId;

/// The cancelled appointment and, if it had been paid, the refund written for it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CancelOutcome {
    #[serde(flatten)]
    pub appointment: Appointment,
    pub refund: Option<Payment>,
}

/// Longest refund reason the payments domain keeps.
const MAX_REASON: usize = 200;

/// Cancels `appointment` (id or prefix) through the appointments domain and, in the same
/// transaction, refunds its successful payment if it has one. Any failure rolls back both.
pub fn cancel(
    conn: &Db,
    appointment: &str,
    by: CancelledBy,
    reason: &str,
    staff_id: &StaffId,
    now: DateTime<Utc>,
) -> AppResult<CancelOutcome> {
    crate::db::write(conn, |tx| cancel_in(tx, appointment, by, reason, staff_id, now))
}

/// The same, inside a transaction the caller already holds (the TUI, other flows).
pub fn cancel_in(
    tx: &Tx<'_>,
    appointment: &str,
    by: CancelledBy,
    reason: &str,
    staff_id: &StaffId,
    now: DateTime<Utc>,
) -> AppResult<CancelOutcome> {
    let appt = appointments::resolve_appointment(tx, appointment)?;
    let appt = appointments::cancel(tx, &appt.id, by, reason, Some(staff_id), now)?;
    let refund_reason: String = format!("{} ({})", reason.trim(), by.as_str())
        .chars()
        .take(MAX_REASON)
        .collect();
    // The same rule as `payment refund` (the appointment is cancelled now, so it keeps its status).
    let refund = match payments::succeeded_payment_for(tx, &appt.id)? {
        Some(paid) => Some(super::refund::refund_in(tx, &paid.id, &refund_reason, staff_id, now)?.refund),
        None => None,
    };
    Ok(CancelOutcome {
        appointment: appt,
        refund,
    })
}

/// Cancels `appointment` (id or prefix) and the following ones of its series that are still
/// booked or confirmed, each exactly as [`cancel_in`] does (a paid one refunded), all in one
/// transaction: any failure cancels none. Not in a series: `AppointmentError::NotInSeries`.
/// Two desks doing it at once: the second finds the appointment cancelled (a conflict).
pub fn cancel_following(
    conn: &Db,
    appointment: &str,
    by: CancelledBy,
    reason: &str,
    staff_id: &StaffId,
    now: DateTime<Utc>,
) -> AppResult<Vec<CancelOutcome>> {
    crate::db::write(conn, |tx| {
        let appt = appointments::resolve_appointment(tx, appointment)?;
        let rest = appointments::following(tx, &appt)?;
        let mut out = vec![cancel_in(tx, &appt.id, by, reason, staff_id, now)?];
        for a in rest {
            out.push(cancel_in(tx, &a.id, by, reason, staff_id, now)?);
        }
        Ok(out)
    })
}
