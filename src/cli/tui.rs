//! `saludya tui` (and `saludya` with no command on a terminal): opens the database and runs the
//! reception-desk UI.

use std::io::IsTerminal;

use super::Ctx;
use crate::error::{AppError, AppResult};
use crate::i18n::Text;
use crate::tui::{self, App};

pub fn run(ctx: &mut Ctx) -> AppResult<()> {
    if !std::io::stdout().is_terminal() || !std::io::stdin().is_terminal() {
        return Err(AppError::invalid(Text::new(
            "La interfaz de recepción necesita una terminal interactiva.",
            "The reception-desk UI needs an interactive terminal.",
        ))
        .with_hint(Text::new(
            "Para scripts use los subcomandos; vea `saludya --help`.",
            "For scripts use the subcommands; see `saludya --help`.",
        )));
    }
    let db = ctx.open()?;
    let colour = ctx.color.on(super::color::Stream::Stdout);
    tui::run_colored(App::new(db.conn, db.settings, db.clock, ctx.lang), colour)
}
