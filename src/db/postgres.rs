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
use crate::error::{AppError, AppResult};
use crate::i18n::Text;
use crate::tr;

/// True when `db` names a PostgreSQL database rather than a file.
pub fn is_url(db: &str) -> bool {
    db.starts_with("postgres://") || db.starts_with("postgresql://")
}

/// Asks for the password of `user@host:port/dbname` (the front end's hidden prompt); `None`
/// when there is no one to ask.
pub type Prompt<'a> = dyn Fn(&str) -> Option<Zeroizing<String>> + 'a;

/// The prompt of a program that cannot ask (tests, scripts without a terminal).
pub fn no_prompt(_: &str) -> Option<Zeroizing<String>> {
    None
}

/// What [`open`] is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// An existing SaludYa database (migrated to this version's schema when older).
    Open,
    /// `init`: an empty database, where the schema is created.
    Create,
}

/// Arbitrary, fixed: the advisory lock two desks take so that only one migrates at a time.
const MIGRATION_LOCK: i64 = 0x5a1d_7a00;

/// Connects to a PostgreSQL database and brings its schema to this version's, the way
/// [`super::open`] does for a file: only a SaludYa database is opened, a newer one is refused
/// untouched, and only `Mode::Create` creates the schema, in an empty database.
pub fn open(url: &str, prompt: &Prompt<'_>, mode: Mode) -> AppResult<Db> {
    let db = connect(url, prompt).map_err(ConnectError::into_app)?;
    checked(db, url, mode)
}

/// A held connection lent to a command ([`super::hold_open`]), checked as [`open`] checks a new
/// one: another desk may have migrated the database since the last command.
pub fn check_lent(db: Db, url: &str) -> AppResult<Db> {
    checked(db, url, Mode::Open)
}

/// `db`, connected to `url`, once its schema version suits `mode` (migrated when older).
fn checked(db: Db, url: &str, mode: Mode) -> AppResult<Db> {
    let target = parse(url).map(|c| describe(&c)).unwrap_or_default();
    let version = stored_version(&db)?;
    prepare(db, version, mode, &target)
}

/// The SaludYa database there, or a new one in an empty database (the demo); true when created.
pub fn open_or_create(url: &str, prompt: &Prompt<'_>) -> AppResult<(Db, bool)> {
    let db = connect(url, prompt).map_err(ConnectError::into_app)?;
    let target = parse(url).map(|c| describe(&c)).unwrap_or_default();
    let version = stored_version(&db)?;
    let mode = if version > 0 { Mode::Open } else { Mode::Create };
    Ok((prepare(db, version, mode, &target)?, mode == Mode::Create))
}

fn prepare(db: Db, version: i64, mode: Mode, target: &str) -> AppResult<Db> {
    match mode {
        Mode::Create if version > 0 || table_count(&db)? > 0 => {
            return Err(AppError::conflict(tr!(
                "La base {target} no está vacía; solo se crea una base de SaludYa donde no hay nada.",
                "The database {target} is not empty; a SaludYa database is created only where nothing exists."
            ))
            .with_hint(Text::new(
                "Cree una base vacía (`createdb -O USUARIO saludya`) o abra esta sin `init`.",
                "Create an empty database (`createdb -O USER saludya`) or open this one without `init`.",
            )));
        }
        Mode::Open if version == 0 => {
            return Err(AppError::not_found(tr!(
                "La base {target} no tiene datos de SaludYa; no se tocó.",
                "The database {target} holds no SaludYa data; it was not touched."
            ))
            .with_hint(Text::new(
                "Para empezar en ella: `saludya init --db URL --admin-email CORREO`; para traer una clínica: `saludya db copy --from clinica.db --to URL`.",
                "To start in it: `saludya init --db URL --admin-email EMAIL`; to bring a clinic over: `saludya db copy --from clinic.db --to URL`.",
            )));
        }
        _ => {}
    }
    super::check_not_newer(version)?;
    if version != super::schema_version() {
        migrate(&db)?;
    }
    Ok(db)
}

fn stored_version(db: &Db) -> AppResult<i64> {
    let has_history: bool = db.query_one(
        "SELECT EXISTS (SELECT 1 FROM information_schema.tables
                         WHERE table_schema = current_schema() AND table_name = 'refinery_schema_history')",
        [],
    )?;
    if !has_history {
        return Ok(0);
    }
    Ok(db.query_one(
        "SELECT COALESCE(MAX(version), 0) FROM refinery_schema_history",
        [],
    )?)
}

fn table_count(db: &Db) -> AppResult<i64> {
    Ok(db.query_one(
        "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = current_schema()",
        [],
    )?)
}

/// Runs the migrations under an advisory lock, so that two desks starting the new version at
/// the same moment migrate once; the second finds the work done.
fn migrate(db: &Db) -> AppResult<()> {
    let failed = |e: String| AppError::internal(tr!("Falló la migración: {e}", "Migration failed: {e}"));
    db.with_postgres(|client| -> AppResult<()> {
        client
            .batch_execute(&format!("SELECT pg_advisory_lock({MIGRATION_LOCK})"))
            .map_err(|e| failed(e.to_string()))?;
        let outcome = super::embedded_postgres::migrations::runner()
            .run(client)
            .map(|_| ())
            .map_err(|e| failed(e.to_string()));
        let unlocked = client.batch_execute(&format!("SELECT pg_advisory_unlock({MIGRATION_LOCK})"));
        outcome?;
        unlocked.map_err(|e| failed(e.to_string()))
    })
    .unwrap_or(Ok(()))
}

impl ConnectError {
    /// The message, exit kind and advice for the user.
    pub fn into_app(self) -> AppError {
        match self {
            ConnectError::BadUrl(reason) => AppError::invalid(tr!(
                "No se entiende la dirección de PostgreSQL: {reason}",
                "The PostgreSQL address cannot be read: {reason}"
            ))
            .with_hint(Text::new(
                "La forma es postgres://USUARIO@SERVIDOR:5432/BASE (sin contraseña).",
                "Its form is postgres://USER@HOST:5432/DBNAME (with no password).",
            )),
            ConnectError::PasswordInUrl => AppError::invalid(Text::new(
                "La dirección de PostgreSQL lleva una contraseña; no se usa: quedaría a la vista en la lista de procesos y en el historial.",
                "The PostgreSQL address carries a password; it is not used: it would show in the process list and the shell history.",
            ))
            .with_hint(Text::new(
                "Quítela de la dirección y guárdela en ~/.pgpass (permisos 600) o en PGPASSWORD; o escríbala cuando se pida.",
                "Remove it from the address and keep it in ~/.pgpass (mode 600) or PGPASSWORD; or type it when asked.",
            )),
            ConnectError::Unreachable { target, reason } => AppError::internal(tr!(
                "No se pudo conectar con PostgreSQL en {target}: {reason}",
                "Could not connect to PostgreSQL at {target}: {reason}"
            ))
            .with_hint(Text::new(
                "Revise el servidor y el puerto de la dirección, que el servidor esté en marcha y que acepte conexiones de esta máquina (pg_hba.conf).",
                "Check the address's host and port, that the server is running, and that it accepts connections from this machine (pg_hba.conf).",
            )),
            ConnectError::Refused { target, reason } => AppError::unauthorized(tr!(
                "PostgreSQL rechazó la conexión a {target}: {reason}",
                "PostgreSQL refused the connection to {target}: {reason}"
            ))
            .with_hint(Text::new(
                "Revise el usuario, la base y la contraseña (~/.pgpass o PGPASSWORD).",
                "Check the user, the database and the password (~/.pgpass or PGPASSWORD).",
            )),
            ConnectError::PasswordNeeded { target } => AppError::unauthorized(tr!(
                "PostgreSQL pide una contraseña para {target} y no se encontró ninguna.",
                "PostgreSQL asks for a password for {target} and none was found."
            ))
            .with_hint(Text::new(
                "Guárdela en ~/.pgpass (permisos 600) o en PGPASSWORD, o ejecute el comando en una terminal para escribirla.",
                "Keep it in ~/.pgpass (mode 600) or PGPASSWORD, or run the command in a terminal to type it.",
            )),
            ConnectError::Other(e) => e.into(),
        }
    }
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
    /// Nobody answered, the server refused, or the connection dropped.
    Unreachable {
        target: String,
        reason: String,
    },
    /// The server refused the user or the password.
    Refused {
        target: String,
        reason: String,
    },
    /// The server wants a password and none was found.
    PasswordNeeded {
        target: String,
    },
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
    if config.get_connect_timeout().is_none() {
        config.connect_timeout(CONNECT_TIMEOUT);
    }
    config.application_name("saludya");
    Ok(config)
}

/// Connects, taking the password from `PGPASSWORD`, the password file, or (when the server
/// asks for one and none was found) `prompt`, which the front end answers from a hidden prompt
/// or not at all.
pub fn connect(url: &str, prompt: &Prompt<'_>) -> Result<Db, ConnectError> {
    let mut config = parse(url)?;
    let target = describe(&config);
    let from_env = std::env::var("PGPASSWORD").ok().filter(|p| !p.is_empty());
    if let Some(password) = from_env
        .map(Zeroizing::new)
        .or_else(|| password_from_file(&config))
    {
        config.password(password.as_bytes());
    }
    let with_reconnect = |client, config: postgres::Config| {
        let reconnect: super::door::Reconnect =
            Box::new(move || open_client(&config).map_err(|e| e.into_error()));
        Db::from_postgres(client, reconnect)
    };
    match open_client(&config) {
        Ok(client) => Ok(with_reconnect(client, config)),
        Err(Failed::Server(e)) if config.get_password().is_none() && asks_for_password(&e) => {
            let Some(password) = prompt(&target) else {
                return Err(ConnectError::PasswordNeeded { target });
            };
            config.password(password.as_bytes());
            match open_client(&config) {
                Ok(client) => Ok(with_reconnect(client, config)),
                Err(e) => Err(e.classify(target)),
            }
        }
        Err(e) => Err(e.classify(target)),
    }
}

/// Why a connection attempt failed.
enum Failed {
    Server(postgres::Error),
    /// The TLS client could not be set up (never tried in plain instead).
    Tls(rustls::Error),
}

impl Failed {
    fn into_error(self) -> Error {
        match self {
            Failed::Server(e) => e.into(),
            Failed::Tls(e) => Error::new(ErrorKind::Connection, format!("TLS: {e}")),
        }
    }

    fn classify(self, target: String) -> ConnectError {
        match self {
            Failed::Server(e) => classify(e, target),
            Failed::Tls(e) => ConnectError::Unreachable {
                target,
                reason: format!("TLS: {e}"),
            },
        }
    }
}

/// `sslmode=require`: TLS (see [`super::tls`]), never plain; `prefer` (the default) and
/// `disable`: plain (this build offers TLS only when it is asked for).
fn open_client(config: &postgres::Config) -> Result<postgres::Client, Failed> {
    if config.get_ssl_mode() == postgres::config::SslMode::Require {
        let tls = super::tls::require().map_err(Failed::Tls)?;
        return config.connect(tls).map_err(Failed::Server);
    }
    config.connect(postgres::NoTls).map_err(Failed::Server)
}

fn asks_for_password(e: &postgres::Error) -> bool {
    // tokio-postgres reports a server's password request with no password configured as a
    // configuration error ("password missing").
    let mut source: Option<&dyn std::error::Error> = Some(e);
    while let Some(err) = source {
        if err.to_string().contains("password missing") {
            return true;
        }
        source = err.source();
    }
    false
}

fn classify(e: postgres::Error, target: String) -> ConnectError {
    let e = Error::from(e);
    match e.kind {
        ErrorKind::Authentication => ConnectError::Refused {
            target,
            reason: e.message().to_owned(),
        },
        ErrorKind::Connection => ConnectError::Unreachable {
            target,
            reason: e.message().to_owned(),
        },
        _ if e.message().contains("does not exist") => ConnectError::Refused {
            target,
            reason: e.message().to_owned(),
        },
        _ => ConnectError::Unreachable {
            target,
            reason: e.message().to_owned(),
        },
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
        assert_eq!(
            found(["db.clinic", "5432", "saludya", "recepcion"]).as_deref(),
            Some("first:pass")
        );
        assert_eq!(
            found(["other", "6543", "x", "admin"]).as_deref(),
            Some("back\\slash")
        );
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
