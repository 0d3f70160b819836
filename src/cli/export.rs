//! `export appointments`: the agenda as RFC 4180 CSV (or JSON lines), streamed row by row.
//!
//! Choices (documented in the help):
//! - The header is stable English snake_case (the same keys as the JSON lines), whatever --lang.
//! - Amounts are plain decimals without symbol or thousands separator ("120.00"), so spreadsheets
//!   read numbers; with `--delimiter ';'` (the Spanish-locale Excel list separator) they use a
//!   decimal comma ("120,00"), which is what that Excel expects. `--bom` adds the UTF-8 byte order
//!   mark Excel needs to read accents correctly.
//! - `-o FILE` writes a temporary file in the same directory and renames it into place, so a
//!   reader never sees half a file; an existing FILE is a conflict (exit 5) unless `--force`.

use std::io::Write;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use clap::{Args, Subcommand};
use serde::Serialize;

use super::Ctx;
use super::output::{CsvOut, Format};
use crate::error::{AppError, AppResult};
use crate::flows::export::{ExportFilter, for_each_appointment, parse_delimiter, plain_amount, push_digits};
use crate::i18n::Text;
use crate::money::Cents;
use crate::progress::Progress;
use crate::tr;

const AFTER_HELP: &str = "\
Columnas: id, date, time, status, patient, dni, doctor, specialty, price, amount_paid,
payment_method, created_at (UTC), end_time, document_type, currency, refunded, receipt_number,
cancelled_by, cancel_reason, patient_id, doctor_id.
Montos sin símbolo; con --delimiter ';' usan coma decimal (Excel en español).

Ejemplos:
  saludya export appointments --from 2026-03-01 --to 2026-03-31 -o marzo.csv
  saludya export appointments --delimiter ';' --bom -o agenda.csv     (Excel en español)
  saludya --format json export appointments --status cancelled        (JSON lines)";

#[derive(Debug, Subcommand)]
#[command(defer = true)]
pub enum ExportCommand {
    /// Exporta las citas (CSV RFC 4180 en UTF-8, o JSON lines con --format json)
    #[command(after_help = AFTER_HELP)]
    Appointments(ExportArgs),
    /// Exporta citas como calendario iCalendar (RFC 5545) para el teléfono del médico
    Ics(super::ics::IcsArgs),
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    /// Desde este día (YYYY-MM-DD, incluido)
    #[arg(long, value_name = "YYYY-MM-DD")]
    from: Option<String>,
    /// Hasta este día (YYYY-MM-DD, incluido)
    #[arg(long, value_name = "YYYY-MM-DD")]
    to: Option<String>,
    /// Solo citas en este estado (booked, confirmed, checked_in, completed, no_show, cancelled)
    #[arg(long)]
    status: Option<String>,
    /// Solo citas de este médico (id o prefijo)
    #[arg(long, value_name = "DOCTOR")]
    doctor: Option<String>,
    /// Escribir en este archivo (por defecto la salida estándar)
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,
    /// Sobrescribir el archivo de -o si existe
    #[arg(long)]
    force: bool,
    /// Separador de campos: , ; | o tab (con ';' los montos llevan coma decimal)
    #[arg(long, default_value = ",", value_name = "C")]
    delimiter: String,
    /// Empezar con la marca BOM de UTF-8 (para Excel)
    #[arg(long)]
    bom: bool,
}

pub fn run(ctx: &mut Ctx, cmd: ExportCommand) -> AppResult<()> {
    match cmd {
        ExportCommand::Appointments(args) => appointments(ctx, args),
        ExportCommand::Ics(args) => super::ics::run(ctx, args),
    }
}

fn parse_date(flag: &str, s: &str) -> AppResult<NaiveDate> {
    crate::wall_time::parse_date_in(Some(flag), s)
}

fn appointments(ctx: &mut Ctx, args: ExportArgs) -> AppResult<()> {
    let delimiter = parse_delimiter(&args.delimiter)?;
    let from = args
        .from
        .as_deref()
        .map(|s| parse_date("--from", s))
        .transpose()?;
    let to = args.to.as_deref().map(|s| parse_date("--to", s)).transpose()?;
    if let Some(path) = &args.output {
        crate::db::backup::check_target(path, args.force)?;
    }
    let desk = ctx.desk()?;
    let doctor_id = args
        .doctor
        .as_deref()
        .map(|d| crate::domain::catalog::resolve_doctor(&desk.conn, d).map(|doc| doc.id.into_string()))
        .transpose()?;
    let filter = ExportFilter {
        from,
        to,
        status: args.status.map(|s| s.trim().to_ascii_lowercase()),
        doctor_id,
    }
    .validate()?;
    let style = Style {
        json: ctx.format == Format::Json,
        delimiter,
        bom: args.bom,
    };
    // A bar for a CSV export when stderr is a terminal (JSON lines: none, see cli::progress).
    let bar = super::progress::Bar::new(ctx, "Exportando", "Exporting");
    if bar.shown() {
        bar.start(
            crate::flows::export::count(&desk.conn, &filter)?,
            crate::progress::Unit::Items,
        );
    }
    let n = match &args.output {
        None => {
            let stdout = crate::cli::sink::stdout();
            write_export(&desk.conn, &filter, style, stdout, &bar)?
        }
        Some(path) => write_to_file(&desk.conn, &filter, style, path, args.force, &bar)?,
    };
    bar.finish();
    // "1 cita exportada", "0 citas exportadas": Spanish and English plural alike (not 1).
    let (cita, appointment) = if n == 1 {
        ("cita exportada", "appointment exported")
    } else {
        ("citas exportadas", "appointments exported")
    };
    match &args.output {
        Some(p) => ctx.tell(&tr!("{n} {cita} a {}.", "{n} {appointment} to {}.", p.display())),
        None => ctx.tell(&tr!("{n} {cita}.", "{n} {appointment}.")),
    }
    Ok(())
}

/// The output choices of one export.
#[derive(Debug, Clone, Copy)]
pub struct Style {
    pub json: bool,
    pub delimiter: u8,
    pub bom: bool,
}

/// Writes the export into `path` through [`write_replacing`].
fn write_to_file(
    conn: &crate::db::Db,
    filter: &ExportFilter,
    style: Style,
    path: &Path,
    force: bool,
    progress: &dyn Progress,
) -> AppResult<u64> {
    write_replacing(path, force, ".saludya-export-", |file| {
        write_export(conn, filter, style, file, progress)
    })
}

/// How every `-o FILE` of the program writes: `write` fills a temporary file beside `path`
/// (0600), which is flushed to disk and then renamed into place (an existing file is replaced
/// only with `force`, and never a link, a device or a folder). On any error the temporary file
/// is removed and `path` is as it was.
pub(crate) fn write_replacing<T>(
    path: &Path,
    force: bool,
    prefix: &str,
    write: impl FnOnce(&std::fs::File) -> AppResult<T>,
) -> AppResult<T> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    if !dir.is_dir() {
        return Err(AppError::not_found(tr!(
            "No existe la carpeta {}.",
            "The folder {} does not exist.",
            dir.display()
        ))
        .with_hint(Text::new(
            "Créela primero o elija otra ruta con -o.",
            "Create it first or choose another path with -o.",
        )));
    }
    let tmp = tempfile::Builder::new()
        .prefix(prefix)
        .suffix(".tmp")
        .tempfile_in(dir)?;
    let written = write(tmp.as_file())?;
    tmp.as_file().sync_all()?;
    // Checked again just before the rename: never replace a link, a device or a folder.
    crate::db::backup::check_target(path, force)?;
    let persisted = if force {
        tmp.persist(path).map(drop)
    } else {
        tmp.persist_noclobber(path).map(drop)
    };
    persisted.map_err(|e| {
        if e.error.kind() == std::io::ErrorKind::AlreadyExists {
            AppError::conflict(tr!(
                "El archivo {} ya existe.",
                "The file {} already exists.",
                path.display()
            ))
        } else {
            AppError::from(e.error)
        }
    })?;
    Ok(written)
}

/// One JSON line: the same keys as the CSV header, money as integer céntimos plus a string.
#[derive(Serialize)]
struct JsonRow<'a> {
    id: &'a str,
    date: &'a str,
    time: &'a str,
    status: &'a str,
    patient: String,
    dni: &'a str,
    doctor: &'a str,
    specialty: &'a str,
    price_cents: i64,
    price: String,
    amount_paid_cents: i64,
    amount_paid: String,
    payment_method: Option<&'a str>,
    created_at: &'a str,
    end_time: &'a str,
    document_type: &'a str,
    currency: &'a str,
    refunded_cents: i64,
    receipt_number: Option<i64>,
    cancelled_by: Option<&'a str>,
    cancel_reason: Option<&'a str>,
    patient_id: &'a str,
    doctor_id: &'a str,
}

const HEADER: [&str; 21] = [
    "id",
    "date",
    "time",
    "status",
    "patient",
    "dni",
    "doctor",
    "specialty",
    "price",
    "amount_paid",
    "payment_method",
    "created_at",
    "end_time",
    "document_type",
    "currency",
    "refunded",
    "receipt_number",
    "cancelled_by",
    "cancel_reason",
    "patient_id",
    "doctor_id",
];

fn none_if_empty(s: &str) -> Option<&str> {
    (!s.is_empty()).then_some(s)
}

/// Rows between two reports to the progress bar.
const PROGRESS_EVERY: u64 = 4096;

/// Streams the export into `out` (telling `progress` as rows go); returns the number of
/// appointments written.
pub fn write_export<W: Write>(
    conn: &crate::db::Db,
    filter: &ExportFilter,
    style: Style,
    out: W,
    progress: &dyn Progress,
) -> AppResult<u64> {
    let mut out = std::io::BufWriter::with_capacity(1 << 16, out);
    if style.bom {
        out.write_all("\u{feff}".as_bytes())?;
    }
    if style.json {
        let n = for_each_appointment(conn, filter, |r| {
            let row = JsonRow {
                id: r.id,
                date: r.date(),
                time: r.time(),
                status: r.status,
                patient: format!("{} {}", r.first_name, r.last_name),
                dni: r.doc_number,
                doctor: r.doctor_name,
                specialty: r.specialty,
                price_cents: r.price_cents,
                price: Cents(r.price_cents).display(r.currency),
                amount_paid_cents: r.net_paid_cents(),
                amount_paid: Cents(r.net_paid_cents()).display(r.currency),
                payment_method: none_if_empty(r.payment_method),
                created_at: r.created_at,
                end_time: r.end_time(),
                document_type: r.doc_type,
                currency: r.currency,
                refunded_cents: r.refunded_cents,
                receipt_number: r.receipt_number,
                cancelled_by: none_if_empty(r.cancelled_by),
                cancel_reason: none_if_empty(r.cancel_reason),
                patient_id: r.patient_id,
                doctor_id: r.doctor_id,
            };
            serde_json::to_writer(&mut out, &row).map_err(std::io::Error::from)?;
            out.write_all(b"\n")?;
            Ok(())
        })?;
        out.flush()?;
        return Ok(n);
    }
    let decimal_comma = style.delimiter == b';';
    let mut w = CsvOut::new(out, style.delimiter);
    w.row(HEADER)?;
    // Scratch buffers reused for every row: no allocation per row.
    let mut price = String::new();
    let mut paid = String::new();
    let mut refunded = String::new();
    let mut receipt = String::new();
    let mut patient = String::new();
    // The bar is told every PROGRESS_EVERY rows: nothing measurable per row.
    let mut since_told = 0u64;
    let n = for_each_appointment(conn, filter, |r| {
        since_told += 1;
        if since_told == PROGRESS_EVERY {
            progress.advance(since_told);
            since_told = 0;
        }
        plain_amount(r.price_cents, decimal_comma, &mut price);
        plain_amount(r.net_paid_cents(), decimal_comma, &mut paid);
        plain_amount(r.refunded_cents, decimal_comma, &mut refunded);
        receipt.clear();
        if let Some(n) = r.receipt_number {
            if n < 0 {
                receipt.push('-');
            }
            push_digits(n.unsigned_abs(), &mut receipt);
        }
        patient.clear();
        patient.push_str(r.first_name);
        patient.push(' ');
        patient.push_str(r.last_name);
        for field in [
            r.id,
            r.date(),
            r.time(),
            r.status,
            &patient,
            r.doc_number,
            r.doctor_name,
            r.specialty,
            &price,
            &paid,
            r.payment_method,
            r.created_at,
            r.end_time(),
            r.doc_type,
            r.currency,
            &refunded,
            &receipt,
            r.cancelled_by,
            r.cancel_reason,
            r.patient_id,
            r.doctor_id,
        ] {
            w.field(field)?;
        }
        w.end_row()?;
        Ok(())
    })?;
    w.flush()?;
    Ok(n)
}
