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
    desk.flash = Some(Flash::error(message(desk.lang, e)));
}

/// The domain's message followed by the desk's next step, if there is one. Where the domain's
/// words are for scripts (ids, status codes such as `completed`), the desk's words replace them.
pub fn message(lang: Lang, e: &AppointmentError) -> String {
    let detail = desk_words(lang, e).unwrap_or_else(|| e.text().get(lang).to_string());
    let advice = match lang {
        Lang::Es => advice_es(e),
        Lang::En => advice_en(e),
    };
    match advice {
        Some(a) => format!("{detail} {a}"),
        None => detail,
    }
}

/// The message in the desk's words, without ids or English status codes.
fn desk_words(lang: Lang, e: &AppointmentError) -> Option<String> {
    use crate::tui::screens::today::status_word;
    use AppointmentError::*;
    let s = crate::tui::strings::get(lang);
    let es = lang == Lang::Es;
    Some(match e {
        PatientBusy {
            doctor_name, start, ..
        } => {
            if es {
                format!("El paciente ya tiene una cita a esa hora: {start} con {doctor_name}.")
            } else {
                format!("The patient already has an appointment then: {start} with {doctor_name}.")
            }
        }
        EmergencyOrientation { .. } => {
            if es {
                "La orientación indicó una EMERGENCIA: el paciente debe ir a emergencias ahora, no reservar una cita.".into()
            } else {
                "The orientation flagged an EMERGENCY: the patient must go to the emergency room now, not book an appointment.".into()
            }
        }
        IllegalTransition { from, to, .. } => {
            let (from, to) = (status_word(s, *from), status_word(s, *to));
            if es {
                format!("La cita está «{from}»: no puede pasar a «{to}».")
            } else {
                format!("The appointment is “{from}”: it cannot become “{to}”.")
            }
        }
        CannotReschedule { status } => (s.cannot_reschedule)(status_word(s, *status)),
        NothingToUndo { status, minutes } => {
            let now = status_word(s, *status);
            if es {
                format!("La cita está «{now}»: no hay un cambio de los últimos {minutes} min que deshacer.")
            } else {
                format!("The appointment is “{now}”: there is no change of the last {minutes} min to undo.")
            }
        }
        _ => return None,
    })
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
        UndoSlotTaken { .. } => "Reserve una nueva cita para el paciente.".into(),
        NotAnEmergency { .. } => "Reserve sin la excepción.".into(),
        SeriesConflicts { .. } => "Elija otra hora de inicio, o reserve las citas una por una.".into(),
        SeriesCount { .. } | SeriesTooLong { .. } => "Cambie la cantidad de citas.".into(),
        MovedMeanwhile { .. } => "Revise la cita en «Hoy».".into(),
        OrientationIdInvalid
        | DaysOutOfRange
        | NoDoctorOrSpecialty
        | NothingToUndo { .. }
        | UnknownCancelledBy
        | UnknownStatus { .. }
        | NotFound { .. }
        | UnknownRepeat { .. }
        | NotInSeries { .. }
        | Other(_) => {
            return None;
        }
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
        UndoSlotTaken { .. } => "Book a new appointment for the patient.".into(),
        NotAnEmergency { .. } => "Book without the exception.".into(),
        SeriesConflicts { .. } => "Choose another start time, or book the appointments one by one.".into(),
        SeriesCount { .. } | SeriesTooLong { .. } => "Change the number of appointments.".into(),
        MovedMeanwhile { .. } => "Look at the appointment in Today.".into(),
        OrientationIdInvalid
        | DaysOutOfRange
        | NoDoctorOrSpecialty
        | NothingToUndo { .. }
        | UnknownCancelledBy
        | UnknownStatus { .. }
        | NotFound { .. }
        | UnknownRepeat { .. }
        | NotInSeries { .. }
        | Other(_) => {
            return None;
        }
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

    /// The Spanish desk never reads an id or an English status code in a message.
    #[test]
    fn messages_use_the_desks_words() {
        use crate::domain::appointments::Status;
        use crate::ids::AppointmentId;
        let at = WallTime::parse("2026-03-02 09:00").unwrap();
        let id = "01a2189d-6e45-7000-8000-000000000001";
        for e in [
            AppointmentError::PatientBusy {
                other: AppointmentId::from_string(id),
                doctor_name: "Rosa Quispe".into(),
                start: at,
            },
            AppointmentError::IllegalTransition {
                id: AppointmentId::from_string(id),
                from: Status::Completed,
                to: Status::CheckedIn,
            },
            AppointmentError::CannotReschedule {
                status: Status::Completed,
            },
            AppointmentError::EmergencyOrientation {
                query: OrientationQueryId::from_string(id),
            },
        ] {
            let text = message(Lang::Es, &e);
            assert!(!text.contains(id), "{text}");
            for code in ["completed", "checked_in", "booked"] {
                assert!(!text.contains(code), "{code} in {text}");
            }
        }
        let text = message(
            Lang::Es,
            &AppointmentError::IllegalTransition {
                id: AppointmentId::from_string(id),
                from: Status::Completed,
                to: Status::CheckedIn,
            },
        );
        assert!(
            text.contains("«atendida»") && text.contains("«llegó / en espera»"),
            "{text}"
        );
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
