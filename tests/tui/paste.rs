//! Pastes (bracketed paste: one text event, never keys) go into the focused text field as text;
//! where no field has the focus they are ignored and the message line says so. The real
//! terminal's side (the mode is switched on and off) is tested in `tests/cli/tui.rs`.

use crate::harness::*;

fn stored_queries(app: &App) -> i64 {
    app.desk
        .conn
        .query_row("SELECT COUNT(*) FROM ai_queries", [], |r| r.get(0))
        .unwrap()
}

fn appointments_booked(app: &App) -> usize {
    appointments::list_appointments(&app.desk.conn, &AppointmentFilter::default())
        .unwrap()
        .len()
}

/// The WhatsApp message of the issue: two lines, the second full of letters that are keys
/// elsewhere (`b` books, `e` takes the earliest slot). Pasted into the complaint, it is the
/// complaint's text and nothing else happens.
#[test]
fn a_pasted_message_is_text_in_the_complaint_and_acts_on_nothing() {
    let mut app = orienting(Lang::Es, "45678912");
    app.paste("me duele la garganta desde ayer\nbe e s y\r\n");
    let o = orientation_screen(&app);
    assert_eq!(o.complaint.value, "me duele la garganta desde ayer be e s y");
    assert!(o.result.is_none(), "not oriented");
    assert_eq!(stored_queries(&app), 0);
    assert_eq!(appointments_booked(&app), 0);
    assert!(matches!(app.screen(), Screen::Orientation(_)));
    // The cursor is after the pasted text: typing goes on from there.
    type_text(&mut app, "x");
    assert!(orientation_screen(&app).complaint.value.ends_with("s yx"));
}

#[test]
fn a_paste_where_no_field_has_the_focus_is_ignored_with_a_note() {
    let mut app = at_cardiology(Lang::Es);
    app.paste("e\n\n");
    assert_eq!(booking_screen(&app).step, Step::Doctors, "no earliest slot taken");
    assert_eq!(appointments_booked(&app), 0);
    let flash = app.desk.flash.clone().unwrap();
    assert!(
        flash.kind == FlashKind::Warning && flash.text.contains("Se ignoró lo pegado"),
        "{flash:?}"
    );
    assert!(screen(&app, 80, 24).contains("Se ignoró lo pegado"));
}

#[test]
fn a_pasted_dni_searches_and_its_newline_chooses_nobody() {
    let mut app = logged_in(Lang::En);
    app.paste("45678912\n");
    assert_eq!(result_names(&app), vec!["Ana María García Pérez"]);
    assert!(app.desk.patient.is_none(), "the newline is not Enter");
    assert!(matches!(app.screen(), Screen::Patients(_)));
}

#[test]
fn a_paste_longer_than_the_field_says_how_much_was_kept() {
    let mut app = orienting(Lang::En, "45678912");
    let max = saludya::domain::orientation::store::MAX_TEXT_CHARS;
    app.paste(&"a".repeat(max + 20));
    assert_eq!(orientation_screen(&app).complaint.value.chars().count(), max);
    let flash = app.desk.flash.clone().unwrap();
    assert!(
        flash.kind == FlashKind::Warning && flash.text.contains(&format!("Pasted {max} of {}", max + 20)),
        "{flash:?}"
    );
}

/// A password manager's paste on the login screen goes into the password, masked.
#[test]
fn a_pasted_password_logs_in_only_with_enter() {
    let mut app = app(Lang::Es);
    type_text(&mut app, EMAIL);
    press(&mut app, KeyCode::Tab);
    app.paste(&format!("{PASSWORD}\n"));
    assert!(app.desk.session.is_none(), "the pasted newline does not submit");
    assert!(!screen(&app, 80, 24).contains(PASSWORD));
    press(&mut app, KeyCode::Enter);
    assert!(app.desk.session.is_some(), "{:?}", app.desk.flash);
}
