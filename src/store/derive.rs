//! The derived tables: for each field, the value of its winning change.
//!
//! The winner of a field is the change with the greatest `(clock, site)`, except for set-once
//! fields (`deleted`), where any 1 wins: [`WINNER_ORDER`] says it once, for the rebuild and for
//! the merge.

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

/// `ORDER BY` of the changes of one field, winner first. Set-once fields rank by value first.
pub fn winner_order() -> String {
    let set_once: Vec<String> = TABLES
        .iter()
        .flat_map(|t| {
            t.fields
                .iter()
                .filter(|f| f.kind == Kind::SetOnce)
                .map(move |f| format!("(tbl = '{}' AND field = '{}')", t.name, f.name))
        })
        .collect();
    let set_once = if set_once.is_empty() {
        "0".to_string()
    } else {
        set_once.join(" OR ")
    };
    format!("CASE WHEN {set_once} THEN coalesce(value, 0) ELSE 0 END DESC, clock DESC, site DESC")
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

/// Empties the derived tables and fills them again from the changes.
pub fn rebuild(conn: &Connection) -> Result<()> {
    for table in TABLES {
        conn.execute(&format!("DELETE FROM {}", table.name), [])?;
        conn.execute(
            &format!(
                "INSERT INTO {} (id, created, updated)
                 SELECT record, min(clock), max(clock) FROM changes WHERE tbl = ?1 GROUP BY record",
                table.name
            ),
            [table.name],
        )?;
    }
    let sql = format!(
        "SELECT tbl, record, field, value FROM (
             SELECT tbl, record, field, value,
                    row_number() OVER (PARTITION BY tbl, record, field ORDER BY {}) AS rank
             FROM changes)
         WHERE rank = 1",
        winner_order()
    );
    let mut stmt = conn.prepare(&sql)?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        let tbl: String = r.get(0)?;
        let record: String = r.get(1)?;
        let field: String = r.get(2)?;
        let Some(table) = TABLES.iter().find(|t| t.name == tbl) else {
            continue;
        };
        if table.field(&field).is_none() {
            continue;
        }
        conn.execute(
            &format!("UPDATE {} SET {} = ?1 WHERE id = ?2", table.name, field),
            params![from_sql(r.get_ref(3)?), record],
        )?;
    }
    Ok(())
}

/// Every derived row, ordered by table and id, `created` and `updated` included.
pub fn dump(conn: &Connection) -> Result<Vec<(String, Vec<Value>)>> {
    let mut out = Vec::new();
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
