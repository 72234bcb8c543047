//! The yardstick of the merge benchmarks (`benches/comptoir.rs`, `examples/merge_files.rs`).

use std::path::{Path, PathBuf};

/// The plain SQLite copy of the same rows: ATTACH and INSERT … SELECT of the changes and of
/// every table, into an empty base of the same schema (`template`, copied to `into`).
pub fn plain_copy(files: &[PathBuf], template: &Path, into: &Path) {
    std::fs::copy(template, into).unwrap();
    let conn = rusqlite::Connection::open(into).unwrap();
    for f in files {
        conn.execute("ATTACH DATABASE ?1 AS src", [f.to_str().unwrap()])
            .unwrap();
        let mut sql = String::from("BEGIN; INSERT INTO changes SELECT * FROM src.changes;");
        for t in comptoir::domain::model::TABLES {
            sql.push_str(&format!(
                "INSERT OR REPLACE INTO {0} SELECT * FROM src.{0};",
                t.name
            ));
        }
        sql.push_str("COMMIT;");
        conn.execute_batch(&sql).unwrap();
        conn.execute("DETACH DATABASE src", []).unwrap();
    }
}
