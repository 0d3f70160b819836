//! The patients domain's typed errors (finding and registering a patient), with their messages
//! in one exhaustive match per language. They reach the edge as an `AppError` whose [`Cause`]
//! keeps the variant, so the CLI can add its hint and the TUI its own advice.

use super::DocType;
use crate::error::{AppError, Cause, Kind};
use crate::i18n::Text;
use crate::ids::PatientId;

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum PatientError {
    /// No patient has that document.
    #[error("{}", en(self))]
    NotFoundByDocument { doc_type: DocType, number: String },
    /// What was typed is neither a document number nor a patient id.
    #[error("{}", en(self))]
    NeitherDocumentNorId { input: String },
    /// Another patient already has that document.
    #[error("{}", en(self))]
    DuplicateDocument {
        id: PatientId,
        name: String,
        document: Text,
        /// How to name that patient again (the DNI, or `TYPE:NUMBER`).
        address: String,
    },
    /// An empty search.
    #[error("{}", en(self))]
    EmptySearch,
    /// A DNI is exactly 8 digits.
    #[error("{}", en(self))]
    InvalidDni { input: String },
}

impl PatientError {
    pub fn kind(&self) -> Kind {
        match self {
            PatientError::NotFoundByDocument { .. } => Kind::NotFound,
            PatientError::DuplicateDocument { .. } => Kind::Conflict,
            PatientError::NeitherDocumentNorId { .. }
            | PatientError::EmptySearch
            | PatientError::InvalidDni { .. } => Kind::Invalid,
        }
    }
}

impl From<PatientError> for AppError {
    fn from(e: PatientError) -> AppError {
        AppError::new(e.kind(), Text::owned(es(&e), en(&e))).with_cause(Cause::Patient(e))
    }
}

fn es(e: &PatientError) -> String {
    match e {
        PatientError::NotFoundByDocument { doc_type, number } => {
            format!("No hay ningún paciente con {} {number}.", doc_type.label().es)
        }
        PatientError::NeitherDocumentNorId { input } => {
            format!("«{input}» no es un documento ni un id de paciente.")
        }
        PatientError::DuplicateDocument {
            id, name, document, ..
        } => format!("Ya existe un paciente con {}: {name} (id {id}).", document.es),
        PatientError::EmptySearch => "Escriba parte de un nombre o de un documento.".into(),
        PatientError::InvalidDni { input } => {
            format!("DNI no válido «{input}»: debe tener exactamente 8 dígitos.")
        }
    }
}

fn en(e: &PatientError) -> String {
    match e {
        PatientError::NotFoundByDocument { doc_type, number } => {
            format!("There is no patient with {} {number}.", doc_type.label().en)
        }
        PatientError::NeitherDocumentNorId { input } => {
            format!("'{input}' is neither a document number nor a patient id.")
        }
        PatientError::DuplicateDocument {
            id, name, document, ..
        } => format!("A patient with {} already exists: {name} (id {id}).", document.en),
        PatientError::EmptySearch => "Type part of a name or of a document number.".into(),
        PatientError::InvalidDni { input } => format!("Invalid DNI '{input}': it must be exactly 8 digits."),
    }
}
