//! Every user-facing text of the TUI, once per language. A missing translation is a compile
//! error: both tables fill the same struct. Domain error messages arrive already bilingual
//! (`crate::i18n::Text`).

use crate::i18n::Lang;

pub struct Strings {
    pub lang: Lang,
    // Frame.
    pub app_name: &'static str,
    pub tab_home: &'static str,
    pub help_title: &'static str,
    pub help_footer: &'static str,
    pub confirm_quit: &'static str,
    pub yes_no: &'static str,
    pub too_small: &'static str,
    // Key hints.
    pub h_quit: &'static str,
    pub h_help: &'static str,
    pub h_back: &'static str,
    pub h_next_field: &'static str,
    pub h_prev_field: &'static str,
    pub h_submit: &'static str,
    pub h_login: &'static str,
    pub h_unlock: &'static str,
    pub h_move: &'static str,
    pub h_logout: &'static str,
    // Login and lock.
    pub login_title: &'static str,
    pub login_intro: &'static str,
    pub email: &'static str,
    pub password: &'static str,
    pub login_empty: &'static str,
    pub lock_title: &'static str,
    pub lock_intro: fn(&str, i64) -> String,
    pub password_empty: &'static str,
    pub logged_out: &'static str,
    // Home.
    pub home_welcome: fn(&str) -> String,
    pub home_intro: &'static str,
}

pub static ES: Strings = Strings {
    lang: Lang::Es,
    app_name: "SaludYa",
    tab_home: "Inicio",
    help_title: "Teclas de esta pantalla",
    help_footer: "Cualquier tecla cierra esta ayuda",
    confirm_quit: "Hay datos sin guardar en el formulario. ¿Salir de todos modos?",
    yes_no: "s = sí · n = no",
    too_small: "La terminal es muy pequeña: se necesitan al menos 80×24.",
    h_quit: "salir",
    h_help: "ayuda",
    h_back: "volver",
    h_next_field: "campo siguiente",
    h_prev_field: "campo anterior",
    h_submit: "aceptar",
    h_login: "ingresar",
    h_unlock: "desbloquear",
    h_move: "mover",
    h_logout: "cerrar sesión",
    login_title: "Iniciar sesión",
    login_intro: "Ingrese con su cuenta del personal de la clínica.",
    email: "Correo",
    password: "Contraseña",
    login_empty: "Escriba el correo y la contraseña.",
    lock_title: "Sesión bloqueada",
    lock_intro: |name, minutes| {
        format!("Sin actividad por {minutes} min. {name}: escriba su contraseña para continuar.")
    },
    password_empty: "Escriba la contraseña.",
    logged_out: "Sesión cerrada.",
    home_welcome: |name| format!("Bienvenida/o, {name}."),
    home_intro: "Elija una pantalla con las teclas de función (la barra de abajo las muestra; ? o F1 para la ayuda).",
};

pub static EN: Strings = Strings {
    lang: Lang::En,
    app_name: "SaludYa",
    tab_home: "Home",
    help_title: "Keys on this screen",
    help_footer: "Any key closes this help",
    confirm_quit: "The form holds unsaved input. Quit anyway?",
    yes_no: "y = yes · n = no",
    too_small: "The terminal is too small: at least 80×24 is needed.",
    h_quit: "quit",
    h_help: "help",
    h_back: "back",
    h_next_field: "next field",
    h_prev_field: "previous field",
    h_submit: "accept",
    h_login: "log in",
    h_unlock: "unlock",
    h_move: "move",
    h_logout: "log out",
    login_title: "Log in",
    login_intro: "Log in with your clinic staff account.",
    email: "E-mail",
    password: "Password",
    login_empty: "Type the e-mail and the password.",
    lock_title: "Session locked",
    lock_intro: |name, minutes| {
        format!("No activity for {minutes} min. {name}: type your password to continue.")
    },
    password_empty: "Type the password.",
    logged_out: "Logged out.",
    home_welcome: |name| format!("Welcome, {name}."),
    home_intro: "Pick a screen with the function keys (the bar below shows them; ? or F1 for help).",
};

pub fn get(lang: Lang) -> &'static Strings {
    match lang {
        Lang::Es => &ES,
        Lang::En => &EN,
    }
}
