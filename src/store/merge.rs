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
    /// How far ahead of this laptop's wall clock; negative for a clock set before 2020.
    pub ahead_ms: i64,
}

impl ClockAhead {
    pub fn sentence(&self) -> String {
        let device = self.device.as_deref().unwrap_or(&self.site);
        if self.ahead_ms < 0 {
            return crate::t!(
                "L'horloge de l'ordinateur « {device} » était réglée avant 2020 (1970 ?) : corrigez sa date et son heure.",
                device
            );
        }
        let days = self.ahead_ms as f64 / 86_400_000.0;
        crate::t!(
            "L'horloge de l'ordinateur « {device} » est en avance de {days} jour(s) : corrigez sa date et son heure.",
            device,
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
    /// Laptops whose clock stamped changes more than a day ahead of this laptop's wall clock
    /// (or before 2020: a clock reset to 1970).
    pub ahead: Vec<ClockAhead>,
    /// The source held changes of this base's own site that it had lost (a backup copied
    /// back): the base is given a new site id after the merge.
    pub behind_own_site: bool,
    /// Sites whose changes were not taken from the source (from some point on), and why.
    pub held_back: Vec<HeldBack>,
}

/// Changes of one laptop not taken from a file, the rest of it being merged.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct HeldBack {
    pub site: String,
    pub device: String,
    pub why: HoldReason,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum HoldReason {
    /// This base and the file hold two versions of this base's own change `seq`: the base was
    /// replaced by an older backup, then written to.
    Restored { seq: i64 },
    /// Two versions of another laptop's change `seq` (its base was copied or restored).
    TwoVersions { seq: i64 },
    /// A change dated impossibly (beyond a year ahead, or negative): its clock is wrong.
    ImpossibleClock { clock: i64 },
}

impl HeldBack {
    /// What a person reads, after the name of the file it concerns.
    pub fn sentence(&self) -> String {
        let device = &self.device;
        match &self.why {
            HoldReason::Restored { seq } => crate::t!(
                "cette base a été remplacée par une sauvegarde plus ancienne, puis modifiée : sa modification n° {seq} porte le numéro d'une autre déjà publiée. Ses modifications à partir de là sont mises de côté (rien n'est perdu, le reste est synchronisé). Lancez une fois « comptoir renumber » (avec --db si besoin), puis synchronisez à nouveau.",
                seq
            ),
            HoldReason::TwoVersions { seq } => crate::t!(
                "l'ordinateur « {device} » a écrit deux versions différentes de sa modification n° {seq} (sa base a été copiée ou remplacée par une sauvegarde) : ses modifications à partir de là sont mises de côté, le reste est fusionné. Sur cet ordinateur, lancez une fois « comptoir renumber --oui », puis synchronisez-le.",
                device,
                seq
            ),
            HoldReason::ImpossibleClock { clock } if *clock < 0 => crate::t!(
                "les modifications de l'ordinateur « {device} » portent une date négative : elles sont mises de côté à partir de là, le reste est fusionné. Son horloge ou son fichier est faux : prévenez la Mission ESS.",
                device
            ),
            HoldReason::ImpossibleClock { clock } => crate::t!(
                "les modifications de l'ordinateur « {device} » datées du {date} (plus d'un an d'avance) sont mises de côté, le reste est fusionné : son horloge est fausse. Corrigez sa date et prévenez la Mission ESS.",
                device,
                date = super::clock::french_date(*clock)
            ),
        }
    }
}

#[derive(Debug)]
pub enum MergeError {
    /// The source is not a comptoir database, or is damaged, or too new.
    BadSource(String),
    Storage(anyhow::Error),
}

impl std::fmt::Display for MergeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
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

/// `file:` URI of a path, opened read-only. A path starting with `/` gets an empty authority
/// (`file:///tmp/x`, `file:////serveur/partage/x`): `//serveur/partage` written with forward
/// slashes (a network share on Windows) must not read as a host.
pub(super) fn read_only_uri(path: &Path) -> String {
    let text = path.display().to_string();
    let mut out = String::from(if text.starts_with('/') {
        "file://"
    } else {
        "file:"
    });
    for b in text.bytes() {
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

impl Store {
    /// Attaches the comptoir file at `path`, read only, as `alias`, with the key it needs (none
    /// for a plaintext file, this base's passphrase for an encrypted one), and checks that it
    /// reads: a wrong passphrase is told from a damaged file.
    fn attach(&self, path: &Path, alias: &'static str) -> Result<(), String> {
        let key =
            super::cipher::attach_key(path, self.phrase.as_ref()).map_err(|r| r.to_string())?;
        super::cipher::quiet(&self.conn);
        self.conn
            .execute(
                &format!("ATTACH DATABASE ?1 AS {alias} KEY ?2"),
                params![read_only_uri(path), key],
            )
            .map_err(|e| crate::t!("{path} illisible : {e}", path = path.display(), e))?;
        if let Some(phrase) = self.phrase.as_ref().filter(|_| !key.is_empty()) {
            let reads = self.conn.query_row(
                &format!("SELECT count(*) FROM {alias}.sqlite_master"),
                [],
                |r| r.get::<_, i64>(0),
            );
            if reads.is_err() {
                let _ = self.conn.execute(&format!("DETACH DATABASE {alias}"), []);
                return Err(super::cipher::diagnose(path, phrase).to_string());
            }
        }
        Ok(())
    }
}

/// Whether a merge checks the pages of the file it reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Pages {
    /// A file from elsewhere (a key, a shared folder's file): the pages of the tables read.
    Checked,
    /// The laptop's own base, read by a sync to publish it.
    Own,
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
        self.merge_from_guarded(source, &mut |_| Ok(()))
    }

    /// Merges `source` as [`Store::merge_from`] does, running `before_writing` once the file
    /// has passed its checks and before this base is written: only when the file brings
    /// something (a sync backs the laptop's base up there, not when nothing comes in). A
    /// failure of `before_writing` stops the merge, nothing written.
    pub fn merge_from_guarded(
        &mut self,
        source: &Path,
        before_writing: &mut dyn FnMut(&Store) -> anyhow::Result<()>,
    ) -> Result<MergeStats, MergeError> {
        self.merge_checking(source, Pages::Checked, before_writing, None)
    }

    /// Merges this laptop's own base (`own`, the one this very process works on) into this
    /// file, a sync's temporary copy of its key: as [`Store::merge_from`] does, every value
    /// checked as received, but not the base's pages, which are this program's own, not a
    /// file from elsewhere (a check of every page of the base at every sync was a tenth of
    /// « retirer la clé »). Also returns what this file then holds that the base does not, and
    /// the reverse ([`Store::difference`]), counted while the base is still attached.
    pub fn merge_from_own_base(
        &mut self,
        own: &Path,
    ) -> Result<(MergeStats, (i64, i64)), MergeError> {
        let mut held = (0, 0);
        let stats = self.merge_checking(own, Pages::Own, &mut |_| Ok(()), Some(&mut held))?;
        Ok((stats, held))
    }

    /// The merge of `source`; with `held`, the difference of this file and `source` once
    /// merged, counted before `source` is detached.
    fn merge_checking(
        &mut self,
        source: &Path,
        pages: Pages,
        before_writing: &mut dyn FnMut(&Store) -> anyhow::Result<()>,
        held: Option<&mut (i64, i64)>,
    ) -> Result<MergeStats, MergeError> {
        self.attach(source, "src").map_err(MergeError::BadSource)?;
        // A merge writes thousands of pages in one transaction: a page cache of 256 MiB keeps
        // them from being spilled to the file and read back (the default is 2 MiB). Only for
        // the merge: the interface itself stays small.
        let cache: i64 = self
            .conn
            .query_row("PRAGMA cache_size", [], |r| r.get(0))
            .unwrap_or(-2000);
        let _ = self.conn.pragma_update(None, "cache_size", -262_144);
        // The file's changes are read several times (checked, then taken): kept in a cache
        // of their own after the first read, not read and decrypted again at each (a sixth
        // of a central merge). Its pages are held only as they are read: a small key's few.
        let _ = self.conn.execute_batch("PRAGMA src.cache_size = -262144");
        let result = self
            .merge_attached(source, pages, before_writing)
            .and_then(|stats| {
                if let Some(held) = held {
                    *held = self.difference_attached("src")?;
                }
                Ok(stats)
            });
        let _ = self.conn.pragma_update(None, "cache_size", cache);
        let _ = self.conn.execute("DETACH DATABASE src", []);
        let stats = result?;
        if stats.behind_own_site {
            self.renew_site().map_err(MergeError::Storage)?;
        }
        if stats.erased > 0 {
            // Erased people leave no trace in free pages (secure_delete is on) nor in the file.
            scrub(&self.conn).map_err(MergeError::from)?;
        }
        Ok(stats)
    }

    fn merge_attached(
        &mut self,
        source: &Path,
        pages: Pages,
        before_writing: &mut dyn FnMut(&Store) -> anyhow::Result<()>,
    ) -> Result<MergeStats, MergeError> {
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
        let checked: &[&str] = match pages {
            Pages::Checked => &["changes", "sites", "forgotten"],
            Pages::Own => &[],
        };
        for table in checked {
            let verdict: String = self
                .conn
                .query_row(&format!("PRAGMA src.quick_check({table})"), [], |r| {
                    r.get(0)
                })
                .map_err(|_| bad(crate::t!("{name} n'est pas une base SQLite lisible.", name)))?;
            sound &= verdict == "ok";
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

        before_writing(self).map_err(MergeError::Storage)?;
        let wall = (self.wall)();
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let mut stats = MergeStats::default();

        // The forget set: people's ids only, with sane clocks (an idea's id planted there would
        // erase the idea and its budget everywhere).
        check_forget_set(&tx, wall).map_err(|why| {
            bad(crate::t!(
                "{name} : {why} Rien n'a été fusionné.",
                name,
                why
            ))
        })?;
        // Many people erased by one file at once is not what a facilitator does: taken only
        // when asked for (the Mission ESS's end-of-campaign purge).
        let erasing: i64 = tx.query_row(
            "SELECT count(*) FROM main.attendees a JOIN src.forgotten f ON f.id = a.id
             WHERE NOT EXISTS (SELECT 1 FROM main.forgotten m WHERE m.id = f.id)",
            [],
            |r| r.get(0),
        )?;
        if erasing > MAX_ERASED_AT_ONCE && !self.accept_erasures {
            return Err(bad(crate::t!(
                "{name} effacerait d'un coup {n} personnes de cette base : refusé par précaution, rien n'a été fusionné. Si c'est voulu (anonymisation de fin de campagne décidée par la Mission ESS), relancez la commande avec --accepter-effacements.",
                name,
                n = erasing
            )));
        }
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
        let own = self.site.bytes().to_vec();
        for (site, src_max, _) in &sites {
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
            let own_site = *site == own && self.mode == super::Mode::Local;
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
                    // Even set aside, what the file holds of that site is checked: a file with
                    // a bad value is refused whole, whatever else it does.
                    check_incoming(&tx, site, 0, *src_max, &self.reference).map_err(|why| {
                        bad(crate::t!(
                            "{name} : {why} Rien n'a été fusionné.",
                            name,
                            why
                        ))
                    })?;
                    // Two versions of one site's history: nothing more of that site is taken
                    // from this file, and everything else is (a laptop is never blocked).
                    if own_site {
                        tx.execute(
                            "INSERT INTO settings (key, value) VALUES ('renumber_needed', '1')
                             ON CONFLICT (key) DO UPDATE SET value = '1'",
                            [],
                        )?;
                    }
                    stats.held_back.push(HeldBack {
                        site: Site::from_bytes(site)
                            .map(|s| s.short())
                            .unwrap_or_default(),
                        device: source_device_name(&tx, site),
                        why: if own_site {
                            HoldReason::Restored { seq }
                        } else {
                            HoldReason::TwoVersions { seq }
                        },
                    });
                    continue;
                }
            }
            if *src_max <= held {
                continue;
            }
            // The incoming clocks, checked before anything is taken: a clock out of any sane
            // range would freeze a field for good (nothing could ever be newer). The site's
            // changes from the first such one are held back, named; the rest is taken.
            let first_bad: Option<(i64, i64)> = tx
                .query_row(
                    "SELECT seq, clock FROM src.changes
                     WHERE site = ?1 AND seq > ?2 AND seq <= ?3
                       AND (clock > ?4 OR clock < 0 OR seen > clock OR seen < 0)
                     ORDER BY seq LIMIT 1",
                    params![site, held, src_max, super::clock::horizon(wall)],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )
                .optional()?;
            let mut src_max = *src_max;
            if let Some((seq, clock)) = first_bad {
                stats.held_back.push(HeldBack {
                    site: Site::from_bytes(site)
                        .map(|s| s.short())
                        .unwrap_or_default(),
                    device: source_device_name(&tx, site),
                    why: HoldReason::ImpossibleClock { clock },
                });
                src_max = seq - 1;
                if src_max <= held {
                    continue;
                }
            }
            let src_max = &src_max;
            // This base's own changes come back from a file: it lost them (a backup copied
            // back). It takes them, and writes from now on under a new site id, since other
            // files may know even more of its old one.
            if own_site {
                stats.behind_own_site = true;
            }
            // (Changes of erased people leave gaps: a range may hold no change at all, and then
            // says nothing of the laptop's clock.)
            let (newest, oldest, stamped): (i64, Option<i64>, Option<i64>) = tx.query_row(
                "SELECT max(clock), min(clock), max(CASE WHEN clock & 65535 = 0 THEN clock END)
                 FROM src.changes WHERE site = ?1 AND seq > ?2 AND seq <= ?3",
                params![site, held, src_max],
                |r| {
                    Ok((
                        r.get::<_, Option<i64>>(0)?.unwrap_or(0),
                        r.get(1)?,
                        r.get(2)?,
                    ))
                },
            )?;
            if let Some(s) = Site::from_bytes(site) {
                // Named only by its own clock's stamps (no counter): a laptop that merely
                // carried another's clocks writes just after them, with a counter.
                if let Some(stamped) = stamped.filter(|c| ahead_of(wall, *c)) {
                    stats.ahead.push(ClockAhead {
                        site: s.short(),
                        device: None,
                        ahead_ms: super::millis(stamped) - wall,
                    });
                } else if let Some(oldest) =
                    oldest.filter(|c| super::millis(*c) < super::clock::SANE_EPOCH_MS)
                {
                    stats.ahead.push(ClockAhead {
                        site: s.short(),
                        device: None,
                        ahead_ms: super::millis(oldest) - wall,
                    });
                }
            }
            check_incoming(&tx, site, held, *src_max, &self.reference).map_err(|why| {
                bad(crate::t!(
                    "{name} : {why} Rien n'a été fusionné.",
                    name,
                    why
                ))
            })?;
            tx.execute(
                "INSERT OR IGNORE INTO temp.touched (tbl, record)
                 SELECT tbl, record FROM src.changes
                 WHERE site = ?1 AND seq > ?2 AND seq <= ?3 AND record NOT IN (SELECT id FROM main.forgotten)",
                params![site, held, src_max],
            )?;
            stats.received += tx.execute(
                "INSERT INTO main.changes (site, seq, clock, tbl, record, field, value, seen)
                 SELECT site, seq, clock, tbl, record, field, value, seen FROM src.changes
                 WHERE site = ?1 AND seq > ?2 AND seq <= ?3 AND record NOT IN (SELECT id FROM main.forgotten)",
                params![site, held, src_max],
            )?;
            tx.execute(
                "INSERT INTO main.sites (site, max_seq, max_clock) VALUES (?1, ?2, ?3)
                 ON CONFLICT (site) DO UPDATE SET max_seq = max(max_seq, excluded.max_seq),
                     max_clock = max(max_clock, excluded.max_clock)",
                params![site, src_max, newest],
            )?;
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
        // People this file merges into someone erased go with her (their rows are only now
        // known).
        let later = erase_forgotten(&tx)?;
        if later > 0 {
            tx.execute(
                "INSERT OR IGNORE INTO temp.touched (tbl, record) SELECT 'attendees', id FROM forgotten",
                [],
            )?;
            stats.erased += later;
        }
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
        // Read in place (no copy of each value): the same bytes hashed as always.
        let mut tagged = Vec::new();
        while let Some(r) = rows.next()? {
            put(r.get_ref(0)?.as_blob()?);
            for i in [1, 2, 7] {
                put(&r.get::<_, i64>(i)?.to_le_bytes());
            }
            for i in [3, 4, 5] {
                put(r.get_ref(i)?.as_str()?.as_bytes());
            }
            tagged.clear();
            match r.get_ref(6)? {
                rusqlite::types::ValueRef::Integer(i) => {
                    tagged.push(b'i');
                    tagged.extend_from_slice(&i.to_le_bytes());
                }
                rusqlite::types::ValueRef::Text(t) if std::str::from_utf8(t).is_ok() => {
                    tagged.push(b't');
                    tagged.extend_from_slice(t);
                }
                other => match derive::from_sql(other) {
                    Value::Null => tagged.push(b'n'),
                    Value::Int(i) => {
                        tagged.push(b'i');
                        tagged.extend_from_slice(&i.to_le_bytes());
                    }
                    Value::Text(s) => {
                        tagged.push(b't');
                        tagged.extend_from_slice(s.as_bytes());
                    }
                },
            }
            put(&tagged);
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
        Ok(crate::domain::text::hex(&h.finalize()))
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

    /// Laptops with changes dated beyond any sane horizon (a year ahead of this laptop's wall
    /// clock) or negatively, with the worst such clock: what a merge sets aside. Reads every
    /// change once (`check` only).
    pub fn impossible_clocks(&self) -> anyhow::Result<Vec<(String, i64)>> {
        let horizon = super::clock::horizon((self.wall)());
        let mut stmt = self.conn.prepare(
            "SELECT site, max(clock), min(clock) FROM changes GROUP BY site
             HAVING max(clock) > ?1 OR min(clock) < 0",
        )?;
        let rows = stmt.query_map([horizon], |r| {
            Ok((
                r.get::<_, Vec<u8>>(0)?,
                r.get::<_, i64>(1)?,
                r.get::<_, i64>(2)?,
            ))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (site, max, min) = row?;
            out.push((
                device_name(&self.conn, &site),
                if min < 0 { min } else { max },
            ));
        }
        Ok(out)
    }

    /// Laptops whose own clock stamped changes more than a day ahead of this laptop's wall
    /// clock. A laptop that only carried such clocks (it wrote just after them, with the
    /// clock's counter) is not named: the one whose wall clock is wrong is.
    pub fn clocks_ahead(&self) -> anyhow::Result<Vec<ClockAhead>> {
        let wall = (self.wall)();
        let mut out = Vec::new();
        for s in self.sites_seen()? {
            if !ahead_of(wall, s.last_clock) {
                continue;
            }
            let Some(site) = uuid::Uuid::parse_str(&s.site)
                .ok()
                .and_then(|u| Site::from_bytes(u.as_bytes()))
            else {
                continue;
            };
            let stamped: Option<i64> = self.conn.query_row(
                "SELECT max(clock) FROM changes WHERE site = ?1 AND clock & 65535 = 0",
                [site.bytes()],
                |r| r.get(0),
            )?;
            if let Some(stamped) = stamped.filter(|c| ahead_of(wall, *c)) {
                out.push(ClockAhead {
                    ahead_ms: super::millis(stamped) - wall,
                    site: s.site[..8].to_string(),
                    device: s.device,
                });
            }
        }
        Ok(out)
    }

    /// Changes held here beyond what `other`'s watermarks say it holds, and the reverse: what a
    /// sync would send and receive (of the laptops each file lists, as a merge takes them).
    /// Each laptop's changes beyond the other's watermark are counted as a range of the
    /// changes' key: two files in step read a few pages, not every change.
    pub fn difference(&self, other: &Path) -> anyhow::Result<(i64, i64)> {
        self.attach(other, "other").map_err(|e| anyhow!(e))?;
        let result = self.difference_attached("other");
        let _ = self.conn.execute("DETACH DATABASE other", []);
        result.map_err(|e| anyhow!("{e}"))
    }

    /// [`Store::difference`] with the file attached as `other`.
    fn difference_attached(&self, other: &str) -> rusqlite::Result<(i64, i64)> {
        let beyond = |from: &str, to: &str| -> rusqlite::Result<i64> {
            self.conn.query_row(
                &format!(
                    "SELECT coalesce(sum((SELECT count(*) FROM {from}.changes c
                         WHERE c.site = s.site AND c.seq >
                             coalesce((SELECT max_seq FROM {to}.sites o WHERE o.site = s.site), 0))), 0)
                     FROM {from}.sites s"
                ),
                [],
                |r| r.get(0),
            )
        };
        Ok((beyond("main", other)?, beyond(other, "main")?))
    }
}

/// The most people one file may erase from a base without being asked for.
pub const MAX_ERASED_AT_ONCE: i64 = 20;

/// Every incoming change of `site` (`held` < seq ≤ `max`) checked as the write path checks a
/// typed value: a known table and field, a record id, a value of the field's type (no decimal,
/// no blob, no bytes that are not UTF-8), in range, a known code. The first bad one is named.
fn check_incoming(
    conn: &rusqlite::Connection,
    site: &[u8],
    held: i64,
    max: i64,
    reference: &crate::domain::reference::Reference,
) -> Result<(), String> {
    let storage = |e: rusqlite::Error| e.to_string();
    let mut stmt = conn
        .prepare_cached(
            "SELECT seq, tbl, record, field, value FROM src.changes
             WHERE site = ?1 AND seq > ?2 AND seq <= ?3",
        )
        .map_err(storage)?;
    let mut rows = stmt.query(params![site, held, max]).map_err(storage)?;
    // Only the first 200 characters of a planted name go into the message.
    let short = |s: &str| s.chars().take(200).collect::<String>();
    while let Some(r) = rows.next().map_err(storage)? {
        let seq: i64 = r.get(0).map_err(storage)?;
        // Borrowed from the row: no copy of each change's names (a merge reads them all).
        let text = |i: usize| -> Option<&str> {
            match r.get_ref(i).ok()? {
                rusqlite::types::ValueRef::Text(t) => std::str::from_utf8(t).ok(),
                _ => None,
            }
        };
        let (Some(tbl), Some(record), Some(field)) = (text(1), text(2), text(3)) else {
            return Err(crate::t!(
                "la modification n° {seq} n'a pas de table, de fiche ou de champ lisible.",
                seq
            ));
        };
        let Some(table) = TABLES.iter().find(|t| t.name == tbl) else {
            return Err(crate::t!(
                "table inconnue « {tbl} » (fiche {record}).",
                tbl = short(tbl),
                record = short(record)
            ));
        };
        let Some(f) = table.field(field) else {
            return Err(crate::t!(
                "champ inconnu « {field} » dans {tbl} (fiche {record}).",
                field = short(field),
                tbl,
                record = short(record)
            ));
        };
        let at = || {
            crate::t!(
                "valeur refusée pour {tbl}.{field} de la fiche {record}",
                tbl,
                field = f.name,
                record = short(record)
            )
        };
        if uuid::Uuid::parse_str(record).is_err() {
            return Err(crate::t!(
                "identifiant de fiche invalide « {record} » dans {tbl}.",
                record = short(record),
                tbl
            ));
        }
        let value = match r.get_ref(4).map_err(storage)? {
            rusqlite::types::ValueRef::Null => Value::Null,
            rusqlite::types::ValueRef::Integer(i) => Value::Int(i),
            rusqlite::types::ValueRef::Text(t) => match std::str::from_utf8(t) {
                Ok(s) => Value::Text(s.to_owned()),
                Err(_) => {
                    return Err(format!(
                        "{} : {}",
                        at(),
                        crate::i18n::tr("texte illisible (pas en UTF-8).")
                    ));
                }
            },
            rusqlite::types::ValueRef::Real(_) => {
                return Err(format!(
                    "{} : {}",
                    at(),
                    crate::i18n::tr("nombre décimal (les montants sont en centimes entiers).")
                ));
            }
            rusqlite::types::ValueRef::Blob(_) => {
                return Err(format!(
                    "{} : {}",
                    at(),
                    crate::i18n::tr("données binaires.")
                ));
            }
        };
        // A value cleared (a required field is never cleared by the write path; an optional
        // one is stored as nothing).
        if value == Value::Null && !f.required {
            continue;
        }
        match crate::domain::rules::check(table, f, value.clone(), reference) {
            Err(why) => return Err(crate::t!("{at} : {why}", at = at(), why)),
            // What a typed value would have lost of what can act on a screen (control
            // characters, escapes, direction overrides) was never written by comptoir: planted.
            // (Invisible spaces an earlier version kept are let through as they are.)
            Ok(clean) if clean != value && value.as_str().is_some_and(acts_on_a_screen) => {
                return Err(crate::t!(
                    "{at} : {why}",
                    at = at(),
                    why = crate::i18n::tr(
                        "caractères de contrôle ou espaces qu'une saisie n'aurait pas gardés."
                    )
                ));
            }
            Ok(_) => {}
        }
    }
    Ok(())
}

/// Whether `clock` is more than a day ahead of this laptop's wall clock. A laptop whose own
/// clock reads a date before 2020 (1970) cannot judge, and takes no honest laptop for one
/// ahead.
fn ahead_of(wall: i64, clock: i64) -> bool {
    wall >= super::clock::SANE_EPOCH_MS && super::millis(clock) > wall + 86_400_000
}

/// Whether a text holds a character that acts on a terminal or on how text reads.
fn acts_on_a_screen(text: &str) -> bool {
    text.chars().any(crate::domain::text::acts_on_a_screen)
}

/// The ids a file would add to the forget set: each a record id that no change of this base
/// or of the file gives to anything but a person, with a clock of a sane date.
fn check_forget_set(conn: &rusqlite::Connection, wall: i64) -> Result<(), String> {
    let storage = |e: rusqlite::Error| e.to_string();
    let mut stmt = conn
        .prepare(
            "SELECT f.id, f.clock,
                    coalesce((SELECT m.tbl FROM main.changes m WHERE m.record = f.id AND m.tbl != 'attendees' LIMIT 1),
                             (SELECT s.tbl FROM src.changes s WHERE s.record = f.id AND s.tbl != 'attendees' LIMIT 1))
             FROM src.forgotten f
             WHERE NOT EXISTS (SELECT 1 FROM main.forgotten m WHERE m.id = f.id)",
        )
        .map_err(storage)?;
    let mut rows = stmt.query([]).map_err(storage)?;
    while let Some(r) = rows.next().map_err(storage)? {
        let id: Option<String> = r.get(0).ok();
        let clock: Option<i64> = r.get(1).ok();
        let other: Option<String> = r.get(2).ok().flatten();
        let Some(id) = id.filter(|i| uuid::Uuid::parse_str(i).is_ok()) else {
            return Err(crate::i18n::tr(
                "la liste des personnes effacées contient un identifiant invalide.",
            )
            .into());
        };
        if let Some(tbl) = other {
            return Err(crate::t!(
                "la liste des personnes effacées contient {id}, qui n'est pas une personne ({tbl}).",
                id,
                tbl
            ));
        }
        if !clock.is_some_and(|c| c >= 0 && c <= super::clock::horizon(wall)) {
            return Err(crate::t!(
                "l'effacement de {id} porte une date impossible.",
                id
            ));
        }
    }
    Ok(())
}

/// Deletes every change, derived row and conflict of a forgotten id; returns the changes deleted.
/// A person merged into a forgotten one is forgotten with her (her record holds the same
/// person's data).
fn erase_forgotten(conn: &rusqlite::Connection) -> rusqlite::Result<usize> {
    // Nobody erased (most bases): nothing to look for, in any table.
    let none: bool = conn
        .prepare_cached("SELECT NOT EXISTS (SELECT 1 FROM forgotten)")?
        .query_row([], |r| r.get(0))?;
    if none {
        return Ok(0);
    }
    loop {
        let added = conn.execute(
            "INSERT OR IGNORE INTO forgotten (id, clock)
             SELECT a.id, f.clock FROM attendees a JOIN forgotten f ON f.id = a.merged_into
             WHERE a.id NOT IN (SELECT id FROM forgotten)",
            [],
        )?;
        if added == 0 {
            break;
        }
    }
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
    )?;
    // A laptop's base writes through its WAL: the pages the erased were on are copied back and
    // the log emptied to nothing, even while the interface has the base open (it holds no read
    // open between two screens). A shared file has no WAL: this does nothing there.
    let _busy: i64 = conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |r| r.get(0))?;
    Ok(())
}

/// How a site is named to people: its device's label, else the start of its id.
pub(crate) fn device_name(conn: &rusqlite::Connection, site: &[u8]) -> String {
    Site::from_bytes(site)
        .map(|s| device_label(conn, &s).unwrap_or_else(|| s.short()))
        .unwrap_or_default()
}

/// The name of a site's device for a message about a file being merged (`src`): as this base
/// knows it, else as the file's own changes give it (its derived rows are never trusted).
fn source_device_name(conn: &rusqlite::Connection, site: &[u8]) -> String {
    let Some(s) = Site::from_bytes(site) else {
        return String::new();
    };
    device_label(conn, &s)
        .or_else(|| {
            conn.query_row(
                "SELECT value FROM src.changes
                 WHERE record = ?1 AND field = 'label' AND tbl = ?2 AND typeof(value) = 'text'
                 ORDER BY clock DESC LIMIT 1",
                params![s.device_id(), model::DEVICES.name],
                |r| r.get::<_, String>(0),
            )
            .optional()
            .ok()
            .flatten()
            .map(|l| crate::domain::text::printable(&l))
        })
        .unwrap_or_else(|| s.short())
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
    // Names from a file: never an escape sequence on the terminal that prints them.
    .map(|l| crate::domain::text::printable(&l))
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
        let mut store = Store::open_shared(path, reference, super::system_wall_clock(), None)?;
        let tx = store.conn.transaction()?;
        for c in changes {
            let site = (0..c.site.len())
                .step_by(2)
                .map(|i| u8::from_str_radix(c.site.get(i..i + 2).unwrap_or("zz"), 16))
                .collect::<Result<Vec<u8>, _>>()
                .map_err(|_| anyhow!(crate::t!("site illisible « {site} »", site = c.site)))?;
            // Tables and fields are checked by the merge, which names the record.
            if Site::from_bytes(&site).is_none() {
                anyhow::bail!(crate::t!(
                    "modification illisible : {field} de {site}",
                    field = format!("{}.{}", c.table, c.field),
                    site = c.site
                ));
            }
            let refused = |why: &str| {
                anyhow!(crate::t!(
                    "valeur refusée pour {field} de la fiche {record} : {why}",
                    field = format!("{}.{}", c.table, c.field),
                    record = c.record,
                    why
                ))
            };
            // A number is a whole one (cents, counts, yes/no): a decimal or one too large is
            // refused, never read as 0.
            let value = match &c.value {
                serde_json::Value::Null => Value::Null,
                serde_json::Value::Number(n) => Value::Int(
                    n.as_i64()
                        .ok_or_else(|| refused(crate::i18n::tr("nombre décimal ou trop grand.")))?,
                ),
                serde_json::Value::String(s) => Value::Text(s.clone()),
                _ => return Err(refused(crate::i18n::tr("valeur d'un type inattendu."))),
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

#[cfg(test)]
mod uri_tests {
    use super::read_only_uri;
    use std::path::Path;

    #[test]
    fn a_path_is_never_read_as_a_host() {
        assert_eq!(
            read_only_uri(Path::new("/tmp/clé.sqlite")),
            "file:///tmp/cl%C3%A9.sqlite?mode=ro"
        );
        // A network share written with forward slashes, on Windows.
        assert_eq!(
            read_only_uri(Path::new("//serveur/partage/centrale.sqlite")),
            "file:////serveur/partage/centrale.sqlite?mode=ro"
        );
        assert_eq!(
            read_only_uri(Path::new(r"\\serveur\partage\x.sqlite")),
            "file:%5C%5Cserveur%5Cpartage%5Cx.sqlite?mode=ro"
        );
    }
}
