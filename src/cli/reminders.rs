//! `reminders [--date D]`: the day's patients to call or message (default: tomorrow in the
//! clinic's zone). Nothing is sent: the desk opens the `wa.me` link or dials the number.
//!
//! Output: a table per group (with a phone; without one; with a stored phone that cannot be
//! normalised, and why); `--format csv` one CSV of every row with `phone_status` (`ok`,
//! `missing`, `invalid`); `--format json` an object with the three arrays. A day with nothing to
//! remind is not an error (exit 0, empty arrays, a sentence on stderr): a script that runs every
//! evening must not fail on a Sunday.

use clap::Args;
use serde::Serialize;

use super::Ctx;
use super::output::{Column, Format, print_json, print_list};
use crate::domain::report::reminders::{self, Contact, DayReminders, Reminder};
use crate::domain::report::template::date_words;
use crate::error::AppResult;
use crate::i18n::Lang;
use crate::tr;

pub const EXAMPLES: &str = "\
El mensaje es el ajuste reminder_template de la clínica (saludya settings set reminder_template
\"...\"), o el predeterminado en el idioma de --lang. No se envía nada: abra el enlace wa.me o llame.
Un día sin citas no es un error (código 0, listas vacías).

Ejemplos:
  saludya reminders                            los pacientes de mañana
  saludya reminders --date 2026-03-03
  saludya --format csv reminders > recordatorios.csv
  saludya --format json reminders              {\"reminders\": [...], \"without_phone\": [...], ...}
  saludya --lang en reminders                  mensaje predeterminado en inglés";

#[derive(Debug, Args)]
#[command(after_help = EXAMPLES)]
pub struct RemindersArgs {
    /// Día de las citas (YYYY-MM-DD; por defecto mañana)
    #[arg(long, value_name = "YYYY-MM-DD")]
    date: Option<String>,
}

/// One reminder as scripts read it.
#[derive(Debug, Serialize)]
struct Row {
    appointment_id: String,
    status: &'static str,
    date: String,
    time: String,
    patient_id: String,
    patient_name: String,
    /// E.164, or null.
    phone: Option<String>,
    phone_status: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    stored_phone: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    phone_problem: Option<String>,
    doctor_id: String,
    doctor_name: String,
    specialty: String,
    message: String,
    link: Option<String>,
}

fn row(r: &Reminder, lang: Lang) -> Row {
    let (phone, status, stored, problem, link) = match &r.contact {
        Contact::Phone { e164, link } => (Some(e164.clone()), "ok", None, None, Some(link.clone())),
        Contact::Missing => (None, "missing", None, None, None),
        Contact::Invalid { stored, reason } => (
            None,
            "invalid",
            Some(stored.clone()),
            Some(reason.get(lang).to_string()),
            None,
        ),
    };
    Row {
        appointment_id: r.appointment_id.to_string(),
        status: r.status.as_str(),
        date: r.start.date().to_string(),
        time: r.start.hm(),
        patient_id: r.patient_id.to_string(),
        patient_name: r.patient_name.clone(),
        phone,
        phone_status: status,
        stored_phone: stored,
        phone_problem: problem,
        doctor_id: r.doctor_id.to_string(),
        doctor_name: r.doctor_name.clone(),
        specialty: r.specialty.clone(),
        message: r.message.clone(),
        link,
    }
}

#[derive(Serialize)]
struct Json<'a> {
    date: String,
    /// "clinic" (the clinic's reminder_template) or "default".
    template: &'static str,
    reminders: &'a [Row],
    without_phone: &'a [Row],
    invalid_phone: &'a [Row],
}

fn opt(s: &Option<String>) -> String {
    s.clone().unwrap_or_default()
}

fn phone_columns() -> Vec<Column<Row>> {
    vec![
        Column::new("time", "Hora", "Time", |r: &Row| r.time.clone()),
        Column::new("patient_name", "Paciente", "Patient", |r: &Row| {
            r.patient_name.clone()
        })
        .shrink(),
        Column::new("phone", "Teléfono", "Phone", |r: &Row| opt(&r.phone)),
        Column::new("doctor_name", "Médico", "Doctor", |r: &Row| {
            r.doctor_name.clone()
        })
        .shrink()
        .optional(3),
        Column::new("specialty", "Especialidad", "Specialty", |r: &Row| {
            r.specialty.clone()
        })
        .shrink()
        .optional(4),
        Column::new("message", "Mensaje", "Message", |r: &Row| r.message.clone())
            .shrink()
            .optional(5),
        Column::new("link", "Enlace WhatsApp", "WhatsApp link", |r: &Row| opt(&r.link)).optional(2),
    ]
}

fn missing_columns() -> Vec<Column<Row>> {
    vec![
        Column::new("time", "Hora", "Time", |r: &Row| r.time.clone()),
        Column::new("patient_name", "Paciente", "Patient", |r: &Row| {
            r.patient_name.clone()
        })
        .shrink(),
        Column::new("doctor_name", "Médico", "Doctor", |r: &Row| {
            r.doctor_name.clone()
        })
        .shrink(),
        Column::new("specialty", "Especialidad", "Specialty", |r: &Row| {
            r.specialty.clone()
        })
        .shrink()
        .optional(1),
    ]
}

fn invalid_columns() -> Vec<Column<Row>> {
    vec![
        Column::new("time", "Hora", "Time", |r: &Row| r.time.clone()),
        Column::new("patient_name", "Paciente", "Patient", |r: &Row| {
            r.patient_name.clone()
        })
        .shrink(),
        Column::new("stored_phone", "Teléfono guardado", "Stored phone", |r: &Row| {
            opt(&r.stored_phone)
        }),
        Column::new("phone_problem", "Motivo", "Reason", |r: &Row| {
            opt(&r.phone_problem)
        })
        .shrink(),
        Column::new("doctor_name", "Médico", "Doctor", |r: &Row| {
            r.doctor_name.clone()
        })
        .shrink()
        .optional(1),
    ]
}

/// Every column, for CSV.
fn csv_columns() -> Vec<Column<Row>> {
    vec![
        Column::new("appointment_id", "", "", |r: &Row| r.appointment_id.clone()),
        Column::new("date", "", "", |r: &Row| r.date.clone()),
        Column::new("time", "", "", |r: &Row| r.time.clone()),
        Column::new("status", "", "", |r: &Row| r.status.to_string()),
        Column::new("patient_id", "", "", |r: &Row| r.patient_id.clone()),
        Column::new("patient_name", "", "", |r: &Row| r.patient_name.clone()),
        Column::new("phone", "", "", |r: &Row| opt(&r.phone)),
        Column::new("phone_status", "", "", |r: &Row| r.phone_status.to_string()),
        Column::new("stored_phone", "", "", |r: &Row| opt(&r.stored_phone)),
        Column::new("phone_problem", "", "", |r: &Row| opt(&r.phone_problem)),
        Column::new("doctor_id", "", "", |r: &Row| r.doctor_id.clone()),
        Column::new("doctor_name", "", "", |r: &Row| r.doctor_name.clone()),
        Column::new("specialty", "", "", |r: &Row| r.specialty.clone()),
        Column::new("message", "", "", |r: &Row| r.message.clone()),
        Column::new("link", "", "", |r: &Row| opt(&r.link)),
    ]
}

pub fn run(ctx: &mut Ctx, args: RemindersArgs) -> AppResult<()> {
    let date = args
        .date
        .as_deref()
        .map(|d| crate::wall_time::parse_date_in(Some("--date"), d))
        .transpose()?;
    let desk = ctx.desk()?;
    let tz = desk.settings.time_zone;
    let date = match date {
        Some(d) => d,
        None => {
            let today = desk.clock.now().with_timezone(&tz).date_naive();
            today.succ_opt().unwrap_or(today)
        }
    };
    let day: DayReminders = reminders::reminders_for(&desk.conn, date, &desk.settings, ctx.lang)?;
    let lang = ctx.lang;
    let with: Vec<Row> = day.with_phone().map(|r| row(r, lang)).collect();
    let without: Vec<Row> = day.without_phone().map(|r| row(r, lang)).collect();
    let invalid: Vec<Row> = day.invalid_phone().map(|r| row(r, lang)).collect();
    let words = date_words(date, lang);
    match ctx.format {
        Format::Json => print_json(&Json {
            date: date.to_string(),
            template: if day.clinic_template { "clinic" } else { "default" },
            reminders: &with,
            without_phone: &without,
            invalid_phone: &invalid,
        })?,
        Format::Csv => {
            let all: Vec<Row> = with.into_iter().chain(without).chain(invalid).collect();
            print_list(ctx, &all, &csv_columns())?;
        }
        Format::Table => {
            use std::io::Write;
            let mut first = true;
            let mut section = |title: String, rows: &[Row], columns: &[Column<Row>]| -> AppResult<()> {
                if rows.is_empty() {
                    return Ok(());
                }
                if !first {
                    writeln!(crate::cli::sink::stdout())?;
                }
                first = false;
                writeln!(crate::cli::sink::stdout(), "{title}")?;
                print_list(ctx, rows, columns)
            };
            section(
                tr!("Con teléfono ({}):", "With a phone ({}):", with.len())
                    .get(lang)
                    .to_string(),
                &with,
                &phone_columns(),
            )?;
            section(
                tr!(
                    "Sin teléfono ({}): avisar en persona o por otro medio",
                    "Without a phone ({}): tell them in person or another way",
                    without.len()
                )
                .get(lang)
                .to_string(),
                &without,
                &missing_columns(),
            )?;
            section(
                tr!(
                    "Teléfono no válido ({}): corregir con saludya patient edit",
                    "Invalid phone ({}): fix it with saludya patient edit",
                    invalid.len()
                )
                .get(lang)
                .to_string(),
                &invalid,
                &invalid_columns(),
            )?;
        }
    }
    let n = day.reminders.len();
    if n == 0 {
        ctx.tell(&tr!(
            "No hay citas que recordar el {words} ({date}): ninguna reservada ni pagada.",
            "No appointments to remind on {words} ({date}): none booked or paid."
        ));
    } else {
        let (with, without, invalid) = (
            day.with_phone().count(),
            day.without_phone().count(),
            day.invalid_phone().count(),
        );
        ctx.tell(&tr!(
            "{n} recordatorio(s) para el {words}: {with} con teléfono, {without} sin teléfono, {invalid} con teléfono no válido. No se envió nada.",
            "{n} reminder(s) for {words}: {with} with a phone, {without} without one, {invalid} with an invalid phone. Nothing was sent."
        ));
    }
    Ok(())
}
