//! What went wrong behind the storage door, classified the same way for both engines, so that
//! the domain and the edges branch on a kind ("a unique index refused the row", "another desk
//! holds the lock") and never on an engine's error codes.

use std::fmt;

/// The kinds of storage failure the program reacts to differently.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
    /// `query_row` found no row.
    NoRows,
    /// A unique index or primary key refused the row (double booking's last guard).
    Unique,
    /// A foreign key, CHECK or NOT NULL constraint refused the row.
    Constraint,
    /// SQLite: another desk held the write lock past the busy timeout.
    Busy,
    /// PostgreSQL: a serializable transaction lost a race (40001) or a deadlock (40P01); the
    /// door retries the whole transaction, so users see this only after every retry lost.
    Retry,
    DiskFull,
    Corrupt,
    NotADatabase,
    /// SQLite: the file cannot be opened or written (permissions, read-only media).
    CannotWrite,
    /// The server cannot be reached, refused us, or the connection dropped.
    Connection,
    /// The server refused the user or the password.
    Authentication,
    /// A column held another type than the one asked for.
    Conversion,
    Other,
}

/// A storage failure: its kind and the engine's own words (for the log and "internal" errors).
#[derive(Debug)]
pub struct Error {
    pub kind: ErrorKind,
    /// The constraint that refused a row, when the engine names it (PostgreSQL does; SQLite
    /// names the columns in its message).
    pub constraint: Option<String>,
    message: String,
}

impl Error {
    pub fn new(kind: ErrorKind, message: impl Into<String>) -> Self {
        Self {
            kind,
            constraint: None,
            message: message.into(),
        }
    }

    pub fn conversion(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::Conversion, message)
    }

    pub fn no_rows() -> Self {
        Self::new(ErrorKind::NoRows, "no row")
    }

    /// An error the program did not expect ([`ErrorKind::Other`]) names the statement's
    /// beginning (never its parameters), so that a report says where it happened.
    pub(super) fn in_statement(mut self, sql: &str) -> Self {
        if self.kind == ErrorKind::Other && !self.message.contains(" [in: ") {
            let start: String = sql
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
                .chars()
                .take(80)
                .collect();
            self.message = format!("{} [in: {start}…]", self.message);
        }
        self
    }

    /// The engine's message.
    pub fn message(&self) -> &str {
        &self.message
    }

    /// True when a unique index on (or named after) `what` refused the row: SQLite says
    /// "UNIQUE constraint failed: table.column", PostgreSQL names the index.
    pub fn is_unique_on(&self, what: &str) -> bool {
        self.kind == ErrorKind::Unique
            && (self.message.contains(what) || self.constraint.as_deref().is_some_and(|c| c.contains(what)))
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Error {}

impl From<rusqlite::Error> for Error {
    fn from(e: rusqlite::Error) -> Self {
        use rusqlite::ErrorCode;
        let kind = match &e {
            rusqlite::Error::QueryReturnedNoRows => ErrorKind::NoRows,
            rusqlite::Error::SqliteFailure(f, _) => match f.code {
                ErrorCode::ConstraintViolation => match f.extended_code {
                    rusqlite::ffi::SQLITE_CONSTRAINT_UNIQUE | rusqlite::ffi::SQLITE_CONSTRAINT_PRIMARYKEY => {
                        ErrorKind::Unique
                    }
                    _ => ErrorKind::Constraint,
                },
                ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked => ErrorKind::Busy,
                ErrorCode::DatabaseCorrupt => ErrorKind::Corrupt,
                ErrorCode::DiskFull => ErrorKind::DiskFull,
                ErrorCode::NotADatabase => ErrorKind::NotADatabase,
                ErrorCode::ReadOnly | ErrorCode::CannotOpen | ErrorCode::PermissionDenied => {
                    ErrorKind::CannotWrite
                }
                _ => ErrorKind::Other,
            },
            rusqlite::Error::InvalidColumnType(..)
            | rusqlite::Error::FromSqlConversionFailure(..)
            | rusqlite::Error::IntegralValueOutOfRange(..)
            | rusqlite::Error::Utf8Error(..) => ErrorKind::Conversion,
            _ => ErrorKind::Other,
        };
        Self::new(kind, e.to_string())
    }
}

impl From<postgres::Error> for Error {
    fn from(e: postgres::Error) -> Self {
        use postgres::error::SqlState;
        let Some(db) = e.as_db_error() else {
            let kind =
                if e.is_closed() || std::error::Error::source(&e).is_some_and(|s| s.is::<std::io::Error>()) {
                    ErrorKind::Connection
                } else {
                    ErrorKind::Other
                };
            let message = match std::error::Error::source(&e) {
                Some(source) => format!("{e}: {source}"),
                None => e.to_string(),
            };
            return Self::new(kind, message);
        };
        let code = db.code();
        let kind = if *code == SqlState::UNIQUE_VIOLATION {
            ErrorKind::Unique
        } else if code.code().starts_with("23") {
            ErrorKind::Constraint
        } else if *code == SqlState::T_R_SERIALIZATION_FAILURE || *code == SqlState::T_R_DEADLOCK_DETECTED {
            ErrorKind::Retry
        } else if *code == SqlState::DISK_FULL {
            ErrorKind::DiskFull
        } else if *code == SqlState::INVALID_PASSWORD || code.code().starts_with("28") {
            ErrorKind::Authentication
        } else if code.code().starts_with("08") || code.code().starts_with("57P") {
            ErrorKind::Connection
        } else if *code == SqlState::DATA_CORRUPTED || *code == SqlState::INDEX_CORRUPTED {
            ErrorKind::Corrupt
        } else {
            ErrorKind::Other
        };
        let message = match db.detail() {
            Some(detail) => format!("{}: {detail}", db.message()),
            None => db.message().to_owned(),
        };
        Self {
            kind,
            constraint: db.constraint().map(str::to_owned),
            message,
        }
    }
}
