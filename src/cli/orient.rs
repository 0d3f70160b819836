//! `orient "TEXT"` and `orient --batch FILE.csv` (original: POST /ai/orient).

use std::io::Write;
use std::path::PathBuf;

use clap::Args;
use serde::Serialize;

use super::Ctx;
use super::output::Column;
use crate::domain::orientation::{Engine, Orientation, Query, SPECIALTIES, Sex, Urgency, store};
use crate::error::{AppError, AppResult};
use crate::i18n::{Lang, Text};
use crate::tr;

/// The engine, loaded once and never freed: a command ends right after orienting, and
/// dropping the knowledge's ~30,000 allocations one by one cost ~9 % of `orient`'s instructions
/// (a `static` is not dropped at exit).
fn engine() -> &'static Engine {
    static ENGINE: std::sync::OnceLock<Engine> = std::sync::OnceLock::new();
    ENGINE.get_or_init(Engine::load)
}

#[derive(Debug, Args)]
#[command(after_help = "Ejemplos / Examples:
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
            let shown: String = s.chars().filter(|c| !c.is_control()).take(20).collect();
            AppError::invalid(tr!(
                "Sexo no válido «{shown}»: use f o m.",
                "Invalid sex '{shown}': use f or m."
            ))
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

    let mut desk = ctx.desk()?;
    let patient_id = match &args.patient {
        Some(p) => Some(crate::domain::patients::resolve_patient(&desk.conn, p)?.id),
        None => None,
    };
    let offered = crate::domain::catalog::list_specialties(&desk.conn)?;
    let offered: Vec<&str> = offered.iter().map(|s| s.name.as_str()).collect();
    let result = engine.orient(&query, &offered);
    let now = desk.clock.now();
    let staff_id = desk.staff.id.clone();
    let id = crate::db::write(&mut desk.conn, |tx| {
        store::save(tx, Some(&staff_id), patient_id.as_deref(), &query, &result, now)
    })?;
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
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .from_path(file)
        .map_err(|e| {
            AppError::invalid(tr!(
                "No se puede leer {}: {e}",
                "Cannot read {}: {e}",
                file.display()
            ))
        })?;
    let headers = reader.headers().map_err(|e| bad_csv(file, &e))?.clone();
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

    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    let mut bad_rows = 0usize;
    for (n, record) in reader.records().enumerate() {
        let line = n + 2;
        let record = record.map_err(|e| bad_csv(file, &e))?;
        let field = |i: Option<usize>| {
            i.and_then(|i| record.get(i))
                .map(str::trim)
                .filter(|s| !s.is_empty())
        };
        let id = field(Some(id_col)).unwrap_or("");
        let text = record.get(text_col).unwrap_or("");
        let parsed = (|| -> AppResult<Query<'_>> {
            store::validate_text(text)?;
            let age = match field(age_col) {
                Some(a) => Some(store::validate_age(a.parse().map_err(|_| {
                    AppError::invalid(tr!("Edad no válida: «{a}»", "Invalid age: '{a}'"))
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
                Some(crate::db::write(&mut d.conn, |tx| {
                    store::save(tx, Some(&staff), None, &query, &result, now)
                })?)
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
    if bad_rows > 0 {
        return Err(AppError::invalid(tr!(
            "{bad_rows} filas no se pudieron orientar (vea los objetos con \"error\").",
            "{bad_rows} rows could not be oriented (see the objects with \"error\")."
        )));
    }
    Ok(())
}

fn bad_csv(file: &std::path::Path, e: &csv::Error) -> AppError {
    AppError::invalid(tr!(
        "CSV no válido en {}: {e}",
        "Invalid CSV in {}: {e}",
        file.display()
    ))
}
