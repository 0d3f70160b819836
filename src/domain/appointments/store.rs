//! Storage of appointments (`appointment_appointments`, `appointment_status_history`).

use crate::ids::{AppointmentId, DoctorId, PatientId, SeriesId, StaffId};
use crate::wall_time::WallTime;
use std::collections::HashMap;

use crate::db::{Db, OptionalExt, Row, Tx};
use crate::params;
use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};

use super::AppointmentError;
use super::{ACTIVE_SQL, Appointment, SeriesPlace, Status, StatusChange};
use crate::clock::utc_string;
use crate::domain::audit::{self, Change, Entity};
use crate::domain::catalog::slots::{Interval, IntervalSet};
use crate::domain::catalog::{parse_wall, wall};
use crate::error::AppResult;
use crate::money::Cents;

pub(super) const SELECT: &str = "SELECT a.id, a.status, a.patient_id, p.first_name || ' ' || p.last_name,
        p.doc_number, a.doctor_id, a.doctor_name, a.specialty, a.starts_at, a.ends_at, a.price_cents,
        a.currency, a.notes, a.orientation_id, a.cancelled_by, a.cancel_reason, a.created_by,
        a.created_at, a.updated_at, a.series_id, a.series_position, s.count
    FROM appointment_appointments a JOIN user_patients p ON p.id = a.patient_id
        LEFT JOIN appointment_series s ON s.id = a.series_id";

fn status_from(s: &str, col: usize) -> crate::db::Result<Status> {
    Status::parse(s).map_err(|_| crate::db::Error::conversion(format!("column {col}: not a status: {s}")))
}

fn from_row(r: &Row<'_>) -> crate::db::Result<Appointment> {
    let status: String = r.get(1)?;
    let series_id: Option<SeriesId> = r.get(19)?;
    let position: Option<i64> = r.get(20)?;
    let count: Option<i64> = r.get(21)?;
    let series = match (series_id, position, count) {
        (Some(id), Some(position), Some(count)) => Some(SeriesPlace::new(
            id,
            u32::try_from(position).unwrap_or(0),
            u32::try_from(count).unwrap_or(0),
        )),
        _ => None,
    };
    Ok(Appointment {
        id: r.get(0)?,
        status: status_from(&status, 1)?,
        patient_id: r.get(2)?,
        patient_name: r.get(3)?,
        patient_dni: r.get(4)?,
        doctor_id: r.get(5)?,
        doctor_name: r.get(6)?,
        specialty: r.get(7)?,
        start: r.get(8)?,
        end: r.get(9)?,
        price_cents: Cents(r.get(10)?),
        currency: r.get(11)?,
        notes: r.get(12)?,
        orientation_id: r.get(13)?,
        cancelled_by: r.get(14)?,
        cancel_reason: r.get(15)?,
        created_by: r.get(16)?,
        created_at: r.get(17)?,
        updated_at: r.get(18)?,
        series,
    })
}

/// An appointment by full id.
pub fn get_appointment(conn: &Db, id: &AppointmentId) -> AppResult<Appointment> {
    conn.prepare_cached(&format!("{SELECT} WHERE a.id = $1"))?
        .query_row([id], from_row)
        .optional()?
        .ok_or_else(|| {
            AppointmentError::NotFound {
                id: crate::text::shown(id, 40).to_string(),
            }
            .into()
        })
}

/// An appointment by full id or unique id prefix (≥ 6 characters).
pub fn resolve_appointment(conn: &Db, input: &str) -> AppResult<Appointment> {
    let id = crate::db::resolve_id_prefix(conn, "appointment_appointments", input, ("cita", "appointment"))?;
    get_appointment(conn, &id)
}

/// Which appointments to list. Dates are clinic dates, both inclusive.
#[derive(Debug, Clone, Default)]
pub struct AppointmentFilter {
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    pub doctor_id: Option<DoctorId>,
    pub patient_id: Option<PatientId>,
    pub status: Option<Status>,
    /// Newest first instead of earliest first.
    pub newest_first: bool,
    /// 0 = no limit.
    pub limit: u32,
}

/// Appointments matching the filter, by start time.
pub fn list_appointments(conn: &Db, f: &AppointmentFilter) -> AppResult<Vec<Appointment>> {
    let values = ListValues::of(f);
    let (sql, conditions) = list_query(f, &values);
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt
        .query_map(conditions.params(), from_row)?
        .collect::<Result<Vec<_>, _>>()?;
    Ok(rows)
}

/// The values of a filter as the statement binds them.
pub(super) struct ListValues {
    from: Option<String>,
    to: Option<String>,
    status: Option<&'static str>,
    limit: i64,
}

impl ListValues {
    pub(super) fn of(f: &AppointmentFilter) -> Self {
        ListValues {
            from: f.from.map(|d| format!("{d} 00:00")),
            to: f.to.and_then(|d| d.succ_opt()).map(|d| format!("{d} 00:00")),
            status: f.status.map(Status::as_str),
            // No limit: the largest one both engines take (SQLite's -1 is refused by
            // PostgreSQL).
            limit: if f.limit == 0 {
                i64::MAX
            } else {
                i64::from(f.limit)
            },
        }
    }
}

/// The statement of [`list_appointments`] with only the filters given, so that an index
/// serves each (a patient's history reads that patient's rows, not the whole table).
pub(super) fn list_query<'a>(
    f: &'a AppointmentFilter,
    v: &'a ListValues,
) -> (String, crate::db::Conditions<'a>) {
    let order = if f.newest_first { "DESC" } else { "ASC" };
    let mut conditions = crate::db::Conditions::new();
    conditions
        .and_some("a.starts_at >= {}", &v.from)
        .and_some("a.starts_at < {}", &v.to)
        .and_some("a.doctor_id = {}", &f.doctor_id)
        .and_some("a.patient_id = {}", &f.patient_id)
        .and_some("a.status = {}", &v.status);
    let limit = conditions.param(&v.limit);
    let sql = format!(
        "{SELECT}{} ORDER BY a.starts_at {order}, a.doctor_name {order}, a.id {order} LIMIT {limit}",
        conditions.sql()
    );
    (sql, conditions)
}

/// A patient's appointments, newest first.
pub fn patient_history(conn: &Db, patient_id: &PatientId) -> AppResult<Vec<Appointment>> {
    list_appointments(
        conn,
        &AppointmentFilter {
            patient_id: Some(patient_id.clone()),
            newest_first: true,
            ..AppointmentFilter::default()
        },
    )
}

/// The appointments of a series from `position` on, by position (every status).
pub(super) fn series_members(conn: &Db, series: &SeriesId, position: u32) -> AppResult<Vec<Appointment>> {
    let mut stmt = conn.prepare_cached(&format!(
        "{SELECT} WHERE a.series_id = $1 AND a.series_position >= $2 ORDER BY a.series_position"
    ))?;
    let rows = stmt
        .query_map(params![series, i64::from(position)], from_row)?
        .collect::<Result<Vec<_>, _>>()?;
    Ok(rows)
}

/// Active appointments of a doctor overlapping [from, to) (e.g. inside new time off).
pub fn active_in_range(
    conn: &Db,
    doctor_id: &DoctorId,
    from: NaiveDateTime,
    to: NaiveDateTime,
) -> AppResult<Vec<Appointment>> {
    let mut stmt = conn.prepare_cached(&format!(
        "{SELECT} WHERE a.doctor_id = $1 AND a.starts_at < $3 AND a.ends_at > $2
           AND a.starts_at >= $4 AND a.status IN {ACTIVE_SQL}
         ORDER BY a.starts_at"
    ))?;
    // Appointments last at most a day: bound the index scan from below.
    let lower = wall(from - chrono::Duration::days(1));
    let rows = stmt
        .query_map(params![doctor_id, wall(from), wall(to), lower], from_row)?
        .collect::<Result<Vec<_>, _>>()?;
    Ok(rows)
}

/// The history of one appointment, oldest first.
pub fn status_history(conn: &Db, appointment_id: &AppointmentId) -> AppResult<Vec<StatusChange>> {
    let mut stmt = conn.prepare_cached(
        "SELECT h.from_status, h.to_status, h.old_start, h.new_start, h.reason, s.email, h.at
         FROM appointment_status_history h LEFT JOIN auth_staff s ON s.id = h.by_staff
         WHERE h.appointment_id = $1 ORDER BY h.id",
    )?;
    let rows = stmt
        .query_map([appointment_id], |r| {
            let from: Option<String> = r.get(0)?;
            let to: String = r.get(1)?;
            Ok(StatusChange {
                from_status: from.map(|s| status_from(&s, 0)).transpose()?,
                to_status: status_from(&to, 1)?,
                old_start: r.get(2)?,
                new_start: r.get(3)?,
                reason: r.get(4)?,
                by_staff: r.get(5)?,
                at: r.get(6)?,
            })
        })?
        .collect::<Result<Vec<_>, _>>()?;
    Ok(rows)
}

/// One entry to add to an appointment's history.
pub(super) struct HistoryEntry<'a> {
    pub appointment: &'a AppointmentId,
    /// None for the creation.
    pub from: Option<Status>,
    pub to: Status,
    /// A reschedule: (old start, new start).
    pub moved: Option<(WallTime, WallTime)>,
    pub reason: Option<&'a str>,
    pub by_staff: Option<&'a StaffId>,
    pub at: DateTime<Utc>,
}

/// One history row, in the caller's transaction. Its `at` is `e.at` but never earlier than the
/// newest row before it (a clock set back cannot date a status change into the past).
pub(super) fn record(conn: &Tx<'_>, e: &HistoryEntry<'_>) -> AppResult<()> {
    conn.prepare_cached(
        "INSERT INTO appointment_status_history
             (appointment_id, from_status, to_status, old_start, new_start, reason, by_staff, at)
         VALUES ($1, $2, $3, $4, $5, $6, $7,
                 (SELECT MAX(v) FROM (SELECT CAST($8 AS TEXT) AS v
                                      UNION ALL SELECT at FROM (SELECT at FROM appointment_status_history
                                                                 ORDER BY id DESC LIMIT 1) AS last) AS newest))",
    )?
    .execute(params![
        e.appointment,
        e.from.map(Status::as_str),
        e.to.as_str(),
        e.moved.map(|m| m.0),
        e.moved.map(|m| m.1),
        e.reason,
        e.by_staff,
        utc_string(e.at)
    ])?;
    Ok(())
}

/// Records a change of one appointment in the audit trail, in the caller's transaction, and
/// returns the appointment as it now is. `before` is `None` for a booking. Every writer of this
/// domain ends with it (the trail row commits with the change).
pub(super) fn audited(
    conn: &Tx<'_>,
    id: &AppointmentId,
    action: &str,
    before: Option<&Appointment>,
    by_staff: Option<&StaffId>,
    at: DateTime<Utc>,
) -> AppResult<Appointment> {
    let after = get_appointment(conn, id)?;
    let fields =
        |a: &Appointment| audit::snapshot(a, &["patient_name", "patient_dni", "created_at", "updated_at"]);
    let change = match before {
        None => Change::created(Entity::Appointment, id, action, fields(&after)),
        Some(b) => Change::updated(Entity::Appointment, id, action, fields(b), fields(&after)),
    };
    audit::record(conn, by_staff, at, change)?;
    Ok(after)
}

fn intervals_from(rows: Vec<(String, String, String)>) -> AppResult<HashMap<String, IntervalSet>> {
    let mut by_doctor: HashMap<String, Vec<Interval>> = HashMap::new();
    for (doctor, start, end) in rows {
        by_doctor
            .entry(doctor)
            .or_default()
            .push(Interval::new(parse_wall(&start)?, parse_wall(&end)?));
    }
    Ok(by_doctor
        .into_iter()
        .map(|(k, v)| (k, IntervalSet::new(v)))
        .collect())
}

/// Busy intervals (active appointments) of the doctors of a specialty, or of one doctor,
/// starting in [from, to), in one query; `except` leaves one appointment out (a reschedule).
/// CROSS JOIN keeps the doctors outside, so each doctor's range is one search of the partial
/// unique index (doctor_id, starts_at) whatever the size of the clinic's agenda.
pub(super) fn busy_intervals(
    conn: &Db,
    specialty_id: Option<&str>,
    doctor_id: Option<&str>,
    from: NaiveDateTime,
    to: NaiveDateTime,
    except: Option<&str>,
) -> AppResult<HashMap<String, IntervalSet>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT a.doctor_id, a.starts_at, a.ends_at
         FROM catalog_doctors d CROSS JOIN appointment_appointments a
         WHERE a.doctor_id = d.id AND a.starts_at >= $3 AND a.starts_at < $4 AND a.status IN {ACTIVE_SQL}
           AND (CAST($1 AS TEXT) IS NULL OR d.specialty_id = $1) AND (CAST($2 AS TEXT) IS NULL OR d.id = $2)
           AND a.id IS DISTINCT FROM $5"
    ))?;
    let rows = stmt
        .query_map(
            params![specialty_id, doctor_id, wall(from), wall(to), except],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )?
        .collect::<Result<Vec<_>, _>>()?;
    intervals_from(rows)
}

/// The active appointments of one doctor starting in [from, to), without those in `except`
/// (appointments being moved): the doctor-side "taken" check of a booking or a move. One
/// search of the partial unique index (doctor_id, starts_at).
pub(super) fn doctor_busy(
    conn: &Db,
    doctor_id: &DoctorId,
    from: NaiveDateTime,
    to: NaiveDateTime,
    except: &[&AppointmentId],
) -> AppResult<IntervalSet> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT id, starts_at, ends_at FROM appointment_appointments
         WHERE doctor_id = $1 AND starts_at >= $2 AND starts_at < $3 AND status IN {ACTIVE_SQL}"
    ))?;
    let rows = stmt
        .query_map(params![doctor_id, wall(from), wall(to)], |r| {
            Ok((
                r.get::<_, AppointmentId>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
            ))
        })?
        .collect::<Result<Vec<_>, _>>()?;
    let mut items = Vec::with_capacity(rows.len());
    for (id, start, end) in rows {
        if !except.contains(&&id) {
            items.push(Interval::new(parse_wall(&start)?, parse_wall(&end)?));
        }
    }
    Ok(IntervalSet::new(items))
}
