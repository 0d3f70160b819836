//! Patients: type-ahead search and the new/edit form.

use crate::harness::*;

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
    let problems = |app: &App| -> Vec<bool> {
        let form = patients_screen(app).form.as_ref().unwrap();
        form.errors.iter().map(Option::is_some).collect()
    };
    // The empty last name is not flagged the moment the cursor passes by...
    assert_eq!(
        problems(&app),
        [false, true, false, false, true, false, false, false]
    );
    let before = count_patients(&app);
    ctrl(&mut app, 's');
    assert_eq!(count_patients(&app), before, "nothing saved");
    // ...but when saving.
    assert_eq!(
        problems(&app),
        [false, true, false, true, true, false, false, false]
    );
    let shown = screen(&app, 120, 40);
    for error in ["Invalid DNI", "it is required"] {
        assert_eq!(
            shown.matches(error).count(),
            1,
            "each problem is shown once ({error}):\n{shown}"
        );
    }
    assert!(
        shown.contains("Number *") && shown.contains("* required"),
        "{shown}"
    );
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
    // No letter answers (`s`, `n`, `y` are in names); Esc says no.
    type_text(&mut app, "sny");
    assert_eq!(app.overlay, Overlay::ConfirmQuit);
    assert!(!app.quit);
    assert!(
        screen(&app, 80, 24).contains("Enter sí"),
        "the status bar shows the question's keys"
    );
    press(&mut app, KeyCode::Esc);
    assert_eq!(app.overlay, Overlay::None);
    assert!(!app.quit);
    assert_eq!(
        patients_screen(&app).form.as_ref().unwrap().fields[1].value,
        "4",
        "input kept"
    );
    ctrl(&mut app, 'c');
    press(&mut app, KeyCode::Enter);
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

/// F2–F5 with unsaved input ask first, like Esc and Ctrl-C: Esc stays (input kept), Enter
/// goes (discarding it). Without unsaved input they just switch.
#[test]
fn switching_tabs_with_unsaved_input_asks_first() {
    let mut app = logged_in(Lang::Es);
    ctrl(&mut app, 'n');
    type_text(&mut app, "4567");
    press(&mut app, KeyCode::F(2));
    assert_eq!(
        app.overlay,
        Overlay::ConfirmLeave(saludya::tui::action::Tab::Today)
    );
    let shown = screen(&app, 80, 24);
    assert!(
        shown.contains("¿Descartarlos") && shown.contains("ir a Hoy?"),
        "{shown}"
    );
    type_text(&mut app, "sy");
    assert_eq!(
        app.overlay,
        Overlay::ConfirmLeave(saludya::tui::action::Tab::Today),
        "no letter answers"
    );
    press(&mut app, KeyCode::Esc);
    assert_eq!(app.overlay, Overlay::None);
    assert_eq!(
        patients_screen(&app).form.as_ref().unwrap().fields[1].value,
        "4567",
        "kept"
    );
    press(&mut app, KeyCode::F(4));
    press(&mut app, KeyCode::Enter);
    assert!(matches!(app.screen(), Screen::Orientation(_)));
    // A typed complaint is unsaved input too.
    type_text(&mut app, "me duele");
    press(&mut app, KeyCode::F(3));
    assert!(matches!(app.overlay, Overlay::ConfirmLeave(_)));
    press(&mut app, KeyCode::Esc);
    assert_eq!(orientation_screen(&app).complaint.value, "me duele");
    ctrl(&mut app, 'u');
    press(&mut app, KeyCode::F(3));
    assert!(
        matches!(app.screen(), Screen::Patients(_)),
        "nothing to lose: no question"
    );
}

/// The document type is a choice shown in the desk's language (←→ or the initial), never the
/// internal code; a birth date may be typed DD/MM/AAAA.
#[test]
fn the_document_type_is_a_choice_and_dates_may_be_day_first() {
    let mut app = logged_in(Lang::Es);
    ctrl(&mut app, 'n');
    press(&mut app, KeyCode::BackTab); // to the document type
    type_text(&mut app, "pasaporte");
    let shown = screen(&app, 80, 24);
    assert!(shown.contains("◀ Pasaporte ▶"), "{shown}");
    assert!(!shown.contains("passport"), "no internal code:\n{shown}");
    press(&mut app, KeyCode::Right);
    assert!(screen(&app, 80, 24).contains("◀ DNI ▶"));
    press(&mut app, KeyCode::Left);
    assert!(screen(&app, 100, 30).contains("◀ Pasaporte ▶"));
    app.paste("ce");
    assert!(
        app.desk
            .flash
            .as_ref()
            .unwrap()
            .text
            .contains("Se ignoró lo pegado")
    );
    press(&mut app, KeyCode::Tab);
    type_text(&mut app, "MM7044345");
    press(&mut app, KeyCode::Tab);
    type_text(&mut app, "Wilhelmina Alexandra");
    press(&mut app, KeyCode::Tab);
    type_text(&mut app, "Schwarzenegger-Oyarzún de la Torre");
    press(&mut app, KeyCode::Tab);
    type_text(&mut app, "31/02/1988");
    press(&mut app, KeyCode::Tab);
    let shown = screen(&app, 80, 24);
    assert!(
        shown.contains("La fecha «31/02/1988» no existe"),
        "said as typed:\n{shown}"
    );
    press(&mut app, KeyCode::BackTab);
    ctrl(&mut app, 'u');
    type_text(&mut app, "7/3/1988");
    press(&mut app, KeyCode::Tab);
    assert!(
        patients_screen(&app).form.as_ref().unwrap().errors[4].is_none(),
        "DD/MM/AAAA accepted"
    );
    ctrl(&mut app, 's');
    assert!(patients_screen(&app).form.is_none(), "{:?}", app.desk.flash);
    let p = patients::resolve_patient(&app.desk.conn, "passport:MM7044345").unwrap();
    assert_eq!(p.birth_date.as_deref(), Some("1988-03-07"));
    // In the list the document is never cut, at any width; the long name is, with `…`.
    for w in [80, 100, 120] {
        let shown = screen(&app, w, 24);
        assert!(shown.contains("Pasaporte MM7044345"), "{w}:\n{shown}");
    }
    let shown = screen(&app, 80, 24);
    assert!(shown.contains("…"), "{shown}");
    insta::assert_snapshot!("patients_passport_80x24", shown);
}

/// The count says how many matched, not how many patients there are.
#[test]
fn the_search_counts_matches() {
    let mut app = logged_in(Lang::Es);
    assert!(screen(&app, 80, 24).contains("4 pacientes registrados"));
    type_text(&mut app, "garcia");
    assert!(screen(&app, 80, 24).contains("2 coincidencias"));
    ctrl(&mut app, 'u');
    type_text(&mut app, "quispe");
    assert!(screen(&app, 80, 24).contains("1 coincidencia"));
}
