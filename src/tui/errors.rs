//! Domain errors as the reception desk hears them: the domain's message (already in both
//! languages) plus what to do about it *in the TUI* — never a CLI command. One exhaustive match
//! per language, so a new domain variant without its desk advice does not compile.

use crate::domain::appointments::AppointmentError;
use crate::domain::catalog::slots::SlotProblem;
use crate::i18n::Lang;
use crate::tui::app::{Desk, Flash};

/// What the booking screen does about a refused booking or move.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BookingRefusal {
    /// The slot cannot be had (taken, the doctor is off then, the patient is busy): refresh the
    /// list and choose another slot.
    ChooseAnotherSlot(String),
    /// The doctor takes no new appointments: go back and choose another doctor.
    ChooseAnotherDoctor(String),
    /// The orientation flagged an emergency: no booking at all; the patient goes to the ER.
    Emergency(String),
    /// Anything else: show it as an error where the desk is.
    Error(String),
}

/// Sorts a booking error into what the screen does, with the words to show.
pub fn booking_refusal(lang: Lang, e: &AppointmentError) -> BookingRefusal {
    let text = message(lang, e);
    match e {
        AppointmentError::Slot {
            problem: SlotProblem::Taken | SlotProblem::TimeOff { .. },
            ..
        }
        | AppointmentError::PatientBusy { .. } => BookingRefusal::ChooseAnotherSlot(text),
        AppointmentError::DoctorInactive { .. } => BookingRefusal::ChooseAnotherDoctor(text),
        AppointmentError::EmergencyOrientation { .. } => BookingRefusal::Emergency(text),
        _ => BookingRefusal::Error(text),
    }
}

/// Shows an appointments error in the message line, with the desk's next step.
pub fn show(desk: &mut Desk, e: &AppointmentError) {
    desk.flash = Some(Flash {
        error: true,
        warning: false,
        text: message(desk.lang, e),
    });
}

/// The domain's message followed by the desk's next step, if there is one.
pub fn message(lang: Lang, e: &AppointmentError) -> String {
    let detail = e.text().get(lang).to_string();
    let advice = match lang {
        Lang::Es => advice_es(e),
        Lang::En => advice_en(e),
    };
    match advice {
        Some(a) => format!("{detail} {a}"),
        None => detail,
    }
}

fn advice_es(e: &AppointmentError) -> Option<String> {
    use AppointmentError::*;
    Some(match e {
        Slot { problem, doctor, .. } => match problem {
            // The list is refreshed by the screen, which says so itself.
            SlotProblem::Taken => return None,
            SlotProblem::TimeOff { .. } => "Elija otro turno o a otro médico.".into(),
            SlotProblem::OutsideSchedule
            | SlotProblem::Misaligned { .. }
            | SlotProblem::NonexistentTime
            | SlotProblem::Past => format!("Elija un turno de la lista de {}.", doctor.name),
        },
        DoctorInactive { doctor } => format!("Elija otro médico de {}.", doctor.specialty),
        PatientBusy { .. } => "Elija otra hora, o reprograme la otra cita desde «Hoy».".into(),
        EmergencyOrientation { .. } => "No se reservó nada: derive al paciente a emergencias.".into(),
        IllegalTransition { .. } | NoShowBeforeStart { .. } | CannotReschedule { .. } => return None,
        AlreadyAt { .. } => "Elija otra hora.".into(),
        ReasonRequired => "Escriba el motivo.".into(),
        ReasonInvalid | NotesInvalid => "Acorte el texto.".into(),
        OrientationIdInvalid | DaysOutOfRange | NoDoctorOrSpecialty | Other(_) => return None,
    })
}

fn advice_en(e: &AppointmentError) -> Option<String> {
    use AppointmentError::*;
    Some(match e {
        Slot { problem, doctor, .. } => match problem {
            SlotProblem::Taken => return None,
            SlotProblem::TimeOff { .. } => "Choose another slot or another doctor.".into(),
            SlotProblem::OutsideSchedule
            | SlotProblem::Misaligned { .. }
            | SlotProblem::NonexistentTime
            | SlotProblem::Past => format!("Choose a slot from {}'s list.", doctor.name),
        },
        DoctorInactive { doctor } => format!("Choose another {} doctor.", doctor.specialty),
        PatientBusy { .. } => "Choose another time, or move the other appointment from Today.".into(),
        EmergencyOrientation { .. } => "Nothing was booked: send the patient to the emergency room.".into(),
        IllegalTransition { .. } | NoShowBeforeStart { .. } | CannotReschedule { .. } => return None,
        AlreadyAt { .. } => "Choose another time.".into(),
        ReasonRequired => "Type the reason.".into(),
        ReasonInvalid | NotesInvalid => "Shorten the text.".into(),
        OrientationIdInvalid | DaysOutOfRange | NoDoctorOrSpecialty | Other(_) => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::appointments::DoctorRef;
    use crate::ids::{DoctorId, OrientationQueryId, SpecialtyId};
    use crate::wall_time::WallTime;

    fn rosa() -> Box<DoctorRef> {
        Box::new(DoctorRef {
            id: DoctorId::from_string("d1"),
            name: "Rosa Quispe".into(),
            specialty_id: SpecialtyId::from_string("s1"),
            specialty: "Medicina General".into(),
        })
    }

    #[test]
    fn the_booking_screen_tells_the_refusals_apart() {
        let at = WallTime::parse("2026-03-02 09:00").unwrap();
        let slot = |problem| AppointmentError::Slot {
            problem,
            doctor: rosa(),
            at,
        };
        let until = at.naive() + chrono::Duration::days(1);
        let cases = [
            (slot(SlotProblem::Taken), "ChooseAnotherSlot", "already booked"),
            (
                slot(SlotProblem::TimeOff { until }),
                "ChooseAnotherSlot",
                "another doctor",
            ),
            (
                AppointmentError::DoctorInactive { doctor: rosa() },
                "ChooseAnotherDoctor",
                "another Medicina General doctor",
            ),
            (
                AppointmentError::EmergencyOrientation {
                    query: OrientationQueryId::from_string("q1"),
                },
                "Emergency",
                "emergency room",
            ),
            (slot(SlotProblem::Past), "Error", "Rosa Quispe's list"),
        ];
        for (e, want, words) in cases {
            let got = booking_refusal(Lang::En, &e);
            let (kind, text) = match &got {
                BookingRefusal::ChooseAnotherSlot(t) => ("ChooseAnotherSlot", t),
                BookingRefusal::ChooseAnotherDoctor(t) => ("ChooseAnotherDoctor", t),
                BookingRefusal::Emergency(t) => ("Emergency", t),
                BookingRefusal::Error(t) => ("Error", t),
            };
            assert_eq!(kind, want, "{e:?}");
            assert!(text.contains(words), "{text}");
            assert!(!text.contains("saludya"), "no CLI command in the TUI: {text}");
        }
    }
}
