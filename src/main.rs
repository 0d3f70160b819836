//! Thin: parse, run, map the error kind to the exit code.

// An `unwrap` in program code is a crash waiting for input that proves it wrong (gitui does
// the same); tests may unwrap (clippy.toml: allow-unwrap-in-tests).
#![deny(clippy::unwrap_used)]

use std::process::ExitCode;

use clap::Parser;
use saludya::cli::{self, Cli, Ctx};

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            if e.use_stderr() {
                if cli::json_requested(std::env::args_os()) {
                    cli::stderr_line(&cli::usage_error_json(&e));
                } else {
                    let _ = e.print();
                }
                return ExitCode::from(2);
            }
            // --help / --version go to stdout; a closed pipe there is not an error.
            let _ = e.print();
            return ExitCode::SUCCESS;
        }
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
