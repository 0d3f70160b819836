//! Thin: parse, run, map the error kind to the exit code.

// An `unwrap` in program code is a crash waiting for input that proves it wrong (gitui does
// the same); tests may unwrap (clippy.toml: allow-unwrap-in-tests).
#![deny(clippy::unwrap_used)]

use std::process::ExitCode;

use saludya::cli::{self, Ctx};

fn main() -> ExitCode {
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    let parsed = cli::argv::parse(&args);
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
