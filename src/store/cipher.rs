//! Shared files encrypted at rest: SQLCipher 4 with its default settings (what DB Browser for
//! SQLite opens in its « SQLCipher 4 defaults » mode), keyed by the campaign's passphrase.
//!
//! A file is judged by trying, since an encrypted file is indistinguishable from random bytes
//! without its key: a plaintext SQLite file starts with `SQLite format 3\0`; an encrypted one
//! is whole pages of bytes that look random; anything else is not a comptoir file (or was cut).
//! When the key fails on page 1, SQLCipher's page check tells a wrong passphrase (no page
//! checks out) from a damaged file (some pages do).

use std::path::{Path, PathBuf};
use std::sync::Arc;

use rusqlite::{Connection, OpenFlags};

use crate::domain::text::hex;

/// The campaign's passphrase (*phrase secrète de la campagne*): never printed, never in a
/// message.
#[derive(Clone, PartialEq, Eq)]
pub struct Phrase(Arc<str>);

impl std::fmt::Debug for Phrase {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Phrase(…)")
    }
}

/// The fewest characters a passphrase may have.
pub const SHORTEST: usize = 8;

impl Phrase {
    /// A passphrase as typed or read from a file: spaces and line ends around it do not count
    /// (a file written with Notepad ends with one), accents are taken in one form (NFC).
    pub fn new(text: &str) -> Result<Phrase, String> {
        use unicode_normalization::UnicodeNormalization;
        let text: String = text.trim().nfc().collect();
        if text.chars().any(char::is_control) {
            return Err(crate::i18n::tr(
                "La phrase secrète ne peut pas contenir de caractère de contrôle (tabulation, retour à la ligne au milieu).",
            )
            .into());
        }
        if text.chars().count() < SHORTEST {
            return Err(crate::t!(
                "La phrase secrète de la campagne doit avoir au moins {n} caractères.",
                n = SHORTEST
            ));
        }
        Ok(Phrase(text.into()))
    }

    pub(crate) fn text(&self) -> &str {
        &self.0
    }
}

/// The page size of SQLCipher 4 by default: an encrypted file is a whole number of them.
pub const PAGE: u64 = 4096;

/// What a file holds, judged from its first bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Content {
    /// No file there.
    Absent,
    /// A file of no bytes (SQLite makes it a new base).
    Empty,
    /// A plaintext SQLite file (an earlier version's, a laptop's base, a backup).
    Plain,
    /// Whole pages of bytes that look random: an encrypted base.
    Encrypted,
    /// Neither: not a comptoir file, or one cut short.
    Other,
}

/// What `path` holds, read from its first page (nothing is written).
pub fn content(path: &Path) -> Content {
    use std::io::Read;
    let Ok(meta) = std::fs::metadata(path) else {
        return Content::Absent;
    };
    if meta.len() == 0 {
        return Content::Empty;
    }
    let mut first = Vec::with_capacity(PAGE as usize);
    if std::fs::File::open(path)
        .and_then(|f| f.take(PAGE).read_to_end(&mut first))
        .is_err()
    {
        return Content::Other;
    }
    if first.starts_with(b"SQLite format 3\0") {
        return Content::Plain;
    }
    if meta.len() < PAGE || meta.len() % PAGE != 0 {
        return Content::Other;
    }
    // A page of ciphertext holds nearly every byte value (4 096 random bytes miss one value in
    // a million files); text, zeros and most formats hold far fewer.
    let mut seen = [false; 256];
    for b in &first {
        seen[*b as usize] = true;
    }
    if seen.iter().filter(|s| **s).count() >= 200 {
        Content::Encrypted
    } else {
        Content::Other
    }
}

/// Why an encrypted file could not be read. Nothing was changed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// The file is encrypted (or will be) and no passphrase was given.
    Missing(PathBuf),
    /// The passphrase is not the one the file was encrypted with.
    Wrong(PathBuf),
    /// Not a comptoir file at all, or one cut short.
    NotComptoir(PathBuf),
    /// The passphrase is the right one, but pages of the file are damaged.
    Damaged(PathBuf),
}

impl Refusal {
    /// The passphrase is what is wrong (missing or not this file's): asking for it again
    /// helps.
    pub fn is_about_phrase(&self) -> bool {
        matches!(self, Refusal::Missing(_) | Refusal::Wrong(_))
    }

    /// The same refusal, said of `path` (a private copy's refusal said of the file the person
    /// named).
    pub fn of(self, path: &Path) -> Refusal {
        let path = path.to_path_buf();
        match self {
            Refusal::Missing(_) => Refusal::Missing(path),
            Refusal::Wrong(_) => Refusal::Wrong(path),
            Refusal::NotComptoir(_) => Refusal::NotComptoir(path),
            Refusal::Damaged(_) => Refusal::Damaged(path),
        }
    }
}

impl std::fmt::Display for Refusal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let text = match self {
            Refusal::Missing(path) => crate::t!(
                "La phrase secrète de la campagne est nécessaire pour {path} (la Mission ESS la donne) : --phrase-file FICHIER, la variable COMPTOIR_PHRASE, ou l'écran Synchronisation.",
                path = path.display()
            ),
            Refusal::Wrong(path) => crate::t!(
                "La phrase secrète ne correspond pas à {path} : ce fichier a été chiffré avec une autre. Vérifiez-la auprès de la Mission ESS.",
                path = path.display()
            ),
            Refusal::NotComptoir(path) => crate::t!(
                "{path} n'est pas une base SQLite lisible (fichier abîmé ou d'un autre type) : ni une base comptoir, ni un fichier chiffré par comptoir.",
                path = path.display()
            ),
            Refusal::Damaged(path) => crate::t!(
                "{path} est abîmé : la phrase secrète est la bonne, mais des pages du fichier sont illisibles. Reprenez la dernière copie saine.",
                path = path.display()
            ),
        };
        f.write_str(&text)
    }
}

impl std::error::Error for Refusal {}

/// Keys a connection to the file at `path` before its first read, with SQLCipher 4's default
/// settings (AES-256, HMAC-SHA512, pages of 4 096 bytes; the ones DB Browser for SQLite uses),
/// by its derived key ([`spec_for`]): the same file as keying it by the passphrase, without
/// deriving the key again. (A test opens an encrypted file with these settings spelled out and
/// the passphrase, so a SQLCipher that changed them would be caught.)
pub(crate) fn key(conn: &Connection, path: &Path, phrase: &Phrase) -> rusqlite::Result<()> {
    quiet(conn);
    conn.pragma_update(None, "key", spec_for(path, phrase).as_str())
}

/// SQLCipher 4's key derivation: PBKDF2-HMAC-SHA512 of the passphrase with the file's salt
/// (its first 16 bytes, random for each new file), 256 000 rounds: about a tenth of a second,
/// on purpose, for each file and passphrase. A sync opens its key several times (the check of
/// the passphrase, the copy merged into, the copy read back), all with the same salt: the key
/// is derived once and handed to SQLCipher raw. Derived keys are kept for the process, and a
/// laptop keeps those of its own passphrase in its base (`Store::keep_derived_keys`), beside
/// the passphrase itself: they open nothing it does not.
const ROUNDS: u32 = 256_000;
/// Bytes of a file's salt, at its start.
const SALT: usize = 16;

type Salt = [u8; SALT];
type DerivedKey = [u8; 32];

/// Derived keys, by the passphrase's digest and the file's salt.
static DERIVED: std::sync::LazyLock<
    std::sync::Mutex<std::collections::HashMap<(u128, Salt), DerivedKey>>,
> = std::sync::LazyLock::new(Default::default);

fn digest(phrase: &Phrase) -> u128 {
    xxhash_rust::xxh3::xxh3_128(phrase.text().as_bytes())
}

fn derived(phrase: &Phrase, salt: &Salt) -> DerivedKey {
    let mut keys = DERIVED
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    *keys.entry((digest(phrase), *salt)).or_insert_with(|| {
        let mut key = [0u8; 32];
        pbkdf2::pbkdf2_hmac::<sha2::Sha512>(phrase.text().as_bytes(), salt, ROUNDS, &mut key);
        key
    })
}

/// The salt at the start of an encrypted file; none for a file that is not one (new, empty,
/// plaintext, unreadable: SQLCipher then makes or refuses it as it would).
fn salt_of(path: &Path) -> Option<Salt> {
    if content(path) != Content::Encrypted {
        return None;
    }
    read_salt(path)
}

/// The first 16 bytes of a file known to be encrypted.
fn read_salt(path: &Path) -> Option<Salt> {
    use std::io::Read;
    let mut salt = [0u8; SALT];
    std::fs::File::open(path).ok()?.read_exact(&mut salt).ok()?;
    Some(salt)
}

/// What SQLCipher takes as the key of the file at `path`: its derived key and salt, raw
/// (`x'…'`, 96 hexadecimal digits). A new file gets a new random salt here, as SQLCipher would
/// give it.
pub(crate) fn spec_for(path: &Path, phrase: &Phrase) -> String {
    spec(salt_of(path), phrase)
}

fn spec(salt: Option<Salt>, phrase: &Phrase) -> String {
    let salt = salt.unwrap_or_else(rand::random);
    format!("x'{}{}'", hex(&derived(phrase, &salt)), hex(&salt))
}

/// What tells the keys of `phrase` from those of another, in hexadecimal (kept beside the
/// passphrase itself: it tells nothing more).
pub(crate) fn tag(phrase: &Phrase) -> String {
    format!("{:032x}", digest(phrase))
}

/// The keys derived in this process for `phrase`, as « salt key » in hexadecimal, to be kept.
pub(crate) fn derived_for(phrase: &Phrase) -> Vec<(String, String)> {
    let d = digest(phrase);
    let keys = DERIVED
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    keys.iter()
        .filter(|((p, _), _)| *p == d)
        .map(|((_, salt), key)| (hex(salt), hex(key)))
        .collect()
}

/// Takes back keys kept earlier for `phrase` (`derived_for`'s pairs); a pair that does not read
/// is left out.
pub(crate) fn learn(phrase: &Phrase, salt: &str, key: &str) {
    let (Some(salt), Some(key)) = (unhex::<SALT>(salt), unhex::<32>(key)) else {
        return;
    };
    let mut keys = DERIVED
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    keys.entry((digest(phrase), salt)).or_insert(key);
}

fn unhex<const N: usize>(text: &str) -> Option<[u8; N]> {
    let mut out = [0u8; N];
    if text.len() != 2 * N {
        return None;
    }
    for (i, o) in out.iter_mut().enumerate() {
        *o = u8::from_str_radix(text.get(2 * i..2 * i + 2)?, 16).ok()?;
    }
    Some(out)
}

/// SQLCipher writes its own diagnostics on the standard error (« hmac check failed » for a
/// wrong passphrase): the person is told in French, once, and nothing else is printed. The
/// level is the whole process's; set once.
pub(crate) fn quiet(conn: &Connection) {
    static QUIET: std::sync::Once = std::sync::Once::new();
    QUIET.call_once(|| {
        let _ = conn.execute_batch("PRAGMA cipher_log_level = NONE");
    });
}

/// The key `ATTACH … KEY ?` takes for `path`: none for a plaintext or new file (a file of
/// this program's made in its private folder), the derived key for an encrypted one.
pub(crate) fn attach_key(path: &Path, phrase: Option<&Phrase>) -> Result<String, Refusal> {
    match content(path) {
        Content::Encrypted => phrase
            .map(|p| spec(read_salt(path), p))
            .ok_or_else(|| Refusal::Missing(path.to_path_buf())),
        Content::Other => Err(Refusal::NotComptoir(path.to_path_buf())),
        Content::Absent | Content::Empty | Content::Plain => Ok(String::new()),
    }
}

/// Whether `phrase` opens the encrypted file at `path`, read only and in place (nothing is
/// written, not even a journal); when it does not, why.
pub fn try_phrase(path: &Path, phrase: &Phrase) -> Result<(), Refusal> {
    let opened =
        Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY).and_then(|conn| {
            key(&conn, path, phrase)?;
            conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| {
                r.get::<_, i64>(0)
            })
        });
    match opened {
        Ok(_) => Ok(()),
        Err(_) => Err(diagnose(path, phrase)),
    }
}

/// Why `phrase` does not open the file at `path`: a wrong passphrase when no page of the file
/// checks out with it, a damaged file when some do.
pub(crate) fn diagnose(path: &Path, phrase: &Phrase) -> Refusal {
    let path_buf = path.to_path_buf();
    if content(path) != Content::Encrypted {
        return Refusal::NotComptoir(path_buf);
    }
    let pages = std::fs::metadata(path).map(|m| m.len() / PAGE).unwrap_or(0);
    let failed = (|| -> rusqlite::Result<u64> {
        let conn = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY)?;
        key(&conn, path, phrase)?;
        let mut stmt = conn.prepare("PRAGMA cipher_integrity_check")?;
        let rows = stmt.query_map([], |r| r.get::<_, String>(0))?;
        let mut failed = std::collections::BTreeSet::new();
        for row in rows {
            let row = row?;
            // « HMAC verification failed for page 3 »: one line per page that does not check
            // out (a file cut mid-page says so too).
            if let Some(n) = row.rsplit(' ').next().and_then(|n| n.parse::<u64>().ok()) {
                failed.insert(n);
            }
        }
        Ok(failed.len() as u64)
    })();
    match failed {
        Ok(n) if n < pages => Refusal::Damaged(path_buf),
        _ => Refusal::Wrong(path_buf),
    }
}

/// Writes `to` (a new, owner-only file) as the encrypted copy of the plaintext comptoir file
/// `from`: every table, index, trigger and view (SQLCipher's `sqlcipher_export`), with the
/// schema version and application id that `migrate` reads. `from` is only read.
pub fn encrypt_copy(from: &Path, to: &Path, phrase: &Phrase) -> anyhow::Result<()> {
    // A plaintext file in WAL mode (written by an earlier version or another tool): its WAL
    // folded into it and removed first, so that what is copied is whole and no plaintext
    // WAL stays beside the encrypted file that replaces it.
    let mut wal = from.as_os_str().to_owned();
    wal.push("-wal");
    if Path::new(&wal).exists() {
        let plain = Connection::open(from)?;
        plain.pragma_update(None, "journal_mode", "DELETE")?;
    }
    drop(crate::paths::create_new_private(to)?);
    let out = Connection::open(to)?;
    key(&out, to, phrase)?;
    out.pragma_update(None, "trusted_schema", "OFF")?;
    out.execute(
        "ATTACH DATABASE ?1 AS plain KEY ''",
        [super::merge::read_only_uri(from)],
    )?;
    let exported = (|| -> rusqlite::Result<()> {
        let version: i64 = out.query_row("PRAGMA plain.user_version", [], |r| r.get(0))?;
        let application: i64 = out.query_row("PRAGMA plain.application_id", [], |r| r.get(0))?;
        out.execute_batch("BEGIN")?;
        out.query_row("SELECT sqlcipher_export('main', 'plain')", [], |_| Ok(()))?;
        out.pragma_update(None, "user_version", version)?;
        out.pragma_update(None, "application_id", application)?;
        out.execute_batch("COMMIT")
    })();
    let _ = out.execute_batch("DETACH DATABASE plain");
    Ok(exported?)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(conn: &Connection) -> rusqlite::Result<i64> {
        conn.query_row("SELECT x FROM t", [], |r| r.get(0))
    }

    #[test]
    fn a_key_derived_here_is_the_key_sqlcipher_derives_from_the_passphrase() {
        let dir = tempfile::tempdir().unwrap();
        let phrase = Phrase::new("phrase de la campagne 2027").unwrap();
        // A file SQLCipher keyed from the passphrase itself (as DB Browser would write it).
        let theirs = dir.path().join("theirs.sqlite");
        let conn = Connection::open(&theirs).unwrap();
        conn.pragma_update(None, "key", phrase.text()).unwrap();
        conn.execute_batch("CREATE TABLE t (x); INSERT INTO t VALUES (42)")
            .unwrap();
        drop(conn);
        // Opened by the key derived here, handed over raw.
        let conn = Connection::open(&theirs).unwrap();
        key(&conn, &theirs, &phrase).unwrap();
        assert_eq!(read(&conn).unwrap(), 42);
        drop(conn);
        // A new file keyed here opens with the passphrase alone, and carries its own salt.
        let ours = dir.path().join("ours.sqlite");
        let conn = Connection::open(&ours).unwrap();
        key(&conn, &ours, &phrase).unwrap();
        conn.execute_batch("CREATE TABLE t (x); INSERT INTO t VALUES (7)")
            .unwrap();
        drop(conn);
        let conn = Connection::open(&ours).unwrap();
        conn.pragma_update(None, "key", phrase.text()).unwrap();
        assert_eq!(read(&conn).unwrap(), 7);
        drop(conn);
        assert_ne!(salt_of(&ours), salt_of(&theirs));
        // Another passphrase's key opens neither.
        let other = Phrase::new("une tout autre phrase").unwrap();
        let conn = Connection::open(&theirs).unwrap();
        key(&conn, &theirs, &other).unwrap();
        assert!(read(&conn).is_err());
        assert_eq!(
            try_phrase(&theirs, &other),
            Err(Refusal::Wrong(theirs.clone()))
        );
        assert_eq!(try_phrase(&theirs, &phrase), Ok(()));
    }

    #[test]
    fn keys_kept_are_learnt_back_for_their_passphrase_only() {
        let phrase = Phrase::new("phrase apprise par le test").unwrap();
        let other = Phrase::new("phrase jamais apprise ici").unwrap();
        let salt = [7u8; SALT];
        let key = [9u8; 32];
        learn(&phrase, &hex(&salt), &hex(&key));
        // Not a hexadecimal pair of the right lengths: left out, nothing learnt.
        learn(&other, "zz", &hex(&key));
        learn(&other, &hex(&salt), "0102");
        assert!(derived_for(&phrase).contains(&(hex(&salt), hex(&key))));
        assert!(derived_for(&other).is_empty());
        assert_eq!(derived(&phrase, &salt), key);
        assert_eq!(unhex::<2>("0aFf"), Some([0x0a, 0xff]));
        assert_eq!(unhex::<2>("0a"), None);
    }
}
