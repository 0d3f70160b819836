//! Orientation: the complaint form, the result and the emergency banner.

use crate::harness::*;

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
    press(&mut app, KeyCode::Enter);
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

/// A long complaint: the box scrolls with the cursor, which sits right after the last character
/// typed; the limit is on the box; and the result (specialty, urgency, disclaimer) shows first.
#[test]
fn a_long_complaint_scrolls_in_its_box_and_never_hides_the_result() {
    let mut app = orienting(Lang::Es, "45678912");
    let long = format!(
        "{} manchas en la piel que pican FIN",
        "desde hace dos semanas tengo molestias que van y vienen, a veces peor por la noche, ".repeat(4)
    );
    type_text(&mut app, &long);
    let mut term = Terminal::new(TestBackend::new(80, 24)).unwrap();
    term.draw(|f| render(&app, f)).unwrap();
    let pos = term.get_cursor_position().unwrap();
    let buf = term.backend().buffer().clone();
    let before: String = (pos.x.saturating_sub(3)..pos.x)
        .map(|x| buf[(x, pos.y)].symbol().to_string())
        .collect();
    assert_eq!(
        before, "FIN",
        "the cursor is right after the last character typed"
    );
    let shown = screen(&app, 80, 24);
    assert!(
        shown.contains("que pican FIN"),
        "scrolled to the cursor:\n{shown}"
    );
    let n = long.chars().count();
    assert!(
        shown.contains(&format!("{n}/2000")),
        "the limit is shown:\n{shown}"
    );
    insta::assert_snapshot!("orientation_long_complaint_80x24", shown);
    press(&mut app, KeyCode::Enter);
    assert!(orientation_screen(&app).result.is_some());
    let shown = screen(&app, 80, 24);
    for needed in ["Recomendada", "Urgencia", "Orientación, no"] {
        assert!(shown.contains(needed), "{needed} on screen:\n{shown}");
    }
    insta::assert_snapshot!("orientation_long_result_80x24", shown);
}

#[test]
fn text_past_the_complaint_limit_is_refused_with_a_word() {
    let mut app = orienting(Lang::En, "45678912");
    let max = saludya::domain::orientation::store::MAX_TEXT_CHARS;
    app.paste(&"a".repeat(max));
    type_text(&mut app, "b");
    let flash = app.desk.flash.clone().unwrap();
    assert!(
        flash.kind == FlashKind::Warning && flash.text.contains("limit"),
        "{flash:?}"
    );
    assert!(screen(&app, 80, 24).contains(&format!("{max}-character limit reached")));
}

/// After Enter on the result, the rest of a sentence typed by habit does nothing: no booking,
/// no edit (`b` and `e` used to book and edit).
#[test]
fn typing_on_the_result_does_nothing() {
    let mut app = orienting(Lang::Es, "45678912");
    type_text(&mut app, "tengo manchas en la piel que me pican");
    press(&mut app, KeyCode::Enter);
    type_text(&mut app, " y también me duele la espalda, bueno eso");
    assert!(matches!(app.screen(), Screen::Orientation(_)));
    assert!(orientation_screen(&app).result.is_some(), "still the result");
    ctrl(&mut app, 'e');
    assert!(
        orientation_screen(&app).result.is_none(),
        "Ctrl-E edits the complaint"
    );
}
