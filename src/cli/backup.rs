//! `backup FILE` (a consistent copy of the live database, safe while other desks work) and
//! `backup check [FILE]` (integrity, foreign keys and schema version of a copy or of the
//! database in use).
//!
//! The copy is `VACUUM INTO` a temporary file next to FILE (one consistent read transaction:
//! other desks keep working), checked like `backup check`, synced, then renamed over FILE, so
//! FILE is never a half-written copy. `backup check` opens the file read-only and changes
//! nothing; it needs no session, because it reveals no clinic data and is most needed when the
//! database cannot be opened normally.

use std::path::{Path, PathBuf};

use clap::{Args, Subcommand};
use rusqlite::{Connection, OpenFlags};
use serde::Serialize;

use super::Ctx;
use super::output::{Column, print_one};
use crate::error::{AppError, AppResult};
use crate::i18n::Text;
use crate::tr;

pub const EXAMPLES: &str = "\
Ejemplos / Examples:
  saludya backup /media/usb/saludya-2026-03-02.db     copia consistente, con otras cajas trabajando
  saludya backup copia.db --force                     reemplaza una copia anterior
  saludya backup check /media/usb/saludya-2026-03-02.db
  saludya backup check                                verifica la base en uso

Restaurar / Restore: cierre SaludYa en todas las cajas y copie el archivo sobre la base
(--db o SALUDYA_DB); `saludya backup check` antes de hacerlo.";

#[derive(Debug, Args)]
#[command(args_conflicts_with_subcommands = true, subcommand_negates_reqs = true)]
pub struct BackupArgs {
    #[command(subcommand)]
    command: Option<BackupCommand>,
    /// Archivo donde escribir la copia (no se sobrescribe sin --force)
    #[arg(required = true, value_name = "FILE")]
    file: Option<PathBuf>,
    /// Reemplazar FILE si ya existe
    #[arg(long)]
    force: bool,
}

#[derive(Debug, Subcommand)]
pub enum BackupCommand {
    /// Verifica una copia (o la base en uso): integridad, claves foráneas y versión del esquema
    Check {
        /// Archivo a verificar (por defecto la base en uso)
        #[arg(value_name = "FILE")]
        file: Option<PathBuf>,
    },
}

/// What `backup check` found (also printed after `backup FILE`).
#[derive(Debug, Serialize)]
pub struct CheckReport {
    pub file: String,
    pub ok: bool,
    pub size_bytes: u64,
    /// "ok" or the first problems `PRAGMA integrity_check` reported.
    pub integrity: String,
    pub foreign_key_violations: u64,
    pub schema_version: i64,
    /// The newest schema this SaludYa knows.
    pub app_schema_version: i64,
    pub tables: u64,
    /// Bilingual problems, in the language of the command; empty when ok.
    pub problems: Vec<String>,
}

fn columns() -> Vec<Column<CheckReport>> {
    vec![
        Column::new("file", "Archivo", "File", |r| r.file.clone()),
        Column::new("result", "Resultado", "Result", |r| {
            if r.ok { "OK".into() } else { "DAÑADA / BAD".into() }
        }),
        Column::new("size_bytes", "Tamaño (bytes)", "Size bytes", |r| {
            r.size_bytes.to_string()
        }),
        Column::new("integrity", "Integridad", "Integrity", |r| r.integrity.clone()),
        Column::new(
            "foreign_key_violations",
            "Violaciones de claves foráneas",
            "Foreign key violations",
            |r| r.foreign_key_violations.to_string(),
        ),
        Column::new("schema_version", "Versión del esquema", "Schema version", |r| {
            r.schema_version.to_string()
        }),
        Column::new(
            "app_schema_version",
            "Versión de este programa",
            "App schema version",
            |r| r.app_schema_version.to_string(),
        ),
        Column::new("tables", "Tablas", "Tables", |r| r.tables.to_string()),
        Column::new("problems", "Problemas", "Problems", |r| r.problems.join("; ")),
    ]
}

pub fn run(ctx: &mut Ctx, args: BackupArgs) -> AppResult<()> {
    match (args.command, args.file) {
        (Some(BackupCommand::Check { file }), _) => {
            let file = file.unwrap_or_else(|| ctx.db_path.clone());
            check_command(ctx, &file)
        }
        (None, Some(file)) => backup(ctx, &file, args.force),
        (None, None) => Err(AppError::invalid(Text::new(
            "Indique el archivo de la copia: `saludya backup ARCHIVO`.",
            "Name the backup file: `saludya backup FILE`.",
        ))),
    }
}

fn same_file(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}

fn backup(ctx: &mut Ctx, target: &Path, force: bool) -> AppResult<()> {
    let desk = ctx.desk()?;
    if same_file(target, &ctx.db_path) {
        return Err(AppError::invalid(Text::new(
            "La copia no puede escribirse sobre la propia base de datos.",
            "The backup cannot be written over the database itself.",
        )));
    }
    if target.exists() && !force {
        return Err(AppError::conflict(tr!(
            "{} ya existe; no se sobrescribe.",
            "{} already exists; it is not overwritten.",
            target.display()
        ))
        .with_hint(Text::new(
            "Elija otro nombre o agregue --force para reemplazarlo.",
            "Choose another name or add --force to replace it.",
        )));
    }
    let dir = match target.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    if !dir.is_dir() {
        return Err(AppError::not_found(tr!(
            "No existe la carpeta {}.",
            "The folder {} does not exist.",
            dir.display()
        )));
    }
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "saludya-backup.db".into());
    let tmp = dir.join(format!(".{name}.partial-{}", std::process::id()));
    let _ = std::fs::remove_file(&tmp);
    // Patient data: the copy is created 0600 before SQLite writes a byte into it (VACUUM INTO
    // accepts an empty file), never chmod-ed after.
    drop(crate::db::files::create_private_file(&tmp).map_err(|e| crate::db::files::io_error(e, &tmp))?);
    let result = (|| -> AppResult<CheckReport> {
        desk.conn
            .execute("VACUUM INTO ?1", [tmp.to_string_lossy().as_ref()])?;
        let report = check_file(&tmp, ctx)?;
        if !report.ok {
            return Err(AppError::internal(tr!(
                "La copia salió dañada ({}); no se guardó.",
                "The copy came out damaged ({}); it was not kept.",
                report.problems.join("; ")
            )));
        }
        let copy = std::fs::File::open(&tmp)?;
        copy.sync_all()?;
        std::fs::rename(&tmp, target)?;
        if let Ok(d) = std::fs::File::open(&dir) {
            let _ = d.sync_all();
        }
        Ok(report)
    })();
    let mut report = match result {
        Ok(r) => r,
        Err(e) => {
            let _ = std::fs::remove_file(&tmp);
            return Err(e);
        }
    };
    report.file = target.display().to_string();
    ctx.tell(&tr!(
        "Copia guardada y verificada: {} ({} KiB).",
        "Backup written and verified: {} ({} KiB).",
        target.display(),
        report.size_bytes / 1024
    ));
    print_one(ctx, &report, &columns())
}

fn check_command(ctx: &Ctx, file: &Path) -> AppResult<()> {
    if !file.is_file() {
        return Err(AppError::not_found(tr!(
            "No existe el archivo {}.",
            "The file {} does not exist.",
            file.display()
        )));
    }
    let report = check_file(file, ctx)?;
    print_one(ctx, &report, &columns())?;
    if report.ok {
        ctx.tell(&tr!(
            "{}: la copia está sana.",
            "{}: the copy is sound.",
            file.display()
        ));
        Ok(())
    } else {
        Err(AppError::internal(tr!(
            "{} no está sana: {}",
            "{} is not sound: {}",
            file.display(),
            report.problems.join("; ")
        ))
        .with_hint(Text::new(
            "No la use para restaurar; use otra copia.",
            "Do not restore from it; use another copy.",
        )))
    }
}

/// Checks a database file read-only. A file SQLite cannot read at all is a report with a
/// problem, not an error: the caller decides the exit code.
pub fn check_file(file: &Path, ctx: &Ctx) -> AppResult<CheckReport> {
    let lang = ctx.lang;
    let mut report = CheckReport {
        file: file.display().to_string(),
        ok: false,
        size_bytes: std::fs::metadata(file)?.len(),
        integrity: String::new(),
        foreign_key_violations: 0,
        schema_version: 0,
        app_schema_version: crate::db::schema_version(),
        tables: 0,
        problems: Vec::new(),
    };
    if let Err(e) = inspect(file, &mut report) {
        let text = match &e {
            rusqlite::Error::SqliteFailure(f, _)
                if matches!(
                    f.code,
                    rusqlite::ErrorCode::NotADatabase | rusqlite::ErrorCode::DatabaseCorrupt
                ) =>
            {
                Text::new(
                    "el archivo no es una base de datos SQLite legible (dañado o de otro tipo)",
                    "the file is not a readable SQLite database (damaged or of another kind)",
                )
            }
            other => tr!("no se pudo leer: {other}", "could not be read: {other}"),
        };
        report.problems.push(text.get(lang).to_string());
    }
    let mut problems: Vec<Text> = Vec::new();
    if !report.integrity.is_empty() && report.integrity != "ok" {
        problems.push(tr!(
            "la verificación de integridad encontró daños: {}",
            "the integrity check found damage: {}",
            report.integrity
        ));
    }
    if report.foreign_key_violations > 0 {
        problems.push(tr!(
            "{} filas apuntan a registros que no existen (claves foráneas)",
            "{} rows point at records that do not exist (foreign keys)",
            report.foreign_key_violations
        ));
    }
    if report.problems.is_empty() && report.schema_version == 0 {
        problems.push(Text::new(
            "no es una base de SaludYa (no tiene historial de migraciones)",
            "it is not a SaludYa database (it has no migration history)",
        ));
    }
    if report.schema_version > report.app_schema_version {
        problems.push(tr!(
            "la creó una versión más nueva de SaludYa (esquema {}, esta versión conoce hasta {})",
            "it was created by a newer SaludYa (schema {}, this version knows up to {})",
            report.schema_version,
            report.app_schema_version
        ));
    }
    report
        .problems
        .extend(problems.iter().map(|t| t.get(lang).to_string()));
    report.ok = report.problems.is_empty();
    Ok(report)
}

fn inspect(file: &Path, report: &mut CheckReport) -> rusqlite::Result<()> {
    let conn = Connection::open_with_flags(
        file,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    let mut lines: Vec<String> = Vec::new();
    {
        let mut stmt = conn.prepare("PRAGMA integrity_check(20)")?;
        let rows = stmt.query_map([], |r| r.get::<_, String>(0))?;
        for row in rows {
            lines.push(row?);
        }
    }
    report.integrity = lines.join("; ");
    report.foreign_key_violations = conn
        .prepare("PRAGMA foreign_key_check")?
        .query_map([], |_| Ok(()))?
        .count() as u64;
    report.tables = conn.query_row(
        "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'",
        [],
        |r| r.get(0),
    )?;
    let has_history: bool = conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'refinery_schema_history')",
        [],
        |r| r.get(0),
    )?;
    if has_history {
        report.schema_version = conn.query_row(
            "SELECT COALESCE(MAX(version), 0) FROM refinery_schema_history",
            [],
            |r| r.get(0),
        )?;
    }
    Ok(())
}
