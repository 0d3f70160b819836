//! Booking: specialty, doctors, slots, confirmation, conflicts with other desks.

use crate::harness::*;

#[test]
fn the_earliest_slot_of_the_specialty_is_one_key_away() {
    let mut app = at_cardiology(Lang::Es);
    let expected = booking_screen(&app).specialty_slots[0].clone();
    assert!(
        booking_screen(&app)
            .specialty_slots
            .iter()
            .all(|s| s.start >= expected.start),
        "earliest first"
    );
    press(&mut app, KeyCode::Enter);
    let b = booking_screen(&app);
    assert_eq!(b.step, Step::Confirm);
    assert_eq!(b.chosen.as_ref().unwrap().start, expected.start);
    insta::assert_snapshot!("booking_confirm_80x24", screen(&app, 80, 24));
    press(&mut app, KeyCode::Enter);
    let booked = appointments::list_appointments(&app.desk.conn, &AppointmentFilter::default()).unwrap();
    assert_eq!(booked.len(), 1);
    assert_eq!(booked[0].start, expected.start);
    assert_eq!(booked[0].patient_dni, "45678912");
    assert_eq!(booked[0].status, Status::Booked);
}

/// Ana already holds an appointment (with a doctor of another specialty) at cardiology's
/// earliest time. `e`, "next free" and the slot grid offer her only times she can take, and
/// confirming books.
#[test]
fn the_earliest_slot_offered_is_one_the_patient_can_take() {
    // At cardiology; then Ana's other appointment is booked and the screen re-reads.
    let busy_ana = || {
        let mut app = at_cardiology(Lang::Es);
        let earliest = booking_screen(&app).specialty_slots[0].clone();
        let ana = app.desk.patient.clone().unwrap();
        let other = elsewhere_at(&app, &earliest.start);
        let req = BookingRequest::new(&ana.id, &other, &earliest.start.to_string(), None, None).unwrap();
        let held =
            saludya::db::write_typed(&app.desk.conn, |tx| appointments::book(tx, &req, None, now())).unwrap();
        advance(&mut app, saludya::tui::app::REFRESH_EVERY);
        app.update(Action::Tick);
        (app, earliest, held)
    };
    let (mut app, earliest, held) = busy_ana();
    let b = booking_screen(&app);
    assert!(
        !b.specialty_slots
            .iter()
            .any(|s| s.start < held.end && s.end > held.start),
        "nothing overlapping {held:?}"
    );
    let row = b
        .doctors
        .iter()
        .find(|r| r.doctor.id == earliest.doctor_id)
        .unwrap();
    assert_ne!(
        row.next.as_ref().unwrap().start,
        earliest.start,
        "next free skips her busy time"
    );
    press(&mut app, KeyCode::Enter);
    let b = booking_screen(&app);
    assert_eq!(b.step, Step::Confirm, "{:?} {:?}", b.conflict, app.desk.flash);
    let chosen = b.chosen.clone().unwrap();
    assert_ne!(chosen.start, earliest.start);
    press(&mut app, KeyCode::Enter);
    assert!(
        app.desk.flash.as_ref().unwrap().kind != FlashKind::Error,
        "{:?}",
        app.desk.flash
    );
    let hers = appointments::list_appointments(&app.desk.conn, &AppointmentFilter::default()).unwrap();
    assert_eq!(hers.len(), 2);
    assert!(
        hers.iter()
            .any(|a| a.start == chosen.start && a.doctor_id == chosen.doctor_id)
    );
    // The cardiologist's slot grid does not show her busy time either.
    let (mut app, earliest, _) = busy_ana();
    let i = booking_screen(&app)
        .doctors
        .iter()
        .position(|r| r.doctor.id == earliest.doctor_id)
        .unwrap();
    for _ in 0..i {
        press(&mut app, KeyCode::Down);
    }
    press(&mut app, KeyCode::Down); // past the earliest-slot row
    press(&mut app, KeyCode::Enter);
    let b = booking_screen(&app);
    assert_eq!(b.step, Step::Slots);
    assert!(!b.slots.is_empty());
    assert!(!b.slots.iter().any(|s| s.start == earliest.start));
}

/// Slots can be browsed without a patient (a phone inquiry), but the confirmation says what is
/// missing and Enter books nothing.
#[test]
fn without_a_patient_the_confirmation_asks_for_one_first() {
    let mut app = logged_in(Lang::Es);
    press(&mut app, KeyCode::F(5));
    press(&mut app, KeyCode::Enter); // the first specialty
    press(&mut app, KeyCode::Enter); // its earliest free slot
    assert_eq!(booking_screen(&app).step, Step::Confirm);
    let shown = screen(&app, 80, 24);
    assert!(shown.contains("⚠ Elija primero al paciente"), "{shown}");
    assert!(!shown.contains("Enter confirmar   Esc"), "{shown}");
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.desk.flash.as_ref().unwrap().kind, FlashKind::Warning);
    let booked = appointments::list_appointments(&app.desk.conn, &AppointmentFilter::default()).unwrap();
    assert!(booked.is_empty());
}

#[test]
fn booking_screens() {
    let mut app = at_cardiology(Lang::Es);
    insta::assert_snapshot!("booking_doctors_80x24", screen(&app, 80, 24));
    insta::assert_snapshot!("booking_doctors_120x40", screen(&app, 120, 40));
    press(&mut app, KeyCode::Down); // the first doctor (below the earliest-slot row)
    press(&mut app, KeyCode::Enter);
    insta::assert_snapshot!("booking_slots_120x40", screen(&app, 120, 40));
}

#[test]
fn a_slot_another_desk_took_is_explained_and_no_longer_offered() {
    let mut app = at_cardiology(Lang::En);
    press(&mut app, KeyCode::Down); // the first doctor (below the earliest-slot row)
    press(&mut app, KeyCode::Enter); // the first doctor's slots
    press(&mut app, KeyCode::Enter); // the first slot
    let slot = booking_screen(&app).chosen.clone().unwrap();
    let position = booking_screen(&app).slot_sel;
    other_desk_books(&mut app, &slot.doctor_id, &slot.start);
    press(&mut app, KeyCode::Enter); // confirm: too late
    let b = booking_screen(&app);
    assert_eq!(b.step, Step::Slots, "back to the list");
    // The cursor stays where the refused slot was, and the message says which slot that is
    // now: a quick second Enter is not a surprise.
    assert_eq!(b.slot_sel, position);
    let now_on = b.slots[b.slot_sel].start.hm();
    let said = b.conflict.clone().unwrap();
    assert!(said.contains("Selected now:") && said.contains(&now_on), "{said}");
    assert!(
        b.conflict.as_ref().unwrap().contains("already booked"),
        "{:?}",
        b.conflict
    );
    assert!(
        !b.slots.iter().any(|s| s.start == slot.start),
        "the taken slot is gone"
    );
    let mine = appointments::list_appointments(
        &app.desk.conn,
        &AppointmentFilter {
            status: Some(Status::Booked),
            ..AppointmentFilter::default()
        },
    )
    .unwrap();
    assert_eq!(mine.len(), 1, "only the other desk's booking");
    assert!(screen(&app, 80, 24).contains("The list is up to date"));
}

/// While the confirmation is open, another desk books the same patient elsewhere at that time:
/// the re-check says the patient is busy then (not that the slot was taken).
#[test]
fn a_recheck_says_when_the_patient_became_busy_then() {
    let mut app = at_cardiology(Lang::En);
    press(&mut app, KeyCode::Down); // the first doctor (below the earliest-slot row)
    press(&mut app, KeyCode::Enter);
    press(&mut app, KeyCode::Enter);
    let slot = booking_screen(&app).chosen.clone().unwrap();
    let ana = app.desk.patient.clone().unwrap();
    let other = elsewhere_at(&app, &slot.start);
    let req = BookingRequest::new(&ana.id, &other, &slot.start.to_string(), None, None).unwrap();
    saludya::db::write_typed(&app.desk.conn, |tx| appointments::book(tx, &req, None, now())).unwrap();
    advance(&mut app, saludya::tui::app::REFRESH_EVERY);
    app.update(Action::Tick);
    let b = booking_screen(&app);
    assert_eq!(b.step, Step::Slots);
    let said = b.conflict.clone().unwrap();
    assert!(said.contains("The patient now has another appointment"), "{said}");
    assert!(!b.slots.iter().any(|s| s.start == slot.start));
}

#[test]
fn the_slot_list_refreshes_while_it_is_open() {
    let mut app = at_cardiology(Lang::Es);
    press(&mut app, KeyCode::Down); // the first doctor (below the earliest-slot row)
    press(&mut app, KeyCode::Enter);
    let first = booking_screen(&app).slots[0].clone();
    other_desk_books(&mut app, &first.doctor_id, &first.start);
    assert_eq!(
        booking_screen(&app).slots[0].start,
        first.start,
        "not yet re-read"
    );
    advance(&mut app, saludya::tui::app::REFRESH_EVERY);
    app.update(Action::Tick);
    assert_ne!(
        booking_screen(&app).slots[0].start,
        first.start,
        "re-read on the tick"
    );
}

#[test]
fn confirming_re_checks_the_slot_first() {
    let mut app = at_cardiology(Lang::Es);
    let earliest = booking_screen(&app).specialty_slots[0].clone();
    other_desk_books(&mut app, &earliest.doctor_id, &earliest.start);
    // The list on screen is stale; `e` re-checks before showing the confirmation.
    press(&mut app, KeyCode::Enter);
    let b = booking_screen(&app);
    assert_ne!(b.step, Step::Confirm);
    assert!(b.conflict.is_some());
}

/// After an emergency orientation, F5 still lets the desk book (the patient may insist), but
/// the confirmation shows the emergency and asks a second time with "no" preselected; a
/// booking made anyway records the override. Enter twice books nothing.
#[test]
fn after_an_emergency_booking_shows_it_and_asks_twice_and_records_the_override() {
    let mut app = orienting(Lang::Es, "10203040");
    type_text(
        &mut app,
        "dolor de pecho muy fuerte con sudoración y falta de aire",
    );
    press(&mut app, KeyCode::Enter);
    let query = orientation_screen(&app).query_id.clone().unwrap();
    press(&mut app, KeyCode::F(5));
    type_text(&mut app, "cardio");
    press(&mut app, KeyCode::Enter);
    press(&mut app, KeyCode::Enter); // the earliest slot
    assert_eq!(booking_screen(&app).step, Step::Confirm);
    let shown = screen(&app, 80, 24);
    assert!(shown.contains("EMERGENCIA"), "{shown}");
    press(&mut app, KeyCode::Enter);
    let shown = screen(&app, 80, 24);
    assert!(shown.contains("¿Reservar de todos modos?"), "{shown}");
    insta::assert_snapshot!("booking_emergency_override_80x24", shown);
    press(&mut app, KeyCode::Enter); // "no" is preselected
    assert_ne!(booking_screen(&app).step, Step::Confirm);
    let booked = || appointments::list_appointments(&app.desk.conn, &AppointmentFilter::default()).unwrap();
    assert!(booked().is_empty(), "a double Enter books nothing");
    assert!(app.desk.flash.as_ref().unwrap().text.contains("No se reservó"));
    // Now deliberately: Enter, ↓ to "yes", Enter.
    press(&mut app, KeyCode::Enter);
    press(&mut app, KeyCode::Enter);
    press(&mut app, KeyCode::Down);
    press(&mut app, KeyCode::Enter);
    let all = appointments::list_appointments(&app.desk.conn, &AppointmentFilter::default()).unwrap();
    assert_eq!(all.len(), 1, "{:?}", app.desk.flash);
    let stored: Option<String> = app
        .desk
        .conn
        .query_row(
            "SELECT emergency_override FROM appointment_appointments WHERE id = $1",
            [&all[0].id],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(stored, Some(query), "the override is recorded");
}

/// Typing in the booking lists never acts: letters filter the specialties; on the doctors and
/// slots they do nothing (the earliest slot is the first row, taken with Enter).
#[test]
fn typing_in_booking_never_books() {
    let mut app = at_cardiology(Lang::Es);
    type_text(&mut app, "ejkbsy/");
    assert_eq!(booking_screen(&app).step, Step::Doctors);
    press(&mut app, KeyCode::Down);
    press(&mut app, KeyCode::Enter);
    type_text(&mut app, "ejkbsy");
    assert_eq!(booking_screen(&app).step, Step::Slots);
    press(&mut app, KeyCode::Enter);
    type_text(&mut app, "sy");
    assert_eq!(booking_screen(&app).step, Step::Confirm);
    let booked = appointments::list_appointments(&app.desk.conn, &AppointmentFilter::default()).unwrap();
    assert!(booked.is_empty());
}
