//! Undo a slip at the desk (a check-in, completion or no-show made by mistake), with the money as
//! it stands: the appointments domain restores the status before, told by the payments domain
//! whether the appointment holds a payment now (paying or refunding a checked-in appointment
//! leaves no status history, so the history alone would restore "unpaid" over a payment, or
//! "paid" over a refund). One transaction, the caller's.

use crate::db::Tx;
use chrono::{DateTime, Utc};

use crate::domain::appointments::{self, Appointment, AppointmentError, Status};
use crate::domain::payments;
use crate::ids::{AppointmentId, StaffId};

/// Undoes the change of `id` to `status`; see [`appointments::undo`]. Run inside
/// `crate::db::write_typed`.
pub fn undo(
    tx: &Tx<'_>,
    id: &AppointmentId,
    status: Status,
    by_staff: Option<&StaffId>,
    now: DateTime<Utc>,
) -> Result<Appointment, AppointmentError> {
    let paid = payments::succeeded_payment_for(tx, id)?.is_some();
    appointments::undo(tx, id, status, paid, by_staff, now)
}
