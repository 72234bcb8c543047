//! A sync with nothing new, in a blink: when the shared file is still the one this laptop
//! read back and found equal to its own base after its last sync, and the base has not
//! changed since, there is nothing to take in and nothing to send. No backup, no copy, no
//! rewrite, and no full read of the file: its identity is enough ([`identity_of`]).
//!
//! What is noted (in the base's settings, never synced), for each shared file: the digest of
//! the whole file as it was verified (`files::digest_of`: a sync that finds those very bytes
//! again in its copy does not check them whole a second time), the file's identity then, and
//! the base's [`Store::sync_state`]. A file changed in any way since (by another laptop, by
//! hand, by a tool) has another identity, and the sync goes the whole way, with every check.

use std::path::Path;

use anyhow::Result;

use crate::store::Store;

use super::files;

/// The setting noting, for one shared file, what was verified: « digest identity state ».
fn setting_of(target: &Path) -> String {
    let whole = std::path::absolute(target).unwrap_or_else(|_| target.to_path_buf());
    format!("cle_verifiee:{}", whole.display())
}

/// What tells that a file changed, without reading it through: its length, its last write
/// time, where it lies (Unix: its device, inode and change time; Windows: its creation time; a
/// sync renames a new file over the old one, so each sync makes another), and a hash of its
/// first page.
/// SQLite writes page 1 at every commit (the file's change counter is there, and SQLCipher
/// encrypts the page anew each time), so a file changed by any SQLite program has another
/// first page; one changed by another tool has another write time. None when it cannot be
/// read: the sync then goes the whole way.
pub fn identity_of(path: &Path) -> Option<String> {
    use std::io::Read;
    let meta = std::fs::metadata(path).ok()?;
    let written = meta
        .modified()
        .ok()?
        .duration_since(std::time::UNIX_EPOCH)
        .ok()?
        .as_nanos();
    let mut first = Vec::with_capacity(crate::store::cipher::PAGE as usize);
    std::fs::File::open(path)
        .ok()?
        .take(crate::store::cipher::PAGE)
        .read_to_end(&mut first)
        .ok()?;
    let page = xxhash_rust::xxh3::xxh3_128(&first);
    Some(format!(
        "{}:{written}:{}:{page:032x}",
        meta.len(),
        place(&meta)
    ))
}

/// Unix also keeps the time of the file's last change of any kind (ctime), which no program
/// can set back: a file written in place and given back its write time still differs.
#[cfg(unix)]
fn place(meta: &std::fs::Metadata) -> String {
    use std::os::unix::fs::MetadataExt;
    format!(
        "{}.{}.{}.{}",
        meta.dev(),
        meta.ino(),
        meta.ctime(),
        meta.ctime_nsec()
    )
}

/// Windows gives no stable file number without opening the file for it; the creation time
/// (a new file at each sync, renamed over the old one) tells one file from the next.
#[cfg(windows)]
fn place(meta: &std::fs::Metadata) -> String {
    use std::os::windows::fs::MetadataExt;
    meta.creation_time().to_string()
}

#[cfg(not(any(unix, windows)))]
fn place(_: &std::fs::Metadata) -> String {
    String::new()
}

/// The base's state as a shortcut must find it again: its changes (`Store::sync_state`) and
/// the passphrase it syncs with (a passphrase given anew, right or wrong, goes the whole way
/// and is checked there). The passphrase is kept in the same base in full; a hash of it
/// tells no more.
fn state_of(local: &Store) -> Result<String> {
    let phrase = local
        .phrase()
        .map_or(0, |p| xxhash_rust::xxh3::xxh3_64(p.text().as_bytes()));
    Ok(format!("{}:{phrase:016x}", local.sync_state()?))
}

/// Whether a sync with `target` has nothing to do: the base is as it was when the file was
/// last verified (cheap, asked first), no erasure is still to reach the backups, no
/// renumbering is pending, and the file is the one verified then, untouched.
pub fn nothing_to_do(local: &Store, target: &Path) -> Result<bool> {
    let Some(noted) = local.setting(&setting_of(target))? else {
        return Ok(false);
    };
    let mut parts = noted.splitn(3, ' ');
    let (Some(_), Some(identity), Some(state)) = (parts.next(), parts.next(), parts.next()) else {
        return Ok(false);
    };
    if state != state_of(local)?
        || local.setting(files::SCRUB_PENDING)?.as_deref() == Some("1")
        || local.setting("renumber_needed")?.is_some()
    {
        return Ok(false);
    }
    // Another writer at work, or one gone that left its lock, its copy or a journal of
    // SQLite's: the whole way, which says so or clears them.
    if super::lock::lock_path(target).exists() || has_temporaries(target) || has_journal(target) {
        return Ok(false);
    }
    Ok(identity_of(target).as_deref() == Some(identity))
}

/// Whether SQLite left a journal or a WAL beside `target` (a program writing it, or killed
/// while it did): its content is not only in the file.
fn has_journal(target: &Path) -> bool {
    ["-journal", "-wal"]
        .iter()
        .any(|end| files::sqlite_file_beside(target, end).exists())
}

/// The digest of the file at `path` (`digest_of`).
pub fn digest_file(path: &Path) -> Result<String> {
    Ok(files::digest_of(std::fs::File::open(path)?)?)
}

/// The digest of `target` as this laptop verified it after its last clean sync with it, if
/// any (whatever the base did since).
pub fn verified(local: &Store, target: &Path) -> Result<Option<String>> {
    Ok(local
        .setting(&setting_of(target))?
        .and_then(|noted| noted.split(' ').next().map(str::to_string)))
}

/// Whether a writer's temporary copy (`files::temporary_beside`) lies beside `target`.
fn has_temporaries(target: &Path) -> bool {
    let (Some(folder), Some(name)) = (target.parent(), target.file_name()) else {
        return true;
    };
    let prefix = format!(".{}.tmp-", name.to_string_lossy());
    let folder = if folder.as_os_str().is_empty() {
        Path::new(".")
    } else {
        folder
    };
    match std::fs::read_dir(folder) {
        Ok(entries) => entries
            .flatten()
            .any(|e| e.file_name().to_string_lossy().starts_with(&prefix)),
        Err(_) => true,
    }
}

/// Reads the published file back, hashing its bytes, and checks that it is intact and holds
/// everything the base holds. The bytes are intact when they are the very bytes `written`
/// (the digest of the copy this sync checked, merged into and flushed before renaming it),
/// whose content was compared with the base on the copy (`held`). Other bytes (another writer
/// came in between, the key gave back something else) are read on a private copy, checked
/// whole and compared with the base.
/// Returns whether the file is verified, and what to note of it (« digest identity ») when
/// the file and the base hold the same changes (nothing more on either side: a laptop that
/// synced in between is not noted as seen).
pub fn verify_noting(
    target: &Path,
    local: &Store,
    written: &str,
    held: (i64, i64),
) -> Result<(bool, Option<String>)> {
    let before = identity_of(target);
    let digest = files::digest_of(std::fs::File::open(target)?)?;
    // The file the bytes were read from, whole: not one another writer replaced meanwhile.
    let identity = before.filter(|b| identity_of(target).as_ref() == Some(b));
    let (intact, send, receive, digest) = if digest == written {
        // The very bytes that were flushed, whose content was compared with this base before
        // the rename (`held`: what the file holds that the base does not, and the reverse).
        (true, held.1, held.0, digest)
    } else {
        // Other bytes (a file left as it was, or a key that did not keep what was written):
        // read on a private copy, checked, and compared with this base.
        let copy = files::PrivateCopy::empty(&files::work_of(local)?)?;
        let digest = files::copy_private(std::fs::File::open(target)?, &copy)?;
        let intact = digest == written || {
            let published = Store::open_shared(
                &copy,
                local.reference_arc(),
                crate::store::system_wall_clock(),
                local.phrase(),
            )?;
            published.quick_check()? == "ok"
        };
        let (send, receive) = if intact {
            local.difference(&copy)?
        } else {
            (1, 1)
        };
        (intact, send, receive, digest)
    };
    Ok((
        intact && send == 0,
        identity
            .filter(|_| intact && send == 0 && receive == 0)
            .map(|identity| format!("{digest} {identity}")),
    ))
}

/// After a sync with `target`: notes what was verified when the sync was clean (`seen`, from
/// [`verify_noting`]), forgets any earlier note otherwise, so the next sync goes the whole way.
pub fn note(local: &mut Store, target: &Path, seen: Option<&str>) -> Result<()> {
    let key = setting_of(target);
    match seen {
        Some(d) => {
            let state = state_of(local)?;
            local.set_setting(&key, &format!("{d} {state}"))
        }
        None => local.forget_setting(&key),
    }
}
