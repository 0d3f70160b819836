//! Pay → confirm, in one `BEGIN IMMEDIATE` transaction: the money and the appointment's status
//! can never disagree (the original services could take the money and fail to confirm).

use crate::db::Db;
use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use serde::Serialize;

use crate::domain::appointments::{self, Status};
use crate::domain::payments::{self, Payable, Payment, PaymentRequest, Recorded};
use crate::error::AppResult;
use crate::ids::StaffId;

/// A payment taken (or, for an idempotent retry, the first one returned again).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PayOutcome {
    #[serde(flatten)]
    pub payment: Payment,
    /// True when this was a retry with the same `--idempotency-key`: nothing new was written.
    pub replayed: bool,
    /// The appointment's status after the payment (`confirmed` for a booked one).
    pub appointment_status: Status,
}

/// What paying gave: money taken, or a declined card (recorded and committed; exit 6).
#[derive(Debug, Clone, PartialEq)]
pub enum PayResult {
    Paid(PayOutcome),
    Declined(Payment),
}

/// Pays `appointment` (id, prefix) with the amount stored on it. A booked appointment becomes
/// confirmed in the same transaction; a checked-in or completed one that was never paid is paid
/// without a status change; a cancelled or no-show one cannot be paid (exit 5).
pub fn pay(
    conn: &Db,
    appointment: &str,
    req: PaymentRequest,
    staff_id: &StaffId,
    now: DateTime<Utc>,
    tz: Tz,
) -> AppResult<PayResult> {
    crate::db::write(conn, |tx| {
        let appt = appointments::resolve_appointment(tx, appointment)?;
        if let Some(first) = payments::replayed_payment(tx, &appt.id, &req)? {
            return Ok(PayResult::Paid(PayOutcome {
                payment: first,
                replayed: true,
                appointment_status: appt.status,
            }));
        }
        if matches!(appt.status, Status::Cancelled | Status::NoShow) {
            return Err(payments::PaymentError::NotPayable { status: appt.status }.into());
        }
        // Only now: a cancelled (and refunded) appointment is reported as cancelled, not paid.
        payments::refuse_if_paid(tx, &appt.id)?;
        let payable = Payable {
            appointment_id: appt.id.clone(),
            price: appt.price_cents,
            currency: appt.currency.clone(),
        };
        match payments::record_payment(tx, &payable, req.clone(), staff_id, now, tz)? {
            Recorded::Declined(p) => Ok(PayResult::Declined(p)),
            Recorded::Paid(p) => {
                let status = if appt.status == Status::Booked {
                    appointments::change_status(tx, &appt.id, Status::Confirmed, Some(staff_id), None, now)?
                        .status
                } else {
                    appt.status
                };
                Ok(PayResult::Paid(PayOutcome {
                    payment: p,
                    replayed: false,
                    appointment_status: status,
                }))
            }
        }
    })
}
