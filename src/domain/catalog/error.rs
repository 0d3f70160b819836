//! The catalog's typed errors (lookups a person types), with their messages in one exhaustive
//! match per language. They reach the edge as an `AppError` whose [`Cause`] keeps the variant.

use crate::error::{AppError, Cause, Kind};
use crate::i18n::Text;

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum CatalogError {
    /// No doctor matches what was typed (id, prefix or name).
    #[error("{}", en(self))]
    DoctorNotFound { input: String },
    /// A name that matches several doctors.
    #[error("{}", en(self))]
    DoctorAmbiguous { input: String, names: Vec<String> },
    /// No specialty matches what was typed.
    #[error("{}", en(self))]
    SpecialtyNotFound { input: String },
}

impl CatalogError {
    pub fn kind(&self) -> Kind {
        match self {
            CatalogError::DoctorNotFound { .. } | CatalogError::SpecialtyNotFound { .. } => Kind::NotFound,
            CatalogError::DoctorAmbiguous { .. } => Kind::Invalid,
        }
    }
}

impl From<CatalogError> for AppError {
    fn from(e: CatalogError) -> AppError {
        AppError::new(e.kind(), Text::owned(es(&e), en(&e))).with_cause(Cause::Catalog(e))
    }
}

fn es(e: &CatalogError) -> String {
    match e {
        CatalogError::DoctorNotFound { input } => format!("No existe el médico «{input}»."),
        CatalogError::DoctorAmbiguous { input, names } => {
            format!("«{input}» coincide con varios médicos: {}…", names.join(", "))
        }
        CatalogError::SpecialtyNotFound { input } => format!("No existe la especialidad «{input}»."),
    }
}

fn en(e: &CatalogError) -> String {
    match e {
        CatalogError::DoctorNotFound { input } => format!("No doctor '{input}'."),
        CatalogError::DoctorAmbiguous { input, names } => {
            format!("'{input}' matches several doctors: {}…", names.join(", "))
        }
        CatalogError::SpecialtyNotFound { input } => format!("No specialty '{input}'."),
    }
}
