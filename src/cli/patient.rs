//! `patient add|show|edit|search|list` (original: the user service's /users).

use chrono::NaiveDate;
use clap::{Args, Subcommand};
use serde::Serialize;

use super::output::{Column, opt, print_list, print_one};
use super::{Ctx, LoggedIn};
use crate::domain::patients::{self, NewPatient, Patient, PatientInput, Saved};
use crate::error::{AppError, AppResult};
use crate::i18n::{Lang, Text};
use crate::tr;

pub const EXAMPLES: &str = "\
Ejemplos:
  saludya patient add --dni 45678912 --first-name \"Ana María\" --last-name \"García Pérez\" \\
      --phone \"987 654 321\" --birth-date 1985-07-28 --sex f
  saludya patient add --doc-type passport --dni AB123456 --first-name John --last-name Smith
  saludya patient show 45678912            por DNI, id, prefijo de id (6+) o ce:NÚMERO
  saludya patient edit 45678912 --phone 01-4567890 --email \"\"    (un valor vacío borra el dato)
  saludya patient search ana garcia        nombre en cualquier orden, sin tildes ni mayúsculas
  saludya patient search 4567              prefijo de documento
  saludya --format json patient list --limit 100 --offset 200

Reglas: DNI 8 dígitos · CE 9 dígitos · pasaporte 6-12 letras o dígitos · teléfono sin
código de país = Perú (celular de 9 dígitos que empieza con 9, fijo 01 + 7 dígitos o 0AA + 6) ·
nacimiento AAAA-MM-DD, no futuro, no antes de 1900.";

#[derive(Debug, Subcommand)]
#[command(defer = true)]
pub enum PatientCommand {
    /// Registra un paciente (avisa si parece un duplicado: mismo nombre y fecha de nacimiento)
    #[command(
        after_help = "Ejemplos:\n  saludya patient add --dni 45678912 --first-name Ana --last-name \"García Pérez\" --phone \"987 654 321\" --birth-date 1985-07-28 --sex f\n  saludya patient add --doc-type passport --dni AB123456 --first-name John --last-name Smith"
    )]
    Add(AddArgs),
    /// Muestra un paciente (por DNI, id o prefijo de id)
    #[command(
        after_help = "Ejemplos:\n  saludya patient show 45678912\n  saludya patient show ce:001234567\n  saludya --format json patient show 45678912"
    )]
    Show {
        /// DNI (u otro documento), id, prefijo de id (6+ caracteres) o TIPO:NÚMERO (ce:001234567)
        patient: String,
    },
    /// Cambia datos de un paciente; un valor vacío ("") borra correo, teléfono, nacimiento o sexo
    #[command(
        after_help = "Ejemplos:\n  saludya patient edit 45678912 --phone \"987 000 111\"\n  saludya patient edit 45678912 --email \"\""
    )]
    Edit(EditArgs),
    /// Busca por prefijo de documento o de nombres y apellidos (cualquier orden, sin tildes)
    #[command(
        after_help = "Ejemplos:\n  saludya patient search garcia ana\n  saludya patient search 4567 --limit 5"
    )]
    Search {
        /// Texto: parte del DNI/documento, o palabras del nombre ("garcia ana")
        #[arg(required = true, num_args = 1..)]
        text: Vec<String>,
        /// Máximo de resultados
        #[arg(long, default_value_t = 20, value_parser = clap::value_parser!(u32).range(1..=500))]
        limit: u32,
    },
    /// Lista pacientes por apellidos, una página a la vez
    #[command(
        after_help = "Ejemplos:\n  saludya patient list\n  saludya patient list --limit 50 --offset 50"
    )]
    List {
        /// Máximo de resultados
        #[arg(long, default_value_t = 50, value_parser = clap::value_parser!(u32).range(1..=10_000))]
        limit: u32,
        /// Cuántos saltar desde el inicio
        #[arg(long, default_value_t = 0)]
        offset: u32,
    },
}

#[derive(Debug, Args)]
pub struct AddArgs {
    /// Número de documento: DNI de 8 dígitos, u otro documento con --doc-type
    #[arg(long, visible_alias = "doc", value_name = "NUMBER")]
    dni: String,
    /// Tipo de documento: dni | ce (carné de extranjería, 9 dígitos) | passport (6-12 letras o dígitos)
    #[arg(long, default_value = "dni", value_name = "TYPE")]
    doc_type: String,
    /// Nombres
    #[arg(long)]
    first_name: String,
    /// Apellidos
    #[arg(long)]
    last_name: String,
    /// Correo electrónico (único por paciente)
    #[arg(long)]
    email: Option<String>,
    /// Teléfono; sin código de país se entiende Perú (+51)
    #[arg(long)]
    phone: Option<String>,
    /// Fecha de nacimiento AAAA-MM-DD
    #[arg(long, value_name = "YYYY-MM-DD")]
    birth_date: Option<String>,
    /// Sexo: f | m
    #[arg(long)]
    sex: Option<String>,
}

#[derive(Debug, Args)]
pub struct EditArgs {
    /// DNI (u otro documento), id, prefijo de id (6+ caracteres) o TIPO:NÚMERO
    patient: String,
    /// Nuevo número de documento
    #[arg(long, visible_alias = "doc", value_name = "NUMBER")]
    dni: Option<String>,
    /// Nuevo tipo de documento: dni | ce | passport
    #[arg(long, value_name = "TYPE")]
    doc_type: Option<String>,
    /// Nuevos nombres
    #[arg(long)]
    first_name: Option<String>,
    /// Nuevos apellidos
    #[arg(long)]
    last_name: Option<String>,
    /// Correo ("" lo borra)
    #[arg(long)]
    email: Option<String>,
    /// Teléfono ("" lo borra)
    #[arg(long)]
    phone: Option<String>,
    /// Fecha de nacimiento AAAA-MM-DD ("" la borra)
    #[arg(long, value_name = "YYYY-MM-DD")]
    birth_date: Option<String>,
    /// Sexo f | m ("" lo borra)
    #[arg(long)]
    sex: Option<String>,
}

/// A warning as scripts see it (`warnings` in the JSON of `add` and `edit`).
#[derive(Debug, Serialize)]
struct WarningView {
    kind: &'static str,
    patient_id: String,
    detail: String,
}

/// A patient as printed: the stored fields plus what a reader wants next to them.
#[derive(Debug, Serialize)]
struct PatientView {
    #[serde(flatten)]
    patient: Patient,
    full_name: String,
    age: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    warnings: Option<Vec<WarningView>>,
    #[serde(skip)]
    doc_label: String,
}

impl PatientView {
    fn new(patient: Patient, today: NaiveDate, lang: Lang) -> PatientView {
        PatientView {
            full_name: patient.full_name(),
            age: patient.age(today),
            doc_label: patient.doc_type.label().get(lang).to_string(),
            warnings: None,
            patient,
        }
    }

    fn saved(saved: Saved, today: NaiveDate, lang: Lang) -> PatientView {
        let warnings = saved
            .warnings
            .iter()
            .map(|w| WarningView {
                kind: w.kind(),
                patient_id: w.patient_id().to_string(),
                detail: w.text().get(lang).to_string(),
            })
            .collect();
        PatientView {
            warnings: Some(warnings),
            ..PatientView::new(saved.patient, today, lang)
        }
    }
}

fn one_columns() -> Vec<Column<PatientView>> {
    vec![
        Column::new("id", "Id", "Id", |v| v.patient.id.to_string()),
        Column::new("doc_type", "Tipo de documento", "Doc type", |v| {
            v.doc_label.clone()
        }),
        Column::new("doc_number", "Número de documento", "Doc number", |v| {
            v.patient.doc_number.clone()
        }),
        Column::new("first_name", "Nombres", "First name", |v| {
            v.patient.first_name.clone()
        }),
        Column::new("last_name", "Apellidos", "Last name", |v| {
            v.patient.last_name.clone()
        }),
        Column::new("birth_date", "Nacimiento", "Birth date", |v| {
            opt(&v.patient.birth_date)
        }),
        Column::new("age", "Edad", "Age", |v| {
            v.age.map(|a| a.to_string()).unwrap_or_default()
        }),
        Column::new("sex", "Sexo", "Sex", |v| {
            v.patient.sex.map(|s| s.as_str().to_string()).unwrap_or_default()
        }),
        Column::new("phone", "Teléfono", "Phone", |v| opt(&v.patient.phone)),
        Column::new("email", "Correo", "Email", |v| opt(&v.patient.email)),
        Column::new("created_at", "Registrado (UTC)", "Created at", |v| {
            v.patient.created_at.clone()
        }),
        Column::new("updated_at", "Actualizado (UTC)", "Updated at", |v| {
            v.patient.updated_at.clone()
        }),
    ]
}

fn list_columns() -> Vec<Column<PatientView>> {
    vec![
        Column::new("id", "Id", "Id", |v: &PatientView| v.patient.id.to_string()).optional(1),
        Column::new("doc_type", "Documento", "Doc type", |v: &PatientView| {
            v.doc_label.clone()
        })
        .optional(3),
        Column::new("doc_number", "Número", "Doc number", |v| {
            v.patient.doc_number.clone()
        }),
        Column::new("last_name", "Apellidos", "Last name", |v: &PatientView| {
            v.patient.last_name.clone()
        })
        .shrink(),
        Column::new("first_name", "Nombres", "First name", |v: &PatientView| {
            v.patient.first_name.clone()
        })
        .shrink(),
        Column::new("birth_date", "Nacimiento", "Birth date", |v: &PatientView| {
            opt(&v.patient.birth_date)
        })
        .optional(4),
        Column::new("phone", "Teléfono", "Phone", |v: &PatientView| {
            opt(&v.patient.phone)
        })
        .optional(2),
    ]
}

/// The clinic's date today (birth-date checks, ages).
fn clinic_today(desk: &LoggedIn) -> NaiveDate {
    desk.clock
        .now()
        .with_timezone(&desk.settings.time_zone)
        .date_naive()
}

pub fn run(ctx: &mut Ctx, cmd: PatientCommand) -> AppResult<()> {
    match cmd {
        PatientCommand::Add(args) => add(ctx, args),
        PatientCommand::Show { patient } => {
            let desk = ctx.desk()?;
            let p = patients::resolve_patient(&desk.conn, &patient)?;
            print_one(
                ctx,
                &PatientView::new(p, clinic_today(&desk), ctx.lang),
                &one_columns(),
            )
        }
        PatientCommand::Edit(args) => edit(ctx, args),
        PatientCommand::Search { text, limit } => {
            let desk = ctx.desk()?;
            let found = patients::search(&desk.conn, &text.join(" "), limit)?;
            print_views(ctx, &desk, found)
        }
        PatientCommand::List { limit, offset } => {
            let desk = ctx.desk()?;
            let found = patients::list(&desk.conn, limit, offset)?;
            print_views(ctx, &desk, found)
        }
    }
}

fn print_views(ctx: &Ctx, desk: &LoggedIn, found: Vec<Patient>) -> AppResult<()> {
    let today = clinic_today(desk);
    let views: Vec<PatientView> = found
        .into_iter()
        .map(|p| PatientView::new(p, today, ctx.lang))
        .collect();
    print_list(ctx, &views, &list_columns())
}

/// Warnings go to stderr even with `-q`: they are about the data, not chatter.
fn warn(ctx: &Ctx, view: &PatientView) {
    for w in view.warnings.iter().flatten() {
        super::stderr_line(&format!("{}: {}", ctx.lang.pick("aviso", "warning"), w.detail));
    }
}

fn add(ctx: &mut Ctx, args: AddArgs) -> AppResult<()> {
    let desk = ctx.desk()?;
    let today = clinic_today(&desk);
    let input = PatientInput {
        doc_type: Some(args.doc_type),
        doc_number: args.dni,
        first_name: args.first_name,
        last_name: args.last_name,
        email: args.email,
        phone: args.phone,
        birth_date: args.birth_date,
        sex: args.sex,
    };
    let new = NewPatient::parse(&input, today)?;
    let now = desk.clock.now();
    let staff_id = desk.staff.id.clone();
    let saved = crate::flows::desk::save_patient(&desk.conn, None, &new, Some(&staff_id), now)?;
    let view = PatientView::saved(saved, today, ctx.lang);
    ctx.tell(&tr!(
        "Paciente registrado: {} ({} {}).",
        "Patient registered: {} ({} {}).",
        view.full_name,
        view.doc_label,
        view.patient.doc_number
    ));
    warn(ctx, &view);
    print_one(ctx, &view, &one_columns())
}

fn edit(ctx: &mut Ctx, args: EditArgs) -> AppResult<()> {
    let nothing = args.dni.is_none()
        && args.doc_type.is_none()
        && args.first_name.is_none()
        && args.last_name.is_none()
        && args.email.is_none()
        && args.phone.is_none()
        && args.birth_date.is_none()
        && args.sex.is_none();
    if nothing {
        return Err(AppError::invalid(Text::new(
            "No hay nada que cambiar.",
            "There is nothing to change.",
        ))
        .with_hint(Text::new(
            "Indique al menos un dato, p. ej. --phone 987654321; vea `saludya patient edit --help`.",
            "Give at least one field, e.g. --phone 987654321; see `saludya patient edit --help`.",
        )));
    }
    let desk = ctx.desk()?;
    let today = clinic_today(&desk);
    let now = desk.clock.now();
    let saved = crate::db::write(&desk.conn, |tx| {
        let current = patients::resolve_patient(tx, &args.patient)?;
        let mut input = PatientInput::from_patient(&current);
        if let Some(v) = args.doc_type.clone() {
            input.doc_type = Some(v);
        }
        if let Some(v) = args.dni.clone() {
            input.doc_number = v;
        }
        if let Some(v) = args.first_name.clone() {
            input.first_name = v;
        }
        if let Some(v) = args.last_name.clone() {
            input.last_name = v;
        }
        for (field, value) in [
            (&mut input.email, args.email.clone()),
            (&mut input.phone, args.phone.clone()),
            (&mut input.birth_date, args.birth_date.clone()),
            (&mut input.sex, args.sex.clone()),
        ] {
            if let Some(v) = value {
                *field = Some(v);
            }
        }
        let new = NewPatient::parse(&input, today)?;
        patients::update(tx, &current.id, &new, Some(&desk.staff.id), now)
    })?;
    let view = PatientView::saved(saved, today, ctx.lang);
    ctx.tell(&tr!(
        "Paciente actualizado: {}.",
        "Patient updated: {}.",
        view.full_name
    ));
    warn(ctx, &view);
    print_one(ctx, &view, &one_columns())
}
