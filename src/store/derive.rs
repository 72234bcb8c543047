//! The derived tables: for each field, the value of its winning change.
//!
//! The winner of a field is the change with the greatest `(clock, site)`, except for set-once
//! fields (`deleted`), where any 1 wins: [`winner_order`] says it once, for the rebuild, the
//! merge and the conflicts.

use std::collections::BTreeMap;

use anyhow::Result;
use rusqlite::types::{ToSqlOutput, Value as SqlValue, ValueRef};
use rusqlite::{Connection, OptionalExtension, params};

use crate::domain::model::{Kind, TABLES, Table, Value};

pub fn to_sql(v: &Value) -> SqlValue {
    match v {
        Value::Null => SqlValue::Null,
        Value::Int(i) => SqlValue::Integer(*i),
        Value::Text(s) => SqlValue::Text(s.clone()),
    }
}

pub fn from_sql(v: ValueRef<'_>) -> Value {
    match v {
        ValueRef::Null => Value::Null,
        ValueRef::Integer(i) => Value::Int(i),
        ValueRef::Real(f) => Value::Int(f as i64),
        ValueRef::Text(t) => Value::Text(String::from_utf8_lossy(t).into_owned()),
        ValueRef::Blob(b) => Value::Text(String::from_utf8_lossy(b).into_owned()),
    }
}

impl rusqlite::ToSql for Value {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(match self {
            Value::Null => ToSqlOutput::Owned(SqlValue::Null),
            Value::Int(i) => ToSqlOutput::Owned(SqlValue::Integer(*i)),
            Value::Text(s) => ToSqlOutput::Borrowed(ValueRef::Text(s.as_bytes())),
        })
    }
}

/// `ORDER BY` of the changes of one field, winner first: greatest `(clock, site)`, except for
/// set-once fields, where any 1 wins. The rebuild, the merge and the conflicts all use it.
pub fn winner_order(kind: Kind) -> &'static str {
    if kind == Kind::SetOnce {
        "coalesce(value, 0) DESC, clock DESC, site DESC"
    } else {
        "clock DESC, site DESC"
    }
}

/// The current row of a record, by field name; `None` when the record does not exist here.
pub fn read_row(
    conn: &Connection,
    table: &Table,
    id: &str,
) -> rusqlite::Result<Option<BTreeMap<&'static str, Value>>> {
    let columns: Vec<&str> = table.fields.iter().map(|f| f.name).collect();
    let sql = format!(
        "SELECT {} FROM {} WHERE id = ?1",
        columns.join(", "),
        table.name
    );
    conn.query_row(&sql, [id], |r| {
        let mut row = BTreeMap::new();
        for (i, f) in table.fields.iter().enumerate() {
            row.insert(f.name, from_sql(r.get_ref(i)?));
        }
        Ok(row)
    })
    .optional()
}

/// Sets one field of a derived row, creating the row if needed, and widens its
/// `created`/`updated` span to include `clock`.
pub fn set_field(
    conn: &Connection,
    table: &Table,
    id: &str,
    field: &str,
    value: &Value,
    clock: i64,
) -> rusqlite::Result<()> {
    conn.execute(
        &format!(
            "INSERT INTO {t} (id, created, updated, {field}) VALUES (?1, ?2, ?2, ?3)
             ON CONFLICT (id) DO UPDATE SET {field} = excluded.{field},
                 created = min(created, excluded.created), updated = max(updated, excluded.updated)",
            t = table.name
        ),
        params![id, clock, value],
    )?;
    Ok(())
}

/// The temporary table of the fields a merge or a rebuild touched, keyed by table and field
/// first: the refresh reads it one field at a time, and must not scan it whole each time.
pub fn start_touched(conn: &Connection) -> rusqlite::Result<()> {
    conn.execute_batch(
        "DROP TABLE IF EXISTS temp.touched;
         CREATE TEMP TABLE touched (
             tbl TEXT NOT NULL, record TEXT NOT NULL, field TEXT NOT NULL,
             PRIMARY KEY (tbl, field, record)) WITHOUT ROWID;
         DROP TABLE IF EXISTS temp.fresh;
         CREATE TEMP TABLE fresh (record TEXT PRIMARY KEY, tbl TEXT NOT NULL) WITHOUT ROWID;
",
    )
}

/// Recomputes, from the changes, every field listed in `temp.touched`: the derived rows (with
/// their `created`/`updated` span) and the open conflicts. Set-based, one statement per field.
pub fn refresh_touched(conn: &Connection) -> rusqlite::Result<()> {
    for table in TABLES {
        let t = table.name;
        conn.execute(
            &format!(
                "INSERT INTO {t} (id, created, updated)
                 SELECT c.record, min(c.clock), max(c.clock) FROM changes c
                 WHERE c.record IN (SELECT record FROM temp.touched WHERE tbl = ?1)
                 GROUP BY c.record
                 ON CONFLICT (id) DO UPDATE SET created = excluded.created, updated = excluded.updated"
            ),
            [t],
        )?;
        for field in table.fields {
            let f = field.name;
            let order = winner_order(field.kind);
            conn.execute(
                &format!(
                    "UPDATE {t} SET {f} = (SELECT value FROM changes c
                         WHERE c.record = {t}.id AND c.field = ?2 ORDER BY {order} LIMIT 1)
                     WHERE id IN (SELECT record FROM temp.touched WHERE tbl = ?1 AND field = ?2)"
                ),
                params![t, f],
            )?;
            // A conflict: a change from another site, newer than what the winner had seen,
            // with another value. CROSS JOIN keeps the touched fields as the outer loop:
            // otherwise SQLite may scan every change once per field.
            conn.execute(
                "DELETE FROM conflicts WHERE (record, field) IN
                     (SELECT record, field FROM temp.touched WHERE tbl = ?1 AND field = ?2)",
                params![t, f],
            )?;
            conn.execute(
                &format!(
                    "WITH w AS (
                         SELECT t.record, t.field,
                             (SELECT site FROM changes c WHERE c.record = t.record AND c.field = t.field
                              ORDER BY {order} LIMIT 1) AS site,
                             (SELECT seq FROM changes c WHERE c.record = t.record AND c.field = t.field
                              ORDER BY {order} LIMIT 1) AS seq
                         FROM temp.touched t WHERE t.tbl = ?1 AND t.field = ?2)
                     INSERT INTO conflicts (site, seq, record, field)
                     SELECT c.site, c.seq, c.record, c.field
                     FROM w CROSS JOIN changes win ON win.site = w.site AND win.seq = w.seq
                     CROSS JOIN changes c ON c.record = w.record AND c.field = w.field
                     WHERE c.site != win.site AND c.clock > win.seen AND c.value IS NOT win.value"
                ),
                params![t, f],
            )?;
        }
    }
    Ok(())
}

/// The derived rows and open conflicts of the records listed in `temp.fresh`, copied from the
/// attached source `src` instead of recomputed (they are kept out of `temp.touched`).
///
/// Sound because derived rows are a function of a record's changes alone: a record this base
/// held nothing of before the merge now holds exactly the source's changes of it (a record in
/// the forget set is never fresh). In a central merge almost every record is fresh, and a copy
/// is several times cheaper than finding each field's winner again.
pub fn copy_fresh(conn: &Connection) -> rusqlite::Result<()> {
    for table in TABLES {
        let mut columns = vec!["id", "created", "updated"];
        columns.extend(table.fields.iter().map(|f| f.name));
        let columns = columns.join(", ");
        conn.execute(
            &format!(
                "INSERT OR REPLACE INTO main.{t} ({columns}) SELECT {columns} FROM src.{t}
                 WHERE id IN (SELECT record FROM temp.fresh)",
                t = table.name
            ),
            [],
        )?;
    }
    conn.execute_batch(
        "INSERT OR IGNORE INTO main.conflicts (site, seq, record, field)
             SELECT site, seq, record, field FROM src.conflicts
             WHERE record IN (SELECT record FROM temp.fresh);
         DELETE FROM temp.fresh;",
    )
}

/// Empties the derived tables and fills them again from the changes.
pub fn rebuild(conn: &Connection) -> Result<()> {
    for table in TABLES {
        conn.execute(&format!("DELETE FROM {}", table.name), [])?;
    }
    conn.execute("DELETE FROM conflicts", [])?;
    start_touched(conn)?;
    conn.execute(
        "INSERT OR IGNORE INTO temp.touched (tbl, record, field)
         SELECT DISTINCT tbl, record, field FROM changes",
        [],
    )?;
    refresh_touched(conn)?;
    conn.execute("DELETE FROM temp.touched", [])?;
    Ok(())
}

/// Every derived row, ordered by table and id, `created` and `updated` included; the open
/// conflicts last.
pub fn dump(conn: &Connection) -> Result<Vec<(String, Vec<Value>)>> {
    let mut out = Vec::new();
    let mut stmt =
        conn.prepare("SELECT hex(site), seq, record, field FROM conflicts ORDER BY site, seq")?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        let values = (0..4)
            .map(|i| r.get_ref(i).map(from_sql))
            .collect::<rusqlite::Result<Vec<_>>>()?;
        out.push(("conflicts".to_string(), values));
    }
    for table in TABLES {
        let mut stmt = conn.prepare(&format!("SELECT * FROM {} ORDER BY id", table.name))?;
        let n = stmt.column_count();
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let values = (0..n)
                .map(|i| r.get_ref(i).map(from_sql))
                .collect::<rusqlite::Result<Vec<_>>>()?;
            out.push((table.name.to_string(), values));
        }
    }
    Ok(out)
}
