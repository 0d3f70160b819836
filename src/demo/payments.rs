//! Bulk insertion of generated payment history for `saludya demo --appointments N`: one cached
//! prepared statement, no read-back, receipt numbers handed out by a counter that the caller
//! initialises inside its write transaction with [`next_receipt`].

use crate::db::{Db, Tx};
use crate::domain::appointments;
use crate::ids::AppointmentId;
use crate::params;

use crate::domain::payments::Method;
use crate::error::AppResult;

/// A generated record. Declined records get no receipt; refunds point at their payment (and
/// mark it `refunded_by`).
#[derive(Debug, Clone, Copy)]
pub struct SampleRecord<'a> {
    pub appointment_id: &'a str,
    pub refund: bool,
    pub declined: bool,
    pub method: Method,
    pub amount_cents: i64,
    pub currency: &'a str,
    pub card_brand: Option<&'a str>,
    pub card_last_four: Option<&'a str>,
    pub reference: Option<&'a str>,
    pub tendered_cents: Option<i64>,
    pub refund_of: Option<&'a str>,
    pub reason: Option<&'a str>,
    pub created_by: Option<&'a str>,
    /// UTC "YYYY-MM-DDTHH:MM:SSZ".
    pub created_at: &'a str,
}

/// The next free receipt number (call inside the write transaction that will use it).
pub fn next_receipt(conn: &Db) -> AppResult<i64> {
    Ok(conn
        .prepare_cached("SELECT COALESCE(MAX(receipt_number), 0) + 1 FROM payment_payments")?
        .query_row([], |r| r.get(0))?)
}

/// Inserts one generated record; returns its id. `receipt` is advanced for succeeded records.
pub fn insert_sample(conn: &Tx<'_>, rec: &SampleRecord<'_>, receipt: &mut i64) -> AppResult<String> {
    let id = crate::ids::new_id();
    let transaction_id = format!("TX-{}", crate::ids::new_uuid().simple()).to_uppercase();
    let receipt_number = if rec.declined {
        None
    } else {
        *receipt += 1;
        Some(*receipt - 1)
    };
    let change = match (rec.method, rec.tendered_cents, rec.refund) {
        (Method::Cash, Some(t), false) => Some(t - rec.amount_cents),
        _ => None,
    };
    conn.prepare_cached(
        "INSERT INTO payment_payments (id, appointment_id, kind, status, method, amount_cents, currency, \
         card_brand, card_last_four, reference, tendered_cents, change_cents, decline_reason, refund_of, \
         reason, transaction_id, receipt_number, created_by, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19)",
    )?
    .execute(params![
        id,
        rec.appointment_id,
        if rec.refund { "refund" } else { "payment" },
        if rec.declined { "declined" } else { "succeeded" },
        rec.method.as_str(),
        rec.amount_cents,
        rec.currency,
        rec.card_brand,
        rec.card_last_four,
        rec.reference,
        if rec.refund { None } else { rec.tendered_cents },
        change,
        rec.declined.then_some("luhn_failed"),
        rec.refund_of,
        rec.reason,
        transaction_id,
        receipt_number,
        rec.created_by,
        rec.created_at,
    ])?;
    if !rec.declined {
        appointments::refresh_payment_summary(conn, &AppointmentId::from_string(rec.appointment_id))?;
    }
    if let (true, Some(original)) = (rec.refund, rec.refund_of) {
        // Like a real refund: the original no longer counts as the appointment's payment.
        conn.prepare_cached("UPDATE payment_payments SET refunded_by = $2 WHERE id = $1")?
            .execute(params![original, id])?;
    }
    Ok(id)
}
