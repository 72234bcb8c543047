//! Each idea's maturity level, kept up to date as records change, so counting ideas per level
//! reads an index instead of judging every idea (start-up, Accueil, Maturité).
//!
//! A level depends on the idea, its holders (and their attendance), its budget lines, its
//! criterion checks and its review: every write and merge recomputes the ideas those records
//! belong to, in the same transaction. The levels also depend on the reference data (criteria,
//! campaign amounts): when those change, every level is recomputed when the base is opened.

use rusqlite::{Connection, params};
use sha2::{Digest, Sha256};

use crate::domain::maturity;
use crate::domain::reference::{CriterionMode, Reference};

/// The ideas the records listed in `temp.touched` bear on: an idea itself; the idea of a
/// holder, budget line, criterion check or review; the ideas a person holds; the ideas of the
/// person an attendance is of. One statement, whatever the number of records.
pub fn touched_ideas(conn: &Connection) -> rusqlite::Result<Vec<String>> {
    let mut stmt = conn.prepare_cached(
        "SELECT record FROM temp.touched WHERE tbl = 'ideas'
         UNION SELECT idea FROM holders
             WHERE id IN (SELECT record FROM temp.touched WHERE tbl = 'holders')
         UNION SELECT idea FROM budget_lines
             WHERE id IN (SELECT record FROM temp.touched WHERE tbl = 'budget_lines')
         UNION SELECT idea FROM criterion_checks
             WHERE id IN (SELECT record FROM temp.touched WHERE tbl = 'criterion_checks')
         UNION SELECT idea FROM reviews
             WHERE id IN (SELECT record FROM temp.touched WHERE tbl = 'reviews')
         UNION SELECT idea FROM holders
             WHERE attendee IN (SELECT record FROM temp.touched WHERE tbl = 'attendees')
         UNION SELECT h.idea FROM attendance a JOIN holders h ON h.attendee = a.attendee
             WHERE a.id IN (SELECT record FROM temp.touched WHERE tbl = 'attendance')",
    )?;
    let ideas = stmt.query_map([], |r| r.get::<_, Option<String>>(0))?;
    ideas.filter_map(|i| i.transpose()).collect()
}

/// Judges these ideas again and stores their levels; their facts are read a few thousand
/// ideas at a time (a merge brings tens of thousands).
pub fn refresh(conn: &Connection, reference: &Reference, ideas: &[String]) -> anyhow::Result<()> {
    let mut ideas = ideas.to_vec();
    ideas.sort();
    ideas.dedup();
    for chunk in ideas.chunks(4096) {
        let facts = super::queries::facts_of(conn, chunk)?;
        for idea in chunk {
            let facts = &facts[idea];
            store_level(
                conn,
                idea,
                maturity::level(&maturity::evaluate(facts, reference), facts.recommended),
            )?;
        }
    }
    Ok(())
}

/// Stores an idea's level, with what the maintained totals add up (schema 6): the amount
/// asked of the Budget citoyen, whether the idea is archived, its commune.
fn store_level(conn: &Connection, idea: &str, level: maturity::Level) -> anyhow::Result<()> {
    static SQL: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
        format!(
            "INSERT INTO idea_levels (idea, level, requested, archived, commune)
             SELECT i.id, ?2, max({requested}, 0), i.archived IS 1, coalesce(i.commune, '')
             FROM ideas i WHERE i.id = ?1
             ON CONFLICT (idea) DO UPDATE SET level = excluded.level,
                 requested = excluded.requested, archived = excluded.archived,
                 commune = excluded.commune",
            requested = super::queries::requested_sql()
        )
    });
    conn.prepare_cached(&SQL)?
        .execute(params![idea, level.code()])?;
    Ok(())
}

/// Every idea judged again (after a rebuild, or when the reference data changed).
pub fn refresh_all(conn: &Connection, reference: &Reference) -> anyhow::Result<()> {
    conn.execute_batch("DELETE FROM idea_levels; DELETE FROM idea_totals;")?;
    let ids: Vec<String> = conn
        .prepare("SELECT id FROM ideas")?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    refresh(conn, reference, &ids)
}

/// A fingerprint of what levels are judged by: the criteria and the campaign's amounts.
pub fn fingerprint(reference: &Reference) -> String {
    let mut h = Sha256::new();
    // What is derived at open: levels, and people's searchable text (schema 5).
    h.update(b"levels with totals, people text and rows in name order: 5;");
    for c in &reference.criteria {
        // The modes under the names this fingerprint has always hashed, so that a base made
        // before the names changed is not judged again for nothing.
        let mode = match c.mode {
            CriterionMode::Computed => "Calcule",
            CriterionMode::Facilitator => "Animateur",
        };
        h.update(format!("{}|{mode}|{:?};", c.code, c.rule).as_bytes());
    }
    let c = &reference.campaign;
    h.update(
        format!(
            "{}|{}|{}",
            c.min_amount_cents, c.max_amount_cents, c.min_age
        )
        .as_bytes(),
    );
    crate::domain::text::hex(&h.finalize()[..8])
}

/// Where the counts and totals kept by triggers (schema 6) differ from the same figures
/// computed from the records, in words; empty when they agree. For tests and `check`.
pub fn audit(conn: &Connection) -> anyhow::Result<Vec<String>> {
    let mut out = Vec::new();
    let one = |sql: &str| -> rusqlite::Result<i64> { conn.query_row(sql, [], |r| r.get(0)) };
    for (name, sql) in [
        (
            "workshops",
            "SELECT count(*) FROM workshops WHERE deleted IS NOT 1",
        ),
        (
            "attendees",
            "SELECT count(*) FROM attendees WHERE merged_into IS NULL",
        ),
        (
            "budget_lines",
            "SELECT count(*) FROM budget_lines WHERE removed IS NOT 1",
        ),
    ] {
        let kept = one(&format!("SELECT n FROM tallies WHERE name = '{name}'"))?;
        let counted = one(sql)?;
        if kept != counted {
            out.push(format!("{name}: {kept} kept, {counted} counted"));
        }
    }
    let by_key = |sql: &str| -> rusqlite::Result<Vec<(String, i64, i64, i64)>> {
        conn.prepare(sql)?
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?
            .collect()
    };
    let kept = by_key(
        "SELECT commune, level, ideas, requested FROM idea_totals WHERE ideas != 0 OR requested != 0
         ORDER BY commune, level",
    )?;
    let counted = by_key(&format!(
        "SELECT coalesce(i.commune, ''), l.level, count(*), sum(max({requested}, 0))
         FROM ideas i JOIN idea_levels l ON l.idea = i.id WHERE i.archived IS NOT 1
         GROUP BY 1, 2 ORDER BY 1, 2",
        requested = super::queries::requested_sql()
    ))?;
    if kept != counted {
        out.push(format!("idea totals: {kept:?} kept, {counted:?} counted"));
    }
    let ideas = one("SELECT count(*) FROM ideas")?;
    let levels = one("SELECT count(*) FROM idea_levels")?;
    if ideas != levels {
        out.push(format!("{ideas} ideas, {levels} levels"));
    }
    Ok(out)
}
