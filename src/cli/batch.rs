//! `saludya batch`: many commands in one process, for scripts that drive the desk. Each line
//! of stdin is one command, a JSON array of its words (what would follow `saludya`); each
//! answer is one line of stdout, a JSON object with the command's exit code and everything it
//! printed, written and flushed before the next line is read, so a script can read an answer
//! (an id, a slot) before it sends the next command:
//!
//! ```text
//! > ["--format", "json", "slots", "--specialty", "cardiologia", "--limit", "1"]
//! < {"exit":0,"stdout":"[\n  {\n    \"doctor_id\": …","stderr":""}
//! ```
//!
//! A command runs exactly as it runs alone (the same parsing, session check, messages and exit
//! codes: `cli::execute`), with the batch's own global flags as defaults for the flags a line
//! does not give. What the process saves is its start, the connection (one for the whole batch:
//! on SQLite the schema read once, the statements compiled once, and the `-wal` created and
//! checkpointed once, when the batch ends; on PostgreSQL one connection and one login) and each
//! line's parse trees are freed, so a batch can run all day (see ARCHITECTURE.md, "Start-up and
//! speed"). Durability is the same: every commit is synced.
//!
//! Refused inside a batch, each with its own answer: `batch` itself and anything that would read
//! a secret (passwords and card data come from stdin or a hidden prompt, and stdin is the batch's
//! stream): log in before the batch, pay by card on its own.

use std::ffi::OsString;
use std::io::{BufRead, Write};

use super::{Ctx, sink};
use crate::error::{AppError, AppResult};
use crate::i18n::Text;

pub const EXAMPLES: &str = "\
Cada línea de la entrada es un comando: un arreglo JSON con sus palabras (lo que iría después de `saludya`).
Cada respuesta es una línea JSON con el código de salida y lo que el comando imprimió: {\"exit\", \"stdout\", \"stderr\"}.
Las banderas globales del batch (--db, --format, --lang, -q, --wide, --color) valen para las líneas que no den las suyas.
Inicie sesión antes: dentro del batch no se leen contraseñas ni datos de tarjeta.

Ejemplos:
  saludya --format json batch < comandos.jsonl   una respuesta por cada línea, en el mismo orden
  printf '%s\\n' '[\"whoami\"]' '[\"specialty\", \"list\"]' | saludya batch
  coproc saludya --format json batch             en bash: una línea, su respuesta, la siguiente";

/// The batch's global flags, given again to every line that does not give its own.
pub struct Defaults {
    words: Vec<OsString>,
}

impl Defaults {
    /// The global flags of the batch's own command line (`saludya --db X batch`).
    pub fn from_args(args: &[OsString]) -> Defaults {
        let mut words = Vec::new();
        for flag in ["--db", "--format", "--lang", "--color"] {
            if let Some(value) = super::raw_flag(args, flag) {
                words.push(OsString::from(format!("{flag}={value}")));
            }
        }
        for (short, long) in [(Some("-q"), "--quiet"), (None, "--wide")] {
            if has_switch(args, short, long) {
                words.push(OsString::from(long));
            }
        }
        Defaults { words }
    }

    /// `saludya`, the defaults the line does not override, then the line's words.
    fn argv(&self, line: Vec<OsString>) -> Vec<OsString> {
        let mut line_args = vec![OsString::from("saludya")];
        line_args.extend(line);
        let mut argv = vec![OsString::from("saludya")];
        for word in &self.words {
            let text = word.to_string_lossy();
            let flag = text.split('=').next().unwrap_or_default();
            let given = match flag {
                "--quiet" => has_switch(&line_args, Some("-q"), "--quiet"),
                "--wide" => has_switch(&line_args, None, "--wide"),
                _ => super::raw_flag(&line_args, flag).is_some(),
            };
            if !given {
                argv.push(word.clone());
            }
        }
        argv.extend(line_args.into_iter().skip(1));
        argv
    }
}

/// A switch among the words before `--`.
fn has_switch(args: &[OsString], short: Option<&str>, long: &str) -> bool {
    args.iter()
        .skip(1)
        .map(|a| a.to_string_lossy())
        .take_while(|w| w != "--")
        .any(|w| w == long || Some(w.as_ref()) == short)
}

/// Runs the commands of stdin until it ends.
pub fn run(ctx: &Ctx, defaults: &Defaults) -> AppResult<()> {
    if sink::capturing() {
        return Err(AppError::invalid(Text::new(
            "`batch` no se puede anidar dentro de otro `batch`.",
            "`batch` cannot run inside another `batch`.",
        )));
    }
    let mut keeper = None;
    let stdin = std::io::stdin();
    let mut input = stdin.lock();
    let mut out = std::io::stdout().lock();
    while let Some(line) = next_line(&mut input)? {
        if line.as_ref().is_ok_and(|l| l.trim().is_empty()) {
            continue;
        }
        if keeper.is_none() {
            keeper = keep_open(ctx);
        }
        let (exit, captured) = sink::capture(|| match line.and_then(|l| words(&l)) {
            Ok(words) => super::execute(&defaults.argv(words)),
            Err(e) => {
                super::report_error(ctx, &e);
                e.kind.exit_code()
            }
        });
        let answer = serde_json::json!({
            "exit": exit,
            "stdout": String::from_utf8_lossy(&captured.stdout),
            "stderr": String::from_utf8_lossy(&captured.stderr),
        });
        serde_json::to_writer(&mut out, &answer).map_err(std::io::Error::from)?;
        writeln!(out)?;
        out.flush()?;
    }
    drop(keeper);
    Ok(())
}

/// The longest line a batch reads (a command's words; far more than any command needs).
const MAX_LINE: usize = 1 << 20;

/// The next line of `input` without its end: `None` at the end of input; an error answer for a
/// line that is not UTF-8 or longer than [`MAX_LINE`] (read to its end and dropped, in bounded
/// memory), so the batch goes on with the next line.
fn next_line(input: &mut impl BufRead) -> std::io::Result<Option<AppResult<String>>> {
    let mut line = Vec::new();
    let mut too_long = false;
    loop {
        let buf = input.fill_buf()?;
        if buf.is_empty() {
            if line.is_empty() && !too_long {
                return Ok(None);
            }
            break;
        }
        let (chunk, done) = match buf.iter().position(|&b| b == b'\n') {
            Some(i) => (&buf[..i], Some(i + 1)),
            None => (buf, None),
        };
        if line.len() + chunk.len() > MAX_LINE {
            too_long = true;
            line.clear();
        } else if !too_long {
            line.extend_from_slice(chunk);
        }
        let used = done.unwrap_or(buf.len());
        input.consume(used);
        if done.is_some() {
            break;
        }
    }
    if too_long {
        return Ok(Some(Err(AppError::invalid(Text::new(
            "Línea de `batch` de más de 1 MiB: se descartó entera.",
            "A `batch` line over 1 MiB: it was dropped whole.",
        )))));
    }
    if line.ends_with(b"\r") {
        line.pop();
    }
    Ok(Some(String::from_utf8(line).map_err(|_| {
        AppError::invalid(Text::new(
            "Línea de `batch` que no es UTF-8 válido.",
            "A `batch` line that is not valid UTF-8.",
        ))
    })))
}

/// The batch's database held open for all its commands ([`crate::db::hold_open`]): on SQLite an
/// idle connection, so that no command's connection is the last to close (which checkpoints and
/// deletes the `-wal`); on PostgreSQL the one connection every command borrows. None while the
/// file does not exist yet (a batch may start with `init` or `demo`), and when it cannot be
/// opened (the command that needs it then says why).
fn keep_open(ctx: &Ctx) -> Option<crate::db::Held> {
    if !crate::db::is_postgres(&ctx.db_path) && !ctx.db_path.is_file() {
        return None;
    }
    crate::db::hold_open(&ctx.db_path).ok()
}

/// A line's words: a JSON array of strings.
fn words(line: &str) -> AppResult<Vec<OsString>> {
    serde_json::from_str::<Vec<String>>(line)
        .map(|w| w.into_iter().map(OsString::from).collect())
        .map_err(|e| {
            let column = e.column();
            AppError::invalid(crate::tr!(
                "Línea no válida para `batch` (columna {column}): cada línea es un arreglo JSON con las palabras del comando.",
                "Not a valid `batch` line (column {column}): each line is a JSON array of the command's words.",
            ))
            .with_hint(Text::new(
                "Por ejemplo: [\"patient\", \"show\", \"45678912\"]",
                "For example: [\"patient\", \"show\", \"45678912\"]",
            ))
        })
}

/// What a command that needs stdin or a terminal answers inside a batch.
pub fn secret_refused() -> AppError {
    AppError::invalid(Text::new(
        "Dentro de `batch` no se leen contraseñas ni datos de tarjeta: la entrada estándar es la de los comandos.",
        "Inside `batch` no password or card data is read: standard input carries the commands.",
    ))
    .with_hint(Text::new(
        "Inicie sesión antes del batch (`saludya login`) y cobre con tarjeta fuera de él.",
        "Log in before the batch (`saludya login`) and take card payments outside it.",
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn os(words: &[&str]) -> Vec<OsString> {
        words.iter().map(OsString::from).collect()
    }

    #[test]
    fn the_batch_flags_are_defaults_a_line_may_override() {
        let defaults = Defaults::from_args(&os(&[
            "saludya",
            "--db",
            "/tmp/a.db",
            "-q",
            "batch",
            "--format=json",
        ]));
        assert_eq!(
            defaults.argv(os(&["patient", "show", "1"])),
            os(&[
                "saludya",
                "--db=/tmp/a.db",
                "--format=json",
                "--quiet",
                "patient",
                "show",
                "1"
            ])
        );
        assert_eq!(
            defaults.argv(os(&["--db", "/tmp/b.db", "--format", "table", "-q", "whoami"])),
            os(&[
                "saludya",
                "--db",
                "/tmp/b.db",
                "--format",
                "table",
                "-q",
                "whoami"
            ])
        );
        // A word after `--` is a value, not the line's flag.
        assert_eq!(
            defaults.argv(os(&["patient", "search", "--", "--db"])),
            os(&[
                "saludya",
                "--db=/tmp/a.db",
                "--format=json",
                "--quiet",
                "patient",
                "search",
                "--",
                "--db"
            ])
        );
    }

    #[test]
    fn lines_are_read_to_their_end_in_bounded_memory_and_bad_ones_become_errors() {
        let long = "x".repeat(MAX_LINE + 10);
        let text = format!("[\"a\"]\r\n{long}\n\u{0}\n[\"b\"]");
        let mut bytes = text.into_bytes();
        bytes.extend_from_slice(b"\n\xff\xfe\n");
        let mut input = std::io::BufReader::with_capacity(64, &bytes[..]);
        let mut got = Vec::new();
        while let Some(line) = next_line(&mut input).unwrap() {
            got.push(line.map_err(|e| e.message(crate::i18n::Lang::En)));
        }
        assert_eq!(
            got,
            [
                Ok("[\"a\"]".to_string()),
                Err("A `batch` line over 1 MiB: it was dropped whole.".to_string()),
                Ok("\u{0}".to_string()),
                Ok("[\"b\"]".to_string()),
                Err("A `batch` line that is not valid UTF-8.".to_string()),
            ]
        );
    }

    #[test]
    fn a_line_is_a_json_array_of_words() {
        assert_eq!(
            words(r#"["orient", "me duele \"mucho\""]"#).unwrap(),
            os(&["orient", "me duele \"mucho\""])
        );
        for bad in ["orient dolor", "{\"a\": 1}", "[1, 2]", "[\"a\""] {
            assert!(words(bad).is_err(), "{bad}");
        }
    }
}
