//! Espera (F7): the waiting list, its form and actions; and, in Today, who waits for the slot
//! a cancellation or a no-show just freed, booked in one step.

use crate::harness::*;
use saludya::domain::waitlist::{self, EntryInput, ListFilter, NewEntry, State as EntryState};
use saludya::tui::screens::today::{Act as TodayAct, Mode as TodayMode};
use saludya::tui::screens::waitlist::{Act, Mode};

fn waitlist_screen(app: &App) -> &saludya::tui::screens::waitlist::State {
    match app.screen() {
        Screen::Waitlist(w) => w,
        _ => panic!("not on the waitlist screen"),
    }
}

/// Puts `dni` on the list of `specialty` through the domain (another desk, or earlier).
fn waits(app: &App, dni: &str, specialty: &str, time: Option<&str>) {
    let conn = &app.desk.conn;
    let p = patients::resolve_patient(conn, dni).unwrap();
    let s = saludya::domain::catalog::resolve_specialty(conn, specialty).unwrap();
    let new = NewEntry::new(
        &p.id,
        Some(&s.id),
        None,
        &EntryInput {
            time,
            ..EntryInput::default()
        },
    )
    .unwrap();
    saludya::flows::waitlist::add(conn, &new, None, now()).unwrap();
}

fn entries(app: &App) -> Vec<(String, EntryState)> {
    waitlist::list(
        &app.desk.conn,
        &ListFilter {
            all: true,
            ..ListFilter::default()
        },
        now(),
    )
    .unwrap()
    .into_iter()
    .map(|e| (e.patient_dni, e.state))
    .collect()
}

/// Chooses `act` in the selected entry's menu (arrows and Enter, no letters).
fn choose(app: &mut App, act: Act) {
    press(app, KeyCode::Enter);
    assert_eq!(waitlist_screen(app).mode, Mode::Menu, "{:?}", app.desk.flash);
    let menu = waitlist_screen(app).menu();
    let i = menu
        .iter()
        .position(|a| *a == act)
        .unwrap_or_else(|| panic!("{act:?} not in {menu:?}"));
    for _ in 0..i {
        press(app, KeyCode::Down);
    }
    press(app, KeyCode::Enter);
}

#[test]
fn the_form_adds_a_patient_and_the_list_shows_them_longest_waiting_first() {
    let mut app = logged_in(Lang::Es);
    press(&mut app, KeyCode::F(7));
    insta::assert_snapshot!("waitlist_empty_80x24", screen(&app, 80, 24));
    waits(&app, "40404040", "cardiologia", Some("tarde"));
    ctrl(&mut app, 'n');
    assert_eq!(waitlist_screen(&app).mode, Mode::Form);
    type_text(&mut app, "10203040");
    press(&mut app, KeyCode::Enter);
    type_text(&mut app, "cardiologia");
    press(&mut app, KeyCode::Tab);
    press(&mut app, KeyCode::Tab);
    type_text(&mut app, "2026-03-01");
    press(&mut app, KeyCode::Tab);
    type_text(&mut app, "mañana");
    press(&mut app, KeyCode::Tab);
    type_text(&mut app, "prefiere que lo llamen");
    // A window that ended already: refused, said at the field, nothing written.
    insta::assert_snapshot!("waitlist_form_80x24", screen(&app, 80, 24));
    ctrl(&mut app, 's');
    assert_eq!(waitlist_screen(&app).mode, Mode::Form);
    assert!(
        screen(&app, 80, 24).contains("ya terminó"),
        "{}",
        screen(&app, 80, 24)
    );
    insta::assert_snapshot!("waitlist_form_error_80x24", screen(&app, 80, 24));
    assert_eq!(entries(&app).len(), 1);
    press(&mut app, KeyCode::BackTab);
    press(&mut app, KeyCode::BackTab);
    ctrl(&mut app, 'u');
    type_text(&mut app, "2026-03-31");
    ctrl(&mut app, 's');
    assert_eq!(waitlist_screen(&app).mode, Mode::List, "{:?}", app.desk.flash);
    assert_eq!(
        entries(&app),
        [
            ("40404040".to_string(), EntryState::Waiting),
            ("10203040".to_string(), EntryState::Waiting)
        ]
    );
    insta::assert_snapshot!("waitlist_list_80x24", screen(&app, 80, 24));
    insta::assert_snapshot!("waitlist_list_120x40", screen(&app, 120, 40));
}

#[test]
fn offer_then_book_from_the_tab_each_asked_first() {
    let mut app = logged_in(Lang::Es);
    waits(&app, "10203040", "cardiologia", None);
    press(&mut app, KeyCode::F(7));
    choose(&mut app, Act::Offer);
    assert_eq!(waitlist_screen(&app).mode, Mode::Confirm(Act::Offer));
    insta::assert_snapshot!("waitlist_offer_confirm_80x24", screen(&app, 80, 24));
    // No letter answers a question.
    type_text(&mut app, "sí");
    assert_eq!(entries(&app)[0].1, EntryState::Waiting);
    press(&mut app, KeyCode::Enter);
    assert_eq!(entries(&app)[0].1, EntryState::Offered);
    assert_eq!(app.desk.flash.as_ref().unwrap().kind, FlashKind::Done);
    // Offered: book it (or "declined", or remove).
    assert_eq!(
        waitlist_screen(&app).menu(),
        [Act::BookOffered, Act::Decline, Act::Remove]
    );
    choose(&mut app, Act::BookOffered);
    press(&mut app, KeyCode::Esc);
    assert_eq!(entries(&app)[0].1, EntryState::Offered, "Esc answers no");
    choose(&mut app, Act::BookOffered);
    press(&mut app, KeyCode::Enter);
    assert_eq!(entries(&app)[0].1, EntryState::Booked);
    let booked = appointments::list_appointments(&app.desk.conn, &AppointmentFilter::default()).unwrap();
    assert_eq!(booked.len(), 1);
    assert_eq!(booked[0].patient_dni, "10203040");
    assert_eq!(booked[0].specialty, "Cardiología");
    // Closed entries leave the list.
    assert!(waitlist_screen(&app).entries.is_empty());
}

#[test]
fn another_desk_acting_first_is_explained() {
    let mut app = logged_in(Lang::En);
    waits(&app, "10203040", "cardiologia", None);
    press(&mut app, KeyCode::F(7));
    choose(&mut app, Act::Remove);
    // Meanwhile another desk takes the patient off the list.
    let id = waitlist_screen(&app).selected_entry().unwrap().id.clone();
    saludya::flows::waitlist::remove(&app.desk.conn, &id, None, None, now()).unwrap();
    press(&mut app, KeyCode::Enter);
    let flash = app.desk.flash.clone().unwrap();
    assert_eq!(flash.kind, FlashKind::Warning);
    assert!(flash.text.contains("Another desk changed"), "{flash:?}");
    assert!(flash.text.contains("removed"), "{flash:?}");
}

#[test]
fn english_screens() {
    let mut app = logged_in(Lang::En);
    waits(&app, "10203040", "cardiologia", Some("mañana"));
    waits(&app, "40404040", "pediatria", None);
    press(&mut app, KeyCode::F(7));
    insta::assert_snapshot!("waitlist_list_en_100x30", screen(&app, 100, 30));
    press(&mut app, KeyCode::Enter);
    insta::assert_snapshot!("waitlist_menu_en_100x30", screen(&app, 100, 30));
}

#[test]
fn a_cancellation_in_today_shows_who_waits_and_books_them_in_one_step() {
    for lang in [Lang::Es, Lang::En] {
        let mut app = today_with_two(lang);
        waits(&app, "40404040", "cardiologia", None);
        waits(&app, "70000001", "cardiologia", Some("tarde"));
        select(&mut app, "10203040");
        let freed = today_screen(&app).selected_appointment().unwrap().start;
        press(&mut app, KeyCode::Enter);
        let menu = today_screen(&app).menu(&app.desk);
        for _ in 0..menu.iter().position(|a| *a == TodayAct::Cancel).unwrap() {
            press(&mut app, KeyCode::Down);
        }
        press(&mut app, KeyCode::Enter);
        type_text(&mut app, "viaje");
        press(&mut app, KeyCode::Enter);
        press(&mut app, KeyCode::Enter);
        // Carlos waits for any cardiology slot; Lucía only afternoons: only Carlos is shown.
        assert_eq!(
            today_screen(&app).mode,
            TodayMode::Waiting,
            "{:?}",
            app.desk.flash
        );
        let shown: Vec<&str> = today_screen(&app)
            .waiting
            .iter()
            .map(|m| m.entry.patient_dni.as_str())
            .collect();
        assert_eq!(shown, ["40404040"]);
        let name = if lang == Lang::Es { "es" } else { "en" };
        insta::assert_snapshot!(format!("today_who_waits_{name}_80x24"), screen(&app, 80, 24));
        // Letters do nothing here.
        type_text(&mut app, "x");
        assert_eq!(today_screen(&app).mode, TodayMode::Waiting);
        press(&mut app, KeyCode::Enter);
        assert_eq!(today_screen(&app).mode, TodayMode::ConfirmWaiting);
        insta::assert_snapshot!(
            format!("today_who_waits_confirm_{name}_120x40"),
            screen(&app, 120, 40)
        );
        press(&mut app, KeyCode::Enter);
        assert_eq!(today_screen(&app).mode, TodayMode::List);
        let carlos = today_screen(&app)
            .appointments
            .iter()
            .find(|a| a.patient_dni == "40404040")
            .cloned()
            .unwrap();
        assert_eq!(carlos.start, freed);
        assert_eq!(carlos.status, Status::Booked);
        assert_eq!(
            entries(&app),
            [
                ("40404040".to_string(), EntryState::Booked),
                ("70000001".to_string(), EntryState::Waiting)
            ]
        );
    }
}

#[test]
fn esc_closes_the_panel_and_nobody_waiting_shows_none() {
    let mut app = today_with_two(Lang::Es);
    select(&mut app, "10203040");
    press(&mut app, KeyCode::Enter);
    let menu = today_screen(&app).menu(&app.desk);
    for _ in 0..menu.iter().position(|a| *a == TodayAct::Cancel).unwrap() {
        press(&mut app, KeyCode::Down);
    }
    press(&mut app, KeyCode::Enter);
    type_text(&mut app, "viaje");
    press(&mut app, KeyCode::Enter);
    press(&mut app, KeyCode::Enter);
    assert_eq!(today_screen(&app).mode, TodayMode::List);
    assert_eq!(app.desk.flash.as_ref().unwrap().kind, FlashKind::Done);
}

#[test]
fn a_filter_that_matches_nobody_says_so_and_esc_clears_it() {
    for (lang, says, empty_list) in [
        (
            Lang::Es,
            "Nadie en la lista coincide con el filtro. Esc lo borra.",
            "Nadie en la lista de espera",
        ),
        (
            Lang::En,
            "Nobody on the list matches the filter. Esc clears it.",
            "Nobody on the waiting list",
        ),
    ] {
        let mut app = logged_in(lang);
        waits(&app, "10203040", "cardiologia", None);
        press(&mut app, KeyCode::F(7));
        type_text(&mut app, "zzzz");
        let shown = screen(&app, 80, 24);
        assert!(shown.contains(says), "{shown}");
        assert!(!shown.contains(empty_list), "not the empty list's words: {shown}");
        press(&mut app, KeyCode::Esc);
        let shown = screen(&app, 80, 24);
        assert!(shown.contains("10203040"), "{shown}");
        assert!(!shown.contains(says), "{shown}");
    }
}
