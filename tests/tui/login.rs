//! Login and the idle lock.

use crate::harness::*;

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
fn screens_at_both_sizes() {
    for lang in [Lang::Es, Lang::En] {
        let app = app(lang);
        insta::assert_snapshot!(format!("login_{}_120x40", lang.code()), screen(&app, 120, 40));
    }
}

/// The last e-mail is offered and the cursor waits in the (hidden) password; another
/// receptionist who types her own e-mail there gets it moved to "E-mail", not a failed login.
#[test]
fn an_email_typed_in_the_password_field_goes_to_the_email_field() {
    let first = logged_in(Lang::Es);
    let App { mut desk, .. } = first;
    let other = NewStaff::new("lucia@clinica.pe", "Lucía Ramos", Role::Receptionist).unwrap();
    desk.conn
        .write(|tx| auth::create_staff(tx, &other, PASSWORD, None, now()))
        .unwrap();
    desk.session = None;
    let mut app = App::new(desk.conn, Settings::default(), Clock::Fixed(now()), Lang::Es);
    let shown = screen(&app, 80, 24);
    assert!(
        shown.contains("Contraseña de rosa@clinica.pe"),
        "whose password: {shown}"
    );
    type_text(&mut app, "lucia@clinica.pe");
    press(&mut app, KeyCode::Enter);
    let Screen::Login(login) = app.screen() else {
        panic!("login")
    };
    assert_eq!(login.email.value, "lucia@clinica.pe");
    assert!(login.password.value.is_empty());
    assert!(screen(&app, 80, 24).contains("Eso era un correo"));
    type_text(&mut app, PASSWORD);
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.desk.session.as_ref().unwrap().staff.email, "lucia@clinica.pe");
}

/// The lock asks only the password and says so when it is wrong; Ctrl-O lets someone else take
/// over (this session ends, the login opens empty).
#[test]
fn the_lock_says_wrong_password_and_lets_someone_else_take_over() {
    let mut app = logged_in(Lang::Es);
    let token = app.desk.session.as_ref().unwrap().token.clone();
    let minutes = app.desk.settings.idle_lock_minutes;
    advance(&mut app, Duration::minutes(minutes));
    app.update(Action::Tick);
    assert!(app.lock.is_some());
    type_text(&mut app, "no-es-esta");
    press(&mut app, KeyCode::Enter);
    let shown = screen(&app, 80, 24);
    assert!(shown.contains("Contraseña incorrecta"), "{shown}");
    assert!(!shown.contains("Correo o contraseña"), "{shown}");
    assert!(shown.contains("Ctrl-O"), "{shown}");
    ctrl(&mut app, 'o');
    assert!(app.lock.is_none() && app.desk.session.is_none());
    let Screen::Login(login) = app.screen() else {
        panic!("login")
    };
    assert!(login.email.is_empty(), "no e-mail offered to the next person");
    assert!(
        auth::validate_token(&app.desk.conn, &token, now()).is_err(),
        "the locked session is closed"
    );
}
