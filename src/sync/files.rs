//! File moves done carefully: copies checked, flushed to the device, folders flushed after a
//! rename, temporary files named so they are never read and cleaned up next time.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};

use crate::store::Store;

/// `name.sqlite` → `.name.sqlite.tmp-<pid>` in the same folder (so the rename is atomic).
pub fn temporary_beside(target: &Path) -> PathBuf {
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    target.with_file_name(format!(".{name}.tmp-{}", std::process::id()))
}

/// Deletes temporary files a killed sync left beside `target` (the caller holds the lock, so
/// none of them is being written).
pub fn remove_stale_temporaries(target: &Path) {
    let Some(folder) = target.parent() else {
        return;
    };
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let prefix = format!(".{name}.tmp-");
    if let Ok(entries) = std::fs::read_dir(if folder.as_os_str().is_empty() {
        Path::new(".")
    } else {
        folder
    }) {
        for e in entries.flatten() {
            if e.file_name().to_string_lossy().starts_with(&prefix) {
                let _ = std::fs::remove_file(e.path());
            }
        }
    }
}

/// Removes a file when dropped, unless disarmed (a temporary file after a failure).
pub struct RemoveOnDrop(pub PathBuf);

impl RemoveOnDrop {
    pub fn disarm(self) {
        std::mem::forget(self);
    }
}

impl Drop for RemoveOnDrop {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
        let mut journal = self.0.as_os_str().to_owned();
        journal.push("-journal");
        let _ = std::fs::remove_file(PathBuf::from(journal));
    }
}

/// Copies `from` to `to` (owner-only), flushed.
pub fn copy_checked(from: &Path, to: &Path) -> Result<()> {
    std::fs::copy(from, to).map_err(|e| {
        anyhow::anyhow!(crate::t!(
            "Copie de {path} impossible : {why}. Rien n'a été modifié.",
            path = from.display(),
            why = crate::strings::io_error(&e)
        ))
    })?;
    private(to);
    flush_file(to)
}

fn private(path: &Path) {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let _ = std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600));
    }
}

pub fn flush_file(path: &Path) -> Result<()> {
    std::fs::File::open(path)
        .and_then(|f| f.sync_all())
        .with_context(|| {
            crate::t!(
                "Écriture de {path} sur le disque impossible",
                path = path.display()
            )
        })
}

/// Flushes the folder holding `path`, so a rename in it survives a power cut.
pub fn flush_folder(path: &Path) -> Result<()> {
    #[cfg(unix)]
    {
        let folder = path
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        std::fs::File::open(folder)
            .and_then(|f| f.sync_all())
            .with_context(|| {
                crate::t!(
                    "Écriture du dossier {path} impossible",
                    path = folder.display()
                )
            })?;
    }
    Ok(())
}

/// A private, up-to-date copy of a comptoir file (with its WAL if it has one), opened once so
/// an older schema is upgraded on the copy and a newer or damaged file is refused.
pub fn private_copy(source: &Path) -> Result<tempfile::TempPath> {
    if source.is_dir() {
        bail!(crate::t!(
            "{path} est un dossier, pas un fichier comptoir.",
            path = source.display()
        ));
    }
    if !source.exists() {
        bail!(crate::t!(
            "{path} est introuvable.",
            path = source.display()
        ));
    }
    let copy = tempfile::Builder::new()
        .prefix("comptoir-copie-")
        .suffix(".sqlite")
        .tempfile()?
        .into_temp_path();
    std::fs::copy(source, &copy).map_err(|e| {
        anyhow::anyhow!(crate::t!(
            "Lecture de {path} impossible : {why}",
            path = source.display(),
            why = crate::strings::io_error(&e)
        ))
    })?;
    private(&copy);
    let mut wal = source.as_os_str().to_owned();
    wal.push("-wal");
    let wal = PathBuf::from(wal);
    if wal.exists() {
        let mut to = copy.as_os_str().to_owned();
        to.push("-wal");
        std::fs::copy(&wal, PathBuf::from(&to))?;
        private(Path::new(&to));
    }
    {
        let reference = std::sync::Arc::new(crate::paths::builtin_reference());
        // Messages name the file the user gave, never the private copy.
        let store = Store::open_shared(&copy, reference, crate::store::system_wall_clock())
            .map_err(|e| {
                let text = format!("{e:#}")
                    .replace(&copy.display().to_string(), &source.display().to_string());
                if text.contains(&source.display().to_string()) {
                    anyhow::anyhow!(text)
                } else {
                    anyhow::anyhow!("{} : {text}", source.display())
                }
            })?;
        let check = store.quick_check()?;
        if check != "ok" {
            bail!(crate::t!(
                "{path} est abîmé : SQLite y trouve des pages illisibles.",
                path = source.display()
            ));
        }
    }
    Ok(copy)
}

/// Reads the published file again: intact, and holding exactly what the local database holds.
pub fn verify_published(target: &Path, local: &Store) -> Result<bool> {
    let copy = private_copy(target)?;
    let reference = local.reference_arc();
    let published = Store::open_shared(&copy, reference, crate::store::system_wall_clock())?;
    Ok(published.quick_check()? == "ok" && published.digest()? == local.digest()?)
}

/// The `sauvegardes` folder beside the local database.
fn backups_folder(local: &Store) -> Result<PathBuf> {
    let path = local.path().context(crate::i18n::tr("base en mémoire"))?;
    Ok(path.parent().unwrap_or(Path::new(".")).join("sauvegardes"))
}

/// The backups of the local database, oldest first.
fn backups(folder: &Path) -> Vec<PathBuf> {
    let mut found: Vec<PathBuf> = std::fs::read_dir(folder)
        .map(|dir| {
            dir.filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| {
                    p.file_name().is_some_and(|n| {
                        let n = n.to_string_lossy();
                        n.starts_with("comptoir-") && n.ends_with(".sqlite")
                    })
                })
                .collect()
        })
        .unwrap_or_default();
    found.sort();
    found
}

/// After an erasure, the backups made before it are given the local forget set, so that no
/// copy of the erased person stays on the laptop (a restored backup stays without them too).
pub fn scrub_backups(local: &Store) -> Result<()> {
    let set = local.forget_set()?;
    if set.is_empty() {
        return Ok(());
    }
    for file in backups(&backups_folder(local)?) {
        let mut old = Store::open_shared(
            &file,
            local.reference_arc(),
            crate::store::system_wall_clock(),
        )
        .with_context(|| crate::t!("Sauvegarde {path} illisible", path = file.display()))?;
        old.take_forget_set(&set).map_err(|e| {
            anyhow::anyhow!(crate::t!(
                "Effacement dans la sauvegarde {path} impossible : {e}",
                path = file.display(),
                e
            ))
        })?;
    }
    Ok(())
}

/// A backup of the local database before a sync (SQLite's backup API), in the `sauvegardes`
/// folder beside it; the last ten are kept.
pub fn backup(local: &Store) -> Result<PathBuf> {
    let folder = backups_folder(local)?;
    crate::paths::ensure_parent(&folder.join("x"))?;
    let stamp = chrono::Utc::now().format("%Y%m%d-%H%M%S%.3f");
    let file = folder.join(format!("comptoir-{stamp}.sqlite"));
    local.backup_to(&file).map_err(|e| {
        anyhow::anyhow!(crate::t!(
            "Sauvegarde de la base locale impossible : {why}. Rien n'a été modifié.",
            why = crate::strings::storage_error(&e)
        ))
    })?;
    private(&file);
    let mut kept = backups(&folder);
    while kept.len() > 10 {
        let _ = std::fs::remove_file(kept.remove(0));
    }
    Ok(file)
}
