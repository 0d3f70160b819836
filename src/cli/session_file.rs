//! Where the CLI keeps its session token: a user-only (0600) file in the user's config
//! directory, one per database. `SALUDYA_TOKEN` overrides it.

use std::io::Write;
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use crate::error::AppResult;

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

/// The token for this database: `SALUDYA_TOKEN`, else the stored file.
pub fn load(db: &Path) -> Option<String> {
    if let Ok(t) = std::env::var("SALUDYA_TOKEN")
        && !t.trim().is_empty()
    {
        return Some(t.trim().to_string());
    }
    std::fs::read_to_string(file_for(db))
        .ok()
        .map(|s| s.trim().to_string())
}

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
    let mut f = options.open(&path)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        f.set_permissions(std::fs::Permissions::from_mode(0o600))?;
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
