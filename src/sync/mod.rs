//! Syncing with a shared file or folder, and the central merge of many files.
//!
//! The merge itself is the store's (`Store::merge_from`); this module moves files safely around
//! it. A shared file is never written in place: it is copied to a temporary file beside it,
//! merged there with a rollback journal and full sync, flushed, and renamed over the old one,
//! so a pulled key or a killed process leaves the old file or the new one, never a broken one.

mod files;
mod lock;
mod unchanged;

use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::{Context, Result, bail};
use serde::Serialize;

use crate::i18n::tr;
use crate::store::cipher::{self, Content};
use crate::store::{ClockAhead, HeldBack, HoldReason, Phrase, Refusal, Store};

pub use crate::fault::fault_point;
pub use files::{
    PrivateCopy, backup, install_cleanup, naming, private_copy, remove_orphan_copies,
    scrub_backups, work_of,
};
pub use lock::Lock;

/// What a sync did, for the summary, `--json` and the sync history.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
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
    /// Backups an erasure could not reach yet, with why (tried again at every sync).
    pub unscrubbed: Vec<(String, String)>,
    /// Changes of some laptop set aside (file, what and why), the rest being synced.
    pub held_back: Vec<(String, HeldBack)>,
    pub backup: Option<String>,
    /// The published file was read back and holds what this laptop holds.
    pub verified: bool,
    /// Nothing to do: the file is the one verified after the last sync and the base has not
    /// changed since. Neither was read through nor written, and the sync is not written in
    /// the base's history: the interface notes it there ([`Store::record_sync`]), where the
    /// facilitator looks for it; `comptoir sync` leaves the base as it was.
    pub unchanged: bool,
}

impl SyncReport {
    /// The summary printed after a sync.
    pub fn sentence(&self) -> String {
        let mut s = if self.dry_run {
            crate::t!(
                "Simulation : {sent} modification(s) à envoyer, {received} à recevoir ; rien n'a été modifié.",
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
        for (file, why) in &self.unscrubbed {
            s.push_str(&crate::t!(
                " Sauvegarde pas encore nettoyée des personnes effacées : {file} ({why}) ; nouvel essai à la prochaine synchronisation.",
                file,
                why
            ));
        }
        for (file, h) in &self.held_back {
            s.push_str(&format!(" {file} : {}", h.sentence()));
        }
        if self.verified {
            s.push_str(tr(" Vous pouvez retirer la clé."));
        } else if !self.dry_run {
            s.push_str(tr(
                " Gardez la clé : le fichier publié ne contient pas encore tout ce que cet ordinateur a (voir ci-dessus) ; synchronisez à nouveau.",
            ));
        }
        s
    }
}

/// Reports progress: a short French label and a fraction from 0 to 1.
pub type Progress<'a> = &'a mut dyn FnMut(&str, f64);

/// Told once, with the holder's host, when a lock is held and waited for.
pub type Waiting<'a> = &'a mut dyn FnMut(&str);

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
    let target = &shared_target(target)?;
    let folder_mode = target.is_dir();
    if target.exists() && !folder_mode && !target.is_file() {
        bail!(crate::t!(
            "{path} n'est pas un fichier ordinaire (périphérique ou tube) : choisissez le fichier de la clé ou un dossier partagé. Rien n'a été modifié.",
            path = target.display()
        ));
    }
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
            "Le dossier {path} est introuvable : la clé USB est-elle branchée, le dossier partagé accessible ?",
            path = folder.display()
        ));
    }
    // SQLite's own files beside a base: replacing one would be lost at the base's next opening.
    if target.file_name().is_some_and(|n| {
        let n = n.to_string_lossy();
        n.ends_with("-wal") || n.ends_with("-shm") || n.ends_with("-journal")
    }) {
        bail!(crate::t!(
            "{path} est un fichier de travail de SQLite, pas un fichier partagé : choisissez le fichier .sqlite de la clé. Rien n'a été modifié.",
            path = target.display()
        ));
    }
    if is_local_base(target, &local_path) {
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
            local
                .difference(&private_copy(&own, &work_of(local)?, local.phrase())?)?
                .0
        } else {
            local.change_count()?
        };
        let sources = if folder_mode {
            shared_files(&folder, &own)
        } else {
            vec![own]
        };
        for f in sources.iter().filter(|f| f.exists()) {
            report.received += local
                .difference(&private_copy(f, &work_of(local)?, local.phrase())?)?
                .1;
        }
        report.conflicts = local.open_conflicts()?;
        return Ok(report);
    }

    // What is published is encrypted with the campaign's passphrase: without it, or with one
    // that opens none of the encrypted files there, nothing is touched.
    let phrase = local
        .phrase()
        .cloned()
        .ok_or_else(|| Refusal::Missing(target.to_path_buf()))?;
    // The file holds what this laptop verified after its last sync, and nothing was written
    // here since: nothing comes in, nothing goes out (sync/unchanged.rs).
    if !folder_mode && unchanged::nothing_to_do(local, target)? {
        report.verified = true;
        report.unchanged = true;
        report.conflicts = local.open_conflicts()?;
        progress(tr("Terminé"), 1.0);
        return Ok(report);
    }
    // (A single file is opened once, as its copy under the lock: a wrong passphrase is said
    // there, before anything is written, without opening the file a first time to try it.)
    if folder_mode {
        let own = own_file(&folder, local);
        let mut files = vec![own.clone()];
        files.extend(shared_files(&folder, &own));
        check_phrase(&files, &phrase)?;
    }

    // The laptop's base is backed up before the first file that brings anything is merged
    // into it; a sync that only sends leaves it as it was, without a backup.
    let mut made = BackupOnce::default();
    let erased_before = local.forget_set()?.len();
    // The digest of the file read back, when it and the base hold the same changes.
    let mut seen = None;

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
                match work_of(local).and_then(|work| {
                    merge_copy(local, file, &work, &mut |local| made.before_writing(local))
                }) {
                    Ok(stats) => {
                        report.received += stats.received as i64;
                        report.ahead.extend(stats.ahead);
                        report
                            .held_back
                            .extend(stats.held_back.into_iter().map(|h| (name.clone(), h)));
                    }
                    Err(e) => report.skipped.push((name, crate::strings::user_error(&e))),
                }
            }
        })?;
        let published = publish(local, &local_path, &own, &mut made, progress)?;
        report.take(&own, published);
        // Files this laptop published under an id it no longer writes under: what they held is
        // in its own file now, and they would keep people erased since.
        for old in local.previous_sites()? {
            let file = folder.join(format!("comptoir-{}.sqlite", old.short()));
            if file != own
                && file.is_file()
                && let Ok(_lock) = Lock::take(&file, Duration::ZERO, &mut |_| {})
            {
                let _ = std::fs::remove_file(&file);
            }
        }
    } else {
        let published = publish(local, &local_path, target, &mut made, progress)?;
        report.received += published.received.received as i64;
        seen = published.seen.clone();
        report.take(target, published);
    }
    report.conflicts = local.open_conflicts()?;
    local.record_sync(
        &report.target,
        report.sent,
        report.received,
        report.conflicts,
    )?;
    // The passphrase that worked is kept on the laptop for the next syncs.
    local.keep_phrase()?;
    local.keep_derived_keys()?;
    let pending = local.setting(files::SCRUB_PENDING)?.as_deref() == Some("1");
    let erased_now = local.forget_set()?.len() > erased_before;
    if erased_now || pending {
        // People erased on another laptop (or a scrub left unfinished): gone from this
        // laptop's backups too.
        progress(tr("Effacement dans les sauvegardes"), 0.95);
        report.unscrubbed = scrub_backups(local)?;
    }
    // A backup made for a file that in the end brought nothing in (all it had was set aside:
    // a clock far ahead, a copied base) is taken back: syncs with such a key, again and again,
    // must not push the good backups out of the ten kept.
    report.backup = made.keep_if(report.received > 0 || erased_now);
    // Noted only after a clean sync: anything said besides (set aside, ahead, skipped, not
    // scrubbed) is said again next time, by a whole sync.
    let clean = report.verified
        && report.held_back.is_empty()
        && report.ahead.is_empty()
        && report.skipped.is_empty()
        && report.unscrubbed.is_empty();
    if !folder_mode {
        unchanged::note(local, target, seen.as_deref().filter(|_| clean))?;
    }
    progress(tr("Terminé"), 1.0);
    Ok(report)
}

/// Before anything is touched: a passphrase that opens none of the encrypted files among
/// `files` (tried in order until one opens) is wrong. A damaged or foreign file is left to the
/// steps that name it; a file of another passphrase beside good ones is skipped and named.
fn check_phrase(files: &[PathBuf], phrase: &Phrase) -> Result<(), Refusal> {
    let mut wrong = None;
    for f in files
        .iter()
        .filter(|f| cipher::content(f) == Content::Encrypted)
    {
        match cipher::try_phrase(f, phrase) {
            Ok(()) => return Ok(()),
            Err(refusal @ Refusal::Wrong(_)) => {
                wrong.get_or_insert(refusal);
            }
            Err(_) => {}
        }
    }
    wrong.map_or(Ok(()), Err)
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

/// What publishing into one shared file did.
struct Published {
    /// Changes the shared file did not have.
    sent: i64,
    /// What the local base took from it.
    received: crate::store::MergeStats,
    /// What of the local base the shared file did not take.
    not_sent: Vec<HeldBack>,
    /// The published file checked out and holds everything the local base holds.
    verified: bool,
    /// The digest of the file read back, when it holds exactly the base's changes.
    seen: Option<String>,
}

impl SyncReport {
    fn take(&mut self, file: &Path, p: Published) {
        let name = file.display().to_string();
        self.sent = p.sent;
        let all_sent = p.not_sent.is_empty();
        self.ahead.extend(p.received.ahead);
        // A restored base is told once, by what it received, not again by what it sent.
        let restored: Vec<String> = p
            .received
            .held_back
            .iter()
            .filter(|h| matches!(h.why, HoldReason::Restored { .. }))
            .map(|h| h.site.clone())
            .collect();
        for h in p.received.held_back.into_iter().chain(
            p.not_sent
                .into_iter()
                .filter(|h| !restored.contains(&h.site)),
        ) {
            // Both ways may find the same two versions: said once.
            let said = self.held_back.iter().any(|(f, k)| {
                f == &name
                    && k.site == h.site
                    && std::mem::discriminant(&k.why) == std::mem::discriminant(&h.why)
            });
            if !said {
                self.held_back.push((name.clone(), h));
            }
        }
        // Keep the key only while some of this laptop's own changes did not make it.
        self.verified = p.verified && all_sent;
    }
}

/// The laptop's base backed up once in a sync, before the first merge that writes into it
/// (`Store::merge_from_guarded`). A sync that fails (a refused file) takes its backup back: a
/// bad key tried again and again must not push the good backups out of the ten kept.
#[derive(Default)]
struct BackupOnce(Option<files::RemoveOnDrop>);

impl BackupOnce {
    fn before_writing(&mut self, local: &Store) -> Result<()> {
        if self.0.is_none() {
            self.0 = Some(files::RemoveOnDrop::new(backup(local)?));
        }
        Ok(())
    }

    /// The sync went through: the backup stays if the base `took_in` anything (its path, if
    /// one was made); otherwise it goes.
    fn keep_if(&mut self, took_in: bool) -> Option<String> {
        let made = self.0.take()?;
        if !took_in {
            return None;
        }
        let path = made.path().display().to_string();
        made.disarm();
        Some(path)
    }
}

/// A private copy of a file from elsewhere, merged into `store`; messages name the file, never
/// its copy.
fn merge_copy(
    store: &mut Store,
    file: &Path,
    work: &Path,
    before_writing: &mut dyn FnMut(&Store) -> Result<()>,
) -> Result<crate::store::MergeStats> {
    let copy = files::private_copy_to_merge(file, work, store.phrase())?;
    fault_point("copie-privee");
    store
        .merge_from_guarded(&copy, before_writing)
        .map_err(|e| anyhow::anyhow!(files::naming(e, &copy, file)))
}

/// Publishes the local database into the shared file `target` by the safe route (lock,
/// temporary copy, what it brings taken in, what it lacks merged in, flush, rename), and reads
/// the published file again.
fn publish(
    local: &mut Store,
    local_path: &Path,
    target: &Path,
    made: &mut BackupOnce,
    progress: Progress,
) -> Result<Published> {
    let target = &shared_target(target)?;
    let clock = system_clock_of(local);
    let reference = local.reference_arc();
    let phrase = local
        .phrase()
        .cloned()
        .ok_or_else(|| Refusal::Missing(target.to_path_buf()))?;
    // A laptop does not wait for another's sync: it is told, and tries again.
    let ((sent, stats, held), written) = through_copy(
        target,
        reference,
        clock,
        &phrase,
        unchanged::verified(local, target)?,
        Duration::ZERO,
        &mut |_| {},
        progress,
        |shared, copy, progress| {
            // What the shared file brings is taken first: a file this laptop refuses (a copied
            // base, an impossible clock, a planted value) gets nothing sent and is not
            // republished; a base restored from a backup learns it here, before it sends.
            progress(tr("Réception des modifications"), 0.55);
            fault_point("avant-fusion");
            // The very bytes verified after the last clean sync held then nothing this base
            // lacked, and a base only gains changes (one copied back from a backup has that
            // backup's note, of another file): nothing to take in, nothing to read for it.
            let stats = if copy.known {
                crate::store::MergeStats::default()
            } else {
                local
                    .merge_from_guarded(copy.path, &mut |local| made.before_writing(local))
                    .map_err(|e| anyhow::anyhow!(files::naming(e, copy.path, target)))?
            };
            fault_point("apres-reception");
            progress(tr("Envoi des modifications"), 0.65);
            // What this laptop erased is its own decision: the shared file takes it whole.
            shared.accept_erasures();
            // With what the file will hold against this base, counted while both are open:
            // the file read back after the rename is compared by its bytes with this copy.
            let (sent, held) = shared
                .merge_from_own_base(local_path)
                .map_err(anyhow::Error::from)?;
            fault_point("apres-fusion");
            let changed = sent.received > 0 || sent.newly_forgotten > 0 || sent.erased > 0;
            Ok(((sent, stats, held), changed))
        },
    )?;
    // What this laptop wrote has left it: a backup copied back later is known to be behind.
    // (Not a reason to call the sync failed if the note cannot be written: the merge still
    // detects a restored base, later, and says how to get out of it.)
    let _ = local.note_published();
    fault_point("apres-renommage");
    progress(tr("Vérification du fichier publié"), 0.9);
    let (verified, seen) = unchanged::verify_noting(target, local, &written, held)?;
    Ok(Published {
        sent: sent.received as i64,
        received: stats,
        not_sent: sent.held_back,
        verified,
        seen,
    })
}

/// The protocol every writer of a shared file follows (a laptop's sync, the central merge):
/// take the lock (waiting up to `wait` for a live owner), copy the file beside itself, open the
/// copy, let `work` merge into it, flush it, check that the lock is still this one's, and rename
/// the copy over the file. A pulled key, a kill or a lost lock leaves the old file, whole.
/// `work` says whether it changed the copy: a file that gains nothing (and needs no upgrade) is
/// left as it was, never rewritten. A copy that holds the very bytes `verified` (the digest of
/// the file as this laptop verified it after its last sync) is not checked whole again: it
/// was then. Returns what `work` returned and the digest of the bytes
/// the file should now hold (`unchanged::digest_file`), for reading it back. The copy is encrypted with `phrase`: a plaintext file (an
/// earlier version's) is copied encrypted and published so even with nothing new, and no
/// plaintext byte of it is written beside it.
#[allow(clippy::too_many_arguments)]
fn through_copy<T>(
    target: &Path,
    reference: std::sync::Arc<crate::domain::reference::Reference>,
    clock: crate::store::WallClock,
    phrase: &Phrase,
    verified: Option<String>,
    wait: Duration,
    waiting: Waiting,
    progress: Progress,
    work: impl FnOnce(&mut Store, &WorkCopy, Progress) -> Result<(T, bool)>,
) -> Result<(T, String)> {
    let lock = Lock::take(target, wait, waiting)?;
    let result = (|| {
        fault_point("verrou");
        files::remove_orphan_temporaries(target, lock.token());
        files::remove_foreign_journals(target);
        let tmp = files::temporary_beside(target, lock.token());
        let cleanup = files::RemoveOnDrop::new(tmp.clone());
        progress(tr("Copie du fichier partagé"), 0.5);
        let existed = target.exists();
        let plaintext = cipher::content(target) == Content::Plain;
        // The digest of the file as copied: the very bytes this laptop verified after its
        // last sync need no new check (`unchanged::verified`).
        let copied = if plaintext {
            cipher::encrypt_copy(target, &tmp, phrase).map_err(|e| {
                anyhow::anyhow!(crate::t!(
                    "Lecture de {path} impossible : {why}. Le fichier partagé n'a pas été modifié.",
                    path = target.display(),
                    why = crate::strings::storage_error(&e)
                ))
            })?;
            None
        } else if existed {
            Some(files::copy_checked(target, &tmp)?)
        } else {
            None
        };
        fault_point("copie");
        // The very bytes this laptop verified after its last sync: neither their pages nor
        // their schema need a new check.
        let known = copied.is_some() && copied == verified;
        let objects = if known {
            crate::store::Objects::Known
        } else {
            crate::store::Objects::Compared
        };
        let out = {
            let mut shared = Store::open_shared_as(&tmp, reference, clock, Some(phrase), objects)
                .map_err(|e| {
                if let Some(refusal) = e.downcast_ref::<Refusal>() {
                    return anyhow::Error::new(refusal.clone().of(target));
                }
                let text = files::naming(e, &tmp, target);
                anyhow::anyhow!(crate::t!(
                    "{text} Le fichier partagé n'a pas été modifié.",
                    text
                ))
            })?;
            // Flushed whole before the rename (below): no flush of its own at each transaction.
            shared.write_as_temporary_copy()?;
            // A file of an earlier schema is published upgraded, even with nothing new in it;
            // a plaintext one is published encrypted.
            let upgrade = shared.was_upgraded() || plaintext;
            if !known && shared.quick_check()? != "ok" {
                bail!(crate::t!(
                    "Le fichier partagé {path} est abîmé : il n'a pas été modifié ; reprenez la dernière copie saine (check).",
                    path = target.display()
                ));
            }
            let copy = WorkCopy { path: &tmp, known };
            let (out, changed) = work(&mut shared, &copy, progress)?;
            if existed && !changed && !upgrade {
                drop(shared);
                return Ok((out, unchanged::digest_file(&tmp)?));
            }
            // A shared file opened as a base before (the central file, for its report) keeps
            // its identity through the rename.
            shared.carry_place(target)?;
            out
        };
        // The digest of what is written is taken from memory while the disk takes the copy
        // (the flush waits on the disk, the digest on the processor).
        let (flushed, written) = std::thread::scope(|s| {
            let digest = s.spawn(|| unchanged::digest_file(&tmp));
            let flushed = files::flush_file(&tmp);
            let written = digest
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
            (flushed, written)
        });
        flushed?;
        let written = written?;
        fault_point("avant-renommage");
        lock.ensure_ours(target)?;
        files::rename_over(&tmp, target)?;
        cleanup.disarm();
        files::flush_folder(target)?;
        Ok((out, written))
    })();
    // Whatever went wrong while another writer took the lock over (its copy removed under
    // this one's feet) is said as what it is.
    match result {
        Err(_) if !lock.still_ours() => Err(lock::lost(target)),
        other => other,
    }
}

/// The temporary copy of a shared file that a writer works on ([`through_copy`]).
struct WorkCopy<'a> {
    path: &'a Path,
    /// It holds the very bytes this laptop verified after its last clean sync with the file:
    /// their pages and schema were checked then, and they held nothing the base lacked.
    known: bool,
}

/// The file a shared path stands for: a symbolic link is followed to the file it names, so the
/// real file is the one updated (its lock and temporary copy beside it); a link to nothing is
/// refused.
fn shared_target(target: &Path) -> Result<PathBuf> {
    let link = std::fs::symlink_metadata(target).is_ok_and(|m| m.file_type().is_symlink());
    if !link {
        return Ok(target.to_path_buf());
    }
    std::fs::canonicalize(target).map_err(|_| {
        anyhow::anyhow!(crate::t!(
            "{path} est un lien vers un fichier introuvable : donnez le chemin du fichier lui-même. Rien n'a été modifié.",
            path = target.display()
        ))
    })
}

/// Whether `target` is the local base itself, whatever path names it (a link, `..`, another
/// mount): judged by the file's identity.
fn is_local_base(target: &Path, local: &Path) -> bool {
    same_file::is_same_file(target, local).unwrap_or(false)
}

/// What a central merge leaves, read on the merged copy before it is published. (Not its
/// digest: that reads the whole central file through again, a fifth of a large merge;
/// `comptoir check` gives it.)
#[derive(Debug, Clone, Serialize)]
pub struct CentralSummary {
    pub outcomes: Vec<FileOutcome>,
    pub ahead: Vec<ClockAhead>,
    pub open_conflicts: i64,
}

/// `comptoir merge --into`: the central file is written as a laptop writes a key (the same
/// lock, copy, merge and rename), so a merge and a sync on it never lose each other's work. A
/// merge waits for a sync under way rather than failing. The central file and every encrypted
/// file merged are opened with `phrase`; one that opens none of them stops the merge before
/// anything is touched.
#[allow(clippy::too_many_arguments)]
pub fn merge_into(
    central: &Path,
    inputs: &[PathBuf],
    reference: std::sync::Arc<crate::domain::reference::Reference>,
    phrase: &Phrase,
    accept_erasures: bool,
    waiting: Waiting,
    progress: Progress,
) -> Result<CentralSummary> {
    let central = shared_target(central)?;
    if central.is_dir() {
        bail!(crate::t!(
            "{path} est un dossier, pas une base comptoir.",
            path = central.display()
        ));
    }
    if central.exists() && !central.is_file() {
        bail!(crate::t!(
            "{path} n'est pas un fichier ordinaire (périphérique ou tube) : choisissez le fichier central. Rien n'a été modifié.",
            path = central.display()
        ));
    }
    // The Mission ESS's own folder: made if needed (a key's folder missing means no key).
    crate::paths::ensure_parent(&central)?;
    // Regular files only are compared: opening a named pipe to compare it would wait for ever
    // (a pipe is refused, named, when its turn comes).
    if let Some(same) = inputs.iter().find(|i| {
        i.is_file() && central.is_file() && same_file::is_same_file(i, &central).unwrap_or(false)
    }) {
        bail!(crate::t!(
            "{path} est le fichier central lui-même : il ne peut pas être fusionné dans lui-même. Rien n'a été modifié.",
            path = same.display()
        ));
    }
    let mut files = vec![central.clone()];
    files.extend(expand_folders(inputs));
    check_phrase(&files, phrase)?;
    through_copy(
        &central,
        reference,
        crate::store::system_wall_clock(),
        phrase,
        None,
        CENTRAL_WAIT,
        waiting,
        progress,
        |store, _, progress| {
            if accept_erasures {
                store.accept_erasures();
            }
            let outcomes = merge_files(store, inputs, &crate::paths::work_dir(&central), progress)?;
            let changed = outcomes.iter().any(|o| o.received > 0 || o.forgotten > 0);
            Ok((
                CentralSummary {
                    outcomes,
                    ahead: store.clocks_ahead()?,
                    open_conflicts: store.open_conflicts()?,
                },
                changed,
            ))
        },
    )
    .map(|(out, _)| out)
}

/// How long a central merge waits for a sync of the central file to end.
const CENTRAL_WAIT: Duration = Duration::from_secs(10 * 60);

fn system_clock_of(local: &Store) -> crate::store::WallClock {
    let now = local.wall_ms();
    let start = std::time::Instant::now();
    // The shared copy follows this laptop's clock (tests set it), moving on in real time.
    std::sync::Arc::new(move || now + start.elapsed().as_millis() as i64)
}

/// The files given to a merge, each folder replaced by the comptoir files in it.
fn expand_folders(inputs: &[PathBuf]) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for input in inputs {
        if input.is_dir() {
            files.extend(shared_files(input, Path::new("")));
        } else {
            files.push(input.clone());
        }
    }
    files
}

/// `comptoir phrase --changer FILE`: the file encrypted with `new` instead of its passphrase
/// (`old`), by the same route as a sync (lock, copy, rekey on the copy, flush, rename), so a
/// sync or a merge under way never loses its work and a kill leaves the old file. A plaintext
/// file (an earlier version's) is encrypted with `new`.
pub fn change_phrase(
    file: &Path,
    old: Option<&Phrase>,
    new: &Phrase,
    reference: std::sync::Arc<crate::domain::reference::Reference>,
    progress: Progress,
) -> Result<()> {
    let file = shared_target(file)?;
    match cipher::content(&file) {
        Content::Absent => bail!(crate::t!("{path} est introuvable.", path = file.display())),
        Content::Empty | Content::Other => {
            return Err(Refusal::NotComptoir(file.to_path_buf()).into());
        }
        Content::Plain => {
            return through_copy(
                &file,
                reference,
                crate::store::system_wall_clock(),
                new,
                None,
                CENTRAL_WAIT,
                &mut |_| {},
                progress,
                |_, _, _| Ok(((), true)),
            )
            .map(|(out, _)| out);
        }
        Content::Encrypted => {}
    }
    if !file.is_file() {
        bail!(crate::t!(
            "{path} n'est pas un fichier ordinaire (périphérique ou tube) : donnez le chemin d'un fichier comptoir.",
            path = file.display()
        ));
    }
    let old = old.ok_or_else(|| Refusal::Missing(file.to_path_buf()))?;
    cipher::try_phrase(&file, old)?;
    through_copy(
        &file,
        reference,
        crate::store::system_wall_clock(),
        old,
        None,
        CENTRAL_WAIT,
        &mut |_| {},
        progress,
        |shared, _, progress| {
            progress(tr("Chiffrement avec la nouvelle phrase secrète"), 0.7);
            shared.rekey(new)?;
            Ok(((), true))
        },
    )
    .map(|(out, _)| out)
}

/// One file's outcome in a central merge.
#[derive(Debug, Clone, Serialize)]
pub struct FileOutcome {
    pub file: String,
    pub received: usize,
    pub error: Option<String>,
    /// Changes of some laptop not taken from this file, and why (the rest was merged).
    pub held_back: Vec<String>,
    /// Erasures it brought.
    pub forgotten: usize,
}

/// `comptoir merge`: every file (folders are opened), in the given order, merged into
/// `central`, one transaction each; a file that cannot be read is skipped and reported.
pub fn merge_files(
    central: &mut Store,
    inputs: &[PathBuf],
    work: &Path,
    progress: Progress,
) -> Result<Vec<FileOutcome>> {
    let files = expand_folders(inputs);
    let out = central.merge_run(|central| {
        let mut out = Vec::new();
        for (i, file) in files.iter().enumerate() {
            progress(
                &crate::t!("Fusion de {path}", path = file.display()),
                i as f64 / files.len().max(1) as f64,
            );
            out.push(match merge_copy(central, file, work, &mut |_| Ok(())) {
                Ok(stats) => FileOutcome {
                    file: file.display().to_string(),
                    received: stats.received,
                    error: None,
                    held_back: stats.held_back.iter().map(HeldBack::sentence).collect(),
                    forgotten: stats.newly_forgotten,
                },
                Err(e) => FileOutcome {
                    file: file.display().to_string(),
                    received: 0,
                    error: Some(crate::strings::user_error(&e)),
                    held_back: Vec::new(),
                    forgotten: 0,
                },
            });
        }
        out
    })?;
    progress(tr("Terminé"), 1.0);
    Ok(out)
}
