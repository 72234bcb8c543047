//! SQLite storage: the schema, the one write path, the clock and site, the derived tables and
//! the queries the screens read.
//!
//! Invariants (see ARCHITECTURE.md):
//! - every local edit goes through [`Store::write`]: validated, stamped with the clock, one
//!   change per changed field, derived tables updated, all in one transaction;
//! - the derived tables hold, for each field, the value of the change with the greatest
//!   `(clock, site)` (greatest value for set-once fields) and can be rebuilt from the changes.

pub mod cipher;
mod clock;
mod derive;
pub mod ideas;
mod levels;
mod merge;
mod opened;
pub mod people;
pub mod queries;
pub mod review;
pub mod schema;
mod site;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use anyhow::{Context, Result, anyhow};
use rusqlite::{Connection, OptionalExtension, TransactionBehavior, params};

pub use cipher::{Content, Phrase, Refusal};
pub use clock::{WallClock, french_date, millis, system_wall_clock, tick};
pub use merge::{
    ChangeRow, ClockAhead, Conflict, FileInfo, HeldBack, HoldReason, MergeError, MergeStats,
    SiteInfo,
};
pub use site::{Site, SiteRenewal};

use crate::domain::model::{self, Field, Kind, Table, Value};
use crate::domain::reference::Reference;
use crate::domain::rules;

/// Statements kept prepared per connection: a write runs a few dozen, some per table and
/// field (`derive::set_field`); parsing them again at each write was most of its cost.
const STATEMENTS_CACHED: usize = 256;

/// One record's new field values. Fields left out are not touched.
#[derive(Debug, Clone, PartialEq)]
pub struct Edit {
    pub table: &'static Table,
    pub id: String,
    pub fields: Vec<(&'static str, Value)>,
    /// What the person saw when deciding this edit (a form opened earlier): the clock of each
    /// field's value as it was shown. `None`: the values as they stand now.
    pub seen: Option<Seen>,
}

/// Each field of a record with the clock of the value it showed (absent: never set).
pub type Seen = std::collections::BTreeMap<&'static str, i64>;

impl Edit {
    pub fn new(table: &'static Table, id: impl Into<String>) -> Edit {
        Edit {
            table,
            id: id.into(),
            fields: Vec::new(),
            seen: None,
        }
    }

    /// Adds a field; a name not in the model is reported by `write`.
    pub fn set(mut self, field: &'static str, value: impl Into<Value>) -> Edit {
        self.fields.push((field, value.into()));
        self
    }
}

/// A new record id: UUIDv7, made here, ordered by creation time.
pub fn new_id() -> String {
    uuid::Uuid::now_v7().to_string()
}

/// The id of a record that two laptops must agree on without talking (the review of an idea,
/// one criterion of an idea): derived from its parent's id and a name.
pub fn derived_id(parent: &str, name: &str) -> String {
    uuid::Uuid::new_v5(
        &uuid::Uuid::NAMESPACE_OID,
        format!("{parent}/{name}").as_bytes(),
    )
    .to_string()
}

/// Why a write was refused. Nothing was written.
#[derive(Debug)]
pub enum WriteError {
    /// A field's value breaks a rule: table, field, the sentence for the user.
    Invalid {
        table: &'static str,
        field: &'static str,
        message: String,
    },
    /// The record belongs to an erased person.
    Forgotten,
    /// SQLite failed (disk full, read-only, locked...).
    Storage(anyhow::Error),
}

impl std::fmt::Display for WriteError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            WriteError::Invalid {
                table,
                field,
                message,
            } => write!(
                f,
                "{} : {}",
                crate::strings::field_label(table, field),
                message
            ),
            WriteError::Forgotten => f.write_str(crate::i18n::tr(
                "Cette fiche appartient à une personne effacée : elle ne peut plus être modifiée.",
            )),
            WriteError::Storage(e) => f.write_str(&crate::t!(
                "Enregistrement impossible : {why}",
                why = crate::strings::storage_error(e)
            )),
        }
    }
}

impl std::error::Error for WriteError {}

impl From<rusqlite::Error> for WriteError {
    fn from(e: rusqlite::Error) -> WriteError {
        WriteError::Storage(e.into())
    }
}

/// One past sync, as the Synchronisation screen lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyncEntry {
    pub at_ms: i64,
    pub target: String,
    pub sent: i64,
    pub received: i64,
    pub conflicts: i64,
}

/// What a write did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Written {
    /// Changes appended (fields whose value changed).
    pub changes: usize,
    /// The clock they were stamped with (0 when nothing changed).
    pub clock: i64,
}

/// Whether a shared file's schema is compared with comptoir's as it opens.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Objects {
    /// A file from elsewhere: objects comptoir did not make are dropped, and an object of
    /// comptoir's name made otherwise gets the file refused.
    Compared,
    /// The copy of a file whose bytes are the very ones this laptop published and read back
    /// after its last sync: its objects were cleared then (comparing makes the whole schema in
    /// memory, a tenth of « retirer la clé »).
    Known,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Mode {
    Local,
    Shared,
}

/// What becomes of what is worked out from the rows (the people's search text, the ideas'
/// levels) when records change.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Dependents {
    /// Made again in the transaction that changed the records: a laptop's base, whose screens
    /// read them.
    Kept,
    /// Left as they are, and the levels' fingerprint taken away, so that the next opening as a
    /// laptop's base makes them all again: a shared file, which nobody reads them from.
    Left,
    /// Gathered over a run of merges and made once, at its end ([`Store::merge_run`]).
    Gathered,
}

pub struct Store {
    conn: Connection,
    /// Held while this store is open: see [`opened`].
    _opened: Option<opened::Held>,
    path: Option<PathBuf>,
    site: Site,
    reference: Arc<Reference>,
    wall: WallClock,
    renewal: Option<SiteRenewal>,
    dependents: Dependents,
    mode: Mode,
    /// Merges may erase many people at once (`--accepter-effacements`).
    accept_erasures: bool,
    /// The campaign's passphrase: the key of this file when it is encrypted, and of the
    /// encrypted files from elsewhere it reads.
    phrase: Option<Phrase>,
    /// This file is encrypted (with `phrase`).
    encrypted: bool,
    /// This file was of an earlier schema, or held objects comptoir did not make: upgraded
    /// or cleared as it opened.
    upgraded: bool,
    /// Inside [`Store::bulk`]: writes share a transaction, committed every so many.
    bulk: Option<Bulk>,
}

/// Writes grouped in transactions ([`Store::bulk`]): each write is still whole (a savepoint),
/// the transaction around them is committed every `per_tx` writes.
#[derive(Debug, Clone, Copy)]
struct Bulk {
    per_tx: usize,
    pending: usize,
}

/// Where a write runs: its own transaction, or a savepoint inside a bulk transaction. Either
/// way it is whole: dropped without `commit`, nothing of it stays.
enum Unit<'c> {
    Own(rusqlite::Transaction<'c>),
    InBulk(rusqlite::Savepoint<'c>),
}

impl std::ops::Deref for Unit<'_> {
    type Target = Connection;
    fn deref(&self) -> &Connection {
        match self {
            Unit::Own(tx) => tx,
            Unit::InBulk(sp) => sp,
        }
    }
}

impl Unit<'_> {
    fn commit(self) -> rusqlite::Result<()> {
        match self {
            Unit::Own(tx) => tx.commit(),
            Unit::InBulk(sp) => sp.commit(),
        }
    }
}

/// The local setting that keeps the campaign's passphrase on the laptop (in its own base,
/// never synced).
pub const PHRASE_SETTING: &str = "campaign_phrase";
/// The settings that keep keys derived from the kept passphrase: « derived_key:TAG:SALT ».
const DERIVED_SETTING: &str = "derived_key:";
/// How many derived keys a laptop keeps: its key, a spare, a shared folder's files.
const DERIVED_KEPT: i64 = 32;

impl Store {
    /// Opens (or creates) this laptop's database: owner-only file, WAL, migrations, and a new
    /// site id when the file was copied from elsewhere.
    pub fn open(path: &Path, reference: Arc<Reference>) -> Result<Store> {
        Store::open_with_clock(path, reference, system_wall_clock())
    }

    /// [`Store::open`] for a base that may be encrypted (the central file, opened as a base
    /// for its report): `phrase` is its key. A plaintext base takes `phrase` as the campaign's
    /// passphrase for the files it syncs with (instead of the one kept in it).
    pub fn open_keyed(path: &Path, reference: Arc<Reference>, phrase: &Phrase) -> Result<Store> {
        Store::open_mode(
            path,
            reference,
            system_wall_clock(),
            Mode::Local,
            &|| {},
            Some(phrase),
            Objects::Compared,
        )
    }

    /// [`Store::open`], calling `announce` first when the opening will take seconds: every
    /// idea's level and every person's search text to make in a large base (a shared file
    /// merged into, new reference data), worth saying before the screen stays blank.
    pub fn open_announced(
        path: &Path,
        reference: Arc<Reference>,
        phrase: Option<&Phrase>,
        announce: &dyn Fn(),
    ) -> Result<Store> {
        Store::open_mode(
            path,
            reference,
            system_wall_clock(),
            Mode::Local,
            announce,
            phrase,
            Objects::Compared,
        )
    }

    pub fn open_with_clock(
        path: &Path,
        reference: Arc<Reference>,
        wall: WallClock,
    ) -> Result<Store> {
        Store::open_mode(
            path,
            reference,
            wall,
            Mode::Local,
            &|| {},
            None,
            Objects::Compared,
        )
    }

    /// Opens (or creates) a shared file, or the temporary copy of one: rollback journal and
    /// full sync (WAL is unsafe on network folders and keys), and no site of its own to renew,
    /// since nobody types into it. An encrypted file is opened with `phrase`; a new one is
    /// created encrypted with it (plaintext without one: a private file of this program's); a
    /// plaintext one (an earlier version's) is read as it is.
    pub fn open_shared(
        path: &Path,
        reference: Arc<Reference>,
        wall: WallClock,
        phrase: Option<&Phrase>,
    ) -> Result<Store> {
        Store::open_shared_as(path, reference, wall, phrase, Objects::Compared)
    }

    /// [`Store::open_shared`], saying whether the file's schema is compared with comptoir's
    /// ([`Objects`]).
    pub fn open_shared_as(
        path: &Path,
        reference: Arc<Reference>,
        wall: WallClock,
        phrase: Option<&Phrase>,
        objects: Objects,
    ) -> Result<Store> {
        Store::open_mode(path, reference, wall, Mode::Shared, &|| {}, phrase, objects)
    }

    /// Opens a shared or central file to read it (`report`, `export`) as a base reads its own:
    /// levels and search text made if needed, but in rollback-journal mode and with no site
    /// renewed or place recorded.
    /// `phrase`: the key of an encrypted file.
    pub fn open_for_reading(
        path: &Path,
        reference: Arc<Reference>,
        phrase: Option<&Phrase>,
        announce: &dyn Fn(),
    ) -> Result<Store> {
        let mut store = Store::open_mode(
            path,
            reference,
            system_wall_clock(),
            Mode::Shared,
            &|| {},
            phrase,
            Objects::Compared,
        )?;
        store.dependents = Dependents::Kept;
        store.check_levels(announce)?;
        Ok(store)
    }

    /// Whether the file at `path` is a shared or central file (rollback journal, no place of
    /// its own), read without changing it; `None` when it cannot be read as a comptoir base.
    pub fn is_shared_file(path: &Path) -> Option<bool> {
        let conn = Connection::open_with_flags(
            path,
            rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY | rusqlite::OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .ok()?;
        let journal: String = conn
            .query_row("PRAGMA journal_mode", [], |r| r.get(0))
            .ok()?;
        let place: Option<String> = conn
            .query_row("SELECT path FROM local", [], |r| r.get(0))
            .ok();
        Some(
            !journal.eq_ignore_ascii_case("wal")
                || place.as_deref() == Some(site::Place::shared().path.as_str()),
        )
    }

    /// Opens the base at `path` as `mode` says, a shared file's schema compared with
    /// comptoir's or not as `objects` says (a laptop's own base is never compared).
    fn open_mode(
        path: &Path,
        reference: Arc<Reference>,
        wall: WallClock,
        mode: Mode,
        announce: &dyn Fn(),
        phrase: Option<&Phrase>,
        objects: Objects,
    ) -> Result<Store> {
        if path.is_dir() {
            anyhow::bail!(crate::t!(
                "{path} est un dossier, pas une base comptoir.",
                path = path.display()
            ));
        }
        crate::paths::ensure_parent(path)?;
        // A file this program has open already was probed then: opening it again through the
        // file system would drop SQLite's locks on it (see `opened`).
        let content = match opened::content(path) {
            Some(known) => known,
            None => {
                let content = cipher::content(path);
                // (A shared file is only opened where this program has just written: a copy
                // beside the key under its lock, or in its own work and backup folders.)
                if mode == Mode::Local {
                    check_writable(path)?;
                }
                create_private(path)?;
                content
            }
        };
        let mut conn = Connection::open(path).with_context(|| {
            crate::t!("Impossible d'ouvrir la base {path}", path = path.display())
        })?;
        // A laptop's base is created plaintext (its disk's encryption protects it); a shared
        // file is created encrypted.
        let encrypted = match (content, phrase) {
            (Content::Encrypted, None) => {
                return Err(Refusal::Missing(path.to_path_buf()).into());
            }
            (Content::Encrypted, Some(_)) => true,
            (Content::Absent | Content::Empty, Some(_)) => mode == Mode::Shared,
            _ => false,
        };
        if let (true, Some(phrase)) = (encrypted, phrase) {
            cipher::key(&conn, path, phrase)?;
        }
        conn.busy_timeout(std::time::Duration::from_secs(5))?;
        conn.set_prepared_statement_cache_capacity(STATEMENTS_CACHED);
        if encrypted && content == Content::Encrypted {
            if conn
                .query_row("SELECT count(*) FROM sqlite_master", [], |r| {
                    r.get::<_, i64>(0)
                })
                .is_err()
            {
                drop(conn);
                let phrase = phrase.expect("an encrypted file is keyed");
                return Err(cipher::diagnose(path, phrase).into());
            }
        } else {
            check_is_database(&conn, path)?;
        }
        match mode {
            Mode::Local => {
                conn.pragma_update(None, "journal_mode", "WAL")?;
                conn.pragma_update(None, "synchronous", "NORMAL")?;
                // Reads through a memory map: a search or a list window reads rows scattered in
                // a large base, and each page read otherwise is a system call. Only the laptop's
                // own file (on its own disk): shared files, on keys, are read the usual way.
                conn.pragma_update(None, "mmap_size", 256 * 1024 * 1024)?;
            }
            Mode::Shared => {
                conn.pragma_update(None, "journal_mode", "DELETE")?;
                conn.pragma_update(None, "synchronous", "FULL")?;
            }
        }
        // Erased people must not linger in free pages.
        conn.pragma_update(None, "secure_delete", "ON")?;
        // A file from elsewhere may hold views and triggers of its own: none runs a function
        // of this program's, and (below) none is kept.
        conn.pragma_update(None, "trusted_schema", "OFF")?;
        register_functions(&conn, &reference)?;
        // A file that lost objects of its own here is published without them (rewritten even
        // with nothing new): the bytes a laptop notes as verified never hold any.
        let mut upgraded = false;
        if mode == Mode::Shared && objects == Objects::Compared {
            upgraded = clear_foreign_objects(&conn, path)?;
        }
        let before = schema::version(&conn)?;
        schema::migrate(&mut conn)?;
        let upgraded = upgraded || (before > 0 && before < schema::LATEST);
        let place = match mode {
            Mode::Local => site::Place::of(path)?,
            Mode::Shared => site::Place::shared(),
        };
        let (mut site, mut renewal) = site::ensure(&mut conn, &place, mode == Mode::Shared)?;
        if mode == Mode::Local
            && renewal.is_none()
            && let Some((marked, published)) = site::PublishedMark::read(path)
            && marked == site
        {
            // A backup copied back over the base (same path, same inode): behind what it has
            // already published of its own site, it must not number its next changes again.
            let held: i64 = conn.query_row(
                "SELECT coalesce((SELECT max_seq FROM sites WHERE site = ?1), 0)",
                [site.bytes()],
                |r| r.get(0),
            )?;
            if held < published {
                let (fresh, r) = site::renew(&mut conn, &place, site)?;
                site = fresh;
                renewal = Some(r);
            }
        }
        let mut store = Store {
            conn,
            path: Some(path.to_path_buf()),
            site,
            reference,
            wall,
            renewal,
            dependents: match mode {
                Mode::Local => Dependents::Kept,
                Mode::Shared => Dependents::Left,
            },
            mode,
            accept_erasures: false,
            phrase: phrase.cloned(),
            encrypted,
            upgraded,
            bulk: None,
            _opened: Some(opened::hold(
                path,
                if encrypted {
                    Content::Encrypted
                } else {
                    Content::Plain
                },
            )),
        };
        if mode == Mode::Local && store.phrase.is_none() {
            // The campaign's passphrase kept on this laptop, for the files it syncs with.
            store.phrase = store
                .setting(PHRASE_SETTING)?
                .and_then(|text| Phrase::new(&text).ok());
        }
        if mode == Mode::Local {
            store.learn_derived_keys()?;
            // Shared files are only merged into: their levels are never read.
            store.check_levels(announce)?;
        }
        if let Some(r) = &store.renewal {
            store.carry_device(r.previous)?;
        }
        Ok(store)
    }

    /// A database in memory (tests, benchmarks).
    pub fn in_memory(reference: Arc<Reference>, wall: WallClock) -> Result<Store> {
        let mut conn = Connection::open_in_memory()?;
        conn.set_prepared_statement_cache_capacity(STATEMENTS_CACHED);
        register_functions(&conn, &reference)?;
        schema::migrate(&mut conn)?;
        let (site, renewal) = site::ensure(&mut conn, &site::Place::memory(), false)?;
        let mut store = Store {
            conn,
            path: None,
            site,
            reference,
            wall,
            renewal,
            dependents: Dependents::Kept,
            mode: Mode::Local,
            accept_erasures: false,
            phrase: None,
            encrypted: false,
            upgraded: false,
            bulk: None,
            _opened: None,
        };
        store.check_levels(&|| {})?;
        Ok(store)
    }

    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }
    pub fn site(&self) -> Site {
        self.site
    }
    /// This laptop's device record id (the site id written as a UUID).
    pub fn device_id(&self) -> String {
        self.site.device_id()
    }
    pub fn reference(&self) -> &Reference {
        &self.reference
    }
    pub fn reference_arc(&self) -> Arc<Reference> {
        self.reference.clone()
    }
    /// Set when this open gave the file a new site id, and why.
    pub fn renewal(&self) -> Option<&SiteRenewal> {
        self.renewal.as_ref()
    }
    pub fn wall_ms(&self) -> i64 {
        (self.wall)()
    }

    /// The campaign's passphrase this base knows (given, or kept on the laptop).
    pub fn phrase(&self) -> Option<&Phrase> {
        self.phrase.as_ref()
    }

    /// Uses `phrase` as the campaign's passphrase from now on (kept by [`Store::keep_phrase`]).
    /// The key of an encrypted base itself does not change (that is [`Store::rekey`]).
    pub fn use_phrase(&mut self, phrase: Phrase) {
        if !self.encrypted {
            self.phrase = Some(phrase);
        }
    }

    /// Keeps the passphrase in use in the laptop's base, for the next syncs (a base that is
    /// encrypted itself needs it to be opened: it is not kept in it).
    pub fn keep_phrase(&mut self) -> Result<()> {
        let Some(phrase) = self.phrase.clone() else {
            return Ok(());
        };
        if self.encrypted || self.path.is_none() {
            return Ok(());
        }
        if self.setting(PHRASE_SETTING)?.as_deref() != Some(phrase.text()) {
            self.set_setting(PHRASE_SETTING, phrase.text())?;
        }
        Ok(())
    }

    /// Keeps the keys derived for the passphrase kept here (`cipher::spec_for`), so that the
    /// next syncs open the files they were derived for without deriving them again. Those of
    /// a passphrase no longer kept are forgotten; the newest few are kept.
    pub fn keep_derived_keys(&mut self) -> Result<()> {
        let Some(phrase) = self.phrase.clone() else {
            return Ok(());
        };
        if self.encrypted
            || self.path.is_none()
            || self.setting(PHRASE_SETTING)?.as_deref() != Some(phrase.text())
        {
            return Ok(());
        }
        let tag = format!("{DERIVED_SETTING}{}:", cipher::tag(&phrase));
        let derived = cipher::derived_for(&phrase);
        let now = self.wall_ms();
        let tx = self.conn.transaction()?;
        tx.execute(
            "DELETE FROM settings
             WHERE substr(key, 1, length(?1)) = ?1 AND substr(key, 1, length(?2)) <> ?2",
            params![DERIVED_SETTING, tag],
        )?;
        for (salt, key) in derived {
            // « key when »: the newest are kept; the same key seen again is dated again.
            tx.execute(
                "INSERT INTO settings (key, value) VALUES (?1, ?2)
                 ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                params![format!("{tag}{salt}"), format!("{key} {now}")],
            )?;
        }
        tx.execute(
            "DELETE FROM settings WHERE key IN (
                SELECT key FROM settings WHERE substr(key, 1, length(?1)) = ?1
                ORDER BY CAST(substr(value, 66) AS INTEGER) DESC LIMIT -1 OFFSET ?2)",
            params![tag, DERIVED_KEPT],
        )?;
        tx.commit()?;
        Ok(())
    }

    /// Takes in the derived keys kept for this base's passphrase (`keep_derived_keys`).
    fn learn_derived_keys(&self) -> Result<()> {
        let Some(phrase) = &self.phrase else {
            return Ok(());
        };
        let tag = format!("{DERIVED_SETTING}{}:", cipher::tag(phrase));
        let mut stmt = self
            .conn
            .prepare("SELECT key, value FROM settings WHERE substr(key, 1, length(?1)) = ?1")?;
        let rows = stmt.query_map([&tag], |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?))
        })?;
        for row in rows {
            let (name, value) = row?;
            let key = value.split(' ').next().unwrap_or_default();
            cipher::learn(phrase, &name[tag.len()..], key);
        }
        Ok(())
    }

    /// This file is encrypted.
    pub fn is_encrypted(&self) -> bool {
        self.encrypted
    }

    /// This file was of an earlier schema and was upgraded as it opened, or held objects
    /// comptoir did not make, dropped as it opened: either way, to be published so.
    pub fn was_upgraded(&self) -> bool {
        self.upgraded
    }

    /// Encrypts this file with `phrase` instead of its passphrase (SQLCipher's `PRAGMA
    /// rekey`, every page written again in one transaction).
    pub fn rekey(&mut self, phrase: &Phrase) -> Result<()> {
        anyhow::ensure!(self.encrypted, "rekey: the file is not encrypted");
        self.conn.pragma_update(None, "rekey", phrase.text())?;
        self.phrase = Some(phrase.clone());
        Ok(())
    }

    /// Read access for queries; nothing writes through it.
    /// From now on this connection refuses every write (SQLite's `query_only`): the
    /// interface opened read-only beside another one.
    pub fn set_read_only(&self) -> Result<()> {
        self.conn.execute_batch("PRAGMA query_only = ON")?;
        Ok(())
    }

    pub(crate) fn conn(&self) -> &Connection {
        &self.conn
    }

    /// The last clock this database has used or seen.
    pub fn clock(&self) -> Result<i64> {
        Ok(self
            .conn
            .query_row("SELECT clock FROM local", [], |r| r.get(0))?)
    }

    /// The one write path. Validates every field of every edit, then, in one transaction,
    /// appends one change per field whose value differs from the current one (all stamped with
    /// one new clock, each with the clock of the value it replaces as "seen"), updates the
    /// derived tables and persists the clock. On any error nothing is written.
    pub fn write(&mut self, edits: &[Edit]) -> Result<Written, WriteError> {
        self.write_inner(edits, false)
    }

    /// Settles a conflict by writing `value` as a new change, even when it is the value shown
    /// now (keeping the current winner is a decision too, and must be seen by every laptop).
    pub fn settle(
        &mut self,
        table: &'static Table,
        record: &str,
        field: &'static str,
        value: Value,
    ) -> Result<Written, WriteError> {
        self.write_inner(&[Edit::new(table, record).set(field, value)], true)
    }

    fn write_inner(&mut self, edits: &[Edit], force: bool) -> Result<Written, WriteError> {
        let mut checked: Vec<(&Edit, Vec<(&'static Field, Value)>)> = Vec::new();
        for edit in edits {
            let mut fields = Vec::new();
            for (name, value) in &edit.fields {
                let field = edit.table.field(name).ok_or_else(|| {
                    WriteError::Storage(anyhow!(crate::t!(
                        "champ inconnu {field}",
                        field = format!("{}.{name}", edit.table.name)
                    )))
                })?;
                let value = rules::check(edit.table, field, value.clone(), &self.reference)
                    .map_err(|why| WriteError::Invalid {
                        table: edit.table.name,
                        field: field.name,
                        message: why.message(),
                    })?;
                fields.push((field, value));
            }
            if uuid::Uuid::parse_str(&edit.id).is_err() {
                return Err(WriteError::Storage(anyhow!(crate::t!(
                    "identifiant invalide {id}",
                    id = edit.id
                ))));
            }
            checked.push((edit, fields));
        }

        let wall = (self.wall)();
        let site = self.site;
        let tx = if self.bulk.is_some() {
            Unit::InBulk(self.conn.savepoint()?)
        } else {
            Unit::Own(
                self.conn
                    .transaction_with_behavior(TransactionBehavior::Immediate)?,
            )
        };
        let mut clock = 0i64;
        let mut seq: i64 = tx
            .prepare_cached("SELECT max_seq FROM sites WHERE site = ?1")?
            .query_row([site.bytes()], |r| r.get(0))
            .optional()?
            .unwrap_or(0);
        let mut count = 0;
        for (edit, fields) in &checked {
            let forgotten: bool = tx
                .prepare_cached("SELECT 1 FROM forgotten WHERE id = ?1")?
                .query_row([&edit.id], |_| Ok(true))
                .optional()?
                .unwrap_or(false);
            if forgotten {
                return Err(WriteError::Forgotten);
            }
            let current = derive::read_row(&tx, edit.table, &edit.id)?;
            if current.is_none() {
                for field in edit.table.fields.iter().filter(|f| f.required) {
                    let given = fields
                        .iter()
                        .any(|(f, v)| f.name == field.name && !v.is_empty());
                    if !given {
                        return Err(WriteError::Invalid {
                            table: edit.table.name,
                            field: field.name,
                            message: crate::i18n::tr("obligatoire.").into(),
                        });
                    }
                }
            }
            let mut new_row: Vec<(&str, &Value)> = Vec::new();
            for (field, value) in fields {
                let old = current
                    .as_ref()
                    .and_then(|row| row.get(field.name).cloned())
                    .unwrap_or(Value::Null);
                if old == *value && !force {
                    continue;
                }
                if field.kind == Kind::SetOnce && old == Value::Int(1) {
                    return Err(WriteError::Invalid {
                        table: edit.table.name,
                        field: field.name,
                        message: crate::i18n::tr(
                            "une suppression ne s'annule pas : recréez la fiche.",
                        )
                        .into(),
                    });
                }
                if field.required && value.is_empty() {
                    return Err(WriteError::Invalid {
                        table: edit.table.name,
                        field: field.name,
                        message: crate::i18n::tr("obligatoire.").into(),
                    });
                }
                if clock == 0 {
                    let last: i64 = tx
                        .prepare_cached("SELECT clock FROM local")?
                        .query_row([], |r| r.get(0))?;
                    clock = tick(last, wall);
                }
                // A record with no row yet has no change yet (its row is made with its first
                // change, here or by a merge), hence no newer value and no conflict: a new
                // record (an import, a demo, a walk-in) does not look its fields up.
                let latest: i64 = match current {
                    None => 0,
                    Some(_) => tx
                        .prepare_cached(
                            "SELECT coalesce(max(clock), 0) FROM changes
                             WHERE record = ?1 AND field = ?2",
                        )?
                        .query_row(params![edit.id, field.name], |r| r.get(0))?,
                };
                // An edit decided on an older screen saw the value shown then, not one a sync
                // brought since: that one stays, as a conflict, instead of being overwritten.
                let seen = match &edit.seen {
                    Some(shown) => shown.get(field.name).copied().unwrap_or(0).min(latest),
                    None => latest,
                };
                seq += 1;
                tx.prepare_cached(
                    "INSERT INTO changes (site, seq, clock, tbl, record, field, value, seen)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                )?
                .execute(params![
                    site.bytes(),
                    seq,
                    clock,
                    edit.table.name,
                    edit.id,
                    field.name,
                    derive::to_sql(value),
                    seen
                ])?;
                match current {
                    // A new record's row is written once, whole, below.
                    None => new_row.push((field.name, value)),
                    Some(_) => {
                        derive::set_field(&tx, edit.table, &edit.id, field.name, value, clock)?
                    }
                }
                // This change saw every value of the field up to `seen`: it settles the
                // conflicts of those; a value from another laptop newer than that, and
                // different, stays open against it (the rule `derive` follows too).
                if current.is_some() {
                    tx.prepare_cached("DELETE FROM conflicts WHERE record = ?1 AND field = ?2")?
                        .execute(params![edit.id, field.name])?;
                }
                if seen < latest {
                    tx.prepare_cached(
                        "INSERT OR IGNORE INTO conflicts (site, seq, record, field)
                         SELECT site, seq, record, field FROM changes
                         WHERE record = ?1 AND field = ?2 AND site != ?3 AND clock > ?4
                           AND value IS NOT ?5",
                    )?
                    .execute(params![
                        edit.id,
                        field.name,
                        site.bytes(),
                        seen,
                        derive::to_sql(value)
                    ])?;
                }
                count += 1;
            }
            if !new_row.is_empty() {
                derive::insert_row(&tx, edit.table, &edit.id, &new_row, clock)?;
            }
            // Rules that span fields, on the record as it now stands.
            if let Some(row) = derive::read_row(&tx, edit.table, &edit.id)?
                && let Err((field, why)) = rules::check_record(edit.table, &row)
            {
                return Err(WriteError::Invalid {
                    table: edit.table.name,
                    field,
                    message: why.message(),
                });
            }
        }
        if count > 0 {
            derive::start_touched(&tx)?;
            for (edit, _) in &checked {
                tx.prepare_cached(
                    "INSERT OR IGNORE INTO temp.touched (tbl, record) VALUES (?1, ?2)",
                )?
                .execute([edit.table.name, edit.id.as_str()])?;
            }
            follow_touched(&tx, self.dependents, &self.reference).map_err(WriteError::Storage)?;
            tx.prepare_cached("UPDATE local SET clock = ?1")?
                .execute([clock])?;
            tx.prepare_cached(
                "INSERT INTO sites (site, max_seq, max_clock) VALUES (?1, ?2, ?3)
                 ON CONFLICT (site) DO UPDATE SET max_seq = excluded.max_seq,
                     max_clock = max(max_clock, excluded.max_clock)",
            )?
            .execute(params![site.bytes(), seq, clock])?;
        }
        crate::fault::fault_point("avant-validation");
        tx.commit()?;
        self.bulk_step()?;
        Ok(Written {
            changes: count,
            clock,
        })
    }

    /// Many writes (the demo, an import), each through [`Store::write`] as always, grouped
    /// `per_tx` to a transaction: a transaction per record costs a commit and a new segment
    /// of the search indexes each. Each write stays whole (a refused one leaves nothing, the
    /// next ones go on); what `work` wrote is committed at the end, even when it fails, as
    /// single writes would have been. A kill loses at most the writes since the last commit.
    pub fn bulk<T>(
        &mut self,
        per_tx: usize,
        work: impl FnOnce(&mut Store) -> Result<T>,
    ) -> Result<T> {
        if self.bulk.is_some() {
            return work(self);
        }
        // The plans of the write path's statements made once for the run: without this,
        // SQLite makes some of them again at each use (their plan could depend on the values
        // bound, which rusqlite clears after each use), and that was a third of a write.
        let stable = rusqlite::config::DbConfig::SQLITE_DBCONFIG_ENABLE_QPSG;
        let was_stable = self.conn.db_config(stable)?;
        self.conn.set_db_config(stable, true)?;
        // Each write is a savepoint: the pages it changes that the transaction had already
        // changed are kept aside until it ends, in memory rather than in a temporary file.
        self.conn.pragma_update(None, "temp_store", "MEMORY")?;
        // A transaction of many writes changes thousands of pages: kept in a page cache of
        // 256 MiB rather than spilled to the log before the commit (as a merge does).
        let cache: i64 = self.conn.query_row("PRAGMA cache_size", [], |r| r.get(0))?;
        self.conn.pragma_update(None, "cache_size", -262_144)?;
        // The search text and levels are made once, at the end of the run, for every record
        // its writes touched, instead of once a write or once a transaction: the search
        // indexes are written in one pass, in their order, and merged far less. Each
        // transaction before takes away the levels' fingerprint: if the run is stopped, the
        // next opening makes them all again.
        let gather = self.dependents == Dependents::Kept;
        if gather {
            start_gathering(&self.conn)?;
            self.dependents = Dependents::Gathered;
        }
        self.conn.execute_batch("BEGIN IMMEDIATE")?;
        self.bulk = Some(Bulk {
            per_tx: per_tx.max(1),
            pending: 0,
        });
        let out = work(self);
        self.bulk = None;
        if gather {
            self.dependents = Dependents::Kept;
        }
        let end = (|| {
            if gather {
                make_gathered(&self.conn, &self.reference)?;
            }
            self.conn.execute_batch("COMMIT")?;
            Ok::<_, anyhow::Error>(())
        })();
        if end.is_err() {
            let _ = self.conn.execute_batch("ROLLBACK");
        }
        let _ = self.conn.set_db_config(stable, was_stable);
        let _ = self.conn.pragma_update(None, "temp_store", "DEFAULT");
        let _ = self.conn.pragma_update(None, "cache_size", cache);
        let out = out?;
        end?;
        Ok(out)
    }

    /// In a bulk run, one more write done: the transaction is committed every `per_tx`.
    fn bulk_step(&mut self) -> Result<(), WriteError> {
        if let Some(bulk) = &mut self.bulk {
            bulk.pending += 1;
            if bulk.pending >= bulk.per_tx {
                bulk.pending = 0;
                self.conn.execute_batch("COMMIT; BEGIN IMMEDIATE")?;
            }
        }
        Ok(())
    }

    /// Rebuilds every derived table from the changes, in one transaction.
    pub fn rebuild_derived(&mut self) -> Result<()> {
        let tx = self.conn.transaction()?;
        derive::rebuild(&tx)?;
        levels::refresh_all(&tx, &self.reference)?;
        people::refresh_all_text(&tx)?;
        tx.commit()?;
        Ok(())
    }

    /// Where the maintained counts and totals differ from the records (empty: they agree).
    pub fn audit_totals(&self) -> Result<Vec<String>> {
        levels::audit(&self.conn)
    }

    /// Every row of every derived table, in a stable order (tests compare live and rebuilt).
    pub fn dump_derived(&self) -> Result<Vec<(String, Vec<Value>)>> {
        derive::dump(&self.conn)
    }

    /// Judges every idea again when the reference data they are judged by has changed since
    /// the levels were stored (or when they never were, or a shared file left them).
    fn check_levels(&mut self, announce: &dyn Fn()) -> Result<()> {
        let print = levels::fingerprint(&self.reference);
        if self.setting("levels_fingerprint")?.as_deref() == Some(print.as_str()) {
            return Ok(());
        }
        let large: bool = self.conn.query_row(
            "SELECT count(*) >= 1000 FROM (SELECT 1 FROM ideas LIMIT 1000)",
            [],
            |r| r.get(0),
        )?;
        if large {
            announce();
        }
        let tx = self.conn.transaction()?;
        levels::refresh_all(&tx, &self.reference)?;
        // Commune names are in the people's searchable text: the same data, the same moment.
        people::refresh_all_text(&tx)?;
        set_fingerprint(&tx, &print)?;
        tx.commit()?;
        Ok(())
    }

    /// Runs `merges` (merges into this base, each file in its own transaction), then makes the
    /// people's search text and the ideas' levels once for every record they touched, instead
    /// of once a file: a central merge of many files writes the search indexes in one pass.
    /// A shared file leaves them to its next opening as a base anyway.
    pub fn merge_run<T>(&mut self, merges: impl FnOnce(&mut Store) -> T) -> Result<T> {
        if self.dependents != Dependents::Kept {
            return Ok(merges(self));
        }
        start_gathering(&self.conn)?;
        self.dependents = Dependents::Gathered;
        let out = merges(self);
        self.dependents = Dependents::Kept;
        let tx = self.conn.transaction()?;
        make_gathered(&tx, &self.reference)?;
        tx.commit()?;
        Ok(out)
    }

    /// A record's fields as they stand, `None` when it does not exist here.
    pub fn row(
        &self,
        table: &Table,
        id: &str,
    ) -> Result<Option<std::collections::BTreeMap<&'static str, Value>>> {
        Ok(derive::read_row(&self.conn, table, id)?)
    }

    /// A record's fields as they stand, with the clock of each value: what a form shows, and
    /// the [`Seen`] its edit is then decided on.
    pub fn row_seen(
        &self,
        table: &Table,
        id: &str,
    ) -> Result<Option<(std::collections::BTreeMap<&'static str, Value>, Seen)>> {
        let Some(row) = derive::read_row(&self.conn, table, id)? else {
            return Ok(None);
        };
        let mut seen = Seen::new();
        let mut stmt = self.conn.prepare_cached(
            "SELECT field, max(clock) FROM changes WHERE record = ?1 GROUP BY field",
        )?;
        let clocks = stmt.query_map([id], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?)))?;
        for c in clocks {
            let (field, clock) = c?;
            if let Some(f) = table.field(&field) {
                seen.insert(f.name, clock);
            }
        }
        Ok(Some((row, seen)))
    }

    /// For the temporary copy of a shared file, which is flushed whole before it is renamed over
    /// the file and thrown away if anything fails first: its transactions keep their rollback
    /// journal in memory (a failed merge still rolls back) and are not flushed one by one. Never
    /// for a file that is read or written in place.
    pub fn write_as_temporary_copy(&self) -> Result<()> {
        self.conn.pragma_update(None, "journal_mode", "MEMORY")?;
        self.conn.pragma_update(None, "synchronous", "OFF")?;
        Ok(())
    }

    /// SQLite's quick check: `"ok"` for an intact file.
    pub fn quick_check(&self) -> Result<String> {
        Ok(self
            .conn
            .query_row("PRAGMA quick_check", [], |r| r.get(0))?)
    }

    /// Copies the database to `path` with SQLite's backup API (consistent even while in use).
    /// The copy of an encrypted base is encrypted with the same passphrase.
    pub fn backup_to(&self, path: &Path) -> Result<()> {
        let copied = match (&self.phrase, self.encrypted) {
            (Some(phrase), true) => (|| {
                let mut to = Connection::open(path)?;
                cipher::key(&to, path, phrase)?;
                rusqlite::backup::Backup::new(&self.conn, &mut to)?.run_to_completion(
                    256,
                    std::time::Duration::ZERO,
                    None,
                )
            })(),
            _ => self.conn.backup(
                rusqlite::MAIN_DB,
                path,
                None::<fn(rusqlite::backup::Progress)>,
            ),
        };
        copied.with_context(|| format!("sauvegarde vers {}", path.display()))?;
        Ok(())
    }

    /// Notes a sync with `target` in this laptop's history (never merged): the changes sent and
    /// received, the conflicts left open.
    pub fn record_sync(
        &mut self,
        target: &str,
        sent: i64,
        received: i64,
        conflicts: i64,
    ) -> Result<()> {
        let now = self.wall_ms();
        let tx = self.conn.transaction()?;
        tx.execute(
            "INSERT INTO sync_log (at, target, sent, received, conflicts, outcome) VALUES (?1, ?2, ?3, ?4, ?5, 'ok')",
            params![now, target, sent, received, conflicts],
        )?;
        let when = crate::strings::moment(now);
        for (k, v) in [("last_sync", when.as_str()), ("sync_target", target)] {
            tx.execute(
                "INSERT INTO settings (key, value) VALUES (?1, ?2)
                 ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                params![k, v],
            )?;
        }
        tx.commit()?;
        Ok(())
    }

    /// The sync history, latest first.
    pub fn sync_log(&self, limit: usize) -> Result<Vec<SyncEntry>> {
        let mut stmt = self.conn.prepare(
            "SELECT at, target, sent, received, conflicts FROM sync_log ORDER BY at DESC, rowid DESC LIMIT ?1",
        )?;
        let rows = stmt.query_map([limit as i64], |r| {
            Ok(SyncEntry {
                at_ms: r.get(0)?,
                target: r.get(1)?,
                sent: r.get(2)?,
                received: r.get(3)?,
                conflicts: r.get(4)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// A local setting (not synced): current workshop, sync target, last sync.
    pub fn setting(&self, key: &str) -> Result<Option<String>> {
        Ok(self
            .conn
            .query_row("SELECT value FROM settings WHERE key = ?1", [key], |r| {
                r.get(0)
            })
            .optional()?)
    }

    pub fn set_setting(&mut self, key: &str, value: &str) -> Result<()> {
        self.conn.execute(
            "INSERT INTO settings (key, value) VALUES (?1, ?2)
             ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            params![key, value],
        )?;
        Ok(())
    }

    /// After a site renewal, this laptop gets a device record of its own, copied from the one
    /// the file had, so the facilitator is not asked again.
    /// Where this base stands (its file, or memory).
    fn place(&self) -> Result<site::Place> {
        match &self.path {
            Some(p) => site::Place::of(p),
            None => Ok(site::Place::memory()),
        }
    }

    /// Gives this base a new site id where it stands (its device record follows).
    fn renew_site(&mut self) -> Result<()> {
        let place = self.place()?;
        let (fresh, renewal) = site::renew(&mut self.conn, &place, self.site)?;
        self.site = fresh;
        let previous = renewal.previous;
        self.renewal = Some(renewal);
        self.carry_device(previous)
    }

    /// Before this file (a copy of `target`) is renamed over `target`: if `target` was opened as
    /// a base where it stands (the central file, for its report), the copy takes over its place
    /// (the rename gives `target` the copy's inode), so that opening it again is no move.
    pub fn carry_place(&mut self, target: &Path) -> Result<()> {
        let (Ok(there), Some(here)) = (site::Place::of(target), self.path.clone()) else {
            return Ok(());
        };
        let was: (String, String) =
            self.conn
                .query_row("SELECT path, host FROM local", [], |r| {
                    Ok((r.get(0)?, r.get(1)?))
                })?;
        if was == (there.path, there.host) {
            let inode = site::Place::of(&here)?.inode;
            self.conn.execute("UPDATE local SET inode = ?1", [inode])?;
        }
        Ok(())
    }

    /// Lets the next merges erase more than [`merge::MAX_ERASED_AT_ONCE`] people at once.
    pub fn accept_erasures(&mut self) {
        self.accept_erasures = true;
    }

    /// The site ids this base wrote under before its current one.
    pub fn previous_sites(&self) -> Result<Vec<Site>> {
        site::previous(&self.conn)
    }

    /// Records, beside the base, that its changes up to now have left the laptop (a sync
    /// published them): a backup copied back later is then known to be behind.
    pub fn note_published(&self) -> Result<()> {
        let Some(path) = &self.path else {
            return Ok(());
        };
        let seq: i64 = self.conn.query_row(
            "SELECT coalesce((SELECT max_seq FROM sites WHERE site = ?1), 0)",
            [self.site.bytes()],
            |r| r.get(0),
        )?;
        if seq > 0 {
            site::PublishedMark::write(path, self.site, seq)?;
        }
        Ok(())
    }

    /// The way out for a base restored from a backup and written to before its next sync (its
    /// new changes carry numbers already published with other content, and every sync stops):
    /// every change of its site is moved, in order, under a new site id, and the old site's
    /// watermark is dropped, so the next sync takes back what was published under the old id
    /// and publishes the rest under the new one. Nothing is lost; values and clocks are kept.
    /// Returns the changes renumbered.
    pub fn renumber(&mut self) -> Result<usize> {
        let old = self.site;
        let place = self.place()?;
        let fresh = Site::random();
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let moved = tx.execute(
            "INSERT INTO changes (site, seq, clock, tbl, record, field, value, seen)
             SELECT ?2, row_number() OVER (ORDER BY seq), clock, tbl, record, field, value, seen
             FROM changes WHERE site = ?1 ORDER BY seq",
            params![old.bytes(), fresh.bytes()],
        )?;
        tx.execute(
            "UPDATE conflicts SET site = ?2,
                 seq = (SELECT n FROM (SELECT seq AS s, row_number() OVER (ORDER BY seq) AS n
                                       FROM changes WHERE site = ?1) WHERE s = conflicts.seq)
             WHERE site = ?1",
            params![old.bytes(), fresh.bytes()],
        )?;
        tx.execute("DELETE FROM changes WHERE site = ?1", [old.bytes()])?;
        tx.execute("DELETE FROM sites WHERE site = ?1", [old.bytes()])?;
        if moved > 0 {
            tx.execute(
                "INSERT INTO sites (site, max_seq, max_clock)
                 SELECT ?1, count(*), max(clock) FROM changes WHERE site = ?1",
                [fresh.bytes()],
            )?;
        }
        tx.execute(
            "UPDATE local SET site = ?1, path = ?2, host = ?3, inode = ?4",
            params![fresh.bytes(), place.path, place.host, place.inode],
        )?;
        site::remember_previous(&tx, old)?;
        tx.execute("DELETE FROM settings WHERE key = 'renumber_needed'", [])?;
        tx.commit()?;
        self.site = fresh;
        self.carry_device(old)?;
        Ok(moved)
    }

    fn carry_device(&mut self, previous: Site) -> Result<()> {
        let Some(row) = derive::read_row(&self.conn, &model::DEVICES, &previous.device_id())?
        else {
            return Ok(());
        };
        let mut edit = Edit::new(&model::DEVICES, self.device_id());
        for f in model::DEVICES.fields {
            if let Some(v) = row.get(f.name) {
                edit = edit.set(f.name, v.clone());
            }
        }
        self.write(&[edit]).map_err(|e| anyhow!("{e}"))?;
        Ok(())
    }
}

/// `fold(text)`: the same folding as `domain::text::fold`, for searches written in SQL.
fn register_functions(conn: &Connection, reference: &Arc<Reference>) -> rusqlite::Result<()> {
    use rusqlite::functions::FunctionFlags;
    let flags = FunctionFlags::SQLITE_UTF8 | FunctionFlags::SQLITE_DETERMINISTIC;
    let reference = reference.clone();
    conn.create_scalar_function("search_text", 5, flags, move |ctx| {
        let part = |i| ctx.get::<Option<String>>(i);
        Ok(people::search_text(
            &reference,
            [part(0)?, part(1)?, part(2)?, part(3)?, part(4)?],
        ))
    })?;
    conn.create_scalar_function("name_slot", 2, flags, |ctx| {
        Ok(people::name_slot(
            &ctx.get::<String>(0)?,
            &ctx.get::<String>(1)?,
        ))
    })?;
    conn.create_scalar_function(
        "fold",
        1,
        FunctionFlags::SQLITE_UTF8 | FunctionFlags::SQLITE_DETERMINISTIC,
        |ctx| {
            let text: Option<String> = ctx.get(0)?;
            Ok(text
                .map(|t| crate::domain::text::fold(&t))
                .unwrap_or_default())
        },
    )
}

/// Creates the database file readable and writable by its owner only (it holds minors'
/// personal data), and tightens an existing file that is looser.
fn create_private(path: &Path) -> Result<()> {
    // On Windows a new file takes the permissions of its folder: the user's profile for the
    // local base (%APPDATA%), nothing on a FAT32 or exFAT key, where only the encryption of
    // shared files can protect people's data. There is no mode bit to set here.
    #[cfg(not(unix))]
    let _ = path;
    #[cfg(unix)]
    {
        use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
        if !path.exists() {
            std::fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .mode(0o600)
                .open(path)
                .with_context(|| {
                    crate::t!("Impossible de créer la base {path}", path = path.display())
                })?;
        } else if let Ok(meta) = std::fs::metadata(path)
            && meta.is_file()
            && meta.permissions().mode() & 0o077 != 0
        {
            let _ = std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600));
        }
    }
    Ok(())
}

/// Refuses a path that is a folder or a file that is not SQLite, before SQLite touches it.
/// A base comptoir cannot write to is said so before SQLite, which would otherwise open it
/// read-only and fail later with words that point elsewhere ("not a database").
fn check_writable(path: &Path) -> Result<()> {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let file_ok = !path.exists() || std::fs::OpenOptions::new().write(true).open(path).is_ok();
    // SQLite writes its journal beside the base: the folder must take a new file.
    let dir_ok = tempfile::Builder::new()
        .prefix(".comptoir-essai")
        .tempfile_in(dir)
        .is_ok();
    if !file_ok || !dir_ok {
        anyhow::bail!(crate::t!(
            "La base {path} est en lecture seule ({what}) : comptoir doit pouvoir y écrire. Vérifiez les \
             droits, ou copiez-la dans un dossier à vous.",
            path = path.display(),
            what = if file_ok {
                crate::i18n::tr("son dossier")
            } else {
                crate::i18n::tr("le fichier")
            }
        ));
    }
    Ok(())
}

fn check_is_database(conn: &Connection, path: &Path) -> Result<()> {
    conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| {
        r.get::<_, i64>(0)
    })
    .map_err(|_| {
        anyhow!(crate::t!(
            "{path} n'est pas une base SQLite lisible (fichier abîmé ou d'un autre type).",
            path = path.display()
        ))
    })?;
    Ok(())
}

/// What a comptoir file holds at the latest schema: (type, name) → SQL, read once from an
/// empty base that went through every migration.
fn expected_objects() -> &'static std::collections::HashMap<(String, String), Option<String>> {
    static EXPECTED: std::sync::OnceLock<
        std::collections::HashMap<(String, String), Option<String>>,
    > = std::sync::OnceLock::new();
    EXPECTED.get_or_init(|| {
        let mut conn = Connection::open_in_memory().expect("an empty base in memory");
        let reference = Arc::new(crate::paths::builtin_reference());
        register_functions(&conn, &reference).expect("the functions register");
        schema::migrate(&mut conn).expect("the migrations run on an empty base");
        objects(&conn).expect("the schema of an empty base reads")
    })
}

fn objects(
    conn: &Connection,
) -> rusqlite::Result<std::collections::HashMap<(String, String), Option<String>>> {
    let mut stmt = conn.prepare(
        "SELECT type, name, sql FROM sqlite_master WHERE substr(name, 1, 7) != 'sqlite_'",
    )?;
    let rows = stmt.query_map([], |r| Ok(((r.get(0)?, r.get(1)?), r.get(2)?)))?;
    rows.collect()
}

/// A file from elsewhere (a key, a shared folder, a central file, always opened on a copy of
/// this program's) keeps no object that comptoir did not make: planted triggers would run
/// inside comptoir on every merge (and fill hidden tables with people's data), planted views
/// could stand for its tables. Triggers, views, indexes and tables of other names are dropped
/// before anything is written; an object of comptoir's name with other SQL makes the file
/// refused as damaged. Files of an earlier schema lose their unknown triggers and views only
/// (their tables are upgraded by the migrations).
fn clear_foreign_objects(conn: &Connection, path: &Path) -> Result<bool> {
    let found = objects(conn)?;
    if found.is_empty() {
        return Ok(false);
    }
    let expected = expected_objects();
    let latest = schema::version(conn)? == schema::LATEST;
    let mut drop = Vec::new();
    for ((kind, name), sql) in &found {
        match expected.get(&(kind.clone(), name.clone())) {
            Some(ours) if ours == sql || !latest => {}
            Some(_) => anyhow::bail!(crate::t!(
                "{path} est abîmé ou modifié à la main (l'objet « {name} » n'est pas celui de comptoir) : il n'est pas lu.",
                path = path.display(),
                name = name.chars().take(80).collect::<String>()
            )),
            None if latest || kind == "trigger" || kind == "view" => {
                drop.push((kind.clone(), name.clone()))
            }
            None => {}
        }
    }
    // Triggers and views first, then indexes, then tables.
    let rank = |k: &str| match k {
        "trigger" => 0,
        "view" => 1,
        "index" => 2,
        _ => 3,
    };
    drop.sort_by_key(|(k, _)| rank(k));
    let dropped = !drop.is_empty();
    for (kind, name) in drop {
        let quoted = format!("\"{}\"", name.replace('"', "\"\""));
        let sql = match kind.as_str() {
            "trigger" => format!("DROP TRIGGER IF EXISTS {quoted}"),
            "view" => format!("DROP VIEW IF EXISTS {quoted}"),
            "index" => format!("DROP INDEX IF EXISTS {quoted}"),
            _ => format!("DROP TABLE IF EXISTS {quoted}"),
        };
        conn.execute_batch(&sql).map_err(|_| {
            anyhow!(crate::t!(
                "{path} est abîmé ou modifié à la main : il n'est pas lu.",
                path = path.display()
            ))
        })?;
    }
    Ok(dropped)
}

#[cfg(test)]
pub(crate) mod tests;

/// Notes that the levels and search text stand for this reference data.
fn set_fingerprint(conn: &Connection, print: &str) -> rusqlite::Result<()> {
    conn.execute(
        "INSERT INTO settings (key, value) VALUES ('levels_fingerprint', ?1)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        [print],
    )?;
    Ok(())
}

/// Starts a run whose dependents are made once at its end ([`Dependents::Gathered`]).
fn start_gathering(conn: &Connection) -> rusqlite::Result<()> {
    conn.execute_batch(
        "CREATE TEMP TABLE IF NOT EXISTS gathered (
             tbl TEXT NOT NULL, record TEXT NOT NULL, PRIMARY KEY (tbl, record)) WITHOUT ROWID;
         DELETE FROM temp.gathered;",
    )
}

/// Makes the people's search text and the ideas' levels of every record gathered since
/// [`start_gathering`], inside the caller's transaction, and says they are up to date again
/// (everything else was: a base's levels are checked as it opens).
fn make_gathered(conn: &Connection, reference: &Reference) -> Result<()> {
    derive::start_touched(conn)?;
    conn.execute(
        "INSERT INTO temp.touched SELECT tbl, record FROM temp.gathered",
        [],
    )?;
    derive::refresh_dependents(conn, reference)?;
    conn.execute_batch("DELETE FROM temp.touched; DELETE FROM temp.gathered;")?;
    set_fingerprint(conn, &levels::fingerprint(reference))?;
    Ok(())
}

/// What the records listed in `temp.touched` change beyond their rows, in the transaction
/// `tx` that changed them, as [`Dependents`] says.
fn follow_touched(tx: &Connection, dependents: Dependents, reference: &Reference) -> Result<()> {
    match dependents {
        Dependents::Kept => derive::refresh_dependents(tx, reference),
        // Taken away in the same transaction: if the process stops before the run ends, the
        // next opening makes everything again.
        Dependents::Left | Dependents::Gathered => {
            tx.prepare_cached("DELETE FROM settings WHERE key = 'levels_fingerprint'")?
                .execute([])?;
            if dependents == Dependents::Gathered {
                tx.prepare_cached(
                    "INSERT OR IGNORE INTO temp.gathered SELECT tbl, record FROM temp.touched",
                )?
                .execute([])?;
            }
            Ok(())
        }
    }
}
