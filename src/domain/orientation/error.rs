//! What orientation can fail on, as data: a complaint or its context that cannot be read, and
//! storing or finding a query. Messages in one exhaustive match per language; they reach the
//! edge as an `AppError` whose [`Cause`] keeps the variant. (The CSV batch reader is the CLI's:
//! its row problems are the CLI's words; a row's complaint is checked here.)

use crate::error::{AppError, Cause, Kind};
use crate::i18n::Text;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum OrientationError {
    /// A complaint with nothing in it.
    #[error("{}", en(self))]
    EmptyComplaint,
    /// A complaint longer than `max` characters.
    #[error("{}", en(self))]
    TextTooLong { max: usize },
    /// A complaint with control characters (line breaks and tabs are fine).
    #[error("{}", en(self))]
    ControlChars,
    /// A complaint with invisible characters (bidi controls, zero-width characters).
    #[error("{}", en(self))]
    InvisibleChars,
    /// An age above 130.
    #[error("{}", en(self))]
    AgeOutOfRange { age: u32 },
    /// An age that is not a number of years (`input` already shortened).
    #[error("{}", en(self))]
    AgeNotANumber { input: String },
    /// A sex other than f or m (`input` already shortened).
    #[error("{}", en(self))]
    InvalidSex { input: String },
    /// The result could not be serialised for storage (a bug).
    #[error("{}", en(self))]
    StoreFailed { reason: String },
    /// No stored query has that id.
    #[error("{}", en(self))]
    QueryNotFound { id: String },
}

impl OrientationError {
    pub fn kind(&self) -> Kind {
        use OrientationError::*;
        match self {
            QueryNotFound { .. } => Kind::NotFound,
            StoreFailed { .. } => Kind::Internal,
            EmptyComplaint
            | TextTooLong { .. }
            | ControlChars
            | InvisibleChars
            | AgeOutOfRange { .. }
            | AgeNotANumber { .. }
            | InvalidSex { .. } => Kind::Invalid,
        }
    }
}

impl From<OrientationError> for AppError {
    fn from(e: OrientationError) -> AppError {
        AppError::new(e.kind(), Text::owned(es(&e), en(&e))).with_cause(Cause::Orientation(e))
    }
}

/// Spanish.
fn es(e: &OrientationError) -> String {
    use OrientationError::*;
    match e {
        EmptyComplaint => "La queja está vacía.".into(),
        TextTooLong { max } => format!("El texto es demasiado largo (máximo {max} caracteres)."),
        ControlChars => "El texto contiene caracteres de control.".into(),
        InvisibleChars => {
            "El texto contiene caracteres invisibles (marcas de dirección o de ancho cero).".into()
        }
        AgeOutOfRange { age } => format!("Edad no válida: {age} (use años, de 0 a 130)."),
        AgeNotANumber { input } => format!("Edad no válida: «{input}»"),
        InvalidSex { input } => format!("Sexo no válido «{input}»: use f o m."),
        StoreFailed { reason } => format!("No se pudo guardar el resultado: {reason}"),
        QueryNotFound { id } => format!("No existe la consulta {id}."),
    }
}

/// English.
fn en(e: &OrientationError) -> String {
    use OrientationError::*;
    match e {
        EmptyComplaint => "The complaint is empty.".into(),
        TextTooLong { max } => format!("The text is too long (at most {max} characters)."),
        ControlChars => "The text contains control characters.".into(),
        InvisibleChars => {
            "The text contains invisible characters (direction marks or zero-width characters).".into()
        }
        AgeOutOfRange { age } => format!("Invalid age: {age} (use years, 0 to 130)."),
        AgeNotANumber { input } => format!("Invalid age: '{input}'"),
        InvalidSex { input } => format!("Invalid sex '{input}': use f or m."),
        StoreFailed { reason } => format!("Could not store the result: {reason}"),
        QueryNotFound { id } => format!("No orientation query {id}."),
    }
}
