//! Secrets (passwords, card data) come from stdin or a hidden prompt, never from arguments.

use std::io::{BufRead, IsTerminal};

use crate::error::{AppError, AppResult};
use crate::i18n::{Lang, Text};

/// Reads `n` lines from stdin (`--password-stdin`, `--card-stdin`), without the line ends.
pub fn read_stdin_lines(n: usize) -> AppResult<Vec<String>> {
    if super::sink::capturing() {
        return Err(super::batch::secret_refused());
    }
    let stdin = std::io::stdin();
    let mut lines = Vec::with_capacity(n);
    for line in stdin.lock().lines().take(n) {
        let line = line?;
        lines.push(line.trim_end_matches(['\r', '\n']).to_string());
    }
    if lines.len() < n {
        return Err(AppError::invalid(Text::new(
            "Faltan datos en la entrada estándar.",
            "Standard input ended before all the data was read.",
        )));
    }
    Ok(lines)
}

/// A password from stdin (`from_stdin`) or a hidden prompt on the terminal.
pub fn password(from_stdin: bool, lang: Lang, prompt_es: &str, prompt_en: &str) -> AppResult<String> {
    if super::sink::capturing() {
        return Err(super::batch::secret_refused());
    }
    if from_stdin {
        return Ok(read_stdin_lines(1)?.remove(0));
    }
    if !std::io::stdin().is_terminal() {
        return Err(AppError::invalid(Text::new(
            "No hay terminal para pedir la contraseña.",
            "There is no terminal to ask for the password.",
        ))
        .with_hint(Text::new(
            "Pásela por la entrada estándar con --password-stdin.",
            "Pipe it through standard input with --password-stdin.",
        )));
    }
    Ok(rpassword::prompt_password(format!(
        "{}: ",
        lang.pick(prompt_es, prompt_en)
    ))?)
}

/// The database server's password, asked on the terminal when the server wants one and neither
/// `PGPASSWORD` nor `~/.pgpass` has it; without a terminal nothing is asked (the connection
/// then says where to keep the password).
pub fn database_password(lang: Lang) -> impl Fn(&str) -> Option<zeroize::Zeroizing<String>> {
    move |target: &str| {
        if super::sink::capturing() || !std::io::stdin().is_terminal() || !std::io::stderr().is_terminal() {
            return None;
        }
        rpassword::prompt_password(format!(
            "{} {target}: ",
            lang.pick("Contraseña de PostgreSQL para", "PostgreSQL password for")
        ))
        .ok()
        .map(zeroize::Zeroizing::new)
    }
}
