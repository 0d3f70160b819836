//! Refund → unpaid again, in one `BEGIN IMMEDIATE` transaction: refunding an appointment's
//! payment moves a `confirmed` appointment back to `booked` (it keeps its slot and may be paid
//! again), recorded in its history with the refund reason. A checked-in, completed, cancelled or
//! no-show appointment keeps its status. The cancel flow refunds through the same rule.

use crate::db::{Db, Tx};
use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::domain::appointments::{self, Status};
use crate::domain::payments::{self, Payment};
use crate::error::AppResult;
use crate::ids::{PaymentId, StaffId};

/// The refund written and the appointment's status after it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RefundOutcome {
    #[serde(flatten)]
    pub refund: Payment,
    /// `booked` when the appointment was confirmed; otherwise unchanged.
    pub appointment_status: Status,
}

/// Refunds `payment` (id or prefix) with `reason` (admin-only at the front ends).
pub fn refund(
    conn: &Db,
    payment: &str,
    reason: &str,
    staff_id: &StaffId,
    now: DateTime<Utc>,
) -> AppResult<RefundOutcome> {
    crate::db::write(conn, |tx| {
        let id = payments::resolve_payment(tx, payment)?;
        refund_in(tx, &id, reason, staff_id, now)
    })
}

/// The same, for a full payment id inside a transaction the caller already holds.
pub fn refund_in(
    tx: &Tx<'_>,
    payment_id: &PaymentId,
    reason: &str,
    staff_id: &StaffId,
    now: DateTime<Utc>,
) -> AppResult<RefundOutcome> {
    let refund = payments::refund_payment(tx, payment_id, reason, staff_id, now)?;
    let appt = appointments::get_appointment(tx, &refund.appointment_id)?;
    let appointment_status = if appt.status == Status::Confirmed {
        appointments::change_status(
            tx,
            &appt.id,
            Status::Booked,
            Some(staff_id),
            refund.reason.as_deref(),
            now,
        )?
        .status
    } else {
        appt.status
    };
    Ok(RefundOutcome {
        refund,
        appointment_status,
    })
}
