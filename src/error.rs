//! The one error that reaches the edge: a kind (which becomes the exit code), a message and an
//! optional hint, both in Spanish and English. Domain modules keep their own typed errors (with
//! data, `thiserror`) and convert into this one with `From`; the typed error rides along as the
//! [`Cause`], so a front end can still tell the cases apart and add its own next step (the CLI's
//! hints live in `src/cli/errors.rs`, the TUI's advice in `src/tui/errors.rs`).

use std::fmt;

use crate::i18n::{Lang, Text};

/// What went wrong, from the caller's point of view. Mirrors the original HTTP statuses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// 500: a bug or an environment failure (disk, corrupted file).
    Internal,
    /// 400: invalid input or usage.
    Invalid,
    /// 401/403: not logged in, session expired, or the role does not allow it.
    Unauthorized,
    /// 404: the thing named does not exist.
    NotFound,
    /// 409: slot taken, duplicate, invalid status change.
    Conflict,
    /// 402: the payment was declined.
    Declined,
    /// stdout was closed by the reader (`| head`): not an error, exit 0 quietly.
    PipeClosed,
}

impl Kind {
    /// The process exit code for this kind (the command-line contract in DESIGN.md).
    pub fn exit_code(self) -> u8 {
        match self {
            Kind::Internal => 1,
            Kind::Invalid => 2,
            Kind::Unauthorized => 3,
            Kind::NotFound => 4,
            Kind::Conflict => 5,
            Kind::Declined => 6,
            Kind::PipeClosed => 0,
        }
    }

    /// Stable machine-readable name, used as `kind` in JSON errors.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Internal => "internal",
            Kind::Invalid => "invalid",
            Kind::Unauthorized => "unauthorized",
            Kind::NotFound => "not_found",
            Kind::Conflict => "conflict",
            Kind::Declined => "declined",
            Kind::PipeClosed => "pipe_closed",
        }
    }
}

/// An error with its kind, a bilingual message and an optional next step.
#[derive(Debug, Clone)]
pub struct AppError {
    pub kind: Kind,
    pub detail: Text,
    pub hint: Option<Text>,
    /// The domain's typed error this one was made from, if any.
    pub cause: Option<Box<Cause>>,
}

/// A domain's typed error, kept inside an [`AppError`] for the front ends to match on.
#[derive(Debug, Clone)]
pub enum Cause {
    Appointment(crate::domain::appointments::AppointmentError),
    Catalog(crate::domain::catalog::CatalogError),
    Patient(crate::domain::patients::PatientError),
    Auth(crate::domain::auth::AuthError),
    Payment(crate::domain::payments::PaymentError),
    /// The audit trail's (`src/domain/audit/`).
    Audit(crate::domain::audit::AuditError),
    Orientation(crate::domain::orientation::OrientationError),
    Waitlist(crate::domain::waitlist::WaitlistError),
    /// The export read model's (`src/flows/export.rs`).
    Export(crate::flows::export::ExportError),
    /// The demo generator's (`src/demo/`).
    Demo(crate::demo::DemoError),
    /// The report read models' (`src/domain/report/`: reminder template, calendar ranges).
    Report(crate::domain::report::ReportError),
}

pub type AppResult<T> = Result<T, AppError>;

impl AppError {
    pub fn new(kind: Kind, detail: Text) -> Self {
        AppError {
            kind,
            detail,
            hint: None,
            cause: None,
        }
    }

    pub fn invalid(detail: Text) -> Self {
        Self::new(Kind::Invalid, detail)
    }

    pub fn not_found(detail: Text) -> Self {
        Self::new(Kind::NotFound, detail)
    }

    pub fn conflict(detail: Text) -> Self {
        Self::new(Kind::Conflict, detail)
    }

    pub fn unauthorized(detail: Text) -> Self {
        Self::new(Kind::Unauthorized, detail)
    }

    pub fn internal(detail: Text) -> Self {
        Self::new(Kind::Internal, detail)
    }

    pub fn with_hint(mut self, hint: Text) -> Self {
        self.hint = Some(hint);
        self
    }

    pub fn with_cause(mut self, cause: Cause) -> Self {
        self.cause = Some(Box::new(cause));
        self
    }

    pub fn message(&self, lang: Lang) -> String {
        self.detail.get(lang).to_string()
    }
}

impl fmt::Display for AppError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.detail.get(Lang::En))
    }
}

impl std::error::Error for AppError {}

impl From<rusqlite::Error> for AppError {
    fn from(e: rusqlite::Error) -> Self {
        crate::db::Error::from(e).into()
    }
}

impl From<crate::db::Error> for AppError {
    fn from(e: crate::db::Error) -> Self {
        use crate::db::ErrorKind;
        match e.kind {
            // Retryable: another desk held the write lock past the busy timeout, or (PostgreSQL)
            // kept winning the race on every retry.
            ErrorKind::Busy | ErrorKind::Retry => AppError::conflict(Text::new(
                "Otra caja está ocupada con la base de datos; inténtelo de nuevo.",
                "Another desk is busy, try again.",
            ))
            .with_hint(Text::new(
                "No se cambió nada; repita el comando en unos segundos.",
                "Nothing was changed; run the command again in a few seconds.",
            )),
            ErrorKind::Corrupt => AppError::internal(Text::new(
                "La base de datos está dañada; no se escribió nada en ella.",
                "The database is damaged; nothing was written into it.",
            ))
            .with_hint(Text::new(
                "Verifíquela con `saludya check` y restaure la última copia sana con `saludya restore COPIA --force`.",
                "Check it with `saludya check` and restore the last sound copy with `saludya restore BACKUP --force`.",
            )),
            ErrorKind::DiskFull => crate::db::files::disk_full(crate::db::files::database_path()),
            ErrorKind::NotADatabase => AppError::internal(Text::new(
                "El archivo no es una base de datos de SaludYa (o está dañado).",
                "The file is not a SaludYa database (or it is damaged).",
            ))
            .with_hint(Text::new(
                "Revise --db o restaure una copia con `saludya backup`.",
                "Check --db or restore a copy made with `saludya backup`.",
            )),
            ErrorKind::CannotWrite if crate::db::files::opened_read_only_on_full_disk() => {
                crate::db::files::disk_full(crate::db::files::database_path())
            }
            ErrorKind::CannotWrite => AppError::internal(Text::owned(
                format!("No se puede abrir o escribir la base de datos: {e}"),
                format!("Cannot open or write the database: {e}"),
            )),
            ErrorKind::Connection => AppError::internal(Text::owned(
                format!("Se perdió la conexión con el servidor de la base de datos: {e}"),
                format!("The connection to the database server was lost: {e}"),
            ))
            .with_hint(Text::new(
                "Si el comando escribía algo, no quedó a medias: se deshace entero. Revise la red y el servidor y repítalo.",
                "If the command was writing, nothing was left half-done: it is undone whole. Check the network and the server, then run it again.",
            )),
            _ => AppError::internal(Text::owned(
                format!("Error interno de base de datos: {e}"),
                format!("Internal database error: {e}"),
            )),
        }
    }
}

impl From<std::io::Error> for AppError {
    fn from(e: std::io::Error) -> Self {
        if e.kind() == std::io::ErrorKind::BrokenPipe {
            return AppError::new(Kind::PipeClosed, Text::new("", ""));
        }
        if e.kind() == std::io::ErrorKind::StorageFull {
            return crate::db::files::disk_full(None);
        }
        AppError::internal(Text::owned(
            format!("Error de entrada/salida: {e}"),
            format!("I/O error: {e}"),
        ))
    }
}
