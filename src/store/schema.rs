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
    // 6: counts and totals kept as rows change, so that start-up and the Accueil read a few
    // rows whatever the size of the base (SQL triggers: every path that writes derived rows,
    // the write path, the merge, the rebuild and the erasure, keeps them without knowing);
    // people found through a trigram index instead of reading every person's text.
    r#"
    ALTER TABLE idea_levels ADD COLUMN requested INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE idea_levels ADD COLUMN archived INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE idea_levels ADD COLUMN commune TEXT NOT NULL DEFAULT '';
    CREATE TABLE idea_totals (
        commune   TEXT NOT NULL,
        level     INTEGER NOT NULL,
        ideas     INTEGER NOT NULL,
        requested INTEGER NOT NULL,
        PRIMARY KEY (commune, level)
    ) WITHOUT ROWID;
    CREATE TRIGGER idea_totals_insert AFTER INSERT ON idea_levels WHEN NEW.archived = 0 BEGIN
        INSERT INTO idea_totals (commune, level, ideas, requested)
            VALUES (NEW.commune, NEW.level, 1, NEW.requested)
            ON CONFLICT (commune, level) DO UPDATE
            SET ideas = ideas + 1, requested = requested + excluded.requested;
    END;
    CREATE TRIGGER idea_totals_delete AFTER DELETE ON idea_levels WHEN OLD.archived = 0 BEGIN
        UPDATE idea_totals SET ideas = ideas - 1, requested = requested - OLD.requested
            WHERE commune = OLD.commune AND level = OLD.level;
    END;
    CREATE TRIGGER idea_totals_update_old AFTER UPDATE ON idea_levels WHEN OLD.archived = 0 BEGIN
        UPDATE idea_totals SET ideas = ideas - 1, requested = requested - OLD.requested
            WHERE commune = OLD.commune AND level = OLD.level;
    END;
    CREATE TRIGGER idea_totals_update_new AFTER UPDATE ON idea_levels WHEN NEW.archived = 0 BEGIN
        INSERT INTO idea_totals (commune, level, ideas, requested)
            VALUES (NEW.commune, NEW.level, 1, NEW.requested)
            ON CONFLICT (commune, level) DO UPDATE
            SET ideas = ideas + 1, requested = requested + excluded.requested;
    END;
    -- Filled again from the ideas when the base is opened (the levels fingerprint changed).
    DELETE FROM idea_levels;

    CREATE TABLE tallies (name TEXT PRIMARY KEY, n INTEGER NOT NULL) WITHOUT ROWID;
    INSERT INTO tallies (name, n) VALUES
        ('workshops', (SELECT count(*) FROM workshops WHERE deleted IS NOT 1)),
        ('attendees', (SELECT count(*) FROM attendees WHERE merged_into IS NULL)),
        ('budget_lines', (SELECT count(*) FROM budget_lines WHERE removed IS NOT 1));
    CREATE TRIGGER workshops_tally_insert AFTER INSERT ON workshops WHEN NEW.deleted IS NOT 1 BEGIN
        UPDATE tallies SET n = n + 1 WHERE name = 'workshops'; END;
    CREATE TRIGGER workshops_tally_delete AFTER DELETE ON workshops WHEN OLD.deleted IS NOT 1 BEGIN
        UPDATE tallies SET n = n - 1 WHERE name = 'workshops'; END;
    CREATE TRIGGER workshops_tally_update AFTER UPDATE ON workshops BEGIN
        UPDATE tallies SET n = n - (OLD.deleted IS NOT 1) + (NEW.deleted IS NOT 1) WHERE name = 'workshops'; END;
    CREATE TRIGGER attendees_tally_insert AFTER INSERT ON attendees WHEN NEW.merged_into IS NULL BEGIN
        UPDATE tallies SET n = n + 1 WHERE name = 'attendees'; END;
    CREATE TRIGGER attendees_tally_delete AFTER DELETE ON attendees WHEN OLD.merged_into IS NULL BEGIN
        UPDATE tallies SET n = n - 1 WHERE name = 'attendees'; END;
    CREATE TRIGGER attendees_tally_update AFTER UPDATE ON attendees BEGIN
        UPDATE tallies SET n = n - (OLD.merged_into IS NULL) + (NEW.merged_into IS NULL) WHERE name = 'attendees'; END;
    CREATE TRIGGER budget_lines_tally_insert AFTER INSERT ON budget_lines WHEN NEW.removed IS NOT 1 BEGIN
        UPDATE tallies SET n = n + 1 WHERE name = 'budget_lines'; END;
    CREATE TRIGGER budget_lines_tally_delete AFTER DELETE ON budget_lines WHEN OLD.removed IS NOT 1 BEGIN
        UPDATE tallies SET n = n - 1 WHERE name = 'budget_lines'; END;
    CREATE TRIGGER budget_lines_tally_update AFTER UPDATE ON budget_lines BEGIN
        UPDATE tallies SET n = n - (OLD.removed IS NOT 1) + (NEW.removed IS NOT 1) WHERE name = 'budget_lines'; END;

    DROP TABLE people_text;
    CREATE TABLE people_text (n INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, text TEXT NOT NULL);
    CREATE VIRTUAL TABLE people_fts USING fts5(
        text, content = 'people_text', content_rowid = 'n', tokenize = 'trigram');
    CREATE TRIGGER people_fts_insert AFTER INSERT ON people_text BEGIN
        INSERT INTO people_fts (rowid, text) VALUES (NEW.n, NEW.text);
    END;
    CREATE TRIGGER people_fts_delete AFTER DELETE ON people_text BEGIN
        INSERT INTO people_fts (people_fts, rowid, text) VALUES ('delete', OLD.n, OLD.text);
    END;
    "#,
    // 7: the workshops list in its own order, read from an index instead of sorted whole.
    r#"
    CREATE INDEX workshops_by_order ON workshops (date DESC, created DESC, id);
    "#,
    // 8: the searchable texts in order (they begin with the folded last and first names): the
    // people whose name starts with one or two letters, read as a range.
    r#"
    CREATE INDEX people_text_by_text ON people_text (text);
    "#,
    // 9: one or two letters find the people with a word starting so (first name as well as
    // last name), through an index of words with prefixes, kept beside the trigram one.
    r#"
    DROP INDEX people_text_by_text;
    CREATE VIRTUAL TABLE people_words USING fts5(
        text, content = 'people_text', content_rowid = 'n', prefix = '1 2');
    DROP TRIGGER people_fts_insert;
    DROP TRIGGER people_fts_delete;
    CREATE TRIGGER people_fts_insert AFTER INSERT ON people_text BEGIN
        INSERT INTO people_fts (rowid, text) VALUES (NEW.n, NEW.text);
        INSERT INTO people_words (rowid, text) VALUES (NEW.n, NEW.text);
    END;
    CREATE TRIGGER people_fts_delete AFTER DELETE ON people_text BEGIN
        INSERT INTO people_fts (people_fts, rowid, text) VALUES ('delete', OLD.n, OLD.text);
        INSERT INTO people_words (people_words, rowid, text) VALUES ('delete', OLD.n, OLD.text);
    END;
    INSERT INTO people_words (people_words) VALUES ('rebuild');
    "#,
    // 10: each person's row as the list shows it, beside their searchable text and in the
    // same order (by name): a search's screen is read from the index and this table alone.
    // Filled when the base is opened (the levels' fingerprint changed with it).
    r#"
    ALTER TABLE people_text ADD COLUMN first_name;
    ALTER TABLE people_text ADD COLUMN last_name;
    ALTER TABLE people_text ADD COLUMN age_bracket;
    ALTER TABLE people_text ADD COLUMN commune;
    ALTER TABLE people_text ADD COLUMN structure;
    ALTER TABLE people_text ADD COLUMN workshops INTEGER NOT NULL DEFAULT 0;
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
        bail!(crate::t!(
            "Ce fichier a été écrit par une version plus récente de comptoir (schéma {current}, \
             celle-ci connaît le schéma {latest}) : mettez comptoir à jour.",
            current,
            latest = LATEST
        ));
    }
    if current == 0 {
        let tables: i64 = conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get(0))?;
        if tables > 0 {
            bail!(crate::i18n::tr(
                "Ce fichier SQLite n'est pas une base comptoir."
            ));
        }
    }
    if current > 0 {
        let app: i64 = conn.query_row("PRAGMA application_id", [], |r| r.get(0))?;
        if app != APPLICATION_ID {
            bail!(crate::i18n::tr(
                "Ce fichier SQLite n'est pas une base comptoir."
            ));
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
