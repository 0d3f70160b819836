//! PostgreSQL: the connection string, where its password comes from, and the schema.
//!
//! The password never travels in the connection string (that is an argument or an
//! environment variable other users may see in `ps` or a shell history): it comes from
//! `PGPASSWORD`, from the libpq password file (`PGPASSFILE` or `~/.pgpass`, ignored unless it
//! is private to its owner, as libpq does), or from the hidden prompt the front end offers.

use std::path::PathBuf;
use std::str::FromStr;
use std::time::Duration;

use zeroize::Zeroizing;

use super::door::Db;
use super::error::{Error, ErrorKind};

/// True when `db` names a PostgreSQL database rather than a file.
pub fn is_url(db: &str) -> bool {
    db.starts_with("postgres://") || db.starts_with("postgresql://")
}

/// How long to wait for the server to answer before saying it cannot be reached.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// Why a PostgreSQL database could not be opened, with what the user can do about it.
#[derive(Debug)]
pub enum ConnectError {
    /// The connection string cannot be read.
    BadUrl(String),
    /// The connection string carries a password.
    PasswordInUrl,
    /// `sslmode=require` asked for TLS, which this build does not speak.
    TlsUnsupported,
    /// Nobody answered, the server refused, or the connection dropped.
    Unreachable { target: String, reason: String },
    /// The server refused the user or the password.
    Refused { target: String, reason: String },
    /// The server wants a password and none was found.
    PasswordNeeded { target: String },
    Other(Error),
}

/// `backup`/`restore`/`check` work on the SQLite file; a PostgreSQL clinic is backed up by the
/// server's own tools.
pub fn no_file_backup() -> crate::error::AppError {
    crate::error::AppError::invalid(crate::i18n::Text::new(
        "Esta clínica está en PostgreSQL: `saludya backup`, `restore` y `check` trabajan con el archivo SQLite.",
        "This clinic is on PostgreSQL: `saludya backup`, `restore` and `check` work on the SQLite file.",
    ))
    .with_hint(crate::i18n::Text::new(
        "Copie la base con `pg_dump -Fc -f clinica.dump BASE` y restáurela con `pg_restore -d BASE clinica.dump`; o pásela a un archivo con `saludya db copy --from URL --to clinica.db`.",
        "Back it up with `pg_dump -Fc -f clinic.dump DBNAME` and restore it with `pg_restore -d DBNAME clinic.dump`; or move it to a file with `saludya db copy --from URL --to clinic.db`.",
    ))
}

/// What the user typed, shown without any password: `user@host:port/dbname`.
pub fn describe(config: &postgres::Config) -> String {
    let host = config
        .get_hosts()
        .first()
        .map(|h| match h {
            postgres::config::Host::Tcp(name) => name.clone(),
            postgres::config::Host::Unix(path) => path.display().to_string(),
        })
        .unwrap_or_else(|| "localhost".into());
    let port = config.get_ports().first().copied().unwrap_or(5432);
    format!(
        "{}@{host}:{port}/{}",
        config.get_user().unwrap_or("?"),
        config.get_dbname().unwrap_or("?")
    )
}

/// Reads a connection string, fills in what libpq would (the user from `PGUSER` or the login
/// name, the database from the user) and refuses a string that carries a password.
pub fn parse(url: &str) -> Result<postgres::Config, ConnectError> {
    let mut config = postgres::Config::from_str(url).map_err(|e| ConnectError::BadUrl(e.to_string()))?;
    if config.get_password().is_some() {
        return Err(ConnectError::PasswordInUrl);
    }
    if config.get_ssl_mode() == postgres::config::SslMode::Require {
        return Err(ConnectError::TlsUnsupported);
    }
    if config.get_user().is_none() {
        let user = std::env::var("PGUSER")
            .ok()
            .filter(|u| !u.is_empty())
            .or_else(|| std::env::var("USER").ok().filter(|u| !u.is_empty()))
            .unwrap_or_else(|| "postgres".into());
        config.user(&user);
    }
    if config.get_dbname().is_none() {
        let user = config.get_user().unwrap_or("postgres").to_owned();
        config.dbname(&user);
    }
    if config.get_hosts().is_empty() {
        config.host(&std::env::var("PGHOST").unwrap_or_else(|_| "localhost".into()));
    }
    config.connect_timeout(CONNECT_TIMEOUT);
    config.application_name("saludya");
    Ok(config)
}

/// Connects, taking the password from `PGPASSWORD`, the password file, or (when the server
/// asks for one and none was found) `prompt`, which the front end answers from a hidden prompt
/// or not at all.
pub fn connect(url: &str, prompt: &dyn Fn(&str) -> Option<Zeroizing<String>>) -> Result<Db, ConnectError> {
    let mut config = parse(url)?;
    let target = describe(&config);
    let from_env = std::env::var("PGPASSWORD").ok().filter(|p| !p.is_empty());
    if let Some(password) = from_env.map(Zeroizing::new).or_else(|| password_from_file(&config)) {
        config.password(password.as_bytes());
    }
    match config.connect(postgres::NoTls) {
        Ok(client) => Ok(Db::from_postgres(client)),
        Err(e) if config.get_password().is_none() && asks_for_password(&e) => {
            let Some(password) = prompt(&target) else {
                return Err(ConnectError::PasswordNeeded { target });
            };
            config.password(password.as_bytes());
            config
                .connect(postgres::NoTls)
                .map(Db::from_postgres)
                .map_err(|e| classify(e, target))
        }
        Err(e) => Err(classify(e, target)),
    }
}

fn asks_for_password(e: &postgres::Error) -> bool {
    // tokio-postgres reports a server's password request with no password configured as a
    // configuration error ("password missing").
    e.to_string().contains("password missing")
}

fn classify(e: postgres::Error, target: String) -> ConnectError {
    let e = Error::from(e);
    match e.kind {
        ErrorKind::Authentication => ConnectError::Refused { target, reason: e.message().to_owned() },
        ErrorKind::Connection => ConnectError::Unreachable { target, reason: e.message().to_owned() },
        _ if e.message().contains("does not exist") => {
            ConnectError::Refused { target, reason: e.message().to_owned() }
        }
        _ => ConnectError::Unreachable { target, reason: e.message().to_owned() },
    }
}

/// The libpq password file: `PGPASSFILE`, else `~/.pgpass`.
fn password_file() -> Option<PathBuf> {
    std::env::var_os("PGPASSFILE")
        .map(PathBuf::from)
        .or_else(|| dirs::home_dir().map(|h| h.join(".pgpass")))
}

fn password_from_file(config: &postgres::Config) -> Option<Zeroizing<String>> {
    let path = password_file()?;
    // libpq ignores a password file that others may read; so do we.
    if super::files::group_or_world_accessible(&path) {
        return None;
    }
    let text = Zeroizing::new(std::fs::read_to_string(&path).ok()?);
    let host = match config.get_hosts().first() {
        Some(postgres::config::Host::Tcp(name)) => name.clone(),
        // libpq matches a socket connection against "localhost" (or the socket's path).
        Some(postgres::config::Host::Unix(_)) | None => "localhost".into(),
    };
    let port = config.get_ports().first().copied().unwrap_or(5432).to_string();
    let wanted = [
        host.as_str(),
        port.as_str(),
        config.get_dbname().unwrap_or(""),
        config.get_user().unwrap_or(""),
    ];
    pgpass_lookup(&text, wanted)
}

/// The password of the first line of a `.pgpass` text whose four fields match `wanted`
/// (host, port, database, user); `*` matches anything, `\:` and `\\` are a literal colon and
/// backslash, and `#` starts a comment line.
pub fn pgpass_lookup(text: &str, wanted: [&str; 4]) -> Option<Zeroizing<String>> {
    for line in text.lines() {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let fields = split_pgpass_line(line);
        let [host, port, db, user, password] = fields.as_slice() else {
            continue;
        };
        let matches = [host, port, db, user]
            .iter()
            .zip(wanted)
            .all(|(field, want)| field.as_str() == "*" || field.as_str() == want);
        if matches {
            return Some(Zeroizing::new(password.to_string()));
        }
    }
    None
}

fn split_pgpass_line(line: &str) -> Vec<Zeroizing<String>> {
    let mut fields = vec![Zeroizing::new(String::new())];
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                if let Some(next) = chars.next()
                    && let Some(last) = fields.last_mut()
                {
                    last.push(next);
                }
            }
            ':' if fields.len() < 5 => fields.push(Zeroizing::new(String::new())),
            c => {
                if let Some(last) = fields.last_mut() {
                    last.push(c);
                }
            }
        }
    }
    fields
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pgpass_matches_fields_with_wildcards_and_escapes() {
        let text = "# desk PCs\n\
                    db.clinic:5432:saludya:recepcion:first\\:pass\n\
                    *:*:*:admin:back\\\\slash\n";
        let found = |w| pgpass_lookup(text, w).map(|p| p.to_string());
        assert_eq!(found(["db.clinic", "5432", "saludya", "recepcion"]).as_deref(), Some("first:pass"));
        assert_eq!(found(["other", "6543", "x", "admin"]).as_deref(), Some("back\\slash"));
        assert_eq!(found(["db.clinic", "5433", "saludya", "recepcion"]), None);
    }

    #[test]
    fn a_connection_string_with_a_password_is_refused() {
        assert!(matches!(
            parse("postgres://recepcion:secret@db.clinic/saludya"),
            Err(ConnectError::PasswordInUrl)
        ));
    }

    #[test]
    fn user_database_and_host_default_as_libpq_does() {
        let config = parse("postgres://recepcion@db.clinic").unwrap();
        assert_eq!(describe(&config), "recepcion@db.clinic:5432/recepcion");
        let config = parse("postgresql://ana@db.clinic:6543/saludya").unwrap();
        assert_eq!(describe(&config), "ana@db.clinic:6543/saludya");
    }

    #[test]
    fn only_postgres_urls_select_the_engine() {
        assert!(is_url("postgres://x@y/z"));
        assert!(is_url("postgresql://x@y/z"));
        assert!(!is_url("clinic.db"));
        assert!(!is_url("/home/ana/postgres/clinic.db"));
    }
}
