//! Bulk insertion of generated appointments with their status history, for
//! `saludya demo --appointments N` (see `crate::flows::volume`). The generator enumerates free
//! slots from the schedules itself, so these inserts skip the booking checks; the partial unique
//! index still guards against a double booking. Cached prepared statements, no read-back.
//! (Added by the payments/export owner; additive.)

use crate::db::{Db, Tx};
use crate::params;

use crate::domain::appointments::Status;
use crate::error::AppResult;
use crate::ids::StaffId;

/// A generated appointment, in storage form.
#[derive(Debug, Clone, Copy)]
pub struct GeneratedAppointment<'a> {
    pub id: &'a str,
    pub patient_id: &'a str,
    pub doctor_id: &'a str,
    /// Clinic wall-clock "YYYY-MM-DD HH:MM".
    pub starts_at: &'a str,
    pub ends_at: &'a str,
    pub status: Status,
    pub doctor_name: &'a str,
    pub specialty: &'a str,
    pub price_cents: i64,
    pub currency: &'a str,
    pub cancelled_by: Option<&'a str>,
    pub cancel_reason: Option<&'a str>,
    pub created_by: Option<&'a str>,
    /// UTC.
    pub created_at: &'a str,
    pub updated_at: &'a str,
}

/// One status change of the generated history.
#[derive(Debug, Clone, Copy)]
pub struct HistoryEntry<'a> {
    pub from: Option<Status>,
    pub to: Status,
    /// UTC.
    pub at: &'a str,
    pub reason: Option<&'a str>,
}

/// Inserts the appointment and its history (run inside the caller's write transaction).
pub fn insert_generated(
    conn: &Tx<'_>,
    a: &GeneratedAppointment<'_>,
    history: &[HistoryEntry<'_>],
    by_staff: Option<&StaffId>,
) -> AppResult<()> {
    conn.prepare_cached(
        "INSERT INTO appointment_appointments (id, patient_id, doctor_id, starts_at, ends_at, status,
             doctor_name, specialty, price_cents, currency, cancelled_by, cancel_reason, created_by,
             created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)",
    )?
    .execute(params![
        a.id,
        a.patient_id,
        a.doctor_id,
        a.starts_at,
        a.ends_at,
        a.status.as_str(),
        a.doctor_name,
        a.specialty,
        a.price_cents,
        a.currency,
        a.cancelled_by,
        a.cancel_reason,
        a.created_by,
        a.created_at,
        a.updated_at,
    ])?;
    let mut stmt = conn.prepare_cached(
        "INSERT INTO appointment_status_history (appointment_id, from_status, to_status, reason, by_staff, at)
         VALUES ($1, $2, $3, $4, $5, $6)",
    )?;
    for h in history {
        stmt.execute(params![
            a.id,
            h.from.map(Status::as_str),
            h.to.as_str(),
            h.reason,
            by_staff,
            h.at
        ])?;
    }
    Ok(())
}

/// How many appointments there are.
pub fn count(conn: &Db) -> AppResult<i64> {
    Ok(conn
        .prepare_cached("SELECT count(*) FROM appointment_appointments")?
        .query_row([], |r| r.get(0))?)
}

/// The earliest start in the database, if any ("YYYY-MM-DD HH:MM").
pub fn earliest_start(conn: &Db) -> AppResult<Option<String>> {
    Ok(conn
        .prepare_cached("SELECT MIN(starts_at) FROM appointment_appointments")?
        .query_row([], |r| r.get(0))?)
}
