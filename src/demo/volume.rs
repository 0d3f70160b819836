//! Demo volume: `saludya demo --appointments N` fills the database with a realistic agenda —
//! history (completed, no-show, cancelled with refunds) and future bookings (booked, confirmed,
//! cancelled) on the doctors' real weekly schedules, with payments in every method, a few
//! declined cards, status histories and receipts — fast enough for a million appointments.
//!
//! Speed comes from batching ([`BATCH`] appointments per `BEGIN IMMEDIATE` transaction, so other
//! desks still get the lock between batches), cached prepared statements, no read-back after
//! inserts, and slots enumerated from the schedules in memory (each doctor + start used once, so
//! the double-booking index never fires). Each domain's rows go through that domain's bulk
//! insert function.

use crate::db::{Db, Tx};
use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveDateTime, TimeZone, Timelike, Utc};
use chrono_tz::Tz;
use rand::rngs::Xoshiro256PlusPlus;
use rand::{RngExt, SeedableRng};

use super::appointments::{self as appt_bulk, GeneratedAppointment, HistoryEntry};
use super::payments::{SampleRecord, insert_sample, next_receipt};
use crate::domain::appointments::Status;
use crate::domain::catalog::{self, DoctorFilter, ScheduleBlock};
use crate::domain::payments::Method;
use crate::error::AppResult;
use crate::ids::StaffId;

/// Appointments per write transaction.
pub const BATCH: usize = 20_000;

/// Share of the appointments placed in the coming weeks (the rest is history).
const FUTURE_SHARE: f64 = 0.12;
/// How many days ahead future bookings reach.
const FUTURE_DAYS: i64 = 60;

/// What was generated.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct VolumeReport {
    pub appointments: usize,
    pub payments: usize,
    pub refunds: usize,
    pub declined: usize,
    /// First and last day with generated appointments.
    pub first_day: Option<String>,
    pub last_day: Option<String>,
}

struct DoctorPlan {
    id: String,
    name: String,
    specialty: String,
    price: i64,
    /// Schedule blocks by ISO weekday (index 1..=7).
    by_weekday: [Vec<ScheduleBlock>; 8],
}

/// A slot to fill: doctor index, start, end.
type Slot = (usize, NaiveDateTime, NaiveDateTime);

fn slots_of_day(doctors: &[DoctorPlan], day: NaiveDate, out: &mut Vec<Slot>) {
    let weekday = day.weekday().number_from_monday() as usize;
    for (i, d) in doctors.iter().enumerate() {
        for block in &d.by_weekday[weekday] {
            for hm in block.slot_starts() {
                let start = day.and_hms_opt(hm.hour(), hm.minute(), 0).unwrap_or_default();
                let end = start + Duration::minutes(i64::from(block.slot_minutes));
                out.push((i, start, end));
            }
        }
    }
}

const CANCEL_REASONS: [&str; 5] = [
    "El paciente no puede asistir",
    "Viaje imprevisto",
    "Se siente mejor",
    "Reprogramará más adelante",
    "Emergencia familiar",
];

/// Page cache while filling: the patient index takes inserts at random places, and a cache that
/// holds a whole batch's dirty pages keeps SQLite from spilling (and rewriting) them in the WAL.
const FILL_CACHE_KIB: i64 = 128 * 1024;

/// Adds `n` generated appointments (with payments and histories). Needs doctors with schedules
/// and at least one patient. `seed` makes the data reproducible.
///
/// For the duration of the fill the connection uses a larger page cache and
/// `synchronous = NORMAL` (still crash-safe in WAL mode; a power cut may lose the last batches
/// of sample data, never corrupt the file); both are restored afterwards.
pub fn fill(
    conn: &Db,
    n: usize,
    seed: u64,
    staff_id: Option<&StaffId>,
    now: DateTime<Utc>,
    tz: Tz,
    currency: &str,
) -> AppResult<VolumeReport> {
    let silent = crate::progress::Silent;
    fill_with(conn, n, seed, staff_id, now, tz, currency, &silent)
}

/// [`fill`], telling `progress` after each transaction.
#[allow(clippy::too_many_arguments)]
pub fn fill_with(
    conn: &Db,
    n: usize,
    seed: u64,
    staff_id: Option<&StaffId>,
    now: DateTime<Utc>,
    tz: Tz,
    currency: &str,
    progress: &dyn crate::progress::Progress,
) -> AppResult<VolumeReport> {
    let cache = (-FILL_CACHE_KIB).to_string();
    progress.start(n as u64, crate::progress::Unit::Items);
    let out = conn.with_sqlite_pragmas(&[("cache_size", &cache), ("synchronous", "NORMAL")], || {
        fill_inner(conn, n, seed, staff_id, now, tz, currency, progress)
    })?;
    progress.finish();
    out
}

#[allow(clippy::too_many_arguments)]
fn fill_inner(
    conn: &Db,
    n: usize,
    seed: u64,
    staff_id: Option<&StaffId>,
    now: DateTime<Utc>,
    tz: Tz,
    currency: &str,
    progress: &dyn crate::progress::Progress,
) -> AppResult<VolumeReport> {
    let mut report = VolumeReport::default();
    if n == 0 {
        return Ok(report);
    }
    let doctors = load_doctors(conn)?;
    let patients = load_patient_ids(conn)?;
    let today_local = now.with_timezone(&tz).naive_local();
    let today = today_local.date();
    // A top-up never collides with what is there: with appointments already in the database,
    // new ones go into the history before the earliest of them.
    let existing = appt_bulk::count(conn)?;
    let earliest = appt_bulk::earliest_start(conn)?.and_then(|s| catalog::parse_wall(&s).ok());
    let history_before = match earliest {
        Some(e) if existing > 0 => e.min(today_local),
        _ => today_local,
    };
    let future_target = if existing > 0 {
        0
    } else {
        ((n as f64) * FUTURE_SHARE).round() as usize
    };

    // Candidate slots: future days first (up to the future share), then history backwards.
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(seed);
    let mut chosen: Vec<Slot> = Vec::new();
    let mut day_slots = Vec::new();
    for offset in 0..=FUTURE_DAYS {
        if chosen.len() >= future_target {
            break;
        }
        let day = today + Duration::days(offset);
        day_slots.clear();
        slots_of_day(&doctors, day, &mut day_slots);
        // Nearer days are fuller.
        let fill = 0.85 - 0.6 * (offset as f64 / FUTURE_DAYS as f64);
        for s in &day_slots {
            if s.1 >= today_local && chosen.len() < future_target && rng.random_bool(fill) {
                chosen.push(*s);
            }
        }
    }
    // History is written in chunks as it is generated, so memory stays bounded for any n.
    let mut receipt = 0i64;
    let mut inserted = 0usize;
    let mut first_day: Option<NaiveDate> = None;
    let mut last_day: Option<NaiveDate> = None;
    let mut day = history_before.date();
    let mut empty_days = 0;
    'fill: loop {
        // Write full batches (and the last, partial one) as soon as they are chosen.
        while !chosen.is_empty() && (chosen.len() >= BATCH || inserted + chosen.len() >= n) {
            let take = chosen.len().min(BATCH).min(n - inserted);
            let batch: Vec<Slot> = chosen.drain(..take).collect();
            for s in &batch {
                let d = s.1.date();
                first_day = Some(first_day.map_or(d, |f| f.min(d)));
                last_day = Some(last_day.map_or(d, |l| l.max(d)));
            }
            crate::db::write(conn, |tx| {
                // Another desk may have issued receipts since the last batch.
                receipt = receipt.max(next_receipt(tx)?);
                for slot in &batch {
                    let world = World {
                        doctors: &doctors,
                        patients: &patients,
                        now_local: today_local,
                        staff_id,
                        tz,
                        currency,
                    };
                    write_one(tx, &mut rng, &world, slot, &mut receipt, &mut report)?;
                }
                // One trail row per batch says what the generator loaded (its bulk inserts skip
                // the writers that record one row per change).
                crate::domain::audit::record(
                    tx,
                    staff_id,
                    now,
                    crate::domain::audit::Change::event(
                        crate::domain::audit::Entity::Bulk,
                        "demo",
                        "generate_appointments",
                        Some(serde_json::json!({ "appointments": batch.len() })),
                    ),
                )
            })?;
            inserted += take;
            progress.advance(take as u64);
            if inserted >= n {
                break 'fill;
            }
        }
        // Next history day, backwards from today (today's earlier slots are history too).
        day_slots.clear();
        slots_of_day(&doctors, day, &mut day_slots);
        let before = chosen.len();
        for s in &day_slots {
            if s.1 < history_before && rng.random_bool(0.8) {
                chosen.push(*s);
            }
        }
        if chosen.len() == before {
            empty_days += 1;
            if empty_days > 60 {
                return Err(super::DemoError::NoSlots.into());
            }
        } else {
            empty_days = 0;
        }
        day -= Duration::days(1);
    }
    report.appointments = inserted;
    report.first_day = first_day.map(|d| d.to_string());
    report.last_day = last_day.map(|d| d.to_string());
    Ok(report)
}

fn load_doctors(conn: &Db) -> AppResult<Vec<DoctorPlan>> {
    let schedules = catalog::schedules_for_doctors(conn, None, None)?;
    let mut plans: Vec<DoctorPlan> = catalog::list_doctors(conn, &DoctorFilter::default())?
        .into_iter()
        .filter_map(|d| {
            let blocks = schedules.get(d.id.as_str())?;
            let mut by_weekday: [Vec<ScheduleBlock>; 8] = Default::default();
            for b in blocks {
                if let Some(slot) = by_weekday.get_mut(usize::from(b.weekday.0)) {
                    slot.push(*b);
                }
            }
            Some(DoctorPlan {
                name: d.full_name.clone(),
                specialty: d.specialty.clone(),
                price: d.price.0,
                id: d.id.into_string(),
                by_weekday,
            })
        })
        .collect();
    plans.sort_by(|a, b| a.id.cmp(&b.id));
    if plans.is_empty() {
        return Err(super::DemoError::NoDoctors.into());
    }
    Ok(plans)
}

fn load_patient_ids(conn: &Db) -> AppResult<Vec<String>> {
    let mut stmt = conn.prepare("SELECT id FROM user_patients ORDER BY id")?;
    let ids = stmt
        .query_map([], |r| r.get(0))?
        .collect::<Result<Vec<String>, _>>()?;
    if ids.is_empty() {
        return Err(super::DemoError::NoPatients.into());
    }
    Ok(ids)
}

/// The UTC storage form (same text as `crate::clock::utc_string`), without strftime parsing:
/// a million appointments format six of these each.
fn utc_stamp(t: DateTime<Utc>) -> String {
    let n = t.naive_utc();
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z",
        n.year(),
        n.month(),
        n.day(),
        n.hour(),
        n.minute(),
        n.second()
    )
}

/// Clinic wall-clock form (same text as `catalog::wall`).
fn wall_stamp(n: NaiveDateTime) -> String {
    format!(
        "{:04}-{:02}-{:02} {:02}:{:02}",
        n.year(),
        n.month(),
        n.day(),
        n.hour(),
        n.minute()
    )
}

fn utc_of(local: NaiveDateTime, tz: Tz) -> DateTime<Utc> {
    tz.from_local_datetime(&local)
        .earliest()
        .map(|t| t.with_timezone(&Utc))
        .unwrap_or_else(|| local.and_utc())
}

fn pick_method(rng: &mut Xoshiro256PlusPlus) -> Method {
    match rng.random_range(0..100u8) {
        0..35 => Method::Cash,
        35..65 => Method::Card,
        65..85 => Method::Yape,
        85..93 => Method::Plin,
        _ => Method::Transfer,
    }
}

const BRANDS: [(&str, u8); 4] = [("visa", 55), ("mastercard", 30), ("amex", 10), ("diners", 5)];

/// What every generated appointment is made from (read-only during a batch).
#[derive(Clone, Copy)]
struct World<'a> {
    doctors: &'a [DoctorPlan],
    patients: &'a [String],
    now_local: NaiveDateTime,
    staff_id: Option<&'a StaffId>,
    tz: Tz,
    currency: &'a str,
}

fn write_one(
    tx: &Tx<'_>,
    rng: &mut Xoshiro256PlusPlus,
    world: &World<'_>,
    slot: &Slot,
    receipt: &mut i64,
    report: &mut VolumeReport,
) -> AppResult<()> {
    let World {
        doctors,
        patients,
        now_local,
        staff_id,
        tz,
        currency,
    } = *world;
    let (di, start, end) = *slot;
    let doctor = &doctors[di];
    let patient = &patients[rng.random_range(0..patients.len())];
    let past = start < now_local;
    let roll = rng.random_range(0..100u8);
    let status = if past {
        if now_local - start < Duration::hours(1) && roll < 50 {
            Status::CheckedIn
        } else {
            match roll {
                0..80 => Status::Completed,
                80..87 => Status::NoShow,
                _ => Status::Cancelled,
            }
        }
    } else {
        match roll {
            0..40 => Status::Booked,
            40..90 => Status::Confirmed,
            _ => Status::Cancelled,
        }
    };
    // Booked 1 to 21 days before the start (never in the future of "now").
    let start_utc = utc_of(start, tz);
    let now_utc = utc_of(now_local, tz);
    let booked_at = (start_utc - Duration::minutes(rng.random_range(60..(21 * 24 * 60)))).min(now_utc);
    let paid = match status {
        Status::Confirmed | Status::CheckedIn | Status::Completed => true,
        Status::NoShow => rng.random_bool(0.5),
        Status::Cancelled => rng.random_bool(0.4),
        Status::Booked => false,
    };
    let paid_at = (booked_at + Duration::minutes(rng.random_range(1..120))).min(now_utc);
    let cancelled_at = (paid_at + Duration::hours(rng.random_range(1..72)))
        .min(start_utc - Duration::minutes(30))
        .max(booked_at)
        .min(now_utc);
    let cancel_reason = CANCEL_REASONS[rng.random_range(0..CANCEL_REASONS.len())];
    let cancelled_by = if rng.random_bool(0.85) {
        "patient"
    } else {
        "clinic"
    };

    let booked_s = utc_stamp(booked_at);
    let paid_s = utc_stamp(paid_at);
    let cancelled_s = utc_stamp(cancelled_at);
    let checkin_s = utc_stamp(start_utc - Duration::minutes(10));
    let done_s = utc_stamp(utc_of(end, tz));
    let noshow_s = utc_stamp(start_utc + Duration::minutes(30));

    let mut history: Vec<HistoryEntry<'_>> = Vec::with_capacity(4);
    history.push(HistoryEntry {
        from: None,
        to: Status::Booked,
        at: &booked_s,
        reason: None,
    });
    if paid {
        history.push(HistoryEntry {
            from: Some(Status::Booked),
            to: Status::Confirmed,
            at: &paid_s,
            reason: None,
        });
    }
    let from = if paid { Status::Confirmed } else { Status::Booked };
    let updated_at = match status {
        Status::Booked | Status::Confirmed => {
            if paid {
                &paid_s
            } else {
                &booked_s
            }
        }
        Status::CheckedIn => {
            history.push(HistoryEntry {
                from: Some(from),
                to: Status::CheckedIn,
                at: &checkin_s,
                reason: None,
            });
            &checkin_s
        }
        Status::Completed => {
            history.push(HistoryEntry {
                from: Some(from),
                to: Status::CheckedIn,
                at: &checkin_s,
                reason: None,
            });
            history.push(HistoryEntry {
                from: Some(Status::CheckedIn),
                to: Status::Completed,
                at: &done_s,
                reason: None,
            });
            &done_s
        }
        Status::NoShow => {
            history.push(HistoryEntry {
                from: Some(from),
                to: Status::NoShow,
                at: &noshow_s,
                reason: None,
            });
            &noshow_s
        }
        Status::Cancelled => {
            history.push(HistoryEntry {
                from: Some(from),
                to: Status::Cancelled,
                at: &cancelled_s,
                reason: Some(cancel_reason),
            });
            &cancelled_s
        }
    };
    let id = crate::ids::new_id();
    let starts_at = wall_stamp(start);
    let ends_at = wall_stamp(end);
    appt_bulk::insert_generated(
        tx,
        &GeneratedAppointment {
            id: &id,
            patient_id: patient,
            doctor_id: &doctor.id,
            starts_at: &starts_at,
            ends_at: &ends_at,
            status,
            doctor_name: &doctor.name,
            specialty: &doctor.specialty,
            price_cents: doctor.price,
            currency,
            cancelled_by: (status == Status::Cancelled).then_some(cancelled_by),
            cancel_reason: (status == Status::Cancelled).then_some(cancel_reason),
            created_by: staff_id.map(|s| s.as_str()),
            created_at: &booked_s,
            updated_at,
        },
        &history,
        staff_id,
    )?;
    if !paid {
        return Ok(());
    }
    let method = pick_method(rng);
    let last_four = format!("{:04}", rng.random_range(0..10_000u32));
    let reference = format!("{:08}", rng.random_range(0..100_000_000u32));
    let brand = {
        let r = rng.random_range(0..100u8);
        let mut acc = 0;
        BRANDS
            .iter()
            .find(|(_, w)| {
                acc += w;
                r < acc
            })
            .map_or("visa", |(b, _)| *b)
    };
    let base = SampleRecord {
        appointment_id: &id,
        refund: false,
        declined: false,
        method,
        amount_cents: doctor.price,
        currency,
        card_brand: (method == Method::Card).then_some(brand),
        card_last_four: (method == Method::Card).then_some(last_four.as_str()),
        reference: method.needs_reference().then_some(reference.as_str()),
        tendered_cents: (method == Method::Cash).then(|| {
            // Exact, or rounded up to the next S/ 10, 50 or 100 note.
            let note = [100, 1_000, 5_000, 10_000][rng.random_range(0..4)];
            (doctor.price + note - 1) / note * note
        }),
        refund_of: None,
        reason: None,
        created_by: staff_id.map(|s| s.as_str()),
        created_at: &paid_s,
    };
    if method == Method::Card && rng.random_bool(0.03) {
        insert_sample(
            tx,
            &SampleRecord {
                declined: true,
                ..base
            },
            receipt,
        )?;
        report.declined += 1;
    }
    let payment_id = insert_sample(tx, &base, receipt)?;
    report.payments += 1;
    if status == Status::Cancelled {
        insert_sample(
            tx,
            &SampleRecord {
                refund: true,
                tendered_cents: None,
                refund_of: Some(&payment_id),
                reason: Some(cancel_reason),
                created_at: &cancelled_s,
                ..base
            },
            receipt,
        )?;
        report.refunds += 1;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::demo::patients::{SampleGen, add_samples};

    fn now() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 3, 2, 14, 0, 0).unwrap()
    }

    const LIMA: Tz = chrono_tz::America::Lima;

    fn demo_db() -> crate::db::Db {
        let conn = crate::db::open_in_memory().unwrap();
        catalog::fixtures::load(&conn.autocommit(), now()).unwrap();
        let mut g = SampleGen::new(7, now().date_naive());
        add_samples(&conn, &mut g, 200, None, now()).unwrap();
        conn
    }

    fn count(conn: &Db, sql: &str) -> i64 {
        conn.query_row(sql, [], |r| r.get(0)).unwrap()
    }

    /// An appointment's id and payment summary: paid, method, receipt, refunded.
    type Summary = (String, i64, Option<String>, Option<i64>, i64);

    /// Each appointment's payment summary (V13's columns, kept by
    /// `appointments::refresh_payment_summary` since V14) equals what the export computed from
    /// the payment rows before: the latest successful payment by id, and that payment's refund.
    #[test]
    fn every_appointment_carries_the_summary_of_its_payments() {
        let conn = demo_db();
        fill(&conn, 3_000, 1, None, now(), LIMA, "PEN").unwrap();
        let summary = |sql: &str| -> Vec<Summary> {
            let mut out = Vec::new();
            conn.for_each_row(sql, [], |r| {
                out.push((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?));
                Ok(())
            })
            .unwrap();
            out
        };
        let kept = summary(
            "SELECT id, paid_cents, payment_method, receipt_number, refunded_cents
             FROM appointment_appointments ORDER BY id",
        );
        let computed = summary(
            "SELECT a.id, COALESCE(pay.amount_cents, 0), pay.method, pay.receipt_number,
                    COALESCE(ref.amount_cents, 0)
             FROM appointment_appointments a
             LEFT JOIN payment_payments pay
               ON pay.appointment_id = a.id AND pay.kind = 'payment' AND pay.status = 'succeeded'
               AND NOT EXISTS (SELECT 1 FROM payment_payments later WHERE later.appointment_id = a.id
                 AND later.kind = 'payment' AND later.status = 'succeeded' AND later.id > pay.id)
             LEFT JOIN payment_payments ref ON ref.refund_of = pay.id
             ORDER BY a.id",
        );
        assert_eq!(kept.len(), 3_000);
        assert!(kept.iter().any(|r| r.1 > 0 && r.4 > 0), "some refunded payments");
        assert!(kept.iter().any(|r| r.1 > 0 && r.4 == 0), "some kept payments");
        assert_eq!(kept, computed);
        // `db copy` copies the summaries as they are and writes `refund_of` after every row (it
        // references the same table): the copy comes out the same, or its checksums refuse it.
        let copy = crate::db::open_in_memory().unwrap();
        crate::db::copy::copy(&conn, &copy, |_| {}).unwrap();
        // The migration's backfill gives the same on a database paid before V13.
        conn.autocommit()
            .execute_batch(
                "UPDATE appointment_appointments SET paid_cents = 0, payment_method = NULL,
                 receipt_number = NULL, refunded_cents = 0",
            )
            .unwrap();
        let migration = include_str!("../../migrations/V13__appointment_payment_summary.sql");
        let start = migration.find("UPDATE appointment_appointments").unwrap();
        let end = start + migration[start..].find(";\n").unwrap();
        conn.autocommit().execute_batch(&migration[start..end]).unwrap();
        assert_eq!(
            summary(
                "SELECT id, paid_cents, payment_method, receipt_number, refunded_cents
                 FROM appointment_appointments ORDER BY id",
            ),
            computed
        );
    }

    #[test]
    fn fills_history_and_future_with_consistent_payments() {
        let conn = demo_db();
        let report = fill(&conn, 3_000, 1, None, now(), LIMA, "PEN").unwrap();
        assert_eq!(report.appointments, 3_000);
        assert_eq!(
            count(&conn, "SELECT count(*) FROM appointment_appointments"),
            3_000
        );
        for status in ["booked", "confirmed", "completed", "no_show", "cancelled"] {
            let n = count(
                &conn,
                &format!("SELECT count(*) FROM appointment_appointments WHERE status = '{status}'"),
            );
            assert!(n > 0, "no {status} appointments");
        }
        // Future bookings are booked/confirmed/cancelled only; history never is booked/confirmed.
        assert!(
            count(
                &conn,
                "SELECT count(*) FROM appointment_appointments WHERE starts_at >= '2026-03-02 09:00'"
            ) > 0
        );
        assert_eq!(
            count(
                &conn,
                "SELECT count(*) FROM appointment_appointments WHERE starts_at < '2026-03-02 09:00'
                 AND status IN ('booked', 'confirmed')"
            ),
            0
        );
        // Every paid-for status has exactly one successful payment of the appointment's price.
        assert_eq!(
            count(
                &conn,
                "SELECT count(*) FROM appointment_appointments a WHERE a.status IN ('confirmed', 'checked_in', 'completed')
                 AND NOT EXISTS (SELECT 1 FROM payment_payments p WHERE p.appointment_id = a.id
                   AND p.kind = 'payment' AND p.status = 'succeeded' AND p.amount_cents = a.price_cents)"
            ),
            0
        );
        // A paid cancelled appointment was refunded; booked ones were never paid.
        assert_eq!(
            count(
                &conn,
                "SELECT count(*) FROM payment_payments p JOIN appointment_appointments a ON a.id = p.appointment_id
                 WHERE a.status = 'cancelled' AND p.kind = 'payment' AND p.status = 'succeeded'
                   AND NOT EXISTS (SELECT 1 FROM payment_payments r WHERE r.refund_of = p.id)"
            ),
            0
        );
        assert_eq!(
            count(
                &conn,
                "SELECT count(*) FROM payment_payments p JOIN appointment_appointments a ON a.id = p.appointment_id
                 WHERE a.status = 'booked' AND p.status = 'succeeded'"
            ),
            0
        );
        assert_eq!(
            count(
                &conn,
                "SELECT count(*) FROM payment_payments WHERE status = 'succeeded'"
            ),
            count(
                &conn,
                "SELECT count(DISTINCT receipt_number) FROM payment_payments"
            ),
            "one receipt number per succeeded record"
        );
        assert_eq!(
            count(
                &conn,
                "SELECT count(*) FROM payment_payments WHERE kind = 'refund'"
            ) as usize,
            report.refunds
        );
        // A refunded payment is marked as such (and only those are), as `payment refund` does.
        assert_eq!(
            count(
                &conn,
                "SELECT count(*) FROM payment_payments p WHERE p.kind = 'payment'
                   AND ((p.refunded_by IS NOT NULL) <> EXISTS (
                          SELECT 1 FROM payment_payments r WHERE r.refund_of = p.id)
                     OR (p.refunded_by IS NOT NULL AND NOT EXISTS (
                          SELECT 1 FROM payment_payments r
                          WHERE r.id = p.refunded_by AND r.refund_of = p.id)))"
            ),
            0
        );
        // Every appointment has a history that starts with its booking and ends in its status.
        assert_eq!(
            count(
                &conn,
                "SELECT count(*) FROM appointment_appointments a WHERE a.status <> (
                   SELECT h.to_status FROM appointment_status_history h WHERE h.appointment_id = a.id
                   ORDER BY h.id DESC LIMIT 1)"
            ),
            0
        );
    }

    #[test]
    fn a_top_up_adds_older_history_without_collisions() {
        let conn = demo_db();
        fill(&conn, 500, 1, None, now(), LIMA, "PEN").unwrap();
        let earliest: String = conn
            .query_row("SELECT MIN(starts_at) FROM appointment_appointments", [], |r| {
                r.get(0)
            })
            .unwrap();
        let report = fill(&conn, 700, 2, None, now(), LIMA, "PEN").unwrap();
        assert_eq!(report.appointments, 700);
        assert_eq!(
            count(&conn, "SELECT count(*) FROM appointment_appointments"),
            1_200
        );
        assert!(report.last_day.unwrap().as_str() <= &earliest[..10]);
    }

    #[test]
    fn stamps_match_the_storage_forms() {
        for t in [now(), Utc.with_ymd_and_hms(2017, 1, 9, 3, 4, 5).unwrap()] {
            assert_eq!(utc_stamp(t), crate::clock::utc_string(t));
            let local = t.naive_utc();
            assert_eq!(wall_stamp(local), catalog::wall(local));
        }
    }

    #[test]
    fn the_connection_settings_are_restored() {
        let conn = demo_db();
        let pragma =
            |c: &Db, p: &str| -> i64 { c.query_row(&format!("PRAGMA {p}"), [], |r| r.get(0)).unwrap() };
        let before = (pragma(&conn, "cache_size"), pragma(&conn, "synchronous"));
        fill(&conn, 50, 1, None, now(), LIMA, "PEN").unwrap();
        assert_eq!(
            (pragma(&conn, "cache_size"), pragma(&conn, "synchronous")),
            before
        );
    }

    #[test]
    fn without_patients_it_says_what_to_do() {
        let conn = crate::db::open_in_memory().unwrap();
        catalog::fixtures::load(&conn.autocommit(), now()).unwrap();
        let err = fill(&conn, 10, 1, None, now(), LIMA, "PEN").unwrap_err();
        assert_eq!(err.kind, crate::error::Kind::Invalid);
        assert!(err.detail.en.contains("patients"), "{}", err.detail.en);
    }
}
