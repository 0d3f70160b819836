//! `export ics`: RFC 5545 calendars for doctors' phones (the read model is
//! `domain::report::ics`). The calendar is built whole in memory, then written to stdout or to
//! `-o FILE` through a temporary file renamed into place: an error leaves no half file.

use std::io::Write;
use std::path::{Path, PathBuf};

use clap::Args;

use super::Ctx;
use crate::domain::report::ics;
use crate::error::{AppError, AppResult};
use crate::i18n::Text;
use crate::tr;

pub const EXAMPLES: &str = "\
Un médico y un rango de días (por defecto desde hoy, 30 días; como máximo un año), o una cita.
Horas de la clínica con su zona horaria (VTIMEZONE); una cita cancelada lleva STATUS:CANCELLED.
Cada cita tiene un UID estable: importar otra vez actualiza el mismo evento.

Ejemplos:
  saludya export ics --doctor quispe --from 2026-03-02 --to 2026-03-31 -o quispe-marzo.ics
  saludya export ics --appointment 0195f3a1 > cita.ics";

#[derive(Debug, Args)]
#[command(after_help = EXAMPLES)]
#[command(group(clap::ArgGroup::new("what").required(true).args(["doctor", "appointment"])))]
pub struct IcsArgs {
    /// Las citas de este médico (id, prefijo o palabras de su nombre)
    #[arg(long, value_name = "DOCTOR")]
    doctor: Option<String>,
    /// Desde este día (YYYY-MM-DD, incluido; por defecto hoy)
    #[arg(long, value_name = "YYYY-MM-DD", requires = "doctor")]
    from: Option<String>,
    /// Hasta este día (YYYY-MM-DD, incluido; por defecto 30 días desde --from)
    #[arg(long, value_name = "YYYY-MM-DD", requires = "doctor")]
    to: Option<String>,
    /// Solo esta cita (id o sus primeros 6+ caracteres)
    #[arg(long, value_name = "APPOINTMENT", conflicts_with = "doctor")]
    appointment: Option<String>,
    /// Escribir en este archivo (por defecto la salida estándar)
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,
    /// Sobrescribir el archivo de -o si existe
    #[arg(long)]
    force: bool,
}

pub fn run(ctx: &mut Ctx, args: IcsArgs) -> AppResult<()> {
    let date = |flag: &str, s: &Option<String>| {
        s.as_deref()
            .map(|d| crate::wall_time::parse_date_in(Some(flag), d))
            .transpose()
    };
    let (from, to) = (date("--from", &args.from)?, date("--to", &args.to)?);
    if let (Some(f), Some(t)) = (from, to) {
        ics::check_range(f, t)?;
    }
    if let Some(path) = &args.output {
        crate::db::backup::check_target(path, args.force)?;
    }
    let desk = ctx.desk()?;
    let now = desk.clock.now();
    let (calendar, what) = match (&args.doctor, &args.appointment) {
        (Some(d), _) => {
            let doctor = crate::domain::catalog::resolve_doctor(&desk.conn, d)?;
            let today = now.with_timezone(&desk.settings.time_zone).date_naive();
            let from = from.unwrap_or(today);
            let to = to.unwrap_or_else(|| from + chrono::Duration::days(29));
            let cal = ics::doctor_calendar(&desk.conn, &doctor, from, to, &desk.settings, ctx.lang, now)?;
            let n = cal.events.len();
            let (citas, appointments) = if n == 1 {
                ("cita", "appointment")
            } else {
                ("citas", "appointments")
            };
            let what = tr!(
                "{n} {citas} de {} ({from} a {to})",
                "{n} {appointments} of {} ({from} to {to})",
                doctor.full_name()
            );
            (cal, what)
        }
        (None, Some(a)) => {
            let appt = crate::domain::appointments::resolve_appointment(&desk.conn, a)?;
            let cal = ics::appointment_calendar(&desk.conn, &appt, &desk.settings, ctx.lang, now)?;
            (cal, tr!("1 cita ({})", "1 appointment ({})", appt.start))
        }
        // clap requires one of the two.
        (None, None) => {
            return Err(AppError::invalid(Text::new(
                "Indique --doctor o --appointment.",
                "Give --doctor or --appointment.",
            )));
        }
    };
    let text = calendar.to_ics();
    match &args.output {
        None => {
            let mut out = crate::cli::sink::stdout();
            out.write_all(text.as_bytes())?;
            out.flush()?;
        }
        Some(path) => write_file(path, text.as_bytes(), args.force)?,
    }
    let Text { es, en } = what;
    match &args.output {
        Some(p) => ctx.tell(&tr!(
            "Calendario escrito en {}: {es}.",
            "Calendar written to {}: {en}.",
            p.display()
        )),
        None => ctx.tell(&tr!("Calendario: {es}.", "Calendar: {en}.")),
    }
    Ok(())
}

/// Writes `bytes` into `path` the way every `-o FILE` does ([`super::export::write_replacing`]).
fn write_file(path: &Path, bytes: &[u8], force: bool) -> AppResult<()> {
    super::export::write_replacing(path, force, ".saludya-ics-", |mut file| {
        file.write_all(bytes)?;
        Ok(())
    })
}
