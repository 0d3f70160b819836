//! `report day [--date D]`: the day at a glance, the same read model as the TUI's Resumen
//! (`domain::report::day`). `--format json` is the whole summary; `--format csv` the per-doctor
//! rows; the table shows the doctors, the totals, the cash close and the 30-day no-show rate.

use clap::Subcommand;

use super::Ctx;
use super::output::{Column, Format, print_json, print_list};
use crate::domain::report::day::{self, DaySummary, DoctorDay, NoShowDay};
use crate::error::AppResult;
use crate::tr;

pub const EXAMPLES: &str = "\
Ejemplos:
  saludya report day                           hoy
  saludya report day --date 2026-03-02
  saludya --format json report day             {\"doctors\": [...], \"takings\": {...}, ...}";

#[derive(Debug, Subcommand)]
#[command(defer = true)]
pub enum ReportCommand {
    /// El día de un vistazo: citas por médico (reservadas, pagadas, atendidas, no asistió), ocupación del horario, caja e inasistencia de 30 días
    #[command(
        after_help = "Reservadas: las del día no canceladas. Pagadas: con un pago aprobado sin devolver. Atendidas:\nllegó o atendida. Ocupación: minutos de citas vigentes dentro del horario del médico (sin sus\ndescansos) sobre los minutos de ese horario. Inasistencia de un día: no asistió / (no asistió +\natendidas). La caja es la de `saludya payment close`.\n\nEjemplos:\n  saludya report day\n  saludya report day --date 2026-03-02\n  saludya --format json report day --date 2026-03-02"
    )]
    Day {
        /// Día de la clínica (YYYY-MM-DD; por defecto hoy)
        #[arg(long, value_name = "YYYY-MM-DD")]
        date: Option<String>,
    },
}

fn percent(r: Option<f64>) -> String {
    r.map(|r| format!("{:.1} %", r * 100.0))
        .unwrap_or_else(|| "–".into())
}

fn occupancy(d: &DoctorDay) -> String {
    percent(d.counts.occupancy)
}

/// "30/240": the minutes booked inside the schedule, of the schedule's minutes.
fn minutes(d: &DoctorDay) -> String {
    let c = &d.counts;
    if c.schedule_minutes == 0 && c.booked_minutes == 0 {
        "–".into()
    } else {
        format!("{}/{}", c.booked_minutes, c.schedule_minutes)
    }
}

fn columns() -> Vec<Column<DoctorDay>> {
    vec![
        Column::new("doctor_name", "Médico", "Doctor", |d: &DoctorDay| {
            d.doctor_name.clone()
        })
        .shrink(),
        Column::new("specialty", "Especialidad", "Specialty", |d: &DoctorDay| {
            d.specialty.clone()
        })
        .shrink()
        .optional(2),
        Column::new("booked", "Reservadas", "Booked", |d: &DoctorDay| {
            d.counts.booked.to_string()
        }),
        Column::new("paid", "Pagadas", "Paid", |d: &DoctorDay| {
            d.counts.paid.to_string()
        }),
        Column::new("attended", "Atendidas", "Attended", |d: &DoctorDay| {
            d.counts.attended.to_string()
        }),
        Column::new("no_show", "No asistió", "No-show", |d: &DoctorDay| {
            d.counts.no_show.to_string()
        }),
        Column::new("cancelled", "Canceladas", "Cancelled", |d: &DoctorDay| {
            d.counts.cancelled.to_string()
        })
        .optional(4),
        Column::new("occupancy", "Ocupación", "Occupancy", occupancy).optional(1),
        Column::new(
            "minutes",
            "Minutos (citas/horario)",
            "Minutes (booked/schedule)",
            minutes,
        )
        .optional(2),
    ]
}

/// Eight levels of a bar, for a rate between 0 and the series' highest.
pub fn spark(series: &[NoShowDay]) -> String {
    const LEVELS: [char; 8] = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];
    let max = series.iter().filter_map(|d| d.rate).fold(0.0_f64, f64::max);
    series
        .iter()
        .map(|d| match d.rate {
            None => '·',
            Some(_) if max == 0.0 => LEVELS[0],
            Some(r) => LEVELS[((r / max) * 7.0).round().clamp(0.0, 7.0) as usize],
        })
        .collect()
}

fn print_table(ctx: &Ctx, s: &DaySummary) -> AppResult<()> {
    use std::io::Write;
    let lang = ctx.lang;
    let words = crate::domain::report::template::date_words(crate::wall_time::parse_date(&s.date)?, lang);
    let mut out = crate::cli::sink::stdout();
    writeln!(
        out,
        "{}",
        tr!("Resumen del {words} ({})", "Summary of {words} ({})", s.date).get(lang)
    )?;
    writeln!(out)?;
    drop(out);
    if s.doctors.is_empty() {
        ctx.say(
            "Ningún médico atiende ni tiene citas ese día.",
            "No doctor works or has appointments that day.",
        );
    } else {
        // The doctors, then the day's totals as the last row.
        let mut rows = s.doctors.clone();
        rows.push(DoctorDay {
            doctor_id: crate::ids::DoctorId::from_string(String::new()),
            doctor_name: "Total".to_string(),
            specialty: String::new(),
            counts: s.totals,
        });
        print_list(ctx, &rows, &columns())?;
    }
    let mut out = crate::cli::sink::stdout();
    writeln!(out)?;
    writeln!(out, "{}", lang.pick("Caja del día:", "The day's takings:"))?;
    drop(out);
    super::payment::print_close_table(ctx, &s.takings)?;
    let (no_show, attended) = s
        .no_show_rate
        .iter()
        .fold((0, 0), |(n, a), d| (n + d.no_show, a + d.attended));
    let overall = (no_show + attended > 0).then(|| no_show as f64 / (no_show + attended) as f64);
    let (first, last) = (
        s.no_show_rate.first().map_or("", |d| d.date.as_str()),
        s.no_show_rate.last().map_or("", |d| d.date.as_str()),
    );
    let mut out = crate::cli::sink::stdout();
    writeln!(out)?;
    writeln!(
        out,
        "{}",
        tr!(
            "Inasistencia, {first} a {last}: {} ({no_show} de {})",
            "No-show rate, {first} to {last}: {} ({no_show} of {})",
            percent(overall),
            no_show + attended
        )
        .get(lang)
    )?;
    // One mark per day, oldest first (· nothing recorded), scaled to the highest rate.
    writeln!(out, "{}", spark(&s.no_show_rate))?;
    Ok(())
}

pub fn run(ctx: &mut Ctx, cmd: ReportCommand) -> AppResult<()> {
    match cmd {
        ReportCommand::Day { date } => {
            let date = date
                .as_deref()
                .map(|d| crate::wall_time::parse_date_in(Some("--date"), d))
                .transpose()?;
            let desk = ctx.desk()?;
            let tz = desk.settings.time_zone;
            let date = date.unwrap_or_else(|| desk.clock.now().with_timezone(&tz).date_naive());
            let summary = day::day_summary(&desk.conn, date, &desk.settings)?;
            match ctx.format {
                Format::Json => print_json(&summary),
                Format::Csv => print_list(ctx, &summary.doctors, &columns()),
                Format::Table => print_table(ctx, &summary),
            }
        }
    }
}
