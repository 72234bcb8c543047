//! The store's merge entry point, erasure, conflicts and the content digest.
//!
//! A merge is a join of two change sets: the union of the changes (per site, only the `seq`
//! above what is already held: the watermark), the union of the forget sets (keeping the
//! smallest clock of an id held twice), the changes of forgotten ids deleted for good, the
//! derived tables recomputed for the fields that received something, the clock raised. So
//! `merge(a, b)` and `merge(b, a)` hold the same data, in whatever order files arrive, and a
//! merge of what is already held changes nothing.

use std::collections::BTreeMap;
use std::path::Path;

use anyhow::anyhow;
use rusqlite::{OptionalExtension, TransactionBehavior, params};
use serde::Serialize;
use sha2::{Digest, Sha256};

use super::derive;
use super::schema;
use super::site::Site;
use super::{Store, WriteError, tick};
use crate::domain::model::{self, TABLES, Value};

/// A clock from another laptop far ahead of this one's wall clock.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ClockAhead {
    pub site: String,
    pub device: Option<String>,
    pub ahead_ms: i64,
}

impl ClockAhead {
    pub fn sentence(&self) -> String {
        let days = self.ahead_ms as f64 / 86_400_000.0;
        crate::t!(
            "L'horloge de l'ordinateur « {device} » est en avance de {days} jour(s) : corrigez sa date et son heure.",
            device = self.device.as_deref().unwrap_or(&self.site),
            days = format!("{days:.0}")
        )
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct MergeStats {
    /// Changes this database did not hold and now does.
    pub received: usize,
    /// Ids added to the forget set.
    pub newly_forgotten: usize,
    /// Changes deleted because their record is forgotten.
    pub erased: usize,
    /// Clocks more than a day ahead of this laptop's wall clock.
    pub ahead: Vec<ClockAhead>,
}

#[derive(Debug)]
pub enum MergeError {
    /// Two files hold different changes under one `(site, seq)`: a laptop database was copied.
    Collision {
        device: String,
        seq: i64,
    },
    /// The source is not a comptoir database, or is damaged, or too new.
    BadSource(String),
    Storage(anyhow::Error),
}

impl std::fmt::Display for MergeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            MergeError::Collision { device, seq } => f.write_str(&crate::t!(
                "Fusion arrêtée : l'ordinateur « {device} » a écrit deux versions différentes de sa \
                 modification n° {seq}. Sa base a sans doute été copiée sur un autre ordinateur ou \
                 restaurée d'une sauvegarde ; rien n'a été modifié. Contactez la Mission ESS.",
                device,
                seq
            )),
            MergeError::BadSource(why) => f.write_str(why),
            MergeError::Storage(e) => f.write_str(&crate::t!(
                "Fusion impossible : {why}",
                why = crate::strings::storage_error(e)
            )),
        }
    }
}

impl std::error::Error for MergeError {}

impl From<rusqlite::Error> for MergeError {
    fn from(e: rusqlite::Error) -> MergeError {
        MergeError::Storage(e.into())
    }
}

/// What a record is, for a person choosing between two values: the title of the idea it
/// belongs to, the name of the person, the comptoir's territory and date.
fn subject(
    conn: &rusqlite::Connection,
    table: &str,
    record: &str,
) -> rusqlite::Result<Option<String>> {
    let sql = match table {
        "ideas" => "SELECT title FROM ideas WHERE id = ?1".to_string(),
        "attendees" => "SELECT first_name || ' ' || last_name FROM attendees WHERE id = ?1".into(),
        "workshops" => "SELECT territory || ', ' || date FROM workshops WHERE id = ?1".into(),
        "devices" => "SELECT label FROM devices WHERE id = ?1".into(),
        "holders" | "budget_lines" | "criterion_checks" | "reviews" => {
            format!("SELECT i.title FROM {table} t JOIN ideas i ON i.id = t.idea WHERE t.id = ?1")
        }
        "attendance" => "SELECT a.first_name || ' ' || a.last_name FROM attendance t
             JOIN attendees a ON a.id = t.attendee WHERE t.id = ?1"
            .into(),
        _ => return Ok(None),
    };
    Ok(conn
        .query_row(&sql, [record], |r| r.get::<_, Option<String>>(0))
        .optional()?
        .flatten())
}

/// One open conflict: the value shown and a value it replaced without having seen it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Conflict {
    pub table: String,
    pub record: String,
    /// What the record is, in words (an idea's title, a person's name), when it can be told.
    pub subject: Option<String>,
    pub field: String,
    pub shown: Option<String>,
    pub shown_device: String,
    pub shown_ms: i64,
    pub other: Option<String>,
    pub other_device: String,
    pub other_ms: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SiteInfo {
    pub site: String,
    pub device: Option<String>,
    pub last_seq: i64,
    pub last_clock: i64,
    /// The last clock as a date, `AAAA-MM-JJ HH:MM` (UTC).
    pub last_change: String,
}

/// What `comptoir check` says of a file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FileInfo {
    pub integrity: String,
    pub schema_version: i64,
    pub counts: BTreeMap<String, i64>,
    pub sites: Vec<SiteInfo>,
    pub open_conflicts: i64,
    pub digest: String,
}

fn value_text(v: &Value) -> Option<String> {
    match v {
        Value::Null => None,
        Value::Int(i) => Some(i.to_string()),
        Value::Text(s) => Some(s.clone()),
    }
}

/// `file:` URI of a path, opened read-only.
fn read_only_uri(path: &Path) -> String {
    let mut out = String::from("file:");
    for b in path.display().to_string().bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'/' | b'-' | b'_' | b'.' | b'~' => {
                out.push(b as char)
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out.push_str("?mode=ro");
    out
}

pub fn date_of(clock: i64) -> String {
    chrono::DateTime::from_timestamp_millis(super::millis(clock))
        .map(|d| d.format("%Y-%m-%d %H:%M").to_string())
        .unwrap_or_default()
}

impl Store {
    /// Merges every change of the comptoir database at `source` (same schema version) into
    /// this one, in one transaction. The source is only read.
    pub fn merge_from(&mut self, source: &Path) -> Result<MergeStats, MergeError> {
        self.merge_file(source, true)
    }

    /// [`Store::merge_from`] for a private copy that passed `quick_check` as it was made
    /// (`sync::private_copy`, and nothing writes to it after): the file is not read through a
    /// second time.
    pub(crate) fn merge_from_checked_copy(
        &mut self,
        copy: &Path,
    ) -> Result<MergeStats, MergeError> {
        self.merge_file(copy, false)
    }

    fn merge_file(&mut self, source: &Path, check: bool) -> Result<MergeStats, MergeError> {
        self.conn
            .execute("ATTACH DATABASE ?1 AS src", [read_only_uri(source)])
            .map_err(|e| {
                MergeError::BadSource(crate::t!(
                    "{path} illisible : {e}",
                    path = source.display(),
                    e
                ))
            })?;
        // A merge writes thousands of pages in one transaction: a page cache of 256 MiB keeps
        // them from being spilled to the file and read back (the default is 2 MiB). Only for
        // the merge: the interface itself stays small.
        let cache: i64 = self
            .conn
            .query_row("PRAGMA cache_size", [], |r| r.get(0))
            .unwrap_or(-2000);
        let _ = self.conn.pragma_update(None, "cache_size", -262_144);
        let result = self.merge_attached(source, check);
        let _ = self.conn.pragma_update(None, "cache_size", cache);
        let _ = self.conn.execute("DETACH DATABASE src", []);
        let stats = result?;
        if stats.erased > 0 {
            // Erased people leave no trace in free pages (secure_delete is on) nor in the file.
            scrub(&self.conn).map_err(MergeError::from)?;
        }
        Ok(stats)
    }

    fn merge_attached(&mut self, source: &Path, check: bool) -> Result<MergeStats, MergeError> {
        let bad = |why: String| MergeError::BadSource(why);
        let name = source.display().to_string();
        // Nothing new (every site's watermark already held, no id to forget): done, without
        // reading the file through. This is what makes a repeated sync cheap.
        let nothing_new: Option<bool> = self
            .conn
            .query_row(
                "SELECT NOT EXISTS (SELECT 1 FROM src.sites s
                        WHERE s.max_seq > coalesce((SELECT m.max_seq FROM main.sites m WHERE m.site = s.site), 0))
                    AND NOT EXISTS (SELECT 1 FROM src.forgotten f WHERE NOT EXISTS
                        (SELECT 1 FROM main.forgotten m WHERE m.id = f.id AND m.clock <= f.clock))
                    -- and each site's last change is the one held here (else: a copied base);
                    -- CROSS JOIN: from the few sites to their last change, never a scan of
                    -- every change (the planner has no statistics on an attached file)
                    AND NOT EXISTS (SELECT 1 FROM src.sites s
                        CROSS JOIN src.changes sc ON sc.site = s.site AND sc.seq = s.max_seq
                        CROSS JOIN main.changes mc ON mc.site = sc.site AND mc.seq = sc.seq
                        WHERE NOT (sc.clock = mc.clock AND sc.record = mc.record AND sc.field = mc.field
                                   AND sc.value IS mc.value AND sc.seen = mc.seen))",
                [],
                |r| r.get(0),
            )
            .ok();
        let version: Option<i64> = self
            .conn
            .query_row("PRAGMA src.user_version", [], |r| r.get(0))
            .ok();
        if nothing_new == Some(true) && version == Some(schema::LATEST) {
            return Ok(MergeStats::default());
        }
        // The pages of the tables the merge reads (not those of the source's rows, search
        // indexes or levels, which a merge never takes from a file).
        let mut sound = true;
        if check {
            for table in ["changes", "sites", "forgotten"] {
                let verdict: String = self
                    .conn
                    .query_row(&format!("PRAGMA src.quick_check({table})"), [], |r| {
                        r.get(0)
                    })
                    .map_err(|_| {
                        bad(crate::t!("{name} n'est pas une base SQLite lisible.", name))
                    })?;
                sound &= verdict == "ok";
            }
        }
        if !sound {
            return Err(bad(crate::t!(
                "{name} est abîmé : SQLite y trouve des pages illisibles.",
                name
            )));
        }
        let app: i64 = self
            .conn
            .query_row("PRAGMA src.application_id", [], |r| r.get(0))?;
        let version: i64 = self
            .conn
            .query_row("PRAGMA src.user_version", [], |r| r.get(0))?;
        if app != schema::APPLICATION_ID {
            return Err(bad(crate::t!("{name} n'est pas une base comptoir.", name)));
        }
        if version > schema::LATEST {
            return Err(bad(crate::t!(
                "{name} vient d'une version plus récente de comptoir (schéma {version}) : mettez comptoir à jour.",
                name,
                version
            )));
        }
        if version < schema::LATEST {
            return Err(bad(crate::t!(
                "{name} doit d'abord être mis à jour (schéma {version}).",
                name,
                version
            )));
        }

        let wall = (self.wall)();
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let mut stats = MergeStats::default();

        // The forget set: union, smallest clock.
        let before: i64 = tx.query_row("SELECT count(*) FROM forgotten", [], |r| r.get(0))?;
        tx.execute(
            "INSERT INTO forgotten (id, clock) SELECT id, clock FROM src.forgotten WHERE true
             ON CONFLICT (id) DO UPDATE SET clock = min(clock, excluded.clock)",
            [],
        )?;
        let after: i64 = tx.query_row("SELECT count(*) FROM forgotten", [], |r| r.get(0))?;
        stats.newly_forgotten = (after - before) as usize;

        derive::start_touched(&tx)?;
        let sites: Vec<(Vec<u8>, i64, i64)> = {
            let mut stmt = tx.prepare("SELECT site, max_seq, max_clock FROM src.sites")?;
            stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
                .collect::<rusqlite::Result<_>>()?
        };
        for (site, src_max, src_clock) in &sites {
            let held: i64 = tx
                .query_row(
                    "SELECT max_seq FROM main.sites WHERE site = ?1",
                    [site],
                    |r| r.get(0),
                )
                .optional()?
                .unwrap_or(0);
            // The highest change both files hold must be the same change, or one of them is a
            // copy that went on writing under the other's name.
            let common: Option<i64> = tx
                .query_row(
                    "SELECT s.seq FROM src.changes s
                     WHERE s.site = ?1 AND s.seq <= ?2
                       AND EXISTS (SELECT 1 FROM main.changes m WHERE m.site = s.site AND m.seq = s.seq)
                     ORDER BY s.seq DESC LIMIT 1",
                    params![site, held.min(*src_max)],
                    |r| r.get(0),
                )
                .optional()?;
            if let Some(seq) = common {
                let same: bool = tx.query_row(
                    "SELECT s.clock = m.clock AND s.record = m.record AND s.field = m.field
                         AND s.value IS m.value AND s.seen = m.seen
                     FROM src.changes s JOIN main.changes m ON m.site = s.site AND m.seq = s.seq
                     WHERE s.site = ?1 AND s.seq = ?2",
                    params![site, seq],
                    |r| r.get(0),
                )?;
                if !same {
                    return Err(MergeError::Collision {
                        device: device_name(&tx, site),
                        seq,
                    });
                }
            }
            if *src_max > held {
                tx.execute(
                    "INSERT OR IGNORE INTO temp.touched (tbl, record)
                     SELECT tbl, record FROM src.changes
                     WHERE site = ?1 AND seq > ?2 AND record NOT IN (SELECT id FROM main.forgotten)",
                    params![site, held],
                )?;
                stats.received += tx.execute(
                    "INSERT INTO main.changes (site, seq, clock, tbl, record, field, value, seen)
                     SELECT site, seq, clock, tbl, record, field, value, seen FROM src.changes
                     WHERE site = ?1 AND seq > ?2 AND record NOT IN (SELECT id FROM main.forgotten)",
                    params![site, held],
                )?;
            }
            tx.execute(
                "INSERT INTO main.sites (site, max_seq, max_clock) VALUES (?1, ?2, ?3)
                 ON CONFLICT (site) DO UPDATE SET max_seq = max(max_seq, excluded.max_seq),
                     max_clock = max(max_clock, excluded.max_clock)",
                params![site, src_max, src_clock],
            )?;
            if super::millis(*src_clock) > wall + 86_400_000
                && let Some(s) = Site::from_bytes(site)
            {
                stats.ahead.push(ClockAhead {
                    site: s.short(),
                    device: None,
                    ahead_ms: super::millis(*src_clock) - wall,
                });
            }
        }

        if stats.newly_forgotten > 0 {
            // People erased by this merge: the ideas they held are judged again too.
            tx.execute(
                "INSERT OR IGNORE INTO temp.touched (tbl, record) SELECT 'attendees', id FROM forgotten",
                [],
            )?;
        }
        stats.erased = erase_forgotten(&tx)?;
        derive::refresh_touched(&tx)?;
        super::follow_touched(&tx, self.dependents, &self.reference)
            .map_err(MergeError::Storage)?;
        tx.execute("DELETE FROM temp.touched", [])?;
        tx.execute(
            "UPDATE local SET clock = max(clock, coalesce((SELECT max(max_clock) FROM main.sites), 0))",
            [],
        )?;
        for a in &mut stats.ahead {
            if let Some(site) = sites
                .iter()
                .filter_map(|(s, _, _)| Site::from_bytes(s))
                .find(|s| s.short() == a.site)
            {
                a.device = device_label(&tx, &site);
            }
        }
        tx.commit()?;
        Ok(stats)
    }

    /// Erases a person (or any record) for good: its id joins the forget set, every change
    /// and derived row of it is deleted, the file is vacuumed. Every later merge deletes
    /// whatever an old file brings back of it, and local writes to it are refused.
    pub fn forget(&mut self, id: &str) -> Result<usize, WriteError> {
        let wall = (self.wall)();
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let last: i64 = tx.query_row("SELECT clock FROM local", [], |r| r.get(0))?;
        let clock = tick(last, wall);
        tx.execute(
            "INSERT INTO forgotten (id, clock) VALUES (?1, ?2) ON CONFLICT (id) DO NOTHING",
            params![id, clock],
        )?;
        tx.execute("UPDATE local SET clock = ?1", [clock])?;
        let erased = erase_forgotten(&tx)?;
        derive::start_touched(&tx)?;
        tx.execute(
            "INSERT INTO temp.touched (tbl, record) VALUES ('attendees', ?1)",
            [id],
        )?;
        derive::refresh_dependents(&tx, &self.reference).map_err(WriteError::Storage)?;
        tx.commit()?;
        scrub(&self.conn)?;
        Ok(erased)
    }

    /// This base's forget set: each erased id with the clock of its erasure.
    pub fn forget_set(&self) -> anyhow::Result<Vec<(String, i64)>> {
        let mut stmt = self
            .conn
            .prepare("SELECT id, clock FROM forgotten ORDER BY id")?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Takes in another base's forget set (a backup made before an erasure is given it after):
    /// the ids join this one's, with the smaller clock, and whatever of them is here goes.
    /// Returns the changes deleted.
    pub fn take_forget_set(&mut self, set: &[(String, i64)]) -> Result<usize, WriteError> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        derive::start_touched(&tx)?;
        for (id, clock) in set {
            tx.execute(
                "INSERT INTO forgotten (id, clock) VALUES (?1, ?2)
                 ON CONFLICT (id) DO UPDATE SET clock = min(clock, excluded.clock)",
                params![id, clock],
            )?;
            tx.execute(
                "INSERT OR IGNORE INTO temp.touched (tbl, record) VALUES ('attendees', ?1)",
                [id],
            )?;
        }
        tx.execute(
            "UPDATE local SET clock = max(clock, coalesce((SELECT max(clock) FROM forgotten), 0))",
            [],
        )?;
        let erased = erase_forgotten(&tx)?;
        derive::refresh_dependents(&tx, &self.reference).map_err(WriteError::Storage)?;
        tx.commit()?;
        if erased > 0 {
            scrub(&self.conn)?;
        }
        Ok(erased)
    }

    pub fn is_forgotten(&self, id: &str) -> anyhow::Result<bool> {
        Ok(self
            .conn
            .query_row("SELECT 1 FROM forgotten WHERE id = ?1", [id], |_| Ok(()))
            .optional()?
            .is_some())
    }

    /// A digest of the content (the changes and the forget set): two databases have the same
    /// digest exactly when they hold the same data.
    pub fn digest(&self) -> anyhow::Result<String> {
        let mut h = Sha256::new();
        let mut put = |bytes: &[u8]| {
            h.update((bytes.len() as u64).to_le_bytes());
            h.update(bytes);
        };
        let mut stmt = self.conn.prepare(
            "SELECT site, seq, clock, tbl, record, field, value, seen FROM changes ORDER BY site, seq",
        )?;
        let mut rows = stmt.query([])?;
        put(b"changes");
        while let Some(r) = rows.next()? {
            put(&r.get::<_, Vec<u8>>(0)?);
            for i in [1, 2, 7] {
                put(&r.get::<_, i64>(i)?.to_le_bytes());
            }
            for i in [3, 4, 5] {
                put(r.get::<_, String>(i)?.as_bytes());
            }
            match derive::from_sql(r.get_ref(6)?) {
                Value::Null => put(b"n"),
                Value::Int(i) => put(&[b"i".as_slice(), &i.to_le_bytes()].concat()),
                Value::Text(s) => put(&[b"t".as_slice(), s.as_bytes()].concat()),
            }
        }
        put(b"forgotten");
        let mut stmt = self
            .conn
            .prepare("SELECT id, clock FROM forgotten ORDER BY id")?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            put(r.get::<_, String>(0)?.as_bytes());
            put(&r.get::<_, i64>(1)?.to_le_bytes());
        }
        Ok(h.finalize().iter().map(|b| format!("{b:02x}")).collect())
    }

    /// The changes held, counted exactly.
    pub fn change_count(&self) -> anyhow::Result<i64> {
        Ok(self
            .conn
            .query_row("SELECT count(*) FROM changes", [], |r| r.get(0))?)
    }

    pub fn open_conflicts(&self) -> anyhow::Result<i64> {
        Ok(self
            .conn
            .query_row("SELECT count(*) FROM conflicts", [], |r| r.get(0))?)
    }

    /// The open conflicts, with what they concern, both values, devices and times.
    pub fn conflicts(&self) -> anyhow::Result<Vec<Conflict>> {
        let mut out = Vec::new();
        for table in TABLES {
            for field in table.fields {
                let order = derive::winner_order(field.kind);
                let sql = format!(
                    "SELECT k.record, c.value, c.site, c.clock,
                        (SELECT value FROM changes w WHERE w.record = k.record AND w.field = k.field ORDER BY {order} LIMIT 1),
                        (SELECT site FROM changes w WHERE w.record = k.record AND w.field = k.field ORDER BY {order} LIMIT 1),
                        (SELECT clock FROM changes w WHERE w.record = k.record AND w.field = k.field ORDER BY {order} LIMIT 1)
                     FROM conflicts k JOIN changes c ON c.site = k.site AND c.seq = k.seq
                     WHERE c.tbl = ?1 AND k.field = ?2 ORDER BY c.clock"
                );
                let mut stmt = self.conn.prepare(&sql)?;
                let rows = stmt.query_map(params![table.name, field.name], |r| {
                    Ok((
                        r.get::<_, String>(0)?,
                        derive::from_sql(r.get_ref(1)?),
                        r.get::<_, Vec<u8>>(2)?,
                        r.get::<_, i64>(3)?,
                        derive::from_sql(r.get_ref(4)?),
                        r.get::<_, Vec<u8>>(5)?,
                        r.get::<_, i64>(6)?,
                    ))
                })?;
                for row in rows {
                    let (record, other, other_site, other_clock, shown, shown_site, shown_clock) =
                        row?;
                    let label = |b: &[u8]| device_name(&self.conn, b);
                    out.push(Conflict {
                        table: table.name.to_string(),
                        subject: subject(&self.conn, table.name, &record)?,
                        record,
                        field: field.name.to_string(),
                        shown: value_text(&shown),
                        shown_device: label(&shown_site),
                        shown_ms: super::millis(shown_clock),
                        other: value_text(&other),
                        other_device: label(&other_site),
                        other_ms: super::millis(other_clock),
                    });
                }
            }
        }
        Ok(out)
    }

    /// Integrity, schema, counts, sites, conflicts and digest: what `comptoir check` prints.
    pub fn file_info(&self) -> anyhow::Result<FileInfo> {
        let integrity: String = self
            .conn
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))?;
        let mut counts = BTreeMap::new();
        for table in TABLES {
            let n: i64 =
                self.conn
                    .query_row(&format!("SELECT count(*) FROM {}", table.name), [], |r| {
                        r.get(0)
                    })?;
            counts.insert(table.name.to_string(), n);
        }
        for t in ["changes", "forgotten"] {
            let n: i64 = self
                .conn
                .query_row(&format!("SELECT count(*) FROM {t}"), [], |r| r.get(0))?;
            counts.insert(t.to_string(), n);
        }
        let (registered, present) = self.people_counts()?;
        counts.insert("people_registered".to_string(), registered);
        counts.insert("people_present".to_string(), present);
        let sites = self.sites_seen()?;
        Ok(FileInfo {
            integrity,
            schema_version: schema::version(&self.conn)?,
            counts,
            sites,
            open_conflicts: self.open_conflicts()?,
            digest: self.digest()?,
        })
    }

    /// The laptops whose changes this file holds, the latest first, with their last change.
    /// Reads the few rows of `sites`: `report` and the clock check need only this, not the
    /// whole file read through as `file_info` does.
    pub fn sites_seen(&self) -> anyhow::Result<Vec<SiteInfo>> {
        let mut stmt = self
            .conn
            .prepare("SELECT site, max_seq, max_clock FROM sites ORDER BY max_clock DESC")?;
        Ok(stmt
            .query_map([], |r| {
                Ok((
                    r.get::<_, Vec<u8>>(0)?,
                    r.get::<_, i64>(1)?,
                    r.get::<_, i64>(2)?,
                ))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?
            .into_iter()
            .filter_map(|(b, seq, clock)| {
                let s = Site::from_bytes(&b)?;
                Some(SiteInfo {
                    site: s.device_id(),
                    device: device_label(&self.conn, &s),
                    last_seq: seq,
                    last_clock: clock,
                    last_change: date_of(clock),
                })
            })
            .collect())
    }

    /// Sites whose last clock is more than a day ahead of this laptop's wall clock.
    pub fn clocks_ahead(&self) -> anyhow::Result<Vec<ClockAhead>> {
        let wall = (self.wall)();
        Ok(self
            .sites_seen()?
            .into_iter()
            .filter(|s| super::millis(s.last_clock) > wall + 86_400_000)
            .map(|s| ClockAhead {
                ahead_ms: super::millis(s.last_clock) - wall,
                site: s.site[..8].to_string(),
                device: s.device,
            })
            .collect())
    }

    /// Changes held here beyond what `other`'s watermarks say it holds, and the reverse: what a
    /// sync would send and receive.
    pub fn difference(&self, other: &Path) -> anyhow::Result<(i64, i64)> {
        self.conn
            .execute("ATTACH DATABASE ?1 AS other", [read_only_uri(other)])?;
        let result = (|| -> anyhow::Result<(i64, i64)> {
            let send: i64 = self.conn.query_row(
                "SELECT count(*) FROM main.changes c
                 WHERE c.seq > coalesce((SELECT max_seq FROM other.sites o WHERE o.site = c.site), 0)",
                [],
                |r| r.get(0),
            )?;
            let receive: i64 = self.conn.query_row(
                "SELECT count(*) FROM other.changes c
                 WHERE c.seq > coalesce((SELECT max_seq FROM main.sites m WHERE m.site = c.site), 0)",
                [],
                |r| r.get(0),
            )?;
            Ok((send, receive))
        })();
        let _ = self.conn.execute("DETACH DATABASE other", []);
        result.map_err(|e| anyhow!("{e}"))
    }
}

/// Deletes every change, derived row and conflict of a forgotten id; returns the changes deleted.
fn erase_forgotten(conn: &rusqlite::Connection) -> rusqlite::Result<usize> {
    let erased = conn.execute(
        "DELETE FROM changes WHERE record IN (SELECT id FROM forgotten)",
        [],
    )?;
    for table in TABLES {
        conn.execute(
            &format!(
                "DELETE FROM {} WHERE id IN (SELECT id FROM forgotten)",
                table.name
            ),
            [],
        )?;
    }
    conn.execute(
        "DELETE FROM conflicts WHERE record IN (SELECT id FROM forgotten)",
        [],
    )?;
    conn.execute(
        "DELETE FROM people_text WHERE id IN (SELECT id FROM forgotten)",
        [],
    )?;
    Ok(erased)
}

/// After an erasure, leaves nothing of the erased in the file: the search indexes are rewritten
/// (a deleted entry otherwise stays in its old segment until FTS5 merges it), then the file
/// is vacuumed (freed pages are zeroed too: secure_delete is on).
fn scrub(conn: &rusqlite::Connection) -> rusqlite::Result<()> {
    conn.execute_batch(
        "INSERT INTO people_fts (people_fts) VALUES ('optimize');
         INSERT INTO people_words (people_words) VALUES ('optimize');
         VACUUM;",
    )
}

/// How a site is named to people: its device's label, else the start of its id.
pub(crate) fn device_name(conn: &rusqlite::Connection, site: &[u8]) -> String {
    Site::from_bytes(site)
        .map(|s| device_label(conn, &s).unwrap_or_else(|| s.short()))
        .unwrap_or_default()
}

fn device_label(conn: &rusqlite::Connection, site: &Site) -> Option<String> {
    conn.query_row(
        &format!("SELECT label FROM {} WHERE id = ?1", model::DEVICES.name),
        [site.device_id()],
        |r| r.get::<_, Option<String>>(0),
    )
    .optional()
    .ok()
    .flatten()
    .flatten()
}

/// The changes and the forget set (id, clock), as exports carry them.
pub type ChangeSet = (Vec<ChangeRow>, Vec<(String, i64)>);

/// One change as exports carry it (site in hex).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct ChangeRow {
    pub site: String,
    pub seq: i64,
    pub clock: i64,
    pub table: String,
    pub record: String,
    pub field: String,
    pub value: serde_json::Value,
    pub seen: i64,
}

impl Store {
    /// The whole change set and forget set (id, clock), in a stable order.
    pub fn change_set(&self) -> anyhow::Result<ChangeSet> {
        let mut stmt = self.conn.prepare(
            "SELECT hex(site), seq, clock, tbl, record, field, value, seen FROM changes ORDER BY site, seq",
        )?;
        let changes = stmt
            .query_map([], |r| {
                Ok(ChangeRow {
                    site: r.get(0)?,
                    seq: r.get(1)?,
                    clock: r.get(2)?,
                    table: r.get(3)?,
                    record: r.get(4)?,
                    field: r.get(5)?,
                    value: match derive::from_sql(r.get_ref(6)?) {
                        Value::Null => serde_json::Value::Null,
                        Value::Int(i) => serde_json::json!(i),
                        Value::Text(t) => serde_json::json!(t),
                    },
                    seen: r.get(7)?,
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        let mut stmt = self
            .conn
            .prepare("SELECT id, clock FROM forgotten ORDER BY id")?;
        let forgotten = stmt
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok((changes, forgotten))
    }

    /// A new shared file holding exactly this change set (an imported export), to be merged.
    pub fn from_changes(
        path: &Path,
        reference: std::sync::Arc<crate::domain::reference::Reference>,
        changes: &[ChangeRow],
        forgotten: &[(String, i64)],
    ) -> anyhow::Result<()> {
        let mut store = Store::open_shared(path, reference, super::system_wall_clock())?;
        let tx = store.conn.transaction()?;
        for c in changes {
            let site = (0..c.site.len())
                .step_by(2)
                .map(|i| u8::from_str_radix(c.site.get(i..i + 2).unwrap_or("zz"), 16))
                .collect::<Result<Vec<u8>, _>>()
                .map_err(|_| anyhow!(crate::t!("site illisible « {site} »", site = c.site)))?;
            if Site::from_bytes(&site).is_none()
                || model::table(&c.table)
                    .and_then(|t| t.field(&c.field))
                    .is_none()
            {
                anyhow::bail!(crate::t!(
                    "modification illisible : {field} de {site}",
                    field = format!("{}.{}", c.table, c.field),
                    site = c.site
                ));
            }
            let value = match &c.value {
                serde_json::Value::Null => Value::Null,
                serde_json::Value::Number(n) => Value::Int(n.as_i64().unwrap_or_default()),
                serde_json::Value::String(s) => Value::Text(s.clone()),
                other => Value::Text(other.to_string()),
            };
            tx.execute(
                "INSERT OR IGNORE INTO changes (site, seq, clock, tbl, record, field, value, seen)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                params![
                    site, c.seq, c.clock, c.table, c.record, c.field, value, c.seen
                ],
            )?;
        }
        for (id, clock) in forgotten {
            tx.execute(
                "INSERT OR IGNORE INTO forgotten (id, clock) VALUES (?1, ?2)",
                params![id, clock],
            )?;
        }
        tx.execute(
            "INSERT INTO sites (site, max_seq, max_clock) SELECT site, max(seq), max(clock) FROM changes GROUP BY site
             ON CONFLICT (site) DO UPDATE SET max_seq = excluded.max_seq, max_clock = excluded.max_clock",
            [],
        )?;
        // Its rows only: a shared file leaves the levels and search text to a base.
        derive::rebuild(&tx)?;
        tx.commit()?;
        Ok(())
    }

    /// Ids of every record of a table, oldest first.
    pub fn record_ids(&self, table: &str) -> anyhow::Result<Vec<String>> {
        let t = model::table(table)
            .ok_or_else(|| anyhow!(crate::t!("table inconnue {table}", table)))?;
        let mut stmt = self
            .conn
            .prepare(&format!("SELECT id FROM {} ORDER BY created, id", t.name))?;
        Ok(stmt
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<Vec<String>>>()?)
    }
}
