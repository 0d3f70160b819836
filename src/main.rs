//! Thin: parse, run, map the error kind to the exit code.

// An `unwrap` in program code is a crash waiting for input that proves it wrong (gitui does
// the same); tests may unwrap (clippy.toml: allow-unwrap-in-tests).
#![deny(clippy::unwrap_used)]

use std::process::ExitCode;

use saludya::cli;

fn main() -> ExitCode {
    exit_like_unwinding_on_panic();
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    ExitCode::from(cli::execute(&args))
}

/// The release build aborts on a panic (`panic = "abort"`, for size). After the message, end
/// the way an unwinding build ends — exit code 101 — rather than by `SIGABRT`, which a shell
/// reports as a crash and which may write a core file holding patients' data. A hook installed
/// later (the TUI's) runs first and then this one.
fn exit_like_unwinding_on_panic() {
    if cfg!(panic = "abort") {
        let print = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            print(info);
            std::process::exit(101);
        }));
    }
}
