//! Domain errors at the command line: the exit kind and the message come from the domain's
//! conversion into `AppError`; the next step, which names `saludya` commands and flags, is
//! added here from the typed [`Cause`] (jj's `From<…> for CommandError` + `.hinted(…)`). The
//! domain never names the CLI. [`hinted`] runs once, on every error `cli::run` returns.

use crate::demo::DemoError;
use crate::domain::appointments::AppointmentError;
use crate::domain::audit::AuditError;
use crate::domain::auth::AuthError;
use crate::domain::catalog::CatalogError;
use crate::domain::orientation::OrientationError;
use crate::domain::patients::PatientError;
use crate::domain::payments::PaymentError;
use crate::domain::report::ReportError;
use crate::domain::waitlist::WaitlistError;
use crate::error::{AppError, Cause};
use crate::flows::export::ExportError;
use crate::i18n::Text;
use crate::tr;

/// Adds the CLI's next step to an error made from a typed domain error (unless it has one).
pub fn hinted(e: AppError) -> AppError {
    if e.hint.is_some() {
        return e;
    }
    let hint = match e.cause.as_deref() {
        Some(Cause::Appointment(c)) => appointment_hint(c),
        Some(Cause::Catalog(c)) => catalog_hint(c),
        Some(Cause::Patient(c)) => patient_hint(c),
        Some(Cause::Auth(c)) => auth_hint(c),
        Some(Cause::Payment(c)) => payment_hint(c),
        Some(Cause::Orientation(c)) => orientation_hint(c),
        Some(Cause::Waitlist(c)) => waitlist_hint(c),
        Some(Cause::Export(c)) => export_hint(c),
        Some(Cause::Demo(c)) => demo_hint(c),
        Some(Cause::Report(c)) => report_hint(c),
        Some(Cause::Audit(c)) => audit_hint(c),
        None => None,
    };
    match hint {
        Some(h) => e.with_hint(h),
        None => e,
    }
}

/// An appointments error as the command line reports it.
pub fn appointment(e: AppointmentError) -> AppError {
    hinted(e.into())
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
        UnknownCancelledBy => Some(Text::new(
            "Indique --by patient o --by clinic.",
            "Give --by patient or --by clinic.",
        )),
        NoDoctorOrSpecialty => Some(Text::new(
            "Indique --doctor o --specialty.",
            "Give --doctor or --specialty.",
        )),
        SeriesCount { .. } | SeriesTooLong { .. } => Some(Text::new(
            "Cambie --count (o --repeat).",
            "Change --count (or --repeat).",
        )),
        UnknownRepeat { .. } => Some(Text::new(
            "Use --repeat weekly, biweekly o monthly.",
            "Use --repeat weekly, biweekly or monthly.",
        )),
        SeriesConflicts {
            moving: false,
            conflicts,
        } => conflicts.first().map(|c| {
            tr!(
                "Elija otra hora de inicio o vea los horarios libres con `saludya slots --doctor {}`.",
                "Choose another start or see the free slots with `saludya slots --doctor {}`.",
                doctor_of(&c.problem)
            )
        }),
        SeriesConflicts { moving: true, .. } => Some(Text::new(
            "Elija otra hora, o mueva solo esta cita (sin --following).",
            "Choose another time, or move this one only (without --following).",
        )),
        NotInSeries { .. } => Some(Text::new(
            "Sin --following se cancela o mueve solo esta cita.",
            "Without --following only this appointment is cancelled or moved.",
        )),
        MovedMeanwhile { id, .. } => Some(tr!(
            "Vea la serie con `saludya appointment show {}`.",
            "See the series with `saludya appointment show {}`.",
            id
        )),
        EmergencyOrientation { .. }
        | IllegalTransition { .. }
        | NoShowBeforeStart { .. }
        | CannotReschedule { .. }
        | AlreadyAt { .. }
        | ReasonInvalid
        | NotesInvalid
        | OrientationIdInvalid
        | NothingToUndo { .. }
        | UndoSlotTaken { .. }
        | NotAnEmergency { .. }
        | UnknownStatus { .. }
        | NotFound { .. } => None,
        Other(e) => e.hint.clone(),
    }
}

/// The doctor a series conflict is about (every conflict of a series has the same doctor).
fn doctor_of(problem: &AppointmentError) -> String {
    match problem {
        AppointmentError::Slot { doctor, .. } | AppointmentError::DoctorInactive { doctor } => {
            doctor.id.to_string()
        }
        _ => "…".to_string(),
    }
}

fn catalog_hint(e: &CatalogError) -> Option<Text> {
    use CatalogError::*;
    Some(match e {
        DoctorNotFound { .. } => Text::new(
            "Vea los médicos con `saludya doctor list`.",
            "See the doctors with `saludya doctor list`.",
        ),
        DoctorAmbiguous { .. } => Text::new(
            "Use el id (o sus primeros caracteres) de `saludya doctor list`.",
            "Use the id (or its first characters) from `saludya doctor list`.",
        ),
        SpecialtyNotFound { .. } => Text::new(
            "Vea las especialidades con `saludya specialty list`.",
            "See the specialties with `saludya specialty list`.",
        ),
        SpecialtyAmbiguous { .. } => Text::new("Escriba más letras del nombre.", "Type more of the name."),
        Schedule { .. } => Text::new(
            "Formato: \"lun-vie 08:00-13:00/20\" (días, horas, minutos por cita); varios separados por ';'. Días: lun mar mie jue vie sab dom (o mon..sun).",
            "Format: \"mon-fri 08:00-13:00/20\" (days, hours, minutes per slot); several separated by ';'. Days: mon..sun (or lun..dom).",
        ),
        DoctorInputEmpty
        | SpecialtyInputEmpty
        | UnknownSort
        | InvalidName { .. }
        | RatingOutOfRange
        | PriceOutOfRange
        | InvalidCmp
        | InvalidPhoto
        | ExperienceOutOfRange
        | DuplicateCmp { .. }
        | TimeOffEndsBeforeStart
        | TimeOffTooLong
        | TimeOffReasonInvalid
        | InvalidSetting { .. }
        | UnknownSetting { .. }
        | DamagedData { .. } => return None,
    })
}

fn patient_hint(e: &PatientError) -> Option<Text> {
    use PatientError::*;
    Some(match e {
        NotFoundByDocument { .. } => Text::new(
            "Búsquelo por nombre con `saludya patient search NOMBRE` o regístrelo con `saludya patient add`.",
            "Search by name with `saludya patient search NAME` or register them with `saludya patient add`.",
        ),
        NeitherDocumentNorId { input } => tr!(
            "Búsquelo con `saludya patient search \"{input}\"`.",
            "Find them with `saludya patient search \"{input}\"`."
        ),
        DuplicateDocument { address, .. } => tr!(
            "Véalo con `saludya patient show {address}`.",
            "See it with `saludya patient show {address}`."
        ),
        EmptySearch => Text::new(
            "Para ver a todos los pacientes use `saludya patient list`.",
            "To see every patient use `saludya patient list`.",
        ),
        InvalidDni { .. } => Text::new(
            "Para un carné de extranjería o un pasaporte use --doc-type ce|passport.",
            "For a foreigner's card or a passport use --doc-type ce|passport.",
        ),
        InvalidPhone { .. } => Text::new(
            "Use un celular de 9 dígitos (987 654 321), un fijo con su código de área (01 4567890, 054 123456) o el formato internacional (+56 9 1234 5678).",
            "Use a 9-digit mobile (987 654 321), a landline with its area code (01 4567890, 054 123456) or the international form (+56 9 1234 5678).",
        ),
        InvalidCe { .. }
        | InvalidPassport { .. }
        | UnknownDocType { .. }
        | InvalidSex { .. }
        | Name { .. }
        | InvalidBirthDate { .. }
        | BirthDateInFuture { .. }
        | BirthDateImplausible { .. }
        | EmailTaken { .. }
        | JustRegistered
        | IdNotFound { .. }
        | InvalidReference { .. }
        | InvalidSearch { .. } => return None,
    })
}

fn auth_hint(e: &AuthError) -> Option<Text> {
    use AuthError::*;
    Some(match e {
        NoSession => Text::new(
            "Inicie sesión con `saludya login --email CORREO`.",
            "Log in with `saludya login --email EMAIL`.",
        ),
        AdminRequired => Text::new(
            "Pida a un administrador que la realice.",
            "Ask an administrator to do it.",
        ),
        PasswordWeak => Text::new(
            "Use una frase de varias palabras poco comunes, por ejemplo «tortuga-lluvia-mercado-azul».",
            "Use a phrase of several unusual words, for example 'turtle-rain-market-blue'.",
        ),
        OwnPasswordReset => Text::new(
            "Para cambiar su propia contraseña use `saludya staff passwd` (pide la actual).",
            "To change your own password use `saludya staff passwd` (it asks for the current one).",
        ),
        UnknownRole { .. }
        | InvalidEmail { .. }
        | PasswordTooShort { .. }
        | PasswordTooLong { .. }
        | PasswordControlChars
        | HashFailed { .. }
        | BadCredentials
        | Throttled { .. }
        | WrongCurrentPassword
        | StaffNameInvalid
        | EmailTaken { .. }
        | StaffNotFound { .. } => return None,
    })
}

fn payment_hint(e: &PaymentError) -> Option<Text> {
    use PaymentError::*;
    Some(match e {
        AlreadyPaid { payment, .. } => tr!(
            "Vea el pago con `saludya payment show {payment}`.",
            "See the payment with `saludya payment show {payment}`."
        ),
        NotPayable { .. } => Text::new(
            "Reserve una cita nueva con `saludya appointment book`.",
            "Book a new appointment with `saludya appointment book`.",
        ),
        CardLineHoldsMore => Text::new(
            "Dé el número, el vencimiento MM/AA y el CVV, cada uno en su propia línea.",
            "Give the number, the expiry MM/YY and the CVV, each on its own line.",
        ),
        CardMissing => Text::new(
            "Dé el número, el vencimiento MM/AA y el CVV, uno por línea.",
            "Give the number, the expiry MM/YY and the CVV, one per line.",
        ),
        TenderedNotForMethod { .. } => Text::new(
            "Quite --tendered: es solo para efectivo.",
            "Leave out --tendered: it is for cash only.",
        ),
        ReferenceNotForMethod { .. } => Text::new(
            "Quite --reference: es solo para transferencia, Yape y Plin.",
            "Leave out --reference: it is for transfer, Yape and Plin only.",
        ),
        ReferenceRequired { .. } => Text::new(
            "Dé el número de operación con --reference.",
            "Give the operation number with --reference.",
        ),
        KeyPaymentRefunded { .. } => Text::new(
            "Para cobrarla de nuevo use una clave de idempotencia nueva.",
            "To take the payment again, use a new idempotency key.",
        ),
        KeyUsedElsewhere => Text::new(
            "Use una clave nueva para un pago nuevo.",
            "Use a new key for a new payment.",
        ),
        UnknownMethod { .. }
        | CardDetailsForOtherMethod { .. }
        | ReferenceInvalid
        | IdempotencyKeyInvalid
        | NotFound { .. }
        | TenderedTooLow { .. }
        | RefundReasonInvalid
        | NotRefundable { .. }
        | AlreadyRefunded { .. } => return None,
    })
}

/// The export's messages name days and values; the flags are the CLI's.
fn export_hint(e: &ExportError) -> Option<Text> {
    match e {
        ExportError::RangeReversed { from, to } => Some(tr!(
            "Intercambie --from {from} y --to {to}.",
            "Swap --from {from} and --to {to}."
        )),
        ExportError::UnknownStatus { .. } | ExportError::BadDelimiter => None,
    }
}

/// The report commands' next steps: the flags of a calendar range, the template's setting.
fn report_hint(e: &ReportError) -> Option<Text> {
    match e {
        ReportError::RangeReversed { from, to } => Some(tr!(
            "Intercambie --from {from} y --to {to}.",
            "Swap --from {from} and --to {to}."
        )),
        ReportError::RangeTooLong { .. } => Some(Text::new(
            "Exporte por partes de un año como máximo (--from y --to).",
            "Export in parts of at most a year (--from and --to).",
        )),
        ReportError::UnknownPlaceholder { .. }
        | ReportError::UnbalancedBrace
        | ReportError::TemplateTooLong { .. }
        | ReportError::TemplateUnsafe => Some(Text::new(
            "Vea la plantilla actual con `saludya settings show`; `saludya settings set reminder_template \"\"` vuelve a la predeterminada.",
            "See the current template with `saludya settings show`; `saludya settings set reminder_template \"\"` goes back to the default.",
        )),
    }
}

/// The demo generator's next step is a `saludya demo` command.
fn demo_hint(e: &DemoError) -> Option<Text> {
    match e {
        DemoError::NoPatients => Some(Text::new(
            "Agréguelos con `saludya demo --patients N`.",
            "Add them with `saludya demo --patients N`.",
        )),
        DemoError::NoDoctors | DemoError::NoSlots | DemoError::NoFreeDocuments => None,
    }
}

fn audit_hint(e: &AuditError) -> Option<Text> {
    match e {
        AuditError::Broken { .. } | AuditError::HeadNotFound { .. } => Some(Text::new(
            "Restaure la última copia de seguridad buena (`saludya restore`) y averigüe quién tuvo acceso al archivo.",
            "Restore the last good backup (`saludya restore`) and find out who had access to the file.",
        )),
        AuditError::HeadInvalid => Some(Text::new(
            "Copie el hash tal como lo mostró `saludya audit verify`.",
            "Copy the hash as `saludya audit verify` showed it.",
        )),
        AuditError::SecretField { .. } | AuditError::RangeReversed { .. } => None,
    }
}

/// Orientation's messages already say what to fix; the match is exhaustive so that a new
/// variant decides whether the command line adds a next step.
fn orientation_hint(e: &OrientationError) -> Option<Text> {
    use OrientationError::*;
    match e {
        EmptyComplaint
        | TextTooLong { .. }
        | ControlChars
        | InvisibleChars
        | AgeOutOfRange { .. }
        | AgeNotANumber { .. }
        | InvalidSex { .. }
        | StoreFailed { .. }
        | QueryNotFound { .. } => None,
    }
}

fn waitlist_hint(e: &WaitlistError) -> Option<Text> {
    use WaitlistError::*;
    match e {
        NoSpecialtyOrDoctor => Some(Text::new(
            "Use --specialty o --doctor.",
            "Use --specialty or --doctor.",
        )),
        DoctorInactive { .. } => Some(Text::new(
            "Póngalo en espera de la especialidad con --specialty.",
            "Put them on the specialty's list with --specialty.",
        )),
        Duplicate { existing, .. } => Some(tr!(
            "Vea la entrada con `saludya waitlist list --all` o retírela con `saludya waitlist remove {}`.",
            "See the entry with `saludya waitlist list --all` or remove it with `saludya waitlist remove {}`.",
            existing
        )),
        AlreadyOffered { id, .. } => Some(tr!(
            "Reserve la hora ofrecida con `saludya waitlist book {}` o libérela con `saludya waitlist decline {}`.",
            "Book the offered slot with `saludya waitlist book {}` or release it with `saludya waitlist decline {}`.",
            id,
            id
        )),
        SlotRequired { .. } => Some(Text::new(
            "Indique --doctor y --at, u ofrézcale una hora antes con `saludya waitlist offer`.",
            "Give --doctor and --at, or offer a slot first with `saludya waitlist offer`.",
        )),
        DoctorRequired { .. } => Some(Text::new("Indique --doctor.", "Give --doctor.")),
        SlotOffered {
            other: Some(id),
            hold_hours,
            ..
        } => Some(tr!(
            "Elija otra hora (`saludya slots`), o libérela con `saludya waitlist decline {}` si el paciente en espera no la quiere; la oferta vence sola pasadas {} horas.",
            "Choose another slot (`saludya slots`), or release it with `saludya waitlist decline {}` if the waiting patient does not want it; the offer lapses by itself after {} hours.",
            id,
            hold_hours
        )),
        SlotOffered { .. } | SlotMismatch { .. } => Some(Text::new(
            "Vea quién espera con `saludya waitlist list` y los horarios libres con `saludya slots`.",
            "See who waits with `saludya waitlist list` and the free slots with `saludya slots`.",
        )),
        WindowInverted { .. } | WindowPast { .. } => Some(Text::new(
            "--from y --to son fechas AAAA-MM-DD, --to desde hoy.",
            "--from and --to are YYYY-MM-DD dates, --to from today on.",
        )),
        TimeOfDayUnknown { .. } | TimeInverted { .. } => Some(Text::new(
            "--time mañana, --time tarde o --time 09:00-11:00.",
            "--time mañana (morning), --time tarde (afternoon) or --time 09:00-11:00.",
        )),
        DoctorNotOfSpecialty { .. }
        | NoteInvalid
        | Closed { .. }
        | NotOffered { .. }
        | ReasonInvalid
        | UnknownState { .. }
        | Other(_) => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::patients::DocType;
    use crate::ids::{PatientId, PaymentId};

    #[test]
    fn the_domain_words_the_error_and_the_cli_adds_the_command() {
        let errors: Vec<AppError> = vec![
            CatalogError::DoctorNotFound { input: "zz".into() }.into(),
            CatalogError::DoctorAmbiguous {
                input: "ana".into(),
                names: vec!["Ana A".into(), "Ana B".into()],
            }
            .into(),
            CatalogError::SpecialtyNotFound { input: "zz".into() }.into(),
            PatientError::NotFoundByDocument {
                doc_type: DocType::Dni,
                number: "12345678".into(),
            }
            .into(),
            PatientError::NeitherDocumentNorId { input: "zz".into() }.into(),
            PatientError::DuplicateDocument {
                id: PatientId::from_string("p1"),
                name: "Ana".into(),
                document: Text::new("DNI 1", "DNI 1"),
                address: "12345678".into(),
            }
            .into(),
            PatientError::EmptySearch.into(),
            PatientError::InvalidDni { input: "1".into() }.into(),
            AuthError::NoSession.into(),
            PaymentError::AlreadyPaid {
                payment: PaymentId::from_string("pay1"),
                receipt: 1,
                amount: "S/ 1.00".into(),
                transaction: "TX-1".into(),
            }
            .into(),
            PaymentError::NotPayable {
                status: crate::domain::appointments::Status::Cancelled,
            }
            .into(),
            AppointmentError::ReasonRequired.into(),
        ];
        for e in errors {
            assert!(e.hint.is_none(), "the domain gives no hint: {:?}", e.hint);
            assert!(!e.detail.en.contains("saludya") && !e.detail.es.contains("saludya"));
            let h = hinted(e).hint.expect("the CLI adds one");
            assert!(h.en.contains("saludya") || h.en.contains("--"), "{}", h.en);
        }
    }

    /// Validation errors of the catalog are the domain's words; the CLI adds the format of a
    /// schedule and "type more" for an ambiguous specialty, and nothing where the message says it.
    #[test]
    fn catalog_validation_errors_get_their_hint_at_the_edge() {
        use crate::domain::catalog::CatalogError as C;
        let schedule: AppError = C::Schedule {
            entry: "lun 8-9".into(),
            problem: crate::domain::catalog::ScheduleProblem::HoursFormat,
        }
        .into();
        assert!(schedule.hint.is_none());
        assert_eq!(schedule.detail.en, "Invalid schedule 'lun 8-9': use HH:MM-HH:MM");
        assert!(hinted(schedule).hint.expect("format").en.starts_with("Format: "));
        let ambiguous: AppError = C::SpecialtyAmbiguous {
            input: "ped".into(),
            names: "Pediatría, Pediatría Neonatal".into(),
        }
        .into();
        assert_eq!(hinted(ambiguous).hint.expect("more").en, "Type more of the name.");
        let price: AppError = C::PriceOutOfRange.into();
        assert_eq!(price.kind, crate::error::Kind::Invalid);
        assert!(hinted(price).hint.is_none());
        let cmp: AppError = C::DuplicateCmp { cmp: "1".into() }.into();
        assert_eq!(cmp.kind, crate::error::Kind::Conflict);
    }

    /// A patient's field errors are the domain's words; the phone format is the CLI's hint.
    #[test]
    fn patient_validation_errors_get_their_hint_at_the_edge() {
        use crate::domain::patients::{NameField, NameProblem};
        let phone: AppError = PatientError::InvalidPhone { input: "12".into() }.into();
        assert!(phone.hint.is_none());
        assert_eq!(phone.detail.en, "Invalid phone number '12'.");
        assert!(hinted(phone).hint.expect("format").en.contains("9-digit mobile"));
        let name: AppError = PatientError::Name {
            field: NameField::Last,
            problem: NameProblem::TooLong { max: 60, len: 61 },
        }
        .into();
        assert_eq!(name.detail.es, "Apellidos: como máximo 60 caracteres (tiene 61).");
        assert!(hinted(name).hint.is_none());
        let taken: AppError = PatientError::JustRegistered.into();
        assert_eq!(taken.kind, crate::error::Kind::Conflict);
    }

    /// Auth's errors name no command; the CLI points to `staff passwd` for one's own password.
    #[test]
    fn auth_errors_get_their_hint_at_the_edge() {
        let own: AppError = AuthError::OwnPasswordReset.into();
        assert!(own.hint.is_none() && !own.detail.en.contains("saludya"));
        assert!(
            hinted(own)
                .hint
                .expect("passwd")
                .en
                .contains("`saludya staff passwd`")
        );
        let admin: AppError = AuthError::AdminRequired.into();
        assert_eq!(admin.kind, crate::error::Kind::Unauthorized);
        assert_eq!(
            hinted(admin).hint.expect("ask").en,
            "Ask an administrator to do it."
        );
        let weak: AppError = AuthError::PasswordWeak.into();
        assert!(
            hinted(weak)
                .hint
                .expect("phrase")
                .en
                .contains("several unusual words")
        );
        let wait: AppError = AuthError::Throttled { minutes: 2 }.into();
        assert_eq!(
            wait.detail.en,
            "Too many failed attempts. Wait 2 min before trying again."
        );
        assert!(hinted(wait).hint.is_none());
    }

    /// Payments' messages name no flag; the CLI names `--reference` / `--tendered` in its hint.
    #[test]
    fn payment_errors_name_their_flags_only_at_the_edge() {
        use crate::domain::payments::Method;
        for e in [
            PaymentError::ReferenceRequired { method: Method::Yape },
            PaymentError::ReferenceNotForMethod { method: Method::Cash },
            PaymentError::TenderedNotForMethod { method: Method::Card },
        ] {
            let e: AppError = e.into();
            assert_eq!(e.kind, crate::error::Kind::Invalid);
            assert!(
                !e.detail.es.contains("--") && !e.detail.en.contains("--"),
                "{}",
                e.detail.en
            );
            let h = hinted(e).hint.expect("flag");
            assert!(
                h.en.contains("--reference") || h.en.contains("--tendered"),
                "{}",
                h.en
            );
        }
        let e: AppError = PaymentError::ReferenceRequired { method: Method::Yape }.into();
        assert_eq!(e.detail.es, "El pago por Yape necesita el número de operación.");
        let key: AppError = PaymentError::KeyUsedElsewhere.into();
        assert_eq!(key.kind, crate::error::Kind::Conflict);
        assert_eq!(
            hinted(key).hint.expect("key").en,
            "Use a new key for a new payment."
        );
    }

    /// Orientation's errors are typed: the kind and the words come from the variant.
    #[test]
    fn orientation_errors_are_typed() {
        use crate::domain::orientation::store::{MAX_TEXT_CHARS, validate_age, validate_text};
        let long = validate_text(&"a".repeat(MAX_TEXT_CHARS + 1)).unwrap_err();
        assert!(matches!(
            long.cause.as_deref(),
            Some(Cause::Orientation(OrientationError::TextTooLong {
                max: MAX_TEXT_CHARS
            }))
        ));
        assert_eq!(long.detail.en, "The text is too long (at most 2000 characters).");
        let age = validate_age(131).unwrap_err();
        assert_eq!(age.kind, crate::error::Kind::Invalid);
        assert_eq!(age.detail.es, "Edad no válida: 131 (use años, de 0 a 130).");
        let missing: AppError = OrientationError::QueryNotFound { id: "q1".into() }.into();
        assert_eq!(missing.kind, crate::error::Kind::NotFound);
    }

    /// Flows and the demo generator name no flag or command; the CLI's hint does.
    #[test]
    fn flow_and_demo_errors_name_flags_only_at_the_edge() {
        let day = |d| chrono::NaiveDate::from_ymd_opt(2026, 3, d).unwrap();
        let range: AppError = ExportError::RangeReversed {
            from: day(9),
            to: day(2),
        }
        .into();
        assert_eq!(
            range.detail.en,
            "The date range is reversed: 2026-03-09 is after 2026-03-02."
        );
        assert_eq!(
            hinted(range).hint.expect("swap").en,
            "Swap --from 2026-03-09 and --to 2026-03-02."
        );
        let none: AppError = DemoError::NoPatients.into();
        assert!(!none.detail.en.contains("--") && !none.detail.es.contains("--"));
        assert!(
            hinted(none)
                .hint
                .expect("demo")
                .en
                .contains("`saludya demo --patients N`")
        );
    }
}
