//! `saludya man [COMMAND...]`: the manual page (roff, clap_mangen) of a command in the reader's
//! language, on stdout; `--dir DIR` writes one page per command (`saludya.1`,
//! `saludya-patient-add.1`, ...) for `man -M` or a `man1` folder.

use std::path::PathBuf;

use clap::{Args, Command};

use super::Ctx;
use crate::error::{AppError, AppResult};
use crate::i18n::{Lang, Text};

pub const EXAMPLES: &str = "\
Ejemplos:
  saludya man | man -l -
  saludya man patient add | man -l -
  saludya --lang en man --dir ~/.local/share/man/man1    una página por comando; luego: man saludya-patient";

#[derive(Debug, Args)]
pub struct ManArgs {
    /// Comando cuya página mostrar (por defecto la de saludya), p. ej. `patient add`
    #[arg(value_name = "COMANDO")]
    command: Vec<String>,
    /// Escribir en esta carpeta una página por comando (desde el indicado)
    #[arg(long, value_name = "DIR")]
    dir: Option<PathBuf>,
}

pub fn run(ctx: &Ctx, args: ManArgs) -> AppResult<()> {
    let mut cmd = super::help::command(ctx.lang);
    if ctx.lang == Lang::Es {
        cmd = spanish_headings(cmd);
    }
    for word in &args.command {
        let sub = cmd
            .get_subcommands()
            .find(|c| c.get_name() == word && c.get_name() != "help")
            .cloned()
            .ok_or_else(|| {
                AppError::invalid(crate::tr!(
                    "No hay un comando «{}»; vea `saludya --help`.",
                    "There is no command «{}»; see `saludya --help`.",
                    crate::text::shown(word, 40)
                ))
            })?;
        cmd = sub;
    }
    match &args.dir {
        None => {
            let page = page(&cmd, ctx.lang)?;
            super::output::print_raw(&page)
        }
        Some(dir) => {
            let mut written = 0;
            write_pages(&cmd, dir, ctx.lang, &mut written)?;
            ctx.tell(&crate::tr!(
                "{} páginas escritas en {}.",
                "{} pages written to {}.",
                written,
                dir.display()
            ));
            Ok(())
        }
    }
}

/// clap_mangen puts the arguments without a heading under "OPTIONS" and then one section per
/// heading, in the order of the first argument that has it. A command's global flags come
/// before its own (deferred) arguments, so the options get the heading and the positionals
/// stay in the first section, renamed "ARGUMENTOS" by [`page`]: arguments, then options.
fn spanish_headings(cmd: Command) -> Command {
    cmd.mut_args(|a| {
        if a.is_positional() {
            a
        } else {
            a.help_heading("Opciones")
        }
    })
    .mut_subcommands(spanish_headings)
}

/// The page of one (built) command, with clap_mangen's fixed section names in `lang`.
fn page(cmd: &Command, lang: Lang) -> AppResult<Vec<u8>> {
    let mut roff = Vec::new();
    clap_mangen::Man::new(cmd.clone())
        .manual("SaludYa")
        .source(format!("saludya {}", env!("CARGO_PKG_VERSION")))
        .render(&mut roff)?;
    let text = String::from_utf8_lossy(&roff).into_owned();
    let names: &[(&str, &str)] = match lang {
        Lang::Es => &[
            (".SH NAME", ".SH NOMBRE"),
            (".SH OPTIONS", ".SH ARGUMENTOS"),
            (".SH SYNOPSIS", ".SH SINOPSIS"),
            (".SH DESCRIPTION", ".SH DESCRIPCIÓN"),
            (".SH EXTRA", ".SH EJEMPLOS"),
            (".SH VERSION", ".SH VERSIÓN"),
            (".SH Comandos", ".SH COMANDOS"),
        ],
        Lang::En => &[(".SH EXTRA", ".SH EXAMPLES")],
    };
    let text = text
        .lines()
        .map(|line| {
            names
                .iter()
                .find(|(from, _)| line == *from)
                .map_or(line, |(_, to)| to)
        })
        .collect::<Vec<_>>()
        .join("\n");
    Ok(format!("{text}\n").into_bytes())
}

fn write_pages(cmd: &Command, dir: &std::path::Path, lang: Lang, written: &mut usize) -> AppResult<()> {
    if !dir.is_dir() {
        return Err(AppError::invalid(Text::owned(
            format!("{} no es una carpeta.", dir.display()),
            format!("{} is not a folder.", dir.display()),
        )));
    }
    let name = cmd.get_display_name().unwrap_or(cmd.get_name());
    std::fs::write(dir.join(format!("{name}.1")), page(cmd, lang)?)?;
    *written += 1;
    for sub in cmd.get_subcommands().filter(|s| s.get_name() != "help") {
        write_pages(sub, dir, lang, written)?;
    }
    Ok(())
}
