//! The audit trail's typed errors, with their messages in one exhaustive match per language.
//! A broken chain is an internal failure (exit 1): the database was changed outside the program.

use crate::error::{AppError, Cause, Kind};
use crate::i18n::Text;

/// What is wrong with one row of the chain (`audit verify` names the first).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Problem {
    /// The row's fields do not give its stored hash: it was edited (or written by hand).
    Edited,
    /// The row does not follow the one before it (its `prev_hash` is not that row's hash): a row
    /// before it was inserted, replaced or deleted.
    Unlinked,
    /// The row's position is not the one after the row before it: rows before it were deleted
    /// (`expected` is the position that is missing).
    Missing { expected: i64 },
}

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum AuditError {
    /// The first bad row of the chain.
    #[error("{}", en(self))]
    Broken {
        row: i64,
        problem: Problem,
        checked: u64,
    },
    /// The head hash the clinic noted is not in the chain (rewritten or cut short since).
    #[error("{}", en(self))]
    HeadNotFound { head: String, rows: u64 },
    /// A head hash that is not 64 hexadecimal digits.
    #[error("{}", en(self))]
    HeadInvalid,
    /// A change whose before/after holds a field that must never be stored (a program bug).
    #[error("{}", en(self))]
    SecretField { field: String },
    /// `--from` after `--to`.
    #[error("{}", en(self))]
    RangeReversed { from: String, to: String },
}

impl AuditError {
    pub fn kind(&self) -> Kind {
        match self {
            AuditError::Broken { .. } | AuditError::HeadNotFound { .. } | AuditError::SecretField { .. } => {
                Kind::Internal
            }
            AuditError::HeadInvalid | AuditError::RangeReversed { .. } => Kind::Invalid,
        }
    }
}

impl From<AuditError> for AppError {
    fn from(e: AuditError) -> AppError {
        AppError::new(e.kind(), Text::owned(es(&e), en(&e))).with_cause(Cause::Audit(e))
    }
}

fn es(e: &AuditError) -> String {
    match e {
        AuditError::Broken {
            row,
            problem,
            checked,
        } => {
            let what = match problem {
                Problem::Edited => {
                    "su contenido no corresponde a su hash (fue modificada o agregada fuera del programa)"
                        .to_string()
                }
                Problem::Unlinked => {
                    "no sigue a la fila anterior (se insertó, reemplazó o borró una fila antes de ella)"
                        .to_string()
                }
                Problem::Missing { expected } => {
                    format!("falta la fila {expected} antes de ella (se borraron filas)")
                }
            };
            format!(
                "El registro de auditoría fue alterado: fila {row}: {what}. Filas correctas antes de ella: {checked}."
            )
        }
        AuditError::HeadNotFound { head, rows } => format!(
            "El hash de cabecera {head} no está en el registro de auditoría ({rows} filas): la cadena fue reescrita o recortada desde que se anotó."
        ),
        AuditError::HeadInvalid => "El hash de cabecera debe tener 64 dígitos hexadecimales.".into(),
        AuditError::SecretField { field } => format!(
            "Un cambio iba a guardar el campo «{field}» en el registro de auditoría, que nunca guarda secretos: no se guardó nada."
        ),
        AuditError::RangeReversed { from, to } => {
            format!("La fecha inicial ({from}) es posterior a la final ({to}).")
        }
    }
}

fn en(e: &AuditError) -> String {
    match e {
        AuditError::Broken {
            row,
            problem,
            checked,
        } => {
            let what = match problem {
                Problem::Edited => {
                    "its contents do not match its hash (it was changed or added outside the program)"
                        .to_string()
                }
                Problem::Unlinked => {
                    "it does not follow the row before it (a row before it was inserted, replaced or deleted)"
                        .to_string()
                }
                Problem::Missing { expected } => {
                    format!("row {expected} before it is missing (rows were deleted)")
                }
            };
            format!("The audit trail was tampered with: row {row}: {what}. Good rows before it: {checked}.")
        }
        AuditError::HeadNotFound { head, rows } => format!(
            "The head hash {head} is not in the audit trail ({rows} rows): the chain was rewritten or cut short since it was noted."
        ),
        AuditError::HeadInvalid => "The head hash must be 64 hexadecimal digits.".into(),
        AuditError::SecretField { field } => format!(
            "A change was about to store the field '{field}' in the audit trail, which never holds secrets: nothing was saved."
        ),
        AuditError::RangeReversed { from, to } => {
            format!("The start date ({from}) is after the end date ({to}).")
        }
    }
}
