//! The waiting list's rules on an in-memory database with the clinic's fixtures. The clock is
//! Monday 2 March 2026, 09:00 in Lima.

use chrono::{DateTime, Utc};

use super::*;
use crate::db::Db;
use crate::domain::appointments::{self, BookingRequest};
use crate::domain::catalog::{self, DoctorEdit};
use crate::error::{AppError, Kind};
use crate::ids::DoctorId;

fn now() -> DateTime<Utc> {
    "2026-03-02T14:00:00Z".parse().unwrap()
}

fn days_later(n: i64) -> DateTime<Utc> {
    now() + chrono::Duration::days(n)
}

struct Fx {
    conn: Db,
    /// Rosa Elena Quispe, Medicina General: lun-vie 08:00-13:00/15.
    rosa: DoctorId,
    /// Jorge Mendoza, Medicina General: lun-vie 14:00-20:00/15.
    jorge: DoctorId,
    general: SpecialtyId,
    ana: PatientId,
    luis: PatientId,
}

fn add_patient(conn: &Db, dni: &str, first: &str) -> PatientId {
    use crate::domain::patients::{self, NewPatient, PatientInput};
    let input = PatientInput {
        doc_number: dni.to_string(),
        first_name: first.to_string(),
        last_name: "Prueba".to_string(),
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
    let rosa = catalog::resolve_doctor(&conn, "rosa quispe").unwrap();
    let jorge = catalog::resolve_doctor(&conn, "jorge mendoza").unwrap().id;
    let ana = add_patient(&conn, "45678912", "Ana");
    let luis = add_patient(&conn, "41234567", "Luis");
    Fx {
        conn,
        general: rosa.specialty_id,
        rosa: rosa.id,
        jorge,
        ana,
        luis,
    }
}

impl Fx {
    fn add(
        &self,
        patient: &PatientId,
        doctor: Option<&DoctorId>,
        input: EntryInput<'_>,
    ) -> Result<Entry, WaitlistError> {
        let spec = doctor.is_none().then_some(&self.general);
        let new = NewEntry::new(patient, spec, doctor, &input)?;
        self.conn.write(|tx| add(tx, &new, None, now()))
    }

    fn slot(&self, doctor: &DoctorId, at: &str) -> SlotRef {
        slot_of(&self.conn, doctor, WallTime::parse(at).unwrap()).unwrap()
    }

    fn count(&self) -> i64 {
        self.conn
            .query_one("SELECT count(*) FROM waitlist_entries", [])
            .unwrap()
    }
}

fn kind(e: WaitlistError) -> Kind {
    AppError::from(e).kind
}

#[test]
fn time_of_day_words_and_ranges() {
    type Bounds<'a> = Option<(Option<&'a str>, Option<&'a str>)>;
    let cases: [(&str, Bounds); 8] = [
        ("mañana", Some((None, Some("13:00")))),
        ("MANANA", Some((None, Some("13:00")))),
        ("tarde", Some((Some("13:00"), None))),
        ("afternoon", Some((Some("13:00"), None))),
        ("09:00-11:30", Some((Some("09:00"), Some("11:30")))),
        ("11:00-09:00", None),
        ("noche", None),
        ("9-11", None),
    ];
    for (input, want) in cases {
        let got = TimeOfDay::parse(input)
            .ok()
            .map(|t| (t.from.map(|h| h.to_string()), t.to.map(|h| h.to_string())));
        let want = want.map(|(a, b)| (a.map(String::from), b.map(String::from)));
        assert_eq!(got, want, "{input}");
    }
    let morning = TimeOfDay::parse("mañana").unwrap();
    assert!(morning.contains(Hm(12 * 60 + 45)));
    assert!(!morning.contains(AFTERNOON));
    assert_eq!(morning.label(crate::i18n::Lang::En), "morning");
}

#[test]
fn bad_entries_are_refused_with_their_kind_and_nothing_written() {
    let f = fx();
    let inactive = f.jorge.clone();
    f.conn
        .write(|tx| {
            catalog::edit_doctor(
                tx,
                &inactive,
                &DoctorEdit {
                    active: Some(false),
                    ..DoctorEdit::default()
                },
                None,
                now(),
            )
        })
        .unwrap();
    let input = |from: Option<&'static str>, to: Option<&'static str>| EntryInput {
        from,
        to,
        ..EntryInput::default()
    };
    let cases: Vec<(Result<Entry, WaitlistError>, Kind)> = vec![
        (f.add(&f.ana, Some(&f.jorge), input(None, None)), Kind::Conflict),
        (
            f.add(&f.ana, None, input(Some("2026-03-10"), Some("2026-03-05"))),
            Kind::Invalid,
        ),
        (
            f.add(&f.ana, None, input(None, Some("2026-03-01"))),
            Kind::Invalid,
        ),
        (
            f.add(&f.ana, None, input(Some("2026-02-30"), None)),
            Kind::Invalid,
        ),
        (
            f.add(
                &f.ana,
                None,
                EntryInput {
                    time: Some("14:00-10:00"),
                    ..EntryInput::default()
                },
            ),
            Kind::Invalid,
        ),
        (
            f.add(
                &f.ana,
                None,
                EntryInput {
                    note: Some("hola\u{202E}"),
                    ..EntryInput::default()
                },
            ),
            Kind::Invalid,
        ),
    ];
    for (i, (got, want)) in cases.into_iter().enumerate() {
        assert_eq!(kind(got.unwrap_err()), want, "case {i}");
    }
    assert_eq!(f.count(), 0);
    let unknown = PatientId::from_string("019caed9-0000-7000-8000-000000000000");
    assert_eq!(
        kind(f.add(&unknown, None, EntryInput::default()).unwrap_err()),
        Kind::NotFound
    );
    assert_eq!(f.count(), 0);
}

#[test]
fn one_open_entry_per_patient_and_specialty() {
    let f = fx();
    let first = f.add(&f.ana, None, EntryInput::default()).unwrap();
    assert_eq!(first.state, State::Waiting);
    let again = f.add(&f.ana, Some(&f.rosa), EntryInput::default()).unwrap_err();
    assert!(matches!(&again, WaitlistError::Duplicate { existing, .. } if *existing == first.id));
    assert_eq!(kind(again), Kind::Conflict);
    // Once removed, the patient may wait again.
    f.conn
        .write(|tx| remove(tx, &first.id, Some("ya no"), None, now()))
        .unwrap();
    f.add(&f.ana, Some(&f.rosa), EntryInput::default()).unwrap();
    assert_eq!(f.count(), 2);
}

#[test]
fn matching_respects_doctor_window_and_time_of_day_longest_waiting_first() {
    let f = fx();
    let morning = f
        .add(
            &f.ana,
            None,
            EntryInput {
                time: Some("mañana"),
                from: Some("2026-03-03"),
                to: Some("2026-03-06"),
                ..EntryInput::default()
            },
        )
        .unwrap();
    let jorge_only = f.add(&f.luis, Some(&f.jorge), EntryInput::default()).unwrap();
    let rosa_10 = f.slot(&f.rosa, "2026-03-03 10:00");
    let jorge_15 = f.slot(&f.jorge, "2026-03-04 15:00");
    assert_eq!(morning.mismatch(&rosa_10), None);
    assert_eq!(morning.mismatch(&jorge_15), Some(Mismatch::TimeOfDay));
    assert_eq!(
        morning.mismatch(&f.slot(&f.rosa, "2026-03-09 10:00")),
        Some(Mismatch::Window)
    );
    assert!(matches!(
        jorge_only.mismatch(&rosa_10),
        Some(Mismatch::Doctor { .. })
    ));

    let both = waiting_for(&f.conn, &[jorge_15.clone(), rosa_10.clone()], None, now()).unwrap();
    let got: Vec<(&str, &str)> = both
        .iter()
        .map(|m| (m.entry.patient_name.as_str(), m.slot.start.hm()))
        .map(|(n, t)| (n, if t == "10:00" { "10:00" } else { "15:00" }))
        .collect();
    assert_eq!(got, [("Ana Prueba", "10:00"), ("Luis Prueba", "15:00")]);
    // The patient who gave the slot up is not offered it back.
    assert!(
        waiting_for(&f.conn, &[rosa_10], Some(&f.ana), now())
            .unwrap()
            .is_empty()
    );
}

#[test]
fn an_offered_slot_is_offered_once_and_booking_takes_the_entry_off() {
    let f = fx();
    let ana = f.add(&f.ana, None, EntryInput::default()).unwrap();
    let luis = f.add(&f.luis, None, EntryInput::default()).unwrap();
    let slot = f.slot(&f.rosa, "2026-03-03 10:00");
    let offered = f.conn.write(|tx| offer(tx, &ana.id, &slot, None, now())).unwrap();
    assert_eq!(offered.state, State::Offered);
    assert_eq!(offered.offered_start, Some(slot.start));
    // The same slot to another patient: refused; the same entry again: refused.
    let twice = f
        .conn
        .write(|tx| offer(tx, &luis.id, &slot, None, now()))
        .unwrap_err();
    assert!(matches!(twice, WaitlistError::SlotOffered { other: Some(ref o), .. } if *o == ana.id));
    let again = f
        .conn
        .write(|tx| offer(tx, &ana.id, &slot, None, now()))
        .unwrap_err();
    assert!(matches!(again, WaitlistError::AlreadyOffered { .. }));
    // Nobody else is shown the offered slot.
    assert!(
        waiting_for(&f.conn, std::slice::from_ref(&slot), None, now())
            .unwrap()
            .is_empty()
    );
    // The database refuses it too, whatever the code above checked.
    let raw = f.conn.write(|tx| {
        tx.execute(
            "UPDATE waitlist_entries SET state = 'offered', offered_doctor_id = $1, offered_start = $2 WHERE id = $3",
            crate::params![slot.doctor_id, slot.start, luis.id],
        )
    });
    assert!(
        raw.unwrap_err()
            .is_unique_on("waitlist_entries.offered_doctor_id")
    );
    // Declined: Luis may have it.
    f.conn.write(|tx| decline(tx, &ana.id, None, now())).unwrap();
    f.conn
        .write(|tx| offer(tx, &luis.id, &slot, None, now()))
        .unwrap();

    // Ana books by other means: her entry leaves the list with that appointment.
    let req = BookingRequest::new(&f.ana, &f.rosa, "2026-03-04 09:00", None, None).unwrap();
    let (appt, left) = f
        .conn
        .write(|tx| {
            let a = appointments::book(tx, &req, None, now())?;
            let left = left_by_booking(tx, &a, None, now())?;
            Ok::<_, AppError>((a, left))
        })
        .unwrap();
    assert_eq!(left.len(), 1);
    assert_eq!(left[0].state, State::Booked);
    assert_eq!(left[0].appointment_id.as_ref(), Some(&appt.id));
    let closed = f
        .conn
        .write(|tx| remove(tx, &ana.id, None, None, now()))
        .unwrap_err();
    assert!(matches!(
        closed,
        WaitlistError::Closed {
            state: State::Booked,
            ..
        }
    ));
}

#[test]
fn an_entry_expires_at_the_end_of_its_window_at_read_and_on_write() {
    let f = fx();
    let e = f
        .add(
            &f.ana,
            None,
            EntryInput {
                to: Some("2026-03-04"),
                ..EntryInput::default()
            },
        )
        .unwrap();
    assert_eq!(get(&f.conn, &e.id, days_later(2)).unwrap().state, State::Waiting);
    // Read after the window: expired, before anything was written.
    assert_eq!(get(&f.conn, &e.id, days_later(3)).unwrap().state, State::Expired);
    let stored: String = f
        .conn
        .query_one("SELECT state FROM waitlist_entries", [])
        .unwrap();
    assert_eq!(stored, "waiting");
    assert!(
        list(&f.conn, &ListFilter::default(), days_later(3))
            .unwrap()
            .is_empty()
    );
    // The next write says so, and the patient may wait again.
    let expired = f.conn.write(|tx| expire_due(tx, days_later(3))).unwrap();
    assert_eq!(expired, std::slice::from_ref(&e.id));
    let new = NewEntry::new(&f.ana, Some(&f.general), None, &EntryInput::default()).unwrap();
    f.conn.write(|tx| add(tx, &new, None, days_later(3))).unwrap();
}

#[test]
fn an_offer_holds_its_slot_against_other_bookings_until_it_lapses() {
    let f = fx();
    let ana = f.add(&f.ana, None, EntryInput::default()).unwrap();
    let slot = f.slot(&f.rosa, "2026-03-03 10:00");
    f.conn.write(|tx| offer(tx, &ana.id, &slot, None, now())).unwrap();
    let book = |patient: &PatientId, at: DateTime<Utc>| {
        let req = BookingRequest::new(patient, &f.rosa, "2026-03-03 10:00", None, None).unwrap();
        crate::flows::desk::book(&f.conn, &req, None, at)
    };
    let appointments = || -> i64 {
        f.conn
            .query_one("SELECT count(*) FROM appointment_appointments", [])
            .unwrap()
    };

    // Luis at another desk, while the offer holds: refused (a conflict naming Ana's entry),
    // nothing written.
    let hold = catalog::settings::Settings::default().offer_hold_hours;
    let held = now() + chrono::Duration::minutes(hold * 60 - 1);
    let refused = AppError::from(book(&f.luis, held).unwrap_err());
    assert_eq!(refused.kind, Kind::Conflict);
    assert!(
        refused.detail.en.contains(&ana.id.to_string()),
        "{}",
        refused.detail.en
    );
    assert_eq!(appointments(), 0);
    assert_eq!(get(&f.conn, &ana.id, held).unwrap().state, State::Offered);

    // Once the hold is over the entry reads as waiting again, with no slot, before anything is
    // written; the next booking writes the lapse (in the trail) and takes the slot.
    let later = now() + chrono::Duration::minutes(hold * 60 + 1);
    let read = get(&f.conn, &ana.id, later).unwrap();
    assert_eq!((read.state, read.offered_start), (State::Waiting, None));
    let stored: String = f
        .conn
        .query_one("SELECT state FROM waitlist_entries", [])
        .unwrap();
    assert_eq!(stored, "offered");
    assert!(
        !waiting_for(&f.conn, std::slice::from_ref(&slot), None, later)
            .unwrap()
            .is_empty()
    );
    book(&f.luis, later).unwrap();
    let stored: String = f
        .conn
        .query_one("SELECT state FROM waitlist_entries", [])
        .unwrap();
    assert_eq!(stored, "waiting");
    let lapses: i64 = f
        .conn
        .query_one(
            "SELECT count(*) FROM audit_events WHERE action = 'offer_lapsed'",
            [],
        )
        .unwrap();
    assert_eq!(lapses, 1);
}

#[test]
fn the_offered_patient_may_take_the_held_slot_by_an_ordinary_booking() {
    let f = fx();
    let ana = f.add(&f.ana, None, EntryInput::default()).unwrap();
    let slot = f.slot(&f.rosa, "2026-03-03 10:00");
    f.conn.write(|tx| offer(tx, &ana.id, &slot, None, now())).unwrap();
    let req = BookingRequest::new(&f.ana, &f.rosa, "2026-03-03 10:00", None, None).unwrap();
    let (appt, left) = crate::flows::desk::book_leaving_waitlist(&f.conn, &req, None, now()).unwrap();
    assert_eq!(left.len(), 1);
    assert_eq!(left[0].appointment_id.as_ref(), Some(&appt.id));
}

#[test]
fn slot_searches_leave_out_a_slot_held_for_another_patient() {
    let f = fx();
    let ana = f.add(&f.ana, None, EntryInput::default()).unwrap();
    let tz = catalog::settings::load(&f.conn).unwrap().time_zone;
    let search = crate::domain::appointments::SlotSearch {
        doctor_id: Some(f.rosa.clone()),
        specialty_id: None,
        from: Some(now().date_naive().succ_opt().unwrap()),
        days: 1,
        limit: 1,
    };
    let first = |patient: Option<&PatientId>, at: DateTime<Utc>| {
        crate::flows::desk::free_slots(&f.conn, &search, patient, None, at, tz).unwrap()[0]
            .start
            .to_string()
    };
    assert_eq!(first(None, now()), "2026-03-03 08:00");
    let slot = f.slot(&f.rosa, "2026-03-03 08:00");
    f.conn.write(|tx| offer(tx, &ana.id, &slot, None, now())).unwrap();
    // Held for Ana: anyone else's search starts at the next one, with the limit still filled.
    assert_eq!(first(None, now()), "2026-03-03 08:15");
    assert_eq!(first(Some(&f.luis), now()), "2026-03-03 08:15");
    assert_eq!(first(Some(&f.ana), now()), "2026-03-03 08:00");
    // Once the offer lapses, it is free for everyone again.
    let hold = catalog::settings::Settings::default().offer_hold_hours;
    let later = now() + chrono::Duration::hours(hold) + chrono::Duration::minutes(1);
    assert_eq!(first(Some(&f.luis), later), "2026-03-03 08:00");
}

/// A clinic that calls its patients back the next day holds offers longer
/// (`offer_hold_hours`): the hold, the refusal's hint and the lapse all follow the setting.
#[test]
fn an_offer_holds_as_long_as_the_clinic_set() {
    let f = fx();
    f.conn
        .write(|tx| catalog::settings::set(tx, "offer_hold_hours", "24", None, now()))
        .unwrap();
    let ana = f.add(&f.ana, None, EntryInput::default()).unwrap();
    let slot = f.slot(&f.rosa, "2026-03-03 10:00");
    f.conn.write(|tx| offer(tx, &ana.id, &slot, None, now())).unwrap();
    let book = |at: DateTime<Utc>| {
        let req = BookingRequest::new(&f.luis, &f.rosa, "2026-03-03 10:00", None, None).unwrap();
        crate::flows::desk::book(&f.conn, &req, None, at)
    };
    // Past the default two hours, still held: refused, and the error says for how long.
    let refused = AppError::from(book(now() + chrono::Duration::hours(3)).unwrap_err());
    match refused.cause.as_deref() {
        Some(crate::error::Cause::Waitlist(WaitlistError::SlotOffered { hold_hours, .. })) => {
            assert_eq!(*hold_hours, 24)
        }
        other => panic!("{other:?}"),
    }
    let held = now() + chrono::Duration::hours(23);
    assert_eq!(get(&f.conn, &ana.id, held).unwrap().state, State::Offered);
    // A day and a minute later it has lapsed.
    let later = now() + chrono::Duration::hours(24) + chrono::Duration::minutes(1);
    assert_eq!(get(&f.conn, &ana.id, later).unwrap().state, State::Waiting);
    book(later).unwrap();
}
