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
use crate::domain::reference::Reference;

/// The ideas a changed record bears on.
pub fn ideas_of(conn: &Connection, table: &str, id: &str) -> rusqlite::Result<Vec<String>> {
    let sql = match table {
        "ideas" => return Ok(vec![id.to_string()]),
        "holders" | "budget_lines" | "criterion_checks" | "reviews" => {
            format!("SELECT idea FROM {table} WHERE id = ?1 AND idea IS NOT NULL")
        }
        "attendees" => "SELECT idea FROM holders WHERE attendee = ?1".to_string(),
        "attendance" => {
            "SELECT h.idea FROM attendance a JOIN holders h ON h.attendee = a.attendee WHERE a.id = ?1".to_string()
        }
        _ => return Ok(Vec::new()),
    };
    let mut stmt = conn.prepare_cached(&sql)?;
    stmt.query_map([id], |r| r.get(0))?.collect()
}

/// Judges these ideas again and stores their levels.
pub fn refresh(conn: &Connection, reference: &Reference, ideas: &[String]) -> anyhow::Result<()> {
    let mut seen = std::collections::BTreeSet::new();
    for idea in ideas {
        if !seen.insert(idea) {
            continue;
        }
        let facts = super::queries::facts_on(conn, idea)?;
        let level = maturity::level(&maturity::evaluate(&facts, reference), facts.recommended);
        conn.prepare_cached(
            "INSERT INTO idea_levels (idea, level) VALUES (?1, ?2)
             ON CONFLICT (idea) DO UPDATE SET level = excluded.level",
        )?
        .execute(params![idea, level as i64])?;
    }
    Ok(())
}

/// Every idea judged again (after a rebuild, or when the reference data changed).
pub fn refresh_all(conn: &Connection, reference: &Reference) -> anyhow::Result<()> {
    conn.execute("DELETE FROM idea_levels", [])?;
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
    h.update(b"levels, people text: 1;");
    for c in &reference.criteria {
        h.update(format!("{}|{:?}|{:?};", c.code, c.mode, c.regle).as_bytes());
    }
    let c = &reference.campaign;
    h.update(
        format!(
            "{}|{}|{}",
            c.montant_min_centimes, c.montant_max_centimes, c.age_minimum
        )
        .as_bytes(),
    );
    h.finalize()
        .iter()
        .take(8)
        .map(|b| format!("{b:02x}"))
        .collect()
}
