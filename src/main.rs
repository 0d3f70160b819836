//! Thin: parse, run, map the error kind to the exit code.

// An `unwrap` in program code is a crash waiting for input that proves it wrong (gitui does
// the same); tests may unwrap (clippy.toml: allow-unwrap-in-tests).
#![deny(clippy::unwrap_used)]

use std::process::ExitCode;

use clap::{CommandFactory, FromArgMatches};
use saludya::cli::{self, Cli, Ctx};

fn main() -> ExitCode {
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    // `Cli::try_parse_from`, keeping clap's command tree instead of freeing it: freeing every
    // subcommand's arguments and help was ~7% of a short command's instructions (callgrind,
    // `specialty list`), and the process ends soon after. The tree is built once per process.
    let mut command = Cli::command();
    let parsed = command
        .try_get_matches_from_mut(&args)
        .and_then(|mut m| Cli::from_arg_matches_mut(&mut m).map_err(|e| e.format(&mut command)));
    std::mem::forget(command);
    let cli = match parsed {
        Ok(cli) => cli,
        // --help / --version (stdout, 0) or a usage error (stderr, 2), in the reader's language.
        Err(e) => return ExitCode::from(cli::clap_failure(e, &args)),
    };
    let mut ctx = Ctx::from_cli(&cli);
    match cli::run(cli, &mut ctx) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            if err.kind != saludya::error::Kind::PipeClosed {
                cli::report_error(&ctx, &err);
            }
            ExitCode::from(err.kind.exit_code())
        }
    }
}
