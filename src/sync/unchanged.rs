//! A sync with nothing new, in a blink: when the shared file holds exactly the bytes this
//! laptop read back and found equal to its own base after its last sync, and the base has not
//! changed since, there is nothing to take in and nothing to send. No backup, no copy, no
//! rewrite: the file is read once, to hash it.
//!
//! What is noted (in the base's settings, never synced): a 128-bit hash of the whole file as
//! it was verified, with its length, and the base's [`Store::sync_state`]. A file changed in any way (by another
//! laptop, by hand with the same size and date, damaged) hashes differently, and the sync
//! goes the whole way, with every check.

use std::io::{Read, Write};
use std::path::Path;

use anyhow::Result;

use crate::store::Store;

use super::files;

/// The setting noting, for one shared file, what was verified: « digest state ».
fn setting_of(target: &Path) -> String {
    let whole = std::path::absolute(target).unwrap_or_else(|_| target.to_path_buf());
    format!("cle_verifiee:{}", whole.display())
}

/// The 128-bit XXH3 of a file's bytes, and its length. Not a cryptographic hash: it tells
/// a file changed by accident, by another laptop or by a hand, not one forged to collide
/// (the encryption of shared files is what guards against that); SHA-256 read a key of
/// 12 500 ideas at a fifth of the speed of the disk cache.
fn digest_of(mut file: impl Read) -> Result<String> {
    let mut h = xxhash_rust::xxh3::Xxh3::new();
    let mut buf = vec![0u8; 1 << 20];
    let mut len = 0u64;
    loop {
        let n = file.read(&mut buf)?;
        if n == 0 {
            break;
        }
        len += n as u64;
        h.update(&buf[..n]);
    }
    Ok(format!("{:032x}-{len}", h.digest128()))
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
/// renumbering is pending, and the file holds the very bytes verified then.
pub fn nothing_to_do(local: &Store, target: &Path) -> Result<bool> {
    let Some(noted) = local.setting(&setting_of(target))? else {
        return Ok(false);
    };
    let Some((file, state)) = noted.split_once(' ') else {
        return Ok(false);
    };
    if state != state_of(local)?
        || local.setting(files::SCRUB_PENDING)?.as_deref() == Some("1")
        || local.setting("renumber_needed")?.is_some()
    {
        return Ok(false);
    }
    // Another writer at work, or one gone that left its lock or copy: the whole way, which
    // says so or clears them.
    if super::lock::lock_path(target).exists() || has_temporaries(target) {
        return Ok(false);
    }
    let Ok(opened) = std::fs::File::open(target) else {
        return Ok(false);
    };
    Ok(digest_of(opened)? == file)
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

/// Reads the published file back, as `files::verify_published` does (a private copy, intact,
/// holding everything the base holds), hashing the bytes it copies. Returns whether it is
/// verified, and the digest of those bytes when the file and the base hold the same changes
/// (nothing more on either side: a laptop that synced in between is not noted as seen).
pub fn verify_noting(target: &Path, local: &Store) -> Result<(bool, Option<String>)> {
    let copy = files::PrivateCopy::empty(&files::work_of(local)?)?;
    let digest = {
        let from = std::fs::File::open(target)?;
        let mut out = crate::paths::create_new_private(&copy)?;
        let mut tee = Tee { from, to: &mut out };
        let d = digest_of(&mut tee)?;
        tee.to.flush()?;
        d
    };
    let intact = {
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
    Ok((
        intact && send == 0,
        (intact && send == 0 && receive == 0).then_some(digest),
    ))
}

/// Reading through it writes what was read to `to`.
struct Tee<'a, R: Read, W: Write> {
    from: R,
    to: &'a mut W,
}

impl<R: Read, W: Write> Read for Tee<'_, R, W> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.from.read(buf)?;
        self.to.write_all(&buf[..n])?;
        Ok(n)
    }
}

/// After a sync with `target`: notes what was verified when the sync was clean (`digest`
/// given), forgets any earlier note otherwise, so the next sync goes the whole way.
pub fn note(local: &mut Store, target: &Path, digest: Option<&str>) -> Result<()> {
    let key = setting_of(target);
    match digest {
        Some(d) => {
            let state = state_of(local)?;
            local.set_setting(&key, &format!("{d} {state}"))
        }
        None => local.forget_setting(&key),
    }
}
