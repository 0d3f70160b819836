//! The one way to open the database: parent directory, pragmas (foreign keys, WAL read back and
//! checked, `synchronous=FULL`, busy timeout), embedded migrations. Tests use the same path
//! through [`open_in_memory`].

use std::path::{Path, PathBuf};
use std::time::Duration;

#[cfg(test)]
use rusqlite::TransactionBehavior;
use rusqlite::{Connection, OpenFlags};

use crate::error::{AppError, AppResult};
use crate::i18n::Text;
use crate::tr;

pub mod backup;
mod conditions;
pub mod copy;
mod door;
mod error;
pub mod files;
pub mod postgres;
mod tls;
mod value;

pub use door::{
    ColumnIndex, Db, Engine, OptionalExt, Params, ParamsFromIter, Row, Stmt, Tx, TxStmt, params_from_iter,
};

/// A storage result.
pub type Result<T, E = Error> = std::result::Result<T, E>;
pub use conditions::Conditions;
pub use error::{Error, ErrorKind};
pub use value::{Cell, FromColumn, OwnedCell, ToValue, Value, wrong_type};

mod embedded {
    refinery::embed_migrations!("migrations");
}

pub(crate) mod embedded_postgres {
    refinery::embed_migrations!("migrations-postgres");
}

/// How long a writer waits for another desk's transaction before giving up. Bookings are
/// milliseconds long, so this only runs out when something is badly wrong.
const BUSY_TIMEOUT: Duration = Duration::from_secs(30);

/// Opens an existing database, migrating it to this version's schema. Only a SaludYa database
/// is opened: a missing path is "not found", a folder cannot be opened, and an empty file, a device node or an
/// SQLite file of another program is refused untouched (only [`create`] makes a database).
pub fn open(path: &Path) -> AppResult<Db> {
    open_with(path, &postgres::no_prompt)
}

/// True when `location` (what `--db` names) is a PostgreSQL connection string, not a file.
pub fn is_postgres(location: &Path) -> bool {
    postgres::is_url(&location.to_string_lossy())
}

/// [`open`], asking `prompt` for a PostgreSQL password when the server wants one and none is
/// kept in `PGPASSWORD` or the password file.
pub fn open_with(path: &Path, prompt: &postgres::Prompt<'_>) -> AppResult<Db> {
    if is_postgres(path) {
        let url = path.to_string_lossy();
        return match HELD_POSTGRES.with_borrow(|held| {
            held.as_ref()
                .filter(|h| h.0 == url)
                .map(|h| h.1.as_ref().and_then(door::HeldPg::lend))
        }) {
            Some(Some(lent)) => postgres::check_lent(lent, &url),
            Some(None) => {
                let db = postgres::open(&url, prompt, postgres::Mode::Open)?;
                HELD_POSTGRES.with_borrow_mut(|held| {
                    if let Some((_, slot @ None)) = held {
                        *slot = db.hold_postgres();
                    }
                });
                Ok(db)
            }
            None => postgres::open(&url, prompt, postgres::Mode::Open),
        };
    }
    open_file(path)
}

thread_local! {
    /// The PostgreSQL database a `saludya batch` holds open ([`hold_open`]): its URL as given
    /// and, once a command has opened it, its connection.
    static HELD_POSTGRES: std::cell::RefCell<Option<(String, Option<door::HeldPg>)>> =
        const { std::cell::RefCell::new(None) };
}

/// The SQLite file this process holds open for its whole life (`saludya batch`), canonical.
static HELD: std::sync::Mutex<Option<PathBuf>> = std::sync::Mutex::new(None);
/// Its connection between two commands.
static PARKED: std::sync::Mutex<Option<Connection>> = std::sync::Mutex::new(None);

/// The held file open for the life of the value: its one connection is parked between uses
/// instead of closed, so every command of a `saludya batch` reuses it — the schema SQLite read
/// and the statements it compiled — and no close checkpoints and deletes the `-wal` between
/// two commands. While it lives a `-wal` beside the file is this process's own, not a crash's:
/// opening the file skips the crash check, and `restore` refuses (it would swap the file under
/// the connection). Dropping it closes the connection, the last one: the log is checkpointed
/// and removed as after any command.
///
/// On PostgreSQL the held connection is lent to each command (the connection, its TLS session
/// and authentication, and the statements it has prepared: a line of the counter flow took
/// ~15 ms with a new connection each), and checked again like a new one each time (the schema
/// version: another desk may have migrated the database since).
pub struct Held(());

impl Drop for Held {
    fn drop(&mut self) {
        *HELD.lock().unwrap_or_else(|e| e.into_inner()) = None;
        let parked = PARKED.lock().unwrap_or_else(|e| e.into_inner()).take();
        drop(parked);
        drop(HELD_POSTGRES.take());
    }
}

/// Opens `path` (a SQLite file or a PostgreSQL URL) and holds it open: see [`Held`].
pub fn hold_open(path: &Path) -> AppResult<Held> {
    if is_postgres(path) {
        // Nothing to open yet: the first command that opens it leaves its connection here (a
        // server that cannot be reached is then tried once per command, not twice).
        HELD_POSTGRES.set(Some((path.to_string_lossy().into_owned(), None)));
        return Ok(Held(()));
    }
    let db = open_file(path)?;
    *HELD.lock().unwrap_or_else(|e| e.into_inner()) = std::fs::canonicalize(path).ok();
    drop(db);
    Ok(Held(()))
}

/// Whether this process holds `path` open ([`hold_open`]).
pub fn held_by_this_process(path: &Path) -> bool {
    let held = HELD.lock().unwrap_or_else(|e| e.into_inner());
    held.is_some() && held.as_deref() == std::fs::canonicalize(path).ok().as_deref()
}

/// Whether a closing connection should be parked: it is to the held file, no transaction is
/// open, and no other is parked.
fn parking(conn: &Connection) -> bool {
    conn.is_autocommit()
        && PARKED.lock().unwrap_or_else(|e| e.into_inner()).is_none()
        && conn.path().is_some_and(|p| held_by_this_process(Path::new(p)))
}

fn park(conn: Connection) {
    *PARKED.lock().unwrap_or_else(|e| e.into_inner()) = Some(conn);
}

fn open_file(path: &Path) -> AppResult<Db> {
    if held_by_this_process(path)
        && let Some(conn) = PARKED.lock().unwrap_or_else(|e| e.into_inner()).take()
    {
        return Ok(Db::from_sqlite(conn));
    }
    let meta = match std::fs::metadata(path) {
        Ok(m) => m,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Err(AppError::not_found(tr!(
                "No existe la base de datos {path}",
                "The database {path} does not exist",
                path = path.display()
            ))
            .with_hint(Text::new(
                "Para empezar: `saludya demo` (una base de demostración para probar) o `saludya init --admin-email CORREO` (la base de la clínica); o indique otra con --db.",
                "To start: `saludya demo` (a demo database to try it) or `saludya init --admin-email EMAIL` (the clinic's database); or point --db at another one.",
            )));
        }
        Err(e) => return Err(files::io_error(e, path)),
    };
    if meta.is_dir() {
        return Err(AppError::internal(tr!(
            "No se puede abrir la base de datos: {} es una carpeta.",
            "Cannot open the database: {} is a folder.",
            path.display()
        )));
    }
    if !meta.is_file() || meta.len() == 0 {
        return Err(not_a_database(path));
    }
    // A `-wal` left beside the file while no process has it open is what a crash or power cut
    // leaves: the file is checked before anything is written into it. (When this process holds
    // the file, the `-wal` is its own; and asking the locks would open and close the file,
    // which drops every POSIX lock this process holds on it.)
    let after_crash = !held_by_this_process(path)
        && std::fs::metadata(files::companion(path, "-wal")).is_ok_and(|m| m.len() > 0)
        && !backup::in_use_by_another_process(path);
    files::note_database_path(path);
    match open_read_write(path, after_crash) {
        Err(e) if e.kind == crate::error::Kind::Internal && files::disk_is_full(path) => {
            open_read_only_on_full_disk(path)
        }
        other => other,
    }
    .map(Db::from_sqlite)
}

fn open_read_write(path: &Path, after_crash: bool) -> AppResult<Connection> {
    // NO_MUTEX (rusqlite's own default): a Connection is never shared between threads (it is
    // !Sync), so SQLite's per-call mutex is pure overhead (~7% of a large export).
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    if !has_history(&conn)? {
        return Err(not_a_database(path));
    }
    if after_crash && let Some(problems) = backup::quick_check(&conn)? {
        return Err(backup::damaged(path, &problems));
    }
    prepare(conn, true)
}

/// On a full disk SQLite cannot even create the `-shm` it needs to read in WAL mode ("disk I/O
/// error"). When every committed change is in the main file (no `-wal`, or an empty one), the
/// file is opened read-only and immutable, so listings, searches and backups to another disk
/// still work; any write then says "the disk is full" with the path. Otherwise (changes still
/// in the `-wal`, or a schema to migrate) the command stops with that message.
fn open_read_only_on_full_disk(path: &Path) -> AppResult<Connection> {
    let wal_has_data = std::fs::metadata(files::companion(path, "-wal")).is_ok_and(|m| m.len() > 0);
    if wal_has_data {
        return Err(files::disk_full(Some(path)));
    }
    let uri = format!("file:{}?immutable=1", files::uri_path(path));
    let conn = Connection::open_with_flags(
        uri,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_URI | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(|_| files::disk_full(Some(path)))?;
    let current =
        has_history(&conn).unwrap_or(false) && stored_schema_version(&conn).unwrap_or(0) == schema_version();
    if !current {
        return Err(files::disk_full(Some(path)));
    }
    conn.pragma_update(None, "foreign_keys", "ON")?;
    files::note_read_only_fallback();
    Ok(conn)
}

fn not_a_database(path: &Path) -> AppError {
    AppError::invalid(tr!(
        "{path} no es una base de datos de SaludYa (está vacío, es de otro tipo o de otro programa); no se tocó.",
        "{path} is not a SaludYa database (it is empty, not a regular file, or another program's); it was not touched.",
        path = path.display()
    ))
    .with_hint(Text::new(
        "Revise --db; solo `saludya init` y `saludya demo` crean una base, y solo donde no hay nada.",
        "Check --db; only `saludya init` and `saludya demo` create a database, and only where nothing exists.",
    ))
}

/// Creates the database where nothing exists (not even an empty file, or a stale `-wal` from
/// another database), then opens it. A missing parent directory is created 0700, the file
/// 0600 from the start (SQLite gives its `-wal` and `-shm` the database file's mode), so no
/// other local user can read patients' data at any moment.
pub fn create(path: &Path) -> AppResult<Db> {
    create_with(path, &postgres::no_prompt)
}

/// [`create`], on PostgreSQL in an empty database (asking `prompt` for a password as
/// [`open_with`] does).
pub fn create_with(path: &Path, prompt: &postgres::Prompt<'_>) -> AppResult<Db> {
    if is_postgres(path) {
        return postgres::open(&path.to_string_lossy(), prompt, postgres::Mode::Create);
    }
    create_file(path)
}

/// The database at `path` when there is one (a file there; on PostgreSQL, a SaludYa schema),
/// else a new one where nothing exists ([`create_with`]): the demo's way in. True when it was
/// created.
pub fn open_or_create_with(path: &Path, prompt: &postgres::Prompt<'_>) -> AppResult<(Db, bool)> {
    if is_postgres(path) {
        return postgres::open_or_create(&path.to_string_lossy(), prompt);
    }
    if std::fs::symlink_metadata(path).is_ok() {
        Ok((open_file(path)?, false))
    } else {
        Ok((create_file(path)?, true))
    }
}

fn create_file(path: &Path) -> AppResult<Db> {
    if let Some(parent) = path.parent()
        && !parent.as_os_str().is_empty()
    {
        files::create_private_dir_all(parent)?;
    }
    for companion in [files::companion(path, "-wal"), files::companion(path, "-shm")] {
        if std::fs::symlink_metadata(&companion).is_ok() {
            return Err(AppError::conflict(tr!(
                "Junto a {} quedó {} de otra base; no se crea una base nueva encima.",
                "{} has a leftover {} beside it from another database; no new database is created over it.",
                path.display(),
                companion.display()
            )));
        }
    }
    files::create_private_file(path).map_err(|e| {
        if e.kind() == std::io::ErrorKind::AlreadyExists {
            AppError::conflict(tr!(
                "{} ya existe; solo se crea una base donde no hay nada.",
                "{} already exists; a database is created only where nothing exists.",
                path.display()
            ))
        } else {
            files::io_error(e, path)
        }
    })?;
    files::note_database_path(path);
    let conn = Connection::open(path)?;
    prepare(conn, true).map(Db::from_sqlite)
}

/// True when users other than the owner may read (or write) the database file.
pub fn readable_by_others(path: &Path) -> bool {
    files::group_or_world_accessible(path)
}

/// A fresh, migrated in-memory database (tests, `orient --no-store` needs none).
pub fn open_in_memory() -> AppResult<Db> {
    prepare(Connection::open_in_memory()?, false).map(Db::from_sqlite)
}

/// Compiled statements one connection keeps (see [`prepare`]).
const STATEMENT_CACHE: usize = 256;

fn prepare(mut conn: Connection, on_disk: bool) -> AppResult<Connection> {
    conn.busy_timeout(BUSY_TIMEOUT)?;
    // Every statement a command prepares stays compiled for the connection's life (rusqlite
    // keeps 16): a `batch` parks one connection between its commands, and its eight-command
    // counter flow prepares ~40 distinct statements, several of them (the session check, the
    // clinic settings) in every command; with 16 they were evicted before their next use.
    conn.set_prepared_statement_cache_capacity(STATEMENT_CACHE);
    conn.pragma_update(None, "foreign_keys", "ON")?;
    if on_disk {
        let mode: String = conn.pragma_update_and_check(None, "journal_mode", "WAL", |r| r.get(0))?;
        if !mode.eq_ignore_ascii_case("wal") {
            return Err(AppError::internal(tr!(
                "No se pudo activar el modo WAL (la base quedó en «{mode}»)",
                "Could not enable WAL mode (the database is in '{mode}')"
            )));
        }
    }
    // Payments must survive a power cut.
    conn.pragma_update(None, "synchronous", "FULL")?;
    // One query decides: an up-to-date database (every command but the first after an upgrade)
    // skips the migration runner, which parses every embedded migration's name with a regex.
    let stored = stored_schema_version(&conn)?;
    if stored != schema_version() {
        check_not_newer(stored)?;
        embedded::migrations::runner()
            .run(&mut conn)
            .map_err(|e| AppError::internal(tr!("Falló la migración: {e}", "Migration failed: {e}")))?;
    }
    Ok(conn)
}

mod schema {
    include!(concat!(env!("OUT_DIR"), "/schema.rs"));
}

/// Newest migration this binary knows (counted from `migrations/` at build time).
pub fn schema_version() -> i64 {
    schema::LATEST
}

/// Refuses a database migrated by a newer SaludYa (`db_version`, read by the caller), before
/// touching it.
pub(crate) fn check_not_newer(db_version: i64) -> AppResult<()> {
    let ours = schema_version();
    if db_version > ours {
        return Err(AppError::internal(tr!(
            "La base de datos fue creada por una versión más nueva de SaludYa (esquema {db_version}, esta versión conoce hasta {ours}).",
            "The database was created by a newer SaludYa (schema {db_version}; this version knows up to {ours})."
        ))
        .with_hint(Text::new(
            "Actualice SaludYa; no se modificó nada.",
            "Upgrade SaludYa; nothing was changed.",
        )));
    }
    Ok(())
}

/// True when the file holds SaludYa's migration history.
pub(crate) fn has_history(conn: &Connection) -> rusqlite::Result<bool> {
    conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'refinery_schema_history')",
        [],
        |r| r.get(0),
    )
}

/// The schema version a database was migrated to (0 without a migration history).
pub(crate) fn stored_schema_version(conn: &Connection) -> rusqlite::Result<i64> {
    if !has_history(conn)? {
        return Ok(0);
    }
    conn.query_row(
        "SELECT COALESCE(MAX(version), 0) FROM refinery_schema_history",
        [],
        |r| r.get(0),
    )
}

/// Runs `f` in a write transaction ([`Db::write`]): commits when `f` returns `Ok`, rolls back
/// otherwise.
pub fn write<T>(db: &Db, f: impl FnMut(&Tx<'_>) -> AppResult<T>) -> AppResult<T> {
    db.write(f)
}

/// [`write`] under its older name, for a domain's typed error (`AppointmentError`...), which
/// reaches the caller intact so that the front end can tell the cases apart.
pub fn write_typed<T, E: From<Error>>(db: &Db, f: impl FnMut(&Tx<'_>) -> Result<T, E>) -> Result<T, E> {
    db.write(f)
}

/// Resolves a full id or a unique id prefix (at least 6 characters) in `table` (a domain's own
/// table, passed by its storage code). `what` names the thing in messages ("paciente"/"patient").
pub fn resolve_id_prefix<Id: FromColumn + Clone>(
    conn: &Db,
    table: &str,
    input: &str,
    what: (&str, &str),
) -> AppResult<Id> {
    let prefix = input.trim().to_ascii_lowercase();
    let (what_es, what_en) = what;
    let shown = crate::text::shown(input, 40);
    if prefix.len() < 6 || !prefix.chars().all(|c| c.is_ascii_hexdigit() || c == '-') {
        return Err(AppError::invalid(tr!(
            "Identificador de {what_es} no válido: «{shown}» (use el id o al menos sus 6 primeros caracteres)",
            "Invalid {what_en} id: '{shown}' (use the id or at least its first 6 characters)"
        )));
    }
    let sql = format!("SELECT id FROM {table} WHERE id >= $1 AND id < $2 ORDER BY id LIMIT 2");
    let mut stmt = conn.prepare_cached(&sql)?;
    let ids = stmt
        .query_map(
            crate::params![prefix, crate::text::prefix_upper_bound(&prefix)],
            |r| r.get(0),
        )?
        .collect::<Result<Vec<Id>, _>>()?;
    match ids.as_slice() {
        [one] => Ok(one.clone()),
        [] => Err(AppError::not_found(tr!(
            "No existe {what_es} con id «{shown}».",
            "No {what_en} with id '{shown}'."
        ))),
        _ => Err(AppError::invalid(tr!(
            "El prefijo «{shown}» es ambiguo: coincide con más de un id de {what_es}.",
            "The prefix '{shown}' is ambiguous: it matches more than one {what_en}."
        ))
        .with_hint(Text::new(
            "Escriba más caracteres del id.",
            "Type more characters of the id.",
        ))),
    }
}

/// Default database location: the user's data directory.
pub fn default_path() -> PathBuf {
    dirs::data_dir()
        .unwrap_or_else(|| PathBuf::from("."))
        .join("saludya")
        .join("saludya.db")
}

/// Every table of ours, for the prefix rule test and `backup check`.
pub fn table_names(conn: &Db) -> AppResult<Vec<String>> {
    let mut stmt = conn.prepare(match conn.engine() {
        Engine::Sqlite => {
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
        }
        Engine::Postgres => {
            "SELECT CAST(table_name AS TEXT) FROM information_schema.tables WHERE table_schema = current_schema() ORDER BY 1"
        }
    })?;
    let names = stmt
        .query_map([], |r| r.get(0))?
        .collect::<Result<Vec<String>, _>>()?;
    Ok(names)
}

#[cfg(test)]
mod tests {
    use super::*;

    const PREFIXES: [&str; 8] = [
        "auth_",
        "user_",
        "catalog_",
        "appointment_",
        "ai_",
        "payment_",
        "waitlist_",
        "audit_",
    ];

    #[test]
    fn build_time_schema_version_is_the_newest_embedded_migration() {
        let newest = embedded::migrations::runner()
            .get_migrations()
            .iter()
            .map(|m| i64::from(m.version()))
            .max();
        assert_eq!(Some(schema_version()), newest);
    }

    #[test]
    fn postgresql_has_the_same_migrations_version_for_version() {
        let names = |runner: refinery::Runner| {
            runner
                .get_migrations()
                .iter()
                .map(|m| (m.version(), m.name().to_string()))
                .collect::<Vec<_>>()
        };
        let sqlite = names(embedded::migrations::runner());
        assert_eq!(sqlite, names(embedded_postgres::migrations::runner()));
        assert_eq!(sqlite.len(), schema_version() as usize);
    }

    #[test]
    fn an_up_to_date_database_records_the_newest_version() {
        let conn = open_in_memory().unwrap();
        assert_eq!(
            stored_schema_version(conn.sqlite().unwrap()).unwrap(),
            schema_version()
        );
    }

    #[test]
    fn every_table_carries_a_domain_prefix() {
        let conn = open_in_memory().unwrap();
        let tables = table_names(&conn).unwrap();
        assert!(tables.len() > 6, "{tables:?}");
        for t in tables {
            if t == "refinery_schema_history" {
                continue;
            }
            assert!(
                PREFIXES.iter().any(|p| t.starts_with(p)),
                "table {t} has no domain prefix"
            );
        }
    }

    #[test]
    fn on_disk_database_is_wal_with_foreign_keys() {
        let dir = tempfile::tempdir().unwrap();
        let db = create(&dir.path().join("sub/dir/x.db")).unwrap();
        let conn = db.sqlite().unwrap();
        let mode: String = conn.query_row("PRAGMA journal_mode", [], |r| r.get(0)).unwrap();
        assert_eq!(mode, "wal");
        let fk: i64 = conn.query_row("PRAGMA foreign_keys", [], |r| r.get(0)).unwrap();
        assert_eq!(fk, 1);
        let sync: i64 = conn.query_row("PRAGMA synchronous", [], |r| r.get(0)).unwrap();
        assert_eq!(sync, 2, "FULL");
    }

    #[test]
    fn a_database_from_a_newer_version_is_refused_untouched() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("x.db");
        drop(create(&path).unwrap());
        let conn = Connection::open(&path).unwrap();
        conn.execute(
            "INSERT INTO refinery_schema_history (version, name, applied_on, checksum) VALUES (9999, 'future', '2030-01-01', '0')",
            [],
        )
        .unwrap();
        drop(conn);
        let err = open(&path).unwrap_err();
        assert_eq!(err.kind, crate::error::Kind::Internal);
        assert!(err.detail.en.contains("newer"), "{}", err.detail.en);
    }

    #[test]
    fn a_write_lock_held_past_the_busy_timeout_is_a_retryable_conflict() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("x.db");
        drop(create(&path).unwrap());
        let mut other_desk = Connection::open(&path).unwrap();
        let holding = other_desk
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .unwrap();
        let conn = open(&path).unwrap();
        conn.sqlite()
            .unwrap()
            .busy_timeout(Duration::from_millis(20))
            .unwrap();
        let err = write(&conn, |tx| {
            tx.execute("DELETE FROM auth_login_attempts", [])?;
            Ok(())
        })
        .unwrap_err();
        assert_eq!(err.kind, crate::error::Kind::Conflict, "{}", err.detail.en);
        assert_eq!(err.detail.en, "Another desk is busy, try again.");
        drop(holding);
    }

    #[test]
    fn a_missing_database_is_not_found() {
        let err = open(Path::new("/nonexistent/dir/saludya.db")).unwrap_err();
        assert_eq!(err.kind, crate::error::Kind::NotFound);
    }

    #[test]
    fn ambiguous_prefix_message_is_grammatical_for_feminine_nouns() {
        let conn = Db::from_sqlite(Connection::open_in_memory().unwrap());
        conn.sqlite()
            .unwrap()
            .execute_batch(
                "CREATE TABLE things (id TEXT PRIMARY KEY);
             INSERT INTO things VALUES ('01a2189d-0000-7000-8000-000000000001'),
                                       ('01a2189d-0000-7000-8000-000000000002');",
            )
            .unwrap();
        let err =
            resolve_id_prefix::<String>(&conn, "things", "01a2189d", ("cita", "appointment")).unwrap_err();
        assert_eq!(err.kind, crate::error::Kind::Invalid);
        let es = err.message(crate::i18n::Lang::Es);
        assert!(es.contains("más de un id de cita"), "{es}");
        assert!(!es.contains("un cita"), "{es}");
        let one = resolve_id_prefix::<String>(
            &conn,
            "things",
            "01a2189d-0000-7000-8000-000000000002",
            ("cita", "appointment"),
        );
        assert_eq!(one.unwrap(), "01a2189d-0000-7000-8000-000000000002");
    }
}
