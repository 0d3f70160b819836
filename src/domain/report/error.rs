//! The report read models' typed errors (reminders, the message template, calendars), with their
//! messages in one exhaustive match per language. They name no command-line flag: the CLI adds
//! `--from`/`--to` and `saludya settings set` in its hint (`src/cli/errors.rs`).

use chrono::NaiveDate;

use crate::error::{AppError, Cause, Kind};
use crate::i18n::Text;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReportError {
    /// A `{name}` in the reminder template that is not one of the placeholders.
    #[error("{}", en(self))]
    UnknownPlaceholder { name: String },
    /// A `{` without its `}` (or a `}` without its `{`): write `{{` / `}}` for a brace.
    #[error("{}", en(self))]
    UnbalancedBrace,
    /// The template is longer than a message should be.
    #[error("{}", en(self))]
    TemplateTooLong { max: usize },
    /// Control or invisible characters in the template.
    #[error("{}", en(self))]
    TemplateUnsafe,
    /// The first day of a range is after the last.
    #[error("{}", en(self))]
    RangeReversed { from: NaiveDate, to: NaiveDate },
    /// A calendar range longer than a year.
    #[error("{}", en(self))]
    RangeTooLong { days: i64, max: i64 },
}

impl ReportError {
    pub fn kind(&self) -> Kind {
        match self {
            ReportError::UnknownPlaceholder { .. }
            | ReportError::UnbalancedBrace
            | ReportError::TemplateTooLong { .. }
            | ReportError::TemplateUnsafe
            | ReportError::RangeReversed { .. }
            | ReportError::RangeTooLong { .. } => Kind::Invalid,
        }
    }
}

impl From<ReportError> for AppError {
    fn from(e: ReportError) -> AppError {
        AppError::new(e.kind(), Text::owned(es(&e), en(&e))).with_cause(Cause::Report(e))
    }
}

/// Spanish.
fn es(e: &ReportError) -> String {
    match e {
        ReportError::UnknownPlaceholder { name } => format!(
            "Marcador desconocido {{{name}}} en la plantilla del recordatorio: use {}.",
            super::template::PLACEHOLDERS_ES.join(" ")
        ),
        ReportError::UnbalancedBrace => {
            "La plantilla del recordatorio tiene una llave sin cerrar: cada { necesita su } (para una llave escriba {{ o }}).".into()
        }
        ReportError::TemplateTooLong { max } => {
            format!("La plantilla del recordatorio es demasiado larga (máximo {max} caracteres).")
        }
        ReportError::TemplateUnsafe => {
            "La plantilla del recordatorio tiene caracteres de control o invisibles.".into()
        }
        ReportError::RangeReversed { from, to } => {
            format!("El rango de fechas está invertido: {from} es posterior a {to}.")
        }
        ReportError::RangeTooLong { days, max } => {
            format!("El rango abarca {days} días: como máximo {max} (un año).")
        }
    }
}

/// English.
fn en(e: &ReportError) -> String {
    match e {
        ReportError::UnknownPlaceholder { name } => format!(
            "Unknown placeholder {{{name}}} in the reminder template: use {}.",
            super::template::PLACEHOLDERS_ES.join(" ")
        ),
        ReportError::UnbalancedBrace => {
            "The reminder template has an unclosed brace: every { needs its } (write {{ or }} for a brace)."
                .into()
        }
        ReportError::TemplateTooLong { max } => {
            format!("The reminder template is too long (at most {max} characters).")
        }
        ReportError::TemplateUnsafe => "The reminder template has control or invisible characters.".into(),
        ReportError::RangeReversed { from, to } => {
            format!("The date range is reversed: {from} is after {to}.")
        }
        ReportError::RangeTooLong { days, max } => {
            format!("The range spans {days} days: at most {max} (a year).")
        }
    }
}
