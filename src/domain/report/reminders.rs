//! Reminders: the day's patients to call or message, with their phone in E.164, a ready message
//! (the clinic's template, or the default of the reader's language) and a `https://wa.me/` link.
//! Nothing is sent: the desk opens the link or dials. Read-only: one join of appointments and
//! patients (rule 5's list-view exception).

use chrono::NaiveDate;

use super::template::{Template, Values};
use crate::db::Db;
use crate::domain::appointments::Status;
use crate::domain::catalog::settings::Settings;
use crate::error::AppResult;
use crate::i18n::{Lang, Text};
use crate::ids::{AppointmentId, DoctorId, PatientId};
use crate::wall_time::WallTime;

/// How the desk can reach the patient.
#[derive(Debug, Clone, PartialEq)]
pub enum Contact {
    /// A phone in E.164 (`+51987654321`) and its WhatsApp link with the message.
    Phone { e164: String, link: String },
    /// No phone on file.
    Missing,
    /// The stored phone cannot be normalised (`reason` says why).
    Invalid { stored: String, reason: Text },
}

/// One appointment to remind.
#[derive(Debug, Clone, PartialEq)]
pub struct Reminder {
    pub appointment_id: AppointmentId,
    pub status: Status,
    pub start: WallTime,
    pub patient_id: PatientId,
    pub patient_name: String,
    pub doctor_id: DoctorId,
    pub doctor_name: String,
    pub specialty: String,
    pub contact: Contact,
    pub message: String,
}

/// The reminders of one clinic day, in time order.
#[derive(Debug, Clone, PartialEq)]
pub struct DayReminders {
    pub date: NaiveDate,
    /// The clinic's own template was used (else the default of the language).
    pub clinic_template: bool,
    pub reminders: Vec<Reminder>,
}

impl DayReminders {
    pub fn with_phone(&self) -> impl Iterator<Item = &Reminder> {
        self.reminders
            .iter()
            .filter(|r| matches!(r.contact, Contact::Phone { .. }))
    }

    pub fn without_phone(&self) -> impl Iterator<Item = &Reminder> {
        self.reminders.iter().filter(|r| r.contact == Contact::Missing)
    }

    pub fn invalid_phone(&self) -> impl Iterator<Item = &Reminder> {
        self.reminders
            .iter()
            .filter(|r| matches!(r.contact, Contact::Invalid { .. }))
    }
}

/// The template a reminder uses and the language of its date words: the clinic's own (dates in
/// the clinic's language), else the default of `lang`.
pub fn template_for(settings: &Settings, lang: Lang) -> (Template, Lang, bool) {
    match settings.reminder_template.as_deref().map(Template::parse) {
        Some(Ok(t)) => (t, settings.language, true),
        // A stored template is validated when set; one that no longer parses falls back.
        _ => (Template::default_for(lang), lang, false),
    }
}

/// Percent-encoding of a URL query value (RFC 3986: only unreserved characters stay).
pub fn percent_encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len() * 3);
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// `https://wa.me/<digits>?text=<message>` for an E.164 phone.
pub fn whatsapp_link(e164: &str, message: &str) -> String {
    let digits: String = e164.chars().filter(char::is_ascii_digit).collect();
    format!("https://wa.me/{digits}?text={}", percent_encode(message))
}

/// The stored phone as a contact: normalised with the patients' own rule (Peruvian numbers get
/// +51), or why it cannot be.
pub fn contact_of(stored: Option<&str>, message: &str) -> Contact {
    match stored.map(str::trim).filter(|p| !p.is_empty()) {
        None => Contact::Missing,
        Some(p) => match crate::domain::patients::validate::phone(p) {
            Ok(e164) => Contact::Phone {
                link: whatsapp_link(&e164, message),
                e164,
            },
            Err(e) => Contact::Invalid {
                stored: crate::text::shown(p, 40),
                reason: e.detail,
            },
        },
    }
}

/// The appointments of `date` that still happen (booked or paid: not cancelled, no-show, nor
/// already arrived or done), with their message.
pub fn reminders_for(conn: &Db, date: NaiveDate, settings: &Settings, lang: Lang) -> AppResult<DayReminders> {
    let (template, date_lang, clinic_template) = template_for(settings, lang);
    let from = format!("{date} 00:00");
    let to = date.succ_opt().map(|d| format!("{d} 00:00"));
    // The day's bounds as plain conditions (db::Conditions), so the date index stops at the
    // day's end instead of reading every later appointment.
    let mut conditions = crate::db::Conditions::new();
    conditions
        .and("a.starts_at >= {}", &from)
        .and_some("a.starts_at < {}", &to)
        .and_fixed("a.status IN ('booked', 'confirmed')");
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT a.id, a.status, a.starts_at, a.patient_id, p.first_name, p.last_name, p.phone,
                a.doctor_id, a.doctor_name, a.specialty
         FROM appointment_appointments a JOIN user_patients p ON p.id = a.patient_id{}
         ORDER BY a.starts_at, a.doctor_name, a.id",
        conditions.sql()
    ))?;
    let rows = stmt
        .query_map(conditions.params(), |r| {
            Ok((
                r.get::<_, AppointmentId>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, WallTime>(2)?,
                r.get::<_, PatientId>(3)?,
                r.get::<_, String>(4)?,
                r.get::<_, String>(5)?,
                r.get::<_, Option<String>>(6)?,
                r.get::<_, DoctorId>(7)?,
                r.get::<_, String>(8)?,
                r.get::<_, String>(9)?,
            ))
        })?
        .collect::<Result<Vec<_>, _>>()?;
    let mut reminders = Vec::with_capacity(rows.len());
    for (id, status, start, patient_id, first, last, phone, doctor_id, doctor, specialty) in rows {
        let message = template.render(&Values {
            name: &first,
            date: start.date(),
            time: &start.hm(),
            doctor: &doctor,
            specialty: &specialty,
            clinic: &settings.clinic_name,
            lang: date_lang,
        });
        reminders.push(Reminder {
            appointment_id: id,
            status: Status::parse(&status)?,
            start,
            patient_id,
            patient_name: format!("{first} {last}"),
            doctor_id,
            doctor_name: doctor,
            specialty,
            contact: contact_of(phone.as_deref(), &message),
            message,
        });
    }
    Ok(DayReminders {
        date,
        clinic_template,
        reminders,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_percent_encode_the_message_as_utf8() {
        assert_eq!(
            whatsapp_link("+51987654321", "Hola José, ¿mañana 09:30? 100% & más"),
            "https://wa.me/51987654321?text=Hola%20Jos%C3%A9%2C%20%C2%BFma%C3%B1ana%2009%3A30%3F%20100%25%20%26%20m%C3%A1s"
        );
    }

    #[test]
    fn stored_phones_are_normalised_or_listed_apart_with_the_reason() {
        match contact_of(Some("987 654 321"), "x") {
            Contact::Phone { e164, link } => {
                assert_eq!(e164, "+51987654321");
                assert_eq!(link, "https://wa.me/51987654321?text=x");
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(contact_of(None, "x"), Contact::Missing);
        assert_eq!(contact_of(Some("  "), "x"), Contact::Missing);
        match contact_of(Some("12345"), "x") {
            Contact::Invalid { stored, reason } => {
                assert_eq!(stored, "12345");
                assert_eq!(reason.es, "Teléfono no válido «12345».");
            }
            other => panic!("{other:?}"),
        }
    }
}
