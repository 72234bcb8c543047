//! What the merge benchmarks (`benches/comptoir.rs`, `examples/merge_files.rs`) share: the 8
//! laptops' files and the plain SQLite copy the merge is measured against.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use comptoir::store::Store;

/// 8 shared files in `dir`, each a laptop's demo of `per_file` ideas (seeds 0 to 7), built as a
/// laptop does (WAL), then published as a shared file is. A file already there is kept.
pub fn shared_files(per_file: usize, dir: &Path) -> Vec<PathBuf> {
    let reference = Arc::new(comptoir::paths::builtin_reference());
    (0..8)
        .map(|i| {
            let path = dir.join(format!("portable-{per_file}-{i}.sqlite"));
            if !path.exists() {
                let laptop = dir.join(format!("laptop-{per_file}-{i}.sqlite"));
                let _ = std::fs::remove_file(&laptop);
                let mut s = Store::open(&laptop, reference.clone()).unwrap();
                comptoir::demo::build(&mut s, per_file, i as u64).unwrap();
                s.backup_to(&path).unwrap();
            }
            path
        })
        .collect()
}

/// The passphrase of the encrypted files of the benchmarks.
pub fn phrase() -> comptoir::store::Phrase {
    comptoir::store::Phrase::new("phrase secrète du banc d'essai").unwrap()
}

/// The same 8 shared files encrypted with [`phrase`], as a sync publishes them (a new
/// encrypted file that takes the laptop's changes). A file already there is kept.
pub fn encrypted_files(plain: &[PathBuf], dir: &Path) -> Vec<PathBuf> {
    let reference = Arc::new(comptoir::paths::builtin_reference());
    plain
        .iter()
        .map(|p| {
            let name = p.file_name().unwrap().to_string_lossy();
            let path = dir.join(format!("chiffre-{name}"));
            if !path.exists() {
                let mut s = Store::open_shared(
                    &path,
                    reference.clone(),
                    comptoir::store::system_wall_clock(),
                    Some(&phrase()),
                )
                .unwrap();
                s.merge_from(p).unwrap();
            }
            path
        })
        .collect()
}

/// The plain SQLite copy of the same rows: ATTACH and INSERT … SELECT of the changes and of
/// every table, into an empty base of the same schema (`template`, copied to `into`). With a
/// `phrase`, the files are read and `into` is written encrypted with it, as SQLCipher is given
/// a passphrase (the template is then encrypted with it too).
pub fn plain_copy(files: &[PathBuf], template: &Path, into: &Path, phrase: Option<&str>) {
    std::fs::copy(template, into).unwrap();
    let conn = rusqlite::Connection::open(into).unwrap();
    if let Some(phrase) = phrase {
        conn.pragma_update(None, "key", phrase).unwrap();
    }
    for f in files {
        conn.execute(
            "ATTACH DATABASE ?1 AS src KEY ?2",
            [f.to_str().unwrap(), phrase.unwrap_or("")],
        )
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
