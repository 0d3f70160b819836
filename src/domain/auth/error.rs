//! The auth domain's typed errors, with their messages in one exhaustive match per language.
//! They reach the edge as an `AppError` whose [`Cause`] keeps the variant; the CLI's hints are
//! in `src/cli/errors.rs`. No message carries a secret (a password is never echoed).

use crate::error::{AppError, Cause, Kind};
use crate::i18n::Text;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AuthError {
    /// Not logged in, the session expired, or it was closed.
    #[error("{}", en(self))]
    NoSession,
    /// A role other than admin or receptionist.
    #[error("{}", en(self))]
    UnknownRole { input: String },
    /// The action is for administrators.
    #[error("{}", en(self))]
    AdminRequired,
    /// Not an e-mail address (`input` is already shortened for echoing).
    #[error("{}", en(self))]
    InvalidEmail { input: String },
    #[error("{}", en(self))]
    PasswordTooShort { min: usize },
    #[error("{}", en(self))]
    PasswordTooLong { max: usize },
    #[error("{}", en(self))]
    PasswordControlChars,
    /// zxcvbn scores it below 3 (or it is built from the e-mail, the name or the clinic).
    #[error("{}", en(self))]
    PasswordWeak,
    /// argon2 failed (an environment problem).
    #[error("{}", en(self))]
    HashFailed { reason: String },
    /// Wrong e-mail or password (never says which).
    #[error("{}", en(self))]
    BadCredentials,
    /// Login throttling: this e-mail must wait.
    #[error("{}", en(self))]
    Throttled { minutes: i64 },
    /// A password change whose current password is wrong.
    #[error("{}", en(self))]
    WrongCurrentPassword,
    /// A staff member's name too long or with control/invisible characters.
    #[error("{}", en(self))]
    StaffNameInvalid,
    /// Another account has that e-mail.
    #[error("{}", en(self))]
    EmailTaken { email: String },
    /// No account has that id.
    #[error("{}", en(self))]
    StaffNotFound { id: String },
    /// An admin's reset of their own password (one's own needs the current password).
    #[error("{}", en(self))]
    OwnPasswordReset,
}

impl AuthError {
    pub fn kind(&self) -> Kind {
        use AuthError::*;
        match self {
            NoSession | AdminRequired | BadCredentials | Throttled { .. } | WrongCurrentPassword => {
                Kind::Unauthorized
            }
            EmailTaken { .. } => Kind::Conflict,
            StaffNotFound { .. } => Kind::NotFound,
            HashFailed { .. } => Kind::Internal,
            UnknownRole { .. }
            | InvalidEmail { .. }
            | PasswordTooShort { .. }
            | PasswordTooLong { .. }
            | PasswordControlChars
            | PasswordWeak
            | StaffNameInvalid
            | OwnPasswordReset => Kind::Invalid,
        }
    }
}

impl From<AuthError> for AppError {
    fn from(e: AuthError) -> AppError {
        AppError::new(e.kind(), Text::owned(es(&e), en(&e))).with_cause(Cause::Auth(e))
    }
}

/// Spanish.
fn es(e: &AuthError) -> String {
    use AuthError::*;
    match e {
        NoSession => "No hay una sesión válida (no inició sesión, expiró o fue cerrada).".into(),
        UnknownRole { input } => format!("Rol desconocido «{input}»: use admin o receptionist."),
        AdminRequired => "Esta acción requiere el rol de administrador.".into(),
        InvalidEmail { input } => format!("Correo electrónico no válido: «{input}»"),
        PasswordTooShort { min } => format!("La contraseña debe tener al menos {min} caracteres."),
        PasswordTooLong { max } => format!("La contraseña no puede tener más de {max} caracteres."),
        PasswordControlChars => "La contraseña no puede contener caracteres de control.".into(),
        PasswordWeak => {
            "Esa contraseña es demasiado fácil de adivinar (o se arma con el correo, el nombre o la clínica)."
                .into()
        }
        HashFailed { reason } => format!("No se pudo calcular el hash: {reason}"),
        BadCredentials => "Correo o contraseña incorrectos.".into(),
        Throttled { minutes } => {
            format!("Demasiados intentos fallidos. Espere {minutes} min antes de volver a intentar.")
        }
        WrongCurrentPassword => "La contraseña actual no es correcta; no se cambió nada.".into(),
        StaffNameInvalid => {
            "El nombre debe tener como máximo 120 caracteres y sin caracteres de control ni invisibles."
                .into()
        }
        EmailTaken { email } => format!("Ya existe una cuenta con el correo {email}."),
        StaffNotFound { id } => format!("No existe la cuenta {id}."),
        OwnPasswordReset => "Su propia contraseña no se restablece: se cambia dando la actual.".into(),
    }
}

/// English.
fn en(e: &AuthError) -> String {
    use AuthError::*;
    match e {
        NoSession => "There is no valid session (not logged in, expired or revoked).".into(),
        UnknownRole { input } => format!("Unknown role '{input}': use admin or receptionist."),
        AdminRequired => "This action requires the admin role.".into(),
        InvalidEmail { input } => format!("Invalid e-mail address: '{input}'"),
        PasswordTooShort { min } => format!("The password must be at least {min} characters long."),
        PasswordTooLong { max } => format!("The password cannot be longer than {max} characters."),
        PasswordControlChars => "The password cannot contain control characters.".into(),
        PasswordWeak => {
            "That password is too easy to guess (or built from the e-mail, the name or the clinic).".into()
        }
        HashFailed { reason } => format!("Could not hash the password: {reason}"),
        BadCredentials => "Wrong e-mail or password.".into(),
        Throttled { minutes } => format!("Too many failed attempts. Wait {minutes} min before trying again."),
        WrongCurrentPassword => "The current password is wrong; nothing was changed.".into(),
        StaffNameInvalid => {
            "The name must be at most 120 characters, without control or invisible characters.".into()
        }
        EmailTaken { email } => format!("An account with e-mail {email} already exists."),
        StaffNotFound { id } => format!("No account {id}."),
        OwnPasswordReset => "Your own password is not reset: it is changed by giving the current one.".into(),
    }
}
