//! Booking benchmarks (criterion). Run: `cargo bench --bench booking`.
//!
//! - `slots/specialty_60_days`: free-slot search for Medicina General (6 doctors) over 60 days,
//!   every slot (no limit), on a file database that already holds ~1,500 future appointments.
//!   Goal: under 10 ms.
//! - `book/one_process`: one booking through the full path (`appointments::book` inside
//!   `db::write`, BEGIN IMMEDIATE, `synchronous=FULL`, so each is its own durable transaction).
//! - `book/four_threads`: four threads, each with its own connection to the same file (SQLite
//!   locks the same way as across processes), booking at once; reported per booking.
//!   (A four-process run of the real binary is measured separately with hyperfine: see the
//!   closing note / ARCHITECTURE.md.)

use std::path::Path;
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use criterion::{Criterion, criterion_group, criterion_main};
use saludya::db::Db as Connection;
use saludya::domain::appointments::{self, BookingRequest, SlotSearch};
use saludya::domain::catalog::{self, slots::Slot};
use saludya::domain::patients::{self, NewPatient, PatientInput};

fn now() -> DateTime<Utc> {
    "2026-03-02T14:00:00Z".parse().unwrap()
}

const LIMA: chrono_tz::Tz = chrono_tz::America::Lima;

/// A file database with the catalog fixtures and `n` patients (DNIs 40000000 + i).
fn setup(path: &Path, n: usize) -> (Connection, Vec<saludya::ids::PatientId>) {
    let conn = saludya::db::create(path).unwrap();
    let ids = saludya::db::write(&conn, |tx| {
        catalog::fixtures::load(tx, now())?;
        let mut ids = Vec::with_capacity(n);
        for i in 0..n {
            let input = PatientInput {
                doc_number: format!("{}", 40_000_000 + i),
                first_name: "Ana".into(),
                last_name: format!("Prueba {}", ["Díaz", "Quispe", "Rojas", "Flores"][i % 4]),
                ..PatientInput::default()
            };
            let new = NewPatient::parse(&input, now().date_naive())?;
            ids.push(patients::add(tx, &new, None, now())?.patient.id);
        }
        Ok(ids)
    })
    .unwrap();
    (conn, ids)
}

/// Every free slot of every doctor for a year, earliest first.
fn all_slots(conn: &Connection) -> Vec<Slot> {
    let mut out = Vec::new();
    for s in catalog::list_specialties(conn).unwrap() {
        let search = SlotSearch {
            doctor_id: None,
            specialty_id: Some(s.id),
            from: None,
            days: 366,
            limit: 0,
        };
        out.extend(appointments::find_slots(conn, &search, now(), LIMA).unwrap());
    }
    out.sort_by_key(|s| s.start);
    out
}

fn book_one(
    conn: &mut Connection,
    patient: &saludya::ids::PatientId,
    slot: &Slot,
) -> saludya::error::AppResult<()> {
    let req = BookingRequest::new(patient, &slot.doctor_id, &slot.start.to_string(), None, None)?;
    saludya::db::write_typed(conn, |tx| appointments::book(tx, &req, None, now()))
        .map(|_| ())
        .map_err(Into::into)
}

fn slot_search(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let (mut conn, patients) = setup(&dir.path().join("slots.db"), 500);
    let general = catalog::resolve_specialty(&conn, "medicina general").unwrap();
    let search = SlotSearch {
        doctor_id: None,
        specialty_id: Some(general.id.clone()),
        from: None,
        days: 60,
        limit: 0,
    };
    // Book every 4th slot of the range, so the search has real appointments to subtract.
    let free = appointments::find_slots(&conn, &search, now(), LIMA).unwrap();
    for (i, slot) in free.iter().step_by(4).enumerate() {
        book_one(&mut conn, &patients[i % patients.len()], slot).unwrap();
    }
    let remaining = appointments::find_slots(&conn, &search, now(), LIMA)
        .unwrap()
        .len();
    eprintln!(
        "slot search: {} slots in 60 days, {} booked, {} free",
        free.len(),
        free.len().div_ceil(4),
        remaining
    );
    let mut g = c.benchmark_group("slots");
    g.bench_function("specialty_60_days", |b| {
        b.iter(|| appointments::find_slots(&conn, &search, now(), LIMA).unwrap())
    });
    let first20 = SlotSearch {
        limit: 20,
        ..search.clone()
    };
    g.bench_function("specialty_first_20", |b| {
        b.iter(|| appointments::find_slots(&conn, &first20, now(), LIMA).unwrap())
    });
    g.finish();
}

fn bookings(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("book.db");
    let (mut conn, patients) = setup(&path, 2000);
    let slots = all_slots(&conn);
    eprintln!("booking bench: {} bookable slots in a year", slots.len());
    let mut next = 0usize;
    let mut g = c.benchmark_group("book");
    g.sample_size(10).measurement_time(Duration::from_secs(5));
    g.bench_function("one_process", |b| {
        b.iter_custom(|iters| {
            let start = Instant::now();
            for _ in 0..iters {
                let slot = &slots[next % slots.len()];
                book_one(&mut conn, &patients[next % patients.len()], slot).unwrap();
                next += 1;
            }
            start.elapsed()
        })
    });

    // Four writers on four connections: disjoint slots, contending for the write lock.
    g.bench_function("four_threads", |b| {
        b.iter_custom(|iters| {
            let per = iters.div_ceil(4) as usize;
            let base = next;
            next += per * 4;
            let start = Instant::now();
            std::thread::scope(|s| {
                for t in 0..4 {
                    let (path, slots, patients) = (&path, &slots, &patients);
                    s.spawn(move || {
                        let mut conn = saludya::db::open(path).unwrap();
                        for k in 0..per {
                            let i = base + k * 4 + t;
                            book_one(&mut conn, &patients[i % patients.len()], &slots[i % slots.len()])
                                .unwrap();
                        }
                    });
                }
            });
            start.elapsed()
        })
    });
    g.finish();
}

criterion_group!(benches, slot_search, bookings);
criterion_main!(benches);
