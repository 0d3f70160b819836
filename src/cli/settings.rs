//! `settings show|set` (admin to change) and `completions SHELL`.

use clap::{Args, Subcommand};

use super::Ctx;
use super::output::{Column, print_one};
use crate::domain::catalog::settings::{self, Settings};
use crate::error::AppResult;

#[derive(Debug, Subcommand)]
#[command(defer = true)]
pub enum SettingsCommand {
    /// Muestra los ajustes
    #[command(after_help = "Ejemplos:\n  saludya settings show\n  saludya --format json settings show")]
    Show,
    /// Cambia un ajuste (solo admin): clinic_name, time_zone, currency, language, session_hours, idle_lock_minutes, offer_hold_hours, reminder_template
    #[command(
        after_help = "Ejemplos:\n  saludya settings set clinic_name \"Clínica San Martín\"\n  saludya settings set time_zone America/Lima\n  saludya settings set session_hours 12\n  saludya settings set reminder_template \"Hola {nombre}: cita el {fecha}, {hora}\"\n  saludya settings set reminder_template \"\"      vuelve al mensaje predeterminado\n\nMarcadores de reminder_template: {nombre} {fecha} {hora} {doctor} {especialidad} {clinica}\n(para una llave, {{ o }})."
    )]
    Set {
        /// clinic_name | time_zone | currency | language | session_hours | idle_lock_minutes | offer_hold_hours | reminder_template
        key: String,
        /// Valor nuevo, p. ej. "Clínica San Martín", America/Lima, PEN, es, 12, 10
        value: String,
    },
}

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// bash | zsh | fish
    shell: clap_complete::Shell,
}

fn columns() -> Vec<Column<Settings>> {
    vec![
        Column::new(
            "clinic_name",
            "Clínica (clinic_name)",
            "Clinic (clinic_name)",
            |s| s.clinic_name.clone(),
        ),
        Column::new(
            "time_zone",
            "Zona horaria (time_zone)",
            "Time zone (time_zone)",
            |s| s.time_zone.name().to_string(),
        ),
        Column::new("currency", "Moneda (currency)", "Currency (currency)", |s| {
            s.currency.clone()
        }),
        Column::new("language", "Idioma (language)", "Language (language)", |s| {
            s.language.code().to_string()
        }),
        Column::new(
            "session_hours",
            "Horas de sesión (session_hours)",
            "Session hours (session_hours)",
            |s| s.session_hours.to_string(),
        ),
        Column::new(
            "idle_lock_minutes",
            "Bloqueo por inactividad, min (idle_lock_minutes)",
            "Idle lock, min (idle_lock_minutes)",
            |s| s.idle_lock_minutes.to_string(),
        ),
        Column::new(
            "offer_hold_hours",
            "Horas que se guarda una oferta de espera (offer_hold_hours)",
            "Hours a waiting-list offer is held (offer_hold_hours)",
            |s| s.offer_hold_hours.to_string(),
        ),
        Column::localized(
            "reminder_template",
            "Plantilla de recordatorio (reminder_template)",
            "Reminder template (reminder_template)",
            |s, lang| match &s.reminder_template {
                Some(t) => t.clone(),
                None => lang
                    .pick(
                        "(predeterminada: saludya reminders)",
                        "(default: saludya reminders)",
                    )
                    .to_string(),
            },
        ),
    ]
}

pub fn run(ctx: &mut Ctx, cmd: SettingsCommand) -> AppResult<()> {
    match cmd {
        SettingsCommand::Show => {
            let desk = ctx.desk()?;
            print_one(ctx, &desk.settings, &columns())
        }
        SettingsCommand::Set { key, value } => {
            let desk = ctx.admin_desk()?;
            let now = desk.clock.now();
            let updated = crate::db::write(&desk.conn, |tx| {
                settings::set(tx, &key, &value, Some(&desk.staff.id), now)
            })?;
            print_one(ctx, &updated, &columns())
        }
    }
}

/// Generated into memory first: clap_complete panics when its writer fails, and a closed pipe
/// (`saludya completions bash | head`) is not an error (the io error maps to exit 0).
/// The completion script, its descriptions in the reader's language.
pub fn completions(ctx: &Ctx, args: CompletionsArgs) -> AppResult<()> {
    use std::io::Write;
    let mut cmd = super::help::command(ctx.lang);
    let mut script = Vec::new();
    clap_complete::generate(args.shell, &mut cmd, "saludya", &mut script);
    let mut out = crate::cli::sink::stdout();
    out.write_all(&script)?;
    out.flush()?;
    Ok(())
}
