//! The reception-desk UI without a terminal: keys → actions → state, and whole screens drawn on
//! ratatui's `TestBackend` at 80×24 and 120×40 (insta snapshots), on a seeded in-memory
//! database with a fixed clock.

use chrono::{DateTime, Duration, Utc};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use saludya::clock::Clock;
use saludya::domain::appointments::{self, AppointmentFilter, BookingRequest, Status};
use saludya::domain::auth::{self, NewStaff, Role};
use saludya::domain::catalog::settings::Settings;
use saludya::domain::patients::{self, NewPatient, PatientInput};
use saludya::i18n::Lang;
use saludya::ids::DoctorId;
use saludya::tui::action::Action;
use saludya::tui::app::Overlay;
use saludya::tui::keymap::{self, Keymap};
use saludya::tui::screens::Screen;
use saludya::tui::screens::booking::Step;
use saludya::tui::{App, render};
use saludya::wall_time::WallTime;

const EMAIL: &str = "rosa@clinica.pe";
const PASSWORD: &str = "girasol-montaña-cuaderno-rojo";

/// Monday 2 March 2026, 09:00 in Lima.
fn now() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2026-03-02T14:00:00Z")
        .unwrap()
        .with_timezone(&Utc)
}

/// Patients of the seeded database: (DNI, first name, last name, birth date, sex).
const PATIENTS: [(&str, &str, &str, &str, &str); 4] = [
    ("45678912", "Ana María", "García Pérez", "1990-05-10", "f"),
    ("10203040", "José", "Peña Núñez", "1958-11-02", "m"),
    ("70000001", "Lucía", "García Torres", "2019-08-15", "f"),
    ("40404040", "Carlos", "Quispe Mamani", "1984-01-20", "m"),
];

/// A seeded database (catalog fixtures, a receptionist, a few patients) and a desk at the
/// login screen.
fn app(lang: Lang) -> App {
    let mut conn = saludya::db::open_in_memory().unwrap();
    let t0 = now() - Duration::days(30);
    let new = NewStaff::new(EMAIL, "Rosa Quispe", Role::Receptionist).unwrap();
    auth::create_staff(&conn, &new, PASSWORD, t0).unwrap();
    saludya::db::write(&mut conn, |tx| {
        saludya::domain::catalog::fixtures::load(tx, t0)?;
        for (dni, first, last, birth, sex) in PATIENTS {
            let input = PatientInput {
                doc_number: dni.into(),
                first_name: first.into(),
                last_name: last.into(),
                birth_date: Some(birth.into()),
                sex: Some(sex.into()),
                phone: Some("987654321".into()),
                ..PatientInput::default()
            };
            let new = NewPatient::parse(&input, now().date_naive())?;
            patients::add(tx, &new, None, t0)?;
        }
        Ok(())
    })
    .unwrap();
    App::new(conn, Settings::default(), Clock::Fixed(now()), lang)
}

fn press(app: &mut App, code: KeyCode) {
    app.handle_key(KeyEvent::new(code, KeyModifiers::NONE));
}

fn ctrl(app: &mut App, c: char) {
    app.handle_key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL));
}

fn type_text(app: &mut App, text: &str) {
    for c in text.chars() {
        press(app, KeyCode::Char(c));
    }
}

fn logged_in(lang: Lang) -> App {
    let mut app = app(lang);
    type_text(&mut app, EMAIL);
    press(&mut app, KeyCode::Enter);
    type_text(&mut app, PASSWORD);
    press(&mut app, KeyCode::Enter);
    assert!(app.desk.session.is_some(), "{:?}", app.desk.flash);
    app
}

/// The screen as text, as a terminal of `w`×`h` would show it.
fn screen(app: &App, w: u16, h: u16) -> String {
    let mut term = Terminal::new(TestBackend::new(w, h)).unwrap();
    term.draw(|f| render(app, f)).unwrap();
    // A no-break space (kept together when wrapping) shows as a space.
    term.backend().to_string().replace('\u{a0}', " ")
}

fn advance(app: &mut App, by: Duration) {
    let t = app.desk.clock.now() + by;
    app.desk.clock = Clock::Fixed(t);
}

#[test]
fn keys_resolve_by_mode() {
    let text = Keymap {
        bindings: &[],
        text: true,
    };
    let commands = Keymap {
        bindings: &[],
        text: false,
    };
    let k = |c, m| KeyEvent::new(c, m);
    let none = KeyModifiers::NONE;
    for (map, ev, expected) in [
        (text, k(KeyCode::Char('q'), none), Some(Action::Char('q'))),
        (commands, k(KeyCode::Char('q'), none), Some(Action::Quit)),
        (
            text,
            k(KeyCode::Char('c'), KeyModifiers::CONTROL),
            Some(Action::Quit),
        ),
        (
            commands,
            k(KeyCode::Char('c'), KeyModifiers::CONTROL),
            Some(Action::Quit),
        ),
        (
            commands,
            k(KeyCode::Char('?'), KeyModifiers::SHIFT),
            Some(Action::Help),
        ),
        (
            text,
            k(KeyCode::Char('?'), KeyModifiers::SHIFT),
            Some(Action::Char('?')),
        ),
        (
            text,
            k(KeyCode::Char('Ñ'), KeyModifiers::SHIFT),
            Some(Action::Char('Ñ')),
        ),
        (text, k(KeyCode::F(1), none), Some(Action::Help)),
        (text, k(KeyCode::Esc, none), Some(Action::Back)),
        (text, k(KeyCode::Backspace, none), Some(Action::Backspace)),
        (commands, k(KeyCode::Backspace, none), None),
        (commands, k(KeyCode::Char('z'), none), None),
        (
            text,
            k(KeyCode::Char('u'), KeyModifiers::CONTROL),
            Some(Action::ClearField),
        ),
    ] {
        assert_eq!(
            keymap::resolve(map, &[], ev),
            expected,
            "{ev:?} text={}",
            map.text
        );
    }
}

#[test]
fn login_with_a_wrong_password_stays_and_explains() {
    let mut app = app(Lang::Es);
    type_text(&mut app, EMAIL);
    press(&mut app, KeyCode::Enter);
    type_text(&mut app, "no-es-la-clave");
    press(&mut app, KeyCode::Enter);
    assert!(app.desk.session.is_none());
    assert!(matches!(app.screen(), Screen::Login(_)));
    let shown = screen(&app, 80, 24);
    assert!(shown.contains("Correo o contraseña incorrectos"), "{shown}");
}

#[test]
fn login_masks_the_password_and_opens_the_desk() {
    let mut app = app(Lang::Es);
    type_text(&mut app, EMAIL);
    press(&mut app, KeyCode::Tab);
    type_text(&mut app, "girasol");
    let shown = screen(&app, 80, 24);
    assert!(!shown.contains("girasol"), "the password is never drawn");
    insta::assert_snapshot!("login_80x24", shown);
    type_text(&mut app, "-montaña-cuaderno-rojo");
    press(&mut app, KeyCode::Enter);
    let session = app.desk.session.as_ref().expect("logged in");
    assert_eq!(session.staff.email, EMAIL);
    assert!(!matches!(app.screen(), Screen::Login(_)));
}

#[test]
fn the_next_login_starts_with_the_last_email() {
    let first = logged_in(Lang::Es);
    let App { desk, .. } = first;
    let again = App::new(desk.conn, Settings::default(), Clock::Fixed(now()), Lang::Es);
    let Screen::Login(login) = again.screen() else {
        panic!("login first")
    };
    assert_eq!(login.email.value, EMAIL);
    assert_eq!(login.focus, saludya::tui::screens::login::Focus::Password);
}

#[test]
fn idle_lock_hides_the_screen_and_asks_the_password_again() {
    let mut app = logged_in(Lang::En);
    let minutes = app.desk.settings.idle_lock_minutes;
    advance(&mut app, Duration::minutes(minutes) - Duration::seconds(1));
    app.update(Action::Tick);
    assert!(app.lock.is_none(), "not yet");
    advance(&mut app, Duration::seconds(1));
    app.update(Action::Tick);
    assert!(app.lock.is_some(), "locked after {minutes} min without keys");
    let shown = screen(&app, 80, 24);
    assert!(shown.contains("Session locked"), "{shown}");
    assert!(
        !shown.contains("Welcome"),
        "the screen behind is hidden:\n{shown}"
    );
    insta::assert_snapshot!("lock_80x24", shown);

    type_text(&mut app, "wrong-password-here");
    press(&mut app, KeyCode::Enter);
    assert!(app.lock.is_some(), "a wrong password keeps it locked");
    type_text(&mut app, PASSWORD);
    press(&mut app, KeyCode::Enter);
    assert!(app.lock.is_none(), "{:?}", app.desk.flash);
}

#[test]
fn a_key_resets_the_idle_timer() {
    let mut app = logged_in(Lang::Es);
    let minutes = app.desk.settings.idle_lock_minutes;
    advance(&mut app, Duration::minutes(minutes - 1));
    press(&mut app, KeyCode::Char('?'));
    press(&mut app, KeyCode::Esc);
    advance(&mut app, Duration::minutes(minutes - 1));
    app.update(Action::Tick);
    assert!(app.lock.is_none());
}

#[test]
fn help_overlay_lists_the_keys_and_any_key_closes_it() {
    let mut app = logged_in(Lang::Es);
    press(&mut app, KeyCode::F(1));
    assert_eq!(app.overlay, Overlay::Help);
    let shown = screen(&app, 80, 24);
    assert!(shown.contains("Teclas de esta pantalla"), "{shown}");
    assert!(shown.contains("Ctrl-C"), "{shown}");
    press(&mut app, KeyCode::Char('x'));
    assert_eq!(app.overlay, Overlay::None);
    assert!(!app.quit);
}

#[test]
fn quitting_from_a_clean_screen_needs_no_confirmation() {
    let mut app = logged_in(Lang::Es);
    ctrl(&mut app, 'c');
    assert!(app.quit);
}

#[test]
fn screens_at_both_sizes() {
    for lang in [Lang::Es, Lang::En] {
        let app = app(lang);
        insta::assert_snapshot!(format!("login_{}_120x40", lang.code()), screen(&app, 120, 40));
    }
}

fn patients_screen(app: &App) -> &saludya::tui::screens::patients::State {
    match app.screen() {
        Screen::Patients(p) => p,
        _ => panic!("not on the patients screen"),
    }
}

fn result_names(app: &App) -> Vec<String> {
    patients_screen(app)
        .results
        .iter()
        .map(|p| p.full_name())
        .collect()
}

fn count_patients(app: &App) -> i64 {
    patients::count(&app.desk.conn).unwrap()
}

#[test]
fn patient_search_updates_on_every_key() {
    let mut app = logged_in(Lang::Es);
    assert!(result_names(&app).is_empty(), "nothing before typing");
    for (typed, expected) in [
        ("g", vec!["Ana María García Pérez", "Lucía García Torres"]),
        ("ar", vec!["Ana María García Pérez", "Lucía García Torres"]),
        ("cia l", vec!["Lucía García Torres"]),
    ] {
        type_text(&mut app, typed);
        assert_eq!(result_names(&app), expected, "after typing {typed:?}");
    }
    ctrl(&mut app, 'u');
    type_text(&mut app, "1020");
    assert_eq!(result_names(&app), vec!["José Peña Núñez"], "DNI prefix");
    ctrl(&mut app, 'u');
    type_text(&mut app, "pena");
    assert_eq!(
        result_names(&app),
        vec!["José Peña Núñez"],
        "accents do not matter"
    );
}

#[test]
fn patient_search_screens() {
    let mut app = logged_in(Lang::Es);
    type_text(&mut app, "garcia");
    press(&mut app, KeyCode::Down);
    insta::assert_snapshot!("patients_search_80x24", screen(&app, 80, 24));
    insta::assert_snapshot!("patients_search_120x40", screen(&app, 120, 40));
}

#[test]
fn choosing_a_patient_puts_them_at_the_counter() {
    let mut app = logged_in(Lang::Es);
    type_text(&mut app, "quispe");
    press(&mut app, KeyCode::Enter);
    assert_eq!(
        app.desk.patient.as_ref().map(|p| p.doc_number.as_str()),
        Some("40404040")
    );
}

#[test]
fn an_unknown_dni_opens_the_new_patient_form_with_it() {
    let mut app = logged_in(Lang::Es);
    type_text(&mut app, "12345678");
    assert!(result_names(&app).is_empty());
    assert!(screen(&app, 80, 24).contains("Ningún paciente con DNI 12345678"));
    press(&mut app, KeyCode::Enter);
    let form = patients_screen(&app).form.as_ref().expect("form open");
    assert_eq!(form.fields[1].value, "12345678");
    assert_eq!(form.focus, 2, "the cursor waits in the first name");
    type_text(&mut app, "Rosa");
    press(&mut app, KeyCode::Enter);
    type_text(&mut app, "Huamán Soto");
    ctrl(&mut app, 's');
    assert!(patients_screen(&app).form.is_none(), "{:?}", app.desk.flash);
    assert_eq!(count_patients(&app), 5);
    assert_eq!(result_names(&app), vec!["Rosa Huamán Soto"]);
}

#[test]
fn the_form_shows_each_problem_next_to_its_field() {
    let mut app = logged_in(Lang::En);
    ctrl(&mut app, 'n');
    type_text(&mut app, "1234"); // a DNI has 8 digits
    press(&mut app, KeyCode::Tab);
    type_text(&mut app, "Ana");
    press(&mut app, KeyCode::Tab);
    press(&mut app, KeyCode::Tab); // last name left empty
    type_text(&mut app, "1990-13-01");
    press(&mut app, KeyCode::Tab);
    let form = patients_screen(&app).form.as_ref().unwrap();
    let problems: Vec<bool> = form.errors.iter().map(Option::is_some).collect();
    assert_eq!(problems, [false, true, false, true, true, false, false, false]);
    let before = count_patients(&app);
    ctrl(&mut app, 's');
    assert_eq!(count_patients(&app), before, "nothing saved");
    let shown = screen(&app, 120, 40);
    insta::assert_snapshot!("patients_form_errors_120x40", shown);
    insta::assert_snapshot!("patients_form_errors_80x24", screen(&app, 80, 24));
}

#[test]
fn a_probable_duplicate_is_shown_before_saving_and_saving_again_confirms() {
    let mut app = logged_in(Lang::Es);
    ctrl(&mut app, 'n');
    for (text, tab) in [
        ("87654321", true),
        ("Ana María", true),
        ("García Pérez", true),
        ("1990-05-10", false),
    ] {
        type_text(&mut app, text);
        if tab {
            press(&mut app, KeyCode::Tab);
        }
    }
    ctrl(&mut app, 's');
    assert_eq!(count_patients(&app), 4, "not saved yet");
    let shown = screen(&app, 80, 24);
    assert!(shown.contains("Posible duplicado"), "{shown}");
    assert!(
        shown.contains("DNI 45678912"),
        "the other patient is named:\n{shown}"
    );
    insta::assert_snapshot!("patients_duplicate_80x24", shown);
    press(&mut app, KeyCode::Enter);
    assert_eq!(count_patients(&app), 5, "saved after confirming");
}

#[test]
fn quitting_with_unsaved_input_asks_first() {
    let mut app = logged_in(Lang::Es);
    ctrl(&mut app, 'n');
    type_text(&mut app, "4");
    ctrl(&mut app, 'c');
    assert_eq!(app.overlay, Overlay::ConfirmQuit);
    assert!(screen(&app, 80, 24).contains("sin guardar"));
    press(&mut app, KeyCode::Char('n'));
    assert_eq!(app.overlay, Overlay::None);
    assert!(!app.quit);
    assert_eq!(
        patients_screen(&app).form.as_ref().unwrap().fields[1].value,
        "4",
        "input kept"
    );
    ctrl(&mut app, 'c');
    press(&mut app, KeyCode::Char('s'));
    assert!(app.quit);
}

#[test]
fn esc_on_a_changed_form_asks_once_more_before_discarding() {
    let mut app = logged_in(Lang::Es);
    ctrl(&mut app, 'n');
    type_text(&mut app, "4");
    press(&mut app, KeyCode::Esc);
    assert!(patients_screen(&app).form.is_some());
    press(&mut app, KeyCode::Esc);
    assert!(patients_screen(&app).form.is_none());
}

fn booking_screen(app: &App) -> &saludya::tui::screens::booking::State {
    match app.screen() {
        Screen::Booking(b) => b,
        _ => panic!("not on the booking screen"),
    }
}

/// Logged in, with Ana García at the counter, on the doctors of Cardiología.
fn at_cardiology(lang: Lang) -> App {
    let mut app = logged_in(lang);
    type_text(&mut app, "45678912");
    press(&mut app, KeyCode::Enter);
    press(&mut app, KeyCode::F(5));
    press(&mut app, KeyCode::Char('/'));
    type_text(&mut app, "cardio");
    press(&mut app, KeyCode::Enter);
    assert_eq!(booking_screen(&app).step, Step::Doctors);
    app
}

/// Another desk books `slot` for another patient, through the same domain function.
fn other_desk_books(app: &mut App, doctor_id: &DoctorId, start: &WallTime) {
    let other = patients::resolve_patient(&app.desk.conn, "10203040").unwrap();
    let req = BookingRequest::new(&other.id, doctor_id, &start.to_string(), None, None).unwrap();
    saludya::db::write_typed(&mut app.desk.conn, |tx| appointments::book(tx, &req, None, now())).unwrap();
}

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
    press(&mut app, KeyCode::Char('e'));
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

/// Another doctor (not a cardiologist) free at `start`, for Ana's other appointment.
fn elsewhere_at(app: &App, start: &WallTime) -> DoctorId {
    let all = saludya::domain::catalog::list_doctors(&app.desk.conn, &Default::default()).unwrap();
    all.into_iter()
        .filter(|d| d.specialty != "Cardiología")
        .find(|d| {
            let search = appointments::SlotSearch {
                doctor_id: Some(d.id.clone()),
                specialty_id: None,
                from: None,
                days: 1,
                limit: 0,
            };
            appointments::find_slots(&app.desk.conn, &search, now(), app.desk.settings.time_zone)
                .unwrap()
                .iter()
                .any(|s| s.start == *start)
        })
        .expect("a doctor of another specialty free then")
        .id
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
            saludya::db::write_typed(&mut app.desk.conn, |tx| appointments::book(tx, &req, None, now()))
                .unwrap();
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
    press(&mut app, KeyCode::Char('e'));
    let b = booking_screen(&app);
    assert_eq!(b.step, Step::Confirm, "{:?} {:?}", b.conflict, app.desk.flash);
    let chosen = b.chosen.clone().unwrap();
    assert_ne!(chosen.start, earliest.start);
    press(&mut app, KeyCode::Enter);
    assert!(!app.desk.flash.as_ref().unwrap().error, "{:?}", app.desk.flash);
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
    press(&mut app, KeyCode::Char('e'));
    assert_eq!(booking_screen(&app).step, Step::Confirm);
    let shown = screen(&app, 80, 24);
    assert!(shown.contains("⚠ Elija primero al paciente"), "{shown}");
    assert!(!shown.contains("Enter confirmar   Esc"), "{shown}");
    press(&mut app, KeyCode::Enter);
    assert!(app.desk.flash.as_ref().unwrap().warning);
    let booked = appointments::list_appointments(&app.desk.conn, &AppointmentFilter::default()).unwrap();
    assert!(booked.is_empty());
}

#[test]
fn booking_screens() {
    let mut app = at_cardiology(Lang::Es);
    insta::assert_snapshot!("booking_doctors_80x24", screen(&app, 80, 24));
    insta::assert_snapshot!("booking_doctors_120x40", screen(&app, 120, 40));
    press(&mut app, KeyCode::Enter);
    insta::assert_snapshot!("booking_slots_120x40", screen(&app, 120, 40));
}

#[test]
fn a_slot_another_desk_took_is_explained_and_no_longer_offered() {
    let mut app = at_cardiology(Lang::En);
    press(&mut app, KeyCode::Enter); // the first doctor's slots
    press(&mut app, KeyCode::Enter); // the first slot
    let slot = booking_screen(&app).chosen.clone().unwrap();
    other_desk_books(&mut app, &slot.doctor_id, &slot.start);
    press(&mut app, KeyCode::Enter); // confirm: too late
    let b = booking_screen(&app);
    assert_eq!(b.step, Step::Slots, "back to the list");
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
    press(&mut app, KeyCode::Enter);
    press(&mut app, KeyCode::Enter);
    let slot = booking_screen(&app).chosen.clone().unwrap();
    let ana = app.desk.patient.clone().unwrap();
    let other = elsewhere_at(&app, &slot.start);
    let req = BookingRequest::new(&ana.id, &other, &slot.start.to_string(), None, None).unwrap();
    saludya::db::write_typed(&mut app.desk.conn, |tx| appointments::book(tx, &req, None, now())).unwrap();
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
    press(&mut app, KeyCode::Char('e'));
    let b = booking_screen(&app);
    assert_ne!(b.step, Step::Confirm);
    assert!(b.conflict.is_some());
}

fn orientation_screen(app: &App) -> &saludya::tui::screens::orientation::State {
    match app.screen() {
        Screen::Orientation(o) => o,
        _ => panic!("not on the orientation screen"),
    }
}

/// Logged in, with `dni` at the counter, on the orientation form.
fn orienting(lang: Lang, dni: &str) -> App {
    let mut app = logged_in(lang);
    type_text(&mut app, dni);
    press(&mut app, KeyCode::Enter);
    assert!(matches!(app.screen(), Screen::Orientation(_)));
    app
}

#[test]
fn orientation_starts_with_the_patients_age_and_sex() {
    let app = orienting(Lang::Es, "45678912");
    let o = orientation_screen(&app);
    assert_eq!((o.age.value.as_str(), o.sex.value.as_str()), ("35", "f"));
}

#[test]
fn a_routine_complaint_is_oriented_stored_and_booked_with_its_specialty() {
    let mut app = orienting(Lang::Es, "45678912");
    type_text(
        &mut app,
        "tengo manchas en la piel que me pican hace dos semanas, no tengo fiebre",
    );
    press(&mut app, KeyCode::Enter);
    let o = orientation_screen(&app);
    let result = o.result.as_ref().expect("oriented");
    assert_eq!(result.specialty.as_deref(), Some("Dermatología"));
    assert!(!result.emergency);
    let query_id = o.query_id.clone().expect("stored");
    insta::assert_snapshot!("orientation_result_80x24", screen(&app, 80, 24));
    insta::assert_snapshot!("orientation_result_120x40", screen(&app, 120, 40));
    press(&mut app, KeyCode::Enter);
    let b = booking_screen(&app);
    assert_eq!(
        b.specialty.as_ref().map(|s| s.name.as_str()),
        Some("Dermatología")
    );
    assert_eq!(b.orientation_id.as_deref(), Some(query_id.as_str()));
    press(&mut app, KeyCode::Char('e'));
    press(&mut app, KeyCode::Enter);
    let booked = appointments::list_appointments(&app.desk.conn, &AppointmentFilter::default()).unwrap();
    assert_eq!(
        booked[0].orientation_id.as_deref(),
        Some(query_id.as_str()),
        "linked to the query"
    );
    assert_eq!(booked[0].specialty, "Dermatología");
}

/// Under `--lang en` the advice and the disclaimer are English (rendered from the structured
/// result, not the engine's Spanish text); red-flag labels stay Spanish and say so.
#[test]
fn orientation_results_speak_english_under_lang_en() {
    let cases = [
        (
            "45678912",
            "tengo manchas en la piel que me pican hace dos semanas, no tengo fiebre",
            "A regular appointment with Dermatología",
        ),
        ("45678912", "hola", "Not enough information to orient"),
        (
            "10203040",
            "dolor de pecho muy fuerte con sudoración y falta de aire",
            "Related specialty: Cardiología",
        ),
    ];
    for (dni, complaint, advice) in cases {
        let mut app = orienting(Lang::En, dni);
        type_text(&mut app, complaint);
        press(&mut app, KeyCode::Enter);
        let shown = screen(&app, 120, 40).replace(['"', '\n'], " ");
        let flat = shown.split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(flat.contains(advice), "{complaint}: {shown}");
        assert!(flat.contains("Orientation, not a diagnosis"), "{shown}");
        for spanish in [
            "Puede reservar",
            "Acuda a",
            "Orientación, no",
            "No hay información",
            "Conviene",
        ] {
            assert!(!flat.contains(spanish), "{spanish} in {shown}");
        }
    }
}

#[test]
fn an_emergency_shows_what_to_do_and_offers_no_booking() {
    let mut app = orienting(Lang::Es, "10203040");
    type_text(
        &mut app,
        "dolor de pecho muy fuerte con sudoración y falta de aire",
    );
    press(&mut app, KeyCode::Enter);
    let o = orientation_screen(&app);
    assert!(o.result.as_ref().unwrap().emergency);
    let shown = screen(&app, 80, 24);
    assert!(shown.contains("EMERGENCIA"), "{shown}");
    assert!(shown.contains("SAMU 106"), "{shown}");
    insta::assert_snapshot!("orientation_emergency_80x24", shown);
    for key in [KeyCode::Enter, KeyCode::Char('b'), KeyCode::Char('e')] {
        let before = matches!(app.screen(), Screen::Orientation(_));
        press(&mut app, key);
        assert!(
            before && matches!(app.screen(), Screen::Orientation(_)),
            "{key:?} books nothing"
        );
    }
    assert_eq!(
        appointments::list_appointments(&app.desk.conn, &AppointmentFilter::default())
            .unwrap()
            .len(),
        0
    );
}

fn payment_screen(app: &App) -> &saludya::tui::screens::payment::State {
    match app.screen() {
        Screen::Payment(p) => p,
        _ => panic!("not on the payment screen"),
    }
}

fn today_screen(app: &App) -> &saludya::tui::screens::today::State {
    match app.screen() {
        Screen::Today(t) => t,
        _ => panic!("not on the today screen"),
    }
}

/// Books Ana García's earliest cardiology slot through the screens: on the payment screen.
fn at_payment(lang: Lang) -> App {
    let mut app = at_cardiology(lang);
    press(&mut app, KeyCode::Char('e'));
    press(&mut app, KeyCode::Enter);
    assert!(matches!(app.screen(), Screen::Payment(_)), "{:?}", app.desk.flash);
    app
}

fn the_appointment(app: &App) -> saludya::domain::appointments::Appointment {
    let all = appointments::list_appointments(&app.desk.conn, &AppointmentFilter::default()).unwrap();
    assert_eq!(all.len(), 1);
    all.into_iter().next().unwrap()
}

#[test]
fn cash_payment_shows_the_change_and_confirms_the_appointment() {
    let mut app = at_payment(Lang::Es);
    press(&mut app, KeyCode::Enter); // cash, the first method
    type_text(&mut app, "300");
    let shown = screen(&app, 80, 24);
    assert!(shown.contains("Vuelto:") && shown.contains("S/ 50.00"), "{shown}");
    insta::assert_snapshot!("payment_cash_80x24", shown);
    press(&mut app, KeyCode::Enter);
    assert_eq!(
        payment_screen(&app).mode,
        saludya::tui::screens::payment::Mode::Receipt
    );
    let appt = the_appointment(&app);
    assert_eq!(appt.status, Status::Confirmed);
    let paid = saludya::domain::payments::succeeded_payment_for(&app.desk.conn, &appt.id)
        .unwrap()
        .unwrap();
    // The transaction id is random: the snapshot names it instead.
    let receipt = screen(&app, 120, 40).replace(&paid.transaction_id, "[transaction id]");
    insta::assert_snapshot!("payment_receipt_120x40", receipt);
    assert_eq!(paid.amount_cents, appt.price_cents);
    assert_eq!(paid.change_cents, Some(saludya::money::Cents(5000)));
    press(&mut app, KeyCode::Enter);
    assert!(matches!(app.screen(), Screen::Patients(_)), "next patient");
    assert!(app.desk.patient.is_none());
}

#[test]
fn card_entry_shows_only_the_last_four_digits() {
    let mut app = at_payment(Lang::En);
    press(&mut app, KeyCode::Char('2')); // card
    type_text(&mut app, "4111111111111111");
    press(&mut app, KeyCode::Tab);
    type_text(&mut app, "12/30");
    press(&mut app, KeyCode::Tab);
    type_text(&mut app, "123");
    let shown = screen(&app, 80, 24);
    assert!(shown.contains("••••••••••••1111"), "{shown}");
    assert!(!shown.contains("411111"), "the number is masked:\n{shown}");
    assert!(!shown.contains("123"), "the CVV is masked:\n{shown}");
    insta::assert_snapshot!("payment_card_80x24", shown);
    press(&mut app, KeyCode::Enter);
    let shown = screen(&app, 80, 24);
    assert!(shown.contains("•••• 1111"), "{shown}");
    assert!(!shown.contains("4111111111111111"));
    assert_eq!(the_appointment(&app).status, Status::Confirmed);
    let p = payment_screen(&app);
    assert!(
        p.card_number.is_empty() && p.card_cvv.is_empty(),
        "card data cleared after use"
    );
}

#[test]
fn a_declined_card_is_explained_and_another_method_can_follow() {
    let mut app = at_payment(Lang::En);
    press(&mut app, KeyCode::Char('2'));
    type_text(&mut app, "4111111111111112"); // fails the Luhn check
    press(&mut app, KeyCode::Tab);
    type_text(&mut app, "12/30");
    press(&mut app, KeyCode::Tab);
    type_text(&mut app, "123");
    press(&mut app, KeyCode::Enter);
    assert!(payment_screen(&app).error.as_ref().unwrap().contains("declined"));
    assert_eq!(the_appointment(&app).status, Status::Booked, "still unpaid");
    press(&mut app, KeyCode::Esc);
    press(&mut app, KeyCode::Char('1'));
    press(&mut app, KeyCode::Enter);
    assert_eq!(the_appointment(&app).status, Status::Confirmed);
}

/// Two appointments today: Ana (paid) and José (booked), at cardiology.
fn today_with_two(lang: Lang) -> App {
    let mut app = at_payment(lang);
    press(&mut app, KeyCode::Enter);
    press(&mut app, KeyCode::Enter); // cash, exact
    press(&mut app, KeyCode::F(3));
    type_text(&mut app, "10203040");
    press(&mut app, KeyCode::Enter);
    press(&mut app, KeyCode::F(5));
    press(&mut app, KeyCode::Char('/'));
    type_text(&mut app, "cardio");
    press(&mut app, KeyCode::Enter);
    press(&mut app, KeyCode::Char('e'));
    press(&mut app, KeyCode::Enter);
    press(&mut app, KeyCode::F(2));
    assert_eq!(today_screen(&app).appointments.len(), 2);
    app
}

fn status_of(app: &App, dni: &str) -> Status {
    today_screen(app)
        .appointments
        .iter()
        .find(|a| a.patient_dni == dni)
        .unwrap()
        .status
}

fn select(app: &mut App, dni: &str) {
    press(app, KeyCode::Up);
    press(app, KeyCode::Up);
    while today_screen(app).selected_appointment().unwrap().patient_dni != dni {
        press(app, KeyCode::Down);
    }
}

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
        let req = BookingRequest::new(&ana.id, &doctor.id, &slot.start.to_string(), None, None).unwrap();
        saludya::db::write_typed(&mut app.desk.conn, |tx| appointments::book(tx, &req, None, now())).unwrap();
    }
    press(&mut app, KeyCode::F(2));
    for _ in 0..19 {
        press(&mut app, KeyCode::Down);
    }
    let shown = screen(&app, 80, 24);
    let lines: Vec<&str> = shown.lines().collect();
    let header = lines.iter().position(|l| l.contains("Hora  Médico")).unwrap();
    let first_row = lines[header + 1];
    assert!(!first_row.contains(&slots[0].start.hm()), "scrolled: {shown}");
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
    assert_ne!(after.start.date(), before.start.date());
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

#[test]
fn a_burst_of_keys_searches_once_when_it_settles() {
    let mut app = logged_in(Lang::Es);
    for c in "quispe".chars() {
        app.key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE));
    }
    assert!(patients_screen(&app).stale, "typed, not searched yet");
    assert!(result_names(&app).is_empty());
    app.settle();
    assert!(!patients_screen(&app).stale);
    assert_eq!(result_names(&app), vec!["Carlos Quispe Mamani"]);
    // Enter right after a burst acts on fresh results.
    ctrl(&mut app, 'u');
    for c in "1020".chars() {
        app.key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE));
    }
    app.key(KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE));
    assert_eq!(
        app.desk.patient.as_ref().map(|p| p.doc_number.as_str()),
        Some("10203040")
    );
}

#[test]
fn a_terminal_smaller_than_80x24_says_so() {
    let app = logged_in(Lang::En);
    let shown = screen(&app, 60, 20);
    assert!(shown.contains("too small") && shown.contains("60×20"), "{shown}");
    assert!(!screen(&app, 80, 24).contains("too small"));
}

#[test]
fn a_session_ended_elsewhere_sends_the_desk_back_to_login() {
    let mut app = logged_in(Lang::En);
    let token = app.desk.session.as_ref().unwrap().token.clone();
    // An admin disables the account, or the session is revoked: here, revoked.
    auth::logout(&app.desk.conn, &token, now()).unwrap();
    app.update(Action::Tick);
    assert!(
        app.desk.session.is_some(),
        "noticed at the next refresh, not before"
    );
    advance(&mut app, saludya::tui::app::REFRESH_EVERY);
    app.update(Action::Tick);
    assert!(app.desk.session.is_none());
    assert!(matches!(app.screen(), Screen::Login(_)));
    assert!(app.desk.flash.as_ref().unwrap().text.contains("no valid session"));
}
