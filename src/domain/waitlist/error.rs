//! What can go wrong with the waiting list, as data, with its messages in one exhaustive match
//! per language. Nothing here names a command or a flag: the CLI adds those as hints
//! (`src/cli/errors.rs`).

use crate::error::{AppError, Cause, Kind};
use crate::i18n::Text;
use crate::ids::WaitlistEntryId;
use crate::wall_time::WallTime;

use super::State;

/// Why a slot is not one an entry waits for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Mismatch {
    /// The entry waits for another doctor.
    Doctor { wanted: String },
    /// The slot's doctor is of another specialty.
    Specialty { wanted: String },
    /// The slot's day is outside the entry's date window.
    Window,
    /// The slot's time is outside the entry's time of day.
    TimeOfDay,
}

#[derive(Debug, Clone, thiserror::Error)]
pub enum WaitlistError {
    /// An entry names neither a specialty nor a doctor.
    #[error("{}", en(self))]
    NoSpecialtyOrDoctor,
    /// The doctor named is not of the specialty named.
    #[error("{}", en(self))]
    DoctorNotOfSpecialty { doctor: String, specialty: String },
    /// The doctor is deactivated: nobody waits for a doctor who takes no appointments.
    #[error("{}", en(self))]
    DoctorInactive { doctor: String },
    /// The window ends before it starts.
    #[error("{}", en(self))]
    WindowInverted { from: String, to: String },
    /// The window ended already.
    #[error("{}", en(self))]
    WindowPast { to: String, today: String },
    /// The time of day ends before (or when) it starts.
    #[error("{}", en(self))]
    TimeInverted { from: String, to: String },
    /// A time of day that is none of mañana, tarde or HH:MM-HH:MM (`input` already shortened).
    #[error("{}", en(self))]
    TimeOfDayUnknown { input: String },
    /// A note over 300 characters or with control characters.
    #[error("{}", en(self))]
    NoteInvalid,
    /// The patient already waits for that specialty (one open entry per patient and specialty).
    #[error("{}", en(self))]
    Duplicate {
        existing: WaitlistEntryId,
        specialty: String,
    },
    /// The entry is no longer waiting (booked, expired or removed).
    #[error("{}", en(self))]
    Closed { id: WaitlistEntryId, state: State },
    /// The entry holds an offered slot already (another desk may have offered it).
    #[error("{}", en(self))]
    AlreadyOffered {
        id: WaitlistEntryId,
        start: WallTime,
        doctor: String,
    },
    /// The entry holds no offered slot.
    #[error("{}", en(self))]
    NotOffered { id: WaitlistEntryId },
    /// Booking a waiting entry needs the slot (doctor and time).
    #[error("{}", en(self))]
    SlotRequired { id: WaitlistEntryId },
    /// The entry waits for a specialty: a slot for it names its doctor.
    #[error("{}", en(self))]
    DoctorRequired { specialty: String },
    /// That slot is offered to another entry right now.
    #[error("{}", en(self))]
    SlotOffered {
        start: WallTime,
        doctor: String,
        /// `None` when another desk offered it in the same instant.
        other: Option<WaitlistEntryId>,
        /// How long an offer holds (the clinic's `offer_hold_hours`): when it lapses by itself.
        hold_hours: i64,
    },
    /// The slot is not what the entry waits for.
    #[error("{}", en(self))]
    SlotMismatch { start: WallTime, why: Mismatch },
    /// A reason over 200 characters or with control characters.
    #[error("{}", en(self))]
    ReasonInvalid,
    /// A state name that is none of the five (`input` already shortened).
    #[error("{}", en(self))]
    UnknownState { input: String },
    /// An error of another domain or of the database, already worded.
    #[error(transparent)]
    Other(#[from] AppError),
}

impl From<crate::db::Error> for WaitlistError {
    fn from(e: crate::db::Error) -> Self {
        WaitlistError::Other(e.into())
    }
}

impl From<crate::domain::appointments::AppointmentError> for WaitlistError {
    fn from(e: crate::domain::appointments::AppointmentError) -> Self {
        WaitlistError::Other(e.into())
    }
}

impl WaitlistError {
    /// The exit kind at the edge.
    pub fn kind(&self) -> Kind {
        use WaitlistError::*;
        match self {
            NoSpecialtyOrDoctor
            | DoctorNotOfSpecialty { .. }
            | WindowInverted { .. }
            | WindowPast { .. }
            | TimeInverted { .. }
            | TimeOfDayUnknown { .. }
            | NoteInvalid
            | SlotRequired { .. }
            | DoctorRequired { .. }
            | SlotMismatch { .. }
            | ReasonInvalid
            | UnknownState { .. } => Kind::Invalid,
            DoctorInactive { .. }
            | Duplicate { .. }
            | Closed { .. }
            | AlreadyOffered { .. }
            | NotOffered { .. }
            | SlotOffered { .. } => Kind::Conflict,
            Other(e) => e.kind,
        }
    }

    /// The message in both languages.
    pub fn text(&self) -> Text {
        match self {
            WaitlistError::Other(e) => e.detail.clone(),
            _ => Text::owned(es(self), en(self)),
        }
    }
}

impl From<WaitlistError> for AppError {
    fn from(e: WaitlistError) -> AppError {
        match e {
            WaitlistError::Other(e) => e,
            e => AppError::new(e.kind(), e.text()).with_cause(Cause::Waitlist(e)),
        }
    }
}

/// Spanish.
fn es(e: &WaitlistError) -> String {
    use WaitlistError::*;
    match e {
        NoSpecialtyOrDoctor => "Indique la especialidad o el médico que el paciente espera.".into(),
        DoctorNotOfSpecialty { doctor, specialty } => {
            format!("{doctor} no es de {specialty}: indique el médico o la especialidad, no ambos distintos.")
        }
        DoctorInactive { doctor } => {
            format!("{doctor} está desactivado: no recibe citas nuevas, nadie puede esperarlo.")
        }
        WindowInverted { from, to } => {
            format!("La ventana de fechas termina ({to}) antes de empezar ({from}).")
        }
        WindowPast { to, today } => {
            format!("La ventana de fechas ya terminó ({to}; hoy es {today}): no hay nada que esperar.")
        }
        TimeInverted { from, to } => {
            format!("El horario termina ({to}) antes de empezar ({from}).")
        }
        TimeOfDayUnknown { input } => format!(
            "Horario desconocido «{input}»: use mañana (antes de las 13:00), tarde (desde las 13:00) o HH:MM-HH:MM."
        ),
        NoteInvalid => "La nota tiene hasta 300 caracteres, sin caracteres de control ni invisibles.".into(),
        Duplicate { existing, specialty } => {
            format!("El paciente ya está en la lista de espera de {specialty} (entrada {existing}).")
        }
        Closed { id, state } => format!(
            "La entrada {id} ya no espera: está {} (nada que hacer).",
            state.label(crate::i18n::Lang::Es)
        ),
        AlreadyOffered { id, start, doctor } => {
            format!("A la entrada {id} ya se le ofreció {start} con {doctor} (quizá desde otra recepción).")
        }
        NotOffered { id } => format!("A la entrada {id} no se le ha ofrecido ninguna hora."),
        SlotRequired { id } => {
            format!("La entrada {id} no tiene una hora ofrecida: indique el médico y la hora a reservar.")
        }
        DoctorRequired { specialty } => {
            format!("La entrada espera {specialty} (cualquier médico): indique el médico de la hora.")
        }
        SlotOffered {
            start, doctor, other, ..
        } => match other {
            Some(other) => format!(
                "La hora {start} con {doctor} ya está ofrecida a otro paciente en espera (entrada {other})."
            ),
            None => format!("La hora {start} con {doctor} acaba de ofrecerse a otro paciente en espera."),
        },
        SlotMismatch { start, why } => match why {
            Mismatch::Doctor { wanted } => {
                format!("{start}: el paciente espera a {wanted}, no a otro médico.")
            }
            Mismatch::Specialty { wanted } => {
                format!("{start}: el paciente espera {wanted}; ese médico es de otra especialidad.")
            }
            Mismatch::Window => format!("{start} está fuera de la ventana de fechas del paciente."),
            Mismatch::TimeOfDay => format!("{start} está fuera del horario que el paciente pidió."),
        },
        ReasonInvalid => {
            "El motivo tiene hasta 200 caracteres, sin caracteres de control ni invisibles.".into()
        }
        UnknownState { input } => {
            format!("Estado desconocido «{input}». Estados: waiting, offered, booked, expired, removed")
        }
        Other(e) => e.detail.es.to_string(),
    }
}

/// English.
fn en(e: &WaitlistError) -> String {
    use WaitlistError::*;
    match e {
        NoSpecialtyOrDoctor => "Give the specialty or the doctor the patient waits for.".into(),
        DoctorNotOfSpecialty { doctor, specialty } => {
            format!(
                "{doctor} is not a {specialty} doctor: give the doctor or the specialty, not two that differ."
            )
        }
        DoctorInactive { doctor } => {
            format!("{doctor} is deactivated: no new appointments, nobody can wait for them.")
        }
        WindowInverted { from, to } => format!("The date window ends ({to}) before it starts ({from})."),
        WindowPast { to, today } => {
            format!("The date window is over ({to}; today is {today}): there is nothing to wait for.")
        }
        TimeInverted { from, to } => format!("The time of day ends ({to}) before it starts ({from})."),
        TimeOfDayUnknown { input } => format!(
            "Unknown time of day '{input}': use mañana/morning (before 13:00), tarde/afternoon (from 13:00) or HH:MM-HH:MM."
        ),
        NoteInvalid => "The note has up to 300 characters, without control or invisible characters.".into(),
        Duplicate { existing, specialty } => {
            format!("The patient is already on the {specialty} waiting list (entry {existing}).")
        }
        Closed { id, state } => format!(
            "Entry {id} is no longer waiting: it is {} (nothing to do).",
            state.label(crate::i18n::Lang::En)
        ),
        AlreadyOffered { id, start, doctor } => {
            format!("Entry {id} was already offered {start} with {doctor} (perhaps by another desk).")
        }
        NotOffered { id } => format!("Entry {id} has not been offered a slot."),
        SlotRequired { id } => {
            format!("Entry {id} has no offered slot: give the doctor and the time to book.")
        }
        DoctorRequired { specialty } => {
            format!("The entry waits for {specialty} (any doctor): give the slot's doctor.")
        }
        SlotOffered {
            start, doctor, other, ..
        } => match other {
            Some(other) => format!(
                "The {start} slot with {doctor} is already offered to another waiting patient (entry {other})."
            ),
            None => format!("The {start} slot with {doctor} was just offered to another waiting patient."),
        },
        SlotMismatch { start, why } => match why {
            Mismatch::Doctor { wanted } => {
                format!("{start}: the patient waits for {wanted}, not another doctor.")
            }
            Mismatch::Specialty { wanted } => {
                format!("{start}: the patient waits for {wanted}; that doctor is of another specialty.")
            }
            Mismatch::Window => format!("{start} is outside the patient's date window."),
            Mismatch::TimeOfDay => format!("{start} is outside the time of day the patient asked for."),
        },
        ReasonInvalid => {
            "The reason has up to 200 characters, without control or invisible characters.".into()
        }
        UnknownState { input } => {
            format!("Unknown state '{input}'. States: waiting, offered, booked, expired, removed")
        }
        Other(e) => e.detail.en.to_string(),
    }
}
