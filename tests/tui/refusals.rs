//! The booking screen tells the domain's refusals apart (`src/tui/errors.rs`): a slot another
//! desk took, a doctor gone on time off, a doctor deactivated meanwhile — each says what to do
//! at the desk, never a CLI command, and nothing is booked for the patient.

use chrono::Duration;
use crossterm::event::KeyCode;
use saludya::domain::appointments::{self, AppointmentFilter};
use saludya::domain::catalog::{self, DoctorEdit, NewTimeOff};
use saludya::domain::patients;
use saludya::i18n::Lang;
use saludya::tui::App;
use saludya::tui::screens::booking::Step;

use crate::harness::*;

/// Ana at the counter, the first Cardiología slot chosen, its confirmation open.
fn confirming(lang: Lang) -> App {
    let mut app = at_cardiology(lang);
    press(&mut app, KeyCode::Down); // the first doctor (below the earliest-slot row)
    press(&mut app, KeyCode::Enter); // the first doctor's slots
    press(&mut app, KeyCode::Enter); // the first slot
    assert_eq!(booking_screen(&app).step, Step::Confirm, "{:?}", app.desk.flash);
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
    booking_screen(app).conflict.clone().unwrap_or_default()
}

#[test]
fn time_off_says_so_and_offers_another_slot_or_doctor() {
    let mut app = confirming(Lang::En);
    let slot = booking_screen(&app).chosen.clone().unwrap();
    let off = NewTimeOff::new(
        &slot.doctor_id,
        slot.start.naive() - Duration::hours(1),
        slot.start.naive() + Duration::days(2),
        "congreso",
    )
    .unwrap();
    saludya::db::write(&app.desk.conn, |tx| catalog::add_time_off(tx, &off, None, now())).unwrap();
    press(&mut app, KeyCode::Enter); // confirm
    let text = conflict(&app);
    assert!(
        text.contains("time off") && text.contains("another doctor"),
        "{text}"
    );
    assert!(!text.contains("saludya"), "no CLI command at the desk: {text}");
    assert_eq!(booking_screen(&app).step, Step::Slots);
    nothing_booked_for_ana(&app);
}

#[test]
fn a_deactivated_doctor_sends_the_desk_back_to_the_doctors() {
    let mut app = confirming(Lang::Es);
    let slot = booking_screen(&app).chosen.clone().unwrap();
    let edit = DoctorEdit {
        active: Some(false),
        ..DoctorEdit::default()
    };
    saludya::db::write(&app.desk.conn, |tx| {
        catalog::edit_doctor(tx, &slot.doctor_id, &edit, None, now())
    })
    .unwrap();
    press(&mut app, KeyCode::Enter); // confirm
    let text = conflict(&app);
    assert!(
        text.contains("desactivad") && text.contains("Elija otro médico de Cardiología"),
        "{text}"
    );
    assert!(!text.contains("saludya"), "{text}");
    assert_eq!(
        booking_screen(&app).step,
        Step::Doctors,
        "back to choose another doctor"
    );
    nothing_booked_for_ana(&app);
}
