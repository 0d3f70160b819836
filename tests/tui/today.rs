//! Today: the day's agenda, its filter and the actions on an appointment.

use crate::harness::*;

/// The Today filter also takes the status word on screen, to find who has not paid yet.
#[test]
fn the_today_filter_matches_the_status_word() {
    for (lang, word, dni) in [
        (Lang::Es, "reserv", "10203040"),
        (Lang::Es, "pagada", "45678912"),
        (Lang::En, "booked", "10203040"),
        (Lang::En, "paid", "45678912"),
    ] {
        let mut app = today_with_two(lang);
        press(&mut app, KeyCode::Char('/'));
        type_text(&mut app, word);
        let t = today_screen(&app);
        let shown: Vec<&str> = t
            .visible()
            .into_iter()
            .map(|i| t.appointments[i].patient_dni.as_str())
            .collect();
        assert_eq!(shown, [dni], "{word}");
    }
}

/// Found by filtering, then the filter cleared: the same appointment stays selected, so the
/// next key acts on the patient the desk just looked for.
#[test]
fn clearing_the_today_filter_keeps_the_appointment_found() {
    for leave in [vec![KeyCode::Esc], vec![KeyCode::Enter, KeyCode::Esc]] {
        let mut app = today_with_two(Lang::Es);
        select(&mut app, "45678912");
        press(&mut app, KeyCode::Char('/'));
        type_text(&mut app, "peña");
        let found = today_screen(&app)
            .selected_appointment()
            .unwrap()
            .patient_dni
            .clone();
        assert_eq!(found, "10203040");
        for k in &leave {
            press(&mut app, *k);
        }
        let t = today_screen(&app);
        assert!(t.filter.is_empty(), "{leave:?}");
        assert_eq!(
            t.selected_appointment().unwrap().patient_dni,
            "10203040",
            "{leave:?}"
        );
    }
}

/// A long day scrolled down: the first row on screen still says whose agenda it is.
#[test]
fn a_scrolled_agenda_names_the_doctor_on_its_first_row() {
    let mut app = logged_in(Lang::Es);
    let ana = patients::resolve_patient(&app.desk.conn, "45678912").unwrap();
    let doctor = saludya::domain::catalog::resolve_doctor(&app.desk.conn, "jorge mendoza").unwrap();
    let search = appointments::SlotSearch {
        doctor_id: Some(doctor.id.clone()),
        specialty_id: None,
        from: None,
        days: 1,
        limit: 20,
    };
    let slots =
        appointments::find_slots(&app.desk.conn, &search, now(), app.desk.settings.time_zone).unwrap();
    assert_eq!(slots.len(), 20);
    for slot in &slots {
        let req = BookingRequest::new(&ana.id, &doctor.id, &slot.start, None, None).unwrap();
        saludya::db::write(&mut app.desk.conn, |tx| appointments::book(tx, &req, None, now())).unwrap();
    }
    press(&mut app, KeyCode::F(2));
    for _ in 0..19 {
        press(&mut app, KeyCode::Down);
    }
    let shown = screen(&app, 80, 24);
    let lines: Vec<&str> = shown.lines().collect();
    let header = lines.iter().position(|l| l.contains("Hora  Médico")).unwrap();
    let first_row = lines[header + 1];
    assert!(!first_row.contains(&slots[0].start[11..]), "scrolled: {shown}");
    assert!(first_row.contains("Jorge"), "{shown}");
}

#[test]
fn today_shows_the_agenda_with_statuses_and_counts() {
    let app = today_with_two(Lang::Es);
    let shown = screen(&app, 80, 24);
    assert!(
        shown.contains("○ 1 reservada") && shown.contains("● 1 pagada"),
        "{shown}"
    );
    insta::assert_snapshot!("today_80x24", shown);
    insta::assert_snapshot!("today_120x40", screen(&app, 120, 40));
}

#[test]
fn today_acts_on_the_selected_appointment() {
    let mut app = today_with_two(Lang::En);
    select(&mut app, "45678912");
    press(&mut app, KeyCode::Char('i'));
    assert_eq!(status_of(&app, "45678912"), Status::CheckedIn);
    press(&mut app, KeyCode::Char('c'));
    assert_eq!(status_of(&app, "45678912"), Status::Completed);
    press(&mut app, KeyCode::Char('x'));
    assert!(
        app.desk
            .flash
            .as_ref()
            .unwrap()
            .text
            .contains("cannot be cancelled")
    );
    // Moving between days and back.
    press(&mut app, KeyCode::Right);
    assert_eq!(today_screen(&app).appointments.len(), 0);
    press(&mut app, KeyCode::Char('t'));
    assert_eq!(today_screen(&app).appointments.len(), 2);
}

#[test]
fn a_status_change_the_rules_refuse_is_explained() {
    let mut app = today_with_two(Lang::En);
    select(&mut app, "10203040");
    press(&mut app, KeyCode::Char('c')); // complete before checking in
    let flash = app.desk.flash.clone().unwrap();
    assert!(flash.error, "{flash:?}");
    assert_eq!(status_of(&app, "10203040"), Status::Booked);
}

#[test]
fn cancelling_asks_who_and_why_then_confirms_and_refunds_a_paid_one() {
    let mut app = today_with_two(Lang::Es);
    select(&mut app, "45678912");
    press(&mut app, KeyCode::Char('x'));
    press(&mut app, KeyCode::Enter);
    assert!(
        screen(&app, 80, 24).contains("Escriba el motivo"),
        "a reason is required"
    );
    press(&mut app, KeyCode::Tab); // by the clinic
    type_text(&mut app, "el médico tuvo una emergencia");
    press(&mut app, KeyCode::Enter);
    insta::assert_snapshot!("today_cancel_confirm_80x24", screen(&app, 80, 24));
    press(&mut app, KeyCode::Char('n'));
    assert_eq!(status_of(&app, "45678912"), Status::Confirmed, "not yet");
    press(&mut app, KeyCode::Enter);
    press(&mut app, KeyCode::Char('s'));
    assert_eq!(status_of(&app, "45678912"), Status::Cancelled);
    assert!(
        app.desk.flash.as_ref().unwrap().text.contains("devolución"),
        "{:?}",
        app.desk.flash
    );
    let appt = today_screen(&app)
        .appointments
        .iter()
        .find(|a| a.patient_dni == "45678912")
        .unwrap();
    assert_eq!(appt.cancelled_by.as_deref(), Some("clinic"));
}

#[test]
fn reschedule_moves_the_appointment_to_a_free_slot_of_its_doctor() {
    let mut app = today_with_two(Lang::Es);
    select(&mut app, "10203040");
    let before = today_screen(&app).selected_appointment().unwrap().clone();
    press(&mut app, KeyCode::Char('r'));
    assert_eq!(booking_screen(&app).step, Step::Slots);
    press(&mut app, KeyCode::PageDown); // the next day
    press(&mut app, KeyCode::Enter);
    press(&mut app, KeyCode::Enter);
    assert!(matches!(app.screen(), Screen::Today(_)), "{:?}", app.desk.flash);
    let after = appointments::get_appointment(&app.desk.conn, &before.id).unwrap();
    assert_eq!(after.doctor_id, before.doctor_id);
    assert!(after.start > before.start, "{} → {}", before.start, after.start);
    assert_ne!(after.start.get(..10), before.start.get(..10));
}

#[test]
fn payment_can_be_taken_later_from_today() {
    let mut app = today_with_two(Lang::Es);
    select(&mut app, "10203040");
    press(&mut app, KeyCode::Char('p'));
    press(&mut app, KeyCode::Enter);
    press(&mut app, KeyCode::Enter);
    press(&mut app, KeyCode::Esc);
    assert_eq!(status_of(&app, "10203040"), Status::Confirmed);
    press(&mut app, KeyCode::Char('p'));
    let flash = app.desk.flash.as_ref().unwrap();
    assert!(
        flash.text.contains("ya está pagada") && flash.warning,
        "{flash:?}"
    );
    assert!(screen(&app, 80, 24).contains("⚠ Esa cita ya está pagada"));
}
