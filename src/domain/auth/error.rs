//! The auth domain's typed errors, with their messages in one exhaustive match per language.

use crate::error::{AppError, Cause, Kind};
use crate::i18n::Text;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AuthError {
    /// Not logged in, the session expired, or it was closed.
    #[error("{}", en(self))]
    NoSession,
}

impl AuthError {
    pub fn kind(&self) -> Kind {
        match self {
            AuthError::NoSession => Kind::Unauthorized,
        }
    }
}

impl From<AuthError> for AppError {
    fn from(e: AuthError) -> AppError {
        AppError::new(e.kind(), Text::owned(es(&e), en(&e))).with_cause(Cause::Auth(e))
    }
}

fn es(e: &AuthError) -> String {
    match e {
        AuthError::NoSession => "No hay una sesión válida (no inició sesión, expiró o fue cerrada).".into(),
    }
}

fn en(e: &AuthError) -> String {
    match e {
        AuthError::NoSession => "There is no valid session (not logged in, expired or revoked).".into(),
    }
}
