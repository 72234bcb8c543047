//! The site id: the name this database writes its changes under.
//!
//! Two laptops must never write under the same site id, or their `(site, seq)` would collide. A
//! file copied to another place or laptop, or restored over another file, is therefore given a
//! new id when it is opened: the table `local` remembers the path, host and inode the id was
//! made for, and a mismatch renews it (keeping the clock, which only grows).

use std::path::Path;

use anyhow::Result;
use rusqlite::{Connection, OptionalExtension, params};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Site([u8; 16]);

impl Site {
    pub fn random() -> Site {
        Site(*uuid::Uuid::new_v4().as_bytes())
    }
    pub fn from_bytes(bytes: &[u8]) -> Option<Site> {
        Some(Site(bytes.try_into().ok()?))
    }
    pub fn bytes(&self) -> &[u8] {
        &self.0
    }
    /// The device record of this site has the site id as its id.
    pub fn device_id(&self) -> String {
        uuid::Uuid::from_bytes(self.0).to_string()
    }
    /// Eight hex digits, for messages.
    pub fn short(&self) -> String {
        crate::domain::text::hex(&self.0[..4])
    }
}

/// Where a database file lives.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Place {
    pub path: String,
    pub host: String,
    pub inode: i64,
}

impl Place {
    pub fn of(path: &Path) -> Result<Place> {
        let canonical = std::fs::canonicalize(path)?;
        let host = hostname::get()
            .map(|h| h.to_string_lossy().into_owned())
            .unwrap_or_default();
        #[cfg(unix)]
        let inode = {
            use std::os::unix::fs::MetadataExt;
            std::fs::metadata(&canonical)?.ino() as i64
        };
        // Windows gives a file's index only through an API the standard library keeps unstable:
        // there a copy is told by its path and host, and a restored backup by the published
        // mark (`PublishedMark`).
        #[cfg(not(unix))]
        let inode = 0;
        Ok(Place {
            path: canonical.display().to_string(),
            host,
            inode,
        })
    }

    /// What a shared file records: it never matches a real place, so a shared file opened as
    /// someone's local database gets a site of its own.
    pub fn shared() -> Place {
        Place {
            path: "(fichier partagé)".into(),
            host: String::new(),
            inode: 0,
        }
    }

    pub fn memory() -> Place {
        Place {
            path: ":memory:".into(),
            host: String::new(),
            inode: 0,
        }
    }
}

/// A site id given up because the file moved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SiteRenewal {
    pub previous: Site,
    pub was: Place,
}

/// The site ids this base wrote under before (renewed since), as the `previous_sites` setting
/// keeps them: a shared folder still holds files this laptop published under them.
pub fn previous(conn: &Connection) -> Result<Vec<Site>> {
    let text: Option<String> = conn
        .query_row(
            "SELECT value FROM settings WHERE key = 'previous_sites'",
            [],
            |r| r.get(0),
        )
        .optional()?;
    Ok(text
        .unwrap_or_default()
        .split_whitespace()
        .filter_map(|id| uuid::Uuid::parse_str(id).ok())
        .filter_map(|u| Site::from_bytes(u.as_bytes()))
        .collect())
}

pub(super) fn remember_previous(conn: &Connection, site: Site) -> rusqlite::Result<()> {
    conn.execute(
        "INSERT INTO settings (key, value) VALUES ('previous_sites', ?1)
         ON CONFLICT (key) DO UPDATE SET value = value || ' ' || excluded.value",
        [site.device_id()],
    )?;
    Ok(())
}

/// Gives the file a new site id at `place` (the clock is kept: it only grows).
pub fn renew(conn: &mut Connection, place: &Place, previous: Site) -> Result<(Site, SiteRenewal)> {
    let fresh = Site::random();
    let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
    let was: Place = tx.query_row("SELECT path, host, inode FROM local", [], |r| {
        Ok(Place {
            path: r.get(0)?,
            host: r.get(1)?,
            inode: r.get(2)?,
        })
    })?;
    tx.execute(
        "UPDATE local SET site = ?1, path = ?2, host = ?3, inode = ?4",
        params![fresh.bytes(), place.path, place.host, place.inode],
    )?;
    remember_previous(&tx, previous)?;
    tx.commit()?;
    Ok((fresh, SiteRenewal { previous, was }))
}

/// The highest change number of a base's site that has left the laptop (published by a sync),
/// kept outside the base, in its backups folder: a backup copied back over the base is behind
/// it, and must not write its next changes under numbers already published.
pub struct PublishedMark;

impl PublishedMark {
    fn path(db: &Path) -> std::path::PathBuf {
        crate::paths::backup_dir(db).join("publie")
    }

    /// The mark of the base at `db`, if one was written.
    pub fn read(db: &Path) -> Option<(Site, i64)> {
        let text = std::fs::read_to_string(Self::path(db)).ok()?;
        let (mut site, mut seq) = (None, None);
        for line in text.lines() {
            match line.split_once('=') {
                Some(("site", v)) => site = uuid::Uuid::parse_str(v).ok(),
                Some(("seq", v)) => seq = v.parse().ok(),
                _ => {}
            }
        }
        Some((Site::from_bytes(site?.as_bytes())?, seq?))
    }

    /// Records that the changes of `site` up to `seq` have been published.
    pub fn write(db: &Path, site: Site, seq: i64) -> std::io::Result<()> {
        if Self::read(db).is_some_and(|(s, n)| s == site && n >= seq) {
            return Ok(());
        }
        let path = Self::path(db);
        // The backups' folder, owner-only, even when this note is the first thing in it (a
        // sync that only sends makes no backup).
        crate::paths::ensure_parent(&path).map_err(|e| std::io::Error::other(e.to_string()))?;
        let tmp = path.with_extension("tmp");
        let _ = std::fs::remove_file(&tmp);
        {
            use std::io::Write;
            let mut f = crate::paths::create_new_private(&tmp)?;
            write!(f, "site={}\nseq={seq}\n", site.device_id())?;
            f.sync_all()?;
        }
        std::fs::rename(&tmp, &path)
    }
}

/// Reads the site id, creating it for a new file or renewing it for a moved one (unless
/// `keep`, for shared files, whose site is never written under).
pub fn ensure(
    conn: &mut Connection,
    place: &Place,
    keep: bool,
) -> Result<(Site, Option<SiteRenewal>)> {
    let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
    let row: Option<(Vec<u8>, String, String, i64)> = tx
        .query_row("SELECT site, path, host, inode FROM local", [], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
        })
        .optional()?;
    let result = match row {
        None => {
            let site = Site::random();
            tx.execute(
                "INSERT INTO local (one, site, path, host, inode, clock) VALUES (1, ?1, ?2, ?3, ?4, ?5)",
                params![site.bytes(), place.path, place.host, place.inode, 0],
            )?;
            (site, None)
        }
        Some((bytes, path, host, inode)) => {
            let site = Site::from_bytes(&bytes).unwrap_or_else(Site::random);
            let was = Place { path, host, inode };
            if was == *place || keep {
                (site, None)
            } else {
                let fresh = Site::random();
                tx.execute(
                    "UPDATE local SET site = ?1, path = ?2, host = ?3, inode = ?4",
                    params![fresh.bytes(), place.path, place.host, place.inode],
                )?;
                remember_previous(&tx, site)?;
                (
                    fresh,
                    Some(SiteRenewal {
                        previous: site,
                        was,
                    }),
                )
            }
        }
    };
    tx.commit()?;
    Ok(result)
}
