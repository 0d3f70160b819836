//! The files around the database: created private from the start (0700 folders, 0600 files,
//! never chmod after), companions (`-wal`, `-shm`), and the messages for a full disk.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use crate::error::AppError;
use crate::tr;

/// `path` with `suffix` appended to its file name (`saludya.db` → `saludya.db-wal`).
pub fn companion(path: &Path, suffix: &str) -> PathBuf {
    let mut s = path.as_os_str().to_owned();
    s.push(suffix);
    PathBuf::from(s)
}

/// Creates `path` as a new, empty file readable and writable by its owner only (0600 at
/// creation, whatever the umask lets through for others). Fails if anything exists there,
/// including a symlink (which is not followed).
pub fn create_private_file(path: &Path) -> std::io::Result<std::fs::File> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    options.open(path)
}

/// Creates `dir` and its missing parents with mode 0700 (folders that exist keep their mode).
pub fn create_private_dir_all(dir: &Path) -> Result<(), AppError> {
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        builder.mode(0o700);
    }
    builder.create(dir).map_err(|e| io_error(e, dir))
}

/// True when the group or other users have any access to `path`.
pub fn group_or_world_accessible(path: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::metadata(path).is_ok_and(|m| m.permissions().mode() & 0o077 != 0)
    }
    #[cfg(not(unix))]
    {
        let _ = path;
        false
    }
}

static DATABASE_PATH: OnceLock<PathBuf> = OnceLock::new();
static READ_ONLY_FALLBACK: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// True when the folder of `path` has no free block left (a full disk).
pub fn disk_is_full(path: &Path) -> bool {
    #[cfg(unix)]
    {
        let dir = path
            .parent()
            .filter(|d| !d.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        nix::sys::statvfs::statvfs(dir).is_ok_and(|v| v.blocks_available() == 0)
    }
    #[cfg(not(unix))]
    {
        let _ = path;
        false
    }
}

/// The database was opened read-only because the disk is full (see `db::open`).
pub fn note_read_only_fallback() {
    READ_ONLY_FALLBACK.store(true, std::sync::atomic::Ordering::Relaxed);
}

pub fn opened_read_only_on_full_disk() -> bool {
    READ_ONLY_FALLBACK.load(std::sync::atomic::Ordering::Relaxed)
}

/// A path for an SQLite `file:` URI (`?`, `#` and `%` escaped).
pub fn uri_path(path: &Path) -> String {
    let mut out = String::new();
    for c in path.to_string_lossy().chars() {
        match c {
            '?' => out.push_str("%3f"),
            '#' => out.push_str("%23"),
            '%' => out.push_str("%25"),
            c => out.push(c),
        }
    }
    out
}

/// Remembers the database this process works on, so that a full disk found deep inside a
/// command can say where.
pub fn note_database_path(path: &Path) {
    let _ = DATABASE_PATH.set(path.to_path_buf());
}

pub fn database_path() -> Option<&'static Path> {
    DATABASE_PATH.get().map(PathBuf::as_path)
}

/// "The disk is full", with the file and folder that need room when known.
pub fn disk_full(path: Option<&Path>) -> AppError {
    let detail = match path {
        Some(p) => {
            let folder = p
                .parent()
                .filter(|d| !d.as_os_str().is_empty())
                .unwrap_or(Path::new("."))
                .display()
                .to_string();
            tr!(
                "El disco está lleno: no se pudo escribir {} (carpeta {folder}). No quedó nada a medias.",
                "The disk is full: could not write {} (folder {folder}). Nothing was left half-written.",
                p.display()
            )
        }
        None => crate::i18n::Text::new(
            "El disco está lleno. No quedó nada a medias.",
            "The disk is full. Nothing was left half-written.",
        ),
    };
    AppError::internal(detail).with_hint(crate::i18n::Text::new(
        "Libere espacio en ese disco y repita el comando.",
        "Free some space on that disk and run the command again.",
    ))
}

/// An I/O error about `path`, with "the disk is full" said plainly.
pub fn io_error(e: std::io::Error, path: &Path) -> AppError {
    if e.kind() == std::io::ErrorKind::StorageFull {
        return disk_full(Some(path));
    }
    if e.kind() == std::io::ErrorKind::BrokenPipe {
        return AppError::from(e);
    }
    AppError::internal(tr!(
        "Error de entrada/salida con {}: {e}",
        "I/O error with {}: {e}",
        path.display()
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(unix)]
    #[test]
    fn private_files_and_folders_are_owner_only_from_creation() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let sub = dir.path().join("a/b");
        create_private_dir_all(&sub).unwrap();
        for d in [dir.path().join("a"), sub.clone()] {
            assert_eq!(std::fs::metadata(&d).unwrap().permissions().mode() & 0o777, 0o700);
        }
        let f = sub.join("x.db");
        drop(create_private_file(&f).unwrap());
        assert_eq!(std::fs::metadata(&f).unwrap().permissions().mode() & 0o777, 0o600);
        assert!(!group_or_world_accessible(&f));
        let err = create_private_file(&f).unwrap_err();
        assert_eq!(err.kind(), std::io::ErrorKind::AlreadyExists);
        std::os::unix::fs::symlink(dir.path().join("elsewhere"), sub.join("link")).unwrap();
        assert!(
            create_private_file(&sub.join("link")).is_err(),
            "a symlink is not followed"
        );
        assert!(!dir.path().join("elsewhere").exists());
    }

    #[test]
    fn a_full_disk_says_so_with_the_path() {
        let e = io_error(
            std::io::Error::from(std::io::ErrorKind::StorageFull),
            Path::new("/media/usb/copia.db"),
        );
        assert!(e.detail.en.contains("The disk is full"), "{}", e.detail.en);
        assert!(e.detail.en.contains("/media/usb/copia.db"), "{}", e.detail.en);
    }
}
