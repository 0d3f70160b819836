//! `backup FILE` (a consistent copy of the live database, safe while other desks work),
//! `backup check [FILE]` (integrity, foreign keys and schema version of a copy or of the
//! database in use), `restore BACKUP [--force]` and `check` (quick check of the database in
//! use). The work is in `db::backup`; this file parses arguments and prints.
//!
//! `backup check`, `restore` and `check` need no session: they reveal no clinic data and are
//! most needed when the database cannot be opened normally (the file's permissions are the
//! boundary: whoever can replace the file can restore).

use std::path::{Path, PathBuf};

use clap::{Args, Subcommand};

use super::Ctx;
use super::output::{Column, print_json, print_one};
use crate::db::backup::{self as db_backup, CheckReport};
use crate::error::{AppError, AppResult};
use crate::i18n::Text;
use crate::tr;

pub const EXAMPLES: &str = "\
Ejemplos:
  saludya backup /media/usb/saludya-2026-03-02.db     copia consistente, con otras cajas trabajando
  saludya backup copia.db --force                     reemplaza una copia anterior
  saludya backup check /media/usb/saludya-2026-03-02.db
  saludya backup check                                verifica la base en uso

Restaurar: `saludya restore COPIA.db --force` (verifica la copia, se niega si otra
caja tiene la base abierta, guarda aparte la base anterior y sus -wal/-shm con la hora en el
nombre, instala la copia de forma atómica y la verifica).";

pub const RESTORE_EXAMPLES: &str = "\
Ejemplos:
  saludya restore /media/usb/saludya-2026-03-02.db            donde aún no hay base
  saludya restore /media/usb/saludya-2026-03-02.db --force    reemplaza la base (la anterior se guarda aparte)

Cierre SaludYa en todas las cajas antes: con la base abierta en otra caja se niega (código 5).";

#[derive(Debug, Args)]
pub struct RestoreArgs {
    /// Copia hecha con `saludya backup`
    #[arg(value_name = "BACKUP")]
    backup: PathBuf,
    /// Reemplazar la base existente (se guarda aparte, no se borra)
    #[arg(long)]
    force: bool,
}

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
#[command(defer = true)]
pub enum BackupCommand {
    /// Verifica una copia (o la base en uso): integridad, claves foráneas y versión del esquema
    #[command(after_help = "Ejemplos:\n  saludya backup check\n  saludya backup check copia-2026-03-02.db")]
    Check {
        /// Archivo a verificar (por defecto la base en uso)
        #[arg(value_name = "FILE")]
        file: Option<PathBuf>,
    },
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

fn backup(ctx: &mut Ctx, target: &Path, force: bool) -> AppResult<()> {
    let desk = ctx.desk()?;
    let Some(conn) = desk.conn.sqlite() else {
        return Err(crate::db::postgres::no_file_backup());
    };
    let bar = super::progress::Bar::new(ctx, "Copiando", "Copying");
    let report = db_backup::backup_to_with(conn, &ctx.db_path, target, force, ctx.lang, &bar)?;
    ctx.tell(&tr!(
        "Copia guardada y verificada: {} ({} KiB).",
        "Backup written and verified: {} ({} KiB).",
        target.display(),
        report.size_bytes / 1024
    ));
    print_one(ctx, &report, &columns())
}

/// `saludya restore BACKUP [--force]`.
pub fn restore(ctx: &mut Ctx, args: RestoreArgs) -> AppResult<()> {
    let now = crate::clock::Clock::System.now();
    let bar = super::progress::Bar::new(ctx, "Restaurando", "Restoring");
    let report = db_backup::restore_with(&ctx.db_path, &args.backup, args.force, now, ctx.lang, &bar)?;
    for aside in &report.moved_aside {
        ctx.tell(&tr!(
            "La base anterior quedó guardada en {aside}.",
            "The previous database was kept at {aside}."
        ));
    }
    ctx.tell(&tr!(
        "Restaurada y verificada: {} desde {}. Las sesiones abiertas son las de la copia: inicie sesión de nuevo si hace falta.",
        "Restored and verified: {} from {}. Open sessions are the copy's: log in again if needed.",
        report.database,
        report.restored_from
    ));
    if ctx.format == super::Format::Json {
        return print_json(&report);
    }
    print_one(ctx, &report.check, &columns())
}

/// `saludya check`: the quick check of the database in use.
pub fn check_in_use(ctx: &mut Ctx) -> AppResult<()> {
    let file = ctx.db_path.clone();
    check_command_with(ctx, &file, db_backup::quick_check_file, true)
}

fn check_command(ctx: &Ctx, file: &Path) -> AppResult<()> {
    check_command_with(ctx, file, db_backup::check_file, false)
}

fn check_command_with(
    ctx: &Ctx,
    file: &Path,
    check: fn(&Path, crate::i18n::Lang) -> AppResult<CheckReport>,
    in_use: bool,
) -> AppResult<()> {
    if !file.is_file() {
        return Err(AppError::not_found(tr!(
            "No existe el archivo {}.",
            "The file {} does not exist.",
            file.display()
        )));
    }
    let report = check(file, ctx.lang)?;
    print_one(ctx, &report, &columns())?;
    if report.ok && in_use {
        ctx.tell(&tr!(
            "{}: la base está sana (verificación rápida).",
            "{}: the database is sound (quick check).",
            file.display()
        ));
        Ok(())
    } else if report.ok {
        ctx.tell(&tr!(
            "{}: la copia está sana.",
            "{}: the copy is sound.",
            file.display()
        ));
        Ok(())
    } else if in_use {
        Err(AppError::internal(tr!(
            "{} está dañada: {}",
            "{} is damaged: {}",
            file.display(),
            report.problems.join("; ")
        ))
        .with_hint(Text::new(
            "No escriba en ella: restaure la última copia sana con `saludya restore COPIA --force`.",
            "Do not write into it: restore the last sound copy with `saludya restore BACKUP --force`.",
        )))
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
