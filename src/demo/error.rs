//! The demo generator's typed errors, with their messages in one exhaustive match per language.
//! They name no command: the CLI adds `saludya demo --patients N` in its hint
//! (`src/cli/errors.rs`).

use crate::error::{AppError, Cause, Kind};
use crate::i18n::Text;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DemoError {
    /// No active doctor has a weekly schedule to fill.
    #[error("{}", en(self))]
    NoDoctors,
    /// Appointments need patients, and there are none.
    #[error("{}", en(self))]
    NoPatients,
}

impl DemoError {
    pub fn kind(&self) -> Kind {
        match self {
            DemoError::NoDoctors | DemoError::NoPatients => Kind::Invalid,
        }
    }
}

impl From<DemoError> for AppError {
    fn from(e: DemoError) -> AppError {
        AppError::new(e.kind(), Text::owned(es(&e), en(&e))).with_cause(Cause::Demo(e))
    }
}

/// Spanish.
fn es(e: &DemoError) -> String {
    match e {
        DemoError::NoDoctors => "No hay médicos activos con horario: cargue el catálogo primero.".into(),
        DemoError::NoPatients => "No hay pacientes: agregue pacientes de ejemplo primero.".into(),
    }
}

/// English.
fn en(e: &DemoError) -> String {
    match e {
        DemoError::NoDoctors => "There are no active doctors with a schedule: load the catalog first.".into(),
        DemoError::NoPatients => "There are no patients: add sample patients first.".into(),
    }
}
