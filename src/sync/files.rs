//! File moves done carefully: copies checked, flushed to the device, folders flushed after a
//! rename, temporary files named so they are never read and cleaned up next time.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};

use crate::store::{Phrase, Refusal, Store};

/// `name.sqlite` → `.name.sqlite.tmp-<token>` in the same folder (so the rename is atomic), the
/// token being the lock's: the temporary file belongs to that lock.
pub fn temporary_beside(target: &Path, token: &str) -> PathBuf {
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    target.with_file_name(format!(".{name}.tmp-{token}"))
}

/// Deletes the temporary files beside `target` that belong to no live lock: the caller holds
/// the lock (token `mine`), so any other was left by a sync that is gone.
pub fn remove_orphan_temporaries(target: &Path, mine: &str) {
    let Some(folder) = target.parent() else {
        return;
    };
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let prefix = format!(".{name}.tmp-");
    let own = format!("{prefix}{mine}");
    if let Ok(entries) = std::fs::read_dir(if folder.as_os_str().is_empty() {
        Path::new(".")
    } else {
        folder
    }) {
        for e in entries.flatten() {
            let file = e.file_name().to_string_lossy().into_owned();
            if file.starts_with(&prefix) && !file.starts_with(&own) {
                let _ = std::fs::remove_file(e.path());
            }
        }
    }
}

/// Removes a file when dropped, unless disarmed (a temporary file after a failure).
/// Registered as this process's, so Ctrl+C and SIGTERM remove it too.
pub struct RemoveOnDrop(PathBuf);

impl RemoveOnDrop {
    pub fn new(path: PathBuf) -> RemoveOnDrop {
        register(&path);
        RemoveOnDrop(path)
    }

    pub fn path(&self) -> &Path {
        &self.0
    }

    pub fn disarm(self) {
        unregister(&self.0);
        std::mem::forget(self);
    }
}

impl Drop for RemoveOnDrop {
    fn drop(&mut self) {
        remove_with_journals(&self.0);
        unregister(&self.0);
    }
}

/// Renames `from` over `to`. On Windows another program holding `to` open (an antivirus, the
/// file explorer's preview) makes the rename fail for a moment: it is tried again for about
/// five seconds, then said in French. Elsewhere a rename over an open file simply succeeds.
pub fn rename_over(from: &Path, to: &Path) -> Result<()> {
    // Unix: the file replaced is let go of on a thread of its own. A file no longer named is
    // taken out of the system's cache and its space given back when its last opening closes:
    // in the rename itself, that took as long as the flush of the folder that follows (a
    // key's 600 pages, a millisecond). (Windows: a rename over a file held open may be
    // refused, and nothing is held.)
    #[cfg(unix)]
    let replaced = std::fs::File::open(to).ok();
    let mut tries = 0;
    loop {
        match std::fs::rename(from, to) {
            Ok(()) => {
                #[cfg(unix)]
                if let Some(replaced) = replaced {
                    std::thread::spawn(move || drop(replaced));
                }
                return Ok(());
            }
            Err(e) if held_by_another_program(&e) && tries < 50 => {
                tries += 1;
                std::thread::sleep(std::time::Duration::from_millis(100));
            }
            Err(e) if held_by_another_program(&e) => bail!(crate::t!(
                "{path} est ouvert par un autre programme (antivirus, aperçu de l'explorateur de fichiers ?) : fermez-le puis recommencez. Rien n'a été publié.",
                path = to.display()
            )),
            Err(e) => {
                return Err(anyhow::anyhow!(crate::t!(
                    "Impossible de remplacer {path} : {why}",
                    path = to.display(),
                    why = crate::strings::io_error(&e)
                )));
            }
        }
    }
}

/// A Windows sharing violation (32), lock violation (33) or access denied (5) on a rename.
fn held_by_another_program(e: &std::io::Error) -> bool {
    cfg!(windows) && matches!(e.raw_os_error(), Some(5 | 32 | 33))
}

/// Copies `from` to `to` (owner-only); flushed by the caller before it is renamed anywhere.
/// Returns the digest of the bytes copied ([`digest_of`]).
pub fn copy_checked(from: &Path, to: &Path) -> Result<String> {
    let _ = std::fs::remove_file(to);
    let digest = std::fs::File::open(from)
        .and_then(|f| copy_private(f, to))
        .map_err(|e| {
            anyhow::anyhow!(crate::t!(
                "Copie de {path} impossible : {why}. Rien n'a été modifié.",
                path = from.display(),
                why = crate::strings::io_error(&e)
            ))
        })?;
    start_writing(to);
    Ok(digest)
}

/// Asks the system to start writing the file at `path` to the disk now, without waiting: the
/// flush before its rename then waits only for the pages changed since (the merge's few), not
/// for the whole copy. Linux only (`sync_file_range`); elsewhere that flush writes it all.
fn start_writing(path: &Path) {
    #[cfg(target_os = "linux")]
    if let Ok(file) = std::fs::File::open(path) {
        use std::os::fd::AsRawFd;
        // SAFETY: a system call on a descriptor held open for its duration; it only starts the
        // writing of pages already written (its result changes nothing: the flush follows).
        unsafe {
            libc::sync_file_range(file.as_raw_fd(), 0, 0, libc::SYNC_FILE_RANGE_WRITE);
        }
    }
    #[cfg(not(target_os = "linux"))]
    let _ = path;
}

/// Flushes a file to the device, through a handle that may write: Windows refuses to flush
/// (`FlushFileBuffers`) a file opened for reading only.
pub fn flush_file(path: &Path) -> Result<()> {
    std::fs::OpenOptions::new()
        .write(true)
        .open(path)
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
    // Windows has no flush of a folder through the standard library (a folder handle needs
    // FILE_FLAG_BACKUP_SEMANTICS); NTFS journals the rename itself, and FAT keys are flushed
    // on removal. Nothing to do there.
    #[cfg(not(unix))]
    let _ = path;
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

/// The temporary files this process owns now (private copies, a sync's copy beside its target,
/// partial backups, its lock): removed on Ctrl+C and SIGTERM by [`install_cleanup`].
static LIVE: std::sync::Mutex<Vec<PathBuf>> = std::sync::Mutex::new(Vec::new());

pub(crate) fn register(path: &Path) {
    if let Ok(mut live) = LIVE.lock() {
        live.push(path.to_path_buf());
    }
}

pub(crate) fn unregister(path: &Path) {
    if let Ok(mut live) = LIVE.lock() {
        live.retain(|p| p != path);
    }
}

/// Removes a database file and the journals SQLite may have left beside it.
fn remove_with_journals(path: &Path) {
    let _ = std::fs::remove_file(path);
    for suffix in ["-journal", "-wal", "-shm"] {
        let mut p = path.as_os_str().to_owned();
        p.push(suffix);
        let _ = std::fs::remove_file(PathBuf::from(p));
    }
}

/// On Ctrl+C or SIGTERM (Ctrl+C or closing the console on Windows), the temporary files of
/// this process are removed before it ends (status 130). In the interface, Ctrl+C is a key,
/// not a signal.
pub fn install_cleanup() {
    let _ = ctrlc::set_handler(|| {
        if let Ok(live) = LIVE.lock() {
            for p in live.iter() {
                remove_with_journals(p);
            }
        }
        eprintln!(
            "{}",
            crate::i18n::tr(
                "Arrêt demandé : les fichiers temporaires sont retirés ; rien n'a été publié à moitié."
            )
        );
        std::process::exit(130);
    });
}

/// What went wrong with a copy, said of the file the person named: the copy's path (a
/// private copy, a sync's temporary file) never reaches a message.
pub fn naming(e: impl std::fmt::Display, copy: &Path, real: &Path) -> String {
    format!("{e:#}").replace(&copy.display().to_string(), &real.display().to_string())
}

/// A private copy of a file, owned by this process: removed (with its journals) when dropped,
/// on Ctrl+C and SIGTERM, and by the next process to use its folder if this one was killed.
#[derive(Debug)]
pub struct PrivateCopy(PathBuf);

impl PrivateCopy {
    /// The name of a new private file in `work`, not yet written (an import builds its
    /// database there).
    pub fn empty(work: &Path) -> Result<PrivateCopy> {
        PrivateCopy::new(work)
    }

    fn new(work: &Path) -> Result<PrivateCopy> {
        crate::paths::ensure_parent(&work.join("x"))?;
        remove_orphan_copies(work);
        let path = work.join(format!(
            "copie-{}-{}.sqlite",
            std::process::id(),
            uuid::Uuid::new_v4().simple()
        ));
        register(&path);
        Ok(PrivateCopy(path))
    }
}

impl std::ops::Deref for PrivateCopy {
    type Target = Path;
    fn deref(&self) -> &Path {
        &self.0
    }
}

impl AsRef<Path> for PrivateCopy {
    fn as_ref(&self) -> &Path {
        &self.0
    }
}

impl Drop for PrivateCopy {
    fn drop(&mut self) {
        remove_with_journals(&self.0);
        unregister(&self.0);
    }
}

/// Copies that a killed process left in `work` (their process no longer runs): removed by the
/// next process that makes a copy there or opens the base.
pub fn remove_orphan_copies(work: &Path) {
    let Ok(dir) = std::fs::read_dir(work) else {
        return;
    };
    for e in dir.flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        let pid = name
            .strip_prefix("copie-")
            .and_then(|r| r.split('-').next())
            .and_then(|p| p.parse::<u32>().ok());
        if let Some(pid) = pid
            && pid != std::process::id()
            && super::lock::alive(pid, None) == Some(false)
        {
            let _ = std::fs::remove_file(e.path());
        }
    }
}

/// A private, up-to-date copy of a comptoir file (with its WAL if it has one), made in `work`
/// (a base's own private folder, `paths::work_dir`, never the system's temporary folder),
/// opened once so an older schema is upgraded on the copy and a newer or damaged file is
/// refused. An encrypted file is copied as it is (its copy stays encrypted) and opened with
/// `phrase`.
pub fn private_copy(source: &Path, work: &Path, phrase: Option<&Phrase>) -> Result<PrivateCopy> {
    copy_opened(source, work, phrase, true)
}

/// [`private_copy`] for a merge, which checks the pages of the tables it reads itself
/// (`Store::merge_from`): the rest of the file (its rows, search indexes and levels, never
/// read by a merge) is not read through a second time.
pub fn private_copy_to_merge(
    source: &Path,
    work: &Path,
    phrase: Option<&Phrase>,
) -> Result<PrivateCopy> {
    copy_opened(source, work, phrase, false)
}

fn copy_opened(
    source: &Path,
    work: &Path,
    phrase: Option<&Phrase>,
    whole_check: bool,
) -> Result<PrivateCopy> {
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
    if !source.is_file() {
        bail!(crate::t!(
            "{path} n'est pas un fichier ordinaire (périphérique ou tube) : donnez le chemin d'un fichier comptoir.",
            path = source.display()
        ));
    }
    let copy = PrivateCopy::new(work)?;
    let from = std::fs::File::open(source).map_err(|e| {
        anyhow::anyhow!(crate::t!(
            "Lecture de {path} impossible : {why}",
            path = source.display(),
            why = crate::strings::io_error(&e)
        ))
    })?;
    copy_private(from, &copy).map_err(|e| {
        anyhow::anyhow!(crate::t!(
            "Lecture de {path} impossible : {why}",
            path = source.display(),
            why = crate::strings::io_error(&e)
        ))
    })?;
    let wal = sqlite_file_beside(source, "-wal");
    if in_wal_mode(source)
        && let Ok(from) = std::fs::File::open(&wal)
    {
        let mut to = copy.as_os_str().to_owned();
        to.push("-wal");
        copy_private(from, Path::new(&to))?;
    }
    {
        let reference = std::sync::Arc::new(crate::paths::builtin_reference());
        // Messages name the file the user gave, never the private copy.
        let store = Store::open_shared(&copy, reference, crate::store::system_wall_clock(), phrase)
            .map_err(|e| {
                // A passphrase missing or wrong stays what it is (the interface asks again).
                if let Some(refusal) = e.downcast_ref::<Refusal>() {
                    return anyhow::Error::new(refusal.clone().of(source));
                }
                let text = naming(e, &copy, source);
                if text.contains(&source.display().to_string()) {
                    anyhow::anyhow!(text)
                } else {
                    anyhow::anyhow!("{} : {text}", source.display())
                }
            })?;
        let check = if whole_check {
            store.quick_check()?
        } else {
            "ok".to_string()
        };
        if check != "ok" {
            bail!(crate::t!(
                "{path} est abîmé : SQLite y trouve des pages illisibles.",
                path = source.display()
            ));
        }
    }
    Ok(copy)
}

/// SQLite's own file `end` (`-wal`, `-shm`, `-journal`) beside `path`.
pub(super) fn sqlite_file_beside(path: &Path, end: &str) -> PathBuf {
    let mut beside = path.as_os_str().to_owned();
    beside.push(end);
    PathBuf::from(beside)
}

/// Whether the file at `path` is a plaintext SQLite base in WAL mode (its header says so): then
/// the WAL beside it is part of it (a laptop's base, copied while in use). A shared file is
/// encrypted and written with a rollback journal: a WAL beside it is no part of it, whatever
/// SQLite would make of it, and every command reads the file alone.
fn in_wal_mode(path: &Path) -> bool {
    use std::io::Read;
    let mut header = [0u8; 20];
    std::fs::File::open(path)
        .and_then(|mut f| f.read_exact(&mut header))
        .is_ok()
        && header.starts_with(b"SQLite format 3\0")
        && header[18] == 2
        && header[19] == 2
}

/// Removes the files SQLite would take as part of the encrypted shared file `target` (a WAL,
/// its index, a rollback journal) though comptoir never leaves any beside one: another
/// program's, or planted. Left there, they would be played over the file another program
/// opens, or over the next file renamed in its place. Called with the file's lock held.
pub fn remove_foreign_journals(target: &Path) {
    if crate::store::cipher::content(target) != crate::store::Content::Encrypted {
        return;
    }
    for end in ["-wal", "-shm", "-journal"] {
        let _ = std::fs::remove_file(sqlite_file_beside(target, end));
    }
}

/// Copies an open file into a new owner-only file (private from its first byte). Not flushed
/// to the device: a private copy is thrown away after use, and a shared file's copy is
/// flushed before it is renamed over the file (`flush_file`).
/// Returns the digest of the bytes copied ([`digest_of`]), read once.
pub fn copy_private(from: std::fs::File, to: &Path) -> std::io::Result<String> {
    let mut out = crate::paths::create_new_private(to)?;
    let mut tee = Tee { from, to: &mut out };
    digest_of(&mut tee)
}

/// The 128-bit XXH3 of what `file` reads, and its length: « digest-length ». Not a
/// cryptographic hash: it tells a file changed by accident, by another laptop or by a hand,
/// not one forged to collide (the encryption of shared files, whose every page SQLCipher
/// authenticates as it reads it, is what guards against that); SHA-256 read a key of 12 500
/// ideas at a fifth of the speed of the disk cache.
pub fn digest_of(mut file: impl std::io::Read) -> std::io::Result<String> {
    let mut h = xxhash_rust::xxh3::Xxh3::new();
    // 128 KiB: under the allocator's threshold for a mapping of its own, so the buffer is not
    // mapped, faulted in page by page and unmapped at each file (a third of a key's copy).
    let mut buf = vec![0u8; 1 << 17];
    let mut len = 0u64;
    loop {
        let n = match file.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        len += n as u64;
        h.update(&buf[..n]);
    }
    Ok(format!("{:032x}-{len}", h.digest128()))
}

/// Reading through it writes what was read to `to`.
struct Tee<'a, R: std::io::Read, W: std::io::Write> {
    from: R,
    to: &'a mut W,
}

impl<R: std::io::Read, W: std::io::Write> std::io::Read for Tee<'_, R, W> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.from.read(buf)?;
        self.to.write_all(&buf[..n])?;
        Ok(n)
    }
}

/// The private folder where a base's temporary copies are made.
pub fn work_of(store: &Store) -> Result<PathBuf> {
    let path = store.path().context(crate::i18n::tr("base en mémoire"))?;
    Ok(crate::paths::work_dir(path))
}

/// This base's own backups folder (`sauvegardes/<name>/` beside it).
fn backups_folder(local: &Store) -> Result<PathBuf> {
    let path = local.path().context(crate::i18n::tr("base en mémoire"))?;
    Ok(crate::paths::backup_dir(path))
}

/// A backup's number in creation order, from its name `sauvegarde-<n>-<date>.sqlite`.
fn backup_number(path: &Path) -> Option<u64> {
    let name = path.file_name()?.to_str()?;
    let rest = name.strip_prefix("sauvegarde-")?.strip_suffix(".sqlite")?;
    rest.split('-').next()?.parse().ok()
}

/// The backups of a base, oldest first by creation order (their number, never the wall
/// clock, which may have been set back).
fn backups(folder: &Path) -> Vec<PathBuf> {
    let mut found: Vec<(u64, PathBuf)> = std::fs::read_dir(folder)
        .map(|dir| {
            dir.filter_map(|e| e.ok().map(|e| e.path()))
                .filter_map(|p| Some((backup_number(&p)?, p)))
                .collect()
        })
        .unwrap_or_default();
    found.sort();
    found.into_iter().map(|(_, p)| p).collect()
}

/// Every backup file a scrub must reach: this base's, and those an earlier version kept
/// flat in `sauvegardes/` (`comptoir-<date>.sqlite`).
fn backups_to_scrub(local: &Store) -> Result<Vec<PathBuf>> {
    let folder = backups_folder(local)?;
    let mut files = backups(&folder);
    if let Some(flat) = folder.parent() {
        files.extend(
            std::fs::read_dir(flat)
                .map(|dir| {
                    dir.filter_map(|e| e.ok().map(|e| e.path()))
                        .filter(|p| {
                            p.is_file()
                                && p.file_name().is_some_and(|n| {
                                    let n = n.to_string_lossy();
                                    n.starts_with("comptoir-") && n.ends_with(".sqlite")
                                })
                        })
                        .collect::<Vec<_>>()
                })
                .unwrap_or_default(),
        );
    }
    Ok(files)
}

/// After an erasure, the backups made before it are given the local forget set, so that no
/// copy of the erased person stays on the laptop (a restored backup stays without them too).
/// A backup that cannot be opened or written does not stop the others: it is returned (file,
/// why), and the base remembers that the scrub is not done, so every sync tries again.
pub fn scrub_backups(local: &mut Store) -> Result<Vec<(String, String)>> {
    let set = local.forget_set()?;
    if set.is_empty() {
        return Ok(Vec::new());
    }
    let mut failed = Vec::new();
    for file in backups_to_scrub(local)? {
        let scrubbed = Store::open_shared(
            &file,
            local.reference_arc(),
            crate::store::system_wall_clock(),
            local.phrase(),
        )
        .and_then(|mut old| {
            old.take_forget_set(&set)
                .map_err(|e| anyhow::anyhow!("{e}"))?;
            Ok(())
        });
        if let Err(e) = scrubbed {
            failed.push((file.display().to_string(), crate::strings::user_error(&e)));
        }
    }
    local.set_setting(SCRUB_PENDING, if failed.is_empty() { "0" } else { "1" })?;
    Ok(failed)
}

/// The setting that says an erasure has not yet reached every backup.
pub const SCRUB_PENDING: &str = "scrub_pending";

/// How many backups of a base are kept.
pub const BACKUPS_KEPT: usize = 10;

/// A backup of the local database before a sync (SQLite's backup API), in its own folder
/// `sauvegardes/<name>/`, numbered in creation order; the last ten are kept, the one just made
/// always among them. Written under a partial name (owner-only from its first byte) and renamed
/// when whole, so a killed backup is never taken for one.
pub fn backup(local: &Store) -> Result<PathBuf> {
    let folder = backups_folder(local)?;
    crate::paths::ensure_parent(&folder.join("x"))?;
    let kept = backups(&folder);
    let number = kept.last().and_then(|p| backup_number(p)).unwrap_or(0) + 1;
    // The date is for people reading the folder; the order is the number's.
    let stamp = chrono::DateTime::from_timestamp_millis(local.wall_ms())
        .map(|d| {
            d.with_timezone(&chrono::Local)
                .format("%Y%m%d-%H%M%S")
                .to_string()
        })
        .unwrap_or_default();
    let file = folder.join(format!("sauvegarde-{number:06}-{stamp}.sqlite"));
    let partial = folder.join(format!(".sauvegarde-{number:06}.partielle"));
    remove_partial_backups(&folder);
    let failed = |e: &dyn std::fmt::Display| {
        anyhow::anyhow!(crate::t!(
            "Sauvegarde de la base locale impossible : {why}. Rien n'a été modifié.",
            why = e.to_string()
        ))
    };
    crate::paths::create_new_private(&partial)
        .map_err(|e| failed(&crate::strings::io_error(&e)))?;
    let cleanup = RemoveOnDrop::new(partial.clone());
    local
        .backup_to(&partial)
        .map_err(|e| failed(&crate::strings::storage_error(&e)))?;
    std::fs::rename(&partial, &file).map_err(|e| failed(&crate::strings::io_error(&e)))?;
    cleanup.disarm();
    let mut kept = backups(&folder);
    while kept.len() > BACKUPS_KEPT {
        let oldest = kept.remove(0);
        if oldest != file {
            let _ = std::fs::remove_file(oldest);
        }
    }
    Ok(file)
}

/// Backups a killed process left half-written.
fn remove_partial_backups(folder: &Path) {
    if let Ok(dir) = std::fs::read_dir(folder) {
        for e in dir.flatten() {
            let name = e.file_name().to_string_lossy().into_owned();
            if name.starts_with(".sauvegarde-") && name.contains(".partielle") {
                let _ = std::fs::remove_file(e.path());
            }
        }
    }
}
