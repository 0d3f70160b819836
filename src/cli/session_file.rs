//! Where the CLI keeps its session token: a user-only (0600) file in the user's config
//! directory, one per database. `SALUDYA_TOKEN` overrides it.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use crate::error::{AppError, AppResult};
use crate::tr;

fn file_for(db: &Path) -> PathBuf {
    let canonical = db.canonicalize().unwrap_or_else(|_| db.to_path_buf());
    let digest = Sha256::digest(canonical.to_string_lossy().as_bytes());
    let name: String = digest.iter().take(12).map(|b| format!("{b:02x}")).collect();
    dirs::config_dir()
        .unwrap_or_else(|| PathBuf::from("."))
        .join("saludya")
        .join("sessions")
        .join(format!("{name}.token"))
}

/// The token for this database: `SALUDYA_TOKEN`, else the stored file (none when there is no
/// file). A token file that is a symlink or that other users can read is refused, never used:
/// someone may be planting or reading sessions.
pub fn load(db: &Path) -> AppResult<Option<String>> {
    if let Ok(t) = std::env::var("SALUDYA_TOKEN")
        && !t.trim().is_empty()
    {
        return Ok(Some(t.trim().to_string()));
    }
    let path = file_for(db);
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    let Some(f) = open_regular(&path, options)? else {
        return Ok(None);
    };
    if others_can_access(&f)? {
        return Err(unsafe_file(
            &path,
            "lo pueden leer otros usuarios",
            "can be read by other users",
        ));
    }
    let mut token = String::new();
    f.take(4096).read_to_string(&mut token)?;
    Ok(Some(token.trim().to_string()))
}

fn unsafe_file(path: &Path, why_es: &str, why_en: &str) -> AppError {
    AppError::unauthorized(tr!(
        "El archivo de sesión {} {why_es}: no se usa.",
        "The session file {} {why_en}: it is not used.",
        path.display()
    ))
    .with_hint(tr!(
        "Bórrelo (rm {}) e inicie sesión de nuevo con `saludya login`.",
        "Delete it (rm {}) and log in again with `saludya login`.",
        path.display()
    ))
}

/// Opens the token file with `options` (never following a symlink, never blocking on a FIFO)
/// and refuses anything but a regular file; `None` when there is no such file.
fn open_regular(path: &Path, mut options: std::fs::OpenOptions) -> AppResult<Option<std::fs::File>> {
    no_follow(&mut options);
    let f = match options.open(path) {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(_) if std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink()) => {
            return Err(unsafe_file(path, "es un enlace simbólico", "is a symbolic link"));
        }
        Err(e) => return Err(crate::db::files::io_error(e, path)),
    };
    if !f.metadata()?.is_file() {
        return Err(unsafe_file(
            path,
            "no es un archivo normal",
            "is not a regular file",
        ));
    }
    Ok(Some(f))
}

/// `O_NOFOLLOW`: opening a symlink at the final name fails instead of following it.
/// `O_NONBLOCK`: a FIFO planted at the name cannot hang the command in `open` (a regular file
/// ignores the flag); what is not a regular file is then refused.
fn no_follow(options: &mut std::fs::OpenOptions) {
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK);
    }
    #[cfg(not(unix))]
    let _ = options;
}

fn others_can_access(f: &std::fs::File) -> AppResult<bool> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        Ok(f.metadata()?.permissions().mode() & 0o077 != 0)
    }
    #[cfg(not(unix))]
    {
        let _ = f;
        Ok(false)
    }
}

/// Refuses (before a login opens a session) a token file name that holds a symlink or anything
/// but a regular file: [`save`] would refuse it after the session exists.
pub fn check_writable(db: &Path) -> AppResult<()> {
    let path = file_for(db);
    match std::fs::symlink_metadata(&path) {
        Ok(m) if m.file_type().is_symlink() => {
            Err(unsafe_file(&path, "es un enlace simbólico", "is a symbolic link"))
        }
        Ok(m) if !m.is_file() => Err(unsafe_file(
            &path,
            "no es un archivo normal",
            "is not a regular file",
        )),
        _ => Ok(()),
    }
}

/// Writes the token (0600 from creation, `O_NOFOLLOW`: a symlink planted at the name is refused,
/// never followed). A pre-existing file others can read is made private before the token is
/// written into it.
pub fn save(db: &Path, token: &str) -> AppResult<PathBuf> {
    let path = file_for(db);
    if let Some(dir) = path.parent() {
        crate::db::files::create_private_dir_all(dir)?;
    }
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let Some(mut f) = open_regular(&path, options)? else {
        return Err(crate::db::files::io_error(
            std::io::Error::from(std::io::ErrorKind::NotFound),
            &path,
        ));
    };
    if others_can_access(&f)? {
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            f.set_permissions(std::fs::Permissions::from_mode(0o600))?;
        }
    }
    f.write_all(token.as_bytes())?;
    f.sync_all()?;
    Ok(path)
}

pub fn remove(db: &Path) -> AppResult<()> {
    match std::fs::remove_file(file_for(db)) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(e.into()),
    }
}
