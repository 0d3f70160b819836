//! The patients domain's typed errors (finding, validating and registering a patient), with
//! their messages in one exhaustive match per language. They reach the edge as an `AppError` whose [`Cause`]
//! keeps the variant, so the CLI can add its hint and the TUI its own advice.

use chrono::NaiveDate;

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
    /// A foreigner's card (CE) is exactly 9 digits.
    #[error("{}", en(self))]
    InvalidCe { input: String },
    /// A passport is 6–12 letters or digits.
    #[error("{}", en(self))]
    InvalidPassport { input: String },
    /// A document type other than dni, ce or passport.
    #[error("{}", en(self))]
    UnknownDocType { input: String },
    /// A sex other than f or m.
    #[error("{}", en(self))]
    InvalidSex { input: String },
    /// A first or last name that cannot be stored (`input` is already shortened for echoing).
    #[error("{}", en(self))]
    Name { field: NameField, problem: NameProblem },
    /// A phone number that is neither Peruvian (mobile, landline) nor international.
    #[error("{}", en(self))]
    InvalidPhone { input: String },
    /// A birth date that cannot be read.
    #[error("{}", en(self))]
    InvalidBirthDate { input: String },
    #[error("{}", en(self))]
    BirthDateInFuture { date: NaiveDate, today: NaiveDate },
    /// Older than the oldest plausible birth date.
    #[error("{}", en(self))]
    BirthDateImplausible { date: NaiveDate, oldest: NaiveDate },
    /// Another patient already has that e-mail.
    #[error("{}", en(self))]
    EmailTaken { email: String, name: String, id: String },
    /// The insert lost a race with another desk registering the same document or e-mail.
    #[error("{}", en(self))]
    JustRegistered,
    /// No patient has that id.
    #[error("{}", en(self))]
    IdNotFound { input: String },
    /// What names a patient is empty, too long or has control characters.
    #[error("{}", en(self))]
    InvalidReference { input: String },
    /// A search too long or with control/invisible characters.
    #[error("{}", en(self))]
    InvalidSearch { max_chars: usize },
}

/// Which of a patient's names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NameField {
    First,
    Last,
}

/// What is wrong with a name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NameProblem {
    UnsafeChars,
    Required,
    TooLong { max: usize, len: usize },
    CharNotAllowed { input: String, bad: char },
    WordEdges { input: String },
}

impl PatientError {
    pub fn kind(&self) -> Kind {
        match self {
            PatientError::NotFoundByDocument { .. } | PatientError::IdNotFound { .. } => Kind::NotFound,
            PatientError::DuplicateDocument { .. }
            | PatientError::EmailTaken { .. }
            | PatientError::JustRegistered => Kind::Conflict,
            PatientError::NeitherDocumentNorId { .. }
            | PatientError::EmptySearch
            | PatientError::InvalidDni { .. }
            | PatientError::InvalidCe { .. }
            | PatientError::InvalidPassport { .. }
            | PatientError::UnknownDocType { .. }
            | PatientError::InvalidSex { .. }
            | PatientError::Name { .. }
            | PatientError::InvalidPhone { .. }
            | PatientError::InvalidBirthDate { .. }
            | PatientError::BirthDateInFuture { .. }
            | PatientError::BirthDateImplausible { .. }
            | PatientError::InvalidReference { .. }
            | PatientError::InvalidSearch { .. } => Kind::Invalid,
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
        PatientError::InvalidCe { input } => {
            format!("Carné de extranjería no válido «{input}»: debe tener exactamente 9 dígitos.")
        }
        PatientError::InvalidPassport { input } => {
            format!("Pasaporte no válido «{input}»: de 6 a 12 letras o dígitos, sin espacios ni símbolos.")
        }
        PatientError::UnknownDocType { input } => {
            format!("Tipo de documento desconocido «{input}»: use dni, ce o passport.")
        }
        PatientError::InvalidSex { input } => format!("Sexo no válido «{input}»: use f o m."),
        PatientError::Name { field, problem } => {
            let field = match field {
                NameField::First => "Nombres",
                NameField::Last => "Apellidos",
            };
            match problem {
                NameProblem::UnsafeChars => format!(
                    "{field}: no puede contener caracteres de control ni invisibles (como marcas de dirección o de ancho cero)."
                ),
                NameProblem::Required => format!("{field}: es obligatorio."),
                NameProblem::TooLong { max, len } => {
                    format!("{field}: como máximo {max} caracteres (tiene {len}).")
                }
                NameProblem::CharNotAllowed { input, bad } => format!(
                    "{field} «{input}»: carácter no permitido «{bad}» (solo letras, espacios, apóstrofos y guiones)."
                ),
                NameProblem::WordEdges { input } => {
                    format!("{field} «{input}»: cada palabra debe empezar y terminar con una letra.")
                }
            }
        }
        PatientError::InvalidPhone { input } => format!("Teléfono no válido «{input}»."),
        PatientError::InvalidBirthDate { input } => {
            format!("Fecha de nacimiento no válida «{input}»: use AAAA-MM-DD, p. ej. 1985-07-28.")
        }
        PatientError::BirthDateInFuture { date, today } => {
            format!("La fecha de nacimiento {date} está en el futuro (hoy es {today}).")
        }
        PatientError::BirthDateImplausible { date, oldest } => {
            format!("La fecha de nacimiento {date} no es plausible: no puede ser anterior a {oldest}.")
        }
        PatientError::EmailTaken { email, name, id } => {
            format!("El correo {email} ya pertenece a otro paciente: {name} (id {id}).")
        }
        PatientError::JustRegistered => {
            "Otro paciente acaba de registrarse con ese documento o correo.".into()
        }
        PatientError::IdNotFound { input } => format!("No existe el paciente con id {input}."),
        PatientError::InvalidReference { input } => {
            format!("Paciente no válido «{input}»: use su DNI, su id o TIPO:NÚMERO (ce:001234567).")
        }
        PatientError::InvalidSearch { max_chars } => format!(
            "Búsqueda no válida: como máximo {max_chars} caracteres, sin caracteres de control ni invisibles."
        ),
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
        PatientError::InvalidCe { input } => {
            format!("Invalid foreigner's card (CE) '{input}': it must be exactly 9 digits.")
        }
        PatientError::InvalidPassport { input } => {
            format!("Invalid passport '{input}': 6 to 12 letters or digits, without spaces or symbols.")
        }
        PatientError::UnknownDocType { input } => {
            format!("Unknown document type '{input}': use dni, ce or passport.")
        }
        PatientError::InvalidSex { input } => format!("Invalid sex '{input}': use f or m."),
        PatientError::Name { field, problem } => {
            let field = match field {
                NameField::First => "First name",
                NameField::Last => "Last name",
            };
            match problem {
                NameProblem::UnsafeChars => format!(
                    "{field}: it cannot contain control or invisible characters (such as direction marks or zero-width characters)."
                ),
                NameProblem::Required => format!("{field}: it is required."),
                NameProblem::TooLong { max, len } => {
                    format!("{field}: at most {max} characters (it has {len}).")
                }
                NameProblem::CharNotAllowed { input, bad } => format!(
                    "{field} '{input}': character '{bad}' is not allowed (only letters, spaces, apostrophes and hyphens)."
                ),
                NameProblem::WordEdges { input } => {
                    format!("{field} '{input}': every word must start and end with a letter.")
                }
            }
        }
        PatientError::InvalidPhone { input } => format!("Invalid phone number '{input}'."),
        PatientError::InvalidBirthDate { input } => {
            format!("Invalid birth date '{input}': use YYYY-MM-DD, e.g. 1985-07-28.")
        }
        PatientError::BirthDateInFuture { date, today } => {
            format!("The birth date {date} is in the future (today is {today}).")
        }
        PatientError::BirthDateImplausible { date, oldest } => {
            format!("The birth date {date} is not plausible: it cannot be before {oldest}.")
        }
        PatientError::EmailTaken { email, name, id } => {
            format!("The e-mail {email} already belongs to another patient: {name} (id {id}).")
        }
        PatientError::JustRegistered => {
            "Another patient was just registered with that document or e-mail.".into()
        }
        PatientError::IdNotFound { input } => format!("No patient with id {input}."),
        PatientError::InvalidReference { input } => {
            format!("Invalid patient '{input}': use their DNI, their id or TYPE:NUMBER (ce:001234567).")
        }
        PatientError::InvalidSearch { max_chars } => format!(
            "Invalid search: at most {max_chars} characters, without control or invisible characters."
        ),
    }
}
