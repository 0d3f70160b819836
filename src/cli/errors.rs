//! Domain errors at the command line: the exit kind and message come from the domain's
//! conversion into `AppError`; the next step, which names `saludya` commands and flags, is
//! added here (jj's `From<…> for CommandError` + `.hinted(…)`). The domain never names the CLI.

use crate::domain::appointments::AppointmentError;
use crate::error::AppError;
use crate::i18n::Text;
use crate::tr;

/// An appointments error with the CLI's hint.
pub fn appointment(e: AppointmentError) -> AppError {
    let hint = appointment_hint(&e);
    let err = AppError::from(e);
    match hint {
        Some(h) => err.with_hint(h),
        None => err,
    }
}

fn appointment_hint(e: &AppointmentError) -> Option<Text> {
    use AppointmentError::*;
    match e {
        Slot { doctor, .. } => Some(tr!(
            "Vea los horarios libres con `saludya slots --doctor {}`.",
            "See the free slots with `saludya slots --doctor {}`.",
            doctor.id
        )),
        DoctorInactive { doctor } => Some(tr!(
            "Busque otro médico de {}: `saludya slots --specialty \"{}\"`.",
            "Find another {} doctor: `saludya slots --specialty \"{}\"`.",
            doctor.specialty,
            doctor.specialty
        )),
        PatientBusy { .. } => Some(Text::new(
            "Elija otra hora o reprograme la otra cita con `saludya appointment reschedule`.",
            "Choose another time or move the other one with `saludya appointment reschedule`.",
        )),
        ReasonRequired => Some(Text::new(
            "Escriba el motivo con --reason \"…\".",
            "Give it with --reason \"…\".",
        )),
        DaysOutOfRange => Some(Text::new("--days va de 1 a 366.", "--days goes from 1 to 366.")),
        NoDoctorOrSpecialty => Some(Text::new(
            "Indique --doctor o --specialty.",
            "Give --doctor or --specialty.",
        )),
        EmergencyOrientation { .. }
        | IllegalTransition { .. }
        | NoShowBeforeStart { .. }
        | CannotReschedule { .. }
        | AlreadyAt { .. }
        | ReasonInvalid
        | NotesInvalid
        | OrientationIdInvalid => None,
        Other(e) => e.hint.clone(),
    }
}
