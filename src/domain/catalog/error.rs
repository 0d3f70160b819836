//! The catalog's typed errors (lookups a person types, validation of doctors, schedules, time
//! off and settings, damaged embedded data), with their messages in one exhaustive match per
//! language. They reach the edge as an `AppError` whose [`Cause`] keeps the variant; the CLI's
//! hints are in `src/cli/errors.rs`.

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
    /// A doctor lookup with nothing (or too much) typed.
    #[error("{}", en(self))]
    DoctorInputEmpty,
    /// A specialty lookup with nothing (or too much) typed.
    #[error("{}", en(self))]
    SpecialtyInputEmpty,
    /// A specialty name that matches several specialties.
    #[error("{}", en(self))]
    SpecialtyAmbiguous { input: String, names: String },
    /// A doctor list sorted by something else than rating, price, experience or name.
    #[error("{}", en(self))]
    UnknownSort,
    /// A doctor's first or last name with other characters than letters, or too long.
    #[error("{}", en(self))]
    InvalidName { field: NameField },
    /// A rating outside 0.0–5.0 or with more than one decimal.
    #[error("{}", en(self))]
    RatingOutOfRange,
    /// A price of zero or more than S/ 10,000.
    #[error("{}", en(self))]
    PriceOutOfRange,
    /// A CMP number is 1–8 digits.
    #[error("{}", en(self))]
    InvalidCmp,
    /// A photo is an https:// URL without spaces.
    #[error("{}", en(self))]
    InvalidPhoto,
    /// Years of experience go from 0 to 70.
    #[error("{}", en(self))]
    ExperienceOutOfRange,
    /// Another doctor has that CMP number.
    #[error("{}", en(self))]
    DuplicateCmp { cmp: String },
    /// A weekly schedule entry that cannot be read (`entry` is already shortened for echoing).
    #[error("{}", en(self))]
    Schedule { entry: String, problem: ScheduleProblem },
    /// Time off that ends before it starts.
    #[error("{}", en(self))]
    TimeOffEndsBeforeStart,
    /// Time off longer than a year.
    #[error("{}", en(self))]
    TimeOffTooLong,
    /// A time-off reason too long or with control/invisible characters.
    #[error("{}", en(self))]
    TimeOffReasonInvalid,
    /// A setting's value outside what it accepts.
    #[error("{}", en(self))]
    InvalidSetting { key: SettingKey },
    /// A setting that does not exist (`key` as typed).
    #[error("{}", en(self))]
    UnknownSetting { key: String },
    /// The embedded catalog data is damaged (a build problem, not the user's).
    #[error("{}", en(self))]
    DamagedData {
        file: &'static str,
        line: usize,
        why: &'static str,
    },
}

/// Which of a doctor's names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NameField {
    First,
    Last,
}

/// What is wrong with a weekly schedule entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ScheduleProblem {
    UnknownDay { day: String },
    DaysBackwards,
    DaysMissing,
    TooLong,
    SlotLengthMissing,
    HoursFormat,
    InvalidTime,
    SlotMinutes,
    EndBeforeStart,
    BlockTooShort,
    HoursMissing,
    Overlap,
}

/// The settings an admin may set (`settings::KEYS` spells them).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SettingKey {
    ClinicName,
    TimeZone,
    Currency,
    Language,
    SessionHours,
    IdleLockMinutes,
    OfferHoldHours,
}

impl SettingKey {
    pub fn as_str(self) -> &'static str {
        match self {
            SettingKey::ClinicName => "clinic_name",
            SettingKey::TimeZone => "time_zone",
            SettingKey::Currency => "currency",
            SettingKey::Language => "language",
            SettingKey::SessionHours => "session_hours",
            SettingKey::IdleLockMinutes => "idle_lock_minutes",
            SettingKey::OfferHoldHours => "offer_hold_hours",
        }
    }
}

impl CatalogError {
    pub fn kind(&self) -> Kind {
        use CatalogError::*;
        match self {
            DoctorNotFound { .. } | SpecialtyNotFound { .. } => Kind::NotFound,
            DuplicateCmp { .. } => Kind::Conflict,
            DamagedData { .. } => Kind::Internal,
            DoctorAmbiguous { .. }
            | DoctorInputEmpty
            | SpecialtyInputEmpty
            | SpecialtyAmbiguous { .. }
            | UnknownSort
            | InvalidName { .. }
            | RatingOutOfRange
            | PriceOutOfRange
            | InvalidCmp
            | InvalidPhoto
            | ExperienceOutOfRange
            | Schedule { .. }
            | TimeOffEndsBeforeStart
            | TimeOffTooLong
            | TimeOffReasonInvalid
            | InvalidSetting { .. }
            | UnknownSetting { .. } => Kind::Invalid,
        }
    }
}

impl From<CatalogError> for AppError {
    fn from(e: CatalogError) -> AppError {
        AppError::new(e.kind(), Text::owned(es(&e), en(&e))).with_cause(Cause::Catalog(e))
    }
}

/// Spanish.
fn es(e: &CatalogError) -> String {
    use CatalogError::*;
    match e {
        DoctorNotFound { input } => format!("No existe el médico «{input}»."),
        DoctorAmbiguous { input, names } => {
            format!("«{input}» coincide con varios médicos: {}…", names.join(", "))
        }
        SpecialtyNotFound { input } => format!("No existe la especialidad «{input}»."),
        DoctorInputEmpty => "Indique un médico (id, prefijo del id o nombre).".into(),
        SpecialtyInputEmpty => "Indique una especialidad (nombre o id).".into(),
        SpecialtyAmbiguous { input, names } => format!("«{input}» es ambiguo: coincide con {names}."),
        UnknownSort => "Orden desconocido: use rating, price, experience o name.".into(),
        InvalidName { field } => {
            let what = match field {
                NameField::First => "Nombre",
                NameField::Last => "Apellido",
            };
            format!("{what} no válido: use letras (con tildes, ñ), espacios, apóstrofos o guiones; hasta 80.")
        }
        RatingOutOfRange => "La valoración va de 0.0 a 5.0, con un decimal.".into(),
        PriceOutOfRange => "El precio debe ser mayor que cero y no más de 10,000.".into(),
        InvalidCmp => "El número de CMP tiene de 1 a 8 dígitos.".into(),
        InvalidPhoto => "La foto debe ser una URL https:// sin espacios (hasta 500 caracteres).".into(),
        ExperienceOutOfRange => "Los años de experiencia van de 0 a 70.".into(),
        DuplicateCmp { cmp } => format!("Ya hay un médico con el CMP {cmp}."),
        Schedule { entry, problem } => {
            let why = match problem {
                ScheduleProblem::UnknownDay { day } => format!("día desconocido «{day}»"),
                ScheduleProblem::DaysBackwards => "el rango de días va hacia atrás".into(),
                ScheduleProblem::DaysMissing => "faltan los días".into(),
                ScheduleProblem::TooLong => "demasiado largo".into(),
                ScheduleProblem::SlotLengthMissing => "falta la duración de la cita (…/20)".into(),
                ScheduleProblem::HoursFormat => "use HH:MM-HH:MM".into(),
                ScheduleProblem::InvalidTime => "hora no válida".into(),
                ScheduleProblem::SlotMinutes => "la cita dura de 5 a 240 minutos, en múltiplos de 5".into(),
                ScheduleProblem::EndBeforeStart => "la hora de fin debe ser posterior a la de inicio".into(),
                ScheduleProblem::BlockTooShort => "el bloque no alcanza para una cita".into(),
                ScheduleProblem::HoursMissing => "faltan las horas".into(),
                ScheduleProblem::Overlap => "dos bloques del mismo día se superponen".into(),
            };
            format!("Horario no válido «{entry}»: {why}")
        }
        TimeOffEndsBeforeStart => "El fin del descanso debe ser posterior al inicio.".into(),
        TimeOffTooLong => "Un descanso dura como máximo un año.".into(),
        TimeOffReasonInvalid => {
            "El motivo tiene hasta 200 caracteres, sin caracteres de control ni invisibles.".into()
        }
        InvalidSetting { key } => {
            let what = match key {
                SettingKey::ClinicName => "de 1 a 120 caracteres",
                SettingKey::TimeZone => "use una zona IANA como America/Lima",
                SettingKey::Currency => "código ISO 4217 de 3 letras, p. ej. PEN",
                SettingKey::Language => "es o en",
                SettingKey::SessionHours => "entre 1 y 72 horas",
                SettingKey::IdleLockMinutes => "entre 1 y 240 minutos",
                SettingKey::OfferHoldHours => "entre 1 y 72 horas",
            };
            format!("Valor no válido para {}: {what}", key.as_str())
        }
        UnknownSetting { key } => format!(
            "Ajuste desconocido «{key}». Ajustes: {}",
            super::settings::KEYS.join(", ")
        ),
        DamagedData { file, line, why } => {
            format!("Datos del catálogo dañados ({file}, línea {line}): {why}")
        }
    }
}

/// English.
fn en(e: &CatalogError) -> String {
    use CatalogError::*;
    match e {
        DoctorNotFound { input } => format!("No doctor '{input}'."),
        DoctorAmbiguous { input, names } => {
            format!("'{input}' matches several doctors: {}…", names.join(", "))
        }
        SpecialtyNotFound { input } => format!("No specialty '{input}'."),
        DoctorInputEmpty => "Give a doctor (id, id prefix or name).".into(),
        SpecialtyInputEmpty => "Give a specialty (name or id).".into(),
        SpecialtyAmbiguous { input, names } => format!("'{input}' is ambiguous: it matches {names}."),
        UnknownSort => "Unknown sort: use rating, price, experience or name.".into(),
        InvalidName { field } => {
            let what = match field {
                NameField::First => "first name",
                NameField::Last => "last name",
            };
            format!("Invalid {what}: use letters (accents, ñ), spaces, apostrophes or hyphens; up to 80.")
        }
        RatingOutOfRange => "The rating goes from 0.0 to 5.0, with one decimal.".into(),
        PriceOutOfRange => "The price must be more than zero and at most 10,000.".into(),
        InvalidCmp => "The CMP number has 1 to 8 digits.".into(),
        InvalidPhoto => "The photo must be an https:// URL without spaces (up to 500 characters).".into(),
        ExperienceOutOfRange => "Years of experience go from 0 to 70.".into(),
        DuplicateCmp { cmp } => format!("There is already a doctor with CMP {cmp}."),
        Schedule { entry, problem } => {
            let why = match problem {
                ScheduleProblem::UnknownDay { day } => format!("unknown day '{day}'"),
                ScheduleProblem::DaysBackwards => "the day range goes backwards".into(),
                ScheduleProblem::DaysMissing => "days are missing".into(),
                ScheduleProblem::TooLong => "too long".into(),
                ScheduleProblem::SlotLengthMissing => "the slot length is missing (…/20)".into(),
                ScheduleProblem::HoursFormat => "use HH:MM-HH:MM".into(),
                ScheduleProblem::InvalidTime => "invalid time".into(),
                ScheduleProblem::SlotMinutes => "a slot lasts 5 to 240 minutes, in multiples of 5".into(),
                ScheduleProblem::EndBeforeStart => "the end must be after the start".into(),
                ScheduleProblem::BlockTooShort => "the block is shorter than one slot".into(),
                ScheduleProblem::HoursMissing => "the hours are missing".into(),
                ScheduleProblem::Overlap => "two blocks of the same day overlap".into(),
            };
            format!("Invalid schedule '{entry}': {why}")
        }
        TimeOffEndsBeforeStart => "The end of the time off must be after its start.".into(),
        TimeOffTooLong => "Time off lasts at most one year.".into(),
        TimeOffReasonInvalid => {
            "The reason has up to 200 characters, without control or invisible characters.".into()
        }
        InvalidSetting { key } => {
            let what = match key {
                SettingKey::ClinicName => "1 to 120 characters",
                SettingKey::TimeZone => "use an IANA zone such as America/Lima",
                SettingKey::Currency => "3-letter ISO 4217 code, e.g. PEN",
                SettingKey::Language => "es or en",
                SettingKey::SessionHours => "between 1 and 72 hours",
                SettingKey::IdleLockMinutes => "between 1 and 240 minutes",
                SettingKey::OfferHoldHours => "between 1 and 72 hours",
            };
            format!("Invalid value for {}: {what}", key.as_str())
        }
        UnknownSetting { key } => format!(
            "Unknown setting '{key}'. Settings: {}",
            super::settings::KEYS.join(", ")
        ),
        DamagedData { file, line, why } => format!("Damaged catalog data ({file}, line {line}): {why}"),
    }
}
