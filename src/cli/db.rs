//! `db copy --from A --to B`: moves a clinic between a SQLite file and a PostgreSQL database (or
//! between two of either). The work and its verification are in `db::copy`.

use std::path::PathBuf;

use clap::{Args, Subcommand};

use super::Ctx;
use super::output::{Column, print_list};
use crate::db::copy::TableCopy;
use crate::error::{AppError, AppResult};
use crate::i18n::Text;
use crate::tr;

pub const EXAMPLES: &str = "\
Ejemplos:
  saludya db copy --from clinica.db --to postgres://saludya@servidor/saludya
  saludya db copy --from postgres://saludya@servidor/saludya --to respaldo.db

El destino debe no existir (archivo) o estar vacío (base PostgreSQL: `createdb -O saludya saludya`).
La contraseña de PostgreSQL va en ~/.pgpass o PGPASSWORD, nunca en la dirección.";

#[derive(Debug, Subcommand)]
#[command(defer = true)]
pub enum DbCommand {
    /// Copia la clínica entera a otra base (SQLite ⇄ PostgreSQL), con los mismos ids, y la verifica
    #[command(after_help = EXAMPLES)]
    Copy(CopyArgs),
}

#[derive(Debug, Args)]
pub struct CopyArgs {
    /// Base de origen: archivo o postgres://USUARIO@SERVIDOR/BASE (con sesión de admin en ella)
    #[arg(long, value_name = "PATH|URL")]
    from: PathBuf,
    /// Base de destino: un archivo que no existe, o una base PostgreSQL vacía
    #[arg(long, value_name = "PATH|URL")]
    to: PathBuf,
}

pub fn run(ctx: &mut Ctx, cmd: DbCommand) -> AppResult<()> {
    match cmd {
        DbCommand::Copy(args) => copy(ctx, args),
    }
}

fn copy(ctx: &mut Ctx, args: CopyArgs) -> AppResult<()> {
    if same_place(&args.from, &args.to) {
        return Err(AppError::invalid(Text::new(
            "El origen y el destino son la misma base.",
            "The source and the target are the same database.",
        )));
    }
    // The source needs an admin's session, as a backup does: the copy holds every patient.
    ctx.db_path = args.from.clone();
    ctx.db_explicit = true;
    let source = ctx.admin_desk()?;
    let prompt = super::secret::database_password(ctx.lang);
    let target = crate::db::create_with(&args.to, &prompt)?;
    let lang = ctx.lang;
    let quiet = ctx.quiet;
    let bar = super::progress::Bar::new(ctx, "Copiando", "Copying");
    let report = crate::db::copy::copy_with(
        &source.conn,
        &target,
        |t| {
            if !quiet {
                super::stderr_line(tr!("  {}: {} filas", "  {}: {} rows", t.table, t.rows).get(lang));
            }
        },
        &bar,
    )?;
    let rows: u64 = report.iter().map(|t| t.rows).sum();
    print_list(ctx, &report, &columns())?;
    ctx.tell(&tr!(
        "Copiadas {rows} filas de {} tablas a {}; el destino coincide con el origen tabla por tabla (filas y suma SHA-256).",
        "Copied {rows} rows of {} tables to {}; the target matches the source table by table (rows and SHA-256 checksum).",
        report.len(),
        args.to.display()
    ));
    Ok(())
}

fn same_place(a: &std::path::Path, b: &std::path::Path) -> bool {
    if a == b {
        return true;
    }
    matches!((a.canonicalize(), b.canonicalize()), (Ok(x), Ok(y)) if x == y)
}

fn columns() -> Vec<Column<TableCopy>> {
    vec![
        Column::new("table", "Tabla", "Table", |t: &TableCopy| t.table.to_string()),
        Column::new("rows", "Filas", "Rows", |t: &TableCopy| t.rows.to_string()),
        Column::new("checksum", "SHA-256", "SHA-256", |t: &TableCopy| {
            t.checksum.clone()
        }),
    ]
}
