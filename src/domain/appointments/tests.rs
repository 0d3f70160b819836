//! The booking rules and the lifecycle, on an in-memory database with the clinic's fixtures.

use crate::db::Db;
use crate::params;
use chrono::{DateTime, Utc};

use super::*;
use crate::domain::catalog::{self, DoctorEdit};
use crate::error::{AppError, Kind};
use crate::ids::{DoctorId, PatientId};

/// Monday 2 March 2026, 09:00 in Lima.
fn now() -> DateTime<Utc> {
    "2026-03-02T14:00:00Z".parse().unwrap()
}

fn at(s: &str) -> DateTime<Utc> {
    crate::clock::Clock::parse(s, chrono_tz::America::Lima).unwrap()
}

struct Fx {
    conn: crate::db::Db,
    /// Rosa Elena Quispe, Medicina General: lun-vie 08:00-13:00/15, sáb 08:00-12:00/15.
    rosa: DoctorId,
    /// Jorge Mendoza, Medicina General: lun-vie 14:00-20:00/15.
    jorge: DoctorId,
    ana: PatientId,
    luis: PatientId,
}

fn add_patient(conn: &Db, dni: &str, first: &str, last: &str) -> PatientId {
    use crate::domain::patients::{self, NewPatient, PatientInput};
    let input = PatientInput {
        doc_number: dni.to_string(),
        first_name: first.to_string(),
        last_name: last.to_string(),
        ..PatientInput::default()
    };
    let new = NewPatient::parse(&input, now().date_naive()).unwrap();
    patients::add(&conn.autocommit(), &new, None, now())
        .unwrap()
        .patient
        .id
}

fn fx() -> Fx {
    let conn = crate::db::open_in_memory().unwrap();
    crate::db::write_typed(&conn, |tx| catalog::fixtures::load(tx, now())).unwrap();
    let rosa = catalog::resolve_doctor(&conn, "rosa quispe").unwrap().id;
    let jorge = catalog::resolve_doctor(&conn, "jorge mendoza").unwrap().id;
    let ana = add_patient(&conn, "45678912", "Ana", "Torres");
    let luis = add_patient(&conn, "41234567", "Luis", "Ramos");
    Fx {
        conn,
        rosa,
        jorge,
        ana,
        luis,
    }
}

impl Fx {
    fn book(&mut self, patient: &PatientId, doctor: &DoctorId, when: &str) -> AppResult<Appointment> {
        let req = BookingRequest::new(patient, doctor, when, Some("control"), None)?;
        crate::db::write_typed(&self.conn, |tx| book(tx, &req, None, now())).map_err(AppError::from)
    }

    fn dump(&self) -> String {
        let mut out = String::new();
        for t in ["appointment_appointments", "appointment_status_history"] {
            let mut stmt = self
                .conn
                .prepare(&format!("SELECT * FROM {t} ORDER BY 1"))
                .unwrap();
            let rows = stmt
                .query_map([], |r| {
                    Ok((0..r.len())
                        .map(|i| format!("{:?}", r.cell(i).unwrap()))
                        .collect::<Vec<_>>()
                        .join("|"))
                })
                .unwrap();
            for r in rows {
                out.push_str(&r.unwrap());
                out.push('\n');
            }
        }
        out
    }
}

#[test]
fn booking_rules_table() {
    let mut f = fx();
    f.book(&f.luis.clone(), &f.rosa.clone(), "2026-03-03 10:00")
        .unwrap();
    let (rosa, ana) = (f.rosa.clone(), f.ana.clone());
    crate::db::write_typed(&f.conn, |tx| {
        let new = catalog::NewTimeOff::new(
            &rosa,
            catalog::parse_wall("2026-03-04 00:00").unwrap(),
            catalog::parse_wall("2026-03-05 00:00").unwrap(),
            "congreso",
        )
        .unwrap();
        catalog::add_time_off(tx, &new, None, now())
    })
    .unwrap();
    let cases: &[(&str, Option<Kind>, &str)] = &[
        ("2026-03-02 08:45", Some(Kind::Invalid), "in the past"),
        ("2026-03-02 09:00", None, ""),
        ("2026-03-02 09:05", Some(Kind::Invalid), "fixed times"),
        ("2026-03-02 13:00", Some(Kind::Invalid), "outside"),
        ("2026-03-01 10:00", Some(Kind::Invalid), "outside"), // Sunday
        ("2026-03-04 10:00", Some(Kind::Conflict), "time off"),
        ("2026-03-03 10:00", Some(Kind::Conflict), "already booked"),
        ("2026-03-07 11:45", None, ""), // Saturday, last slot
        ("2026-03-07 12:00", Some(Kind::Invalid), "outside"),
        ("2026/03/09 08:15", Some(Kind::Invalid), "Invalid date"),
        ("mañana", Some(Kind::Invalid), "Invalid date"),
    ];
    for (when, kind, msg) in cases {
        let before = f.dump();
        let got = f.book(&ana, &rosa, when);
        match kind {
            None => {
                let a = got.unwrap_or_else(|e| panic!("{when}: {}", e.detail.en));
                assert_eq!(a.start, *when);
                // Cancel again so the next case starts from the same patient state.
                crate::db::write_typed(&f.conn, |tx| {
                    cancel(tx, &a.id, CancelledBy::Patient, "prueba", None, now())
                })
                .unwrap();
            }
            Some(k) => {
                let e = got.unwrap_err();
                assert_eq!(e.kind, *k, "{when}: {}", e.detail.en);
                assert!(e.detail.en.contains(msg), "{when}: {}", e.detail.en);
                assert_eq!(f.dump(), before, "{when} changed nothing");
            }
        }
    }
}

#[test]
fn snapshots_come_from_the_catalog_and_a_slot_error_points_to_slots() {
    let mut f = fx();
    let (ana, rosa) = (f.ana.clone(), f.rosa.clone());
    let a = f.book(&ana, &rosa, "2026-03-03 10:15").unwrap();
    assert_eq!(a.status, Status::Booked);
    assert_eq!(a.price_cents.0, 6000);
    assert_eq!(a.doctor_name, "Rosa Elena Quispe Huamán");
    assert_eq!(a.specialty, "Medicina General");
    assert_eq!(a.end, "2026-03-03 10:30");
    assert_eq!(a.patient_dni, "45678912");
    // A later price change leaves the booked appointment as it was.
    crate::db::write_typed(&f.conn, |tx| {
        let edit = DoctorEdit {
            price: Some(crate::money::Cents(9000)),
            ..DoctorEdit::default()
        };
        catalog::edit_doctor(tx, &rosa, &edit, None, now())
    })
    .unwrap();
    assert_eq!(get_appointment(&f.conn, &a.id).unwrap().price_cents.0, 6000);
    // The error names the doctor; the command line turns that into "see the free slots".
    let req = BookingRequest::new(&f.luis, &rosa, "2026-03-03 10:15", None, None).unwrap();
    let e = crate::db::write_typed(&f.conn, |tx| book(tx, &req, None, now())).unwrap_err();
    assert!(
        matches!(&e, AppointmentError::Slot { problem: catalog::slots::SlotProblem::Taken, doctor, .. } if doctor.id == rosa),
        "{e:?}"
    );
    assert!(
        crate::cli::errors::appointment(e)
            .hint
            .unwrap()
            .en
            .contains(&format!("saludya slots --doctor {rosa}"))
    );
}

#[test]
fn no_double_booking_for_the_doctor_or_the_patient() {
    let mut f = fx();
    let (ana, luis, rosa, jorge) = (f.ana.clone(), f.luis.clone(), f.rosa.clone(), f.jorge.clone());
    f.book(&ana, &rosa, "2026-03-03 10:00").unwrap();
    // The doctor is taken.
    assert_eq!(
        f.book(&luis, &rosa, "2026-03-03 10:00").unwrap_err().kind,
        Kind::Conflict
    );
    // The patient is taken (another doctor, overlapping time): Jorge works afternoons, so make
    // Ana's second appointment overlap an afternoon one instead.
    f.book(&ana, &jorge, "2026-03-03 15:00").unwrap();
    crate::db::write_typed(&f.conn, |tx| {
        catalog::set_schedule(
            tx,
            &rosa,
            &catalog::parse_schedule(&["mar 14:10-18:10/20"]).unwrap(),
            None,
            now(),
        )
    })
    .unwrap();
    let e = f.book(&ana, &rosa, "2026-03-03 14:50").unwrap_err();
    assert_eq!(e.kind, Kind::Conflict);
    assert!(
        e.detail.en.contains("already has an appointment"),
        "{}",
        e.detail.en
    );
    // 14:50–15:10 and 15:10–15:30 overlap 15:00–15:15 with Jorge; 15:30 does not.
    assert_eq!(
        f.book(&ana, &rosa, "2026-03-03 15:10").unwrap_err().kind,
        Kind::Conflict
    );
    f.book(&ana, &rosa, "2026-03-03 15:30").unwrap();
}

#[test]
fn the_partial_unique_index_is_the_last_line_of_defence() {
    let mut f = fx();
    let (ana, luis, rosa) = (f.ana.clone(), f.luis.clone(), f.rosa.clone());
    let a = f.book(&ana, &rosa, "2026-03-03 10:00").unwrap();
    let copy = "INSERT INTO appointment_appointments (id, patient_id, doctor_id, starts_at, ends_at, status,
            doctor_name, specialty, price_cents, currency, created_at, updated_at)
        SELECT $1, $2, doctor_id, starts_at, ends_at, 'booked', doctor_name, specialty, price_cents,
            currency, created_at, updated_at FROM appointment_appointments WHERE id = $3";
    let err = f
        .conn
        .autocommit()
        .execute(copy, params!["x1", luis, a.id])
        .unwrap_err();
    assert!(err.to_string().contains("UNIQUE"), "{err}");
    // A cancelled appointment frees the slot, for the index too.
    crate::db::write_typed(&f.conn, |tx| {
        cancel(tx, &a.id, CancelledBy::Clinic, "médico enfermo", None, now())
    })
    .unwrap();
    f.conn
        .autocommit()
        .execute(copy, params!["x2", luis, a.id])
        .unwrap();
}

/// Puts an appointment in `status` directly (test set-up only).
fn force_status(conn: &Db, id: &str, status: Status) {
    conn.autocommit()
        .execute(
            "UPDATE appointment_appointments SET status = $2,
             cancelled_by = CASE WHEN $2 = 'cancelled' THEN 'clinic' END WHERE id = $1",
            params![id, status.as_str()],
        )
        .unwrap();
}

#[test]
fn every_illegal_transition_is_a_conflict_that_says_what_is_allowed() {
    let mut f = fx();
    let (ana, rosa) = (f.ana.clone(), f.rosa.clone());
    // Checked an hour after the start, so no_show's time rule does not hide the table.
    let a = f.book(&ana, &rosa, "2026-03-02 09:00").unwrap();
    let after_start = at("2026-03-02 10:00");
    for from in ALL_STATUSES {
        for to in ALL_STATUSES {
            force_status(&f.conn, &a.id, from);
            let before = f.dump();
            let got = crate::db::write_typed(&f.conn, |tx| {
                change_status(tx, &a.id, to, None, Some("x"), after_start)
            });
            if from.allowed_next().contains(&to) {
                assert_eq!(got.unwrap().status, to, "{from:?} → {to:?}");
            } else {
                let e = got.unwrap_err();
                assert_eq!(e.kind(), Kind::Conflict, "{from:?} → {to:?}");
                let allowed = from.allowed_next();
                if allowed.is_empty() {
                    assert!(e.text().en.contains("final"), "{}", e.text().en);
                } else {
                    for s in allowed {
                        assert!(e.text().en.contains(s.as_str()), "{}", e.text().en);
                    }
                }
                assert_eq!(f.dump(), before);
            }
        }
    }
}

#[test]
fn no_show_only_after_the_start_and_every_change_is_in_the_history() {
    let mut f = fx();
    let (ana, rosa) = (f.ana.clone(), f.rosa.clone());
    let a = f.book(&ana, &rosa, "2026-03-02 11:00").unwrap();
    let e =
        crate::db::write_typed(&f.conn, |tx| no_show(tx, &a.id, None, at("2026-03-02 10:59"))).unwrap_err();
    assert_eq!(e.kind(), Kind::Conflict);
    crate::db::write_typed(&f.conn, |tx| no_show(tx, &a.id, None, at("2026-03-02 11:00"))).unwrap();
    let b = f.book(&ana, &rosa, "2026-03-02 11:30").unwrap();
    crate::db::write_typed(&f.conn, |tx| {
        change_status(tx, &b.id, Status::Confirmed, None, Some("pago"), now())
    })
    .unwrap();
    crate::db::write_typed(&f.conn, |tx| check_in(tx, &b.id, None, now())).unwrap();
    crate::db::write_typed(&f.conn, |tx| complete(tx, &b.id, None, now())).unwrap();
    let h = status_history(&f.conn, &b.id).unwrap();
    let steps: Vec<(Option<Status>, Status)> = h.iter().map(|c| (c.from_status, c.to_status)).collect();
    assert_eq!(
        steps,
        [
            (None, Status::Booked),
            (Some(Status::Booked), Status::Confirmed),
            (Some(Status::Confirmed), Status::CheckedIn),
            (Some(Status::CheckedIn), Status::Completed),
        ]
    );
    assert_eq!(h[1].reason.as_deref(), Some("pago"));
}

#[test]
fn reschedule_keeps_the_row_and_frees_the_old_slot() {
    let mut f = fx();
    let (ana, luis, rosa) = (f.ana.clone(), f.luis.clone(), f.rosa.clone());
    let a = f.book(&ana, &rosa, "2026-03-03 10:00").unwrap();
    crate::db::write_typed(&f.conn, |tx| {
        change_status(tx, &a.id, Status::Confirmed, None, None, now())
    })
    .unwrap();
    let b = f.book(&luis, &rosa, "2026-03-03 10:15").unwrap();
    // Same rules as booking: the new time must be free.
    let to = |s: &str| catalog::parse_wall(s).unwrap();
    let e = crate::db::write_typed(&f.conn, |tx| {
        reschedule(tx, &a.id, to("2026-03-03 10:15"), None, None, now())
    })
    .unwrap_err();
    assert_eq!(e.kind(), Kind::Conflict);
    let moved = crate::db::write_typed(&f.conn, |tx| {
        reschedule(tx, &a.id, to("2026-03-05 09:00"), None, Some("viaje"), now())
    })
    .unwrap();
    assert_eq!(
        (moved.id.as_str(), moved.status),
        (a.id.as_str(), Status::Confirmed)
    );
    assert_eq!(moved.start, "2026-03-05 09:00");
    // The old slot is free again.
    f.book(&luis, &rosa, "2026-03-03 10:00").unwrap();
    let last = status_history(&f.conn, &a.id).unwrap().pop().unwrap();
    assert_eq!(
        last.old_start.map(|t| t.to_string()).as_deref(),
        Some("2026-03-03 10:00")
    );
    assert_eq!(
        last.new_start.map(|t| t.to_string()).as_deref(),
        Some("2026-03-05 09:00")
    );
    // Checked-in appointments stay where they are.
    crate::db::write_typed(&f.conn, |tx| check_in(tx, &b.id, None, now())).unwrap();
    let e = crate::db::write_typed(&f.conn, |tx| {
        reschedule(tx, &b.id, to("2026-03-05 09:15"), None, None, now())
    })
    .unwrap_err();
    assert_eq!(e.kind(), Kind::Conflict);
}

#[test]
fn slot_search_is_earliest_first_and_skips_what_is_taken() {
    let mut f = fx();
    let (ana, rosa) = (f.ana.clone(), f.rosa.clone());
    let tz = chrono_tz::America::Lima;
    let search = SlotSearch {
        doctor_id: Some(rosa.clone()),
        specialty_id: None,
        from: None,
        days: 7,
        limit: 3,
    };
    let first: Vec<String> = find_slots(&f.conn, &search, now(), tz)
        .unwrap()
        .into_iter()
        .map(|s| s.start.to_string())
        .collect();
    assert_eq!(
        first,
        ["2026-03-02 09:00", "2026-03-02 09:15", "2026-03-02 09:30"]
    );
    f.book(&ana, &rosa, "2026-03-02 09:15").unwrap();
    let next: Vec<String> = find_slots(&f.conn, &search, now(), tz)
        .unwrap()
        .into_iter()
        .map(|s| s.start.to_string())
        .collect();
    assert_eq!(next, ["2026-03-02 09:00", "2026-03-02 09:30", "2026-03-02 09:45"]);

    let general = catalog::resolve_specialty(&f.conn, "medicina general").unwrap();
    let all = find_slots(
        &f.conn,
        &SlotSearch {
            doctor_id: None,
            specialty_id: Some(general.id),
            from: None,
            days: 60,
            limit: 0,
        },
        now(),
        tz,
    )
    .unwrap();
    assert!(all.len() > 1000, "{}", all.len());
    assert!(all.windows(2).all(|w| w[0].start <= w[1].start));
    assert!(
        all.iter()
            .all(|s| s.specialty == "Medicina General" && s.start.to_string().as_str() >= "2026-03-02 09:00")
    );
    assert!(
        !all.iter()
            .any(|s| s.doctor_id == rosa && s.start == "2026-03-02 09:15")
    );
    let doctors: std::collections::HashSet<&str> = all.iter().map(|s| s.doctor_id.as_str()).collect();
    assert!(doctors.len() >= 5);
    // A deactivated doctor is not offered.
    crate::db::write_typed(&f.conn, |tx| {
        let edit = DoctorEdit {
            active: Some(false),
            ..DoctorEdit::default()
        };
        catalog::edit_doctor(tx, &rosa, &edit, None, now())
    })
    .unwrap();
    assert_eq!(
        find_slots(&f.conn, &search, now(), tz).unwrap_err().kind(),
        Kind::Conflict
    );
    assert_eq!(
        f.book(&ana, &rosa, "2026-03-02 10:00").unwrap_err().kind,
        Kind::Conflict
    );
}

#[test]
fn a_patient_is_offered_only_slots_they_can_take() {
    let mut f = fx();
    let (ana, luis, rosa, jorge) = (f.ana.clone(), f.luis.clone(), f.rosa.clone(), f.jorge.clone());
    let tz = chrono_tz::America::Lima;
    let general = catalog::resolve_specialty(&f.conn, "medicina general").unwrap();
    let search = SlotSearch {
        doctor_id: None,
        specialty_id: Some(general.id),
        from: None,
        days: 7,
        limit: 0,
    };
    let held = f.book(&ana, &rosa, "2026-03-02 09:15").unwrap();
    let starts_at = |slots: &[catalog::slots::Slot], t: &str| slots.iter().filter(|s| s.start == t).count();
    // Other doctors of the specialty are free at 09:15: the plain search offers them...
    let plain = find_slots(&f.conn, &search, now(), tz).unwrap();
    assert!(starts_at(&plain, "2026-03-02 09:15") >= 1);
    // ...but not to Ana, who is with Rosa then; Luis still sees them.
    let for_ana = find_slots_for_patient(&f.conn, &search, Some(&ana), None, now(), tz).unwrap();
    assert_eq!(starts_at(&for_ana, "2026-03-02 09:15"), 0);
    assert_eq!(
        starts_at(&for_ana, "2026-03-02 09:00"),
        starts_at(&plain, "2026-03-02 09:00")
    );
    let for_luis = find_slots_for_patient(&f.conn, &search, Some(&luis), None, now(), tz).unwrap();
    assert_eq!(for_luis, plain);
    assert_eq!(
        find_slots_for_patient(&f.conn, &search, None, None, now(), tz).unwrap(),
        plain
    );
    // Every slot offered to Ana can be booked by her (none is refused as overlapping).
    assert!(for_ana.iter().all(|s| s.start != held.start));
    let first = &for_ana[0];
    f.book(&ana, &first.doctor_id, &first.start.to_string()).unwrap();
    // Moving Ana's 09:15 appointment: its own time is offered again.
    let moving = find_slots_for_patient(&f.conn, &search, Some(&ana), Some(&held.id), now(), tz).unwrap();
    assert!(starts_at(&moving, "2026-03-02 09:15") >= 1);
    // The limit counts slots the patient can take.
    let three = SlotSearch {
        doctor_id: Some(jorge),
        specialty_id: None,
        limit: 3,
        ..search.clone()
    };
    f.book(&ana, &three.doctor_id.clone().unwrap(), "2026-03-02 14:00")
        .unwrap();
    let got: Vec<String> = find_slots_for_patient(&f.conn, &three, Some(&ana), None, now(), tz)
        .unwrap()
        .into_iter()
        .map(|s| s.start.to_string())
        .collect();
    assert_eq!(got, ["2026-03-02 14:15", "2026-03-02 14:30", "2026-03-02 14:45"]);
    // The busy intervals themselves, earliest first.
    let day = |h: &str| catalog::parse_wall(&format!("2026-03-02 {h}")).unwrap();
    let busy = patient_busy(&f.conn, &ana, day("00:00"), day("23:59"), None).unwrap();
    let starts: Vec<_> = busy.iter().map(|b| b.start).collect();
    assert_eq!(starts, [day("09:00"), day("09:15"), day("14:00")]);
    assert_eq!(busy[1].end, day("09:30"));
    // From 09:20 on, the 09:15 appointment still overlaps; the 09:00 one no longer does.
    let later = patient_busy(&f.conn, &ana, day("09:20"), day("23:59"), None).unwrap();
    assert_eq!(
        later.iter().map(|b| b.start).collect::<Vec<_>>(),
        [day("09:15"), day("14:00")]
    );
    assert!(
        patient_busy(&f.conn, &luis, day("00:00"), day("23:59"), None)
            .unwrap()
            .is_empty()
    );
}

#[test]
fn a_status_change_dated_before_the_newest_history_row_is_dated_after_it() {
    // A clock set back cannot date a cancellation before the changes already recorded.
    let mut f = fx();
    let (ana, rosa) = (f.ana.clone(), f.rosa.clone());
    let a = f.book(&ana, &rosa, "2026-03-02 11:00").unwrap();
    let later = now() + chrono::Duration::hours(3);
    crate::db::write_typed(&f.conn, |tx| check_in(tx, &a.id, None, later)).unwrap();
    let b = f.book(&ana, &rosa, "2026-03-02 11:30").unwrap();
    let back = now() - chrono::Duration::days(2);
    crate::db::write_typed(&f.conn, |tx| {
        cancel(tx, &b.id, CancelledBy::Patient, "fecha atrasada", None, back)
    })
    .unwrap();
    let last = status_history(&f.conn, &b.id).unwrap().pop().unwrap();
    assert_eq!(last.to_status, Status::Cancelled);
    assert_eq!(last.at, crate::clock::utc_string(later));
}

/// A check-in, completion or no-show made by mistake can be undone for a few minutes: back to
/// the status before, in the history; later, or for anything else, a conflict that says why.
#[test]
fn a_slip_can_be_undone_for_a_few_minutes() {
    let mut f = fx();
    let (ana, luis, rosa) = (f.ana.clone(), f.luis.clone(), f.rosa.clone());
    let a = f.book(&ana, &rosa, "2026-03-02 11:00").unwrap();
    crate::db::write_typed(&f.conn, |tx| {
        change_status(tx, &a.id, Status::Confirmed, None, None, now())
    })
    .unwrap();
    crate::db::write_typed(&f.conn, |tx| check_in(tx, &a.id, None, now())).unwrap();
    let later = now() + chrono::Duration::minutes(UNDO_MINUTES);
    let back = crate::db::write_typed(&f.conn, |tx| {
        undo(tx, &a.id, Status::CheckedIn, true, None, later)
    })
    .unwrap();
    assert_eq!(back.status, Status::Confirmed, "paid again, not just booked");
    let h = status_history(&f.conn, &a.id).unwrap();
    let last = h.last().unwrap();
    assert_eq!(
        (last.from_status, last.to_status),
        (Some(Status::CheckedIn), Status::Confirmed)
    );
    assert_eq!(last.reason.as_deref(), Some("undo"));
    // Nothing left to undo: the last change is the undo itself.
    let e = crate::db::write_typed(&f.conn, |tx| {
        undo(tx, &a.id, Status::CheckedIn, true, None, later)
    })
    .unwrap_err();
    assert_eq!(e.kind(), Kind::Conflict);
    // Too late.
    // (at `later`: a history row is never dated before the one before it)
    crate::db::write_typed(&f.conn, |tx| check_in(tx, &a.id, None, later)).unwrap();
    let too_late = later + chrono::Duration::minutes(UNDO_MINUTES + 1);
    let before = f.dump();
    let e = crate::db::write_typed(&f.conn, |tx| {
        undo(tx, &a.id, Status::CheckedIn, true, None, too_late)
    })
    .unwrap_err();
    assert_eq!(e.kind(), Kind::Conflict);
    assert_eq!(f.dump(), before, "nothing changed");
    // A no-show (after the start) goes back to booked.
    let b = f.book(&luis, &rosa, "2026-03-02 09:00").unwrap();
    let nine = at("2026-03-02 09:05");
    crate::db::write_typed(&f.conn, |tx| no_show(tx, &b.id, None, nine)).unwrap();
    let back =
        crate::db::write_typed(&f.conn, |tx| undo(tx, &b.id, Status::NoShow, false, None, nine)).unwrap();
    assert_eq!(back.status, Status::Booked);
}

/// An undo restores the status the money says, is not itself undoable, and its window holds
/// both ways when the clock was set back.
#[test]
fn an_undo_follows_the_money_is_not_undone_and_its_window_is_bounded() {
    let mut f = fx();
    let (ana, luis, rosa) = (f.ana.clone(), f.luis.clone(), f.rosa.clone());
    // Checked in unpaid, then paid at the desk (no history row): undo gives "paid", not "booked".
    let a = f.book(&ana, &rosa, "2026-03-02 11:00").unwrap();
    crate::db::write_typed(&f.conn, |tx| check_in(tx, &a.id, None, now())).unwrap();
    let back = crate::db::write_typed(&f.conn, |tx| {
        undo(tx, &a.id, Status::CheckedIn, true, None, now())
    })
    .unwrap();
    assert_eq!(back.status, Status::Confirmed);
    // The audit trail has each step, the undo with its before and after.
    let trail = trail_of(&f.conn, &a.id);
    let actions: Vec<&str> = trail.iter().map(|e| e.action.as_str()).collect();
    assert_eq!(actions, ["book", "check_in", "undo"]);
    let undo_row = &trail[2];
    assert!(
        undo_row
            .before
            .as_deref()
            .unwrap()
            .contains("\"status\":\"checked_in\"")
    );
    assert!(
        undo_row
            .after
            .as_deref()
            .unwrap()
            .contains("\"status\":\"confirmed\"")
    );

    // Check in, complete, undo the completion: the undo itself cannot be undone as a check-in.
    let b = f.book(&luis, &rosa, "2026-03-02 11:30").unwrap();
    crate::db::write_typed(&f.conn, |tx| check_in(tx, &b.id, None, now())).unwrap();
    crate::db::write_typed(&f.conn, |tx| complete(tx, &b.id, None, now())).unwrap();
    crate::db::write_typed(&f.conn, |tx| {
        undo(tx, &b.id, Status::Completed, false, None, now())
    })
    .unwrap();
    let before = f.dump();
    let e = crate::db::write_typed(&f.conn, |tx| {
        undo(tx, &b.id, Status::CheckedIn, false, None, now())
    })
    .unwrap_err();
    assert!(matches!(e, AppointmentError::NothingToUndo { .. }), "{e:?}");
    assert_eq!(f.dump(), before, "nothing changed");

    // A check-in dated after "now" (the clock was set back) is not undoable an hour early.
    let c = f.book(&ana, &rosa, "2026-03-02 12:00").unwrap();
    let ahead = now() + chrono::Duration::hours(1);
    crate::db::write_typed(&f.conn, |tx| check_in(tx, &c.id, None, ahead)).unwrap();
    let e = crate::db::write_typed(&f.conn, |tx| {
        undo(tx, &c.id, Status::CheckedIn, false, None, now())
    })
    .unwrap_err();
    assert!(matches!(e, AppointmentError::NothingToUndo { .. }), "{e:?}");
}

/// Booking although the patient's orientation flagged an emergency is possible only as an
/// explicit override, which the booking records (column and history); linking the emergency
/// as an ordinary orientation is still refused, and so is "overriding" a non-emergency.
#[test]
fn an_emergency_override_is_recorded_with_the_booking() {
    use crate::domain::orientation::{Engine, Query, store};
    let mut f = fx();
    let (ana, rosa) = (f.ana.clone(), f.rosa.clone());
    let engine = Engine::load();
    let orient = |f: &mut Fx, text: &str| {
        let q = Query {
            text,
            age: Some(60),
            sex: None,
        };
        let result = engine.orient(&q, &["Medicina General", "Cardiología"]);
        let emergency = result.emergency;
        let id = crate::db::write(&f.conn, |tx| {
            store::save(tx, None, Some(ana.as_str()), &q, &result, now())
        })
        .unwrap();
        (id, emergency)
    };
    let (urgent, emergency) = orient(&mut f, "dolor de pecho muy fuerte con sudoración y falta de aire");
    assert!(emergency);
    let (routine, emergency) = orient(&mut f, "tengo tos hace dos días");
    assert!(!emergency);
    let plain = BookingRequest::new(&ana, &rosa, "2026-03-02 11:00", None, Some(&urgent)).unwrap();
    let e = crate::db::write_typed(&f.conn, |tx| book(tx, &plain, None, now())).unwrap_err();
    assert_eq!(e.kind(), Kind::Conflict, "an emergency is not an ordinary link");
    let wrong = BookingRequest::new(&ana, &rosa, "2026-03-02 11:00", None, None)
        .unwrap()
        .overriding_emergency(&routine);
    let e = crate::db::write_typed(&f.conn, |tx| book(tx, &wrong, None, now())).unwrap_err();
    assert_eq!(e.kind(), Kind::Invalid);
    // An emergency stored for no patient is no override for Ana's booking.
    let q = Query {
        text: "dolor de pecho muy fuerte con sudoración y falta de aire",
        age: Some(60),
        sex: None,
    };
    let result = engine.orient(&q, &["Medicina General", "Cardiología"]);
    assert!(result.emergency);
    let anonymous = crate::db::write(&f.conn, |tx| store::save(tx, None, None, &q, &result, now())).unwrap();
    let nobodys = BookingRequest::new(&ana, &rosa, "2026-03-02 11:00", None, None)
        .unwrap()
        .overriding_emergency(&anonymous);
    let e = crate::db::write_typed(&f.conn, |tx| book(tx, &nobodys, None, now())).unwrap_err();
    assert_eq!(e.kind(), Kind::Invalid);
    let req = BookingRequest::new(&ana, &rosa, "2026-03-02 11:00", None, None)
        .unwrap()
        .overriding_emergency(&urgent);
    let a = crate::db::write_typed(&f.conn, |tx| book(tx, &req, None, now())).unwrap();
    let stored: Option<String> = f
        .conn
        .query_row(
            "SELECT emergency_override FROM appointment_appointments WHERE id = $1",
            [&a.id],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(stored.as_deref(), Some(urgent.as_str()));
    let h = status_history(&f.conn, &a.id).unwrap();
    assert_eq!(h[0].reason.as_deref(), Some("emergency override"));
    let trail = trail_of(&f.conn, &a.id);
    let actions: Vec<&str> = trail.iter().map(|e| e.action.as_str()).collect();
    assert_eq!(
        actions,
        ["book_emergency_override"],
        "the refused bookings left no trail row"
    );
}

/// The audit trail's rows about one appointment, oldest first.
fn trail_of(conn: &crate::db::Db, id: &AppointmentId) -> Vec<crate::domain::audit::AuditEvent> {
    let filter = crate::domain::audit::LogFilter {
        appointment: Some(id.to_string()),
        ..Default::default()
    };
    crate::domain::audit::log(conn, &filter).unwrap()
}

fn weekly(f: &Fx, patient: &PatientId, first: &str, count: u32) -> Result<Series, AppointmentError> {
    let req = BookingRequest::new(patient, &f.rosa, first, None, None)?;
    let req = SeriesRequest::new(req, Repeat::Weekly, count)?;
    crate::db::write_typed(&f.conn, |tx| book_series(tx, &req, None, now()))
}

/// Each occurrence gets the ordinary booking's verdict, and a conflicting one the nearest free
/// slot of the same doctor that the patient can take: the same day first (a tie: the earlier),
/// else the nearest day.
#[test]
fn a_series_plan_gives_each_conflict_its_nearest_alternative() {
    let mut f = fx();
    let (ana, luis, jorge) = (f.ana.clone(), f.luis.clone(), f.jorge.clone());
    f.book(&luis, &f.rosa.clone(), "2026-03-10 10:00").unwrap(); // 2nd: taken
    f.book(&luis, &f.rosa.clone(), "2026-03-17 09:45").unwrap(); // 3rd: taken, and 09:45 too
    f.book(&luis, &f.rosa.clone(), "2026-03-17 10:00").unwrap();
    f.book(&ana, &jorge, "2026-03-24 14:00").unwrap(); // Ana elsewhere, not then: no conflict
    let req = BookingRequest::new(&ana, &f.rosa, "2026-03-03 10:00", None, None).unwrap();
    let req = SeriesRequest::new(req, Repeat::Weekly, 4).unwrap();
    let before = f.dump();
    let plan = plan_series(&f.conn, &req, now()).unwrap();
    let got: Vec<(u32, Option<String>)> = plan
        .conflicts()
        .iter()
        .map(|c| (c.position, c.alternative.map(|a| a.to_string())))
        .collect();
    assert_eq!(
        got,
        [
            (2, Some("2026-03-10 09:45".to_string())), // 09:45 and 10:15 are as near: the earlier
            (3, Some("2026-03-17 10:15".to_string())),
        ]
    );
    assert!(matches!(
        *plan.conflicts()[0].problem,
        AppointmentError::Slot {
            problem: catalog::slots::SlotProblem::Taken,
            ..
        }
    ));
    // Booking it is all or nothing: one error listing both, nothing written.
    let e = crate::db::write_typed(&f.conn, |tx| book_series(tx, &req, None, now())).unwrap_err();
    match &e {
        AppointmentError::SeriesConflicts {
            moving: false,
            conflicts,
        } => assert_eq!(conflicts.len(), 2),
        other => panic!("{other:?}"),
    }
    assert_eq!(e.kind(), Kind::Conflict);
    assert_eq!(f.dump(), before);
}

/// A week later each: every appointment takes the slot the next one leaves; the moving ones do
/// not stand in each other's way, and an ordinary appointment in the way is a conflict.
#[test]
fn the_following_ones_move_by_the_same_shift_or_not_at_all() {
    let mut f = fx();
    let ana = f.ana.clone();
    let series = weekly(&f, &ana, "2026-03-03 10:00", 3).unwrap();
    let ids: Vec<AppointmentId> = series.appointments.iter().map(|a| a.id.clone()).collect();
    let first = get_appointment(&f.conn, &ids[0]).unwrap();
    let plan = plan_shift(
        &f.conn,
        &first,
        catalog::parse_wall("2026-03-10 10:00").unwrap(),
        now(),
    )
    .unwrap();
    assert!(plan.conflicts().is_empty(), "{:?}", plan.conflicts());
    let moved = crate::db::write_typed(&f.conn, |tx| {
        reschedule_following(
            tx,
            &ids[0],
            catalog::parse_wall("2026-03-10 10:00").unwrap(),
            Some(first.start),
            None,
            None,
            now(),
        )
    })
    .unwrap();
    let starts: Vec<String> = moved.iter().map(|a| a.start.to_string()).collect();
    assert_eq!(
        starts,
        ["2026-03-10 10:00", "2026-03-17 10:00", "2026-03-24 10:00"]
    );
    // Luis takes the first one's old slot: moving back a week, nothing moves.
    let luis = f.luis.clone();
    f.book(&luis, &f.rosa.clone(), "2026-03-03 10:00").unwrap();
    let before = f.dump();
    let e = crate::db::write_typed(&f.conn, |tx| {
        reschedule_following(
            tx,
            &ids[0],
            catalog::parse_wall("2026-03-03 10:00").unwrap(),
            None,
            None,
            None,
            now(),
        )
    })
    .unwrap_err();
    match e {
        AppointmentError::SeriesConflicts {
            moving: true,
            conflicts,
        } => {
            assert_eq!(conflicts.iter().map(|c| c.position).collect::<Vec<_>>(), [1]);
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(f.dump(), before);
    // The desk saw it elsewhere: another desk moved it first.
    let e = crate::db::write_typed(&f.conn, |tx| {
        let seen = Some(WallTime::new(catalog::parse_wall("2026-03-03 10:00").unwrap()));
        reschedule_following(
            tx,
            &ids[0],
            catalog::parse_wall("2026-03-10 11:00").unwrap(),
            seen,
            None,
            None,
            now(),
        )
    })
    .unwrap_err();
    assert!(matches!(e, AppointmentError::MovedMeanwhile { .. }), "{e:?}");
    assert_eq!(f.dump(), before);
    // The following ones of the last one: none.
    let last = get_appointment(&f.conn, &ids[2]).unwrap();
    assert!(following(&f.conn, &last).unwrap().is_empty());
}

/// Whenever a listing names a patient or days, an index finds its appointments: no plan reads
/// the appointments table whole. Every combination of filters. (A doctor alone has no index of
/// its own: the one on doctor and start holds active appointments only, for the double-booking
/// check; the desk lists a doctor's appointments by day.)
#[test]
fn listings_by_patient_doctor_or_days_are_index_searches() {
    let fx = fx();
    let sqlite = fx.conn.sqlite().unwrap();
    let day = chrono::NaiveDate::from_ymd_opt(2026, 3, 2);
    for mask in 0..32_u32 {
        let f = AppointmentFilter {
            from: day.filter(|_| mask & 1 != 0),
            to: day.filter(|_| mask & 2 != 0),
            doctor_id: (mask & 4 != 0).then(|| fx.rosa.clone()),
            patient_id: (mask & 8 != 0).then(|| fx.ana.clone()),
            status: (mask & 16 != 0).then_some(Status::Booked),
            newest_first: mask % 3 == 0,
            limit: 20,
        };
        let values = store::ListValues::of(&f);
        let (sql, conditions) = store::list_query(&f, &values);
        assert_eq!(
            conditions.params().len(),
            (mask.count_ones() + 1) as usize,
            "one parameter per filter, and the limit: {sql}"
        );
        let mut stmt = sqlite.prepare(&format!("EXPLAIN QUERY PLAN {sql}")).unwrap();
        let bound: Vec<rusqlite::types::Value> = conditions
            .params()
            .iter()
            .map(|p| match p.to_value() {
                crate::db::Value::Int(i) => rusqlite::types::Value::Integer(i),
                crate::db::Value::Text(t) => rusqlite::types::Value::Text(t.into_owned()),
                other => panic!("{other:?}"),
            })
            .collect();
        let steps: Vec<String> = stmt
            .query_map(rusqlite::params_from_iter(bound), |r| r.get::<_, String>(3))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        let reads_appointments_whole = steps.iter().any(|s| s.starts_with("SCAN a"));
        let selective = mask & (1 | 2 | 8) != 0;
        assert!(
            !(selective && reads_appointments_whole),
            "filter {mask:05b} reads every appointment: {steps:?}\n{sql}"
        );
    }
}
