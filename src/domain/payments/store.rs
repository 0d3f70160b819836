//! Storage of payments and refunds (`payment_payments` only; a successful one has the
//! appointments domain refresh the appointment's payment summary). Every writer here is called
//! inside the caller's `BEGIN IMMEDIATE` transaction, so the receipt sequence and the
//! one-payment-per-appointment check cannot interleave with another desk.

use crate::db::{Db, OptionalExt, Row, Tx};
use crate::domain::appointments;
use crate::domain::audit::{self, Change, Entity};
use crate::params;
use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Tz;

use super::PaymentError;
use super::card::{self, Decline};
use super::{Method, Payable, Payment, PaymentRequest, RecordKind, Recorded, Status, Tender};
use crate::error::AppResult;
use crate::ids::{AppointmentId, PaymentId, StaffId};
use crate::money::Cents;

const COLUMNS: &str = "id, appointment_id, status, kind, method, amount_cents, currency, card_brand, \
    card_last_four, reference, tendered_cents, change_cents, decline_reason, refund_of, reason, \
    transaction_id, receipt_number, created_by, created_at, refunded_by";

fn map_row(r: &Row<'_>) -> crate::db::Result<Payment> {
    let bad = |i: usize, v: String| crate::db::Error::conversion(format!("column {i}: unexpected value {v}"));
    let status: String = r.get(2)?;
    let kind: String = r.get(3)?;
    let method: String = r.get(4)?;
    let currency: String = r.get(6)?;
    let amount = Cents(r.get(5)?);
    let tendered: Option<i64> = r.get(10)?;
    let change: Option<i64> = r.get(11)?;
    Ok(Payment {
        id: r.get(0)?,
        appointment_id: r.get(1)?,
        status: match status.as_str() {
            "succeeded" => Status::Succeeded,
            "declined" => Status::Declined,
            _ => return Err(bad(2, status)),
        },
        kind: match kind.as_str() {
            "payment" => RecordKind::Payment,
            "refund" => RecordKind::Refund,
            _ => return Err(bad(3, kind)),
        },
        method: Method::parse(&method).map_err(|_| bad(4, method.clone()))?,
        amount_cents: amount,
        amount: amount.display(&currency),
        card_brand: r.get(7)?,
        card_last_four: r.get(8)?,
        reference: r.get(9)?,
        tendered_cents: tendered.map(Cents),
        tendered: tendered.map(|c| Cents(c).display(&currency)),
        change_cents: change.map(Cents),
        change: change.map(|c| Cents(c).display(&currency)),
        decline_reason: r.get(12)?,
        refund_of: r.get(13)?,
        reason: r.get(14)?,
        transaction_id: r.get(15)?,
        receipt_number: r.get(16)?,
        created_by: r.get(17)?,
        created_at: r.get(18)?,
        refunded_by: r.get(19)?,
        currency,
    })
}

/// One record by full id.
pub fn get_payment(conn: &Db, id: &PaymentId) -> AppResult<Payment> {
    conn.prepare_cached(&format!("SELECT {COLUMNS} FROM payment_payments WHERE id = $1"))?
        .query_row([id], map_row)
        .optional()?
        .ok_or_else(|| PaymentError::NotFound { id: id.to_string() }.into())
}

/// A full id or a unique prefix (≥ 6 characters) of a payment or refund.
pub fn resolve_payment(conn: &Db, input: &str) -> AppResult<PaymentId> {
    crate::db::resolve_id_prefix(conn, "payment_payments", input, ("pago", "payment"))
}

pub fn find_by_idempotency_key(conn: &Db, key: &str) -> AppResult<Option<Payment>> {
    Ok(conn
        .prepare_cached(&format!(
            "SELECT {COLUMNS} FROM payment_payments WHERE idempotency_key = $1"
        ))?
        .query_row([key], map_row)
        .optional()?)
}

/// The appointment's successful payment that has not been refunded, if any (at most one, by a
/// unique index). A refunded payment no longer counts: the appointment may be paid again.
pub fn succeeded_payment_for(conn: &Db, appointment_id: &AppointmentId) -> AppResult<Option<Payment>> {
    Ok(conn
        .prepare_cached(&format!(
            "SELECT {COLUMNS} FROM payment_payments \
             WHERE appointment_id = $1 AND kind = 'payment' AND status = 'succeeded' \
               AND refunded_by IS NULL"
        ))?
        .query_row([appointment_id], map_row)
        .optional()?)
}

fn refund_of(conn: &Db, payment_id: &PaymentId) -> AppResult<Option<Payment>> {
    Ok(conn
        .prepare_cached(&format!(
            "SELECT {COLUMNS} FROM payment_payments WHERE refund_of = $1"
        ))?
        .query_row([payment_id], map_row)
        .optional()?)
}

/// Before taking money: an idempotent retry returns the first result; a second, different
/// payment of an already-paid appointment is refused (exit 5). [`replayed_payment`] then
/// [`refuse_if_paid`], for a caller that checks something in between.
pub fn prior_outcome(
    conn: &Db,
    appointment_id: &AppointmentId,
    req: &PaymentRequest,
) -> AppResult<Option<Payment>> {
    if let Some(first) = replayed_payment(conn, appointment_id, req)? {
        return Ok(Some(first));
    }
    refuse_if_paid(conn, appointment_id)?;
    Ok(None)
}

/// An idempotent retry: the first payment made with the request's key (for the same appointment
/// and method); a key used for another payment is refused (exit 5).
pub fn replayed_payment(
    conn: &Db,
    appointment_id: &AppointmentId,
    req: &PaymentRequest,
) -> AppResult<Option<Payment>> {
    if let Some(key) = &req.idempotency_key
        && let Some(first) = find_by_idempotency_key(conn, key)?
    {
        if first.appointment_id == *appointment_id && first.method == req.tender.method() {
            if first.refunded_by.is_some() {
                // Saying "nothing charged again" here would leave the desk believing the
                // appointment is paid while it is not.
                let receipt = first.receipt_number.unwrap_or_default();
                return Err(PaymentError::KeyPaymentRefunded { receipt }.into());
            }
            return Ok(Some(first));
        }
        return Err(PaymentError::KeyUsedElsewhere.into());
    }
    Ok(None)
}

/// Refuses (exit 5) to take a second payment of an appointment that has a successful,
/// un-refunded one.
pub fn refuse_if_paid(conn: &Db, appointment_id: &AppointmentId) -> AppResult<()> {
    if let Some(paid) = succeeded_payment_for(conn, appointment_id)? {
        return Err(super::PaymentError::AlreadyPaid {
            receipt: paid.receipt_number.unwrap_or_default(),
            amount: paid.amount,
            transaction: paid.transaction_id,
            payment: paid.id,
        }
        .into());
    }
    Ok(())
}

fn next_receipt(conn: &Db) -> AppResult<i64> {
    Ok(conn
        .prepare_cached("SELECT COALESCE(MAX(receipt_number), 0) + 1 FROM payment_payments")?
        .query_row([], |r| r.get(0))?)
}

/// A new record's columns (the ones that vary).
#[derive(Default)]
struct NewRecord<'a> {
    appointment_id: &'a str,
    kind: &'a str,
    status: &'a str,
    method: &'a str,
    amount: i64,
    currency: &'a str,
    card_brand: Option<&'a str>,
    card_last_four: Option<&'a str>,
    reference: Option<&'a str>,
    tendered: Option<i64>,
    change: Option<i64>,
    decline_reason: Option<&'a str>,
    refund_of: Option<&'a str>,
    reason: Option<&'a str>,
    idempotency_key: Option<&'a str>,
}

/// Inserts a record. Its `created_at` is `now`, but never earlier than the newest record before
/// it: money records are in time order even when the clock was set back, so a refund cannot be
/// dated into a day whose cash close is already done.
fn insert(conn: &Tx<'_>, rec: &NewRecord<'_>, by: &StaffId, now: DateTime<Utc>) -> AppResult<Payment> {
    let id = PaymentId::from_string(crate::ids::new_id());
    let transaction_id = format!(
        "TX-{}",
        crate::ids::new_uuid().simple().to_string().to_uppercase()
    );
    let receipt = if rec.status == "succeeded" {
        Some(next_receipt(conn)?)
    } else {
        None
    };
    conn.prepare_cached(
        "INSERT INTO payment_payments (id, appointment_id, kind, status, method, amount_cents, currency, \
         card_brand, card_last_four, reference, tendered_cents, change_cents, decline_reason, refund_of, \
         reason, transaction_id, receipt_number, idempotency_key, created_by, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, \
                 (SELECT MAX(v) FROM (SELECT CAST($20 AS TEXT) AS v \
                                      UNION ALL SELECT MAX(created_at) FROM payment_payments) AS newest))",
    )?
    .execute(params![
        id,
        rec.appointment_id,
        rec.kind,
        rec.status,
        rec.method,
        rec.amount,
        rec.currency,
        rec.card_brand,
        rec.card_last_four,
        rec.reference,
        rec.tendered,
        rec.change,
        rec.decline_reason,
        rec.refund_of,
        rec.reason,
        transaction_id,
        receipt,
        rec.idempotency_key,
        by,
        crate::clock::utc_string(now),
    ])?;
    let payment = get_payment(conn, &id)?;
    if rec.status == "succeeded" {
        appointments::refresh_payment_summary(conn, &payment.appointment_id)?;
    }
    let action = match (rec.kind, rec.status) {
        ("refund", _) => "refund",
        (_, "declined") => "declined",
        _ => "pay",
    };
    audit::record(
        conn,
        Some(by),
        now,
        Change::created(Entity::Payment, &id, action, audited(&payment)),
    )?;
    Ok(payment)
}

/// A payment record's business fields for the audit trail: the stored fields (the card only as
/// its brand and last four, as stored), not their formatted copies.
fn audited(p: &Payment) -> serde_json::Value {
    audit::snapshot(p, &["amount", "tendered", "change", "created_at"])
}

/// Takes the payment of `payable` (call [`prior_outcome`] first, in the same transaction).
/// A card is validated here and its input consumed; a declined card is recorded (without card
/// data and without the idempotency key, so the desk may retry with another card under the same
/// key) and returned as [`Recorded::Declined`] for the caller to commit and report.
pub fn record_payment(
    conn: &Tx<'_>,
    payable: &Payable,
    req: PaymentRequest,
    by: &StaffId,
    now: DateTime<Utc>,
    tz: Tz,
) -> AppResult<Recorded> {
    let PaymentRequest {
        tender,
        idempotency_key,
    } = req;
    let method = tender.method();
    let mut rec = NewRecord {
        appointment_id: &payable.appointment_id,
        kind: "payment",
        status: "succeeded",
        method: method.as_str(),
        amount: payable.price.0,
        currency: &payable.currency,
        idempotency_key: idempotency_key.as_deref(),
        ..NewRecord::default()
    };
    let brand_text;
    let reference_text;
    match tender {
        Tender::Card(input) => match card::validate(input, now, tz) {
            Ok(summary) => {
                brand_text = summary.last_four;
                rec.card_brand = Some(summary.brand.as_str());
                rec.card_last_four = Some(&brand_text);
            }
            Err(Decline {
                reason,
                brand,
                last_four,
            }) => {
                brand_text = last_four.unwrap_or_default();
                rec.status = "declined";
                rec.idempotency_key = None;
                rec.decline_reason = Some(reason.code());
                rec.card_brand = brand.map(|b| b.as_str());
                rec.card_last_four = (!brand_text.is_empty()).then_some(brand_text.as_str());
                return Ok(Recorded::Declined(insert(conn, &rec, by, now)?));
            }
        },
        Tender::Cash { tendered } => {
            let tendered = tendered.unwrap_or(payable.price);
            if tendered < payable.price {
                return Err(PaymentError::TenderedTooLow {
                    tendered: tendered.display(&payable.currency),
                    price: payable.price.display(&payable.currency),
                }
                .into());
            }
            rec.tendered = Some(tendered.0);
            rec.change = Some(tendered.0 - payable.price.0);
        }
        Tender::Reference { reference, .. } => {
            reference_text = reference;
            rec.reference = Some(&reference_text);
        }
    }
    Ok(Recorded::Paid(insert(conn, &rec, by, now)?))
}

fn check_reason(reason: &str) -> AppResult<&str> {
    let reason = reason.trim();
    if reason.is_empty() || reason.chars().count() > 200 || crate::text::has_unsafe_chars(reason) {
        return Err(PaymentError::RefundReasonInvalid.into());
    }
    Ok(reason)
}

/// Writes the reversing record of a successful payment (same method, amount and card summary).
pub fn refund_payment(
    conn: &Tx<'_>,
    payment_id: &PaymentId,
    reason: &str,
    by: &StaffId,
    now: DateTime<Utc>,
) -> AppResult<Payment> {
    let reason = check_reason(reason)?;
    let p = get_payment(conn, payment_id)?;
    if p.kind != RecordKind::Payment || p.status != Status::Succeeded {
        return Err(PaymentError::NotRefundable {
            id: p.id.clone(),
            is_refund: p.kind == RecordKind::Refund,
        }
        .into());
    }
    if let Some(r) = refund_of(conn, &p.id)? {
        return Err(PaymentError::AlreadyRefunded {
            receipt: r.receipt_number.unwrap_or_default(),
            at: r.created_at.to_string(),
        }
        .into());
    }
    let refund = insert(
        conn,
        &NewRecord {
            appointment_id: &p.appointment_id,
            kind: "refund",
            status: "succeeded",
            method: p.method.as_str(),
            amount: p.amount_cents.0,
            currency: &p.currency,
            card_brand: p.card_brand.as_deref(),
            card_last_four: p.card_last_four.as_deref(),
            reference: p.reference.as_deref(),
            refund_of: Some(&p.id),
            reason: Some(reason),
            ..NewRecord::default()
        },
        by,
        now,
    )?;
    // The original no longer counts as the appointment's payment (see the partial unique index).
    conn.prepare_cached("UPDATE payment_payments SET refunded_by = $2 WHERE id = $1")?
        .execute(params![p.id, refund.id])?;
    let after = get_payment(conn, &p.id)?;
    audit::record(
        conn,
        Some(by),
        now,
        Change::updated(Entity::Payment, &p.id, "refunded", audited(&p), audited(&after)),
    )?;
    Ok(refund)
}

/// Refunds the appointment's successful payment if it has one that is not refunded yet
/// (the cancel flow). `None` when there was nothing to refund.
pub fn refund_for_appointment(
    conn: &Tx<'_>,
    appointment_id: &AppointmentId,
    reason: &str,
    by: &StaffId,
    now: DateTime<Utc>,
) -> AppResult<Option<Payment>> {
    let Some(paid) = succeeded_payment_for(conn, appointment_id)? else {
        return Ok(None);
    };
    if refund_of(conn, &paid.id)?.is_some() {
        return Ok(None);
    }
    refund_payment(conn, &paid.id, reason, by, now).map(Some)
}

/// Which records `payment list` shows.
#[derive(Debug, Clone, Default)]
pub struct PaymentFilter {
    /// Records created on this clinic day.
    pub date: Option<NaiveDate>,
    pub method: Option<Method>,
    /// All records of one appointment (any day).
    pub appointment_id: Option<String>,
}

/// Records in creation order.
pub fn list_payments(conn: &Db, filter: &PaymentFilter, tz: Tz) -> AppResult<Vec<Payment>> {
    let day = filter.date.map(|d| super::day_bounds_utc(d, tz));
    let (from, to) = (day.as_ref().map(|d| &d.0), day.as_ref().map(|d| &d.1));
    let method = filter.method.map(Method::as_str);
    let mut conditions = crate::db::Conditions::new();
    conditions
        .and_some("created_at >= {}", &from)
        .and_some("created_at < {}", &to)
        .and_some("method = {}", &method)
        .and_some("appointment_id = {}", &filter.appointment_id);
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM payment_payments{} ORDER BY created_at, id",
        conditions.sql()
    ))?;
    let rows = stmt.query_map(conditions.params(), map_row)?;
    Ok(rows.collect::<Result<Vec<_>, _>>()?)
}
