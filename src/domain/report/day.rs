//! The day at a glance (`report day`, the TUI's Resumen): appointments per doctor (booked, paid,
//! attended, no-show), the occupancy of each doctor's schedule, the day's takings (the cash
//! close's own read model, [`payments::cash_close`]) and the no-show rate of the last 30 days.
//! Read-only joins of the appointments, payments and catalog tables (rule 5's list-view
//! exception).
//!
//! Definitions: *booked* counts the day's appointments that were not cancelled (a no-show was
//! booked); *paid* those with a successful payment not refunded; *attended* the checked-in and
//! completed ones. *Occupancy* is the minutes of the appointments that hold their slot (booked,
//! paid, arrived, completed), inside the doctor's schedule of that weekday with time off
//! removed, over those schedule minutes (none when the doctor has no schedule that day). The
//! *no-show rate* of a day is no-shows / (no-shows + attended): of the patients whose outcome
//! was recorded, how many did not come (none when nothing was recorded).

use std::collections::{HashMap, HashSet};

use chrono::{Datelike, Duration, NaiveDate, NaiveDateTime};
use serde::Serialize;

use crate::db::Db;
use crate::domain::appointments::{AppointmentFilter, Status};
use crate::domain::catalog::settings::Settings;
use crate::domain::catalog::{DoctorFilter, Weekday};
use crate::domain::payments::{self, CashClose};
use crate::error::AppResult;
use crate::ids::DoctorId;
use crate::params;

/// Days in the no-show series (the day itself and the 29 before it).
pub const NO_SHOW_DAYS: i64 = 30;

/// Counts of appointments by outcome.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct Counts {
    pub booked: i64,
    pub paid: i64,
    pub attended: i64,
    pub no_show: i64,
    pub cancelled: i64,
    pub schedule_minutes: i64,
    pub booked_minutes: i64,
    /// booked_minutes / schedule_minutes (0..1, three decimals); `null` without a schedule.
    pub occupancy: Option<f64>,
}

impl Counts {
    fn add(&mut self, o: &Counts) {
        self.booked += o.booked;
        self.paid += o.paid;
        self.attended += o.attended;
        self.no_show += o.no_show;
        self.cancelled += o.cancelled;
        self.schedule_minutes += o.schedule_minutes;
        self.booked_minutes += o.booked_minutes;
    }

    fn settle(&mut self) {
        self.occupancy = ratio(self.booked_minutes, self.schedule_minutes);
    }
}

fn ratio(part: i64, whole: i64) -> Option<f64> {
    (whole > 0).then(|| (part as f64 / whole as f64 * 1000.0).round() / 1000.0)
}

/// One doctor's day.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DoctorDay {
    pub doctor_id: DoctorId,
    pub doctor_name: String,
    pub specialty: String,
    #[serde(flatten)]
    pub counts: Counts,
}

/// One day of the no-show series.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NoShowDay {
    pub date: String,
    pub no_show: i64,
    pub attended: i64,
    /// no_show / (no_show + attended), three decimals; `null` when both are 0.
    pub rate: Option<f64>,
}

/// The day at a glance.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DaySummary {
    pub date: String,
    /// Doctors with a schedule that day or with appointments, by name.
    pub doctors: Vec<DoctorDay>,
    pub totals: Counts,
    /// The cash close of the day (the same figures as `payment close`).
    pub takings: CashClose,
    /// The last [`NO_SHOW_DAYS`] days, oldest first, ending with the day itself.
    pub no_show_rate: Vec<NoShowDay>,
}

/// Minutes of [a, b) that fall inside `intervals` (disjoint).
fn overlap_minutes(a: NaiveDateTime, b: NaiveDateTime, intervals: &[(NaiveDateTime, NaiveDateTime)]) -> i64 {
    intervals
        .iter()
        .map(|&(s, e)| (b.min(e) - a.max(s)).num_minutes().max(0))
        .sum()
}

/// `blocks` minus `off` (each a list of [start, end)).
fn subtract(
    blocks: Vec<(NaiveDateTime, NaiveDateTime)>,
    off: &[(NaiveDateTime, NaiveDateTime)],
) -> Vec<(NaiveDateTime, NaiveDateTime)> {
    let mut out = blocks;
    for &(os, oe) in off {
        out = out
            .into_iter()
            .flat_map(|(s, e)| {
                let mut parts = Vec::new();
                if os >= e || oe <= s {
                    parts.push((s, e));
                } else {
                    if s < os {
                        parts.push((s, os));
                    }
                    if oe < e {
                        parts.push((oe, e));
                    }
                }
                parts
            })
            .collect();
    }
    out
}

/// The day's summary (clinic day `date`).
pub fn day_summary(conn: &Db, date: NaiveDate, settings: &Settings) -> AppResult<DaySummary> {
    let midnight = date.and_hms_opt(0, 0, 0).unwrap_or_default();
    let next = midnight + Duration::days(1);
    let appointments = crate::domain::appointments::list_appointments(
        conn,
        &AppointmentFilter {
            from: Some(date),
            to: Some(date),
            ..AppointmentFilter::default()
        },
    )?;
    let paid: HashSet<String> = {
        let mut stmt = conn.prepare_cached(
            "SELECT a.id FROM appointment_appointments a
             WHERE a.starts_at >= $1 AND a.starts_at < $2 AND EXISTS (
                 SELECT 1 FROM payment_payments p WHERE p.appointment_id = a.id AND p.kind = 'payment'
                   AND p.status = 'succeeded' AND p.refunded_by IS NULL)",
        )?;
        stmt.query_map(
            params![
                crate::domain::catalog::wall(midnight),
                crate::domain::catalog::wall(next)
            ],
            |r| r.get::<_, String>(0),
        )?
        .collect::<Result<_, _>>()?
    };
    let schedules = crate::domain::catalog::schedules_for_doctors(conn, None, None)?;
    let weekday = Weekday(date.weekday().number_from_monday() as u8);
    let mut off: HashMap<String, Vec<(NaiveDateTime, NaiveDateTime)>> = HashMap::new();
    for t in crate::domain::catalog::time_off_between(conn, None, midnight, next)? {
        off.entry(t.doctor_id.as_str().to_string())
            .or_default()
            .push((t.starts_at.naive(), t.ends_at.naive()));
    }
    let at = |hm: crate::domain::catalog::Hm| midnight + Duration::minutes(i64::from(hm.0));
    let available: HashMap<String, Vec<(NaiveDateTime, NaiveDateTime)>> = schedules
        .iter()
        .map(|(doctor, blocks)| {
            let today: Vec<_> = blocks
                .iter()
                .filter(|b| b.weekday == weekday)
                .map(|b| (at(b.start), at(b.end)))
                .collect();
            let free = subtract(today, off.get(doctor).map_or(&[][..], Vec::as_slice));
            (doctor.clone(), free)
        })
        .filter(|(_, free)| !free.is_empty())
        .collect();
    let catalog: HashMap<String, crate::domain::catalog::Doctor> = crate::domain::catalog::list_doctors(
        conn,
        &DoctorFilter {
            include_inactive: true,
            ..DoctorFilter::default()
        },
    )?
    .into_iter()
    .map(|d| (d.id.as_str().to_string(), d))
    .collect();
    let mut by_doctor: HashMap<String, DoctorDay> = HashMap::new();
    fn day_of<'m>(
        by_doctor: &'m mut HashMap<String, DoctorDay>,
        catalog: &HashMap<String, crate::domain::catalog::Doctor>,
        id: &str,
        fallback: Option<(&str, &str)>,
    ) -> Option<&'m mut DoctorDay> {
        if !by_doctor.contains_key(id) {
            let (name, specialty) = match (catalog.get(id), fallback) {
                (Some(d), _) => (d.full_name(), d.specialty.clone()),
                (None, Some((n, s))) => (n.to_string(), s.to_string()),
                (None, None) => return None,
            };
            by_doctor.insert(
                id.to_string(),
                DoctorDay {
                    doctor_id: DoctorId::from_string(id.to_string()),
                    doctor_name: name,
                    specialty,
                    counts: Counts::default(),
                },
            );
        }
        by_doctor.get_mut(id)
    }
    for (doctor, free) in &available {
        if let Some(d) = day_of(&mut by_doctor, &catalog, doctor, None) {
            d.counts.schedule_minutes = free.iter().map(|(s, e)| (*e - *s).num_minutes()).sum();
        }
    }
    for a in &appointments {
        let Some(d) = day_of(
            &mut by_doctor,
            &catalog,
            a.doctor_id.as_str(),
            Some((&a.doctor_name, &a.specialty)),
        ) else {
            continue;
        };
        let c = &mut d.counts;
        match a.status {
            Status::Cancelled => c.cancelled += 1,
            st => {
                c.booked += 1;
                match st {
                    Status::CheckedIn | Status::Completed => c.attended += 1,
                    Status::NoShow => c.no_show += 1,
                    _ => {}
                }
                if paid.contains(a.id.as_str()) {
                    c.paid += 1;
                }
                if st.is_active() {
                    let free = available.get(a.doctor_id.as_str()).map_or(&[][..], Vec::as_slice);
                    c.booked_minutes += overlap_minutes(a.start.naive(), a.end.naive(), free);
                }
            }
        }
    }
    let mut doctors: Vec<DoctorDay> = by_doctor.into_values().collect();
    let mut totals = Counts::default();
    for d in &mut doctors {
        d.counts.settle();
        totals.add(&d.counts);
    }
    totals.settle();
    doctors.sort_by(|a, b| {
        crate::text::fold(&a.doctor_name)
            .cmp(&crate::text::fold(&b.doctor_name))
            .then(a.doctor_id.as_str().cmp(b.doctor_id.as_str()))
    });
    Ok(DaySummary {
        date: date.to_string(),
        doctors,
        totals,
        takings: payments::cash_close(conn, date, settings.time_zone, &settings.currency)?,
        no_show_rate: no_show_series(conn, date)?,
    })
}

/// No-shows and attended appointments of each of the [`NO_SHOW_DAYS`] days ending with `date`.
pub fn no_show_series(conn: &Db, date: NaiveDate) -> AppResult<Vec<NoShowDay>> {
    let first = date - Duration::days(NO_SHOW_DAYS - 1);
    let end = date + Duration::days(1);
    let mut stmt = conn.prepare_cached(
        "SELECT substr(starts_at, 1, 10), status, COUNT(*) FROM appointment_appointments
         WHERE starts_at >= $1 AND starts_at < $2 AND status IN ('no_show', 'checked_in', 'completed')
         GROUP BY substr(starts_at, 1, 10), status",
    )?;
    let mut counts: HashMap<String, (i64, i64)> = HashMap::new();
    let rows = stmt.query_map(params![format!("{first} 00:00"), format!("{end} 00:00")], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, i64>(2)?,
        ))
    })?;
    for row in rows {
        let (day, status, n) = row?;
        let entry = counts.entry(day).or_default();
        if status == "no_show" {
            entry.0 += n;
        } else {
            entry.1 += n;
        }
    }
    Ok((0..NO_SHOW_DAYS)
        .map(|i| {
            let d = (first + Duration::days(i)).to_string();
            let (no_show, attended) = counts.get(&d).copied().unwrap_or_default();
            NoShowDay {
                rate: ratio(no_show, no_show + attended),
                date: d,
                no_show,
                attended,
            }
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap()
    }

    #[test]
    fn time_off_is_removed_from_the_schedule_and_only_what_remains_counts() {
        let blocks = vec![(t("2026-03-02 08:00"), t("2026-03-02 13:00"))];
        let off = [(t("2026-03-02 10:00"), t("2026-03-02 11:00"))];
        let free = subtract(blocks, &off);
        assert_eq!(
            free,
            [
                (t("2026-03-02 08:00"), t("2026-03-02 10:00")),
                (t("2026-03-02 11:00"), t("2026-03-02 13:00"))
            ]
        );
        assert_eq!(
            overlap_minutes(t("2026-03-02 09:45"), t("2026-03-02 10:15"), &free),
            15
        );
        assert_eq!(
            overlap_minutes(t("2026-03-02 10:15"), t("2026-03-02 10:30"), &free),
            0
        );
        assert_eq!(ratio(45, 240), Some(0.188));
        assert_eq!(ratio(1, 0), None);
    }
}
