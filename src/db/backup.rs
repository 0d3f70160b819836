//! Backups, inspection and restore of the database file: the only code besides [`super::open`]
//! that opens a database file, so the schema-version and integrity SQL exist once.
//!
//! - [`backup_to`]: `VACUUM INTO` a temporary file next to the target (created 0600, one
//!   consistent read transaction: other desks keep working), checked like [`check_file`],
//!   synced, then renamed over the target, so the target is never a half-written copy.
//! - [`check_file`]: integrity, foreign keys and schema version of a file, read-only.
//! - [`restore`]: checks the backup, refuses while another process has the database open, moves
//!   the old database and its `-wal`/`-shm` aside (kept, named by time), installs a copy
//!   atomically and verifies it. A stale `-wal` is never folded into the restored file.

use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use rusqlite::{Connection, OpenFlags};
use serde::Serialize;

use super::files::{self, companion};
use crate::error::{AppError, AppResult};
use crate::i18n::{Lang, Text};
use crate::tr;

/// What a check of a database file found.
#[derive(Debug, Serialize)]
pub struct CheckReport {
    pub file: String,
    pub ok: bool,
    pub size_bytes: u64,
    /// "ok" or the first problems `PRAGMA integrity_check` reported.
    pub integrity: String,
    pub foreign_key_violations: u64,
    pub schema_version: i64,
    /// The newest schema this SaludYa knows.
    pub app_schema_version: i64,
    pub tables: u64,
    /// Problems, in the language of the command; empty when ok.
    pub problems: Vec<String>,
}

/// What `restore` did.
#[derive(Debug, Serialize)]
pub struct RestoreReport {
    pub database: String,
    pub restored_from: String,
    /// Where the previous database and its `-wal`/`-shm` were moved (empty when there was none).
    pub moved_aside: Vec<String>,
    pub check: CheckReport,
}

fn same_file(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}

fn folder_of(path: &Path) -> PathBuf {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// A final name `--force` may replace: nothing there, or a regular file. A symlink, a device,
/// a FIFO or a folder is refused (exit 2) whatever `--force` says; an existing regular file
/// needs `force` (else exit 5).
pub fn check_target(target: &Path, force: bool) -> AppResult<()> {
    match std::fs::symlink_metadata(target) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(files::io_error(e, target)),
        Ok(meta) if !meta.file_type().is_file() => Err(AppError::invalid(tr!(
            "{} no es un archivo normal (es un enlace, un dispositivo o una carpeta): no se reemplaza, ni con --force.",
            "{} is not a regular file (it is a link, a device or a folder): it is not replaced, not even with --force.",
            target.display()
        ))
        .with_hint(Text::new(
            "Elija la ruta de un archivo normal.",
            "Choose the path of a regular file.",
        ))),
        Ok(_) if !force => Err(AppError::conflict(tr!(
            "{} ya existe; no se sobrescribe.",
            "{} already exists; it is not overwritten.",
            target.display()
        ))
        .with_hint(Text::new(
            "Elija otro nombre o agregue --force para reemplazarlo.",
            "Choose another name or add --force to replace it.",
        ))),
        Ok(_) => Ok(()),
    }
}

/// Writes a verified copy of the open database `conn` (at `db_path`) to `target`.
pub fn backup_to(
    conn: &Connection,
    db_path: &Path,
    target: &Path,
    force: bool,
    lang: Lang,
) -> AppResult<CheckReport> {
    backup_to_with(conn, db_path, target, force, lang, &crate::progress::Silent)
}

/// [`backup_to`], telling `progress` how many bytes of the copy are written (a watcher thread
/// reads the size of the growing file while `VACUUM INTO` runs, only when someone watches).
pub fn backup_to_with(
    conn: &Connection,
    db_path: &Path,
    target: &Path,
    force: bool,
    lang: Lang,
    progress: &dyn crate::progress::Progress,
) -> AppResult<CheckReport> {
    if same_file(target, db_path) {
        return Err(AppError::invalid(Text::new(
            "La copia no puede escribirse sobre la propia base de datos.",
            "The backup cannot be written over the database itself.",
        )));
    }
    check_target(target, force)?;
    // A copy of a damaged file could come out "sound" with rows missing: check the source.
    if let Some(problems) = quick_check(conn)? {
        return Err(damaged(db_path, &problems));
    }
    let dir = folder_of(target);
    if !dir.is_dir() {
        return Err(AppError::not_found(tr!(
            "No existe la carpeta {}.",
            "The folder {} does not exist.",
            dir.display()
        )));
    }
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "saludya-backup.db".into());
    let tmp = dir.join(format!(".{name}.partial-{}", std::process::id()));
    let _ = std::fs::remove_file(&tmp);
    // Patient data: the copy is created 0600 before SQLite writes a byte into it (VACUUM INTO
    // accepts an empty file), never chmod-ed after.
    drop(files::create_private_file(&tmp).map_err(|e| files::io_error(e, &tmp))?);
    let result = (|| -> AppResult<CheckReport> {
        watching_size(&tmp, source_bytes(conn), progress, || {
            conn.execute("VACUUM INTO ?1", [tmp.to_string_lossy().as_ref()])
        })
        .map_err(|e| sqlite_error_at(e, &tmp))?;
        let report = check_file(&tmp, lang)?;
        if !report.ok {
            return Err(AppError::internal(tr!(
                "La copia salió dañada ({}); no se guardó.",
                "The copy came out damaged ({}); it was not kept.",
                report.problems.join("; ")
            )));
        }
        let copy = std::fs::File::open(&tmp)?;
        copy.sync_all().map_err(|e| files::io_error(e, &tmp))?;
        // Checked again just before the rename: the name must still be absent or a regular file.
        check_target(target, force)?;
        std::fs::rename(&tmp, target).map_err(|e| files::io_error(e, target))?;
        sync_folder(&dir);
        Ok(report)
    })();
    match result {
        Ok(mut report) => {
            report.file = target.display().to_string();
            Ok(report)
        }
        Err(e) => {
            let _ = std::fs::remove_file(&tmp);
            Err(e)
        }
    }
}

/// The size of the open database (pages in use), what a copy of it will about weigh.
fn source_bytes(conn: &Connection) -> u64 {
    let q = |sql: &str| conn.query_row(sql, [], |r| r.get::<_, i64>(0)).unwrap_or(0);
    let used = q("PRAGMA page_count") - q("PRAGMA freelist_count");
    u64::try_from(used.max(0) * q("PRAGMA page_size")).unwrap_or(0)
}

/// Runs `work` while a thread tells `progress` the size of `file` (expected to reach `total`
/// bytes) every 100 ms; without a watcher, just runs it.
fn watching_size<T>(
    file: &Path,
    total: u64,
    progress: &dyn crate::progress::Progress,
    work: impl FnOnce() -> T,
) -> T {
    if !progress.watched() {
        return work();
    }
    progress.start(total, crate::progress::Unit::Bytes);
    let done = std::sync::atomic::AtomicBool::new(false);
    let out = std::thread::scope(|s| {
        s.spawn(|| {
            while !done.load(std::sync::atomic::Ordering::Relaxed) {
                if let Ok(m) = std::fs::metadata(file) {
                    progress.reached(m.len().min(total));
                }
                std::thread::sleep(std::time::Duration::from_millis(100));
            }
        });
        let out = work();
        done.store(true, std::sync::atomic::Ordering::Relaxed);
        out
    });
    progress.finish();
    out
}

/// A reader that tells `progress` how many bytes have gone through it.
struct Counted<'a, R> {
    inner: R,
    read: u64,
    progress: &'a dyn crate::progress::Progress,
}

impl<R: std::io::Read> std::io::Read for Counted<'_, R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.read += n as u64;
        self.progress.reached(self.read);
        Ok(n)
    }
}

fn sync_folder(dir: &Path) {
    if let Ok(d) = std::fs::File::open(dir) {
        let _ = d.sync_all();
    }
}

fn sqlite_error_at(e: rusqlite::Error, path: &Path) -> AppError {
    if let rusqlite::Error::SqliteFailure(f, _) = &e
        && f.code == rusqlite::ErrorCode::DiskFull
    {
        return files::disk_full(Some(path));
    }
    AppError::from(e)
}

/// Checks a database file read-only (`PRAGMA integrity_check`). A file SQLite cannot read at
/// all is a report with a problem, not an error: the caller decides the exit code.
pub fn check_file(file: &Path, lang: Lang) -> AppResult<CheckReport> {
    check_file_with(file, lang, "integrity_check")
}

/// The same report with the faster `PRAGMA quick_check` (`saludya check`): every page and
/// record is read, only index-to-table consistency is not verified.
pub fn quick_check_file(file: &Path, lang: Lang) -> AppResult<CheckReport> {
    check_file_with(file, lang, "quick_check")
}

fn check_file_with(file: &Path, lang: Lang, pragma: &str) -> AppResult<CheckReport> {
    let mut report = CheckReport {
        file: file.display().to_string(),
        ok: false,
        size_bytes: std::fs::metadata(file)
            .map_err(|e| files::io_error(e, file))?
            .len(),
        integrity: String::new(),
        foreign_key_violations: 0,
        schema_version: 0,
        app_schema_version: super::schema_version(),
        tables: 0,
        problems: Vec::new(),
    };
    if let Err(e) = inspect(file, pragma, &mut report) {
        let text = match &e {
            rusqlite::Error::SqliteFailure(f, _)
                if matches!(
                    f.code,
                    rusqlite::ErrorCode::NotADatabase | rusqlite::ErrorCode::DatabaseCorrupt
                ) =>
            {
                Text::new(
                    "el archivo no es una base de datos SQLite legible (dañado o de otro tipo)",
                    "the file is not a readable SQLite database (damaged or of another kind)",
                )
            }
            other => tr!("no se pudo leer: {other}", "could not be read: {other}"),
        };
        report.problems.push(text.get(lang).to_string());
    }
    let mut problems: Vec<Text> = Vec::new();
    if !report.integrity.is_empty() && report.integrity != "ok" {
        problems.push(tr!(
            "la verificación de integridad encontró daños: {}",
            "the integrity check found damage: {}",
            report.integrity
        ));
    }
    if report.foreign_key_violations > 0 {
        problems.push(tr!(
            "{} filas apuntan a registros que no existen (claves foráneas)",
            "{} rows point at records that do not exist (foreign keys)",
            report.foreign_key_violations
        ));
    }
    if report.problems.is_empty() && report.schema_version == 0 {
        problems.push(Text::new(
            "no es una base de SaludYa (no tiene historial de migraciones)",
            "it is not a SaludYa database (it has no migration history)",
        ));
    }
    if report.schema_version > report.app_schema_version {
        problems.push(tr!(
            "la creó una versión más nueva de SaludYa (esquema {}, esta versión conoce hasta {})",
            "it was created by a newer SaludYa (schema {}, this version knows up to {})",
            report.schema_version,
            report.app_schema_version
        ));
    }
    report
        .problems
        .extend(problems.iter().map(|t| t.get(lang).to_string()));
    report.ok = report.problems.is_empty();
    Ok(report)
}

fn inspect(file: &Path, pragma: &str, report: &mut CheckReport) -> rusqlite::Result<()> {
    let conn = Connection::open_with_flags(
        file,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    report.integrity = integrity_lines(&conn, pragma)?;
    report.foreign_key_violations = conn
        .prepare("PRAGMA foreign_key_check")?
        .query_map([], |_| Ok(()))?
        .count() as u64;
    report.tables = conn.query_row(
        "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'",
        [],
        |r| r.get(0),
    )?;
    report.schema_version = super::stored_schema_version(&conn)?;
    Ok(())
}

/// The first 20 lines of `PRAGMA integrity_check` or `quick_check`, joined ("ok" when sound).
pub(crate) fn integrity_lines(conn: &Connection, pragma: &str) -> rusqlite::Result<String> {
    let mut stmt = conn.prepare(&format!("PRAGMA {pragma}(20)"))?;
    let lines = stmt
        .query_map([], |r| r.get::<_, String>(0))?
        .collect::<Result<Vec<_>, _>>()?;
    Ok(lines.join("; "))
}

/// True when another process holds a lock on the database or its `-shm`: a desk, the TUI or
/// a command has it open (SQLite keeps a shared lock on the `-shm` for as long as a connection
/// in WAL mode is open). Locks of this process do not count (POSIX `F_GETLK`).
#[cfg(unix)]
pub fn in_use_by_another_process(db_path: &Path) -> bool {
    [db_path.to_path_buf(), companion(db_path, "-shm")]
        .iter()
        .any(|p| locked_by_other(p))
}

#[cfg(unix)]
fn locked_by_other(path: &Path) -> bool {
    use nix::fcntl::{FcntlArg, fcntl};
    let Ok(file) = std::fs::File::open(path) else {
        return false;
    };
    let mut lock = libc::flock {
        l_type: libc::F_WRLCK as libc::c_short,
        l_whence: libc::SEEK_SET as libc::c_short,
        l_start: 0,
        l_len: 0,
        l_pid: 0,
    };
    match fcntl(&file, FcntlArg::F_GETLK(&mut lock)) {
        Ok(_) => lock.l_type != libc::F_UNLCK as libc::c_short,
        // Cannot tell: assume it is in use rather than swap a file under a desk.
        Err(_) => true,
    }
}

#[cfg(not(unix))]
pub fn in_use_by_another_process(_db_path: &Path) -> bool {
    false
}

/// Restores `backup` as the database at `db_path` (see the module comment).
pub fn restore(
    db_path: &Path,
    backup: &Path,
    force: bool,
    now: DateTime<Utc>,
    lang: Lang,
) -> AppResult<RestoreReport> {
    restore_with(db_path, backup, force, now, lang, &crate::progress::Silent)
}

/// [`restore`], telling `progress` how many bytes of the backup are copied into place.
pub fn restore_with(
    db_path: &Path,
    backup: &Path,
    force: bool,
    now: DateTime<Utc>,
    lang: Lang,
    progress: &dyn crate::progress::Progress,
) -> AppResult<RestoreReport> {
    match std::fs::symlink_metadata(backup) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Err(AppError::not_found(tr!(
                "No existe el archivo {}.",
                "The file {} does not exist.",
                backup.display()
            )));
        }
        Err(e) => return Err(files::io_error(e, backup)),
        Ok(m) if !m.is_file() => {
            return Err(AppError::invalid(tr!(
                "{} no es un archivo normal; restaure desde una copia hecha con `saludya backup`.",
                "{} is not a regular file; restore from a copy made with `saludya backup`.",
                backup.display()
            )));
        }
        Ok(_) => {}
    }
    if same_file(backup, db_path) {
        return Err(AppError::invalid(Text::new(
            "La copia y la base de datos son el mismo archivo.",
            "The backup and the database are the same file.",
        )));
    }
    let backup_wal = companion(backup, "-wal");
    if std::fs::metadata(&backup_wal).is_ok_and(|m| m.len() > 0) {
        return Err(AppError::invalid(tr!(
            "Junto a {} hay un {}: no es una copia completa en un solo archivo. No se cambió nada.",
            "{} has a {} beside it: it is not a self-contained copy. Nothing was changed.",
            backup.display(),
            backup_wal.display()
        ))
        .with_hint(Text::new(
            "Restaure desde una copia hecha con `saludya backup`.",
            "Restore from a copy made with `saludya backup`.",
        )));
    }
    let checked = check_file(backup, lang)?;
    if !checked.ok {
        return Err(AppError::internal(tr!(
            "{} no está sana: {}. No se cambió nada.",
            "{} is not sound: {}. Nothing was changed.",
            backup.display(),
            checked.problems.join("; ")
        ))
        .with_hint(Text::new(
            "Use otra copia (`saludya backup check ARCHIVO` para verificarla).",
            "Use another copy (`saludya backup check FILE` to verify it).",
        )));
    }

    let companions = [
        db_path.to_path_buf(),
        companion(db_path, "-wal"),
        companion(db_path, "-shm"),
    ];
    if let Ok(meta) = std::fs::symlink_metadata(db_path) {
        if !meta.file_type().is_file() {
            return Err(AppError::invalid(tr!(
                "{} no es un archivo normal (enlace, dispositivo o carpeta): no se reemplaza.",
                "{} is not a regular file (a link, a device or a folder): it is not replaced.",
                db_path.display()
            )));
        }
        if !force {
            return Err(AppError::conflict(tr!(
                "Ya hay una base de datos en {}; restaurar la reemplaza.",
                "There is a database at {}; restoring replaces it.",
                db_path.display()
            ))
            .with_hint(Text::new(
                "Agregue --force: la base actual y sus -wal/-shm se guardan aparte, con la hora en el nombre.",
                "Add --force: the current database and its -wal/-shm are kept aside, named by the time.",
            )));
        }
    }
    if super::held_by_this_process(db_path) {
        return Err(AppError::conflict(tr!(
            "Este proceso (`saludya batch`) tiene abierta la base {}: restaurarla la cambiaría debajo de él. No se cambió nada.",
            "This process (`saludya batch`) has the database {} open: restoring would swap it underneath. Nothing was changed.",
            db_path.display()
        ))
        .with_hint(Text::new(
            "Restaure fuera del batch, con el comando solo.",
            "Restore outside the batch, as a command of its own.",
        )));
    }
    if in_use_by_another_process(db_path) {
        return Err(AppError::conflict(tr!(
            "Otro proceso tiene abierta la base {} (una caja, la interfaz de recepción o un comando). No se cambió nada.",
            "Another process has the database {} open (a desk, the reception UI or a command). Nothing was changed.",
            db_path.display()
        ))
        .with_hint(Text::new(
            "Cierre SaludYa en todas las cajas y repita el comando.",
            "Close SaludYa at every desk and run the command again.",
        )));
    }
    let dir = folder_of(db_path);
    if !dir.is_dir() {
        files::create_private_dir_all(&dir)?;
    }

    // 1. A private copy of the backup beside the database, synced and verified.
    let tmp = companion(db_path, &format!(".restoring-{}", std::process::id()));
    let _ = std::fs::remove_file(&tmp);
    let copied = (|| -> AppResult<()> {
        let mut out = files::create_private_file(&tmp).map_err(|e| files::io_error(e, &tmp))?;
        let input = std::fs::File::open(backup).map_err(|e| files::io_error(e, backup))?;
        let size = input.metadata().map(|m| m.len()).unwrap_or(0);
        progress.start(size, crate::progress::Unit::Bytes);
        let mut input = Counted {
            inner: input,
            read: 0,
            progress,
        };
        let copied = std::io::copy(&mut input, &mut out).map_err(|e| files::io_error(e, &tmp));
        progress.finish();
        copied?;
        out.sync_all().map_err(|e| files::io_error(e, &tmp))?;
        let copy = check_file(&tmp, lang)?;
        if !copy.ok {
            return Err(AppError::internal(tr!(
                "La copia de trabajo salió dañada ({}); no se cambió nada.",
                "The working copy came out damaged ({}); nothing was changed.",
                copy.problems.join("; ")
            )));
        }
        Ok(())
    })();
    if let Err(e) = copied {
        let _ = std::fs::remove_file(&tmp);
        return Err(e);
    }

    // 2. The old database and its companions aside, kept, named by the time.
    let stamp = now.format("%Y%m%dT%H%M%SZ").to_string();
    let mut base = companion(db_path, &format!(".before-restore-{stamp}"));
    let mut n = 1;
    while ["", "-wal", "-shm"]
        .iter()
        .any(|s| std::fs::symlink_metadata(companion(&base, s)).is_ok())
    {
        n += 1;
        base = companion(db_path, &format!(".before-restore-{stamp}-{n}"));
    }
    let mut moved: Vec<(PathBuf, PathBuf)> = Vec::new();
    for (i, from) in companions.iter().enumerate() {
        if std::fs::symlink_metadata(from).is_err() {
            continue;
        }
        let to = companion(&base, ["", "-wal", "-shm"][i]);
        if let Err(e) = std::fs::rename(from, &to) {
            for (back_from, back_to) in moved.iter().rev() {
                let _ = std::fs::rename(back_to, back_from);
            }
            let _ = std::fs::remove_file(&tmp);
            return Err(files::io_error(e, from));
        }
        moved.push((from.clone(), to));
    }

    // 3. Install atomically, then verify what is in place.
    if let Err(e) = std::fs::rename(&tmp, db_path) {
        for (back_from, back_to) in moved.iter().rev() {
            let _ = std::fs::rename(back_to, back_from);
        }
        let _ = std::fs::remove_file(&tmp);
        return Err(files::io_error(e, db_path));
    }
    sync_folder(&dir);
    let check = check_file(db_path, lang)?;
    let moved_aside: Vec<String> = moved.iter().map(|(_, to)| to.display().to_string()).collect();
    if !check.ok {
        return Err(AppError::internal(tr!(
            "La base restaurada no pasó la verificación ({}); la anterior está en {}.",
            "The restored database failed its check ({}); the previous one is at {}.",
            check.problems.join("; "),
            moved_aside.join(", ")
        )));
    }
    Ok(RestoreReport {
        database: db_path.display().to_string(),
        restored_from: backup.display().to_string(),
        moved_aside,
        check,
    })
}

/// The refusal to work on a damaged database.
pub fn damaged(db_path: &Path, problems: &str) -> AppError {
    AppError::internal(tr!(
        "La base {} está dañada ({problems}); no se escribe en ella.",
        "The database {} is damaged ({problems}); nothing is written into it.",
        db_path.display()
    ))
    .with_hint(Text::new(
        "Restaure la última copia sana con `saludya restore COPIA --force` (`saludya check` la verifica).",
        "Restore the last sound copy with `saludya restore BACKUP --force` (`saludya check` verifies it).",
    ))
}

/// `PRAGMA quick_check` of an open database: `None` when sound, else the problems.
/// A file too damaged for the check itself to run counts as damaged, not as an error.
pub fn quick_check(conn: &Connection) -> AppResult<Option<String>> {
    match integrity_lines(conn, "quick_check") {
        Ok(lines) => Ok((lines != "ok").then_some(lines)),
        Err(rusqlite::Error::SqliteFailure(f, msg))
            if matches!(
                f.code,
                rusqlite::ErrorCode::DatabaseCorrupt | rusqlite::ErrorCode::NotADatabase
            ) =>
        {
            Ok(Some(msg.unwrap_or_else(|| f.to_string())))
        }
        Err(e) => Err(e.into()),
    }
}
