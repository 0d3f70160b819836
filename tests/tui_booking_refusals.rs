//! The booking screen tells the domain's refusals apart (`src/tui/errors.rs`): a slot another
//! desk took, a doctor gone on time off, a doctor deactivated meanwhile — each says what to do
//! at the desk, never a CLI command, and nothing is booked.

use chrono::{DateTime, Duration, Utc};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use saludya::clock::Clock;
use saludya::domain::appointments::{self, AppointmentFilter, BookingRequest};
use saludya::domain::auth::{self, NewStaff, Role};
use saludya::domain::catalog::settings::Settings;
use saludya::domain::catalog::{self, DoctorEdit, NewTimeOff};
use saludya::domain::patients::{self, NewPatient, PatientInput};
use saludya::i18n::Lang;
use saludya::tui::App;
use saludya::tui::screens::Screen;
use saludya::tui::screens::booking::{State, Step};

const EMAIL: &str = "rosa@clinica.pe";
const PASSWORD: &str = "girasol-montaña-cuaderno-rojo";

/// Monday 2 March 2026, 09:00 in Lima.
fn now() -> DateTime<Utc> {
    "2026-03-02T14:00:00Z".parse().unwrap()
}

fn press(app: &mut App, code: KeyCode) {
    app.handle_key(KeyEvent::new(code, KeyModifiers::NONE));
}

fn type_text(app: &mut App, text: &str) {
    for c in text.chars() {
        press(app, KeyCode::Char(c));
    }
}

fn booking(app: &App) -> &State {
    match app.screen() {
        Screen::Booking(b) => b,
        _ => panic!("not on the booking screen"),
    }
}

/// Logged in, Ana at the counter, a Cardiología slot chosen and its confirmation open.
fn confirming(lang: Lang) -> App {
    let mut conn = saludya::db::open_in_memory().unwrap();
    let t0 = now() - Duration::days(30);
    let new = NewStaff::new(EMAIL, "Rosa Quispe", Role::Receptionist).unwrap();
    auth::create_staff(&conn, &new, PASSWORD, t0).unwrap();
    saludya::db::write(&mut conn, |tx| {
        catalog::fixtures::load(tx, t0)?;
        for (dni, first) in [("45678912", "Ana"), ("10203040", "José")] {
            let input = PatientInput {
                doc_number: dni.into(),
                first_name: first.into(),
                last_name: "García".into(),
                ..PatientInput::default()
            };
            patients::add(tx, &NewPatient::parse(&input, now().date_naive())?, None, t0)?;
        }
        Ok(())
    })
    .unwrap();
    let mut app = App::new(conn, Settings::default(), Clock::Fixed(now()), lang);
    type_text(&mut app, EMAIL);
    press(&mut app, KeyCode::Enter);
    type_text(&mut app, PASSWORD);
    press(&mut app, KeyCode::Enter);
    type_text(&mut app, "45678912");
    press(&mut app, KeyCode::Enter);
    press(&mut app, KeyCode::F(5));
    press(&mut app, KeyCode::Char('/'));
    type_text(&mut app, "cardio");
    press(&mut app, KeyCode::Enter);
    press(&mut app, KeyCode::Enter); // the first doctor's slots
    press(&mut app, KeyCode::Enter); // the first slot
    assert_eq!(booking(&app).step, Step::Confirm, "{:?}", app.desk.flash);
    app
}

fn nothing_booked_for_ana(app: &App) {
    let ana = patients::resolve_patient(&app.desk.conn, "45678912").unwrap();
    let filter = AppointmentFilter {
        patient_id: Some(ana.id),
        ..AppointmentFilter::default()
    };
    assert!(
        appointments::list_appointments(&app.desk.conn, &filter)
            .unwrap()
            .is_empty()
    );
}

fn conflict(app: &App) -> String {
    booking(app).conflict.clone().unwrap_or_default()
}

#[test]
fn a_taken_slot_sends_the_desk_back_to_the_slots() {
    let mut app = confirming(Lang::En);
    let slot = booking(&app).chosen.clone().unwrap();
    let other = patients::resolve_patient(&app.desk.conn, "10203040").unwrap();
    let req = BookingRequest::new(&other.id, &slot.doctor_id, &slot.start.to_string(), None, None).unwrap();
    saludya::db::write_typed(&mut app.desk.conn, |tx| appointments::book(tx, &req, None, now())).unwrap();
    press(&mut app, KeyCode::Enter);
    assert_eq!(booking(&app).step, Step::Slots);
    assert!(conflict(&app).contains("already booked"), "{}", conflict(&app));
    nothing_booked_for_ana(&app);
}

#[test]
fn time_off_says_so_and_offers_another_slot_or_doctor() {
    let mut app = confirming(Lang::En);
    let slot = booking(&app).chosen.clone().unwrap();
    let off = NewTimeOff::new(
        &slot.doctor_id,
        slot.start.naive() - Duration::hours(1),
        slot.start.naive() + Duration::days(2),
        "congreso",
    )
    .unwrap();
    saludya::db::write(&mut app.desk.conn, |tx| {
        catalog::add_time_off(tx, &off, None, now())
    })
    .unwrap();
    press(&mut app, KeyCode::Enter);
    let text = conflict(&app);
    assert!(
        text.contains("time off") && text.contains("another doctor"),
        "{text}"
    );
    assert!(!text.contains("saludya"), "no CLI command at the desk: {text}");
    assert_eq!(booking(&app).step, Step::Slots);
    nothing_booked_for_ana(&app);
}

#[test]
fn a_deactivated_doctor_sends_the_desk_back_to_the_doctors() {
    let mut app = confirming(Lang::Es);
    let slot = booking(&app).chosen.clone().unwrap();
    let edit = DoctorEdit {
        active: Some(false),
        ..DoctorEdit::default()
    };
    saludya::db::write(&mut app.desk.conn, |tx| {
        catalog::edit_doctor(tx, &slot.doctor_id, &edit, None, now())
    })
    .unwrap();
    press(&mut app, KeyCode::Enter);
    let text = conflict(&app);
    assert!(
        text.contains("desactivado") && text.contains("Elija otro médico de Cardiología"),
        "{text}"
    );
    assert!(!text.contains("saludya"), "{text}");
    assert_eq!(booking(&app).step, Step::Doctors, "back to choose another doctor");
    nothing_booked_for_ana(&app);
}
