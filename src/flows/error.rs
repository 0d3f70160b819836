//! The export read model's typed errors, with their messages in one exhaustive match per
//! language. They name no command-line flag: the CLI adds `--from`/`--to` in its hint
//! (`src/cli/errors.rs`).

use chrono::NaiveDate;

use crate::error::{AppError, Cause, Kind};
use crate::i18n::Text;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ExportError {
    /// The first day of the range is after the last.
    #[error("{}", en(self))]
    RangeReversed { from: NaiveDate, to: NaiveDate },
    /// A status filter that is none of the six (`input` already shortened).
    #[error("{}", en(self))]
    UnknownStatus { input: String },
    /// A CSV delimiter that could be confused with data or quoting.
    #[error("{}", en(self))]
    BadDelimiter,
}

impl ExportError {
    pub fn kind(&self) -> Kind {
        match self {
            ExportError::RangeReversed { .. }
            | ExportError::UnknownStatus { .. }
            | ExportError::BadDelimiter => Kind::Invalid,
        }
    }
}

impl From<ExportError> for AppError {
    fn from(e: ExportError) -> AppError {
        AppError::new(e.kind(), Text::owned(es(&e), en(&e))).with_cause(Cause::Export(e))
    }
}

/// Spanish.
fn es(e: &ExportError) -> String {
    match e {
        ExportError::RangeReversed { from, to } => {
            format!("El rango de fechas está invertido: {from} es posterior a {to}.")
        }
        ExportError::UnknownStatus { input } => format!(
            "Estado desconocido «{input}»: use {}.",
            super::export::STATUSES.join(", ")
        ),
        ExportError::BadDelimiter => {
            "El separador debe ser un solo carácter: , ; | o tab (no letras, dígitos ni comillas).".into()
        }
    }
}

/// English.
fn en(e: &ExportError) -> String {
    match e {
        ExportError::RangeReversed { from, to } => {
            format!("The date range is reversed: {from} is after {to}.")
        }
        ExportError::UnknownStatus { input } => format!(
            "Unknown status '{input}': use {}.",
            super::export::STATUSES.join(", ")
        ),
        ExportError::BadDelimiter => {
            "The delimiter must be one character: , ; | or tab (no letters, digits or quotes).".into()
        }
    }
}
