//! Syncing with a shared file or folder, and the central merge of many files.
//!
//! The merge itself is the store's (`Store::merge_from`); this module moves files safely around
//! it. A shared file is never written in place: it is copied to a temporary file beside it,
//! merged there with a rollback journal and full sync, flushed, and renamed over the old one,
//! so a pulled key or a killed process leaves the old file or the new one, never a broken one.

mod files;
mod lock;

use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use serde::Serialize;

use crate::i18n::tr;
use crate::store::{ClockAhead, Store};

pub use crate::fault::fault_point;
pub use files::{backup, private_copy, scrub_backups};
pub use lock::Lock;

/// What a sync did, for the summary, `--json` and the sync history.
#[derive(Debug, Clone, Default, Serialize)]
pub struct SyncReport {
    pub target: String,
    pub folder: bool,
    pub dry_run: bool,
    /// Changes the shared file(s) did not have.
    pub sent: i64,
    /// Changes this laptop did not have.
    pub received: i64,
    /// Open conflicts afterwards.
    pub conflicts: i64,
    pub ahead: Vec<ClockAhead>,
    /// Files of a shared folder that could not be read, with why.
    pub skipped: Vec<(String, String)>,
    pub backup: Option<String>,
    /// The published file was read back and holds what this laptop holds.
    pub verified: bool,
}

impl SyncReport {
    /// The summary printed after a sync.
    pub fn sentence(&self) -> String {
        let mut s = if self.dry_run {
            crate::t!(
                "Simulation : {sent} modification(s) seraient envoyées et {received} reçues ; rien n'a été modifié.",
                sent = self.sent,
                received = self.received
            )
        } else {
            crate::t!(
                "Synchronisation terminée : {sent} modification(s) envoyée(s), {received} reçue(s).",
                sent = self.sent,
                received = self.received
            )
        };
        if self.conflicts > 0 {
            s.push_str(&crate::t!(
                " {n} conflit(s) à régler (écran Synchronisation, touche c).",
                n = self.conflicts
            ));
        }
        for a in &self.ahead {
            s.push(' ');
            s.push_str(&a.sentence());
        }
        for (file, why) in &self.skipped {
            s.push_str(&crate::t!(" Fichier ignoré : {file} ({why}).", file, why));
        }
        if self.verified {
            s.push_str(tr(" Vous pouvez retirer la clé."));
        }
        s
    }
}

/// Reports progress: a short French label and a fraction from 0 to 1.
pub type Progress<'a> = &'a mut dyn FnMut(&str, f64);

/// The file this laptop publishes in a shared folder: named after its site, never after a
/// person.
pub fn own_file(folder: &Path, local: &Store) -> PathBuf {
    folder.join(format!("comptoir-{}.sqlite", local.site().short()))
}

/// Syncs the local database with `target`: a shared file (created if missing), or a folder
/// where each laptop publishes its own file and reads the others'.
pub fn sync(
    local: &mut Store,
    target: &Path,
    dry_run: bool,
    progress: Progress,
) -> Result<SyncReport> {
    let local_path = local.path().map(Path::to_path_buf).context(tr(
        "La base locale doit être un fichier pour être synchronisée.",
    ))?;
    let folder_mode = target.is_dir();
    let folder = if folder_mode {
        target.to_path_buf()
    } else {
        match target.parent().filter(|p| !p.as_os_str().is_empty()) {
            Some(p) => p.to_path_buf(),
            None => PathBuf::from("."),
        }
    };
    if !folder.is_dir() {
        bail!(crate::t!(
            "Le dossier {path} est introuvable : la clé USB est-elle branchée ?",
            path = folder.display()
        ));
    }
    if target == local_path {
        bail!(tr(
            "La cible est la base locale elle-même : choisissez le fichier de la clé ou du dossier partagé."
        ));
    }
    let mut report = SyncReport {
        // Remembered whole, so the next sync finds it from any folder.
        target: std::path::absolute(target)
            .unwrap_or_else(|_| target.to_path_buf())
            .display()
            .to_string(),
        folder: folder_mode,
        dry_run,
        ..SyncReport::default()
    };

    if dry_run {
        // Read copies only: what the shared file(s) lack, and what they would bring.
        let own = if folder_mode {
            own_file(&folder, local)
        } else {
            target.to_path_buf()
        };
        report.sent = if own.exists() {
            local.difference(private_copy(&own)?.as_ref())?.0
        } else {
            local.change_count()?
        };
        let sources = if folder_mode {
            shared_files(&folder, &own)
        } else {
            vec![own]
        };
        for f in sources.iter().filter(|f| f.exists()) {
            report.received += local.difference(private_copy(f)?.as_ref())?.1;
        }
        report.conflicts = local.open_conflicts()?;
        return Ok(report);
    }

    progress(tr("Sauvegarde de la base locale"), 0.05);
    report.backup = Some(backup(local)?.display().to_string());
    let erased_before = local.forget_set()?.len();

    if folder_mode {
        let own = own_file(&folder, local);
        let others = shared_files(&folder, &own);
        local.merge_run(|local| {
            for (i, file) in others.iter().enumerate() {
                progress(
                    tr("Lecture des autres ordinateurs"),
                    0.1 + 0.4 * i as f64 / others.len() as f64,
                );
                let name = file.display().to_string();
                match private_copy(file).and_then(|copy| {
                    let stats = local
                        .merge_from_checked_copy(&copy)
                        .map_err(anyhow::Error::from)?;
                    Ok(stats)
                }) {
                    Ok(stats) => {
                        report.received += stats.received as i64;
                        report.ahead.extend(stats.ahead);
                    }
                    Err(e) => report.skipped.push((name, crate::strings::user_error(&e))),
                }
            }
        })?;
        let (sent, _, verified) = publish(local, &local_path, &own, progress)?;
        report.sent = sent;
        report.verified = verified;
    } else {
        let (sent, stats, verified) = publish(local, &local_path, target, progress)?;
        report.sent = sent;
        report.received = stats.received as i64;
        report.ahead.extend(stats.ahead);
        report.verified = verified;
    }
    report.conflicts = local.open_conflicts()?;
    local.record_sync(&report)?;
    if local.forget_set()?.len() > erased_before {
        // People erased on another laptop: gone from this laptop's backups too.
        progress(tr("Effacement dans les sauvegardes"), 0.95);
        scrub_backups(local)?;
    }
    progress(tr("Terminé"), 1.0);
    Ok(report)
}

/// The comptoir files of a shared folder, but `own` and temporary files.
fn shared_files(folder: &Path, own: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(folder)
        .map(|entries| {
            entries
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|x| x == "sqlite") && p != own && p.is_file())
                .collect()
        })
        .unwrap_or_default();
    files.sort();
    files
}

/// Publishes the local database into the shared file `target` by the safe route (lock,
/// temporary copy, merge, flush, rename), merges the result back, and reads the published file
/// again. Returns the changes sent, what the local database received, and whether the published
/// file checked out and matches the local database.
fn publish(
    local: &mut Store,
    local_path: &Path,
    target: &Path,
    progress: Progress,
) -> Result<(i64, crate::store::MergeStats, bool)> {
    let _lock = Lock::take(target)?;
    fault_point("verrou");
    files::remove_stale_temporaries(target);
    let tmp = files::temporary_beside(target);
    let cleanup = files::RemoveOnDrop(tmp.clone());
    progress(tr("Copie du fichier partagé"), 0.5);
    if target.exists() {
        files::copy_checked(target, &tmp)?;
    }
    fault_point("copie");
    let sent = {
        let mut shared = Store::open_shared(&tmp, local.reference_arc(), system_clock_of(local))
            .map_err(|e| {
                // Name the shared file, not its temporary copy.
                let text = format!("{e:#}")
                    .replace(&tmp.display().to_string(), &target.display().to_string());
                anyhow::anyhow!(crate::t!(
                    "{text} Le fichier partagé n'a pas été modifié.",
                    text
                ))
            })?;
        let check: String = shared.quick_check()?;
        if check != "ok" {
            bail!(crate::t!(
                "Le fichier partagé {path} est abîmé : il n'a pas été modifié ; reprenez la dernière copie saine (check).",
                path = target.display()
            ));
        }
        progress(tr("Envoi des modifications"), 0.6);
        fault_point("avant-fusion");
        let stats = shared.merge_from(local_path).map_err(anyhow::Error::from)?;
        fault_point("apres-fusion");
        stats.received as i64
    };
    files::flush_file(&tmp)?;
    fault_point("avant-renommage");
    std::fs::rename(&tmp, target)
        .with_context(|| crate::t!("Impossible de remplacer {path}", path = target.display()))?;
    cleanup.disarm();
    files::flush_folder(target)?;
    fault_point("apres-renommage");
    progress(tr("Réception des modifications"), 0.8);
    let stats = local.merge_from(target).map_err(anyhow::Error::from)?;
    fault_point("apres-reception");
    progress(tr("Vérification du fichier publié"), 0.9);
    let verified = files::verify_published(target, local)?;
    Ok((sent, stats, verified))
}

fn system_clock_of(local: &Store) -> crate::store::WallClock {
    let now = local.wall_ms();
    let start = std::time::Instant::now();
    // The shared copy follows this laptop's clock (tests set it), moving on in real time.
    std::sync::Arc::new(move || now + start.elapsed().as_millis() as i64)
}

/// One file's outcome in a central merge.
#[derive(Debug, Clone, Serialize)]
pub struct FileOutcome {
    pub file: String,
    pub received: usize,
    pub error: Option<String>,
}

/// `comptoir merge`: every file (folders are opened), in the given order, merged into
/// `central`, one transaction each; a file that cannot be read is skipped and reported.
pub fn merge_files(
    central: &mut Store,
    inputs: &[PathBuf],
    progress: Progress,
) -> Result<Vec<FileOutcome>> {
    let mut files = Vec::new();
    for input in inputs {
        if input.is_dir() {
            files.extend(shared_files(input, Path::new("")));
        } else {
            files.push(input.clone());
        }
    }
    let out = central.merge_run(|central| {
        let mut out = Vec::new();
        for (i, file) in files.iter().enumerate() {
            progress(
                &crate::t!("Fusion de {path}", path = file.display()),
                i as f64 / files.len().max(1) as f64,
            );
            let outcome = private_copy(file).and_then(|copy| {
                central
                    .merge_from_checked_copy(&copy)
                    .map_err(anyhow::Error::from)
            });
            out.push(match outcome {
                Ok(stats) => FileOutcome {
                    file: file.display().to_string(),
                    received: stats.received,
                    error: None,
                },
                Err(e) => FileOutcome {
                    file: file.display().to_string(),
                    received: 0,
                    error: Some(crate::strings::user_error(&e)),
                },
            });
        }
        out
    })?;
    progress(tr("Terminé"), 1.0);
    Ok(out)
}
