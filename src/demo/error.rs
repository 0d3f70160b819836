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
    /// The schedules leave no day to put sample appointments on.
    #[error("{}", en(self))]
    NoSlots,
    /// The generator ran out of free document numbers (a bug in the generator).
    #[error("{}", en(self))]
    NoFreeDocuments,
}

impl DemoError {
    pub fn kind(&self) -> Kind {
        match self {
            DemoError::NoDoctors | DemoError::NoPatients | DemoError::NoSlots => Kind::Invalid,
            DemoError::NoFreeDocuments => Kind::Internal,
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
        DemoError::NoSlots => "Los médicos no tienen horarios: no hay dónde poner citas de ejemplo.".into(),
        DemoError::NoFreeDocuments => "No quedan documentos libres para pacientes de ejemplo.".into(),
    }
}

/// English.
fn en(e: &DemoError) -> String {
    match e {
        DemoError::NoDoctors => "There are no active doctors with a schedule: load the catalog first.".into(),
        DemoError::NoPatients => "There are no patients: add sample patients first.".into(),
        DemoError::NoSlots => {
            "The doctors have no schedules: there is nowhere to put sample appointments.".into()
        }
        DemoError::NoFreeDocuments => "No free documents left for sample patients.".into(),
    }
}
