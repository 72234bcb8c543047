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

/// Keys a connection before its first read, with SQLCipher 4's default settings (256 000
/// rounds of PBKDF2-HMAC-SHA512, AES-256, HMAC-SHA512, pages of 4 096 bytes): the ones DB
/// Browser for SQLite uses. (Attached files take the same defaults; a test opens an encrypted
/// file with these settings spelled out, so a SQLCipher that changed them would be caught.)
pub(crate) fn key(conn: &Connection, phrase: &Phrase) -> rusqlite::Result<()> {
    quiet(conn);
    conn.pragma_update(None, "key", phrase.text())
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
/// this program's made in its private folder), the passphrase for an encrypted one.
pub(crate) fn attach_key<'p>(path: &Path, phrase: Option<&'p Phrase>) -> Result<&'p str, Refusal> {
    match content(path) {
        Content::Encrypted => phrase
            .map(Phrase::text)
            .ok_or_else(|| Refusal::Missing(path.to_path_buf())),
        Content::Other => Err(Refusal::NotComptoir(path.to_path_buf())),
        Content::Absent | Content::Empty | Content::Plain => Ok(""),
    }
}

/// Whether `phrase` opens the encrypted file at `path`, read only and in place (nothing is
/// written, not even a journal); when it does not, why.
pub fn try_phrase(path: &Path, phrase: &Phrase) -> Result<(), Refusal> {
    let opened =
        Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY).and_then(|conn| {
            key(&conn, phrase)?;
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
        key(&conn, phrase)?;
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
    key(&out, phrase)?;
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
