//! Shared setup of the TUI tests: a seeded in-memory database, a fixed clock, keys in, the
//! screen out as text, and the flows several screens' tests start from.

pub use chrono::{DateTime, Duration, Utc};
pub use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
pub use ratatui::Terminal;
pub use ratatui::backend::TestBackend;
pub use saludya::clock::Clock;
pub use saludya::domain::appointments::{self, AppointmentFilter, BookingRequest, Status};
pub use saludya::domain::auth::{self, NewStaff, Role};
pub use saludya::domain::catalog::settings::Settings;
pub use saludya::domain::patients::{self, NewPatient, PatientInput};
pub use saludya::i18n::Lang;
pub use saludya::ids::DoctorId;
pub use saludya::tui::action::Action;
pub use saludya::tui::app::{FlashKind, Overlay};
pub use saludya::tui::keymap::{self, Keymap};
pub use saludya::tui::screens::Screen;
pub use saludya::tui::screens::booking::Step;
pub use saludya::tui::{App, render};
pub use saludya::wall_time::WallTime;

pub const EMAIL: &str = "rosa@clinica.pe";
pub const PASSWORD: &str = "girasol-montaña-cuaderno-rojo";

/// Monday 2 March 2026, 09:00 in Lima.
pub fn now() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2026-03-02T14:00:00Z")
        .unwrap()
        .with_timezone(&Utc)
}

/// Patients of the seeded database: (DNI, first name, last name, birth date, sex).
pub const PATIENTS: [(&str, &str, &str, &str, &str); 4] = [
    ("45678912", "Ana María", "García Pérez", "1990-05-10", "f"),
    ("10203040", "José", "Peña Núñez", "1958-11-02", "m"),
    ("70000001", "Lucía", "García Torres", "2019-08-15", "f"),
    ("40404040", "Carlos", "Quispe Mamani", "1984-01-20", "m"),
];

/// A seeded database (catalog fixtures, a receptionist, a few patients) and a desk at the
/// login screen.
pub fn app(lang: Lang) -> App {
    let conn = saludya::db::open_in_memory().unwrap();
    let t0 = now() - Duration::days(30);
    let new = NewStaff::new(EMAIL, "Rosa Quispe", Role::Receptionist).unwrap();
    conn.write(|tx| auth::create_staff(tx, &new, PASSWORD, None, t0))
        .unwrap();
    saludya::db::write(&conn, |tx| {
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

pub fn press(app: &mut App, code: KeyCode) {
    app.handle_key(KeyEvent::new(code, KeyModifiers::NONE));
}

pub fn ctrl(app: &mut App, c: char) {
    app.handle_key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL));
}

pub fn type_text(app: &mut App, text: &str) {
    for c in text.chars() {
        press(app, KeyCode::Char(c));
    }
}

pub fn logged_in(lang: Lang) -> App {
    let mut app = app(lang);
    type_text(&mut app, EMAIL);
    press(&mut app, KeyCode::Enter);
    type_text(&mut app, PASSWORD);
    press(&mut app, KeyCode::Enter);
    assert!(app.desk.session.is_some(), "{:?}", app.desk.flash);
    app
}

/// The screen as text, as a terminal of `w`×`h` would show it.
pub fn screen(app: &App, w: u16, h: u16) -> String {
    let mut term = Terminal::new(TestBackend::new(w, h)).unwrap();
    term.draw(|f| render(app, f)).unwrap();
    // A no-break space (kept together when wrapping) shows as a space.
    term.backend().to_string().replace('\u{a0}', " ")
}

pub fn advance(app: &mut App, by: Duration) {
    let t = app.desk.clock.now() + by;
    app.desk.clock = Clock::Fixed(t);
}

pub fn patients_screen(app: &App) -> &saludya::tui::screens::patients::State {
    match app.screen() {
        Screen::Patients(p) => p,
        _ => panic!("not on the patients screen"),
    }
}

pub fn result_names(app: &App) -> Vec<String> {
    patients_screen(app)
        .results
        .iter()
        .map(|p| p.full_name())
        .collect()
}

pub fn count_patients(app: &App) -> i64 {
    patients::count(&app.desk.conn).unwrap()
}

pub fn booking_screen(app: &App) -> &saludya::tui::screens::booking::State {
    match app.screen() {
        Screen::Booking(b) => b,
        _ => panic!("not on the booking screen"),
    }
}

/// Logged in, with Ana García at the counter, on the doctors of Cardiología.
pub fn at_cardiology(lang: Lang) -> App {
    let mut app = logged_in(lang);
    type_text(&mut app, "45678912");
    press(&mut app, KeyCode::Enter);
    press(&mut app, KeyCode::F(5));
    type_text(&mut app, "cardio");
    press(&mut app, KeyCode::Enter);
    assert_eq!(booking_screen(&app).step, Step::Doctors);
    app
}

/// Another desk books `slot` for another patient, through the same domain function.
pub fn other_desk_books(app: &mut App, doctor_id: &DoctorId, start: &WallTime) {
    let other = patients::resolve_patient(&app.desk.conn, "10203040").unwrap();
    let req = BookingRequest::new(&other.id, doctor_id, &start.to_string(), None, None).unwrap();
    saludya::db::write_typed(&app.desk.conn, |tx| appointments::book(tx, &req, None, now())).unwrap();
}

/// Another doctor (not a cardiologist) free at `start`, for Ana's other appointment.
pub fn elsewhere_at(app: &App, start: &WallTime) -> DoctorId {
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

pub fn orientation_screen(app: &App) -> &saludya::tui::screens::orientation::State {
    match app.screen() {
        Screen::Orientation(o) => o,
        _ => panic!("not on the orientation screen"),
    }
}

/// Logged in, with `dni` at the counter, on the orientation form.
pub fn orienting(lang: Lang, dni: &str) -> App {
    let mut app = logged_in(lang);
    type_text(&mut app, dni);
    press(&mut app, KeyCode::Enter);
    assert!(matches!(app.screen(), Screen::Orientation(_)));
    app
}

pub fn payment_screen(app: &App) -> &saludya::tui::screens::payment::State {
    match app.screen() {
        Screen::Payment(p) => p,
        _ => panic!("not on the payment screen"),
    }
}

pub fn today_screen(app: &App) -> &saludya::tui::screens::today::State {
    match app.screen() {
        Screen::Today(t) => t,
        _ => panic!("not on the today screen"),
    }
}

/// Books Ana García's earliest cardiology slot through the screens: on the payment screen.
pub fn at_payment(lang: Lang) -> App {
    let mut app = at_cardiology(lang);
    press(&mut app, KeyCode::Enter); // the first row: the earliest free slot
    press(&mut app, KeyCode::Enter);
    assert!(matches!(app.screen(), Screen::Payment(_)), "{:?}", app.desk.flash);
    app
}

pub fn the_appointment(app: &App) -> saludya::domain::appointments::Appointment {
    let all = appointments::list_appointments(&app.desk.conn, &AppointmentFilter::default()).unwrap();
    assert_eq!(all.len(), 1);
    all.into_iter().next().unwrap()
}

/// Two appointments today: Ana (paid) and José (booked), at cardiology.
pub fn today_with_two(lang: Lang) -> App {
    let mut app = at_payment(lang);
    press(&mut app, KeyCode::Enter);
    press(&mut app, KeyCode::Enter); // cash, exact
    press(&mut app, KeyCode::F(3));
    type_text(&mut app, "10203040");
    press(&mut app, KeyCode::Enter);
    press(&mut app, KeyCode::F(5));
    type_text(&mut app, "cardio");
    press(&mut app, KeyCode::Enter);
    press(&mut app, KeyCode::Enter); // the first row: the earliest free slot
    press(&mut app, KeyCode::Enter);
    press(&mut app, KeyCode::F(2));
    assert_eq!(today_screen(&app).appointments.len(), 2);
    app
}

pub fn status_of(app: &App, dni: &str) -> Status {
    today_screen(app)
        .appointments
        .iter()
        .find(|a| a.patient_dni == dni)
        .unwrap()
        .status
}

pub fn select(app: &mut App, dni: &str) {
    press(app, KeyCode::Up);
    press(app, KeyCode::Up);
    while today_screen(app).selected_appointment().unwrap().patient_dni != dni {
        press(app, KeyCode::Down);
    }
}
