//! The schema, created and upgraded by numbered migrations written by hand on
//! `PRAGMA user_version`. Migration N brings a file from version N-1 to N; each runs in the
//! transaction that also bumps the version, so a file is never half-upgraded.
//!
//! The derived tables mirror `domain::model`; a test checks that the columns here are exactly
//! the model's, so a field added to the model without a migration fails the suite.

use anyhow::{Result, bail};
use rusqlite::Connection;

/// Written in the file header, so `check` can tell a comptoir database from another SQLite file.
pub const APPLICATION_ID: i64 = 0x436f_6d70; // "Comp"

const MIGRATIONS: &[&str] = &[
    // 1: the change set, the clock and site, the forget set, and the derived tables.
    r#"
    CREATE TABLE local (
        one     INTEGER PRIMARY KEY CHECK (one = 1),
        site    BLOB NOT NULL,
        path    TEXT NOT NULL,
        host    TEXT NOT NULL,
        inode   INTEGER NOT NULL,
        clock   INTEGER NOT NULL
    );
    CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
    CREATE TABLE sites (
        site      BLOB PRIMARY KEY,
        max_seq   INTEGER NOT NULL,
        max_clock INTEGER NOT NULL
    ) WITHOUT ROWID;
    CREATE TABLE changes (
        site    BLOB NOT NULL,
        seq     INTEGER NOT NULL,
        clock   INTEGER NOT NULL,
        tbl     TEXT NOT NULL,
        record  TEXT NOT NULL,
        field   TEXT NOT NULL,
        value,
        seen    INTEGER NOT NULL,
        PRIMARY KEY (site, seq)
    ) WITHOUT ROWID;
    CREATE INDEX changes_by_field ON changes (record, field, clock, site);
    CREATE TABLE forgotten (id TEXT PRIMARY KEY, clock INTEGER NOT NULL) WITHOUT ROWID;

    CREATE TABLE devices (
        id TEXT PRIMARY KEY, created INTEGER NOT NULL, updated INTEGER NOT NULL,
        label, facilitator, territory
    );
    CREATE TABLE campaigns (
        id TEXT PRIMARY KEY, created INTEGER NOT NULL, updated INTEGER NOT NULL,
        year, envelope, min_amount, max_amount, min_age, votes
    );
    CREATE TABLE workshops (
        id TEXT PRIMARY KEY, created INTEGER NOT NULL, updated INTEGER NOT NULL,
        campaign, date, territory, commune, host, facilitators, theme, notes, deleted
    );
    CREATE INDEX workshops_by_date ON workshops (date);
    CREATE TABLE attendees (
        id TEXT PRIMARY KEY, created INTEGER NOT NULL, updated INTEGER NOT NULL,
        first_name, last_name, age_bracket, commune, email, phone, structure, role,
        consent, consent_date, parent_consent, online
    );
    CREATE INDEX attendees_by_name ON attendees (last_name, first_name);
    CREATE TABLE attendance (
        id TEXT PRIMARY KEY, created INTEGER NOT NULL, updated INTEGER NOT NULL,
        workshop, attendee, checked_in, removed
    );
    CREATE INDEX attendance_by_workshop ON attendance (workshop);
    CREATE INDEX attendance_by_attendee ON attendance (attendee);
    CREATE TABLE ideas (
        id TEXT PRIMARY KEY, created INTEGER NOT NULL, updated INTEGER NOT NULL,
        campaign, workshop, title, summary, description, themes, commune, target_public,
        legal_frame, referent, partners, next_steps, notes, archived
    );
    CREATE INDEX ideas_by_created ON ideas (created);
    CREATE INDEX ideas_by_workshop ON ideas (workshop);
    CREATE TABLE holders (
        id TEXT PRIMARY KEY, created INTEGER NOT NULL, updated INTEGER NOT NULL,
        idea, attendee, role, removed
    );
    CREATE INDEX holders_by_idea ON holders (idea);
    CREATE INDEX holders_by_attendee ON holders (attendee);
    CREATE TABLE budget_lines (
        id TEXT PRIMARY KEY, created INTEGER NOT NULL, updated INTEGER NOT NULL,
        idea, kind, nature, label, amount, source, removed
    );
    CREATE INDEX budget_lines_by_idea ON budget_lines (idea);
    CREATE TABLE criterion_checks (
        id TEXT PRIMARY KEY, created INTEGER NOT NULL, updated INTEGER NOT NULL,
        idea, criterion, met, comment
    );
    CREATE INDEX criterion_checks_by_idea ON criterion_checks (idea);
    CREATE TABLE reviews (
        id TEXT PRIMARY KEY, created INTEGER NOT NULL, updated INTEGER NOT NULL,
        idea, recommendation, comment, decision, decision_reason, decision_date
    );
    CREATE INDEX reviews_by_idea ON reviews (idea);
    "#,
    // 2: open conflicts (derived from the changes, like the entity tables) and this laptop's
    // sync history (local, never merged).
    r#"
    CREATE TABLE conflicts (
        site    BLOB NOT NULL,
        seq     INTEGER NOT NULL,
        record  TEXT NOT NULL,
        field   TEXT NOT NULL,
        PRIMARY KEY (site, seq)
    ) WITHOUT ROWID;
    CREATE INDEX conflicts_by_field ON conflicts (record, field);
    CREATE TABLE sync_log (
        at        INTEGER NOT NULL,
        target    TEXT NOT NULL,
        sent      INTEGER NOT NULL,
        received  INTEGER NOT NULL,
        conflicts INTEGER NOT NULL,
        outcome   TEXT NOT NULL
    );
    "#,
    // 3: a person found twice is merged into the one kept.
    r#"
    ALTER TABLE attendees ADD COLUMN merged_into;
    "#,
    // 4: each idea's maturity level, maintained (derived, like the entity tables).
    r#"
    CREATE TABLE idea_levels (idea TEXT PRIMARY KEY, level INTEGER NOT NULL) WITHOUT ROWID;
    CREATE INDEX idea_levels_by_level ON idea_levels (level, idea);
    "#,
    // 5: people found as you type: their folded names, e-mail, structure and commune, kept
    // with the records (derived); the list ordered by an index.
    r#"
    CREATE TABLE people_text (id TEXT PRIMARY KEY, text TEXT NOT NULL) WITHOUT ROWID;
    DROP INDEX attendees_by_name;
    CREATE INDEX attendees_by_name
        ON attendees (last_name COLLATE NOCASE, first_name COLLATE NOCASE, created, id);
    "#,
];

/// The schema version this program writes.
pub const LATEST: i64 = MIGRATIONS.len() as i64;

pub fn version(conn: &Connection) -> Result<i64> {
    Ok(conn.query_row("PRAGMA user_version", [], |r| r.get(0))?)
}

/// Brings the file to `LATEST`. A newer file is refused, untouched.
pub fn migrate(conn: &mut Connection) -> Result<()> {
    let current = version(conn)?;
    if current > LATEST {
        bail!(
            "Ce fichier a été écrit par une version plus récente de comptoir (schéma {current}, \
             celle-ci connaît le schéma {LATEST}) : mettez comptoir à jour."
        );
    }
    if current == 0 {
        let tables: i64 = conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get(0))?;
        if tables > 0 {
            bail!("Ce fichier SQLite n'est pas une base comptoir.");
        }
    }
    if current > 0 {
        let app: i64 = conn.query_row("PRAGMA application_id", [], |r| r.get(0))?;
        if app != APPLICATION_ID {
            bail!("Ce fichier SQLite n'est pas une base comptoir.");
        }
    }
    for (i, sql) in MIGRATIONS.iter().enumerate().skip(current as usize) {
        let tx = conn.transaction()?;
        tx.execute_batch(sql)?;
        tx.pragma_update(None, "user_version", i as i64 + 1)?;
        tx.pragma_update(None, "application_id", APPLICATION_ID)?;
        tx.commit()?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::model::TABLES;

    #[test]
    fn migrating_an_empty_file_gives_the_model() {
        let mut conn = Connection::open_in_memory().unwrap();
        migrate(&mut conn).unwrap();
        assert_eq!(version(&conn).unwrap(), LATEST);
        for table in TABLES {
            let mut stmt = conn
                .prepare(&format!(
                    "SELECT name FROM pragma_table_info('{}')",
                    table.name
                ))
                .unwrap();
            let columns: Vec<String> = stmt
                .query_map([], |r| r.get(0))
                .unwrap()
                .map(Result::unwrap)
                .collect();
            let mut expected = vec!["id".to_string(), "created".into(), "updated".into()];
            expected.extend(table.fields.iter().map(|f| f.name.to_string()));
            assert_eq!(columns, expected, "table {}", table.name);
        }
        // Migrating again is a no-op.
        migrate(&mut conn).unwrap();
        assert_eq!(version(&conn).unwrap(), LATEST);
    }

    #[test]
    fn a_newer_file_is_refused_untouched() {
        let mut conn = Connection::open_in_memory().unwrap();
        conn.pragma_update(None, "user_version", LATEST + 1)
            .unwrap();
        let err = migrate(&mut conn).unwrap_err().to_string();
        assert!(err.contains("plus récente"), "{err}");
        assert_eq!(version(&conn).unwrap(), LATEST + 1);
        let tables: i64 = conn
            .query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get(0))
            .unwrap();
        assert_eq!(tables, 0);
    }
}
