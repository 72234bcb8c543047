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
    conn.prepare_cached(&sql)?
        .query_row([id], |r| {
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
    conn.prepare_cached(&format!(
        "INSERT INTO {t} (id, created, updated, {field}) VALUES (?1, ?2, ?2, ?3)
             ON CONFLICT (id) DO UPDATE SET {field} = excluded.{field},
                 created = min(created, excluded.created), updated = max(updated, excluded.updated)",
        t = table.name
    ))?
    .execute(params![id, clock, value])?;
    Ok(())
}

/// Writes the row of a new record with all its fields at once (one insert, one firing of the
/// table's triggers and indexes, where [`set_field`] would take one per field).
pub fn insert_row(
    conn: &Connection,
    table: &Table,
    id: &str,
    fields: &[(&str, &Value)],
    clock: i64,
) -> rusqlite::Result<()> {
    let names: Vec<&str> = fields.iter().map(|(name, _)| *name).collect();
    let holes: Vec<String> = (0..fields.len()).map(|i| format!("?{}", i + 3)).collect();
    let sql = format!(
        "INSERT INTO {t} (id, created, updated, {names}) VALUES (?1, ?2, ?2, {holes})",
        t = table.name,
        names = names.join(", "),
        holes = holes.join(", ")
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let mut params: Vec<&dyn rusqlite::ToSql> = vec![&id, &clock];
    params.extend(fields.iter().map(|(_, v)| *v as &dyn rusqlite::ToSql));
    stmt.execute(params.as_slice())?;
    Ok(())
}

/// The temporary table of the records a merge or a rebuild touched, keyed by table first: the
/// refresh reads it one table at a time.
pub fn start_touched(conn: &Connection) -> rusqlite::Result<()> {
    // Cached: every write starts with it.
    conn.prepare_cached(
        "CREATE TEMP TABLE IF NOT EXISTS touched (
             tbl TEXT NOT NULL, record TEXT NOT NULL, PRIMARY KEY (tbl, record)) WITHOUT ROWID",
    )?
    .execute([])?;
    conn.prepare_cached("DELETE FROM temp.touched")?
        .execute([])
        .map(|_| ())
}

/// Recomputes, from the changes, the records listed in `temp.touched`: their derived rows
/// (every field, with the `created`/`updated` span) and their open conflicts. The changes of
/// the touched records are read once, in index order, and each row written once; conflicts
/// are looked for only among records more than one laptop wrote (a record from one laptop
/// has none, ever). So a central merge, where most records are new and come from one laptop,
/// costs little more than copying its changes. Nothing is taken from a source's own derived
/// tables: a damaged file cannot put a row here that its changes do not give.
pub fn refresh_touched(conn: &Connection) -> rusqlite::Result<()> {
    conn.execute_batch(
        "CREATE TEMP TABLE IF NOT EXISTS shared_records (record TEXT PRIMARY KEY) WITHOUT ROWID;
         DELETE FROM temp.shared_records;",
    )?;
    let mut touched =
        conn.prepare_cached("SELECT EXISTS (SELECT 1 FROM temp.touched WHERE tbl = ?1)")?;
    for table in TABLES {
        // A table none of whose records was touched: no statement of its own to make.
        if touched.query_row([table.name], |r| r.get(0))? {
            write_rows(conn, table)?;
        }
    }
    conn.execute(
        "DELETE FROM conflicts WHERE record IN (SELECT record FROM temp.shared_records)",
        [],
    )?;
    let shared: bool = conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM temp.shared_records)",
        [],
        |r| r.get(0),
    )?;
    if !shared {
        return Ok(());
    }
    for table in TABLES {
        let t = table.name;
        for field in table.fields {
            let f = field.name;
            let order = winner_order(field.kind);
            // A conflict: a change from another site, newer than what the winner had seen,
            // with another value. CROSS JOIN keeps the touched records as the outer loop:
            // otherwise SQLite may scan every change once per field.
            conn.prepare_cached(&format!(
                "WITH w AS (
                         SELECT t.record, ?2 AS field,
                             (SELECT site FROM changes c WHERE c.record = t.record AND c.field = ?2
                              ORDER BY {order} LIMIT 1) AS site,
                             (SELECT seq FROM changes c WHERE c.record = t.record AND c.field = ?2
                              ORDER BY {order} LIMIT 1) AS seq
                         FROM temp.touched t
                         WHERE t.tbl = ?1 AND t.record IN (SELECT record FROM temp.shared_records))
                     INSERT INTO conflicts (site, seq, record, field)
                     SELECT c.site, c.seq, c.record, c.field
                     FROM w CROSS JOIN changes win ON win.site = w.site AND win.seq = w.seq
                     CROSS JOIN changes c ON c.record = w.record AND c.field = w.field
                     WHERE c.site != win.site AND c.clock > win.seen AND c.value IS NOT win.value"
            ))?
            .execute(params![t, f])?;
        }
    }
    Ok(())
}

/// A derived row being worked out from its record's changes.
struct Pending {
    id: String,
    created: i64,
    updated: i64,
    values: Vec<Value>,
    first_site: Vec<u8>,
    shared: bool,
}

/// The derived rows of the touched records of one table: their changes read in (record,
/// field, clock, site) order, so the last change of a field is its winner (for a set-once
/// field, any 1 wins: [`winner_order`] says the same for SQL).
fn write_rows(conn: &Connection, table: &'static Table) -> rusqlite::Result<()> {
    let columns: Vec<&str> = table.fields.iter().map(|f| f.name).collect();
    let marks: Vec<String> = (1..=columns.len() + 3).map(|i| format!("?{i}")).collect();
    let updates: Vec<String> = columns
        .iter()
        .map(|f| format!("{f} = excluded.{f}"))
        .collect();
    // The rows are staged, then written by one INSERT … SELECT: one statement (and one
    // statement journal) for the table, where an upsert a row journalled the pages it touched
    // row after row. It is emptied at the end, and a failed merge's rollback empties it too.
    conn.execute(
        &format!(
            "CREATE TEMP TABLE IF NOT EXISTS staged_{t} AS SELECT * FROM main.{t} WHERE false",
            t = table.name
        ),
        [],
    )?;
    let mut stage = conn.prepare_cached(&format!(
        "INSERT INTO temp.staged_{t} (id, created, updated, {columns}) VALUES ({marks})",
        t = table.name,
        columns = columns.join(", "),
        marks = marks.join(", "),
    ))?;
    let mut shared =
        conn.prepare_cached("INSERT OR IGNORE INTO temp.shared_records VALUES (?1)")?;
    let mut write = |row: Pending| -> rusqlite::Result<()> {
        let mut params: Vec<SqlValue> = vec![
            SqlValue::Text(row.id.clone()),
            SqlValue::Integer(row.created),
            SqlValue::Integer(row.updated),
        ];
        params.extend(row.values.iter().map(to_sql));
        stage.execute(rusqlite::params_from_iter(params))?;
        if row.shared {
            shared.execute([&row.id])?;
        }
        Ok(())
    };
    let mut read = conn.prepare_cached(
        "SELECT c.record, c.field, c.value, c.clock, c.site
         FROM temp.touched t CROSS JOIN changes c ON c.record = t.record
         WHERE t.tbl = ?1 ORDER BY t.record, c.field, c.clock, c.site",
    )?;
    let mut rows = read.query([table.name])?;
    let mut pending: Option<Pending> = None;
    while let Some(r) = rows.next()? {
        let record = r.get_ref(0)?.as_str()?;
        let clock: i64 = r.get(3)?;
        let site = r.get_ref(4)?.as_blob()?;
        if pending.as_ref().is_none_or(|p| p.id != record) {
            if let Some(done) = pending.take() {
                write(done)?;
            }
            pending = Some(Pending {
                id: record.to_string(),
                created: clock,
                updated: clock,
                values: vec![Value::Null; columns.len()],
                first_site: site.to_vec(),
                shared: false,
            });
        }
        let Some(p) = pending.as_mut() else { continue };
        p.created = p.created.min(clock);
        p.updated = p.updated.max(clock);
        p.shared |= p.first_site != site;
        let field = r.get_ref(1)?.as_str()?;
        let Some(i) = table.fields.iter().position(|f| f.name == field) else {
            continue;
        };
        let value = from_sql(r.get_ref(2)?);
        if table.fields[i].kind != Kind::SetOnce || p.values[i] != Value::Int(1) {
            p.values[i] = value;
        }
    }
    if let Some(done) = pending.take() {
        write(done)?;
    }
    conn.prepare_cached(&format!(
        "INSERT INTO main.{t} (id, created, updated, {columns})
         SELECT id, created, updated, {columns} FROM temp.staged_{t} WHERE true
         ON CONFLICT (id) DO UPDATE SET created = excluded.created, updated = excluded.updated,
             {updates}",
        t = table.name,
        columns = columns.join(", "),
        updates = updates.join(", "),
    ))?
    .execute([])?;
    conn.execute(&format!("DELETE FROM temp.staged_{}", table.name), [])?;
    Ok(())
}

/// What else follows from the records listed in `temp.touched`, once their rows are
/// up to date: the people's searchable text and the levels of the ideas they bear on. The
/// write path, the merge and the erasures all end with it.
pub fn refresh_dependents(
    conn: &Connection,
    reference: &crate::domain::reference::Reference,
) -> anyhow::Result<()> {
    super::people::refresh_touched_text(conn)?;
    let ideas = super::levels::touched_ideas(conn)?;
    super::levels::refresh(conn, reference, &ideas)
}

/// Empties the derived tables and fills them again from the changes.
pub fn rebuild(conn: &Connection) -> Result<()> {
    for table in TABLES {
        conn.execute(&format!("DELETE FROM {}", table.name), [])?;
    }
    conn.execute("DELETE FROM conflicts", [])?;
    start_touched(conn)?;
    conn.execute(
        "INSERT OR IGNORE INTO temp.touched (tbl, record) SELECT DISTINCT tbl, record FROM changes",
        [],
    )?;
    refresh_touched(conn)?;
    conn.execute("DELETE FROM temp.touched", [])?;
    Ok(())
}

/// Every derived row, ordered by table and id, `created` and `updated` included: the open
/// conflicts, the records' rows, then what follows from them (the ideas' levels, the people's
/// search rows, without their place in the index, which depends on who came first).
pub fn dump(conn: &Connection) -> Result<Vec<(String, Vec<Value>)>> {
    let mut queries = vec![(
        "conflicts".to_string(),
        "SELECT hex(site), seq, record, field FROM conflicts ORDER BY site, seq".to_string(),
    )];
    for table in TABLES {
        queries.push((
            table.name.to_string(),
            format!("SELECT * FROM {} ORDER BY id", table.name),
        ));
    }
    queries.push((
        "idea_levels".into(),
        "SELECT idea, level, requested, archived, commune FROM idea_levels ORDER BY idea".into(),
    ));
    queries.push((
        "people_text".into(),
        "SELECT id, text, first_name, last_name, age_bracket, commune, structure, workshops
         FROM people_text ORDER BY id"
            .into(),
    ));
    let mut out = Vec::new();
    for (name, sql) in queries {
        let mut stmt = conn.prepare(&sql)?;
        let n = stmt.column_count();
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let values = (0..n)
                .map(|i| r.get_ref(i).map(from_sql))
                .collect::<rusqlite::Result<Vec<_>>>()?;
            out.push((name.clone(), values));
        }
    }
    Ok(out)
}
