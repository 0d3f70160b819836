//! Today: the day's agenda, its filter and the actions on an appointment.

use crate::harness::*;
use saludya::tui::screens::today::{Act, Mode};

/// Opens the action menu of the selected appointment and chooses `act` in it (arrows and
/// Enter: the menu has no letter keys).
fn choose(app: &mut App, act: Act) {
    press(app, KeyCode::Enter);
    assert_eq!(today_screen(app).mode, Mode::Menu, "{:?}", app.desk.flash);
    let menu = today_screen(app).menu(&app.desk);
    let i = menu
        .iter()
        .position(|a| *a == act)
        .unwrap_or_else(|| panic!("{act:?} not in {menu:?}"));
    for _ in 0..i {
        press(app, KeyCode::Down);
    }
    press(app, KeyCode::Enter);
}

/// The menu's entries for the selected appointment, without opening it.
fn menu_of(app: &App) -> Vec<Act> {
    today_screen(app).menu(&app.desk)
}

/// The Today filter takes the status word in either language, to find who has not paid yet.
#[test]
fn the_today_filter_matches_the_status_word() {
    for (lang, word, dni) in [
        (Lang::Es, "reserv", "10203040"),
        (Lang::Es, "pagada", "45678912"),
        (Lang::Es, "paid", "45678912"),
        (Lang::En, "booked", "10203040"),
        (Lang::En, "paid", "45678912"),
        (Lang::En, "reservada", "10203040"),
    ] {
        let mut app = today_with_two(lang);
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

/// A filter that matches nothing says so (not "no appointments this day").
#[test]
fn a_filter_that_matches_nothing_says_so() {
    let mut app = today_with_two(Lang::Es);
    type_text(&mut app, "zzz");
    let shown = screen(&app, 80, 24);
    assert!(
        shown.contains("Ninguna cita de este día coincide con «zzz»"),
        "{shown}"
    );
    assert!(!shown.contains("No hay citas este día"), "{shown}");
    assert!(shown.contains("0 de 2 citas"), "{shown}");
}

/// Found by filtering, then the filter cleared: the same appointment stays selected, so the
/// next key acts on the patient the desk just looked for.
#[test]
fn clearing_the_today_filter_keeps_the_appointment_found() {
    for leave in [KeyCode::Esc, KeyCode::Char('u')] {
        let mut app = today_with_two(Lang::Es);
        select(&mut app, "45678912");
        type_text(&mut app, "peña");
        let found = today_screen(&app)
            .selected_appointment()
            .unwrap()
            .patient_dni
            .clone();
        assert_eq!(found, "10203040");
        match leave {
            KeyCode::Esc => press(&mut app, KeyCode::Esc),
            _ => ctrl(&mut app, 'u'),
        }
        let t = today_screen(&app);
        assert!(t.filter.is_empty(), "{leave:?}");
        if leave == KeyCode::Esc {
            assert_eq!(
                t.selected_appointment().unwrap().patient_dni,
                "10203040",
                "{leave:?}"
            );
        }
    }
}

/// The Today: typing a name (`luis`, `quispe`) checked in, completed and quit. Now
/// letters only ever go to the filter: nothing changes, nothing quits.
#[test]
fn typing_on_today_only_filters() {
    let mut app = today_with_two(Lang::Es);
    let before = (status_of(&app, "45678912"), status_of(&app, "10203040"));
    for text in ["luis quispe", "icnrxpqt/?sy", "PEÑA"] {
        type_text(&mut app, text);
        assert!(!app.quit, "{text}");
        assert_eq!(today_screen(&app).filter.value, text);
        assert_eq!(today_screen(&app).mode, Mode::List);
        assert_eq!(
            (status_of(&app, "45678912"), status_of(&app, "10203040")),
            before,
            "{text}"
        );
        ctrl(&mut app, 'u');
    }
}

/// A long day scrolled down: the first row on screen still says whose agenda it is (the
/// doctor is a column; grouped by doctor, the group's header stays on top).
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
        let req = BookingRequest::new(&ana.id, &doctor.id, &slot.start.to_string(), None, None).unwrap();
        saludya::db::write_typed(&app.desk.conn, |tx| appointments::book(tx, &req, None, now())).unwrap();
    }
    press(&mut app, KeyCode::F(2));
    press(&mut app, KeyCode::Home);
    for grouped in [false, true] {
        for _ in 0..19 {
            press(&mut app, KeyCode::Down);
        }
        let shown = screen(&app, 80, 24);
        let lines: Vec<&str> = shown.lines().collect();
        let header = lines.iter().position(|l| l.contains("Hora  Paciente")).unwrap();
        let first_row = lines[header + 1];
        assert!(!first_row.contains(&slots[0].start.hm()), "scrolled: {shown}");
        assert!(first_row.contains("Jorge"), "{shown}");
        if grouped {
            assert!(first_row.contains("── "), "the group's header: {shown}");
        } else {
            press(&mut app, KeyCode::Home);
            ctrl(&mut app, 'g');
        }
    }
}

/// One time-ordered list by default (who comes next), the doctor as a column; Ctrl-G groups
/// by doctor under visible headers; Home/End jump to the first/last row.
#[test]
fn the_agenda_is_in_time_order_and_can_be_grouped_by_doctor() {
    let mut app = logged_in(Lang::Es);
    let (ana, jose) = (
        patients::resolve_patient(&app.desk.conn, "45678912").unwrap(),
        patients::resolve_patient(&app.desk.conn, "10203040").unwrap(),
    );
    // Two doctors whose names sort against their times: Rosa Quispe (08:00–13:00) and Jorge
    // Mendoza (14:00–20:00), booked Rosa 11:00, Jorge 15:00, Rosa 12:00.
    let doctor = |name: &str| saludya::domain::catalog::resolve_doctor(&app.desk.conn, name).unwrap();
    let (rosa, jorge) = (doctor("rosa quispe"), doctor("jorge mendoza"));
    for (p, d, at) in [
        (&ana, &rosa, "2026-03-02 11:00"),
        (&jose, &jorge, "2026-03-02 15:00"),
        (&jose, &rosa, "2026-03-02 12:00"),
    ] {
        let req = BookingRequest::new(&p.id, &d.id, at, None, None).unwrap();
        saludya::db::write_typed(&app.desk.conn, |tx| appointments::book(tx, &req, None, now())).unwrap();
    }
    press(&mut app, KeyCode::F(2));
    let order = |app: &App| -> Vec<String> {
        let t = today_screen(app);
        t.visible()
            .into_iter()
            .map(|i| t.appointments[i].start.hm())
            .collect()
    };
    assert_eq!(order(&app), ["11:00", "12:00", "15:00"], "time order");
    let shown = screen(&app, 100, 30);
    assert!(shown.contains("Médico"), "the doctor is a column:\n{shown}");
    insta::assert_snapshot!("today_time_order_100x30", shown);
    press(&mut app, KeyCode::End);
    assert_eq!(
        today_screen(&app).selected_appointment().unwrap().start,
        "2026-03-02 15:00"
    );
    ctrl(&mut app, 'g');
    assert_eq!(
        order(&app),
        ["15:00", "11:00", "12:00"],
        "Jorge's group, then Rosa's"
    );
    assert_eq!(
        today_screen(&app).selected_appointment().unwrap().start,
        "2026-03-02 15:00",
        "the same appointment stays selected"
    );
    let shown = screen(&app, 100, 30);
    assert!(shown.contains("── Jorge Luis Mendoza Salazar (1)"), "{shown}");
    assert!(shown.contains("── Rosa Elena Quispe Huamán (2)"), "{shown}");
    insta::assert_snapshot!("today_grouped_100x30", shown);
    press(&mut app, KeyCode::Home);
    assert_eq!(
        today_screen(&app).selected_appointment().unwrap().start,
        "2026-03-02 15:00"
    );
    press(&mut app, KeyCode::End);
    assert_eq!(
        today_screen(&app).selected_appointment().unwrap().start,
        "2026-03-02 12:00"
    );
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

/// Each state change asks first, naming the patient and the time; Enter confirms, Esc
/// cancels, and no letter answers.
#[test]
fn every_status_change_asks_naming_the_patient_and_the_time() {
    let mut app = today_with_two(Lang::En);
    select(&mut app, "45678912");
    let start = today_screen(&app).selected_appointment().unwrap().start;
    choose(&mut app, Act::CheckIn);
    assert_eq!(today_screen(&app).mode, Mode::Confirm(Act::CheckIn));
    let shown = screen(&app, 80, 24);
    assert!(shown.contains("Record this patient's arrival?"), "{shown}");
    assert!(shown.contains("Ana María García Pérez"), "{shown}");
    assert!(shown.contains(&start.hm()), "the time: {shown}");
    assert!(shown.contains("Enter = yes · Esc = no"), "{shown}");
    insta::assert_snapshot!("today_confirm_check_in_80x24", shown);
    type_text(&mut app, "sy");
    assert_eq!(
        status_of(&app, "45678912"),
        Status::Confirmed,
        "letters do not answer"
    );
    press(&mut app, KeyCode::Esc);
    assert_eq!(today_screen(&app).mode, Mode::List);
    assert_eq!(status_of(&app, "45678912"), Status::Confirmed, "Esc cancels");
    choose(&mut app, Act::CheckIn);
    press(&mut app, KeyCode::Enter);
    assert_eq!(status_of(&app, "45678912"), Status::CheckedIn);
}

#[test]
fn today_acts_on_the_selected_appointment() {
    let mut app = today_with_two(Lang::En);
    select(&mut app, "45678912");
    choose(&mut app, Act::CheckIn);
    press(&mut app, KeyCode::Enter);
    assert_eq!(status_of(&app, "45678912"), Status::CheckedIn);
    assert!(screen(&app, 80, 24).contains("▶ arrived / waiting"));
    assert_eq!(menu_of(&app), [Act::Undo, Act::Complete]);
    choose(&mut app, Act::Complete);
    press(&mut app, KeyCode::Enter);
    assert_eq!(status_of(&app, "45678912"), Status::Completed);
    assert_eq!(menu_of(&app), [Act::Undo], "only the undo is left");
    // Moving between days and back.
    press(&mut app, KeyCode::Right);
    assert_eq!(today_screen(&app).appointments.len(), 0);
    assert!(screen(&app, 80, 24).contains("No appointments on this day"));
    ctrl(&mut app, 't');
    assert_eq!(today_screen(&app).appointments.len(), 2);
}

/// A slip is undone with Ctrl-Z (asked, like any change) for a few minutes; later it is not.
#[test]
fn a_status_change_can_be_undone_for_a_few_minutes() {
    let mut app = today_with_two(Lang::Es);
    select(&mut app, "45678912");
    choose(&mut app, Act::CheckIn);
    press(&mut app, KeyCode::Enter);
    let flash = app.desk.flash.clone().unwrap();
    assert!(flash.text.contains("Ctrl-Z deshace"), "{flash:?}");
    ctrl(&mut app, 'z');
    assert_eq!(today_screen(&app).mode, Mode::Confirm(Act::Undo));
    assert!(screen(&app, 80, 24).contains("vuelve a «pagada»"));
    press(&mut app, KeyCode::Enter);
    assert_eq!(status_of(&app, "45678912"), Status::Confirmed, "paid, as before");
    // Again, then too late.
    choose(&mut app, Act::CheckIn);
    press(&mut app, KeyCode::Enter);
    advance(&mut app, Duration::minutes(appointments::UNDO_MINUTES + 1));
    ctrl(&mut app, 'z');
    assert_eq!(today_screen(&app).mode, Mode::List);
    assert!(app.desk.flash.as_ref().unwrap().text.contains("No hay un cambio"));
    assert_eq!(status_of(&app, "45678912"), Status::CheckedIn);
}

/// A check-in long before the appointment's time says so in the question.
#[test]
fn an_early_check_in_asks_with_a_warning() {
    let mut app = logged_in(Lang::Es);
    let ana = patients::resolve_patient(&app.desk.conn, "45678912").unwrap();
    let rosa = saludya::domain::catalog::resolve_doctor(&app.desk.conn, "rosa quispe").unwrap();
    let req = BookingRequest::new(&ana.id, &rosa.id, "2026-03-02 12:45", None, None).unwrap();
    saludya::db::write_typed(&app.desk.conn, |tx| appointments::book(tx, &req, None, now())).unwrap();
    press(&mut app, KeyCode::F(2));
    choose(&mut app, Act::CheckIn);
    let shown = screen(&app, 80, 24);
    assert!(
        shown.contains("Faltan 3 h 45 min para la hora de la cita"),
        "{shown}"
    );
}

/// The menu offers only what the status allows; a change another desk made meanwhile is
/// explained in the desk's words (not the domain's codes).
#[test]
fn a_change_made_at_another_desk_first_is_explained() {
    let mut app = today_with_two(Lang::Es);
    select(&mut app, "10203040");
    assert!(!menu_of(&app).contains(&Act::Complete), "not before the arrival");
    assert!(!menu_of(&app).contains(&Act::NoShow), "not before its time");
    choose(&mut app, Act::CheckIn);
    let id = today_screen(&app).selected_appointment().unwrap().id.clone();
    saludya::db::write_typed(&app.desk.conn, |tx| {
        appointments::cancel(tx, &id, appointments::CancelledBy::Patient, "llamó", None, now())
    })
    .unwrap();
    press(&mut app, KeyCode::Enter);
    let flash = app.desk.flash.clone().unwrap();
    assert!(
        flash.text.contains("ya está «cancelada»: otra caja la cambió"),
        "{flash:?}"
    );
    assert!(
        !flash.text.contains("cancelled") && !flash.text.contains(id.as_str()),
        "{flash:?}"
    );
    assert_eq!(status_of(&app, "10203040"), Status::Cancelled);
}

#[test]
fn cancelling_asks_who_and_why_then_confirms_and_refunds_a_paid_one() {
    let mut app = today_with_two(Lang::Es);
    select(&mut app, "45678912");
    choose(&mut app, Act::Cancel);
    press(&mut app, KeyCode::Enter);
    assert!(
        screen(&app, 80, 24).contains("Escriba el motivo"),
        "a reason is required"
    );
    press(&mut app, KeyCode::Tab); // by the clinic
    type_text(&mut app, "el médico tuvo una emergencia");
    press(&mut app, KeyCode::Enter);
    insta::assert_snapshot!("today_cancel_confirm_80x24", screen(&app, 80, 24));
    type_text(&mut app, "sy");
    assert_eq!(
        status_of(&app, "45678912"),
        Status::Confirmed,
        "letters do not answer"
    );
    press(&mut app, KeyCode::Esc);
    assert_eq!(status_of(&app, "45678912"), Status::Confirmed, "not yet");
    press(&mut app, KeyCode::Enter);
    press(&mut app, KeyCode::Enter);
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
    choose(&mut app, Act::Reschedule);
    assert_eq!(booking_screen(&app).step, Step::Slots);
    press(&mut app, KeyCode::PageDown); // the next day
    press(&mut app, KeyCode::Enter);
    press(&mut app, KeyCode::Enter);
    assert!(matches!(app.screen(), Screen::Today(_)), "{:?}", app.desk.flash);
    let after = appointments::get_appointment(&app.desk.conn, &before.id).unwrap();
    assert_eq!(after.doctor_id, before.doctor_id);
    assert!(after.start > before.start, "{} → {}", before.start, after.start);
    assert_ne!(after.start.date(), before.start.date());
}

#[test]
fn payment_can_be_taken_later_from_today() {
    let mut app = today_with_two(Lang::Es);
    select(&mut app, "10203040");
    choose(&mut app, Act::Pay);
    press(&mut app, KeyCode::Enter);
    press(&mut app, KeyCode::Enter);
    press(&mut app, KeyCode::Esc);
    assert_eq!(status_of(&app, "10203040"), Status::Confirmed);
    assert!(!menu_of(&app).contains(&Act::Pay), "paid: no payment offered");
}

/// The action menu: the appointment named, only what its status allows, arrows and Enter.
#[test]
fn the_action_menu_names_the_appointment_and_offers_what_its_status_allows() {
    let mut app = today_with_two(Lang::Es);
    select(&mut app, "10203040");
    press(&mut app, KeyCode::Enter);
    let shown = screen(&app, 80, 24);
    assert!(shown.contains("José Peña Núñez (10203040)"), "{shown}");
    assert!(shown.contains("▶ Llegó: pasa a la sala de espera"), "{shown}");
    assert!(shown.contains("  Cobrar"), "entries line up:\n{shown}");
    insta::assert_snapshot!("today_menu_80x24", shown);
    type_text(&mut app, "icnx");
    assert_eq!(
        today_screen(&app).mode,
        Mode::Menu,
        "letters do nothing in the menu"
    );
    assert_eq!(status_of(&app, "10203040"), Status::Booked);
}

/// A question whose warning wraps still shows its keys (the dialog grows with the text).
#[test]
fn a_wrapped_question_still_shows_its_keys() {
    let mut app = logged_in(Lang::En);
    let ana = patients::resolve_patient(&app.desk.conn, "45678912").unwrap();
    let rosa = saludya::domain::catalog::resolve_doctor(&app.desk.conn, "rosa quispe").unwrap();
    let req = BookingRequest::new(&ana.id, &rosa.id, "2026-03-02 11:45", None, None).unwrap();
    saludya::db::write_typed(&app.desk.conn, |tx| appointments::book(tx, &req, None, now())).unwrap();
    press(&mut app, KeyCode::F(2));
    choose(&mut app, Act::CheckIn);
    let shown = screen(&app, 80, 24);
    assert!(shown.contains("2 h 45 min before"), "{shown}");
    assert!(shown.contains("Enter = yes · Esc = no"), "{shown}");
}

/// A dialog stays with the appointment it was opened for: when another desk changes it so that
/// it leaves the filtered list, the refresh closes the dialog and says so, instead of sliding the
/// selection (and the open "cancel?" question) onto another patient.
#[test]
fn a_dialog_never_slides_onto_another_patient_after_a_refresh() {
    let mut app = today_with_two(Lang::Es);
    type_text(&mut app, "reserv");
    choose(&mut app, Act::Cancel);
    assert_eq!(today_screen(&app).mode, Mode::Cancel);
    let id = today_screen(&app).selected_appointment().unwrap().id.clone();
    // Another desk takes the payment: the appointment is no longer "reservada".
    saludya::db::write_typed(&app.desk.conn, |tx| {
        appointments::change_status(tx, &id, Status::Confirmed, None, None, now())
    })
    .unwrap();
    let desk = &mut app.desk;
    app.stack.last_mut().unwrap().view_mut().refresh(desk);
    assert_eq!(today_screen(&app).mode, Mode::List);
    let flash = app.desk.flash.clone().unwrap();
    assert!(flash.text.contains("otra caja la cambió"), "{flash:?}");
    press(&mut app, KeyCode::Enter);
    press(&mut app, KeyCode::Enter);
    assert_eq!(status_of(&app, "10203040"), Status::Confirmed);
    assert_eq!(
        status_of(&app, "45678912"),
        Status::Confirmed,
        "the other patient untouched"
    );
}
