//! The desk's optional config file, `$XDG_CONFIG_HOME/saludya/config.toml` (by default
//! `~/.config/saludya/config.toml`), so a desk PC is set up once:
//!
//! ```toml
//! database = "/srv/clinica/saludya.db"   # or "postgresql://recepcion@servidor/clinica" (no password)
//! language = "es"                        # es | en
//! format = "table"                       # table | json | csv
//! ```
//!
//! Precedence: flags > environment variables (`SALUDYA_DB`, `SALUDYA_LANG`) > this file > defaults.
//! A file that is not valid is a usage error (exit 2) naming the file and the line.

use std::path::{Path, PathBuf};

use serde::Deserialize;
use toml::Spanned;

use super::output::Format;
use crate::error::{AppError, AppResult};
use crate::i18n::{Lang, Text};

/// What the config file says, checked.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Config {
    /// A database file, or a PostgreSQL URL without a password (passed on where `--db` goes).
    pub database: Option<PathBuf>,
    pub language: Option<Lang>,
    pub format: Option<Format>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Raw {
    database: Option<Spanned<String>>,
    language: Option<Spanned<String>>,
    format: Option<Spanned<String>>,
}

/// Where the config file is looked for.
pub fn path() -> Option<PathBuf> {
    dirs::config_dir().map(|d| d.join("saludya").join("config.toml"))
}

/// The config file, or the defaults when there is none.
pub fn load() -> AppResult<Config> {
    match path() {
        Some(p) => load_from(&p),
        None => Ok(Config::default()),
    }
}

/// The config file at `file`; none there is the defaults.
pub fn load_from(file: &Path) -> AppResult<Config> {
    let text = match std::fs::read(file) {
        Ok(bytes) => bytes,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Config::default()),
        Err(e) => {
            return Err(AppError::invalid(crate::tr!(
                "No se puede leer el archivo de configuración {}: {e}",
                "Cannot read the config file {}: {e}",
                file.display()
            )));
        }
    };
    let text = String::from_utf8(text).map_err(|e| {
        let line = line_of(
            &String::from_utf8_lossy(e.as_bytes()),
            e.utf8_error().valid_up_to(),
        );
        bad(file, line, Text::new("no es texto UTF-8", "it is not UTF-8 text"))
    })?;
    parse(&text, file)
}

/// Checks the text of a config file (`file` names it in messages).
pub fn parse(text: &str, file: &Path) -> AppResult<Config> {
    let raw: Raw = toml::from_str(text).map_err(|e| {
        let line = e.span().map_or(1, |s| line_of(text, s.start));
        let message = e.message().trim().to_string();
        bad(
            file,
            line,
            Text::owned(
                format!("{message} (claves: database, language, format)"),
                format!("{message} (keys: database, language, format)"),
            ),
        )
    })?;
    let mut config = Config::default();
    if let Some(v) = raw.language {
        let line = line_of(text, v.span().start);
        config.language = Some(Lang::parse(v.get_ref()).ok_or_else(|| {
            bad(
                file,
                line,
                crate::tr!(
                    "language debe ser \"es\" o \"en\", no «{}»",
                    "language must be \"es\" or \"en\", not '{}'",
                    crate::text::shown(v.get_ref(), 20)
                ),
            )
        })?);
    }
    if let Some(v) = raw.format {
        let line = line_of(text, v.span().start);
        config.format = Some(
            <Format as clap::ValueEnum>::from_str(v.get_ref().trim(), true).map_err(|_| {
                bad(
                    file,
                    line,
                    crate::tr!(
                        "format debe ser \"table\", \"json\" o \"csv\", no «{}»",
                        "format must be \"table\", \"json\" or \"csv\", not '{}'",
                        crate::text::shown(v.get_ref(), 20)
                    ),
                )
            })?,
        );
    }
    if let Some(v) = raw.database {
        let line = line_of(text, v.span().start);
        config.database = Some(database(v.get_ref()).map_err(|problem| bad(file, line, problem))?);
    }
    Ok(config)
}

/// A database value: a path (`~/` is the home folder) or a PostgreSQL URL that carries no
/// password (the file is readable by whoever uses the desk: a password belongs in `~/.pgpass`).
fn database(value: &str) -> Result<PathBuf, Text> {
    let value = value.trim();
    if value.is_empty() {
        return Err(Text::new("database está vacío", "database is empty"));
    }
    if let Some((scheme, rest)) = value.split_once("://") {
        if !matches!(scheme, "postgres" | "postgresql") {
            return Err(crate::tr!(
                "database es una ruta de archivo o una URL postgresql://, no «{}://»",
                "database is a file path or a postgresql:// URL, not '{}://'",
                crate::text::shown(scheme, 20)
            ));
        }
        let authority = rest.split(['/', '?']).next().unwrap_or("");
        let user_info = authority.rsplit_once('@').map(|(u, _)| u);
        let query = rest.split_once('?').map_or("", |(_, q)| q);
        let password_in_query = query.split('&').any(|kv| {
            kv.split('=')
                .next()
                .is_some_and(|k| k.eq_ignore_ascii_case("password"))
        });
        if user_info.is_some_and(|u| u.contains(':')) || password_in_query {
            return Err(Text::new(
                "la URL de database lleva una contraseña; quítela de la URL y póngala en ~/.pgpass (o PGPASSFILE), que solo usted puede leer",
                "the database URL carries a password; remove it from the URL and put it in ~/.pgpass (or PGPASSFILE), readable only by you",
            ));
        }
        return Ok(PathBuf::from(value));
    }
    match value.strip_prefix("~/") {
        Some(rest) => Ok(dirs::home_dir().map_or_else(|| PathBuf::from(value), |h| h.join(rest))),
        None => Ok(PathBuf::from(value)),
    }
}

/// 1-based line of the byte offset `at` in `text`.
fn line_of(text: &str, at: usize) -> usize {
    let at = at.min(text.len());
    text.as_bytes()[..at].iter().filter(|&&b| b == b'\n').count() + 1
}

fn bad(file: &Path, line: usize, problem: Text) -> AppError {
    AppError::invalid(Text::owned(
        format!(
            "El archivo de configuración {}, línea {line}, no es válido: {}.",
            file.display(),
            problem.get(Lang::Es)
        ),
        format!(
            "The config file {}, line {line}, is not valid: {}.",
            file.display(),
            problem.get(Lang::En)
        ),
    ))
    .with_hint(Text::new(
        "Corríjalo o bórrelo; vea la sección «Config file» del README.",
        "Fix it or delete it; see \"Config file\" in the README.",
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(text: &str) -> Result<Config, String> {
        parse(text, Path::new("/etc/x/config.toml")).map_err(|e| e.message(Lang::En).to_string())
    }

    #[test]
    fn a_good_file_and_an_empty_one() {
        assert_eq!(check("").unwrap(), Config::default());
        assert_eq!(
            check("# desk 2\ndatabase = \"/srv/clinica/saludya.db\"\nlanguage = \"en\"\nformat = \"json\"\n")
                .unwrap(),
            Config {
                database: Some(PathBuf::from("/srv/clinica/saludya.db")),
                language: Some(Lang::En),
                format: Some(Format::Json),
            }
        );
        assert_eq!(
            check("database = \"postgresql://recepcion@db.clinica.local:5432/clinica?sslmode=require\"")
                .unwrap()
                .database,
            Some(PathBuf::from(
                "postgresql://recepcion@db.clinica.local:5432/clinica?sslmode=require"
            ))
        );
    }

    #[test]
    fn every_problem_names_the_file_and_its_line() {
        for (text, line, says) in [
            ("language = \"es\"\nformat = \"xml\"\n", 2, "format must be"),
            ("\n\nlanguage = \"fr\"", 3, "language must be"),
            ("format = table\n", 1, "keys: database"),
            ("language = \"es\"\ncolour = \"red\"\n", 2, "unknown field"),
            ("database = \"\"\n", 1, "database is empty"),
            ("language = \"es\"\nlanguage = \"en\"\n", 2, "duplicate key"),
            ("database = \"mysql://x@y/z\"", 1, "not 'mysql://'"),
            // The schemes the PostgreSQL door knows, spelt as it spells them.
            ("database = \"POSTGRESQL://x@y/z\"", 1, "not 'POSTGRESQL://'"),
            ("database = 12\n", 1, "invalid type"),
        ] {
            let err = check(text).unwrap_err();
            assert!(
                err.starts_with(&format!(
                    "The config file /etc/x/config.toml, line {line}, is not valid: "
                )),
                "{text:?}: {err}"
            );
            assert!(err.contains(says), "{text:?}: {err}");
        }
    }

    #[test]
    fn a_database_url_with_a_password_is_refused() {
        for url in [
            "postgresql://recepcion:secreto@db/clinica",
            "postgres://recepcion:@db/clinica",
            "postgresql://db/clinica?user=recepcion&password=secreto",
        ] {
            let err = check(&format!("format = \"csv\"\ndatabase = \"{url}\"\n")).unwrap_err();
            assert!(err.contains("line 2"), "{err}");
            assert!(err.contains("carries a password"), "{err}");
            assert!(!err.contains("secreto"), "the password is never repeated: {err}");
        }
        // An @ in the path part is not a password.
        assert!(check("database = \"postgresql://recepcion@db/clinica\"").is_ok());
    }
}
