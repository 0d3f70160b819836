//! What an appointment's payment came to, kept on its row (`paid_cents`, `payment_method`,
//! `receipt_number`, `refunded_cents`; migration V13), so the agenda export reads one row per
//! appointment.
//!
//! Derived data: the latest successful payment by id, and that payment's refund. Whoever
//! writes a successful payment or refund calls [`refresh_payment_summary`] in the same
//! transaction (the payments use cases and the demo generator); `db copy` copies the columns
//! as they are. Not triggers, which every process would parse with the schema (V14).

use crate::db::Tx;
use crate::error::AppResult;
use crate::ids::AppointmentId;

/// Computes the appointment's payment summary again from its payment rows.
pub fn refresh_payment_summary(conn: &Tx<'_>, appointment: &AppointmentId) -> AppResult<()> {
    conn.prepare_cached(
        "UPDATE appointment_appointments
         SET (paid_cents, payment_method, receipt_number, refunded_cents) = (
             SELECT p.amount_cents, p.method, p.receipt_number,
                    COALESCE((SELECT r.amount_cents FROM payment_payments r WHERE r.refund_of = p.id), 0)
             FROM payment_payments p
             WHERE p.appointment_id = $1 AND p.kind = 'payment' AND p.status = 'succeeded'
             ORDER BY p.id DESC LIMIT 1)
         WHERE id = $1
           AND EXISTS (SELECT 1 FROM payment_payments p WHERE p.appointment_id = $1
                       AND p.kind = 'payment' AND p.status = 'succeeded')",
    )?
    .execute([appointment])?;
    Ok(())
}
