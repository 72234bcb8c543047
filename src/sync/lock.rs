//! The lock file beside a shared file, so two laptops never publish at once.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::{Result, bail};

/// A lock older than this was left by a laptop that died mid-sync.
pub const STALE: Duration = Duration::from_secs(5 * 60);

pub struct Lock {
    path: PathBuf,
}

pub fn lock_path(target: &Path) -> PathBuf {
    let mut p = target.as_os_str().to_owned();
    p.push(".verrou");
    PathBuf::from(p)
}

impl Lock {
    pub fn take(target: &Path) -> Result<Lock> {
        let path = lock_path(target);
        for attempt in 0..2 {
            match std::fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .open(&path)
            {
                Ok(mut f) => {
                    let host = hostname::get()
                        .map(|h| h.to_string_lossy().into_owned())
                        .unwrap_or_default();
                    let _ = writeln!(f, "{host}\n{}", std::process::id());
                    let _ = f.sync_all();
                    return Ok(Lock { path });
                }
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists && attempt == 0 => {
                    let age = std::fs::metadata(&path)
                        .and_then(|m| m.modified())
                        .ok()
                        .and_then(|t| t.elapsed().ok())
                        .unwrap_or_default();
                    if age > STALE {
                        let _ = std::fs::remove_file(&path);
                        continue;
                    }
                    let holder = std::fs::read_to_string(&path).unwrap_or_default();
                    let host = holder
                        .lines()
                        .next()
                        .unwrap_or(crate::i18n::tr("un autre ordinateur"));
                    bail!(crate::t!(
                        "Une synchronisation est en cours depuis « {host} » sur ce fichier : réessayez dans quelques minutes. Rien n'a été modifié.",
                        host
                    ));
                }
                Err(e) if e.kind() == std::io::ErrorKind::PermissionDenied => bail!(crate::t!(
                    "Le dossier de {target} est en lecture seule : impossible d'y synchroniser. Rien n'a été modifié.",
                    target = target.display()
                )),
                Err(e) => bail!(crate::t!(
                    "Impossible de poser le verrou {path} : {why}. Rien n'a été modifié.",
                    path = path.display(),
                    why = crate::strings::io_error(&e)
                )),
            }
        }
        bail!(crate::t!(
            "Impossible de poser le verrou {path}.",
            path = path.display()
        ))
    }
}

impl Drop for Lock {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.path);
    }
}
