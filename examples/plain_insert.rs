//! The floor a bulk write (`comptoir demo`, `comptoir import`) is measured against: the same
//! rows written the plainest way. Into a new base of comptoir's schema (WAL, as a laptop's
//! base), in one transaction, one prepared `INSERT` per row, every row of the change log and
//! of the record tables that `SOURCE` (a base the command made) holds. What the command makes
//! besides (the people's search indexes, the ideas' levels) is left out: the floor is the
//! rows themselves.
//!
//!     cargo run --release --example plain_insert -- SOURCE.sqlite OUT.sqlite
//!
//! `scripts/bench-commands.sh` times it as a whole process, in turns with the command.

use std::path::PathBuf;
use std::sync::Arc;

fn main() {
    let mut args = std::env::args().skip(1);
    let source = PathBuf::from(args.next().expect("a source base"));
    let out = PathBuf::from(args.next().expect("the base to write"));
    for suffix in ["", "-wal", "-shm"] {
        let mut p = out.clone().into_os_string();
        p.push(suffix);
        let _ = std::fs::remove_file(PathBuf::from(p));
    }
    // The schema, as comptoir makes it (its indexes and triggers included).
    let reference = Arc::new(comptoir::paths::builtin_reference());
    drop(comptoir::store::Store::open(&out, reference).expect("a new base"));
    let mut conn = rusqlite::Connection::open(&out).unwrap();
    conn.pragma_update(None, "journal_mode", "WAL").unwrap();
    conn.pragma_update(None, "synchronous", "NORMAL").unwrap();
    conn.execute_batch("DELETE FROM changes; DELETE FROM sites;")
        .unwrap();
    for t in comptoir::domain::model::TABLES {
        conn.execute(&format!("DELETE FROM {}", t.name), [])
            .unwrap();
    }
    let src =
        rusqlite::Connection::open_with_flags(&source, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
            .unwrap();
    let tables: Vec<&str> = std::iter::once("changes")
        .chain(comptoir::domain::model::TABLES.iter().map(|t| t.name))
        .collect();
    let tx = conn.transaction().unwrap();
    let mut rows = 0usize;
    for table in tables {
        let mut read = src.prepare(&format!("SELECT * FROM {table}")).unwrap();
        let n = read.column_count();
        let marks: Vec<String> = (1..=n).map(|i| format!("?{i}")).collect();
        let mut insert = tx
            .prepare(&format!(
                "INSERT INTO {table} VALUES ({})",
                marks.join(", ")
            ))
            .unwrap();
        let mut found = read.query([]).unwrap();
        while let Some(row) = found.next().unwrap() {
            let values: Vec<rusqlite::types::Value> = (0..n).map(|i| row.get(i).unwrap()).collect();
            insert
                .execute(rusqlite::params_from_iter(values.iter()))
                .unwrap();
            rows += 1;
        }
    }
    tx.commit().unwrap();
    eprintln!("{rows} rows");
}
