//! Colour on the terminal, and only there: `--color auto|always|never`, and `NO_COLOR`
//! (<https://no-color.org>: set and not empty, no colour unless `--color always`). What the CLI
//! colours: clap's help and usage errors, the `error:` / hint lines, the progress bars.

use std::io::IsTerminal;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum ColorChoice {
    // Colour when the stream is a terminal and `NO_COLOR` is not set.
    #[default]
    Auto,
    Always,
    Never,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stream {
    Stdout,
    Stderr,
}

impl Stream {
    fn is_terminal(self) -> bool {
        match self {
            Stream::Stdout => std::io::stdout().is_terminal(),
            Stream::Stderr => std::io::stderr().is_terminal(),
        }
    }
}

impl ColorChoice {
    /// Whether text written to `stream` may carry colour.
    pub fn on(self, stream: Stream) -> bool {
        match self {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => {
                no_color_unset()
                    && std::env::var("TERM").map_or(true, |t| t != "dumb")
                    && stream.is_terminal()
            }
        }
    }
}

/// `NO_COLOR` absent or empty.
fn no_color_unset() -> bool {
    std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
}

/// `--color` read from the raw arguments (for what is printed before clap has parsed them);
/// `auto` when absent or not understood (clap then reports the bad value itself).
pub fn choice_from_args(args: &[std::ffi::OsString]) -> ColorChoice {
    match super::raw_flag(args, "--color").as_deref() {
        Some("always") => ColorChoice::Always,
        Some("never") => ColorChoice::Never,
        _ => ColorChoice::Auto,
    }
}

/// `text` in bold red (an error's first word) when `on`.
pub fn error(text: &str, on: bool) -> String {
    paint(text, "\x1b[1;31m", on)
}

/// `text` in yellow (a hint's first word) when `on`.
pub fn hint(text: &str, on: bool) -> String {
    paint(text, "\x1b[33m", on)
}

fn paint(text: &str, code: &str, on: bool) -> String {
    if on {
        format!("{code}{text}\x1b[0m")
    } else {
        text.to_string()
    }
}
