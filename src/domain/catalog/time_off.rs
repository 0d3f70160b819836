//! Doctors' time off (`catalog_time_off`): [starts_at, ends_at) in clinic wall-clock time.

use crate::db::{Db, Row, Tx};
use crate::ids::DoctorId;
use crate::ids::StaffId;
use crate::params;
use crate::wall_time::WallTime;
use chrono::{DateTime, NaiveDateTime, Utc};
use serde::Serialize;

use super::CatalogError;
use super::wall;
use crate::clock::utc_string;
use crate::error::AppResult;
use crate::text::has_unsafe_chars;

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct TimeOff {
    pub id: String,
    pub doctor_id: DoctorId,
    pub doctor_name: String,
    /// "YYYY-MM-DD HH:MM", clinic time, inclusive.
    pub starts_at: WallTime,
    /// "YYYY-MM-DD HH:MM", clinic time, exclusive.
    pub ends_at: WallTime,
    pub reason: String,
    pub created_at: String,
}

/// A validated time-off request.
#[derive(Debug, Clone)]
pub struct NewTimeOff {
    pub doctor_id: DoctorId,
    pub from: NaiveDateTime,
    pub to: NaiveDateTime,
    pub reason: String,
}

impl NewTimeOff {
    pub fn new(
        doctor_id: &DoctorId,
        from: NaiveDateTime,
        to: NaiveDateTime,
        reason: &str,
    ) -> AppResult<NewTimeOff> {
        if to <= from {
            return Err(CatalogError::TimeOffEndsBeforeStart.into());
        }
        if to - from > chrono::Duration::days(366) {
            return Err(CatalogError::TimeOffTooLong.into());
        }
        let reason = reason.trim();
        if reason.chars().count() > 200 || has_unsafe_chars(reason) {
            return Err(CatalogError::TimeOffReasonInvalid.into());
        }
        Ok(NewTimeOff {
            doctor_id: doctor_id.clone(),
            from,
            to,
            reason: reason.to_string(),
        })
    }
}

const SELECT: &str = "SELECT t.id, t.doctor_id, d.first_name || ' ' || d.last_name, t.starts_at, t.ends_at,
        t.reason, t.created_at
    FROM catalog_time_off t JOIN catalog_doctors d ON d.id = t.doctor_id";

fn from_row(r: &Row<'_>) -> crate::db::Result<TimeOff> {
    Ok(TimeOff {
        id: r.get(0)?,
        doctor_id: r.get(1)?,
        doctor_name: r.get(2)?,
        starts_at: r.get(3)?,
        ends_at: r.get(4)?,
        reason: r.get(5)?,
        created_at: r.get(6)?,
    })
}

/// Records time off. Appointments already inside it are not touched (the caller lists them).
/// Run inside `crate::db::write`.
pub fn add_time_off(
    conn: &Tx<'_>,
    new: &NewTimeOff,
    by_staff: Option<&StaffId>,
    now: DateTime<Utc>,
) -> AppResult<TimeOff> {
    let id = crate::ids::new_id();
    conn.prepare_cached(
        "INSERT INTO catalog_time_off (id, doctor_id, starts_at, ends_at, reason, created_by, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )?
    .execute(params![
        id,
        new.doctor_id,
        wall(new.from),
        wall(new.to),
        new.reason,
        by_staff,
        utc_string(now)
    ])?;
    let t = conn
        .prepare_cached(&format!("{SELECT} WHERE t.id = $1"))?
        .query_row([&id], from_row)?;
    crate::domain::audit::record(
        conn,
        by_staff,
        now,
        crate::domain::audit::Change::created(
            crate::domain::audit::Entity::TimeOff,
            &id,
            "create",
            crate::domain::audit::snapshot(&t, &["created_at"]),
        ),
    )?;
    Ok(t)
}

/// Time off overlapping [from, to), of one doctor or (doctor `None`) of every doctor, by start.
pub fn time_off_between(
    conn: &Db,
    doctor_id: Option<&str>,
    from: NaiveDateTime,
    to: NaiveDateTime,
) -> AppResult<Vec<TimeOff>> {
    let mut stmt = conn.prepare_cached(&format!(
        "{SELECT} WHERE (CAST($1 AS TEXT) IS NULL OR t.doctor_id = $1) AND t.starts_at < $3 AND t.ends_at > $2
         ORDER BY t.starts_at, d.last_name"
    ))?;
    let rows = stmt
        .query_map(params![doctor_id, wall(from), wall(to)], from_row)?
        .collect::<Result<Vec<_>, _>>()?;
    Ok(rows)
}

/// Time off not yet over at `now` (clinic time), of one doctor or of every doctor.
pub fn upcoming_time_off(conn: &Db, doctor_id: Option<&str>, now: NaiveDateTime) -> AppResult<Vec<TimeOff>> {
    let far = now + chrono::Duration::days(3660);
    time_off_between(conn, doctor_id, now, far)
}

/// Time off of the active doctors of a specialty, or of one doctor, overlapping [from, to), as
/// one interval set per doctor (for slot generation), in one query.
pub fn time_off_by_doctor(
    conn: &Db,
    specialty_id: Option<&str>,
    doctor_id: Option<&str>,
    from: NaiveDateTime,
    to: NaiveDateTime,
) -> AppResult<std::collections::HashMap<String, super::slots::IntervalSet>> {
    use super::slots::{Interval, IntervalSet};
    let mut stmt = conn.prepare_cached(
        "SELECT t.doctor_id, t.starts_at, t.ends_at
         FROM catalog_time_off t JOIN catalog_doctors d ON d.id = t.doctor_id
         WHERE (CAST($1 AS TEXT) IS NULL OR d.specialty_id = $1) AND (CAST($2 AS TEXT) IS NULL OR d.id = $2)
           AND t.starts_at < $4 AND t.ends_at > $3",
    )?;
    let mut by_doctor: std::collections::HashMap<String, Vec<Interval>> = std::collections::HashMap::new();
    let rows = stmt.query_map(params![specialty_id, doctor_id, wall(from), wall(to)], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
        ))
    })?;
    for row in rows {
        let (doctor, a, b) = row?;
        by_doctor
            .entry(doctor)
            .or_default()
            .push(Interval::new(super::parse_wall(&a)?, super::parse_wall(&b)?));
    }
    Ok(by_doctor
        .into_iter()
        .map(|(k, v)| (k, IntervalSet::new(v)))
        .collect())
}
