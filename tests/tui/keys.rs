//! Keys and the frame: key resolution by mode, help, quitting, terminal size, sessions.

use crate::harness::*;

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
        // No letter is a command by itself: typing never quits.
        (commands, k(KeyCode::Char('q'), none), None),
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
        (commands, k(KeyCode::Char('?'), KeyModifiers::SHIFT), None),
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

/// While the "too small" notice hides the screen, keys and pastes change nothing behind it;
/// Ctrl-C still quits.
#[test]
fn while_the_terminal_is_too_small_keys_do_not_edit_the_hidden_screen() {
    let mut app = logged_in(Lang::Es);
    app.size = (70, 20);
    type_text(&mut app, "garcia");
    press(&mut app, KeyCode::Enter);
    app.paste("quispe");
    assert!(patients_screen(&app).query.value.is_empty());
    assert!(
        screen(&app, 120, 40).contains("muy pequeña"),
        "the notice follows the terminal's size"
    );
    app.size = (80, 24);
    type_text(&mut app, "g");
    assert_eq!(patients_screen(&app).query.value, "g");
    app.size = (79, 24);
    ctrl(&mut app, 'c');
    assert!(app.quit);
}

/// The header at every width from 80 columns: the tabs always whole, then who is logged in,
/// then the clinic, then the clock, each cut with `…` rather than drawn over another. (Between
/// 110 and 127 columns the user's name used to overwrite the tabs: "F5 ResRosa Recepción".)
#[test]
fn the_header_keeps_the_tabs_whole_and_names_the_user_at_any_width() {
    for (lang, tabs) in [
        (
            Lang::Es,
            ["F2 Hoy", "F3 Pacientes", "F4 Orientación", "F5 Reservar"],
        ),
        (Lang::En, ["F2 Today", "F3 Patients", "F4 Orientation", "F5 Book"]),
    ] {
        let mut app = logged_in(lang);
        let long = "María de los Ángeles Quispe Huamán de la Cruz";
        app.desk.session.as_mut().unwrap().staff.full_name = long.into();
        app.desk.settings.clinic_name = "Policlínico Parroquial San Juan Bautista de Lurigancho".into();
        for w in 80..=200u16 {
            let shown = screen(&app, w, 24);
            let header = shown.lines().next().unwrap();
            let mut at = 0;
            for tab in tabs {
                let found = header[at..]
                    .find(tab)
                    .unwrap_or_else(|| panic!("{tab} at {w}: {header}"));
                at += found + tab.len();
            }
            assert!(header.contains("María"), "who is logged in, at {w}: {header}");
            assert!(!header.contains("ResMar"), "{header}");
        }
        let header = screen(&app, 200, 24).lines().next().unwrap().to_string();
        assert!(
            header.contains(long) && header.contains("2026-03-02 09:00"),
            "{header}"
        );
        assert!(header.contains("Policlínico"), "{header}");
    }
}

/// The counter flow in command keys (text typed is not counted): find the patient, orient,
/// book the recommended specialty's earliest slot, take cash (the exact amount). For a patient
/// already registered, and for a new one (DNI typed in the search, the form filled with birth
/// date and sex so the orientation gets them, saved with Ctrl-S).
#[test]
fn the_counter_flow_in_command_keys() {
    struct Counted<'a> {
        app: &'a mut App,
        keys: usize,
    }
    impl Counted<'_> {
        fn key(&mut self, code: KeyCode) {
            self.keys += 1;
            press(self.app, code);
        }
        fn ctrl(&mut self, c: char) {
            self.keys += 1;
            ctrl(self.app, c);
        }
        fn text(&mut self, t: &str) {
            type_text(self.app, t);
        }
    }
    let complaint = "tengo manchas en la piel que me pican hace dos semanas";
    let finish = |c: &mut Counted| {
        c.text(complaint);
        c.key(KeyCode::Enter); // orient
        c.key(KeyCode::Enter); // book the recommended specialty
        c.key(KeyCode::Enter); // its earliest free slot (the first row)
        c.key(KeyCode::Enter); // confirm the booking
        c.key(KeyCode::Enter); // cash
        c.key(KeyCode::Enter); // the exact amount
    };
    let mut app = logged_in(Lang::Es);
    let mut c = Counted {
        app: &mut app,
        keys: 0,
    };
    c.text("45678912");
    c.key(KeyCode::Enter); // choose the patient
    finish(&mut c);
    let existing = c.keys;
    assert!(matches!(app.screen(), Screen::Payment(_)), "{:?}", app.desk.flash);
    assert!(app.desk.flash.as_ref().unwrap().text.contains("Pago registrado"));

    let mut app = logged_in(Lang::Es);
    let mut c = Counted {
        app: &mut app,
        keys: 0,
    };
    c.text("87654321");
    c.key(KeyCode::Enter); // unknown DNI: the form, with it
    c.text("Rosa");
    c.key(KeyCode::Enter);
    c.text("Huamán Soto");
    c.key(KeyCode::Enter);
    c.text("12/04/1987");
    c.key(KeyCode::Enter);
    c.text("f");
    c.ctrl('s'); // save
    c.key(KeyCode::Enter); // choose the patient just saved
    finish(&mut c);
    let new = c.keys;
    assert!(
        app.desk.flash.as_ref().unwrap().text.contains("Pago registrado"),
        "{:?}",
        app.desk.flash
    );
    assert_eq!((existing, new), (7, 12), "command keys: existing, new patient");
}
