//! `audit log|verify` (admin only): the tamper-evident trail of every change (src/domain/audit).

use clap::{Args, Subcommand};
use serde::Serialize;
use serde_json::Value;

use super::Ctx;
use super::output::{Column, Format, print_list, print_one};
use crate::domain::audit::{self, AuditEvent, LogFilter, Verified};
use crate::domain::{appointments, patients};
use crate::error::AppResult;
use crate::i18n::Lang;
use crate::tr;

pub const EXAMPLES: &str = "\
Ejemplos:
  saludya audit log --patient 45678912          los cambios de un paciente, sus citas y sus pagos
  saludya audit log --from 2026-03-01 --to 2026-03-31 --format csv > auditoria.csv
  saludya audit verify                          recalcula la cadena; anote el hash de cabecera
  saludya audit verify --head 3f1c…             además, que ese hash anotado siga en la cadena";

const LOG_EXAMPLES: &str = "\
Ejemplos:
  saludya audit log                             todo el registro, del más antiguo al más nuevo
  saludya audit log --appointment 0195f3a1      los cambios de una cita y de sus pagos
  saludya audit log --staff rosa@clinica.pe     lo que hizo una cuenta y los cambios a ella
  saludya --format json audit log --patient 45678912";

const VERIFY_EXAMPLES: &str = "\
Ejemplos:
  saludya audit verify
  saludya audit verify --head 3f1c9a…           el hash de cabecera anotado en otro lugar

Quien reescriba toda la cadena desde una fila solo es descubierto con un hash de cabecera anotado fuera del programa.";

#[derive(Debug, Subcommand)]
#[command(defer = true)]
pub enum AuditCommand {
    /// Muestra el registro de cambios (quién, cuándo, qué, antes → después)
    #[command(after_help = LOG_EXAMPLES)]
    Log(LogArgs),
    /// Recalcula la cadena de hashes y nombra la primera fila alterada (código 1)
    #[command(after_help = VERIFY_EXAMPLES)]
    Verify(VerifyArgs),
}

#[derive(Debug, Args)]
pub struct LogArgs {
    /// Solo este paciente (DNI, id o prefijo), sus citas y sus pagos
    #[arg(long, conflicts_with_all = ["appointment", "staff"])]
    patient: Option<String>,
    /// Solo esta cita (id o prefijo) y sus pagos
    #[arg(long, value_name = "APPOINTMENT", conflicts_with = "staff")]
    appointment: Option<String>,
    /// Solo lo que hizo esta cuenta (e-mail) y los cambios a ella
    #[arg(long, value_name = "EMAIL")]
    staff: Option<String>,
    /// Desde este día de la clínica (YYYY-MM-DD)
    #[arg(long, value_name = "YYYY-MM-DD")]
    from: Option<String>,
    /// Hasta este día de la clínica, incluido (YYYY-MM-DD)
    #[arg(long, value_name = "YYYY-MM-DD")]
    to: Option<String>,
}

#[derive(Debug, Args)]
pub struct VerifyArgs {
    /// Hash de cabecera anotado antes: debe seguir en la cadena
    #[arg(long, value_name = "HASH")]
    head: Option<String>,
}

pub fn run(ctx: &mut Ctx, cmd: AuditCommand) -> AppResult<()> {
    match cmd {
        AuditCommand::Log(args) => log(ctx, args),
        AuditCommand::Verify(args) => verify(ctx, args),
    }
}

/// A row as `--format json` prints it: before and after as JSON values.
#[derive(Debug, Serialize)]
struct LogRow {
    id: i64,
    at: String,
    actor: Option<String>,
    actor_email: Option<String>,
    entity: String,
    entity_id: String,
    action: String,
    before: Option<Value>,
    after: Option<Value>,
    prev_hash: String,
    hash: String,
}

impl LogRow {
    fn of(e: &AuditEvent) -> LogRow {
        let parse = |s: &Option<String>| s.as_deref().and_then(|s| serde_json::from_str(s).ok());
        LogRow {
            id: e.id,
            at: e.at.clone(),
            actor: e.actor.as_ref().map(|a| a.to_string()),
            actor_email: e.actor_email.clone(),
            entity: e.entity.clone(),
            entity_id: e.entity_id.clone(),
            action: e.action.clone(),
            before: parse(&e.before),
            after: parse(&e.after),
            prev_hash: e.prev_hash.clone(),
            hash: e.hash.clone(),
        }
    }
}

fn changes(e: &AuditEvent) -> String {
    e.changes()
        .into_iter()
        .map(|(k, b, a)| match (b, a) {
            (None, Some(a)) => format!("{k}: {a}"),
            (Some(b), Some(a)) => format!("{k}: {b} → {a}"),
            (Some(b), None) => format!("{k}: {b} → ∅"),
            (None, None) => k,
        })
        .collect::<Vec<_>>()
        .join("; ")
}

fn actor(e: &AuditEvent, lang: Lang) -> String {
    e.actor_email
        .clone()
        .unwrap_or_else(|| lang.pick("(sistema)", "(system)").to_string())
}

fn table_columns() -> Vec<Column<AuditEvent>> {
    vec![
        Column::new("id", "#", "#", |e: &AuditEvent| e.id.to_string()),
        Column::new("at", "Fecha (UTC)", "Time (UTC)", |e: &AuditEvent| e.at.clone()),
        Column::localized("actor", "Quién", "Who", actor).shrink(),
        Column::new("entity", "Entidad", "Entity", |e: &AuditEvent| e.entity.clone()),
        Column::new("entity_id", "Id", "Id", |e: &AuditEvent| e.entity_id.clone()).optional(1),
        Column::new("action", "Acción", "Action", |e: &AuditEvent| e.action.clone()),
        Column::new("changes", "Cambios", "Changes", changes).shrink(),
    ]
}

fn csv_columns() -> Vec<Column<AuditEvent>> {
    vec![
        Column::new("id", "#", "#", |e: &AuditEvent| e.id.to_string()),
        Column::new("at", "Fecha (UTC)", "Time (UTC)", |e: &AuditEvent| e.at.clone()),
        Column::new("actor_email", "Quién", "Who", |e: &AuditEvent| {
            e.actor_email.clone().unwrap_or_default()
        }),
        Column::new("entity", "Entidad", "Entity", |e: &AuditEvent| e.entity.clone()),
        Column::new("entity_id", "Id", "Id", |e: &AuditEvent| e.entity_id.clone()),
        Column::new("action", "Acción", "Action", |e: &AuditEvent| e.action.clone()),
        Column::new("before", "Antes", "Before", |e: &AuditEvent| {
            e.before.clone().unwrap_or_default()
        }),
        Column::new("after", "Después", "After", |e: &AuditEvent| {
            e.after.clone().unwrap_or_default()
        }),
        Column::new("prev_hash", "Hash anterior", "Previous hash", |e: &AuditEvent| {
            e.prev_hash.clone()
        }),
        Column::new("hash", "Hash", "Hash", |e: &AuditEvent| e.hash.clone()),
    ]
}

fn log(ctx: &mut Ctx, args: LogArgs) -> AppResult<()> {
    let from = args
        .from
        .as_deref()
        .map(|s| crate::wall_time::parse_date_in(Some("--from"), s))
        .transpose()?;
    let to = args
        .to
        .as_deref()
        .map(|s| crate::wall_time::parse_date_in(Some("--to"), s))
        .transpose()?;
    audit::check_range(from, to)?;
    let desk = ctx.admin_desk()?;
    let mut filter = LogFilter::default();
    if let Some(p) = &args.patient {
        filter.patient = Some(patients::resolve_patient(&desk.conn, p)?.id.into_string());
    }
    if let Some(a) = &args.appointment {
        filter.appointment = Some(appointments::resolve_appointment(&desk.conn, a)?.id.into_string());
    }
    if let Some(s) = &args.staff {
        filter.staff = Some(super::auth::find(&desk.conn, s)?.id.into_string());
    }
    let filter = filter.dates(from, to, desk.settings.time_zone)?;
    let events = audit::log(&desk.conn, &filter)?;
    match ctx.format {
        Format::Json => {
            let rows: Vec<LogRow> = events.iter().map(LogRow::of).collect();
            super::output::print_json(&rows)
        }
        Format::Csv => print_list(ctx, &events, &csv_columns()),
        Format::Table => print_list(ctx, &events, &table_columns()),
    }
}

fn verify_columns() -> Vec<Column<Verified>> {
    vec![
        Column::new("rows", "Filas verificadas", "Rows checked", |v: &Verified| {
            v.rows.to_string()
        }),
        Column::new("head", "Hash de cabecera", "Head hash", |v: &Verified| {
            v.head.clone()
        }),
    ]
}

fn verify(ctx: &mut Ctx, args: VerifyArgs) -> AppResult<()> {
    let desk = ctx.admin_desk()?;
    let verified = audit::verify(&desk.conn, args.head.as_deref())?;
    print_one(ctx, &verified, &verify_columns())?;
    match verified.noted_head_row {
        Some(row) => ctx.tell(&tr!(
            "Cadena íntegra: {} filas; el hash anotado es la fila {}.",
            "Chain intact: {} rows; the noted hash is row {}.",
            verified.rows,
            row
        )),
        None => ctx.tell(&tr!(
            "Cadena íntegra: {} filas. Anote el hash de cabecera fuera del programa y verifique luego con --head.",
            "Chain intact: {} rows. Note the head hash outside the program and verify later with --head.",
            verified.rows
        )),
    }
    Ok(())
}
