//! `orient "TEXT"` and `orient --batch FILE.csv` (original: POST /ai/orient).

use std::io::Write;
use std::path::PathBuf;

use clap::Args;
use serde::Serialize;

use super::Ctx;
use super::output::Column;
use crate::domain::orientation::{
    Engine, Orientation, OrientationError, Query, SPECIALTIES, Sex, Urgency, store,
};
use crate::error::{AppError, AppResult};
use crate::i18n::{Lang, Text};
use crate::progress::Progress;
use crate::tr;

/// The engine, loaded once per process (`--batch` orients many complaints with it). Its
/// knowledge is static tables built at compile time, so loading it is a few lookups.
fn engine() -> &'static Engine {
    static ENGINE: std::sync::OnceLock<Engine> = std::sync::OnceLock::new();
    ENGINE.get_or_init(Engine::load)
}

#[derive(Debug, Args)]
#[command(after_help = "Ejemplos:
  saludya orient \"me arde al orinar desde ayer\" --age 34 --sex f --patient 45678912
  saludya orient \"chest pain and sweating\" --no-store
  saludya orient --batch quejas.csv --no-store > resultados.jsonl")]
pub struct OrientArgs {
    /// Lo que el paciente cuenta, con sus palabras
    #[arg(required_unless_present = "batch", conflicts_with = "batch")]
    text: Option<String>,
    /// Edad en años
    #[arg(long)]
    age: Option<u32>,
    /// Sexo: f | m
    #[arg(long)]
    sex: Option<String>,
    /// Paciente (id, prefijo de id o DNI) al que se vincula la consulta
    #[arg(long, value_name = "P")]
    patient: Option<String>,
    /// CSV con cabecera id,text[,age,sex]: imprime un objeto JSON por fila
    #[arg(long, value_name = "FILE.csv")]
    batch: Option<PathBuf>,
    /// No guardar la consulta (no necesita sesión ni base de datos; usa las 19 especialidades)
    #[arg(long)]
    no_store: bool,
}

/// What `orient --format json` prints: the engine's result plus the stored query id.
#[derive(Serialize)]
struct Shown<'a> {
    query_id: Option<&'a str>,
    #[serde(flatten)]
    result: &'a Orientation,
}

fn parse_sex(s: &str) -> AppResult<Sex> {
    match s.trim().to_lowercase().as_str() {
        "f" => Ok(Sex::Female),
        "m" => Ok(Sex::Male),
        _ => Sex::parse(s).ok_or_else(|| {
            AppError::from(OrientationError::InvalidSex {
                input: crate::text::shown(s, 20).to_string(),
            })
        }),
    }
}

pub fn run(ctx: &mut Ctx, args: OrientArgs) -> AppResult<()> {
    if let Some(file) = &args.batch {
        return batch(ctx, file, args.no_store);
    }
    let text = args.text.clone().unwrap_or_default();
    if text.trim().is_empty() {
        return Err(AppError::invalid(Text::new(
            "Escriba la queja del paciente, por ejemplo: saludya orient \"me duele la cabeza desde ayer\".",
            "Type the patient's complaint, for example: saludya orient \"headache since yesterday\".",
        ))
        .with_hint(Text::new(
            "Para un archivo CSV use --batch ARCHIVO.csv.",
            "For a CSV file use --batch FILE.csv.",
        )));
    }
    store::validate_text(&text)?;
    refuse_invisible(&text)?;
    let age = args.age.map(store::validate_age).transpose()?;
    let sex = args.sex.as_deref().map(parse_sex).transpose()?;
    let query = Query {
        text: &text,
        age,
        sex,
    };
    let engine = engine();

    if args.no_store {
        if args.patient.is_some() {
            return Err(AppError::invalid(Text::new(
                "--patient guarda la consulta: no se puede usar con --no-store.",
                "--patient stores the query: it cannot be used with --no-store.",
            )));
        }
        let result = engine.orient(&query, &SPECIALTIES);
        return show(ctx, None, &result);
    }

    let desk = ctx.desk()?;
    let patient_id = match &args.patient {
        Some(p) => Some(crate::domain::patients::resolve_patient(&desk.conn, p)?.id),
        None => None,
    };
    let offered = crate::domain::catalog::list_specialties(&desk.conn)?;
    let offered: Vec<&str> = offered.iter().map(|s| s.name.as_str()).collect();
    let result = engine.orient(&query, &offered);
    let now = desk.clock.now();
    let staff_id = desk.staff.id.clone();
    let id = crate::flows::desk::store_orientation(
        &desk.conn,
        Some(&staff_id),
        patient_id.as_deref(),
        &query,
        &result,
        now,
    )?;
    show(ctx, Some(&id), &result)?;
    if !result.emergency {
        ctx.tell(&tr!(
            "Para reservar: saludya slots --specialty \"{}\"  y luego  saludya appointment book ... --orientation {}",
            "To book: saludya slots --specialty \"{}\"  then  saludya appointment book ... --orientation {}",
            result.specialty.as_deref().unwrap_or("Medicina General"),
            id
        ));
    }
    Ok(())
}

/// A complaint may hold line breaks, but no invisible character that would make the stored text
/// read differently from what was typed (bidi controls, zero-width characters).
fn refuse_invisible(text: &str) -> AppResult<()> {
    if crate::text::has_unsafe_chars_in_note(text) {
        return Err(OrientationError::InvisibleChars.into());
    }
    Ok(())
}

fn urgency_text(u: Urgency, lang: Lang) -> &'static str {
    match u {
        Urgency::Emergency => lang.pick("‼ EMERGENCIA", "‼ EMERGENCY"),
        Urgency::Within24h => lang.pick("dentro de 24 horas", "within 24 hours"),
        Urgency::Routine => lang.pick("rutina", "routine"),
    }
}

/// The result as shown to the reader: advice and disclaimer in their language (the stored query
/// keeps the engine's Spanish text).
fn in_language(result: &Orientation, lang: Lang) -> Orientation {
    result.in_lang(lang)
}

/// Table, JSON or a one-row CSV, like every other single record (`print_one`).
fn show(ctx: &Ctx, id: Option<&str>, result: &Orientation) -> AppResult<()> {
    let result = &in_language(result, ctx.lang);
    let shown = Shown { query_id: id, result };
    if ctx.format == super::Format::Json {
        return super::output::print_json(&shown);
    }
    let csv = ctx.format == super::Format::Csv;
    super::output::print_one(ctx, &shown, &fields(result.emergency, csv, id.is_some()))
}

/// The table leads with the emergency banner only when there is one; CSV always has the same
/// columns (`red_flags` empty when there is none).
fn fields<'a>(emergency: bool, csv: bool, stored: bool) -> Vec<Column<Shown<'a>>> {
    let mut fields = Vec::new();
    if csv {
        fields.push(Column::new(
            "red_flags",
            "Señales de alarma",
            "Red flags",
            |s: &Shown<'a>| s.result.red_flags.join("; "),
        ));
    } else if emergency {
        fields.push(Column::new(
            "emergency",
            "¡EMERGENCIA!",
            "EMERGENCY!",
            |s: &Shown<'a>| s.result.red_flags.join("; "),
        ));
    }
    fields.extend([
        Column::new("specialty", "Especialidad", "Specialty", |s: &Shown<'a>| {
            s.result.specialty.clone().unwrap_or_default()
        }),
        Column::new("confidence", "Confianza", "Confidence", |s: &Shown<'a>| {
            format!("{:.0} %", s.result.confidence * 100.0)
        }),
        Column::localized("urgency", "Urgencia", "Urgency", |s: &Shown<'a>, lang| {
            urgency_text(s.result.urgency, lang).to_string()
        }),
        Column::new("alternatives", "Alternativas", "Alternatives", |s: &Shown<'a>| {
            let alternatives: Vec<String> = s
                .result
                .alternatives
                .iter()
                .map(|a| format!("{} ({:.0} %)", a.specialty, a.confidence * 100.0))
                .collect();
            alternatives.join(", ")
        }),
        Column::localized("evidence", "Evidencia", "Evidence", |s: &Shown<'a>, lang| {
            let evidence: Vec<String> = s
                .result
                .evidence
                .iter()
                .map(|e| {
                    if e.negated {
                        format!("«{}» ({})", e.term, lang.pick("negado", "negated"))
                    } else {
                        format!("«{}» → {}", e.term, e.concept)
                    }
                })
                .collect();
            evidence.join("; ")
        }),
        Column::new("what_to_do", "Qué hacer", "What to do", |s: &Shown<'a>| {
            s.result.advice.clone()
        }),
        Column::new("note", "Aviso", "Note", |s: &Shown<'a>| {
            s.result.disclaimer.clone()
        }),
    ]);
    if stored {
        fields.push(Column::new("query", "Consulta", "Query", |s: &Shown<'a>| {
            s.query_id.unwrap_or_default().to_string()
        }));
    }
    fields
}

/// A reader that tells a progress bar how many bytes it has read.
struct Counted<'a, R> {
    inner: R,
    read: u64,
    bar: Option<&'a super::progress::Bar>,
}

impl<R: std::io::Read> std::io::Read for Counted<'_, R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.read += n as u64;
        if let Some(bar) = self.bar {
            crate::progress::Progress::reached(bar, self.read);
        }
        Ok(n)
    }
}

/// One row of a batch result: the engine's fields and the row id, or the row's error.
#[derive(Serialize)]
struct BatchRow<'a> {
    id: &'a str,
    #[serde(flatten)]
    result: &'a Orientation,
    #[serde(skip_serializing_if = "Option::is_none")]
    query_id: Option<String>,
}

fn batch(ctx: &mut Ctx, file: &PathBuf, no_store: bool) -> AppResult<()> {
    let opened = std::fs::File::open(file).map_err(|e| {
        AppError::invalid(tr!(
            "No se puede leer {}: {e}",
            "Cannot read {}: {e}",
            file.display()
        ))
    })?;
    // A bar over the bytes of the file (a pipe or FIFO has no size: no bar).
    let bar = super::progress::Bar::new(ctx, "Orientando", "Orienting");
    let size = opened.metadata().map(|m| m.len()).unwrap_or(0);
    let bar = (bar.shown() && size > 0).then(|| {
        bar.start(size, crate::progress::Unit::Bytes);
        bar
    });
    let counted = Counted {
        inner: opened,
        read: 0,
        bar: bar.as_ref(),
    };
    let mut reader = BatchReader::new(std::io::BufReader::new(counted));
    let headers = match reader.next_item().map_err(|e| batch_error(file, e))? {
        Some(BatchItem::Row { fields, .. }) => fields,
        Some(BatchItem::Bad { line, problem }) => {
            return Err(AppError::invalid(tr!(
                "CSV no válido en {}, línea {line} (cabecera): {}",
                "Invalid CSV in {}, line {line} (header): {}",
                file.display(),
                problem.get(ctx.lang)
            )));
        }
        None => Vec::new(),
    };
    let col = |name: &str| {
        headers
            .iter()
            .position(|h| h.trim().trim_start_matches('\u{feff}').eq_ignore_ascii_case(name))
    };
    let (Some(id_col), Some(text_col)) = (col("id"), col("text")) else {
        return Err(AppError::invalid(Text::new(
            "El CSV debe tener una cabecera con al menos las columnas id y text.",
            "The CSV must have a header with at least the columns id and text.",
        )));
    };
    let (age_col, sex_col) = (col("age"), col("sex"));

    let engine = engine();
    let mut desk = if no_store { None } else { Some(ctx.desk()?) };
    let offered_names: Vec<String> = match &desk {
        Some(d) => crate::domain::catalog::list_specialties(&d.conn)?
            .into_iter()
            .map(|s| s.name)
            .collect(),
        None => SPECIALTIES.iter().map(|s| s.to_string()).collect(),
    };
    let offered: Vec<&str> = offered_names.iter().map(String::as_str).collect();

    let mut out = std::io::BufWriter::new(crate::cli::sink::stdout());
    let mut bad_rows = 0usize;
    while let Some(item) = reader.next_item().map_err(|e| batch_error(file, e))? {
        let (line, record) = match item {
            BatchItem::Row { line, fields } => (line, fields),
            BatchItem::Bad { line, problem } => {
                bad_rows += 1;
                let obj = serde_json::json!({ "id": "", "error": problem.get(ctx.lang), "kind": "invalid", "line": line });
                writeln!(out, "{obj}")?;
                continue;
            }
        };
        let field = |i: Option<usize>| {
            i.and_then(|i| record.get(i))
                .map(|s| s.trim())
                .filter(|s| !s.is_empty())
        };
        let id = field(Some(id_col)).unwrap_or("");
        let text = record.get(text_col).map(String::as_str).unwrap_or("");
        let parsed = (|| -> AppResult<Query<'_>> {
            if text.trim().is_empty() {
                return Err(OrientationError::EmptyComplaint.into());
            }
            store::validate_text(text)?;
            refuse_invisible(text)?;
            let age = match field(age_col) {
                Some(a) => Some(store::validate_age(a.parse().map_err(|_| {
                    AppError::from(OrientationError::AgeNotANumber { input: a.to_string() })
                })?)?),
                None => None,
            };
            let sex = field(sex_col).map(parse_sex).transpose()?;
            Ok(Query { text, age, sex })
        })();
        let query = match parsed {
            Ok(q) => q,
            Err(e) => {
                bad_rows += 1;
                let obj = serde_json::json!({ "id": id, "error": e.message(ctx.lang), "kind": e.kind.as_str(), "line": line });
                writeln!(out, "{obj}")?;
                continue;
            }
        };
        let result = engine.orient(&query, &offered);
        let query_id = match desk.as_mut() {
            Some(d) => {
                let now = d.clock.now();
                let staff = d.staff.id.clone();
                Some(crate::flows::desk::store_orientation(
                    &d.conn,
                    Some(&staff),
                    None,
                    &query,
                    &result,
                    now,
                )?)
            }
            None => None,
        };
        let row = BatchRow {
            id,
            result: &in_language(&result, ctx.lang),
            query_id,
        };
        serde_json::to_writer(&mut out, &row).map_err(std::io::Error::from)?;
        writeln!(out)?;
    }
    out.flush()?;
    if let Some(bar) = &bar {
        bar.finish();
    }
    if bad_rows > 0 {
        return Err(AppError::invalid(tr!(
            "{bad_rows} filas no se pudieron orientar (vea los objetos con \"error\" y su \"line\").",
            "{bad_rows} rows could not be oriented (see the objects with \"error\" and their \"line\")."
        )));
    }
    Ok(())
}

/// Bounds of `orient --batch` input: one record (a row, quoted line breaks included) is at most
/// this many bytes and physical lines. A longer line is reported and skipped without being
/// held in memory, so memory stays bounded whatever the file (even `/dev/zero`).
const MAX_RECORD_BYTES: usize = 16 * 1024;
const MAX_RECORD_LINES: usize = 32;
/// A line that goes on this long without ending is not a CSV row: the batch stops there.
const MAX_SKIPPED_BYTES: usize = 1024 * 1024;

/// What the batch reader yields: a parsed row with the line it starts on, or a bad row.
enum BatchItem {
    Row { line: usize, fields: Vec<String> },
    Bad { line: usize, problem: Text },
}

/// Reads CSV records from a file one at a time, robustly: a bad row (invalid UTF-8, a line too
/// long, a quote that never closes) is reported with its line number and the reader goes on
/// with the next line; nothing after a bad row is swallowed.
struct BatchReader<R: std::io::BufRead> {
    input: R,
    next_line: usize,
    /// Physical lines read ahead while looking for a closing quote, to be read again.
    pending: std::collections::VecDeque<Physical>,
}

/// One physical line, or a line longer than [`MAX_RECORD_BYTES`] (already skipped).
enum Physical {
    Line(usize, Vec<u8>),
    TooLong(usize),
}

impl<R: std::io::BufRead> BatchReader<R> {
    fn new(input: R) -> Self {
        BatchReader {
            input,
            next_line: 1,
            pending: std::collections::VecDeque::new(),
        }
    }

    fn physical(&mut self) -> std::io::Result<Option<Physical>> {
        if let Some(p) = self.pending.pop_front() {
            return Ok(Some(p));
        }
        let n = self.next_line;
        let mut line = Vec::new();
        let mut too_long = false;
        let mut read_any = false;
        let mut skipped = 0usize;
        loop {
            let buf = self.input.fill_buf()?;
            if buf.is_empty() {
                break;
            }
            read_any = true;
            let (chunk, done) = match buf.iter().position(|&b| b == b'\n') {
                Some(i) => (&buf[..i], Some(i + 1)),
                None => (buf, None),
            };
            if !too_long {
                if line.len() + chunk.len() > MAX_RECORD_BYTES {
                    too_long = true;
                    skipped = line.len();
                    line = Vec::new();
                } else {
                    line.extend_from_slice(chunk);
                }
            }
            if too_long {
                skipped += chunk.len();
                if skipped > MAX_SKIPPED_BYTES {
                    return Err(std::io::Error::new(
                        std::io::ErrorKind::InvalidData,
                        EndlessLine(n),
                    ));
                }
            }
            let used = done.unwrap_or(buf.len());
            self.input.consume(used);
            if done.is_some() {
                break;
            }
        }
        if !read_any {
            return Ok(None);
        }
        self.next_line += 1;
        if too_long {
            return Ok(Some(Physical::TooLong(n)));
        }
        if line.last() == Some(&b'\r') {
            line.pop();
        }
        Ok(Some(Physical::Line(n, line)))
    }

    fn next_item(&mut self) -> std::io::Result<Option<BatchItem>> {
        loop {
            let (start, mut record) = match self.physical()? {
                None => return Ok(None),
                Some(Physical::TooLong(n)) => {
                    return Ok(Some(BatchItem::Bad {
                        line: n,
                        problem: tr!(
                            "la línea tiene más de {} KiB; se omitió",
                            "the line is longer than {} KiB; it was skipped",
                            MAX_RECORD_BYTES / 1024
                        ),
                    }));
                }
                Some(Physical::Line(n, l)) => (n, l),
            };
            if record.iter().all(u8::is_ascii_whitespace) {
                continue;
            }
            let mut taken: Vec<Physical> = Vec::new();
            let mut lines = 1;
            let mut balanced = quotes(&record).is_multiple_of(2);
            while !balanced {
                match self.physical()? {
                    Some(Physical::Line(n, l))
                        if lines < MAX_RECORD_LINES && record.len() + 1 + l.len() <= MAX_RECORD_BYTES =>
                    {
                        record.push(b'\n');
                        record.extend_from_slice(&l);
                        balanced = quotes(&record).is_multiple_of(2);
                        taken.push(Physical::Line(n, l));
                        lines += 1;
                    }
                    other => {
                        // The quote never closes: report the row where it opened and read the
                        // lines looked at again, as rows of their own.
                        taken.extend(other);
                        for t in taken.into_iter().rev() {
                            self.pending.push_front(t);
                        }
                        return Ok(Some(BatchItem::Bad {
                            line: start,
                            problem: Text::new(
                                "una comilla (\") se abre y no se cierra; se omitió la fila",
                                "a quote (\") opens and never closes; the row was skipped",
                            ),
                        }));
                    }
                }
            }
            let Ok(text) = std::str::from_utf8(&record) else {
                return Ok(Some(BatchItem::Bad {
                    line: start,
                    problem: Text::new(
                        "la fila no es texto UTF-8 válido; se omitió",
                        "the row is not valid UTF-8 text; it was skipped",
                    ),
                }));
            };
            let mut reader = csv::ReaderBuilder::new()
                .has_headers(false)
                .flexible(true)
                .from_reader(text.as_bytes());
            let mut row = csv::StringRecord::new();
            return Ok(Some(match reader.read_record(&mut row) {
                Ok(_) => BatchItem::Row {
                    line: start,
                    fields: row.iter().map(str::to_string).collect(),
                },
                Err(e) => BatchItem::Bad {
                    line: start,
                    problem: tr!("CSV no válido: {e}", "invalid CSV: {e}"),
                },
            }));
        }
    }
}

/// The line number of a line that never ends (see [`MAX_SKIPPED_BYTES`]).
#[derive(Debug)]
struct EndlessLine(usize);

impl std::fmt::Display for EndlessLine {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "line {} never ends", self.0)
    }
}

impl std::error::Error for EndlessLine {}

/// An I/O error of the batch reader as the message the reader sees.
fn batch_error(file: &std::path::Path, e: std::io::Error) -> AppError {
    if let Some(EndlessLine(n)) = e.get_ref().and_then(|i| i.downcast_ref::<EndlessLine>()) {
        return AppError::invalid(tr!(
            "{}: la línea {n} sigue por más de {} MiB sin terminar; no parece un CSV. Se detuvo el lote.",
            "{}: line {n} goes on for more than {} MiB without ending; it does not look like a CSV. The batch stopped.",
            file.display(),
            MAX_SKIPPED_BYTES / (1024 * 1024)
        ));
    }
    AppError::from(e)
}

fn quotes(bytes: &[u8]) -> usize {
    bytes.iter().filter(|&&b| b == b'"').count()
}
