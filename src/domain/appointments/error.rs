//! What can go wrong in the appointments domain, as data. The edges decide what to say and
//! what to suggest: `From<AppointmentError> for AppError` gives the exit kind and the message
//! (both languages below, one exhaustive `match` per language, so a new variant without its
//! translation does not compile); the CLI adds its hints (`src/cli/errors.rs`), the TUI says
//! what to do on its screens (`src/tui/errors.rs`).

use crate::domain::catalog::slots::SlotProblem;
use crate::error::{AppError, Cause, Kind};
use crate::i18n::Text;
use crate::ids::{AppointmentId, DoctorId, OrientationQueryId, SpecialtyId};
use crate::wall_time::WallTime;

use super::Status;

/// The doctor an error is about, as the message needs it.
#[derive(Debug, Clone, PartialEq)]
pub struct DoctorRef {
    pub id: DoctorId,
    pub name: String,
    pub specialty_id: SpecialtyId,
    pub specialty: String,
}

impl DoctorRef {
    pub fn of(d: &crate::domain::catalog::Doctor) -> Box<DoctorRef> {
        Box::new(DoctorRef {
            id: d.id.clone(),
            name: d.full_name.clone(),
            specialty_id: d.specialty_id.clone(),
            specialty: d.specialty.clone(),
        })
    }
}

/// One occurrence of a series that cannot be booked (or moved) as asked, with the nearest free
/// alternative with the same doctor (the same day first), if one is near.
#[derive(Debug, Clone)]
pub struct SeriesConflict {
    /// 1-based position in the series.
    pub position: u32,
    pub count: u32,
    pub at: WallTime,
    /// What an ordinary booking of that time would have said.
    pub problem: Box<AppointmentError>,
    pub alternative: Option<WallTime>,
}

#[derive(Debug, Clone, thiserror::Error)]
pub enum AppointmentError {
    /// The time cannot be booked with this doctor (schedule, grid, past, time off, taken...).
    #[error("{}", en(self))]
    Slot {
        problem: SlotProblem,
        doctor: Box<DoctorRef>,
        at: WallTime,
    },
    /// The doctor no longer takes new appointments.
    #[error("{}", en(self))]
    DoctorInactive { doctor: Box<DoctorRef> },
    /// The patient has another active appointment overlapping the slot.
    #[error("{}", en(self))]
    PatientBusy {
        other: AppointmentId,
        doctor_name: String,
        start: WallTime,
    },
    /// The linked orientation flagged an emergency: no booking, the patient goes to the ER.
    #[error("{}", en(self))]
    EmergencyOrientation { query: OrientationQueryId },
    /// The transition table does not allow this status change.
    #[error("{}", en(self))]
    IllegalTransition {
        id: AppointmentId,
        from: Status,
        to: Status,
    },
    /// "No-show" before the appointment's start.
    #[error("{}", en(self))]
    NoShowBeforeStart { start: WallTime },
    /// Only booked or confirmed appointments move.
    #[error("{}", en(self))]
    CannotReschedule { status: Status },
    /// The new time is the current one.
    #[error("{}", en(self))]
    AlreadyAt { start: WallTime },
    /// A cancellation needs a reason.
    #[error("{}", en(self))]
    ReasonRequired,
    #[error("{}", en(self))]
    ReasonInvalid,
    #[error("{}", en(self))]
    NotesInvalid,
    #[error("{}", en(self))]
    OrientationIdInvalid,
    /// A slot search spans 1–366 days.
    #[error("{}", en(self))]
    DaysOutOfRange,
    /// A slot search names a doctor or a specialty.
    #[error("{}", en(self))]
    NoDoctorOrSpecialty,
    /// `undo`: the last change is not a recent check-in, completion or no-show.
    #[error("{}", en(self))]
    NothingToUndo { status: Status, minutes: i64 },
    /// `undo` of a no-show: its slot has been booked for someone else since.
    #[error("{}", en(self))]
    UndoSlotTaken { start: WallTime },
    /// An emergency override names an orientation that is not this patient's emergency.
    #[error("{}", en(self))]
    NotAnEmergency { query: OrientationQueryId },
    /// Who cancels is the patient or the clinic.
    #[error("{}", en(self))]
    UnknownCancelledBy,
    /// A status name that is none of the six (`input` already shortened).
    #[error("{}", en(self))]
    UnknownStatus { input: String },
    /// No appointment has that id.
    #[error("{}", en(self))]
    NotFound { id: String },
    /// A series has `min`..=`max` appointments.
    #[error("{}", en(self))]
    SeriesCount { min: u32, max: u32 },
    /// A series may not run past a year after its first appointment.
    #[error("{}", en(self))]
    SeriesTooLong {
        position: u32,
        count: u32,
        at: WallTime,
        limit: WallTime,
    },
    /// How a series repeats is weekly, biweekly or monthly (`input` already shortened).
    #[error("{}", en(self))]
    UnknownRepeat { input: String },
    /// Some occurrences of a series cannot be booked (`moving`: moved) as asked: nothing was
    /// written; every one is listed with its alternative.
    #[error("{}", en(self))]
    SeriesConflicts {
        moving: bool,
        conflicts: Vec<SeriesConflict>,
    },
    /// "The following ones" of an appointment that is not part of a series.
    #[error("{}", en(self))]
    NotInSeries { id: AppointmentId },
    /// Another desk moved the appointment after this desk looked at it.
    #[error("{}", en(self))]
    MovedMeanwhile { id: AppointmentId, start: WallTime },
    /// An error of another domain or of the database, already worded.
    #[error(transparent)]
    Other(#[from] AppError),
}

impl From<crate::db::Error> for AppointmentError {
    fn from(e: crate::db::Error) -> Self {
        AppointmentError::Other(e.into())
    }
}

impl AppointmentError {
    /// The exit kind at the edge.
    pub fn kind(&self) -> Kind {
        use AppointmentError::*;
        match self {
            Slot { problem, .. } => match problem {
                SlotProblem::TimeOff { .. } | SlotProblem::Taken => Kind::Conflict,
                SlotProblem::OutsideSchedule
                | SlotProblem::Misaligned { .. }
                | SlotProblem::Past
                | SlotProblem::NonexistentTime => Kind::Invalid,
            },
            DoctorInactive { .. }
            | PatientBusy { .. }
            | EmergencyOrientation { .. }
            | IllegalTransition { .. }
            | NoShowBeforeStart { .. }
            | CannotReschedule { .. }
            | NothingToUndo { .. }
            | UndoSlotTaken { .. }
            | SeriesConflicts { .. }
            | MovedMeanwhile { .. } => Kind::Conflict,
            AlreadyAt { .. }
            | ReasonRequired
            | ReasonInvalid
            | NotesInvalid
            | OrientationIdInvalid
            | NotAnEmergency { .. }
            | DaysOutOfRange
            | NoDoctorOrSpecialty
            | UnknownCancelledBy
            | UnknownStatus { .. }
            | SeriesCount { .. }
            | SeriesTooLong { .. }
            | UnknownRepeat { .. }
            | NotInSeries { .. } => Kind::Invalid,
            NotFound { .. } => Kind::NotFound,
            Other(e) => e.kind,
        }
    }

    /// The message in both languages.
    pub fn text(&self) -> Text {
        match self {
            AppointmentError::Other(e) => e.detail.clone(),
            _ => Text::owned(es(self), en(self)),
        }
    }
}

impl From<AppointmentError> for AppError {
    fn from(e: AppointmentError) -> AppError {
        match e {
            AppointmentError::Other(e) => e,
            e => AppError::new(e.kind(), e.text()).with_cause(Cause::Appointment(e)),
        }
    }
}

fn near(earlier: &Option<crate::domain::catalog::Hm>, later: &Option<crate::domain::catalog::Hm>) -> String {
    let near: Vec<String> = earlier
        .iter()
        .chain(later.iter())
        .map(ToString::to_string)
        .collect();
    near.join(" / ")
}

/// Spanish.
fn es(e: &AppointmentError) -> String {
    use AppointmentError::*;
    match e {
        Slot { problem, doctor, at } => {
            let name = &doctor.name;
            match problem {
                SlotProblem::OutsideSchedule => format!("{at} está fuera del horario de atención de {name}."),
                SlotProblem::Misaligned {
                    slot_minutes,
                    earlier,
                    later,
                } => format!(
                    "Las citas con {name} duran {slot_minutes} min y empiezan en horas fijas: {at} no es una de ellas (las más cercanas: {}).",
                    near(earlier, later)
                ),
                SlotProblem::Past => format!("{at} ya pasó: no se puede reservar en el pasado."),
                SlotProblem::TimeOff { until } => format!(
                    "{name} no atiende en {at} (descanso hasta {}).",
                    WallTime::new(*until)
                ),
                SlotProblem::Taken => format!("El horario {at} con {name} ya está reservado."),
                SlotProblem::NonexistentTime => {
                    format!("{at} no existe en la zona horaria de la clínica (cambio de hora).")
                }
            }
        }
        DoctorInactive { doctor } => format!("{} está desactivado: no recibe citas nuevas.", doctor.name),
        PatientBusy {
            other,
            doctor_name,
            start,
        } => format!("El paciente ya tiene una cita a esa hora: {start} con {doctor_name} ({other})."),
        EmergencyOrientation { query } => format!(
            "La orientación {query} indicó una EMERGENCIA: el paciente debe ir a emergencias ahora, no reservar una cita."
        ),
        IllegalTransition { id, from, to } => {
            let allowed: Vec<&str> = from.allowed_next().iter().map(|s| s.as_str()).collect();
            let why = if allowed.is_empty() {
                format!(
                    "desde {} no se permite ningún cambio (es un estado final)",
                    from.as_str()
                )
            } else {
                format!("desde {} solo se permite: {}", from.as_str(), allowed.join(", "))
            };
            format!(
                "La cita {id} está en estado {} ({}) y no puede pasar a {}: {why}.",
                from.as_str(),
                from.label(crate::i18n::Lang::Es),
                to.as_str()
            )
        }
        NoShowBeforeStart { start } => {
            format!("La cita empieza el {start}: solo se marca «no asistió» después de esa hora.")
        }
        CannotReschedule { status } => format!(
            "Una cita en estado {} no se puede reprogramar (solo booked o confirmed).",
            status.as_str()
        ),
        AlreadyAt { start } => format!("La cita ya es el {start}."),
        ReasonRequired => "Indique el motivo de la cancelación.".into(),
        ReasonInvalid => {
            "El motivo tiene hasta 200 caracteres, sin caracteres de control ni invisibles.".into()
        }
        NotesInvalid => {
            "Las notas tienen hasta 500 caracteres, sin caracteres de control ni invisibles.".into()
        }
        OrientationIdInvalid => "Identificador de orientación no válido.".into(),
        DaysOutOfRange => "Una búsqueda de horarios abarca de 1 a 366 días.".into(),
        NoDoctorOrSpecialty => "Indique un médico o una especialidad.".into(),
        NothingToUndo { status, minutes } => format!(
            "La cita está {}: no hay un cambio de los últimos {minutes} min que deshacer.",
            status.label(crate::i18n::Lang::Es)
        ),
        UndoSlotTaken { start } => {
            format!("No se puede deshacer: el turno de las {start} ya se reservó para otro paciente.")
        }
        NotAnEmergency { query } => format!(
            "La orientación {query} no es una emergencia de este paciente: no hay nada que pasar por alto."
        ),
        UnknownCancelledBy => "Quién cancela es patient (el paciente) o clinic (la clínica).".into(),
        UnknownStatus { input } => format!(
            "Estado desconocido «{input}». Estados: {}",
            super::ALL_STATUSES.map(Status::as_str).join(", ")
        ),
        NotFound { id } => format!("No existe la cita {id}."),
        SeriesCount { min, max } => format!("Una serie tiene de {min} a {max} citas."),
        SeriesTooLong {
            position,
            count,
            at,
            limit,
        } => format!(
            "Una serie no pasa de un año: la cita {position}/{count} sería el {at}, después del {limit}."
        ),
        UnknownRepeat { input } => {
            format!(
                "Repetición desconocida «{input}»: weekly (semanal), biweekly (cada dos semanas) o monthly (mensual)."
            )
        }
        SeriesConflicts { moving, conflicts } => {
            let count = conflicts.first().map_or(0, |c| c.count);
            let mut text = if *moving {
                format!(
                    "No se movió ninguna cita: {} de la serie no se {} mover así.",
                    conflicts.len(),
                    if conflicts.len() == 1 { "puede" } else { "pueden" }
                )
            } else {
                format!(
                    "No se reservó ninguna cita: {} de las {count} no se {} reservar.",
                    conflicts.len(),
                    if conflicts.len() == 1 { "puede" } else { "pueden" }
                )
            };
            for c in conflicts {
                let alternative = match &c.alternative {
                    Some(a) => format!("alternativa más cercana: {a}"),
                    None => "sin horario libre a menos de 3 días".to_string(),
                };
                text.push_str(&format!(
                    "\n  {}/{}: {}; {alternative}.",
                    c.position,
                    c.count,
                    es(&c.problem).trim_end_matches('.')
                ));
            }
            text
        }
        NotInSeries { id } => format!("La cita {id} no es parte de una serie."),
        MovedMeanwhile { id, start } => format!(
            "Otra recepción acaba de mover la cita {id}: ahora es el {start}. No se movió nada; revise la serie."
        ),
        Other(e) => e.detail.es.to_string(),
    }
}

/// English.
fn en(e: &AppointmentError) -> String {
    use AppointmentError::*;
    match e {
        Slot { problem, doctor, at } => {
            let name = &doctor.name;
            match problem {
                SlotProblem::OutsideSchedule => format!("{at} is outside {name}'s working hours."),
                SlotProblem::Misaligned {
                    slot_minutes,
                    earlier,
                    later,
                } => format!(
                    "Appointments with {name} last {slot_minutes} min and start at fixed times: {at} is not one of them (nearest: {}).",
                    near(earlier, later)
                ),
                SlotProblem::Past => format!("{at} is in the past: it cannot be booked."),
                SlotProblem::TimeOff { until } => format!(
                    "{name} is off at {at} (time off until {}).",
                    WallTime::new(*until)
                ),
                SlotProblem::Taken => format!("The {at} slot with {name} is already booked."),
                SlotProblem::NonexistentTime => {
                    format!("{at} does not exist in the clinic's time zone (a clock change).")
                }
            }
        }
        DoctorInactive { doctor } => format!("{} is deactivated: no new appointments.", doctor.name),
        PatientBusy {
            other,
            doctor_name,
            start,
        } => format!("The patient already has an appointment then: {start} with {doctor_name} ({other})."),
        EmergencyOrientation { query } => format!(
            "Orientation {query} flagged an EMERGENCY: the patient must go to the emergency room now, not book an appointment."
        ),
        IllegalTransition { id, from, to } => {
            let allowed: Vec<&str> = from.allowed_next().iter().map(|s| s.as_str()).collect();
            let why = if allowed.is_empty() {
                format!("no change is allowed from {} (it is final)", from.as_str())
            } else {
                format!(
                    "from {} only these are allowed: {}",
                    from.as_str(),
                    allowed.join(", ")
                )
            };
            format!(
                "Appointment {id} is {} and cannot become {}: {why}.",
                from.as_str(),
                to.as_str()
            )
        }
        NoShowBeforeStart { start } => {
            format!("The appointment starts at {start}: it can be marked no-show only after that.")
        }
        CannotReschedule { status } => format!(
            "An appointment in status {} cannot be rescheduled (only booked or confirmed).",
            status.as_str()
        ),
        AlreadyAt { start } => format!("The appointment is already at {start}."),
        ReasonRequired => "Give the reason for the cancellation.".into(),
        ReasonInvalid => {
            "The reason has up to 200 characters, without control or invisible characters.".into()
        }
        NotesInvalid => "Notes have up to 500 characters, without control or invisible characters.".into(),
        OrientationIdInvalid => "Invalid orientation id.".into(),
        DaysOutOfRange => "A slot search spans 1 to 366 days.".into(),
        NoDoctorOrSpecialty => "Name a doctor or a specialty.".into(),
        NothingToUndo { status, minutes } => format!(
            "The appointment is {}: there is no change of the last {minutes} min to undo.",
            status.as_str()
        ),
        UndoSlotTaken { start } => {
            format!("Cannot undo: the {start} slot has been booked for another patient since.")
        }
        NotAnEmergency { query } => {
            format!("Orientation {query} is not an emergency of this patient: there is nothing to override.")
        }
        UnknownCancelledBy => "Who cancels is patient or clinic.".into(),
        UnknownStatus { input } => format!(
            "Unknown status '{input}'. Statuses: {}",
            super::ALL_STATUSES.map(Status::as_str).join(", ")
        ),
        NotFound { id } => format!("No appointment {id}."),
        SeriesCount { min, max } => format!("A series has {min} to {max} appointments."),
        SeriesTooLong {
            position,
            count,
            at,
            limit,
        } => format!(
            "A series may not run past a year: appointment {position}/{count} would be at {at}, after {limit}."
        ),
        UnknownRepeat { input } => {
            format!("Unknown repeat '{input}': weekly, biweekly (every two weeks) or monthly.")
        }
        SeriesConflicts { moving, conflicts } => {
            let count = conflicts.first().map_or(0, |c| c.count);
            let mut text = if *moving {
                format!(
                    "Nothing was moved: {} of the series cannot be moved that way.",
                    conflicts.len()
                )
            } else {
                format!(
                    "Nothing was booked: {} of the {count} cannot be booked.",
                    conflicts.len()
                )
            };
            for c in conflicts {
                let alternative = match &c.alternative {
                    Some(a) => format!("nearest alternative: {a}"),
                    None => "no free slot within 3 days".to_string(),
                };
                text.push_str(&format!(
                    "\n  {}/{}: {}; {alternative}.",
                    c.position,
                    c.count,
                    en(&c.problem).trim_end_matches('.')
                ));
            }
            text
        }
        NotInSeries { id } => format!("Appointment {id} is not part of a series."),
        MovedMeanwhile { id, start } => format!(
            "Another desk has just moved appointment {id}: it is now at {start}. Nothing was moved; look at the series again."
        ),
        Other(e) => e.detail.en.to_string(),
    }
}
